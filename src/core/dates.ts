// Dates as people type them ("Friday", "next Tuesday", "EOW", "end of month", "the 20th",
// "first Monday of November", "12/15", "2026-12-01"), read in a person's own time zone, and how
// dates are shown back to people.
// A small grammar of our own rather than a general parser: every phrase below is read exactly,
// and anything else is refused with examples — a guessed date is worse than a question.
import { DateTime } from 'luxon';

/** A due day in a zone: overdue once `dueAt` (the end of that day there) has passed. */
export interface DueDate {
  date: string;
  tz: string;
  dueAt: number;
}

export type DateRefusal = 'unreadable' | 'past' | 'time' | 'vague' | 'long';

export type DateReading =
  | { ok: true; due: DueDate; /** the phrase gave no year and the day falls in next year */ nextYear: boolean }
  | { ok: false; reason: DateRefusal };

/** ISO weekdays (1 = Monday … 7 = Sunday) the team works. A team calendar can be passed later. */
export const MON_TO_FRI: readonly number[] = [1, 2, 3, 4, 5];

export interface DateOptions {
  workweek?: readonly number[];
}

/** Longer input is refused before any reading: no date phrase is that long. */
export const MAX_DATE_INPUT = 100;

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

const WEEKDAYS: Record<string, number> = {
  mon: 1, monday: 1,
  tue: 2, tues: 2, tuesday: 2,
  wed: 3, weds: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5,
  sat: 6, saturday: 6,
  sun: 7, sunday: 7,
};
const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};
const NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, couple: 2, 'a couple of': 2, 'a couple': 2,
};
const ORDINALS: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5 };

const WD = Object.keys(WEEKDAYS).join('|');
const MO = Object.keys(MONTHS).join('|');
const NUM = `\\d{1,3}|${Object.keys(NUMBERS).sort((a, b) => b.length - a.length).join('|')}`;

