// Check-in answers are records: "what did you move forward" is an update U-n, "anything
// blocking you" a blocker E-n (a person named in it can unblock it), "anything to decide
// together" an agenda item A-n for the next meeting. An answer that means nothing ("none", "n/a",
// "-") makes nothing. An edited answer changes the record it made — never a second one.
import { addAgendaItem, findAgendaItem, patchAgendaItem } from '../../db/agenda.js';
import { findBlocker, updateBlocker } from '../../db/blockers.js';
import { listMembers, type MemberRow } from '../../db/members.js';
import { nextSeq } from '../../db/teams.js';
import { findUpdate, insertUpdate, patchUpdate } from '../../db/updates.js';
import type { Context } from '../context.js';
import { inlineMentions, mentionIds } from '../language/commands.js';
import { memberNamed } from '../records/lookup.js';
import { isRefusal } from '../context.js';
import { raiseBlocker } from '../records/blockers.js';

/** Answers that say there is nothing to say, compared without case, spaces or punctuation. */
const EMPTY = new Set(['', 'none', 'nothing', 'na', 'no', 'nope', 'nil', 'nothing to report', 'nothing new', 'not really', 'no blockers', 'none this week', 'nothing this week', 'all good']);

/** True when an answer means "nothing": it makes no record and raises no alert. */
export function meansNothing(answer: string | undefined): boolean {
  if (answer === undefined) return true;
  const bare = answer
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return EMPTY.has(bare);
}

/** The answer as kept: trimmed, or undefined when it means nothing. */
export function meaningful(answer: string | undefined): string | undefined {
  const t = answer?.trim();
  return t && !meansNothing(t) ? t : undefined;
}

/**
 * The person a blocker answer names, if any: a platform mention, or "@name" typed as plain text
 * (forms give plain text) matching one member's name or first name.
 */
