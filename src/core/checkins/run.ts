// Runs of the weekly check-in. A run is one team's check-in for one week (or a lead's
// `checkin now`). Its timer fires at the first member's local time; it records every member's
// check-in, sends privately to those whose moment has come and sets a timer for the others,
// each at their own local time. Every message has a key made of (team, run, member), written to
// the outbox in the same transaction as the records: whatever restarts happen, it is sent once.
//
// A run whose time passed while Baton was down is sent when Baton starts again if it is less
// than the grace period late; past that, each member's check-in of that run is recorded as
// missed (it shows in `report checkins`), and the next week is planned.
import {
  type CheckinRow,
  type RunRow,
  closeOlderRuns,
  findCheckin,
  findCheckinMember,
  findRun,
  findSchedule,
  getRun,
  insertCheckin,
  insertRun,
  latestRun,
  moveCheckin,
  runCheckins,
  setCheckinDue,
  teamsWithCheckins,
  teamsWithPendingRunJob,
  updateRun,
} from '../../db/checkins.js';
import type { Db } from '../../db/client.js';
import { cancelJobs, rescheduleJob, scheduleJob } from '../../db/jobs.js';
import { getMember, listMembers, type MemberRow } from '../../db/members.js';
import type { Context } from '../context.js';
import { HOUR, localDate, zoneOr } from '../language/dates.js';
import { actions, bold, context, line, message, section, type Button, type Message } from '../message.js';
import { postDigest } from './digest.js';
import { DEFAULT_QUESTIONS, runQuestions, teamQuestions } from './questions.js';
import { ACTION, JOB, keys } from './keys.js';
import { PULSE_QUESTION, pulseOn } from './pulse.js';
import { type Calendar, isWorking, loadCalendar, nextWorking, workingInstant } from '../team/calendar.js';
import { DEFAULT_WEEKLY, type Weekly, formatRunDate, localInstant, nextRunDate, nextScheduledDate, signature } from './schedule.js';
import type { ScheduleRow } from '../../db/checkins.js';

/** When the reminder and the digest come, as data. Documented in README ("Weekly check-in"). */
export const TIMING = {
  /** One reminder to a member who has not answered, this long after their check-in was sent. */
  remindAfterMs: 4 * HOUR,
  /** The digest is posted this long after the last member's check-in time, unless all answered sooner. */
  digestAfterMs: 8 * HOUR,
  /** How many missed weeks a restart records at most (the rest are simply gone). */
  maxCatchUpWeeks: 60,
} as const;

/** A schedule row as a schedule (rows from before several weekdays were kept have `weekday` alone). */
export function weeklyFromRow(row: ScheduleRow | null | undefined): Weekly {
  if (!row) return DEFAULT_WEEKLY;
  const days = (row.weekdays ?? '').split(',').map(Number).filter((n) => n >= 1 && n <= 7);
  return { weekday: row.weekday, time: row.time, weekdays: days.length ? days : [row.weekday], everyWeeks: row.everyWeeks ?? 1, anchor: row.anchor ?? null };
}

/** A team's schedule: its row, or the default (Monday 08:30, on). */
export async function weeklyOf(db: Db, teamId: number): Promise<Weekly & { enabled: boolean }> {
  const row = await findSchedule(db, teamId);
  return row ? { ...weeklyFromRow(row), enabled: row.enabled } : { ...DEFAULT_WEEKLY, enabled: true };
}

/**
 * The team date a scheduled date is sent on: itself on a working day, else the next working day —
 * unless that reaches the schedule's next date, which then stands for both (a two-week break
 * gives one check-in when it ends, not three). Null: dropped.
 */
export function sendDayOf(cal: Calendar, w: Weekly, date: string): string | null {
  const day = nextWorking(cal, date);
  return day === date || day < nextScheduledDate(w, date) ? day : null;
}

/** Active members with their zones. */
async function roster(db: Db, teamId: number, defaultTz: string): Promise<{ member: MemberRow; tz: string }[]> {
  return (await listMembers(db, teamId)).map((m) => ({ member: m, tz: zoneOr(m.tz, defaultTz) }));
}

/** The date of the team's next scheduled run, from now. */
export async function upcomingRunDate(db: Db, teamId: number, w: Weekly, now: number, defaultTz: string): Promise<string> {
  const zones = (await roster(db, teamId, defaultTz)).map((r) => r.tz);
  const cal = await loadCalendar(db, teamId);
  const shift = (d: string) => sendDayOf(cal, w, d);
  // The first date the schedule gives that has no run yet (a run made early by `checkin now` counts).
  const taken = new Set<string>();
  for (let i = 0; i < 60; i++) {
    const date = nextRunDate(w, now, zones, (d) => taken.has(d), shift);
    if ((await findRun(db, teamId, date)) === undefined) return date;
    taken.add(date);
  }
  return nextRunDate(w, now, zones, (d) => taken.has(d), shift);
}

