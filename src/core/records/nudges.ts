// Nudges: one private reminder to the owner of a commitment (C-n) or of a decision's execution
// (D-n) on the working day before it is due, one on the first working day it is overdue, and one
// to whoever can unblock a blocker (E-n), else the lead, once it has been open `blocker-nudge`
// working days. Each comes at the person's local morning (NUDGE_TIME).
//
// Exactly once: the planner (upkeep, before every round of timers) adds a persisted timer per
// nudge whose key holds the due date and the day it is for, so a moved date or a calendar change
// plans a new timer and the old one, when it fires, finds its day no longer the right one and
// does nothing. The message's outbox key holds the due date but not the day: whatever timers
// fire, one message per (item, date, kind) is ever sent. Timers go out as bulk (paced like
// check-ins), and nothing is sent for what is already done, dropped or moved.
import type { BlockerRow } from '../../db/blockers.js';
import type { Db } from '../../db/client.js';
import { type CommitmentRow, findCommitment } from '../../db/commitments.js';
import { type DecisionRow, findDecision } from '../../db/decisions.js';
import { scheduleJob } from '../../db/jobs.js';
import { getMember, type MemberRow } from '../../db/members.js';
import { blockerById, commitmentById, datedOpenCommitments, datedOpenExecutions, decisionById, nudgesOff, recentOpenBlockers, setNudges } from '../../db/nudges.js';
import { addDays, localInstant } from '../checkins/schedule.js';
import { type Context, type Refusal, isRefusal, refuse } from '../context.js';
import type { ActionHandler, FormHandler, Handlers, JobHandler } from '../handlers.js';
import { DAY, dateHint, formatDay, localDate, readDate, relativeDay, zoneOr } from '../language/dates.js';
import { DATE_LIMIT } from '../language/limits.js';
import { type Button, type Form, actions, bold, code, context, line, message, section, say } from '../message.js';
import { readAgreements } from '../team/agreements.js';
import { isWorkingDay, nextWorkingDay, previousWorkingDay } from '../team/calendar.js';
import { leads } from '../team/membership.js';
import { isLead } from '../team/permissions.js';
import { closeCommitment, redateCommitment } from './commitments.js';
import { DECISION_ACTION, redateDecision } from './decisions.js';
import { ref } from './lines.js';

/** The owner's local morning: nudges come then, on the day they are for. Documented in README. */
export const NUDGE_TIME = '08:30';

export const NUDGE_JOB = 'nudge';
export const NUDGE_ACTION = { done: 'nudge.done', date: 'nudge.date' } as const;
export const NUDGE_FORM = 'nudge.date';

/** How far back the planner looks: an overdue item whose first overdue working day is further back was nudged already. */
const LOOK_BACK_DAYS = 40;

type Item = 'C' | 'D';
type Kind = 'before' | 'overdue';

const keys = {
  job: (r: Item, id: number, kind: Kind, due: string, day: string) => `nudge:${r}:${id}:${kind}:${due}:${day}`,
  message: (r: Item, id: number, kind: Kind, due: string) => `nudge:${r}:${id}:${kind}:${due}`,
  blockerJob: (id: number, day: string) => `nudge:E:${id}:stale:${day}`,
  blockerMessage: (id: number) => `nudge:E:${id}:stale`,
};

/** The day a nudge is for: the working day before the due date, or the first working day after it. */
async function nudgeDay(db: Db, teamId: number, due: string, kind: Kind): Promise<string> {
  return kind === 'before' ? previousWorkingDay(db, teamId, due) : nextWorkingDay(db, teamId, addDays(due, 1));
}

/** The day a blocker raised on `raised` (a local date) is nudged: `days` working days later. */
async function blockerDay(db: Db, teamId: number, raised: string, days: number): Promise<string> {
  let day = raised;
  for (let i = 0; i < days; i++) day = await nextWorkingDay(db, teamId, addDays(day, 1));
  return day;
}

