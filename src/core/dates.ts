// Natural-language dates ("Friday", "next Tuesday", "in 2 weeks", "2026-12-01"), read in a
// person's own time zone, and how dates are shown back to people.
// The English parser only: the package's root loads every locale (about 60 ms more at start).
import * as chrono from 'chrono-node/en';
import { DateTime } from 'luxon';

/** A due day in a zone: overdue once `dueAt` (the end of that day there) has passed. */
export interface DueDate {
  date: string;
  tz: string;
  dueAt: number;
}

export type DateReading = { ok: true; due: DueDate } | { ok: false; reason: 'unreadable' | 'past' };

const FILLER = /^(?:by|on|to|until|till|before|due|the|at|,|\.|\s)+$/i;

export function isValidZone(tz: string): boolean {
  return DateTime.local().setZone(tz).isValid;
}

/** The zone to read a person's dates in: theirs if known and valid, else the default. */
export function zoneOr(tz: string | null | undefined, fallback: string): string {
  return tz && isValidZone(tz) ? tz : fallback;
}

export function dueFromDate(date: string, tz: string): DueDate {
  const end = DateTime.fromISO(date, { zone: tz }).endOf('day');
  return { date, tz, dueAt: end.toMillis() };
}

/**
 * Reads `input` as a day in zone `tz`, as seen at `now`. The whole input must be a date (a few
 * linking words like "by" or "on" aside), so a typo is an error rather than a wrong day.
 */
export function readDate(input: string, now: number, tz: string): DateReading {
  const cleaned = input.trim().replace(/^(?:by|on|to|until|till|before|due)\s+/i, '');
  if (!cleaned) return { ok: false, reason: 'unreadable' };
  const local = DateTime.fromMillis(now, { zone: tz });
  // chrono reads its reference in the process's own zone: hand it the same wall-clock time as
  // the person's zone shows, so "tomorrow" means their tomorrow.
  const reference = new Date(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const results = chrono.parse(cleaned, reference, { forwardDate: true });
  const first = results[0];
  if (!first) return { ok: false, reason: 'unreadable' };
  const leftover = cleaned.slice(0, first.index) + cleaned.slice(first.index + first.text.length);
  if (leftover.trim() && !FILLER.test(leftover)) return { ok: false, reason: 'unreadable' };
  const day = DateTime.fromObject(
    { year: first.start.get('year') ?? local.year, month: first.start.get('month') ?? local.month, day: first.start.get('day') ?? local.day },
    { zone: tz },
  );
  if (!day.isValid) return { ok: false, reason: 'unreadable' };
  if (day.startOf('day') < local.startOf('day')) return { ok: false, reason: 'past' };
  return { ok: true, due: dueFromDate(day.toISODate()!, tz) };
}

/** "Fri, Nov 27" (with the year when it is not this year's). */
export function formatDay(date: string, now: number, tz: string): string {
  const d = DateTime.fromISO(date, { zone: tz });
  const thisYear = DateTime.fromMillis(now, { zone: tz }).year;
  return d.toFormat(d.year === thisYear ? 'ccc, LLL d' : 'ccc, LLL d, yyyy', { locale: 'en-US' });
}

/** "Nov 27, 14:05" in the zone. */
export function formatInstant(ms: number, tz: string): string {
  return DateTime.fromMillis(ms, { zone: tz }).toFormat('LLL d, HH:mm', { locale: 'en-US' });
}

/** The local calendar day of an instant in a zone. */
export function localDate(ms: number, tz: string): string {
  return DateTime.fromMillis(ms, { zone: tz }).toISODate()!;
}

/** Whole days from `now`'s local day to `date` (negative when past). */
export function daysUntil(date: string, now: number, tz: string): number {
  const today = DateTime.fromMillis(now, { zone: tz }).startOf('day');
  return Math.round(DateTime.fromISO(date, { zone: tz }).startOf('day').diff(today, 'days').days);
}

/** "today", "tomorrow", "in 3 days", "2 days ago": a relative hint beside a date. */
export function relativeDay(date: string, now: number, tz: string): string {
  const n = daysUntil(date, now, tz);
  if (n === 0) return 'today';
  if (n === 1) return 'tomorrow';
  if (n === -1) return 'yesterday';
  return n > 0 ? `in ${n} days` : `${-n} days ago`;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * A duration such as "48h", "2d", "90m", "1w" or "none"/"0", in milliseconds; null if unreadable.
 */
export function readDuration(input: string): number | null {
  const s = input.trim().toLowerCase();
  if (s === 'none' || s === '0' || s === 'off') return 0;
  const m = /^(\d{1,4})\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)$/.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2]!;
  if (unit.startsWith('m')) return n * 60_000;
  if (unit.startsWith('h')) return n * HOUR;
  if (unit.startsWith('d')) return n * DAY;
  return n * 7 * DAY;
}

/** "48h", "7d", "90m", "none": a duration as people write it (hours up to three days). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return 'none';
  if (ms % HOUR === 0 && ms <= 3 * DAY) return `${ms / HOUR}h`;
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  return `${Math.round(ms / 60_000)}m`;
}