/** The day a scheduled date is sent on, as the team's calendar now stands. */
export async function sendDay(db: Db, teamId: number, w: Weekly, date: string): Promise<string> {
  return sendDayOf(await loadCalendar(db, teamId), w, date) ?? date;
}

/** Sets the timer of a run date: it fires at the first member's local time (or now, if that passed). */
async function setRunTimer(db: Db, teamId: number, w: Weekly, date: string, now: number, defaultTz: string): Promise<void> {
  const zones = (await roster(db, teamId, defaultTz)).map((r) => r.tz);
  const day = await sendDay(db, teamId, w, date);
  const at = Math.min(...(zones.length ? zones : [defaultTz]).map((z) => localInstant(day, w.time, z)));
  await rescheduleJob(db, { key: keys.runJob(teamId, date), kind: JOB.run, dueAt: Math.max(at, now), payload: { teamId, date, day, weekday: w.weekday, time: w.time, sig: signature(w), at }, createdAt: now });
}

/** Plans the team's next scheduled run (after a schedule change): any earlier timer is cancelled. */
export async function planNextRun(db: Db, teamId: number, now: number, defaultTz: string): Promise<string | null> {
  await cancelJobs(db, keys.runJobs(teamId));
  const w = await weeklyOf(db, teamId);
  if (!w.enabled) return null;
  const date = await upcomingRunDate(db, teamId, w, now, defaultTz);
  await setRunTimer(db, teamId, w, date, now, defaultTz);
  return date;
}

/**
 * The schedules, rebuilt from the database: every team whose check-in is on gets the timer of
 * its next run if it has none (a new team, an old database, a timer that failed). Runs at start
 * and before each round of due timers; a timer that is already set is left as it is, so a run
 * missed while Baton was down still fires (late) and meets the grace period.
 */
export async function ensureRunTimers(db: Db, now: number, defaultTz: string): Promise<number> {
  const planned = await teamsWithPendingRunJob(db, JOB.run);
  let added = 0;
  for (const { teamId, schedule } of await teamsWithCheckins(db)) {
    if (planned.has(teamId)) continue;
    const w = weeklyFromRow(schedule);
    const date = await upcomingRunDate(db, teamId, w, now, defaultTz);
    await setRunTimer(db, teamId, w, date, now, defaultTz);
    added++;
  }
  return added;
}

/** What the run timer carries. */
interface RunTimer {
  teamId: number;
  /** The scheduled date: the run's key. */
  date: string;
  /** What identifies the schedule the timer was set under (absent on timers from before). */
  sig?: string;
  weekday: number;
  time: string;
  /** When the first member's moment was (the timer's own time, before any lateness). */
  at: number;
}

/**
 * The run timer fired: start that week's run, catch up on any later week whose time has also
 * come (Baton was down), and set the timer of the next week.
 */
export async function onRunTimer(ctx: Context, payload: Record<string, unknown>, graceMs: number): Promise<void> {
  const p = payload as unknown as RunTimer;
  const w = await weeklyOf(ctx.db, ctx.team.id);
  // A timer from before a schedule change: the change planned its own. An uninstalled workspace
  // gets no check-in; if Baton is installed again, the upkeep plans the next one.
  const stale = typeof p.sig === 'string' ? p.sig !== signature(w) : w.weekday !== p.weekday || w.time !== p.time;
  if (!w.enabled || stale || !ctx.workspace.active) return;
  const cal = await loadCalendar(ctx.db, ctx.team.id);
  const first = sendDayOf(cal, w, p.date);
  // Dropped since the timer was set (a break now reaches the next date): the next date runs.
  if (first !== null) await startScheduledRun(ctx, p.date, first, w, typeof p.at === 'number' ? Math.max(p.at, localInstantMin(ctx, first, w.time, await zonesOf(ctx))) : ctx.now, graceMs);
  let date = nextScheduledDate(w, p.date);
  for (let i = 0; i < TIMING.maxCatchUpWeeks * 7; i++, date = nextScheduledDate(w, date)) {
    const day = sendDayOf(cal, w, date);
    if (day === null) continue;
    const at = localInstantMin(ctx, day, w.time, await zonesOf(ctx));
    if (at > ctx.now) break;
    await startScheduledRun(ctx, date, day, w, at, graceMs);
  }
  await setRunTimer(ctx.db, ctx.team.id, w, date, ctx.now, ctx.defaultTz);
}

