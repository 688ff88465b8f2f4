// Answering a check-in: the form (the run's own questions, with the records as they are when the
// button is pressed), and its answers applied in one transaction — "done" closes the commitment,
// "slipping" moves its date (a slip), what moved is an update U-n, a blocker opens an E-n, a
// point to decide together goes on the meeting's agenda (A-n), the team's own questions are kept
// as said. The same button edits the answers until the next check-in starts: the records they
// made change with them, and a posted digest is edited. The form's state and answers are
// untrusted input: the team, the run and the member are checked again.
import { z } from 'zod';
import { type CheckinRow, type RunRow, editAnswers, findCheckin, getRun, moveCheckin } from '../../db/checkins.js';
import { type CommitmentRow, dateChange, listCommitments } from '../../db/commitments.js';
import { leadsTold, excerpt } from '../records/blockers.js';
import { closeCommitment, redateCommitment } from '../records/commitments.js';
import { type DecisionRow, openExecutionsOfMembers } from '../../db/decisions.js';
import { markDone, redateDecision } from '../records/decisions.js';
import { type Context, type Refusal, isRefusal, refuse } from '../context.js';
import { type DueDate, dateHint, formatDay, formatInstant, readDate } from '../language/dates.js';
import { DATE_LIMIT, TEXT_LIMIT } from '../language/limits.js';
import { dueSpan } from '../records/lines.js';
import { type Field, type Form, type Line, bold, context, line, list, message, plainLine, section } from '../message.js';
import { refreshDigest } from './digest.js';
import { FORM_ID } from './keys.js';
import { PULSE_FIELD, PULSE_MIN, pulseField, pulseOpen, readPulse, recordPulse } from './pulse.js';
import { runQuestions } from './questions.js';
import { editRecords, meaningful, recordBlocking, recordDecide, recordMoved } from './records.js';
import { maybeDigest } from './run.js';
import { formatRunDate } from './schedule.js';
import { grouped } from '../language/numbers.js';

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
  /** The U-n the moved answer made. */
  update?: number;
  commitments?: CommitmentAnswer[];
  blocking?: string;
  /** The E-n the blocking answer opened. */
  blocker?: number;
  decide?: string;
  /** The agenda item (A-n) the decide answer made. */
  agenda?: number;
  /** Answers to the team's own questions, by question id (q1, q2, …). */
  custom?: Record<string, string>;
  /** How many times the member edited them (each edit of a posted digest is its own message). */
  edits?: number;
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

const refSchema = z.object({ teamId: z.number().int().positive(), runId: z.number().int().positive(), edit: z.literal(true).optional() });
const valuesSchema = z.record(z.string(), z.string().max(TEXT_LIMIT * 2).optional());