/** Who a stale blocker goes to: the person named to unblock it while still a member, else the first lead. */
async function blockerTarget(db: Db, teamId: number, unblockerId: number | null): Promise<MemberRow | undefined> {
  const named = unblockerId !== null ? await getMember(db, unblockerId) : undefined;
  if (named && named.status === 'active') return named;
  return (await leads(db, teamId))[0];
}

/** How long the planner trusts that an item's timers are set before it looks again (a calendar change is seen within this). */
const RECHECK_MS = 60 * 60_000;
const MAX_REMEMBERED = 200_000;

/**
 * The planner: a timer for every nudge still ahead. Idempotent (a timer with the same key is left
 * as it is), so it runs before every round of timers and after every restart. Each planner
 * remembers for a while what it has planned, so a tick costs two reads, not a write per dated item.
 */
export function nudgePlanner(): (db: Db, now: number, defaultTz: string) => Promise<void> {
  const seen = new Map<string, number>();
  const fresh = (key: string, now: number): boolean => {
    const until = seen.get(key);
    if (until !== undefined && until > now) return false;
    if (seen.size >= MAX_REMEMBERED) seen.clear();
    seen.set(key, now + RECHECK_MS);
    return true;
  };
  return async (db, now, defaultTz) => {
    const from = addDays(localDate(now, 'UTC'), -LOOK_BACK_DAYS);
    const items: { r: Item; id: number; teamId: number; dueDate: string | null; tz: string | null }[] = [
      ...(await datedOpenCommitments(db, from)).map((c) => ({ r: 'C' as const, ...c })),
      ...(await datedOpenExecutions(db, from)).map((d) => ({ r: 'D' as const, ...d })),
    ];
    for (const it of items) {
      if (!it.dueDate) continue;
      const tz = zoneOr(it.tz, defaultTz);
      if (!fresh(`${it.r}:${it.id}:${it.dueDate}:${tz}`, now)) continue;
      for (const kind of ['before', 'overdue'] as const) {
        const day = await nudgeDay(db, it.teamId, it.dueDate, kind);
        const at = localInstant(day, NUDGE_TIME, tz);
        // A moment already past when the date was set (a commitment due tomorrow made this
        // afternoon) is not nudged late: the person has just seen the date.
        if (at <= now) continue;
        await scheduleJob(db, { key: keys.job(it.r, it.id, kind, it.dueDate, day), kind: NUDGE_JOB, dueAt: at, payload: { teamId: it.teamId, r: it.r, id: it.id, kind, due: it.dueDate, day }, createdAt: now });
      }
    }
    for (const b of await recentOpenBlockers(db, now - LOOK_BACK_DAYS * DAY)) {
      const days = readAgreements(b.agreements).blockerNudgeDays;
      if (days === 0 || !fresh(`E:${b.id}:${days}:${b.unblockerId ?? ''}`, now)) continue;
      const target = await blockerTarget(db, b.teamId, b.unblockerId);
      if (!target) continue;
      const tz = zoneOr(target.tz, defaultTz);
      const day = await blockerDay(db, b.teamId, localDate(b.createdAt, tz), days);
      const at = localInstant(day, NUDGE_TIME, tz);
      if (at <= now) continue;
      await scheduleJob(db, { key: keys.blockerJob(b.id, day), kind: NUDGE_JOB, dueAt: at, payload: { teamId: b.teamId, r: 'E', id: b.id, day }, createdAt: now });
    }
  };
}

// ——— the timer ———