async function zonesOf(ctx: Context): Promise<string[]> {
  const zones = (await roster(ctx.db, ctx.team.id, ctx.defaultTz)).map((r) => r.tz);
  return zones.length ? zones : [ctx.defaultTz];
}

/** The first member's moment of a day. */
function localInstantMin(_ctx: Context, day: string, time: string, zones: string[]): number {
  return Math.min(...zones.map((z) => localInstant(day, time, z)));
}

/**
 * One scheduled week: every active member's check-in, each at their local time. `nominal` is
 * when the run was due to start; lateness is measured from it (or from a member's own later time).
 */
async function startScheduledRun(ctx: Context, date: string, day: string, w: Weekly, nominal: number, graceMs: number): Promise<RunRow | null> {
  const team = ctx.team;
  if (await findRun(ctx.db, team.id, date)) return null;
  // The run keeps its scheduled date as its key (once per scheduled date, whatever restarts);
  // its day is when it is sent: the next working day when the scheduled one is off.
  const people = (await roster(ctx.db, team.id, ctx.defaultTz)).map((r) => ({ ...r, at: localInstant(day, w.time, r.tz) }));
  if (people.length === 0) return null;
  const last = Math.max(...people.map((p) => p.at));
  const questions = await teamQuestions(ctx.db, team.id);
  const run = await insertRun(ctx.db, { teamId: team.id, runKey: date, kind: 'scheduled', date: day, startedAt: ctx.now, digestAt: last + TIMING.digestAfterMs, questions, pulse: pulseOn(team) });
  if (!run) return null;
  await closeOlderRuns(ctx.db, team.id, run.id);
  await ctx.audit('checkin.run', date, { members: people.length, late: Math.max(0, ctx.now - nominal) });
  for (const p of people) {
    const c = await insertCheckin(ctx.db, { runId: run.id, teamId: team.id, memberId: p.member.id, status: 'pending', dueAt: p.at });
    if (!c) continue;
    if (p.at <= ctx.now) {
      await deliver(ctx, run, c, p.member, ctx.now - Math.max(p.at, nominal) > graceMs);
    } else {
      await scheduleJob(ctx.db, { key: keys.send(team.id, run.runKey, p.member.id), kind: JOB.send, dueAt: p.at, payload: { teamId: team.id, runId: run.id, memberId: p.member.id }, createdAt: ctx.now });
    }
  }
  await finishStart(ctx, run);
  return await getRun(ctx.db, run.id) ?? run;
}

/** After a run's first sends: a run nobody could be sent to is missed; otherwise its digest is timed. */
async function finishStart(ctx: Context, run: RunRow): Promise<void> {
  const rows = await runCheckins(ctx.db, run.id);
  if (rows.every((c) => c.status === 'missed' || c.status === 'left')) {
    await updateRun(ctx.db, run.id, { status: 'missed', digestAt: null });
    return;
  }
  if (run.digestAt !== null) {
    await scheduleJob(ctx.db, { key: keys.digest(ctx.team.id, run.runKey), kind: JOB.digest, dueAt: run.digestAt, payload: { teamId: ctx.team.id, runId: run.id }, createdAt: ctx.now });
  }
  await maybeDigest(ctx, run.id);
}

/** `checkin now`: a run for everyone at once, outside the schedule. */
export async function startRunNow(ctx: Context): Promise<{ run: RunRow; sent: number; away: number } | null> {
  const team = ctx.team;
  const runKey = `now-${ctx.now}`;
  const run = await insertRun(ctx.db, {
    teamId: team.id,
    runKey,
    kind: 'now',
    date: localDate(ctx.now, ctx.actorTz),
    startedAt: ctx.now,
    startedBy: ctx.actor.id,
    digestAt: ctx.now + TIMING.digestAfterMs,
    // The run keeps the questions it is sent with: a later change does not rewrite its history.
    questions: await teamQuestions(ctx.db, team.id),
    pulse: pulseOn(team),
  });
  if (!run) return null;
  await closeOlderRuns(ctx.db, team.id, run.id);
  let sent = 0;
  let away = 0;
  for (const { member } of await roster(ctx.db, team.id, ctx.defaultTz)) {
    const c = await insertCheckin(ctx.db, { runId: run.id, teamId: team.id, memberId: member.id, status: 'pending', dueAt: ctx.now });
    if (!c) continue;
    const status = await deliver(ctx, run, c, member, false);
    if (status === 'sent') sent++;
    else if (status === 'away' || status === 'skipped') away++;
  }
  await finishStart(ctx, run);
  return { run, sent, away };
}

