// Commitments: one owner, what, a date. Moving the date later is a slip; every move stays in the history.
import {
  type CommitmentRow,
  dateChange,
  findCommitment,
  insertCommitment,
  insertCommitmentEvent,
  updateCommitment,
} from '../../db/commitments.js';
import { findGoal } from '../../db/goals.js';
import { getMember, type MemberRow } from '../../db/members.js';
import { nextSeq } from '../../db/teams.js';
import { askToAccept } from './assignments.js';
import { type Context, type Refusal, isRefusal, refuse } from '../context.js';
import { notAMention } from '../language/commands.js';
import { type DueDate, dateHint, daysUntil, distance, formatDay, readDate } from '../language/dates.js';
import { DATE_LIMIT } from '../language/limits.js';
import type { Handlers } from '../handlers.js';
import { dueSpan, ref } from './lines.js';
import { found, memberNamed, ownerOrLead } from './lookup.js';
import { bold, line, mention, message, section, say, context as contextBlock } from '../message.js';
import type { SourceMessage } from '../ports.js';

/** Reads a date in a zone, or the refusal that says what would work. */
export function dueOrRefusal(ctx: Context, when: string, tz: string, example: string, topic: string): DueDate | Refusal {
  // Text after the last "by" that is longer than any date is not one; the parser never sees it.
  const r = when.trim().length > DATE_LIMIT ? ({ ok: false, reason: 'unreadable' } as const) : readDate(when, ctx.now, tz, ctx.dates);
  if (r.ok) return r.due;
  // "by Friday @Maria" typed without picking Maria from the @ list: the name is plain text and
  // ends up in the date. Saying the date is unreadable would send the person the wrong way.
  const typed = r.reason === 'unreadable' ? notAMention(when) : undefined;
  if (typed) return refuse(`"${typed}" is not a mention: type @ and pick the person from the list, so Baton knows who you mean.`, example, topic);
  return refuse(dateHint(when, r.reason), example, topic);
}

/** A goal tag must name one of the team's goals. */
export async function goalOrRefusal(ctx: Context, goal: number | undefined): Promise<Refusal | null> {
  if (goal === undefined || await findGoal(ctx.db, ctx.team.id, goal)) return null;
  return refuse(`There is no G-${goal} in this team.`, 'goals', 'goal');
}

async function commitmentOf(ctx: Context, seq: number): Promise<CommitmentRow | Refusal> {
  return found(await findCommitment(ctx.db, ctx.team.id, seq), `C-${seq}`, 'list commitments');
}

function mayChange(ctx: Context, c: CommitmentRow): Refusal | null {
  if (c.status !== 'open') return refuse(`C-${c.seq} is already ${c.status}.`, 'list commitments', 'list');
  return ownerOrLead(ctx, [c.ownerId], `C-${c.seq}'s owner`);
}

/** A new commitment's details, as read from a command, a form or a check-in. */
export interface NewCommitment {
  text: string;
  owner: MemberRow;
  due: DueDate | null;
  goal?: number | undefined;
  /** The message it was recorded from: the answer goes in that message's thread. */
  source?: SourceMessage | undefined;
}

/** Records a commitment with its first history entry, and tells the team. */
export async function createCommitment(ctx: Context, n: NewCommitment): Promise<CommitmentRow> {
  const seq = await nextSeq(ctx.db, ctx.team.id, 'C');
  const c = await insertCommitment(ctx.db, {
    teamId: ctx.team.id,
    seq,
    text: n.text,
    ownerId: n.owner.id,
    dueDate: n.due?.date ?? null,
    dueTz: n.due?.tz ?? null,
    dueAt: n.due?.dueAt ?? null,
    goalSeq: n.goal ?? null,
    // Someone else's name on it is an ask, not their promise, until they accept it.
    assignment: n.owner.id !== ctx.actor.id ? 'pending' : null,
    createdBy: ctx.actor.id,
    ...ctx.provenance,
    ...(n.source ? { sourceUrl: n.source.url ?? null, sourceMessageId: n.source.messageId } : {}),
  });
  await insertCommitmentEvent(ctx.db, { commitmentId: c.id, teamId: ctx.team.id, kind: 'created', toDue: c.dueDate, by: ctx.actor.id, at: ctx.now });
  const id = ref('commitment', seq);
  await ctx.audit('commitment.create', id, { owner: n.owner.userId, due: c.dueDate, ...(n.source ? { from: n.source.messageId } : {}) });
  const byOther = n.owner.id !== ctx.actor.id;
  const subject = { ref: id, summary: `${id} ${c.text}` };
  const said = message([
    section(
      byOther
        ? line(bold(id), ` ${ctx.actor.name} asked `, mention(n.owner), ' to: ', c.text, n.goal ? ` #G-${n.goal}` : null)
        : line(bold(id), ' ', bold(n.owner.name), ' committed to: ', c.text, n.goal ? ` #G-${n.goal}` : null),
      line(n.due ? `due ${formatDay(n.due.date, ctx.now, n.due.tz)}` : dueSpan(c, ctx.now), n.source ? ' from this message' : null, byOther ? ` · waiting for ${n.owner.name} to accept` : null, n.due ? distance(n.due, ctx.now) : null),
    ),
    ...(c.dueDate ? [] : [contextBlock('No date yet: ', { text: `${ctx.prefix}move ${id} Friday`, code: true }, ' sets one.')]),
  ]);
  if (n.source) ctx.postTo(n.source.channelId, said, { threadOf: n.source.messageId, subject });
  else ctx.announceRecord(said, subject);
  if (byOther) askToAccept(ctx, c, n.owner);
  return c;
}

