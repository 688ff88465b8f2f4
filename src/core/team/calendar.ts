// The team's working days: the seam every timer asks before it sends (check-ins, reminders,
// nudges, agendas, meetings, time-box escalations). A day is a working day when its weekday is
// in the team's work week (default Monday to Friday) and no `calendar off` range holds it.
//
// Whose day counts: the calendar holds the team's dates (YYYY-MM-DD). A member's private message
// is judged by that member's own local date (Dec 24 is off for everyone on their own Dec 24); a
// team-wide timer (a digest, a time box, an escalation) by the team's zone, the default zone.
// Each call reads the team's calendar in one query; code that asks many times loads it once
// (`loadCalendar`) and asks the pure functions below.
import { DateTime } from 'luxon';
import { loadCalendarRows } from '../../db/calendar.js';
import type { Db } from '../../db/client.js';
import { rescheduleJob } from '../../db/jobs.js';
import { getMember } from '../../db/members.js';
import type { JobHandler } from '../handlers.js';
import { MON_TO_FRI, type DateOptions, zoneOr } from '../language/dates.js';

/** A team's calendar, loaded once: its work week (ISO weekdays) and its off ranges. */
export interface Calendar {
  workweek: readonly number[];
  off: readonly { startDate: string; endDate: string; reason: string | null }[];
}

/** No calendar can hold more than this many days off in a row: a walk past it stops. */
const MAX_WALK_DAYS = 800;

export function parseWorkweek(text: string | null): readonly number[] {
  const days = (text ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= 7);
  return days.length ? [...new Set(days)].sort() : MON_TO_FRI;
}

export async function loadCalendar(db: Db, teamId: number): Promise<Calendar> {
  const rows = await loadCalendarRows(db, teamId);
  return { workweek: parseWorkweek(rows.workweek), off: rows.off };
}

function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

function weekdayOf(date: string): number {
  return DateTime.fromISO(date, { zone: 'UTC' }).weekday;
}

/** The off range holding `date`, if any. */
export function offRangeOn(cal: Calendar, date: string): Calendar['off'][number] | undefined {
  return cal.off.find((r) => r.startDate <= date && date <= r.endDate);
}

export function isWorking(cal: Calendar, date: string): boolean {
  return cal.workweek.includes(weekdayOf(date)) && offRangeOn(cal, date) === undefined;
}

/** The first working day on or after `date` (the date itself when nothing is worked for years). */
export function nextWorking(cal: Calendar, date: string): string {
  let d = date;
  for (let i = 0; i < MAX_WALK_DAYS; i++, d = addDays(d, 1)) if (isWorking(cal, d)) return d;
  return date;
}

/** The last working day on or before `date`. */
export function previousWorking(cal: Calendar, date: string): string {
  let d = date;
  for (let i = 0; i < MAX_WALK_DAYS; i++, d = addDays(d, -1)) if (isWorking(cal, d)) return d;
  return date;
}

/** Working days from `from` (inclusive) to `to` (exclusive). */
export function workingDaysIn(cal: Calendar, from: string, to: string): number {
  let n = 0;
  for (let d = from, i = 0; d < to && i < MAX_WALK_DAYS * 2; d = addDays(d, 1), i++) if (isWorking(cal, d)) n++;
  return n;
}

/**
 * When `durationMs` of working time from `start` ends, read in `tz`: the clock stops at the start
 * of each non-working day and runs again at the start of the next working one. A 48 h box from
 * Friday 10:00 with the weekend off ends Tuesday 10:00.
 */
export function workingDeadline(cal: Calendar, start: number, durationMs: number, tz: string): number {
  let at = start;
  let left = durationMs;
  for (let i = 0; i < MAX_WALK_DAYS && left > 0; i++) {
    const day = DateTime.fromMillis(at, { zone: tz });
    const end = day.startOf('day').plus({ days: 1 }).toMillis();
    if (isWorking(cal, day.toISODate()!)) {
      if (at + left <= end) return at + left;
      left -= end - at;
    }
    at = end;
  }
  return at + left;
}

/**
 * When a timer due at `at` may fire: `at` itself on a working day (read in `tz`), else the same
 * local time on the next working day (a check-in reminder of a Friday that became a holiday comes
 * on Monday). Same-time across a clock change is kept as wall time.
 */
export function workingInstant(cal: Calendar, at: number, tz: string): number {
  const local = DateTime.fromMillis(at, { zone: tz });
  const date = local.toISODate()!;
  if (isWorking(cal, date)) return at;
  const next = DateTime.fromISO(nextWorking(cal, date), { zone: tz }).set({ hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond });
  return next.toMillis();
}

/** How readDate reads week and month words for this team ("EOW" is its last working day). */
export function dateOptions(cal: Calendar): DateOptions {
  return { workweek: cal.workweek, isOff: (date) => offRangeOn(cal, date) !== undefined };
}

/** Whether `localDate` (YYYY-MM-DD, a team date) is a working day of the team. */
export async function isWorkingDay(db: Db, teamId: number, localDate: string): Promise<boolean> {
  return isWorking(await loadCalendar(db, teamId), localDate);
}

/** The first working day on or after `localDate` (YYYY-MM-DD). */
export async function nextWorkingDay(db: Db, teamId: number, localDate: string): Promise<string> {
  return nextWorking(await loadCalendar(db, teamId), localDate);
}

/** The last working day strictly before `localDate` (YYYY-MM-DD): "the working day before" a due date. */
export async function previousWorkingDay(db: Db, teamId: number, localDate: string): Promise<string> {
  return previousWorking(await loadCalendar(db, teamId), addDays(localDate, -1));
}

/** Working days from `from` (inclusive) to `to` (exclusive), both YYYY-MM-DD. */
export async function workingDaysBetween(db: Db, teamId: number, from: string, to: string): Promise<number> {
  return workingDaysIn(await loadCalendar(db, teamId), from, to);
}

/** The readDate options of a team: its work week and days off, for "EOW", "end of month". */
export async function teamDateOptions(db: Db, teamId: number): Promise<DateOptions> {
  return dateOptions(await loadCalendar(db, teamId));
}

/**
 * A timer that waits for a working day: due on a non-working day (in the member's own zone when
 * the timer is one member's, else the team's), it moves to the same local time of the next
 * working day under the same key, and only then runs (at once if that time has passed too). For reminders, digests, escalations and
 * follow-ups, whose time may fall in a break the calendar gained after they were set.
 */
export function onWorkingDays(handler: JobHandler): JobHandler {
  return async (ctx, payload, job) => {
    if (!job) return handler(ctx, payload, job);
    const member = typeof payload.memberId === 'number' ? await getMember(ctx.db, payload.memberId) : undefined;
    const tz = member ? zoneOr(member.tz, ctx.defaultTz) : ctx.defaultTz;
    const cal = await loadCalendar(ctx.db, ctx.team.id);
    // The day it was due decides: one due on a working day and run late (Baton was down) runs.
    const at = workingInstant(cal, job.dueAt, tz);
    if (at <= ctx.now) return handler(ctx, payload, job);
    await rescheduleJob(ctx.db, { key: job.key, kind: job.kind, dueAt: at, payload, createdAt: ctx.now });
  };
}
