// When the weekly check-in happens: each member's own local time, in their own zone, through
// the weeks of a clock change, and rolling over to next week once this week's moment has passed.
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEEKLY, addDays, describeWeekly, localInstant, nextRunDate, weekdayNumber, weekdayOnOrAfter } from '../../../src/core/checkins/schedule.js';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (s: string) => Date.parse(s);

describe('a local time in a zone', () => {
  it('is that wall-clock time in each zone', () => {
    expect(iso(localInstant('2026-11-30', '08:30', 'UTC'))).toBe('2026-11-30T08:30:00.000Z');
    expect(iso(localInstant('2026-11-30', '08:30', 'America/Chicago'))).toBe('2026-11-30T14:30:00.000Z');
    expect(iso(localInstant('2026-11-30', '08:30', 'Asia/Tokyo'))).toBe('2026-11-29T23:30:00.000Z');
    expect(iso(localInstant('2026-11-30', '08:30', 'Asia/Kolkata'))).toBe('2026-11-30T03:00:00.000Z');
    expect(iso(localInstant('2026-11-30', '08:30', 'Pacific/Kiritimati'))).toBe('2026-11-29T18:30:00.000Z');
  });

  it('keeps 08:30 local through the weeks around a clock change (US and Europe differ)', () => {
    // US: DST ends Sunday 2026-11-01. Europe: Sunday 2026-10-25.
    expect(iso(localInstant('2026-10-26', '08:30', 'America/Chicago'))).toBe('2026-10-26T13:30:00.000Z');
    expect(iso(localInstant('2026-11-02', '08:30', 'America/Chicago'))).toBe('2026-11-02T14:30:00.000Z');
    expect(iso(localInstant('2026-10-19', '08:30', 'Europe/Paris'))).toBe('2026-10-19T06:30:00.000Z');
    expect(iso(localInstant('2026-10-26', '08:30', 'Europe/Paris'))).toBe('2026-10-26T07:30:00.000Z');
    // Spring: US 2026-03-08, Europe 2026-03-29.
    expect(iso(localInstant('2026-03-02', '08:30', 'America/New_York'))).toBe('2026-03-02T13:30:00.000Z');
    expect(iso(localInstant('2026-03-09', '08:30', 'America/New_York'))).toBe('2026-03-09T12:30:00.000Z');
  });

  it('a time that does not exist that day (spring forward) moves forward by the gap', () => {
    // Chicago, Sunday 2026-03-08: 02:00 → 03:00. 02:30 becomes 03:30 CDT.
    expect(iso(localInstant('2026-03-08', '02:30', 'America/Chicago'))).toBe('2026-03-08T08:30:00.000Z');
    // London, Sunday 2026-03-29: 01:00 → 02:00. 01:30 becomes 02:30 BST.
    expect(iso(localInstant('2026-03-29', '01:30', 'Europe/London'))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('a time that happens twice (fall back) takes the first', () => {
    // Chicago, Sunday 2026-11-01: 01:30 happens at 06:30Z (CDT) and again at 07:30Z (CST).
    expect(iso(localInstant('2026-11-01', '01:30', 'America/Chicago'))).toBe('2026-11-01T06:30:00.000Z');
    // Berlin, Sunday 2026-10-25: 02:30 happens at 00:30Z (CEST) and 01:30Z (CET).
    expect(iso(localInstant('2026-10-25', '02:30', 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    // The hours around it are not disturbed.
    expect(iso(localInstant('2026-11-01', '08:30', 'America/Chicago'))).toBe('2026-11-01T14:30:00.000Z');
    expect(iso(localInstant('2026-11-01', '00:30', 'America/Chicago'))).toBe('2026-11-01T05:30:00.000Z');
  });
});

describe('the next run date', () => {
  const monday830 = DEFAULT_WEEKLY;

  it('is the default Monday 08:30', () => {
    expect(describeWeekly(monday830)).toBe('Mondays at 08:30');
    expect(weekdayNumber('monday')).toBe(1);
    expect(weekdayNumber('sunday')).toBe(7);
  });

  it('is this week while the first member’s moment is still ahead', () => {
    // Sunday 20:00 UTC: for Chicago, Monday 08:30 is still ahead this week.
    expect(nextRunDate(monday830, at('2026-11-29T20:00:00Z'), ['America/Chicago'])).toBe('2026-11-30');
  });

  it('rolls over to next week once the first member’s moment has passed', () => {
    // Monday 09:00 UTC: Monday 08:30 has passed in UTC → next Monday.
    expect(nextRunDate(monday830, at('2026-11-30T09:00:00Z'), ['UTC'])).toBe('2026-12-07');
    // Sunday 23:45 UTC is Monday 08:45 in Tokyo: a team with a Tokyo member rolls over already,
    // even though Monday 08:30 is still ahead in Chicago.
    expect(nextRunDate(monday830, at('2026-11-29T23:45:00Z'), ['Asia/Tokyo', 'America/Chicago'])).toBe('2026-12-07');
    expect(nextRunDate(monday830, at('2026-11-29T23:15:00Z'), ['Asia/Tokyo', 'America/Chicago'])).toBe('2026-11-30');
  });

  it('rolls over the end of the week and of the year', () => {
    const sunday2300 = { weekday: 7, time: '23:00' };
    expect(nextRunDate(sunday2300, at('2026-12-27T23:30:00Z'), ['UTC'])).toBe('2027-01-03');
    const friday = { weekday: weekdayNumber('friday'), time: '16:00' };
    expect(nextRunDate(friday, at('2026-12-30T10:00:00Z'), ['Pacific/Honolulu'])).toBe('2027-01-01');
  });

  it('a date that already had its run is left out', () => {
    expect(nextRunDate(monday830, at('2026-11-29T20:00:00Z'), ['UTC'], (d) => d === '2026-11-30')).toBe('2026-12-07');
  });

  it('date arithmetic stays on the calendar (no zone drift)', () => {
    expect(addDays('2026-03-02', 7)).toBe('2026-03-09');
    expect(addDays('2026-10-26', 7)).toBe('2026-11-02');
    expect(weekdayOnOrAfter('2026-11-25', 1)).toBe('2026-11-30');
    expect(weekdayOnOrAfter('2026-11-30', 1)).toBe('2026-11-30');
  });
});