/** A nudge's timer fired: send it if it is still due, to someone who still wants it. */
export const onNudgeTimer: JobHandler = async (ctx, p) => {
  if (!ctx.workspace.active || typeof p.id !== 'number' || typeof p.day !== 'string') return;
  if (p.r === 'E') return nudgeBlocker(ctx, p.id, p.day);
  if ((p.r !== 'C' && p.r !== 'D') || (p.kind !== 'before' && p.kind !== 'overdue') || typeof p.due !== 'string') return;
  const row = p.r === 'C' ? await commitmentById(ctx.db, p.id) : await decisionById(ctx.db, p.id);
  if (!row || row.teamId !== ctx.team.id || row.dueDate !== p.due) return;
  const owner = await ownerOf(ctx, p.r, row as CommitmentRow | DecisionRow);
  if (!owner) return;
  // The calendar changed since it was planned: the planner set the timer of the right day.
  if ((await nudgeDay(ctx.db, ctx.team.id, p.due, p.kind)) !== p.day || !(await isWorkingDay(ctx.db, ctx.team.id, p.day))) return;
  const tz = zoneOr(owner.tz, ctx.defaultTz);
  // Late (Baton was down): a "due tomorrow" after the due day has begun says nothing true.
  if (p.kind === 'before' && localDate(ctx.now, tz) >= p.due) return;
  if (p.kind === 'overdue' && (row.dueAt === null || ctx.now <= row.dueAt)) return;
  if (await nudgesOff(ctx.db, owner.id)) return;
  ctx.dm(owner.userId, nudgeMessage(ctx, p.r, row as CommitmentRow | DecisionRow, owner, p.kind), {
    key: keys.message(p.r, row.id, p.kind, p.due),
    subject: { ref: `${p.r}-${row.seq}`, summary: `Nudge ${p.r}-${row.seq}` },
  });
};

/** The person a nudge is for, while the item is still theirs to do; undefined otherwise. */
async function ownerOf(ctx: Context, r: Item, row: CommitmentRow | DecisionRow): Promise<MemberRow | undefined> {
  if (r === 'C') {
    const c = row as CommitmentRow;
    // Asked of someone who has not accepted it: not yet their promise to be reminded of.
    if (c.status !== 'open' || c.assignment === 'pending') return undefined;
    const m = await getMember(ctx.db, c.ownerId);
    return m?.status === 'active' ? m : undefined;
  }
  const d = row as DecisionRow;
  if (d.status !== 'decided' || d.doneAt !== null || d.executorId === null) return undefined;
  const m = await getMember(ctx.db, d.executorId);
  // An executor from outside the team carries it out too (their Done works from the message).
  return m && (m.status === 'active' || m.status === 'outside') ? m : undefined;
}

function nudgeMessage(ctx: Context, r: Item, row: CommitmentRow | DecisionRow, owner: MemberRow, kind: Kind): ReturnType<typeof message> {
  const id = `${r}-${row.seq}`;
  const tz = row.dueTz ?? zoneOr(owner.tz, ctx.defaultTz);
  const due = formatDay(row.dueDate!, ctx.now, tz);
  const what = r === 'C' ? 'Your commitment' : 'The decision you carry out';
  // The working day before may be further back than yesterday (a weekend, a holiday between).
  const when = relativeDay(row.dueDate!, ctx.now, tz);
  const intro =
    kind === 'before'
      ? line('⏰ ', what, ' ', bold(id), ` is due ${when} (${due}) in ${ctx.team.name}: `, row.text)
      : line('⏰ ', what, ' ', bold(id), ` was due ${due} in ${ctx.team.name} and is still open: `, row.text);
  const value = JSON.stringify({ teamId: ctx.team.id, r, seq: row.seq });
  const done: Button = r === 'C'
    ? { label: 'Done', actionId: NUDGE_ACTION.done, value, style: 'primary' }
    : { label: 'Done', actionId: DECISION_ACTION.done, value: JSON.stringify({ teamId: ctx.team.id, seq: row.seq }), style: 'primary' };
  // A form needs a member of the team: an executor from outside has Done only.
  const buttons = owner.status === 'active' ? [done, { label: 'New date', actionId: NUDGE_ACTION.date, value, opensForm: true } satisfies Button] : [done];
  return message([
    section(intro),
    actions(...buttons),
    context('One reminder the day before and one if it is overdue. ', code(`${ctx.prefix}nudges off`), ' stops yours.'),
  ]);
}

