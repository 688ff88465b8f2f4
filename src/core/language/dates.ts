// Dates as people type them ("Friday", "next Tuesday", "EOW", "end of month", "the 20th",
// "first Monday of November", "12/15", "2026-12-01"), read in a person's own time zone, and how
// dates are shown back to people.
// chrono-node reads them (its English parser only: the package's root loads every locale, about
// 60 ms more at start), with Baton's own parsers for what administrators mean by week and month
// words, "the 20th", "mid-November" and the like, and strictness around its result: the whole
// phrase must be one reading, without a time, or it is refused with examples — a guessed date is
// worse than a question.
import * as chrono from 'chrono-node/en';
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
  /** The team's days off inside its work week (a holiday, a break): a week or month ends before them. */
  isOff?: (date: string) => boolean;
}

/** Longer input is refused before any reading: no date phrase is that long. */
export const MAX_DATE_INPUT = 100;
const MAX_DATE_WORDS = 8;

export function isValidZone(tz: string): boolean {
  let valid = zoneValidity.get(tz);
  if (valid === undefined) {
    valid = DateTime.local().setZone(tz).isValid;
    // Zone names come from platform profiles: a few hundred at most, but bounded all the same.
    if (zoneValidity.size > 1_000) zoneValidity.clear();
    zoneValidity.set(tz, valid);
  }
  return valid;
}

/** Asked on every request (each person's zone); luxon builds a formatter to answer, so remember. */
const zoneValidity = new Map<string, boolean>();

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
  eleven: 11, twelve: 12,
};
const ORDINALS: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5 };

const WD = Object.keys(WEEKDAYS).join('|');
const MO = Object.keys(MONTHS).join('|');
const NUM = `\\d{1,3}|${Object.keys(NUMBERS).join('|')}`;

type Day = DateTime;
type Context = Parameters<chrono.Parser['extract']>[0];

/** Tag of a reading whose day is the team's last working day on or before the day it names. */
const LAST_WORKING = 'baton/lastWorkingDay';

/** Tag of a week word ("EOW", "next week"): `baton/weekEnd:N` ends the team's work week N weeks on. */
const WEEK_END = 'baton/weekEnd:';

interface Week {
  workweek: readonly number[];
  isOff: (date: string) => boolean;
}

function isWorking(d: Day, w: Week): boolean {
  return w.workweek.includes(d.weekday) && !w.isOff(d.toISODate()!);
}

/** The team's last working day on or before `d` (a week or month "ends" there); a long break: `d`. */
function lastWorkingOnOrBefore(d: Day, w: Week): Day {
  let x = d;
  for (let i = 0; i < 21; i++, x = x.minus({ days: 1 })) if (isWorking(x, w)) return x;
  return d;
}

/**
 * The weekday a team's work week starts on: the one after its longest run of days off (Sunday
 * for sun-thu, Monday for mon-fri and when every day is worked), so "EOW" on a Sunday of a
 * sun-thu team is that Thursday.
 */
export function weekStartOf(workweek: readonly number[]): number {
  let best = 1;
  let bestGap = 0;
  for (let day = 1; day <= 7; day++) {
    if (!workweek.includes(day)) continue;
    let gap = 0;
    for (let back = ((day + 5) % 7) + 1; !workweek.includes(back) && gap < 7; back = ((back + 5) % 7) + 1) gap++;
    if (gap > bestGap) {
      best = day;
      bestGap = gap;
    }
  }
  return best;
}

/** The person's today: readDate hands chrono their own wall-clock time as its reference. */
function todayOf(context: Context): Day {
  const r = context.reference.instant;
  return DateTime.fromObject({ year: r.getFullYear(), month: r.getMonth() + 1, day: r.getDate() }, { zone: 'UTC' });
}

/**
 * A day as chrono components. `inferred`: the phrase named no year and one was chosen, as chrono
 * marks its own (the echo then says "next year" when it rolled over).
 */