/** Closes an open commitment as done (saying whether on time) or dropped. */
export async function closeCommitment(ctx: Context, c: CommitmentRow, status: 'done' | 'dropped', note?: string): Promise<void> {
  await updateCommitment(ctx.db, c.id, { status, closedAt: ctx.now, closedBy: ctx.actor.id, closeNote: note ?? null });
  await insertCommitmentEvent(ctx.db, { commitmentId: c.id, teamId: ctx.team.id, kind: status, note: note ?? null, by: ctx.actor.id, at: ctx.now });
  const id = ref('commitment', c.seq);
  await ctx.audit(`commitment.${status === 'done' ? 'done' : 'drop'}`, id, note ? { note } : undefined);
  const subject = { ref: id, summary: `${id} ${c.text}` };
  if (status === 'dropped') {
    ctx.announceRecord(say('✖️ ', bold(id), ' dropped: ', c.text, note ? ` — ${note}` : null), subject);
    return;
  }
  let timing = '';
  if (c.dueDate && c.dueTz) {
    const late = -daysUntil(c.dueDate, ctx.now, c.dueTz);
    timing = c.dueAt !== null && ctx.now > c.dueAt ? ` — ${late} day${late === 1 ? '' : 's'} late` : ' — on time';
  }
  ctx.announceRecord(say('✅ ', bold(id), ' done: ', c.text, timing, note ? ` (${note})` : null), subject);
}

/**
 * Gives an open commitment a new date. A date moved later is a slip (dateChange, the one
 * definition); a first date or a date brought forward is not. Every move stays in the history.
 */
export async function redateCommitment(ctx: Context, c: CommitmentRow, d: DueDate): Promise<Refusal | void> {
  const id = ref('commitment', c.seq);
  if (d.date === c.dueDate) return refuse(`${id} is already due ${formatDay(d.date, ctx.now, d.tz)}.`, `move ${id} next Friday`, 'move');
  const change = dateChange(c.dueDate, d.date);
  const slip = change === 'slip';
  await updateCommitment(ctx.db, c.id, { dueDate: d.date, dueTz: d.tz, dueAt: d.dueAt, slips: c.slips + (slip ? 1 : 0) });
  await insertCommitmentEvent(ctx.db, { commitmentId: c.id, teamId: ctx.team.id, kind: change === 'first' ? 'dated' : 'moved', fromDue: c.dueDate, toDue: d.date, by: ctx.actor.id, at: ctx.now });
  await ctx.audit(change === 'first' ? 'commitment.date' : 'commitment.move', id, { from: c.dueDate, to: d.date });
  const to = formatDay(d.date, ctx.now, d.tz);
  const from = c.dueDate ? formatDay(c.dueDate, ctx.now, c.dueTz ?? d.tz) : '';
  ctx.announceRecord(
    change === 'slip'
      ? say('↪️ ', bold(id), ` moved from ${from} to ${to}: `, c.text, ` (slip ${c.slips + 1})`, distance(d, ctx.now))
      : change === 'forward'
        ? say('⏩ ', bold(id), ` brought forward from ${from} to ${to}: `, c.text, ' (not a slip)', distance(d, ctx.now))
        : say('📅 ', bold(id), ` now due ${to}: `, c.text, distance(d, ctx.now)),
    { ref: id, summary: `${id} ${c.text}` },
  );
}

export const commitmentHandlers: Handlers = {
  async commit(ctx, cmd) {
    const owner = cmd.ownerId ? await memberNamed(ctx, cmd.ownerId, 'owner') : ctx.actor;
    if (isRefusal(owner)) return owner;
    const goalErr = await goalOrRefusal(ctx, cmd.goal);
    if (goalErr) return goalErr;
    let due: DueDate | null = null;
    if (cmd.when) {
      const d = dueOrRefusal(ctx, cmd.when, ctx.tz(owner), `commit ${cmd.text.slice(0, 40)} by Friday`, 'commit');
      if (isRefusal(d)) return d;
      due = d;
    }
    await createCommitment(ctx, { text: cmd.text, owner, due, goal: cmd.goal });
  },

  async done(ctx, cmd) {
    const c = await commitmentOf(ctx, cmd.seq);
    if (isRefusal(c)) return c;
    const denied = mayChange(ctx, c);
    if (denied) return denied;
    await closeCommitment(ctx, c, 'done', cmd.note);
  },

  async move(ctx, cmd) {
    const c = await commitmentOf(ctx, cmd.seq);
    if (isRefusal(c)) return c;
    const denied = mayChange(ctx, c);
    if (denied) return denied;
    // The date is read where it was set; a first date in the owner's zone.
    const owner = await getMember(ctx.db, c.ownerId);
    const d = dueOrRefusal(ctx, cmd.when, c.dueTz ?? ctx.tz(owner), `move C-${c.seq} next Friday`, 'move');
    if (isRefusal(d)) return d;
    return redateCommitment(ctx, c, d);
  },

  async drop(ctx, cmd) {
    const c = await commitmentOf(ctx, cmd.seq);
    if (isRefusal(c)) return c;
    const denied = mayChange(ctx, c);
    if (denied) return denied;
    await closeCommitment(ctx, c, 'dropped', cmd.reason);
  },
};
