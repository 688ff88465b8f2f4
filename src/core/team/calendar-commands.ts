// The `calendar` commands: see the team's work week and days off (anyone); add a break or a
// holiday, make a day a working day again, set the work week (a lead). Dates are read in the
// team's zone (the default zone, BATON_DEFAULT_TZ), as the calendar holds team dates. Each
// change re-plans the check-in, whose next run may move to or from the changed days.
import { DateTime } from 'luxon';
import { addOffRange, deleteRange, rangesOn, saveWorkweek } from '../../db/calendar.js';
import { planNextRun, upcomingRunDate, sendDay, weeklyOf } from '../checkins/run.js';
import { formatRunDate, weekdayName } from '../checkins/schedule.js';
import { type Context, type Refusal, refuse } from '../context.js';
import type { Handlers } from '../handlers.js';
import { dateHint, localDate, readDate } from '../language/dates.js';
import { bold, code, context, line, list, message, section, type Line } from '../message.js';
import { type Calendar, isWorking, loadCalendar, workingDaysIn } from './calendar.js';

/** The longest break one `calendar off` may set: a school year, not a typo's century. */
const MAX_RANGE_DAYS = 366;
const REASON_LIMIT = 200;
/** How many days off `calendar` lists before "and N more". */
const SHOWN = 15;
/** Words between the two dates of a range. */
const TO = new Set(['to', 'through', 'thru', 'until', 'till', '-', '–', '—']);
/** The most words one date may take ("the first Monday of January" is 5). */
const DATE_WORDS = 6;

const OFF_HINT = 'calendar off Dec 21 to Jan 1 Winter break';

function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

function span(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days) + 1;
}

/** "Mon, Dec 21" or "Mon, Dec 21 – Fri, Jan 1". */
function rangeText(from: string, to: string): string {
  return from === to ? formatRunDate(from) : `${formatRunDate(from)} – ${formatRunDate(to)}`;
}

/** "Mon–Fri", "Sun–Thu", or "Mon, Wed, Fri". */
export function workweekText(days: readonly number[]): string {
  const short = (d: number) => weekdayName(d).slice(0, 3);
  if (days.length === 7) return 'every day';
  // A run of consecutive days, possibly across the weekend (Sun–Thu).
  for (const start of days) {
    const run = Array.from({ length: days.length }, (_, i) => ((start - 1 + i) % 7) + 1);
    if (run.every((d) => days.includes(d)) && days.length > 1) return `${short(start)}–${short(run.at(-1)!)}`;
  }
  return days.map(short).join(', ');
}

type Read = { ok: true; date: string; used: number } | { ok: false; reason: 'past' | 'unreadable' | 'time' | 'vague' | 'long' };

/** The longest run of words from `from` that reads as one date, stopping at a range word. */
function readLeading(ctx: Context, words: string[], from: number): Read {
  let whole: Read = { ok: false, reason: 'unreadable' };
  let past = false;
  const stop = words.findIndex((w, i) => i >= from && TO.has(w.toLowerCase()));
  const last = Math.min(words.length, from + DATE_WORDS, stop === -1 ? Infinity : stop);
  for (let end = last; end > from; end--) {
    const r = readDate(words.slice(from, end).join(' '), ctx.now, ctx.defaultTz);
    if (r.ok) return { ok: true, date: r.due.date, used: end - from };
    if (end === last) whole = { ok: false, reason: r.reason };
    if (r.reason === 'past') past = true;
  }
  const failure: Read = past ? { ok: false, reason: 'past' } : whole;
  return failure;
}

function dateRefusal(typed: string, reason: Exclude<Read, { ok: true }>['reason'], hint: string): Refusal {
  if (reason === 'past') return refuse(`"${typed.slice(0, 60)}" is in the past: the calendar plans days to come.`, hint, 'calendar');
  return refuse(dateHint(typed, reason), hint, 'calendar');
}

/** Re-plans the check-in after a change, and says when it now comes. */
async function nextCheckinLine(ctx: Context): Promise<Line | null> {
  await planNextRun(ctx.db, ctx.team.id, ctx.now, ctx.defaultTz);
  return nextCheckinLineReadOnly(ctx);
}

function offLines(cal: Calendar, today: string): { lines: Line[]; total: number } {
  const upcoming = cal.off.filter((r) => r.endDate >= today);
  const lines = upcoming.slice(0, SHOWN).map((r) => {
    const working = workingDaysIn({ workweek: cal.workweek, off: [] }, r.startDate, addDays(r.endDate, 1));
    return line(bold(rangeText(r.startDate, r.endDate)), ` (${working} working day${working === 1 ? '' : 's'} off)`, r.reason ? ` — ${r.reason}` : '');
  });
  return { lines, total: upcoming.length };
}