async function nudgeBlocker(ctx: Context, id: number, day: string): Promise<void> {
  const b = await blockerById(ctx.db, id);
  if (!b || b.teamId !== ctx.team.id || b.status !== 'open') return;
  const days = readAgreements(ctx.team.agreements).blockerNudgeDays;
  if (days === 0) return;
  const target = await blockerTarget(ctx.db, ctx.team.id, b.unblockerId);
  if (!target) return;
  const tz = zoneOr(target.tz, ctx.defaultTz);
  if ((await blockerDay(ctx.db, ctx.team.id, localDate(b.createdAt, tz), days)) !== day || !(await isWorkingDay(ctx.db, ctx.team.id, day))) return;
  if (await nudgesOff(ctx.db, target.id)) return;
  const raisedBy = await getMember(ctx.db, b.raisedBy);
  const named = b.unblockerId === target.id;
  const eid = ref('blocker', b.seq);
  ctx.dm(target.userId, blockerMessage(ctx, b, eid, raisedBy?.name ?? 'someone', named, tz, days), { key: keys.blockerMessage(b.id), subject: { ref: eid, summary: `Nudge ${eid}` } });
}

function blockerMessage(ctx: Context, b: BlockerRow, eid: string, raisedBy: string, named: boolean, tz: string, days: number): ReturnType<typeof message> {
  return message([
    section(
      line('🚧 ', bold(eid), ` in ${ctx.team.name} has been open ${days} working day${days === 1 ? '' : 's'} (raised by ${raisedBy}, ${formatDay(localDate(b.createdAt, tz), ctx.now, tz)}): `, b.text),
      line(named ? 'You were named as the person who can unblock it.' : 'Nobody was named to unblock it, so it comes to you as lead.'),
    ),
    context('When it is unblocked: ', code(`${ctx.prefix}resolve ${eid} <what unblocked it>`), ' · ', code(`${ctx.prefix}nudges off`), ' stops your nudges.'),
  ]);
}

// ——— the buttons and the form ———

interface NudgeValue {
  teamId: number;
  r: Item;
  seq: number;
}

function readValue(v: string): NudgeValue | null {
  try {
    const p = JSON.parse(v) as Partial<NudgeValue>;
    return typeof p.teamId === 'number' && Number.isInteger(p.seq) && (p.r === 'C' || p.r === 'D') ? (p as NudgeValue) : null;
  } catch {
    return null;
  }
}

/** The item a button or form names, if the caller may still change it. */
async function changeable(ctx: Context, v: NudgeValue): Promise<CommitmentRow | DecisionRow | Refusal> {
  const id = `${v.r}-${v.seq}`;
  const row = v.r === 'C' ? await findCommitment(ctx.db, ctx.team.id, v.seq) : await findDecision(ctx.db, ctx.team.id, v.seq);
  if (!row) return refuse(`There is no ${id} in ${ctx.team.name}.`, 'mine', 'mine');
  const closed = v.r === 'C' ? ((row as CommitmentRow).status !== 'open' ? (row as CommitmentRow).status : null) : (row as DecisionRow).doneAt !== null ? 'done' : (row as DecisionRow).status !== 'decided' ? (row as DecisionRow).status : null;
  if (closed) return refuse(`${id} is already ${closed}.`, 'mine', 'mine');
  const ownerId = v.r === 'C' ? (row as CommitmentRow).ownerId : (row as DecisionRow).executorId;
  if (ownerId !== ctx.actor.id && !isLead(ctx.actor.roles)) return refuse(`Only ${id}'s owner or a lead can do that.`, 'mine', 'mine');
  return row;
}

const doneButton: ActionHandler = async (ctx, value) => {
  const v = readValue(value);
  if (!v || v.teamId !== ctx.team.id || v.r !== 'C') return refuse('That button is no longer valid.', 'mine', 'mine');
  const c = await changeable(ctx, v);
  if (isRefusal(c)) return c;
  await closeCommitment(ctx, c as CommitmentRow, 'done');
};

