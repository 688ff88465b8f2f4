// Answering a check-in: the form (built from the records as they are when the button is pressed),
// and its answers applied in one transaction — "done" closes the commitment, "slipping" moves its
// date (a slip), a blocker opens an E-n, the rest goes to the digest. The form's state and
// answers are untrusted input: the team, the run and the member are checked again, and a second
// submission changes nothing.
import { z } from 'zod';
import { type CheckinRow, type RunRow, findCheckin, getRun, moveCheckin } from '../../db/checkins.js';
import { type CommitmentRow, dateChange, listCommitments } from '../../db/commitments.js';
import { leadsTold, raiseBlocker, excerpt } from '../records/blockers.js';
import { closeCommitment, redateCommitment } from '../records/commitments.js';
import { type DecisionRow, openExecutionsOfMembers } from '../../db/decisions.js';
import { markDone, redateDecision } from '../records/decisions.js';
import { type Context, type Refusal, isRefusal, refuse } from '../context.js';
import { type DueDate, dateHint, formatDay, formatInstant, readDate } from '../language/dates.js';
import { DATE_LIMIT, TEXT_LIMIT } from '../language/limits.js';
import { dueSpan } from '../records/lines.js';
import { type Field, type Form, type Line, bold, line, list, message, plainLine, section } from '../message.js';
import { refreshDigest } from './digest.js';
import { FORM_ID } from './keys.js';
import { maybeDigest } from './run.js';
import { formatRunDate } from './schedule.js';

/** A commitment's answer, as kept with the check-in. */
export interface CommitmentAnswer {
  seq: number;
  text: string;
  answer: 'done' | 'ontrack' | 'slipping';
  /** The new date (slipping), and how it reads. */
  to?: string;
  toLabel?: string;
  /** The date before (null: it had none), so the digest words the change as the move did. */
  from?: string | null;
  /** A decision's execution (D-n) rather than a commitment (C-n). */
  kind?: 'decision';
}

/** What a member said in one check-in. */
export interface Answers {
  moved?: string;
  commitments?: CommitmentAnswer[];
  blocking?: string;
  /** The E-n the blocking answer opened. */
  blocker?: number;
  decide?: string;
}

/** The most time one submission may spend reading dates (see submitAnswers). */
const DATE_READING_BUDGET_MS = 15;

/** How many commitments the form asks about (two fields each; Slack allows 100 blocks). */
export const FORM_COMMITMENTS = 40;
const CHOICES = [
  { value: 'ontrack', label: 'On track' },
  { value: 'done', label: 'Done' },
  { value: 'slipping', label: 'Slipping — new date below' },
] as const;

const refSchema = z.object({ teamId: z.number().int().positive(), runId: z.number().int().positive() });
const valuesSchema = z.record(z.string(), z.string().max(TEXT_LIMIT * 2).optional());