function on(context: Context, d: Day, year: 'known' | 'inferred' = 'known'): chrono.ParsingComponents {
  const c = context.createParsingComponents({ day: d.day, month: d.month });
  return year === 'known' ? c.assign('year', d.year) : c.imply('year', d.year);
}

/** A month (1–12) with no year: this year's unless it has passed, then next year's. */
function monthAhead(today: Day, month: number): Day {
  return today.set({ year: today.year + (month < today.month ? 1 : 0), month, day: 1 });
}

function nthWeekdayOf(first: Day, n: number | 'last', weekday: number): Day | null {
  if (n === 'last') {
    const last = first.endOf('month').startOf('day');
    return last.minus({ days: (last.weekday - weekday + 7) % 7 });
  }
  const d = first.plus({ days: (weekday - first.weekday + 7) % 7, weeks: n - 1 });
  return d.month === first.month ? d : null;
}

/** A parser for one whole phrase (readDate refuses anything not consumed by a single reading). */
function phrase(pattern: RegExp, extract: (context: Context, m: RegExpMatchArray, today: Day) => chrono.ParsingComponents | null): chrono.Parser {
  return { pattern: () => pattern, extract: (context, m) => extract(context, m, todayOf(context)) };
}

/** The Sunday ending the Monday-to-Sunday week `weeks` after this one, read as its last working day. */
const weekEnd = (weeks: number) => (context: Context, _m: RegExpMatchArray, today: Day) =>
  on(context, today.startOf('week').plus({ weeks, days: 6 })).addTag(LAST_WORKING).addTag(`${WEEK_END}${weeks}`);

// What administrators mean and chrono reads otherwise (or not at all): week and month words are
// the last working day of that week or month, "the 20th" is the coming 20th, and so on.
const BATON_PARSERS: chrono.Parser[] = [
  phrase(/^(?:eod|cob|end of (?:the )?(?:business )?day|close of business)$/, (c, _m, today) => on(c, today)),
  phrase(/^(?:tmw|tomorow|tommorow|tommorrow|2moro)$/, (c, _m, today) => on(c, today.plus({ days: 1 }))),
  phrase(new RegExp(`^(?:(${WD}) after next|(?:the )?(${WD}) (?:of )?(?:the )?week after next)$`), (c, m, today) =>
    on(c, today.startOf('week').plus({ weeks: 2, days: WEEKDAYS[(m[1] ?? m[2])!]! - 1 })),
  ),
  phrase(/^(?:eow|friday eow|(?:the )?end of (?:the |this )?(?:work |working |school )?week|this (?:work |working |school )?week)$/, weekEnd(0)),
  phrase(/^(?:(?:the )?end of )?next (?:work |working |school )?week$/, weekEnd(1)),
  phrase(/^(?:(?:the )?end of )?(?:the )?week after next$/, weekEnd(2)),
  phrase(/^(?:eom|(?:the )?end of (?:the |this )?month|this month)$/, (c, _m, today) => on(c, today.endOf('month').startOf('day')).addTag(LAST_WORKING)),
  phrase(/^(?:(?:the )?end of )?next month$/, (c, _m, today) =>
    on(c, today.startOf('month').plus({ months: 1 }).endOf('month').startOf('day')).addTag(LAST_WORKING),
  ),
  // A month alone means its last working day ("by December").
  phrase(new RegExp(`^(?:in |end of |the end of |eo)?(${MO})$`), (c, m, today) =>
    on(c, monthAhead(today, MONTHS[m[1]!]!).endOf('month').startOf('day'), 'inferred').addTag(LAST_WORKING),
  ),
  phrase(new RegExp(`^(?:mid|the middle of|middle of)[- ]?(${MO})$`), (c, m, today) => {
    const mid = monthAhead(today, MONTHS[m[1]!]!).set({ day: 15 });
    return mid < today ? null : on(c, mid, 'inferred');
  }),
  phrase(new RegExp(`^(?:the )?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last) (${WD}) (?:of|in) (${MO})$`), (c, m, today) => {
    const n = m[1] === 'last' ? 'last' : ORDINALS[m[1]!]!;
    const first = monthAhead(today, MONTHS[m[3]!]!);
    const d = nthWeekdayOf(first, n, WEEKDAYS[m[2]!]!);
    if (!d) return null;
    if (d >= today) return on(c, d, 'inferred');
    const again = nthWeekdayOf(first.plus({ years: 1 }), n, WEEKDAYS[m[2]!]!);
    return again ? on(c, again, 'inferred') : null;
  }),
  // "the 20th": this month's, or next month's once this month's has passed.
  phrase(/^(?:the )?(\d{1,2})(?:st|nd|rd|th)$/, (c, m, today) => {
    const n = Number(m[1]);
    const first = today.startOf('month').plus({ months: n < today.day ? 1 : 0 });
    const d = first.set({ day: n });
    return d.isValid && d.month === first.month ? on(c, d, 'inferred') : null;
  }),
  phrase(/^(?:in |within )?a fortnight$/, (c, _m, today) => on(c, today.plus({ weeks: 2 }))),
  // chrono reads "two weeks from now" but not "from today".
  phrase(new RegExp(`^(${NUM}) (days?|weeks?|months?) from today$`), (c, m, today) => {
    const n = /^\d/.test(m[1]!) ? Number(m[1]) : NUMBERS[m[1]!]!;
    const unit = m[2]!.startsWith('d') ? 'days' : m[2]!.startsWith('w') ? 'weeks' : 'months';
    return n < 1 ? null : on(c, today.plus({ [unit]: n }));
  }),
];