/** "New date": the small form, built again when it comes back so its answers are checked against it. */
const dateForm: ActionHandler = async (ctx, value): Promise<Form | Refusal> => {
  const v = readValue(value);
  if (!v || v.teamId !== ctx.team.id) return refuse('That button is no longer valid.', 'mine', 'mine');
  const row = await changeable(ctx, v);
  if (isRefusal(row)) return row;
  const id = `${v.r}-${v.seq}`;
  const due = row.dueDate ? formatDay(row.dueDate, ctx.now, row.dueTz ?? ctx.actorTz) : 'no date';
  return {
    formId: NUDGE_FORM,
    state: JSON.stringify(v),
    title: `New date for ${id}`.slice(0, 24),
    submitLabel: 'Move',
    intro: line(bold(id), ` ${row.text} — due ${due}. A later date counts as a slip.`),
    fields: [{ type: 'text', id: 'date', label: 'New date', maxLength: DATE_LIMIT, placeholder: 'e.g. next Friday' }],
  };
};

const submitDate: FormHandler = async (ctx, state, values) => {
  const v = readValue(state);
  if (!v || v.teamId !== ctx.team.id) return refuse('That form is no longer valid.', 'mine', 'mine');
  const row = await changeable(ctx, v);
  if (isRefusal(row)) return row;
  const id = `${v.r}-${v.seq}`;
  const typed = (values.date ?? '').trim();
  if (!typed) return { date: `When will ${id} be done? e.g. "next Friday".` };
  const owner = await getMember(ctx.db, v.r === 'C' ? (row as CommitmentRow).ownerId : (row as DecisionRow).executorId!);
  const r = readDate(typed, ctx.now, row.dueTz ?? ctx.tz(owner));
  if (!r.ok) {
    return { date: r.reason === 'past' ? `"${typed.slice(0, 40)}" is in the past: give a day from today on.` : r.reason === 'unreadable' ? `I couldn't read "${typed.slice(0, 40)}" as a date. Try "Friday", "next Tuesday" or "2026-12-01".` : dateHint(typed, r.reason) };
  }
  if (r.due.date === row.dueDate) return { date: `${id} is already due then: give the new date.` };
  const moved = v.r === 'C' ? await redateCommitment(ctx, row as CommitmentRow, r.due) : await redateDecision(ctx, row as DecisionRow, r.due);
  return moved;
};

export const nudgeActions: Record<string, ActionHandler> = { [NUDGE_ACTION.done]: doneButton, [NUDGE_ACTION.date]: dateForm };
export const nudgeForms: Record<string, FormHandler> = { [NUDGE_FORM]: submitDate };
export const nudgeFormBuilders: Record<string, ActionHandler> = { [NUDGE_FORM]: dateForm };
export const nudgeJobs: Record<string, JobHandler> = { [NUDGE_JOB]: onNudgeTimer };

// ——— the command ———

export const nudgeHandlers: Handlers = {
  async nudges(ctx, cmd) {
    if (cmd.on === undefined) {
      const off = await nudgesOff(ctx.db, ctx.actor.id);
      ctx.reply(say(off ? '🔕 Your nudges are off in ' : '🔔 Your nudges are on in ', bold(ctx.team.name), off ? '. ' : ': a reminder the working day before something of yours is due, one if it is overdue, and stale blockers you can unblock. ', code(`${ctx.prefix}nudges ${off ? 'on' : 'off'}`), off ? ' turns them back on.' : ' stops them.'));
      return;
    }
    const changed = await setNudges(ctx.db, { memberId: ctx.actor.id, teamId: ctx.team.id, on: cmd.on, at: ctx.now });
    if (changed) await ctx.audit(cmd.on ? 'nudges.on' : 'nudges.off', ctx.actor.userId);
    ctx.reply(
      cmd.on
        ? say('🔔 Nudges on', changed ? '' : ' (they were already)', ': Baton reminds you privately the working day before something of yours is due, and once if it is overdue.')
        : say('🔕 Nudges off', changed ? '' : ' (they were already)', ` in ${ctx.team.name}: no reminders of your due dates or stale blockers. `, code(`${ctx.prefix}nudges on`), ' turns them back on.'),
    );
  },
};
