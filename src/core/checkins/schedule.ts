// When a weekly check-in happens: pure functions of a weekday, a local time, zones and a clock
// reading. A run belongs to one local date (the scheduled weekday); each member's moment is that
// date and time in their own zone. Daylight saving: a local time that does not exist that day
// (spring forward) moves forward by the gap; one that happens twice (fall back) takes the first.
import { DateTime } from 'luxon';
import { WEEKDAYS } from '../language/limits.js';

export type Weekday = (typeof WEEKDAYS)[number];

/** A weekly slot: 1 = Monday … 7 = Sunday, and "HH:MM" local. */
export interface Weekly {
  weekday: number;
  time: string;
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
 * The first run date after `now`: the first date with the weekday on which someone's moment (the
 * earliest of `zones`) is still ahead, leaving out dates `taken` (runs that already exist).
 * Rolls over the week: on Monday 09:00 a "Monday 08:30" schedule means next Monday.
 */
export function nextRunDate(w: Weekly, now: number, zones: string[], taken: (date: string) => boolean = () => false): string {
  const zs = zones.length ? zones : ['UTC'];
  // Start two days back in UTC: the earliest zones are up to 14 h ahead of it, the latest 12 h behind.
  let date = weekdayOnOrAfter(DateTime.fromMillis(now, { zone: 'UTC' }).minus({ days: 2 }).toISODate()!, w.weekday);
  for (let i = 0; i < 60; i++, date = addDays(date, 7)) {
    if (taken(date)) continue;
    if (Math.min(...zs.map((z) => localInstant(date, w.time, z))) > now) return date;
  }
  return date;
}

/** "Mondays at 08:30". */
export function describeWeekly(w: Weekly): string {
  return `${weekdayName(w.weekday)}s at ${w.time}`;
}

/** "Mon, Nov 30" — a run's date as people read it. */
export function formatRunDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).toFormat('ccc, LLL d', { locale: 'en-US' });
}