/** A member's send timer fired. */
export async function onSendTimer(ctx: Context, payload: Record<string, unknown>, graceMs: number): Promise<void> {
  const run = typeof payload.runId === 'number' ? await getRun(ctx.db, payload.runId) : undefined;
  const member = typeof payload.memberId === 'number' ? await getMember(ctx.db, payload.memberId) : undefined;
  if (!run || !member || run.teamId !== ctx.team.id || run.status !== 'open') return;
  const c = await findCheckin(ctx.db, run.id, member.id);
  if (!c || c.status !== 'pending') return;
  // Their day became a day off after the run started: it waits for their next working day.
  const tz = zoneOr(member.tz, ctx.defaultTz);
  const cal = await loadCalendar(ctx.db, ctx.team.id);
  const at = workingInstant(cal, c.dueAt, tz);
  if (at > ctx.now) {
    await setCheckinDue(ctx.db, c.id, at);
    await rescheduleJob(ctx.db, { key: keys.send(ctx.team.id, run.runKey, member.id), kind: JOB.send, dueAt: at, payload, createdAt: ctx.now });
    return;
  }
  await deliver(ctx, run, c, member, ctx.now - c.dueAt > graceMs);
  await maybeDigest(ctx, run.id);
}

/** Whether a member is away for a run: their away date is after the run's day. */
async function isAway(ctx: Context, run: RunRow, member: MemberRow): Promise<boolean> {
  const me = await findCheckinMember(ctx.db, member.id);
  if (!me?.awayUntil) return false;
  const day = run.kind === 'scheduled' ? run.date : localDate(ctx.now, zoneOr(me.awayTz ?? member.tz, ctx.defaultTz));
  return day < me.awayUntil;
}

async function skips(ctx: Context, run: RunRow, member: MemberRow): Promise<boolean> {
  // `checkin skip` names the scheduled date (the run's key); the run may be sent a day later.
  const skip = (await findCheckinMember(ctx.db, member.id))?.skipDate;
  return run.kind === 'scheduled' && (skip === run.runKey || skip === run.date);
}

/**
 * One member's moment has come: send privately (the message's key is the check-in's own), or
 * record why not — they left, are away, skip this week, or Baton was down past the grace period.
 */
export async function deliver(ctx: Context, run: RunRow, c: CheckinRow, member: MemberRow, tooLate: boolean): Promise<string> {
  let status: string;
  if (member.status !== 'active') status = 'left';
  else if (await isAway(ctx, run, member)) status = 'away';
  else if (await skips(ctx, run, member)) status = 'skipped';
  else if (tooLate) status = 'missed';
  else status = 'sent';
  if (!await moveCheckin(ctx.db, c.id, ['pending'], status === 'sent' ? { status, sentAt: ctx.now } : { status })) return c.status;
  if (status !== 'sent') return status;
  ctx.dm(member.userId, checkinMessage(ctx, run, member, false), { key: keys.send(ctx.team.id, run.runKey, member.id), subject: { summary: `Check-in ${formatRunDate(run.date)}` } });
  const remindAt = ctx.now + TIMING.remindAfterMs;
  if (run.digestAt === null || remindAt < run.digestAt) {
    await scheduleJob(ctx.db, { key: keys.remind(ctx.team.id, run.runKey, member.id), kind: JOB.remind, dueAt: remindAt, payload: { teamId: ctx.team.id, runId: run.id, memberId: member.id }, createdAt: ctx.now });
  }
  return status;
}

/** The reminder timer: one reminder, only to someone who has neither answered nor skipped. */
export async function onRemindTimer(ctx: Context, payload: Record<string, unknown>): Promise<void> {
  const run = typeof payload.runId === 'number' ? await getRun(ctx.db, payload.runId) : undefined;
  const member = typeof payload.memberId === 'number' ? await getMember(ctx.db, payload.memberId) : undefined;
  if (!run || !member || run.teamId !== ctx.team.id || run.status !== 'open' || run.digestPostedAt !== null) return;
  const c = await findCheckin(ctx.db, run.id, member.id);
  if (!c || c.status !== 'sent' || c.remindedAt !== null || member.status !== 'active') return;
  await moveCheckin(ctx.db, c.id, ['sent'], { remindedAt: ctx.now });
  ctx.dm(member.userId, checkinMessage(ctx, run, member, true), { key: keys.remind(ctx.team.id, run.runKey, member.id), subject: { summary: `Check-in reminder ${formatRunDate(run.date)}` } });
}