// A time of day: Baton keeps a due day, so a time is refused rather than silently dropped.
const TIME = /\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\b\d{1,2}:\d{2}\b|\b(?:noon|midnight|morning|afternoon|evening|lunch(?:time)?|\d{1,2}\s*o'?clock)\b/i;

type Day = DateTime;
interface Read {
  day: Day;
  nextYear?: boolean;
}

function isWorking(d: Day, workweek: readonly number[]): boolean {
  return workweek.includes(d.weekday);
}

/** The team's last working day on or before `d` (a week or month "ends" there). */
function lastWorkingOnOrBefore(d: Day, workweek: readonly number[]): Day {
  let x = d;
  for (let i = 0; i < 7 && !isWorking(x, workweek); i++) x = x.minus({ days: 1 });
  return x;
}

/** The team's last working day of the Monday-to-Sunday week `weeks` after this one. */
function endOfWeek(today: Day, weeks: number, workweek: readonly number[]): Day {
  const sunday = today.startOf('week').plus({ weeks, days: 6 });
  return lastWorkingOnOrBefore(sunday, workweek);
}

function endOfMonth(first: Day, workweek: readonly number[]): Day {
  return lastWorkingOnOrBefore(first.endOf('month').startOf('day'), workweek);
}

/** `weekday` on or after today ("Friday" said on a Friday is today). */
function comingWeekday(today: Day, weekday: number): Day {
  return today.plus({ days: (weekday - today.weekday + 7) % 7 });
}

/** `weekday` in the Monday-to-Sunday week `weeks` after this one ("next Friday" is next week's). */
function weekdayInWeek(today: Day, weekday: number, weeks: number): Day {
  return today.startOf('week').plus({ weeks, days: weekday - 1 });
}

function count(word: string): number | null {
  const w = word.trim();
  if (/^\d{1,3}$/.test(w)) return Number(w);
  return NUMBERS[w] ?? null;
}

/** A month (1–12) with no year: this year's unless it has passed, then next year's. */
function monthAhead(today: Day, month: number): { first: Day; nextYear: boolean } {
  const nextYear = month < today.month;
  return { first: today.set({ year: today.year + (nextYear ? 1 : 0), month, day: 1 }), nextYear };
}

/** A month and day with no year: this year's, or next year's once this year's has passed. */
function dayAhead(today: Day, month: number, day: number): Read | null {
  const thisYear = DateTime.fromObject({ year: today.year, month, day }, { zone: today.zone });
  if (!thisYear.isValid) return null;
  if (thisYear >= today) return { day: thisYear };
  return { day: thisYear.plus({ years: 1 }), nextYear: true };
}

function exactDay(today: Day, year: number, month: number, day: number): Read | null {
  const y = year < 100 ? 2000 + year : year;
  const d = DateTime.fromObject({ year: y, month, day }, { zone: today.zone });
  return d.isValid ? { day: d } : null;
}

function nthWeekdayOf(first: Day, n: number | 'last', weekday: number): Day | null {
  if (n === 'last') {
    const last = first.endOf('month').startOf('day');
    return last.minus({ days: (last.weekday - weekday + 7) % 7 });
  }
  const d = first.plus({ days: (weekday - first.weekday + 7) % 7, weeks: n - 1 });
  return d.month === first.month ? d : null;
}

/** Lower-cases and drops what carries no date: trailing emoji/punctuation, "by", "COB", "EOD". */
function normalise(input: string): string {
  let s = input.toLowerCase().normalize('NFKC');
  // Emoji, symbols and punctuation at either end ("Friday 😅", "Fri.", "Friday!") carry no date.
  s = s.replace(/^[\s\p{P}\p{S}\p{Extended_Pictographic}\u200d\ufe0f]+/u, '').replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}\u200d\ufe0f]+$/u, '');
  s = s.replace(/\s+/g, ' ').replace(/(\p{L})\.(?=\s|,|$)/gu, '$1').replace(/\s*,\s*/g, ' ').trim();
  for (let i = 0; i < 3; i++) {
    s = s
      .replace(/^(?:by|on|to|until|till|til|before|due|at|for|no later than|not later than|latest)\s+/, '')
      .replace(/^(?:cob|eod|close of business|end of (?:the )?(?:business )?day)(?:\s+(?:on|of))?\s+(?=\S)/, '')
      .replace(/\s+(?:cob|eod|close of business|end of (?:the )?(?:business )?day|at the latest|latest)$/, '')
      .trim();
  }
  return s;
}

/** The refusal reason for a phrase we deliberately do not read, or null. */
function vague(s: string): boolean {
  return /\b(?:the week after|the day after|soon|asap|later|sometime|some time|early|late|beginning of|start of|after the|before the|around|about|ish|next few|few)\b/.test(s);
}