export const calendarHandlers: Handlers = {
  async calendar(ctx) {
    const cal = await loadCalendar(ctx.db, ctx.team.id);
    const today = localDate(ctx.now, ctx.defaultTz);
    const off = offLines(cal, today);
    const next = await nextCheckinLineReadOnly(ctx);
    ctx.reply(
      message([
        section(line('📅 ', bold(ctx.team.name), ' works ', bold(workweekText(cal.workweek)), isWorking(cal, today) ? '.' : '. Today is a day off.'), ...(next ? [next] : [])),
        list(off.lines, { title: 'Days off ahead', total: off.total, empty: 'No days off ahead.' }),
        context('Nothing is sent on a day off: the check-in moves to the next working day; reminders and escalations wait; time boxes stop. Leads: ', code(`${ctx.prefix}${OFF_HINT}`), ' · ', code(`${ctx.prefix}calendar on Dec 28`), ' · ', code(`${ctx.prefix}calendar workweek mon-fri`)),
      ]),
    );
  },

  async 'calendar.off'(ctx, cmd) {
    const words = cmd.text.split(' ').filter(Boolean);
    const start = readLeading(ctx, words, 0);
    if (!start.ok) return dateRefusal(words.slice(0, DATE_WORDS).join(' '), start.reason, OFF_HINT);
    let endDate = start.date;
    let at = start.used;
    if (at < words.length && TO.has(words[at]!.toLowerCase())) {
      const end = readLeading(ctx, words, at + 1);
      if (!end.ok) return dateRefusal(words.slice(at + 1, at + 1 + DATE_WORDS).join(' ') || '(nothing)', end.reason, OFF_HINT);
      endDate = end.date;
      at += 1 + end.used;
    }
    const reason = words.slice(at).join(' ').replace(/^[-–—:,]\s*/, '').replace(/^for\s+/i, '').trim();
    if (endDate < start.date) {
      return refuse(`The break ends (${formatRunDate(endDate)}) before it starts (${formatRunDate(start.date)}). Give the first day, then the last.`, `calendar off ${words.slice(0, start.used).join(' ')} to <last day>${reason ? ` ${reason}` : ''}`.slice(0, 120), 'calendar');
    }
    if (span(start.date, endDate) > MAX_RANGE_DAYS) {
      return refuse(`That is ${span(start.date, endDate)} days; one range can be at most ${MAX_RANGE_DAYS}. Add a long break in parts.`, OFF_HINT, 'calendar');
    }
    if (reason.length > REASON_LIMIT) return refuse(`The reason is ${reason.length} characters; at most ${REASON_LIMIT}.`, OFF_HINT, 'calendar');
    await addOffRange(ctx.db, { teamId: ctx.team.id, startDate: start.date, endDate, reason: reason || null, createdAt: ctx.now, createdBy: ctx.actor.id });
    await ctx.audit('calendar.off', `${start.date}..${endDate}`, { reason: reason || null });
    const next = await nextCheckinLine(ctx);
    ctx.announce(
      message([
        section(line('📅 Day', start.date === endDate ? '' : 's', ' off: ', bold(rangeText(start.date, endDate)), reason ? ` — ${reason}` : '', '.'), ...(next ? [next] : [])),
        context(`Set by ${ctx.actor.name}. Nothing is sent on days off; time boxes stop over them. `, code(`${ctx.prefix}calendar on ${start.date}`), ' makes a day a working day again.'),
      ]),
    );
  },

  async 'calendar.on'(ctx, cmd) {
    const r = readDate(cmd.date, ctx.now, ctx.defaultTz);
    if (!r.ok) return dateRefusal(cmd.date, r.reason, 'calendar on Dec 28');
    const date = r.due.date;
    const cal = await loadCalendar(ctx.db, ctx.team.id);
    // A day outside the work week stays off whatever the ranges say: the work week is the lever.
    if (!cal.workweek.includes(DateTime.fromISO(date, { zone: 'UTC' }).weekday)) {
      return refuse(`${formatRunDate(date)} is outside the work week (${workweekText(cal.workweek)}), not a day off. Change the work week instead:`, 'calendar workweek mon-fri', 'calendar');
    }
    const ranges = await rangesOn(ctx.db, ctx.team.id, date);
    if (ranges.length === 0) {
      ctx.reply(message([section(line(bold(formatRunDate(date)), ' is already a working day.'))]));
      return;
    }
    // Each range holding the day is cut around it: the days before and after stay off.
    for (const range of ranges) {
      await deleteRange(ctx.db, range.id);
      const piece = { teamId: ctx.team.id, reason: range.reason, createdAt: range.createdAt, createdBy: range.createdBy };
      if (range.startDate < date) await addOffRange(ctx.db, { ...piece, startDate: range.startDate, endDate: addDays(date, -1) });
      if (range.endDate > date) await addOffRange(ctx.db, { ...piece, startDate: addDays(date, 1), endDate: range.endDate });
    }
    await ctx.audit('calendar.on', date);
    const next = await nextCheckinLine(ctx);
    ctx.announce(
      message([
        section(line('📅 ', bold(formatRunDate(date)), ' is a working day again.'), ...(next ? [next] : [])),
        context(`Set by ${ctx.actor.name}. `, code(`${ctx.prefix}calendar`), ' shows the days off.'),
      ]),
    );
  },

  async 'calendar.workweek'(ctx, cmd) {
    await saveWorkweek(ctx.db, { teamId: ctx.team.id, workweek: cmd.days.join(','), updatedAt: ctx.now, updatedBy: ctx.actor.id });
    await ctx.audit('calendar.workweek', cmd.days.join(','));
    const next = await nextCheckinLine(ctx);
    ctx.announce(
      message([
        section(line('📅 The work week is now ', bold(workweekText(cmd.days)), '. "End of week" means its last working day.'), ...(next ? [next] : [])),
        context(`Set by ${ctx.actor.name}.`),
      ]),
    );
  },
};

/** When the next check-in comes (nothing re-planned): for `calendar`. */
async function nextCheckinLineReadOnly(ctx: Context): Promise<Line | null> {
  const w = await weeklyOf(ctx.db, ctx.team.id);
  if (!w.enabled) return null;
  const key = await upcomingRunDate(ctx.db, ctx.team.id, w, ctx.now, ctx.defaultTz);
  const day = await sendDay(ctx.db, ctx.team.id, w, key);
  return line('Next check-in: ', bold(formatRunDate(day)), day !== key ? ` (moved from ${formatRunDate(key)}, a day off)` : '', '.');
}
