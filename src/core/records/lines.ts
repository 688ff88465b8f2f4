// How each kind of record reads as one line, wherever it is listed: lists, mine, recap, home.
import type { BlockerRow } from '../../db/blockers.js';
import type { CommitmentRow } from '../../db/commitments.js';
import type { DecisionRow } from '../../db/decisions.js';
import type { MemberRow } from '../../db/members.js';
import type { UpdateRow } from '../../db/updates.js';
import { daysUntil, formatDay, formatInstant } from '../language/dates.js';
import { ID_PREFIX } from '../language/limits.js';
import { type Line, type Span, bold, italic, line, link, strike } from '../message.js';

export const ref = (kind: keyof typeof ID_PREFIX, seq: number): string => `${ID_PREFIX[kind]}-${seq}`;

/** Members by id, for names. */
export type Roster = Map<number, MemberRow>;

function who(roster: Roster, id: number | null): string {
  if (id === null) return 'nobody yet';
  return roster.get(id)?.name ?? 'someone who left';
}

const goalTag = (goalSeq: number | null): string | null => (goalSeq ? ` #G-${goalSeq}` : null);

/** "due Fri, Nov 27", "overdue since Tue, Nov 24", or "no date yet". */
export function dueSpan(c: { dueDate: string | null; dueTz: string | null; dueAt: number | null; status?: string }, now: number): Span {
  if (!c.dueDate || !c.dueTz) return italic('no date yet');
  const day = formatDay(c.dueDate, now, c.dueTz);
  if (c.status && c.status !== 'open') return { text: `due ${day}` };
  if (c.dueAt !== null && c.dueAt < now) {
    const late = -daysUntil(c.dueDate, now, c.dueTz);
    return bold(`overdue${late > 0 ? ` ${late} day${late === 1 ? '' : 's'}` : ''} (was due ${day})`);
  }
  const n = daysUntil(c.dueDate, now, c.dueTz);
  return { text: `due ${day}${n === 0 ? ' (today)' : n === 1 ? ' (tomorrow)' : ''}` };
}

export function commitmentLine(c: CommitmentRow, roster: Roster, now: number, opts: { owner?: boolean } = {}): Line {
  const status = c.status === 'open' ? null : c.status === 'done' ? ' — done' : ' — dropped';
  return line(
    bold(ref('commitment', c.seq)),
    ' ',
    c.text,
    goalTag(c.goalSeq),
    opts.owner === false ? null : ` — ${who(roster, c.ownerId)}`,
    ' · ',
    dueSpan(c, now),
    c.slips > 0 ? ` · ${c.slips} slip${c.slips === 1 ? '' : 's'}` : null,
    c.assignment === 'pending' && c.status === 'open' ? ' · not accepted yet' : null,
    status,
  );
}

export function blockerLine(b: BlockerRow, roster: Roster, tz: string): Line {
  return line(
    bold(ref('blocker', b.seq)),
    ' ',
    b.text,
    goalTag(b.goalSeq),
    ` — raised by ${who(roster, b.raisedBy)} ${formatInstant(b.createdAt, tz)}`,
    b.unblockerId ? ` · to unblock: ${who(roster, b.unblockerId)}` : null,
    b.sourceUrl ? ' · ' : null,
    b.sourceUrl ? link(b.sourceUrl, 'message') : null,
    b.status === 'resolved' ? ` — resolved${b.resolution ? `: ${b.resolution}` : ''}` : null,
  );
}

/**
 * The reason alone: "decide … because of the bus strike" is stored and shown as "the bus strike",
 * so "Why: …" never reads "Why: because …". Also applied when shown, for records kept before.
 */
export function reasonOnly(rationale: string): string {
  const r = rationale.trim().replace(/^because(?:\s+of)?\s+/i, '').trim();
  return r || rationale.trim();
}

/** Where a decision stands, when it is not simply in force: "superseded by D-4", "retracted", "done". */
export function decisionStatus(d: DecisionRow): string | null {
  switch (d.status) {
    case 'proposed':
      return 'proposal, not decided yet';
    case 'superseded':
      return d.supersededBySeq !== null ? `superseded by D-${d.supersededBySeq}` : 'superseded';
    case 'retracted':
      return 'retracted';
    case 'rejected':
      return 'not decided';
    default:
      return d.doneAt !== null ? 'done' : null;
  }
}

export function decisionLine(d: DecisionRow, roster: Roster, now: number): Line {
  const status = decisionStatus(d);
  const gone = d.status === 'superseded' || d.status === 'retracted' || d.status === 'rejected';
  return line(
    bold(ref('decision', d.seq)),
    status ? italic(` [${status}]`) : null,
    ' ',
    gone ? strike(d.text) : d.text,
    d.rationale ? ` (why: ${reasonOnly(d.rationale)})` : null,
    d.executorId ? ` — executes: ${who(roster, d.executorId)}` : null,
    d.dueDate && d.dueTz ? ` · by ${formatDay(d.dueDate, now, d.dueTz)}` : null,
    d.origin ? ` · from ${d.origin}` : null,
    d.replacesSeq !== null ? ` · replaces D-${d.replacesSeq}` : null,
    d.slips > 0 ? ` · ${d.slips} slip${d.slips === 1 ? '' : 's'}` : null,
  );
}

export function updateLine(u: UpdateRow, roster: Roster, tz: string): Line {
  return line(bold(ref('update', u.seq)), ' ', u.text, goalTag(u.goalSeq), ` — ${who(roster, u.createdBy)}, ${formatInstant(u.createdAt, tz)}`);
}