function read(s: string, today: Day, workweek: readonly number[]): Read | null {
  let m: RegExpExecArray | null;
  if (/^(?:today|tonight|eod|cob|end of (?:the )?(?:business )?day|close of business|now)$/.test(s)) return { day: today };
  if (/^(?:tomorrow|tmrw|tmr|tmw|tomorow|tommorow|tommorrow|2moro)$/.test(s)) return { day: today.plus({ days: 1 }) };
  if (/^(?:the )?day after tomorrow$/.test(s)) return { day: today.plus({ days: 2 }) };
  if ((m = new RegExp(`^(?:this |coming |this coming )?(${WD})$`).exec(s))) return { day: comingWeekday(today, WEEKDAYS[m[1]!]!) };
  if ((m = new RegExp(`^next (${WD})$`).exec(s))) return { day: weekdayInWeek(today, WEEKDAYS[m[1]!]!, 1) };
  if ((m = new RegExp(`^(?:(${WD}) after next|(?:the )?(${WD}) (?:of the )?week after next)$`).exec(s))) return { day: weekdayInWeek(today, WEEKDAYS[(m[1] ?? m[2])!]!, 2) };
  if (/^(?:eow|(?:the )?end of (?:the |this )?week|this week|(?:the )?end of (?:the )?(?:work|working|school) ?week|this (?:work|working|school) ?week|friday eow)$/.test(s)) return { day: endOfWeek(today, 0, workweek) };
  if (/^(?:(?:the )?end of )?next (?:work |working |school )?week$/.test(s)) return { day: endOfWeek(today, 1, workweek) };
  if (/^(?:(?:the )?end of )?(?:the )?week after next$/.test(s)) return { day: endOfWeek(today, 2, workweek) };
  if (/^(?:eom|(?:the )?end of (?:the |this )?month|this month)$/.test(s)) return { day: endOfMonth(today.startOf('month'), workweek) };
  if (/^(?:(?:the )?end of )?next month$/.test(s)) return { day: endOfMonth(today.startOf('month').plus({ months: 1 }), workweek) };
  if ((m = new RegExp(`^(?:in |within )?(${NUM}) (days?|weeks?|wks?|months?)(?: from (?:now|today))?$`).exec(s)) || (m = new RegExp(`^(?:in |within )(${NUM}) (days?|weeks?|wks?|months?)$`).exec(s))) {
    const n = count(m[1]!);
    if (n === null || n < 1 || n > 366) return null;
    const unit = m[2]!.startsWith('d') ? 'days' : m[2]!.startsWith('w') ? 'weeks' : 'months';
    return { day: today.plus({ [unit]: n }) };
  }
  if (/^(?:in )?a fortnight$/.test(s)) return { day: today.plus({ weeks: 2 }) };
  // A month alone means its last working day ("by December").
  if ((m = new RegExp(`^(?:in |end of |the end of |eo)?(${MO})$`).exec(s))) {
    const { first, nextYear } = monthAhead(today, MONTHS[m[1]!]!);
    return { day: endOfMonth(first, workweek), nextYear };
  }
  if ((m = new RegExp(`^(?:mid|the middle of|middle of)[- ]?(${MO})$`).exec(s))) {
    const { first, nextYear } = monthAhead(today, MONTHS[m[1]!]!);
    const mid = first.set({ day: 15 });
    return mid < today ? null : { day: mid, nextYear };
  }
  if ((m = new RegExp(`^(?:the )?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last) (${WD}) (?:of|in) (${MO})$`).exec(s))) {
    const { first, nextYear } = monthAhead(today, MONTHS[m[3]!]!);
    const d = nthWeekdayOf(first, m[1] === 'last' ? 'last' : ORDINALS[m[1]!]!, WEEKDAYS[m[2]!]!);
    if (!d) return null;
    if (d < today) {
      const again = nthWeekdayOf(first.plus({ years: 1 }), m[1] === 'last' ? 'last' : ORDINALS[m[1]!]!, WEEKDAYS[m[2]!]!);
      return again ? { day: again, nextYear: true } : null;
    }
    return { day: d, nextYear };
  }
  // "the 20th": this month's, or next month's once this month's has passed.
  if ((m = /^(?:the )?(\d{1,2})(?:st|nd|rd|th)$/.exec(s))) {
    const n = Number(m[1]);
    let first = today.startOf('month');
    if (n < today.day) first = first.plus({ months: 1 });
    const d = first.set({ day: n });
    if (!d.isValid || d.month !== first.month) return null;
    return { day: d, nextYear: d.year > today.year };
  }
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) return exactDay(today, Number(m[1]), Number(m[2]), Number(m[3]));
  // US order, as the districts write it: 12/15, 12/15/26, 12/15/2026.
  if ((m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?$/.exec(s))) {
    return m[3] ? exactDay(today, Number(m[3]), Number(m[1]), Number(m[2])) : dayAhead(today, Number(m[1]), Number(m[2]));
  }
  // "Dec 15", "December 15th 2026", "Tue Dec 15", "15 December", "the 15th of December".
  const named =
    new RegExp(`^(?:(?:${WD}) )?(${MO}) (?:the )?(\\d{1,2})(?:st|nd|rd|th)?(?: (\\d{4}))?$`).exec(s) ??
    new RegExp(`^(?:(?:${WD}) )?(?:the )?(\\d{1,2})(?:st|nd|rd|th)? (?:of )?(${MO})(?: (\\d{4}))?$`).exec(s);
  if (named) {
    const monthFirst = /^\D/.test(named[1]!);
    const month = MONTHS[(monthFirst ? named[1] : named[2])!]!;
    const day = Number(monthFirst ? named[2] : named[1]);
    const r = named[3] ? exactDay(today, Number(named[3]), month, day) : dayAhead(today, month, day);
    if (!r) return null;
    // "Tue Dec 15" must name the right weekday: a mismatch is a mistake, not a choice to guess at.
    const wd = new RegExp(`^(${WD}) `).exec(s);
    if (wd && WEEKDAYS[wd[1]!] !== r.day.weekday) return null;
    return r;
  }
  return null;
}