function parseRef(raw: string): { teamId: number; runId: number } | null {
  try {
    const r = refSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** The caller's own check-in named by a button or a form, if it can still be answered. */
async function ownCheckin(ctx: Context, raw: string): Promise<{ run: RunRow; checkin: CheckinRow } | Refusal> {
  const ref = parseRef(raw);
  const run = ref ? await getRun(ctx.db, ref.runId) : undefined;
  if (!ref || !run || run.teamId !== ctx.team.id || ref.teamId !== ctx.team.id) return refuse('That check-in is no longer valid.', 'checkin', 'checkin');
  const checkin = await findCheckin(ctx.db, run.id, ctx.actor.id);
  if (!checkin) return refuse("That check-in isn't yours: yours comes to you privately.", 'checkin', 'checkin');
  if (run.status !== 'open') return refuse('That check-in has closed: a newer one took its place.', 'checkin', 'checkin');
  if (checkin.status === 'answered') {
    return refuse(
      `You already answered this check-in (${formatInstant(checkin.answeredAt ?? ctx.now, ctx.actorTz)}). To change a commitment now, use done or move:`,
      'mine',
      'checkin',
    );
  }
  if (checkin.status === 'left' || checkin.status === 'missed' || checkin.status === 'pending') return refuse('That check-in is not open to you.', 'checkin', 'checkin');
  return { run, checkin };
}

async function myOpenCommitments(ctx: Context): Promise<CommitmentRow[]> {
  return await listCommitments(ctx.db, ctx.team.id, { status: 'open', ownerId: ctx.actor.id });
}

/** Decisions the member carries out, asked like commitments (fields d<seq>), after them. */
async function myExecutions(ctx: Context, room: number): Promise<DecisionRow[]> {
  return (await openExecutionsOfMembers(ctx.db, [ctx.actor.id])).slice(0, Math.max(0, room));
}

/** The "Answer check-in" button: the form, from the records as they are now. */
export async function openForm(ctx: Context, value: string): Promise<Form | Refusal> {
  const found = await ownCheckin(ctx, value);
  if (isRefusal(found)) return found;
  const { run } = found;
  const all = await myOpenCommitments(ctx);
  const shown = all.slice(0, FORM_COMMITMENTS);
  const fields: Field[] = [{ type: 'text', id: 'moved', label: 'What did you move forward?', multiline: true, optional: true, maxLength: TEXT_LIMIT }];
  for (const c of shown) {
    const due = plainLine([dueSpan(c, ctx.now)]);
    fields.push(
      { type: 'select', id: `c${c.seq}`, label: `C-${c.seq} ${excerpt(c.text)}`, options: CHOICES.map((o) => ({ ...o })), initial: 'ontrack', optional: true, hint: due },
      { type: 'text', id: `c${c.seq}_date`, label: `New date for C-${c.seq}, if slipping`, optional: true, maxLength: DATE_LIMIT, placeholder: 'e.g. next Friday', onlyWhen: { field: `c${c.seq}`, value: 'slipping' } },
    );
  }
  for (const d of await myExecutions(ctx, FORM_COMMITMENTS - shown.length)) {
    const due = d.dueDate && d.dueTz ? `Due ${formatDay(d.dueDate, ctx.now, d.dueTz)}` : undefined;
    fields.push(
      { type: 'select', id: `d${d.seq}`, label: `D-${d.seq} ${excerpt(d.text)} (you carry it out)`, options: CHOICES.map((o) => ({ ...o })), initial: 'ontrack', optional: true, ...(due ? { hint: due } : {}) },
      { type: 'text', id: `d${d.seq}_date`, label: `New date for D-${d.seq}, if slipping`, optional: true, maxLength: DATE_LIMIT, placeholder: 'e.g. next Friday', onlyWhen: { field: `d${d.seq}`, value: 'slipping' } },
    );
  }
  fields.push(
    { type: 'text', id: 'blocking', label: 'Anything blocking you?', multiline: true, optional: true, maxLength: TEXT_LIMIT, hint: 'Opens a blocker (E-n); the lead is told at once.' },
    { type: 'text', id: 'decide', label: 'Anything the team should decide together?', multiline: true, optional: true, maxLength: TEXT_LIMIT, hint: 'Goes into the digest.' },
  );
  const when = run.kind === 'scheduled' ? `week of ${formatRunDate(run.date)}` : formatRunDate(run.date);
  const more = all.length > shown.length ? ` Your first ${shown.length} of ${all.length} open commitments are here.` : '';
  return {
    formId: FORM_ID,
    state: JSON.stringify({ teamId: ctx.team.id, runId: run.id }),
    title: 'Weekly check-in',
    submitLabel: 'Send',
    intro: line(bold(ctx.team.name), ` · ${when}. Every question is optional.${more}`),
    fields,
  };
}

/** The "Skip this week" button. */
export async function skipFromButton(ctx: Context, value: string): Promise<Refusal | void> {
  const found = await ownCheckin(ctx, value);
  if (isRefusal(found)) return found;
  return await skipCheckin(ctx, found.run, found.checkin);
}

/** Marks a check-in skipped (no reminder; not counted in the response rate). */
export async function skipCheckin(ctx: Context, run: RunRow, c: CheckinRow): Promise<void> {
  if (!await moveCheckin(ctx.db, c.id, ['pending', 'sent', 'away'], { status: 'skipped' })) return;
  await ctx.audit('checkin.skip', run.runKey);
  ctx.reply(message([section(line(`Skipped — no check-in and no reminder for ${run.kind === 'scheduled' ? `the week of ${formatRunDate(run.date)}` : 'this one'}. See you next time.`))]));
  if (run.digestPostedAt !== null) await refreshDigest(ctx, run, c.id);
  else await maybeDigest(ctx, run.id);
}

interface Planned {
  c: CommitmentRow;
  answer: CommitmentAnswer['answer'];
  due?: DueDate;
}

/** The submitted form: field errors to show, a refusal, or everything recorded. */
export async function submitAnswers(ctx: Context, state: string, rawValues: Record<string, string | undefined>): Promise<Refusal | Record<string, string> | void> {
  const found = await ownCheckin(ctx, state);
  if (isRefusal(found)) return found;
  const { run, checkin } = found;
  const parsedValues = valuesSchema.safeParse(rawValues);
  if (!parsedValues.success) return { _: 'Some answers could not be read. Please try again.' };
  const values = parsedValues.data;
  const text = (id: string) => values[id]?.trim() || undefined;
  const errors: Record<string, string> = {};
  const long = (id: string) => {
    const v = text(id);
    if (v && v.length > TEXT_LIMIT) errors[id] = `At most ${TEXT_LIMIT.toLocaleString('en-US')} characters.`;
    return v;
  };
  const moved = long('moved');
  const blocking = long('blocking');
  const decide = long('decide');

  const planned: Planned[] = [];
  // Reading a date costs from microseconds to milliseconds (chrono): forty crafted ones, each
  // within the field's length, would hold the process for tens of milliseconds. Past a budget,
  // the rest are left unread for the person to send again.
  const datesFrom = performance.now();
  for (const c of await myOpenCommitments(ctx)) {
    const choice = text(`c${c.seq}`);
    const date = text(`c${c.seq}_date`);
    if (choice === undefined && date === undefined) continue;
    let answer = (choice ?? 'ontrack') as CommitmentAnswer['answer'];
    if (!CHOICES.some((o) => o.value === answer)) {
      errors[`c${c.seq}`] = 'Choose on track, done or slipping.';
      continue;
    }
    // A new date typed next to "on track" means the person is telling us it slips.
    if (answer === 'ontrack' && date) answer = 'slipping';
    if (answer !== 'slipping') {
      planned.push({ c, answer });
      continue;
    }
    const field = `c${c.seq}_date`;
    if (!date) {
      errors[field] = `When will C-${c.seq} be done? e.g. "next Friday".`;
      continue;
    }
    if (performance.now() - datesFrom > DATE_READING_BUDGET_MS) {
      errors[field] = 'Not read: too many dates above could not be read. Correct them and send again.';
      continue;
    }
    const r = readDate(date, ctx.now, c.dueTz ?? ctx.actorTz, ctx.dates);
    if (!r.ok) errors[field] = r.reason === 'time' || r.reason === 'vague' || r.reason === 'long' ? dateHint(date, r.reason) : r.reason === 'past' ? `"${date.slice(0, 40)}" is in the past.` : `I couldn't read "${date.slice(0, 40)}" as a date. Try "Friday", "next Tuesday" or "2026-12-01".`;
    else if (r.due.date === c.dueDate) errors[field] = `C-${c.seq} is already due then: give the new date, or choose on track.`;
    else planned.push({ c, answer, due: r.due });
  }
  const plannedD: { d: DecisionRow; answer: CommitmentAnswer['answer']; due?: DueDate }[] = [];
  // Decisions are at most the form's remaining rows: their dates get a budget of their own.
  const decisionDatesFrom = performance.now();
  for (const d of await myExecutions(ctx, FORM_COMMITMENTS)) {
    const choice = text(`d${d.seq}`);
    const date = text(`d${d.seq}_date`);
    if (choice === undefined && date === undefined) continue;
    let answer = (choice ?? 'ontrack') as CommitmentAnswer['answer'];
    if (!CHOICES.some((o) => o.value === answer)) {
      errors[`d${d.seq}`] = 'Choose on track, done or slipping.';
      continue;
    }
    if (answer === 'ontrack' && date) answer = 'slipping';
    if (answer !== 'slipping') {
      plannedD.push({ d, answer });
      continue;
    }
    const field = `d${d.seq}_date`;
    if (!date) errors[field] = `When will D-${d.seq} be carried out? e.g. "next Friday".`;
    else if (performance.now() - decisionDatesFrom > DATE_READING_BUDGET_MS) errors[field] = 'Not read: too many dates above could not be read. Correct them and send again.';
    else {
      const r = readDate(date, ctx.now, d.dueTz ?? ctx.actorTz, ctx.dates);
      if (!r.ok) errors[field] = r.reason === 'time' || r.reason === 'vague' || r.reason === 'long' ? dateHint(date, r.reason) : r.reason === 'past' ? `"${date.slice(0, 40)}" is in the past.` : `I couldn't read "${date.slice(0, 40)}" as a date. Try "Friday", "next Tuesday" or "2026-12-01".`;
      else if (r.due.date === d.dueDate) errors[field] = `D-${d.seq} is already due then: give the new date, or choose on track.`;
      else plannedD.push({ d, answer, due: r.due });
    }
  }
  if (Object.keys(errors).length > 0) return errors;

  // Commands' channel posts stay (open accountability); their private copies are replaced by one thank-you.
  const before = ctx.outgoing.length;
  const done: Line[] = [];
  const kept: CommitmentAnswer[] = [];
  for (const p of planned) {
    const entry: CommitmentAnswer = { seq: p.c.seq, text: p.c.text, answer: p.answer };
    if (p.answer === 'done') {
      await closeCommitment(ctx, p.c, 'done', 'from the check-in');
      done.push(line(bold(`C-${p.c.seq}`), ' done ✅'));
    } else if (p.answer === 'slipping' && p.due) {
      const r = await redateCommitment(ctx, p.c, p.due);
      if (isRefusal(r)) return { [`c${p.c.seq}_date`]: r.error };
      entry.to = p.due.date;
      entry.toLabel = formatDay(p.due.date, ctx.now, p.due.tz);
      entry.from = p.c.dueDate;
      const change = dateChange(p.c.dueDate, p.due.date);
      done.push(line(bold(`C-${p.c.seq}`), change === 'forward' ? ` brought forward to ${entry.toLabel}` : ` now due ${entry.toLabel}`, change === 'slip' ? ' (a slip)' : ''));
    }
    kept.push(entry);
  }
  for (const p of plannedD) {
    const entry: CommitmentAnswer = { seq: p.d.seq, text: p.d.text, answer: p.answer, kind: 'decision' };
    if (p.answer === 'done') {
      await markDone(ctx, p.d, 'from the check-in');
      done.push(line(bold(`D-${p.d.seq}`), ' done ✅'));
    } else if (p.answer === 'slipping' && p.due) {
      const r = await redateDecision(ctx, p.d, p.due);
      if (isRefusal(r)) return { [`d${p.d.seq}_date`]: r.error };
      entry.to = p.due.date;
      entry.toLabel = formatDay(p.due.date, ctx.now, p.due.tz);
      entry.from = p.d.dueDate;
      const change = dateChange(p.d.dueDate, p.due.date);
      done.push(line(bold(`D-${p.d.seq}`), change === 'forward' ? ` brought forward to ${entry.toLabel}` : ` now due ${entry.toLabel}`, change === 'slip' ? ' (a slip)' : ''));
    }
    kept.push(entry);
  }
  const answers: Answers = { ...(moved ? { moved } : {}), commitments: kept, ...(decide ? { decide } : {}) };
  if (blocking) {
    const b = await raiseBlocker(ctx, { text: blocking });
    answers.blocking = blocking;
    answers.blocker = b.seq;
    const told = await leadsTold(ctx);
    done.push(line(bold(`E-${b.seq}`), told ? ` opened; ${told}` : " opened and posted in the team's channel"));
  }
  if (decide) done.push(line('Your point to decide together goes into the digest'));
  if (!await moveCheckin(ctx.db, checkin.id, ['sent', 'skipped', 'away'], { status: 'answered', answeredAt: ctx.now, answers: answers as unknown as Record<string, unknown> })) {
    return refuse('That check-in changed while you were answering. Please open it again.', 'checkin', 'checkin');
  }
  for (let i = ctx.outgoing.length - 1; i >= before; i--) if (ctx.outgoing[i]!.destination.to === 'reply') ctx.outgoing.splice(i, 1);
  await ctx.audit('checkin.answer', run.runKey, { done: kept.filter((k) => k.answer === 'done').length, slipping: kept.filter((k) => k.answer === 'slipping').length, blocker: answers.blocker ?? null });
  ctx.reply(message([section(line(`Thanks, ${ctx.actor.name} — your check-in is in.`)), ...(done.length ? [list(done, { title: 'Recorded' })] : [])]));
  const fresh = await getRun(ctx.db, run.id) ?? run;
  if (fresh.digestPostedAt !== null) await refreshDigest(ctx, fresh, checkin.id);
  else await maybeDigest(ctx, run.id);
}
