// When a check-in happens: pure functions of the schedule's weekdays, a local time, every N weeks,
// zones and a clock reading. A run belongs to one scheduled local date; each member's moment is
// that date (or, on a non-working day, the next working one) and time in their own zone. Daylight saving: a local time that does not exist that day
// (spring forward) moves forward by the gap; one that happens twice (fall back) takes the first.
import { DateTime } from 'luxon';
import { WEEKDAYS } from '../language/limits.js';

export type Weekday = (typeof WEEKDAYS)[number];

/** A schedule: 1 = Monday … 7 = Sunday, and "HH:MM" local; several weekdays, every N weeks. */
export interface Weekly {
  /** The first of `weekdays`. */
  weekday: number;
  time: string;
  /** Every weekday, ascending; absent: `weekday` alone. */
  weekdays?: readonly number[];
  /** Every N weeks (absent or 1: weekly), counted from the week of `anchor` (a Monday). */
  everyWeeks?: number;
  anchor?: string | null;
}

export function daysOf(w: Weekly): readonly number[] {
  return w.weekdays && w.weekdays.length ? w.weekdays : [w.weekday];
}

/** What identifies a schedule: a timer set under another one is stale. */
export function signature(w: Weekly): string {
  return `${daysOf(w).join(',')}@${w.time}/${w.everyWeeks ?? 1}:${(w.everyWeeks ?? 1) > 1 ? (w.anchor ?? '') : ''}`;
}

/** Whether the schedule runs on `date` (YYYY-MM-DD). */
export function isScheduled(w: Weekly, date: string): boolean {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  if (!daysOf(w).includes(d.weekday)) return false;
  const every = w.everyWeeks ?? 1;
  if (every <= 1 || !w.anchor) return true;
  const weeks = Math.round(d.startOf('week').diff(DateTime.fromISO(w.anchor, { zone: 'UTC' }).startOf('week'), 'weeks').weeks);
  return ((weeks % every) + every) % every === 0;
}

/** The first scheduled date on or after `date`. */
export function scheduledOnOrAfter(w: Weekly, date: string): string {
  let d = date;
  for (let i = 0; i < 7 * 60; i++, d = addDays(d, 1)) if (isScheduled(w, d)) return d;
  return d;
}

/** The first scheduled date after `date`. */
export function nextScheduledDate(w: Weekly, date: string): string {
  return scheduledOnOrAfter(w, addDays(date, 1));
}

/** The Monday of `date`'s week: where every-N-weeks counts from. */
export function mondayOf(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).startOf('week').toISODate()!;
}

/** The spec's default: Monday 08:30, each member's own time. */
export const DEFAULT_WEEKLY: Weekly = { weekday: 1, time: '08:30' };

export function weekdayNumber(day: Weekday): number {
  return WEEKDAYS.indexOf(day) + 1;
}

export function weekdayName(n: number): string {
  const day = WEEKDAYS[n - 1] ?? 'monday';
  return day[0]!.toUpperCase() + day.slice(1);
}

function hm(time: string): { hour: number; minute: number } {
  const [h, m] = time.split(':').map(Number);
  return { hour: h ?? 0, minute: m ?? 0 };
}

/**
 * The instant `date` (YYYY-MM-DD) at `time` (HH:MM) happens in `zone`. A time skipped by a
 * clock change moves forward by the gap (02:30 → 03:30); a time that happens twice is the first.
 */
export function localInstant(date: string, time: string, zone: string): number {
  const [year, month, day] = date.split('-').map(Number);
  const local = { year: year!, month: month!, day: day!, ...hm(time), second: 0, millisecond: 0 };
  const dt = DateTime.fromObject(local, { zone });
  const t = dt.toMillis();
  // Luxon resolves an ambiguous local time to the later offset; the earlier one is the first.
  const before = DateTime.fromMillis(t - 12 * 3_600_000, { zone }).offset;
  if (before !== dt.offset) {
    const earlier = DateTime.fromObject(local, { zone: `UTC${before >= 0 ? '+' : '-'}${formatOffset(Math.abs(before))}` }).toMillis();
    const back = DateTime.fromMillis(earlier, { zone });
    if (earlier < t && back.hour === local.hour && back.minute === local.minute && back.day === local.day) return earlier;
  }
  return t;
}

function formatOffset(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h}:${String(m).padStart(2, '0')}` : String(h);
}

/** The date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** The first date with this weekday on or after `date`. */
export function weekdayOnOrAfter(date: string, weekday: number): string {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  return d.plus({ days: (weekday - d.weekday + 7) % 7 }).toISODate()!;
}

/**
 * The first run date after `now`: the first scheduled date on which someone's moment (the
 * earliest of `zones`) is still ahead, leaving out dates `taken` (runs that already exist).
 * Rolls over the week: on Monday 09:00 a "Monday 08:30" schedule means next Monday. `shift`
 * gives the day a scheduled date is sent on (the next working day), or null when it is dropped.
 */
export function nextRunDate(w: Weekly, now: number, zones: string[], taken: (date: string) => boolean = () => false, shift: (date: string) => string | null = (d) => d): string {
  const zs = zones.length ? zones : ['UTC'];
  // Start two days back in UTC: the earliest zones are up to 14 h ahead of it, the latest 12 h behind.
  let date = scheduledOnOrAfter(w, DateTime.fromMillis(now, { zone: 'UTC' }).minus({ days: 2 }).toISODate()!);
  for (let i = 0; i < 60 * 7; i++, date = nextScheduledDate(w, date)) {
    if (taken(date)) continue;
    const day = shift(date);
    if (day === null) continue;
    if (Math.min(...zs.map((z) => localInstant(day, w.time, z))) > now) return date;
  }
  return date;
}

/** "Mondays at 08:30", "Mondays and Thursdays at 09:00", "Fridays at 14:00, every 2 weeks". */
export function describeWeekly(w: Weekly): string {
  const names = daysOf(w).map((d) => `${weekdayName(d)}s`);
  const days = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}` : names[0]!;
  const every = w.everyWeeks ?? 1;
  return `${days} at ${w.time}${every > 1 ? `, every ${every} weeks` : ''}`;
}

/** "Mon, Nov 30" — a run's date as people read it. */
export function formatRunDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).toFormat('ccc, LLL d', { locale: 'en-US' });
}