/** The digest timer: post it if everyone has not answered before. */
export async function onDigestTimer(ctx: Context, payload: Record<string, unknown>): Promise<void> {
  const run = typeof payload.runId === 'number' ? await getRun(ctx.db, payload.runId) : undefined;
  if (!run || run.teamId !== ctx.team.id || run.digestPostedAt !== null || run.status === 'missed') return;
  // Nobody was asked (all away or skipping): there is nothing to digest.
  if (!(await runCheckins(ctx.db, run.id)).some((c) => c.status === 'sent' || c.status === 'answered' || c.status === 'pending')) return;
  await postDigest(ctx, run);
}

/** Posts the digest at once when everyone expected has answered. */
export async function maybeDigest(ctx: Context, runId: number): Promise<void> {
  const run = await getRun(ctx.db, runId);
  if (!run || run.digestPostedAt !== null || run.status === 'missed') return;
  const rows = await runCheckins(ctx.db, run.id);
  const expected = rows.filter((c) => c.status === 'pending' || c.status === 'sent' || c.status === 'answered');
  if (expected.length === 0 || expected.some((c) => c.status !== 'answered')) return;
  // The last answer came on a non-working day: the digest waits for the next working one (a
  // lead's `checkin now` was asked for today: its digest does not wait).
  const cal = await loadCalendar(ctx.db, ctx.team.id);
  if (run.kind === 'scheduled' && !isWorking(cal, localDate(ctx.now, ctx.defaultTz))) {
    const at = workingInstant(cal, ctx.now, ctx.defaultTz);
    await rescheduleJob(ctx.db, { key: keys.digest(ctx.team.id, run.runKey), kind: JOB.digest, dueAt: at, payload: { teamId: ctx.team.id, runId: run.id }, createdAt: ctx.now });
    return;
  }
  await postDigest(ctx, run);
  await cancelJobs(ctx.db, keys.digest(ctx.team.id, run.runKey));
}

/** The button's value: which run, in which team (re-checked when it comes back). */
export function buttonValue(teamId: number, runId: number): string {
  return JSON.stringify({ teamId, runId });
}

/** The private check-in message (or its one reminder): short, with the two buttons. */
export function checkinMessage(ctx: Context, run: RunRow, member: MemberRow, reminder: boolean): Message {
  const value = buttonValue(ctx.team.id, run.id);
  const answer: Button = { label: 'Answer check-in', actionId: ACTION.open, value, style: 'primary', opensForm: true };
  const skip: Button = { label: 'Skip this week', actionId: ACTION.skip, value };
  const when = run.kind === 'scheduled' ? `week of ${formatRunDate(run.date)}` : `started ${formatRunDate(run.date)}`;
  const intro = reminder
    ? line('⏰ A reminder, ', member.name, ': your check-in for ', bold(ctx.team.name), ` (${when}) is still open.`)
    : line('👋 Hi ', member.name, ' — time for the weekly check-in of ', bold(ctx.team.name), ` (${when}).`);
  return message([
    section(intro, line(askedLine(run))),
    context('About a minute. Your answers update the records at once and go into the team digest.'),
    actions(answer, skip),
  ]);
}

/** What the check-in asks, in a sentence: the default questions as before, a team's own ones by name. */
function askedLine(run: RunRow): string {
  const qs = runQuestions(run);
  const pulse = run.pulse ? ` And, if you like, ${PULSE_QUESTION.charAt(0).toLowerCase()}${PULSE_QUESTION.slice(1, -1)} (1–5; only the team's average is shown).` : '';
  if (qs.length === DEFAULT_QUESTIONS.length && qs.every((q, i) => q.id === DEFAULT_QUESTIONS[i]!.id)) {
    return `What moved, your open commitments (done, on track or slipping), anything blocking you, anything the team should decide together.${pulse}`;
  }
  return qs.map((q) => (q.kind === 'commitments' ? 'your open commitments (done, on track or slipping)' : q.text)).join(' · ') + pulse;
}

/** The team's current run, if one is open. */
export async function currentRun(db: Db, teamId: number): Promise<RunRow | undefined> {
  const r = await latestRun(db, teamId);
  return r && r.status === 'open' ? r : undefined;
}
