// When the team's meeting happens: pure functions of its schedule (a weekday, a local time, a
// zone, a cadence in weeks from an anchor date) and a clock reading. Each occurrence is one local
// date in the schedule's zone; its instants come from luxon through localInstant, so a meeting at
// 15:30 stays at 15:30 local across a daylight-saving change.
import { DateTime } from 'luxon';
import { addDays, localInstant, weekdayName, weekdayOnOrAfter } from '../checkins/schedule.js';

export interface MeetingCadence {
  weekday: number;
  /** HH:MM, 24 h, in `zone`. */
  time: string;
  zone: string;
  everyWeeks: number;
  minutes: number;
  /** The local date of the first meeting, from which every N weeks counts. */
  anchorDate: string;
}

export interface Occurrence {
  date: string;
  startsAt: number;
  endsAt: number;
}

export function occurrenceOn(c: MeetingCadence, date: string): Occurrence {
  const startsAt = localInstant(date, c.time, c.zone);
  return { date, startsAt, endsAt: startsAt + c.minutes * 60_000 };
}

/** The first occurrence that starts after `now`. */
export function nextOccurrence(c: MeetingCadence, now: number): Occurrence {
  const step = 7 * c.everyWeeks;
  const today = DateTime.fromMillis(now, { zone: c.zone }).toISODate()!;
  const days = Math.floor(DateTime.fromISO(today, { zone: 'UTC' }).diff(DateTime.fromISO(c.anchorDate, { zone: 'UTC' }), 'days').days);
  // The cadence's occurrence on or just before today, then forward until one is ahead.
  let date = days <= 0 ? c.anchorDate : addDays(c.anchorDate, Math.floor(days / step) * step);
  for (let i = 0; i < 400; i++, date = addDays(date, step)) {
    const o = occurrenceOn(c, date);
    if (o.startsAt > now) return o;
  }
  return occurrenceOn(c, date);
}

/** The first date with the weekday whose meeting time is still ahead of `now`: a new schedule's anchor. */
export function firstDate(weekday: number, time: string, zone: string, now: number): string {
  const today = DateTime.fromMillis(now, { zone }).toISODate()!;
  const date = weekdayOnOrAfter(today, weekday);
  return localInstant(date, time, zone) > now ? date : addDays(date, 7);
}

/**
 * The first occurrence within a year on which `time` does not exist in `zone` (the clocks jump
 * over it), or null. A meeting at such a time would silently move by an hour once a year.
 */
export function missingTimeWithin(c: MeetingCadence, fromDate: string): string | null {
  const [hour, minute] = c.time.split(':').map(Number);
  for (let date = fromDate, i = 0; i < Math.ceil(53 / c.everyWeeks); i++, date = addDays(date, 7 * c.everyWeeks)) {
    const [y, m, d] = date.split('-').map(Number);
    const dt = DateTime.fromObject({ year: y!, month: m!, day: d!, hour: hour!, minute: minute! }, { zone: c.zone });
    if (dt.hour !== hour || dt.minute !== minute) return date;
  }
  return null;
}

/** "Tuesdays at 15:30, every 2 weeks, 90 min (America/Chicago)". */
export function describeCadence(c: Pick<MeetingCadence, 'weekday' | 'time' | 'zone' | 'everyWeeks' | 'minutes'>): string {
  const every = c.everyWeeks === 1 ? '' : `, every ${c.everyWeeks} weeks`;
  return `${weekdayName(c.weekday)}s at ${c.time}${every}, ${c.minutes} min (${c.zone})`;
}