/**
 * Reads `input` as a day in zone `tz`, as seen at `now`. The whole input must be one of the
 * phrases read here (a few linking words like "by" or "COB" aside), so a typo or an unclear
 * phrase is an error rather than a wrong day. Week and month words ("EOW", "next week",
 * "end of month", "December") mean the team's last working day of that week or month.
 */
export function readDate(input: string, now: number, tz: string, opts: DateOptions = {}): DateReading {
  if (input.length > MAX_DATE_INPUT) return { ok: false, reason: 'long' };
  const workweek = opts.workweek && opts.workweek.length > 0 ? opts.workweek : MON_TO_FRI;
  const s = normalise(input);
  if (!s) return { ok: false, reason: 'unreadable' };
  if (TIME.test(s)) return { ok: false, reason: 'time' };
  const today = DateTime.fromMillis(now, { zone: tz }).startOf('day');
  const r = read(s, today, workweek);
  if (!r || !r.day.isValid) return { ok: false, reason: vague(s) ? 'vague' : 'unreadable' };
  if (r.day < today) return { ok: false, reason: 'past' };
  return { ok: true, due: dueFromDate(r.day.toISODate()!, tz), nextYear: r.nextYear ?? false };
}

/** What to type instead, for each way a date can be refused. */
export function dateHint(input: string, reason: DateRefusal): string {
  const shown = `"${input.slice(0, 40)}${input.length > 40 ? '…' : ''}"`;
  switch (reason) {
    case 'past':
      return `${shown} is in the past. Pick a day from today on.`;
    case 'time':
      return `Baton keeps a due day, not a time: write the day alone, e.g. "tomorrow" or "Friday".`;
    case 'long':
      return `That is too long for a date. Try "Friday", "next Tuesday", "end of month" or "2026-12-01".`;
    case 'vague':
      return `${shown} could mean more than one day. Try "Friday", "next Tuesday", "in 2 weeks", "end of next week" or "Dec 15".`;
    default:
      return `I couldn't read ${shown} as a date. Try "Friday", "next Tuesday", "in 2 weeks", "end of month" or "2026-12-01".`;
  }
}

/** "Fri, Nov 27" (with the year when it is not this year's). */
export function formatDay(date: string, now: number, tz: string): string {
  const d = DateTime.fromISO(date, { zone: tz });
  const thisYear = DateTime.fromMillis(now, { zone: tz }).year;
  return d.toFormat(d.year === thisYear ? 'ccc, LLL d' : 'ccc, LLL d, yyyy', { locale: 'en-US' });
}

/**
 * How far a date just typed is, said after the sentence that shows it ("— in 11 days", "— next
 * year, in 282 days"), so "next Friday" said on a Monday shows which Friday it became. Only in the
 * answer to what was typed: a listing's dates stay plain, as a relative word goes stale.
 */
export function distance(due: { date: string; tz: string }, now: number): string {
  const nextYear = DateTime.fromISO(due.date, { zone: due.tz }).year === DateTime.fromMillis(now, { zone: due.tz }).year + 1;
  return ` — ${nextYear ? 'next year, ' : ''}${relativeDay(due.date, now, due.tz)}`;
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