export async function unblockerIn(ctx: Context, text: string): Promise<MemberRow | undefined> {
  const ids = mentionIds(text);
  if (ids.length > 0) {
    const m = await memberNamed(ctx, ids[ids.length - 1]!, 'person to unblock it');
    return isRefusal(m) ? undefined : m;
  }
  const typed = [...text.matchAll(/(?:^|\s)@([\p{L}\p{N}._'-]{1,40})/gu)].map((x) => x[1]!.toLowerCase().replace(/[.,;:!?]+$/, ''));
  if (typed.length === 0) return undefined;
  const people = (await listMembers(ctx.db, ctx.team.id)).filter((m) => m.id !== ctx.actor.id);
  for (const t of typed.reverse()) {
    const full = people.filter((m) => m.name.toLowerCase().replace(/\s+/g, '') === t);
    const first = people.filter((m) => m.name.toLowerCase().split(/\s+/)[0] === t);
    const hit = full.length === 1 ? full[0] : first.length === 1 ? first[0] : undefined;
    if (hit) return hit;
  }
  return undefined;
}

/** Mention tokens read as "@name" in a record's text. */
function readable(ctx: Context, text: string): string {
  return inlineMentions(text, (id, label) => ctx.people.get(id)?.name ?? label ?? id);
}

/** What the answers made, kept with them so an edit finds the same records. */
export interface Made {
  update?: number;
  blocker?: number;
  agenda?: number;
}

/** "What did you move forward": a U-n, not posted on its own (the digest carries it). */
export async function recordMoved(ctx: Context, text: string): Promise<number> {
  const seq = await nextSeq(ctx.db, ctx.team.id, 'U');
  await insertUpdate(ctx.db, { teamId: ctx.team.id, seq, text: readable(ctx, text), goalSeq: null, createdBy: ctx.actor.id, ...ctx.provenance });
  await ctx.audit('update.create', `U-${seq}`, { from: 'checkin' });
  return seq;
}

/** "Anything to decide together": an agenda item the next meeting reads. */
export async function recordDecide(ctx: Context, checkinId: number, text: string): Promise<number> {
  const item = await addAgendaItem(ctx.db, {
    teamId: ctx.team.id,
    text: readable(ctx, text),
    source: 'checkin',
    sourceRef: String(checkinId),
    createdBy: ctx.actor.id,
    ...ctx.provenance,
  });
  await ctx.audit('agenda.add', `A-${item.seq}`, { from: 'checkin' });
  return item.seq;
}

/** "Anything blocking you": an E-n, posted and told to the leads (and whoever can unblock it). */
export async function recordBlocking(ctx: Context, text: string): Promise<number> {
  const unblocker = await unblockerIn(ctx, text);
  const b = await raiseBlocker(ctx, { text: readable(ctx, text), unblocker });
  return b.seq;
}

/** What an edit changed, for the person's private answer. */
export type Change = { id: string; what: 'changed' | 'withdrawn' | 'added' };

/**
 * An edited answer applied to the record it made: the text changes, an emptied answer withdraws
 * it (kept in the history, out of recaps and numbers), a new answer makes one. A record already
 * closed (a resolved blocker, a handled agenda item) keeps its state; only its words follow.
 */
export async function editRecords(ctx: Context, checkinId: number, made: Made, now: { moved?: string | undefined; blocking?: string | undefined; decide?: string | undefined }, before: { moved?: string | undefined; blocking?: string | undefined; decide?: string | undefined }): Promise<{ made: Made; changes: Change[] }> {
  const out: Made = {};
  const changes: Change[] = [];
  const reason = 'answer withdrawn in the check-in';

  const u = made.update !== undefined ? await findUpdate(ctx.db, ctx.team.id, made.update) : undefined;
  if (u && u.droppedAt === null) {
    if (!now.moved) {
      await patchUpdate(ctx.db, u.id, { droppedAt: ctx.now, droppedBy: ctx.actor.id, dropReason: reason });
      changes.push({ id: `U-${u.seq}`, what: 'withdrawn' });
    } else {
      out.update = u.seq;
      if (now.moved !== before.moved) {
        await patchUpdate(ctx.db, u.id, { text: readable(ctx, now.moved) });
        changes.push({ id: `U-${u.seq}`, what: 'changed' });
      }
    }
  } else if (now.moved) {
    out.update = await recordMoved(ctx, now.moved);
    changes.push({ id: `U-${out.update}`, what: 'added' });
  }

  const b = made.blocker !== undefined ? await findBlocker(ctx.db, ctx.team.id, made.blocker) : undefined;
  if (b && b.status !== 'dropped') {
    if (!now.blocking) {
      if (b.status === 'open') {
        await updateBlocker(ctx.db, b.id, { status: 'dropped', droppedAt: ctx.now, droppedBy: ctx.actor.id, dropReason: reason });
        changes.push({ id: `E-${b.seq}`, what: 'withdrawn' });
      } else out.blocker = b.seq;
    } else {
      out.blocker = b.seq;
      if (now.blocking !== before.blocking) {
        // A person newly named in the edited answer becomes who can unblock it (no second alert).
        const named = await unblockerIn(ctx, now.blocking);
        await updateBlocker(ctx.db, b.id, { text: readable(ctx, now.blocking), ...(named ? { unblockerId: named.id } : {}) });
        changes.push({ id: `E-${b.seq}`, what: 'changed' });
      }
    }
  } else if (now.blocking) {
    out.blocker = await recordBlocking(ctx, now.blocking);
    changes.push({ id: `E-${out.blocker}`, what: 'added' });
  }

  const a = made.agenda !== undefined ? await findAgendaItem(ctx.db, ctx.team.id, made.agenda) : undefined;
  if (a && a.droppedAt === null) {
    if (!now.decide) {
      if (a.handledAt === null) {
        await patchAgendaItem(ctx.db, a.id, { droppedAt: ctx.now, droppedBy: ctx.actor.id });
        changes.push({ id: `A-${a.seq}`, what: 'withdrawn' });
      } else out.agenda = a.seq;
    } else {
      out.agenda = a.seq;
      if (now.decide !== before.decide) {
        await patchAgendaItem(ctx.db, a.id, { text: readable(ctx, now.decide) });
        changes.push({ id: `A-${a.seq}`, what: 'changed' });
      }
    }
  } else if (now.decide) {
    out.agenda = await recordDecide(ctx, checkinId, now.decide);
    changes.push({ id: `A-${out.agenda}`, what: 'added' });
  }
  return { made: out, changes };
}