// Readings chrono makes that are no due day: a day gone ("last Friday", which it would move
// forward), "the week after" (after what?), a count of nothing, or thousands of days out.
const NOT_A_DUE_DAY = new RegExp(
  `^(?:yesterday|last night|(?:last|past|previous) (?:${WD}|week|month))$|\\bago$|\\b(?:day|week|month) after(?! (?:tomorrow|next|${WD})\\b)|(?:^|\\s)0+ (?:days?|weeks?|months?)\\b|\\b\\d{4,} (?:days?|weeks?|months?)\\b`,
);

const reader = chrono.casual.clone();
// First, so that where one of ours and one of chrono's read the same words ("next week",
// "end of month"), ours is kept.
reader.parsers.unshift(...BATON_PARSERS);
reader.refiners.push({ refine: (_context, results) => results.filter((r) => !NOT_A_DUE_DAY.test(r.text.toLowerCase())) });

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
  // "this coming Friday" is "this Friday"; chrono's weekday dictionary lacks these spellings.
  return s
    .replace(/^(?:this )?coming (?=\S)/, 'this ').replace(/\btues\b/g, 'tue').replace(/\bweds\b/g, 'wed').replace(/\bthur\b/g, 'thu');
}

/** A phrase we deliberately do not read, refused as 'vague' rather than 'unreadable'. */
function vague(s: string): boolean {
  return /\b(?:the week after|the day after|soon|asap|later|sometime|some time|early|late|beginning of|start of|after the|before the|around|about|ish|next few|few)\b/.test(s);
}

