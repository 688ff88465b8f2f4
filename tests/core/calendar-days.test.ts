// The working-day arithmetic every timer relies on, as pure functions: a time box in working
// time, a timer moved off a day off, the start of a team's week, work-week words, every N weeks,
// and which scheduled date a break folds into the next.
import { describe, expect, it } from 'vitest';
import { sendDayOf } from '../../src/core/checkins/run.js';
import { isScheduled, nextScheduledDate } from '../../src/core/checkins/schedule.js';
import { readWorkweek } from '../../src/core/language/commands.js';
import { weekStartOf } from '../../src/core/language/dates.js';
import { type Calendar, isWorking, nextWorking, previousWorking, workingDaysIn, workingDeadline, workingInstant } from '../../src/core/team/calendar.js';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const monFri: Calendar = { workweek: [1, 2, 3, 4, 5], off: [] };
const withBreak: Calendar = { workweek: [1, 2, 3, 4, 5], off: [{ startDate: '2026-12-21', endDate: '2027-01-01', reason: 'Winter break' }] };

describe('working days', () => {
  it('weekends and off ranges are not worked; next and previous working days step over them', () => {
    expect(isWorking(monFri, '2026-12-04')).toBe(true);
    expect(isWorking(monFri, '2026-12-05')).toBe(false);
    expect(isWorking(withBreak, '2026-12-24')).toBe(false);
    expect(nextWorking(withBreak, '2026-12-19')).toBe('2027-01-04');
    expect(previousWorking(withBreak, '2027-01-03')).toBe('2026-12-18');
    expect(workingDaysIn(withBreak, '2026-12-14', '2027-01-11')).toBe(10);
  });

  it('a 48 h box counts working time only, in the team zone', () => {
    expect(iso(workingDeadline(monFri, at('2026-12-04T10:00:00Z'), 48 * H, 'UTC'))).toBe('2026-12-08T10:00:00.000Z');
    expect(iso(workingDeadline(monFri, at('2026-12-02T10:00:00Z'), 48 * H, 'UTC'))).toBe('2026-12-04T10:00:00.000Z');
    // Flagged on a Saturday: the clock starts on Monday.
    expect(iso(workingDeadline(monFri, at('2026-12-05T10:00:00Z'), 24 * H, 'UTC'))).toBe('2026-12-08T00:00:00.000Z');
    expect(iso(workingDeadline(withBreak, at('2026-12-18T12:00:00Z'), 24 * H, 'UTC'))).toBe('2027-01-04T12:00:00.000Z');
    // In Chicago the Friday ends at 06:00 UTC on Saturday.
    expect(iso(workingDeadline(monFri, at('2026-12-04T16:00:00Z'), 48 * H, 'America/Chicago'))).toBe('2026-12-08T16:00:00.000Z');
  });

  it('a timer due on a day off moves to the same local time of the next working day', () => {
    expect(iso(workingInstant(monFri, at('2026-12-05T12:30:00Z'), 'UTC'))).toBe('2026-12-07T12:30:00.000Z');
    expect(iso(workingInstant(monFri, at('2026-12-04T12:30:00Z'), 'UTC'))).toBe('2026-12-04T12:30:00.000Z');
    expect(iso(workingInstant(withBreak, at('2026-12-24T14:30:00Z'), 'America/Chicago'))).toBe('2027-01-04T14:30:00.000Z');
  });
});

describe('the team week and its words', () => {
  it('starts after the longest run of days off', () => {
    expect(weekStartOf([1, 2, 3, 4, 5])).toBe(1);
    expect(weekStartOf([1, 2, 3, 4, 7])).toBe(7);
    expect(weekStartOf([1, 2, 3, 4])).toBe(1);
    expect(weekStartOf([1, 2, 3, 4, 5, 6, 7])).toBe(1);
  });

  it('reads work weeks as ranges (wrapping the weekend) or lists', () => {
    expect(readWorkweek('mon-fri')).toEqual([1, 2, 3, 4, 5]);
    expect(readWorkweek('sun-thu')).toEqual([1, 2, 3, 4, 7]);
    expect(readWorkweek('Mon to Thu')).toEqual([1, 2, 3, 4]);
    expect(readWorkweek('mon,wed,fri')).toEqual([1, 3, 5]);
    expect(readWorkweek('mon wed and friday')).toEqual([1, 3, 5]);
    expect(readWorkweek('funday')).toBeNull();
    expect(readWorkweek('')).toBeNull();
  });
});

describe('the cadence and the calendar', () => {
  const fortnightly = { weekday: 5, weekdays: [5], time: '14:00', everyWeeks: 2, anchor: '2026-11-30' };
  const monThu = { weekday: 1, weekdays: [1, 4], time: '09:00' };

  it('every 2 weeks runs in the anchor week and every other one after it', () => {
    expect(isScheduled(fortnightly, '2026-12-04')).toBe(true);
    expect(isScheduled(fortnightly, '2026-12-11')).toBe(false);
    expect(nextScheduledDate(fortnightly, '2026-12-04')).toBe('2026-12-18');
    expect(nextScheduledDate(monThu, '2026-11-30')).toBe('2026-12-03');
  });

  it('a day off moves a run to the next working day, unless that reaches the next scheduled date', () => {
    const pd: Calendar = { workweek: [1, 2, 3, 4, 5], off: [{ startDate: '2026-12-07', endDate: '2026-12-07', reason: null }] };
    expect(sendDayOf(pd, monThu, '2026-12-07')).toBe('2026-12-08');
    const thanksgiving: Calendar = { workweek: [1, 2, 3, 4, 5], off: [{ startDate: '2026-11-26', endDate: '2026-11-27', reason: null }] };
    expect(sendDayOf(thanksgiving, monThu, '2026-11-26')).toBeNull();
    expect(sendDayOf(withBreak, monThu, '2026-12-21')).toBeNull();
    expect(sendDayOf(withBreak, monThu, '2027-01-04')).toBe('2027-01-04');
  });
});