function parseRef(raw: string): { teamId: number; runId: number; edit?: true | undefined } | null {
  try {
    const r = refSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/**
 * The caller's own check-in named by a button or a form, if it can still be answered — or, with
 * `edit`, changed: an answered one until the next check-in starts.
 */
async function ownCheckin(ctx: Context, raw: string): Promise<{ run: RunRow; checkin: CheckinRow } | Refusal> {
  const ref = parseRef(raw);
  // Only the edit button (from `checkin edit`) changes answers: the check-in's own button and
  // its form sent twice find the answers already in.
  const edit = ref?.edit === true;
  const run = ref ? await getRun(ctx.db, ref.runId) : undefined;
  if (!ref || !run || run.teamId !== ctx.team.id || ref.teamId !== ctx.team.id) return refuse('That check-in is no longer valid.', 'checkin', 'checkin');
  const checkin = await findCheckin(ctx.db, run.id, ctx.actor.id);
  if (!checkin) return refuse("That check-in isn't yours: yours comes to you privately.", 'checkin', 'checkin');
  if (run.status !== 'open' && checkin.status === 'answered' && edit) {
    return refuse("Your answers to that check-in can no longer be changed: the next check-in has started. To change a record it made, use edit, done or move on it:", 'mine', 'checkin');
  }
  if (run.status !== 'open') return refuse('That check-in has closed: a newer one took its place.', 'checkin', 'checkin');
  if (checkin.status === 'answered' && edit) return { run, checkin };
  if (checkin.status === 'answered') {
    return refuse(
      `You already answered this check-in (${formatInstant(checkin.answeredAt ?? ctx.now, ctx.actorTz)}). To change your answers until the next check-in starts, type \`checkin edit\`; to change a commitment, use done or move:`,
      'checkin edit',
      'checkin',
    );
  }
  if (checkin.status === 'left' || checkin.status === 'missed' || checkin.status === 'pending') return refuse('That check-in is not open to you.', 'checkin', 'checkin');
  if (edit) return refuse('You have not answered that check-in yet: press "Answer check-in" in Baton\'s message to you.', 'checkin', 'checkin');
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
  const { run, checkin } = found;
  const editing = checkin.status === 'answered';
  const before = editing ? ((checkin.answers ?? {}) as Answers) : undefined;
  const all = editing ? [] : await myOpenCommitments(ctx);
  const shown = all.slice(0, FORM_COMMITMENTS);
  const fields: Field[] = [];
  const textField = (id: string, label: string, initial: string | undefined, hint?: string): Field => ({
    type: 'text', id, label, multiline: true, optional: true, maxLength: TEXT_LIMIT, ...(initial ? { initial } : {}), ...(hint ? { hint } : {}),
  });
  for (const q of runQuestions(run)) {
    if (q.kind === 'moved') fields.push(textField('moved', q.text, before?.moved, editing ? undefined : 'Recorded as an update (U-n).'));
    else if (q.kind === 'blocking') fields.push(textField('blocking', q.text, before?.blocking, 'Opens a blocker (E-n); the lead is told at once. Name who can unblock it with @name.'));
    else if (q.kind === 'decide') fields.push(textField('decide', q.text, before?.decide, "Goes on the next meeting's agenda (A-n)."));
    else if (q.kind === 'custom') fields.push(textField(q.id, q.text, before?.custom?.[q.id]));
    else if (!editing) await commitmentFields(ctx, fields, shown);
  }
  // Last, and only while the run's pulse is open (its digest not posted).
  if (pulseOpen(run)) fields.push(pulseField(editing));
  const when = run.kind === 'scheduled' ? `week of ${formatRunDate(run.date)}` : formatRunDate(run.date);
  if (editing) {
    return {
      formId: FORM_ID,
      state: editValue(ctx.team.id, run.id),
      title: 'Edit your check-in',
      submitLabel: 'Save',
      intro: line(bold(ctx.team.name), ` · ${when}. Change your answers; the records they made change with them. Commitments are changed with done and move.`),
      fields,
    };
  }
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

/** The commitments question: each open commitment, then each decision the member carries out. */
async function commitmentFields(ctx: Context, fields: Field[], shown: CommitmentRow[]): Promise<void> {
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
}

/** The value of the "Edit my answers" button (`checkin edit`) and its form's state. */
export function editValue(teamId: number, runId: number): string {
  return JSON.stringify({ teamId, runId, edit: true });
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
    if (v && v.length > TEXT_LIMIT) errors[id] = `At most ${grouped(TEXT_LIMIT)} characters.`;
    return v;
  };
  // Only the run's own questions are read: a field of a dropped question is not an answer.
  const questions = runQuestions(run);
  const asks = (kind: string) => questions.some((q) => q.kind === kind);
  const moved = asks('moved') ? meaningful(long('moved')) : undefined;
  const blocking = asks('blocking') ? meaningful(long('blocking')) : undefined;
  const decide = asks('decide') ? meaningful(long('decide')) : undefined;
  const custom: Record<string, string> = {};
  for (const q of questions) {
    if (q.kind !== 'custom') continue;
    const v = long(q.id);
    if (v) custom[q.id] = v;
  }
  // A pulse sent once the run's pulse closed was dropped with the fields the form no longer declares.
  const pulse = pulseOpen(run) ? readPulse(values[PULSE_FIELD]) : { ok: true as const, score: undefined };
  if (!pulse.ok) errors[PULSE_FIELD] = pulse.error;
  const score = pulse.ok ? pulse.score : undefined;
  if (checkin.status === 'answered') {
    if (Object.keys(errors).length > 0) return errors;
    return await editSubmission(ctx, run, checkin, { moved, blocking, decide, custom }, score);
  }

  const planned: Planned[] = [];
  // Reading a date costs from microseconds to milliseconds (chrono): forty crafted ones, each
  // within the field's length, would hold the process for tens of milliseconds. Past a budget,
  // the rest are left unread for the person to send again.
  // The budget is for reading dates: it starts once the commitments are loaded (a query's wait,
  // longer on PostgreSQL or a busy machine, is not date reading).
  const mine = await myOpenCommitments(ctx);
  const datesFrom = performance.now();
  for (const c of mine) {
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
  const executions = await myExecutions(ctx, FORM_COMMITMENTS);
  const decisionDatesFrom = performance.now();
  for (const d of executions) {
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
  const answers: Answers = { ...(moved ? { moved } : {}), commitments: kept, ...(decide ? { decide } : {}), ...(Object.keys(custom).length ? { custom } : {}) };
  if (moved) {
    answers.update = await recordMoved(ctx, moved);
    done.push(line(bold(`U-${answers.update}`), ' what you moved forward'));
  }
  if (blocking) {
    answers.blocking = blocking;
    answers.blocker = await recordBlocking(ctx, blocking);
    const told = await leadsTold(ctx);
    done.push(line(bold(`E-${answers.blocker}`), told ? ` opened; ${told}` : " opened and posted in the team's channel"));
  }
  if (decide) {
    answers.agenda = await recordDecide(ctx, checkin.id, decide);
    done.push(line(bold(`A-${answers.agenda}`), " your point to decide together, on the next meeting's agenda"));
  }
  if (!await moveCheckin(ctx.db, checkin.id, ['sent', 'skipped', 'away'], { status: 'answered', answeredAt: ctx.now, answers: answers as unknown as Record<string, unknown> })) {
    return refuse('That check-in changed while you were answering. Please open it again.', 'checkin', 'checkin');
  }
  // Kept apart from the answers, and before the digest may be posted below, so it counts in it.
  if (score !== undefined) await recordPulse(ctx, run, checkin, score);
  for (let i = ctx.outgoing.length - 1; i >= before; i--) if (ctx.outgoing[i]!.destination.to === 'reply') ctx.outgoing.splice(i, 1);
  await ctx.audit('checkin.answer', run.runKey, { done: kept.filter((k) => k.answer === 'done').length, slipping: kept.filter((k) => k.answer === 'slipping').length, blocker: answers.blocker ?? null });
  ctx.reply(message([section(line(`Thanks, ${ctx.actor.name} — your check-in is in.`)), ...(done.length ? [list(done, { title: 'Recorded' })] : []), ...(score !== undefined ? [pulseKept()] : [])]));
  const fresh = await getRun(ctx.db, run.id) ?? run;
  if (fresh.digestPostedAt !== null) await refreshDigest(ctx, fresh, checkin.id);
  else await maybeDigest(ctx, run.id);
}

/**
 * An answered check-in changed: the records its answers made follow (changed, withdrawn, or
 * made now — never a second one), and a posted digest is edited to read the new answers.
 */
async function editSubmission(ctx: Context, run: RunRow, checkin: CheckinRow, now: { moved?: string | undefined; blocking?: string | undefined; decide?: string | undefined; custom: Record<string, string> }, score: number | undefined): Promise<Refusal | void> {
  const before = (checkin.answers ?? {}) as Answers;
  const { made, changes } = await editRecords(ctx, checkin.id, { update: before.update, blocker: before.blocker, agenda: before.agenda }, now, before);
  const edits = (before.edits ?? 0) + 1;
  const answers: Answers = {
    ...(now.moved ? { moved: now.moved } : {}),
    ...(made.update !== undefined ? { update: made.update } : {}),
    commitments: before.commitments ?? [],
    ...(now.blocking ? { blocking: now.blocking } : {}),
    ...(made.blocker !== undefined ? { blocker: made.blocker } : {}),
    ...(now.decide ? { decide: now.decide } : {}),
    ...(made.agenda !== undefined ? { agenda: made.agenda } : {}),
    ...(Object.keys(now.custom).length ? { custom: now.custom } : {}),
    edits,
  };
  // Commands' channel posts stay; a new blocker's private copy is replaced by this one answer.
  const start = ctx.outgoing.length;
  if (!await editAnswers(ctx.db, checkin.id, answers as unknown as Record<string, unknown>)) {
    return refuse('That check-in changed while you were editing it. Please open it again.', 'checkin edit', 'checkin');
  }
  for (let i = ctx.outgoing.length - 1; i >= start; i--) if (ctx.outgoing[i]!.destination.to === 'reply') ctx.outgoing.splice(i, 1);
  if (score !== undefined) await recordPulse(ctx, run, checkin, score);
  await ctx.audit('checkin.edit', run.runKey, { changes: changes.map((c) => `${c.id} ${c.what}`).join(', ') || null });
  const words = { changed: 'changed to your new answer', withdrawn: 'withdrawn (your answer is now empty)', added: 'recorded' } as const;
  const fresh = await getRun(ctx.db, run.id) ?? run;
  ctx.reply(message([
    section(line(`Your check-in answers are updated, ${ctx.actor.name}.`), ...(fresh.digestPostedAt !== null ? [line("The team's digest shows them now.")] : [])),
    ...(changes.length ? [list(changes.map((c) => line(bold(c.id), ` ${words[c.what]}`)), { title: 'Records' })] : []),
    ...(score !== undefined ? [pulseKept()] : []),
  ]));
  if (fresh.digestPostedAt !== null) await refreshDigest(ctx, fresh, checkin.id, edits);
}

/**
 * The confirmation says the pulse was counted, not what it was: the message is kept (outbox) and
 * shown (a shared screen) beside the person's name.
 */
function pulseKept() {
  return context(`Your pulse answer is counted. The team sees only the average of ${PULSE_MIN} or more answers, never yours.`);
}