// Words for a time of day chrono reads as no part of a date ("Friday at lunch").
const TIME_WORDS = /\b(?:noon|midnight|morning|afternoon|evening|lunch(?:time)?|o'?clock)\b|\d(?:am|pm)\b/;

/** A time of day in the reading: "3pm", "17:00", "noon", "tomorrow morning". */
function hasTime(r: chrono.ParsedResult): boolean {
  const tags = r.tags();
  if (tags.has('casualReference/now')) return false;
  return tags.has('parser/ENCasualTimeParser') || (r.start.isCertain('hour') && !BARE_HOUR.test(r.text));
}

// chrono takes "Friday at 5" as 5 o'clock; it may as well be the 5th: neither is guessed.
const BARE_HOUR = /\bat \d{1,2}$/;

/** Words that may stand beside a date without changing it ("the" in "the 15th of December"). */
const FILLER = new Set(['the', 'on', 'by']);

/** The day of the single reading that consumed the whole phrase, or null. */
function dayOf(s: string, results: chrono.ParsedResult[], tz: string, w: Week, today: Day): Day | null {
  if (results.length !== 1) return null;
  const r = results[0]!;
  const leftover = `${s.slice(0, r.index)} ${s.slice(r.index + r.text.length)}`.split(' ').filter(Boolean);
  if (!leftover.every((w) => FILLER.has(w))) return null;
  if (r.start.isCertain('hour') && !r.tags().has('casualReference/now')) return null;
  const d = DateTime.fromObject({ year: r.start.get('year')!, month: r.start.get('month')!, day: r.start.get('day')! }, { zone: tz });
  if (!d.isValid) return null;
  // "Tue Dec 15" must name the right weekday: a mismatch is a mistake, not a choice to guess at.
  if (r.start.isCertain('weekday') && r.start.isCertain('day') && r.start.get('weekday') !== d.weekday % 7) return null;
  // US order, as the districts write it: "13/1" is no date, not January 13.
  const slash = r.tags().has('parser/SlashDateFormatParser') ? /^(\d{1,2})\//.exec(r.text) : null;
  if (slash && Number(slash[1]) !== d.month) return null;
  const weekWord = [...r.tags()].find((t) => t.startsWith(WEEK_END));
  if (weekWord !== undefined) {
    // The team's own week: it may start on a Sunday (sun-thu), not on chrono's Monday.
    const start = weekStartOf(w.workweek);
    const first = today.minus({ days: (today.weekday - start + 7) % 7 });
    return lastWorkingOnOrBefore(first.plus({ days: 6 + 7 * Number(weekWord.slice(WEEK_END.length)) }), w);
  }
  return r.tags().has(LAST_WORKING) ? lastWorkingOnOrBefore(d, w) : d;
}

/**
 * Reads `input` as a day in zone `tz`, as seen at `now`. The whole input must be one reading (a
 * few linking words like "by" or "COB" aside), without a time, so a typo or an unclear phrase is
 * an error rather than a wrong day. Week and month words ("EOW", "next week", "end of month",
 * "December") mean the team's last working day of that week or month.
 */
export function readDate(input: string, now: number, tz: string, opts: DateOptions = {}): DateReading {
  if (input.length > MAX_DATE_INPUT) return { ok: false, reason: 'long' };
  const workweek = opts.workweek && opts.workweek.length > 0 ? opts.workweek : MON_TO_FRI;
  const s = normalise(input);
  if (!s) return { ok: false, reason: 'unreadable' };
  const today = DateTime.fromMillis(now, { zone: tz }).startOf('day');
  // chrono reads its reference in the process's own zone: hand it the start of the person's own
  // day there, so "tomorrow" means their tomorrow, and "Wednesday" said on a Wednesday afternoon
  // is still today (chrono moves a day forward once the reference is past its implied noon).
  const reference = new Date(today.year, today.month - 1, today.day);
  // No phrase read here has more than 7 words, and chrono's time grows with every number and
  // word it tries: 33 × "1h" (99 characters) took about 4 ms, refused unread it takes none.
  const results = s.split(' ').length > MAX_DATE_WORDS ? [] : reader.parse(s, reference, { forwardDate: true });
  if (results.some(hasTime)) return { ok: false, reason: 'time' };
  const day = dayOf(s, results, tz, { workweek, isOff: opts.isOff ?? (() => false) }, today);
  if (!day) return { ok: false, reason: TIME_WORDS.test(s) ? 'time' : vague(s) ? 'vague' : 'unreadable' };
  if (day < today) return { ok: false, reason: 'past' };
  const first = results[0]!.start;
  const nextYear = first.isCertain('month') && !first.isCertain('year') && day.year > today.year;
  return { ok: true, due: dueFromDate(day.toISODate()!, tz), nextYear };
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
