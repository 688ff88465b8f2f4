// Dates as administrators type them, each read exactly or refused — never guessed.
// Every expected day below was worked out by hand from a calendar, not taken from the code:
//   clock A: Friday 2026-10-30, the week US clocks go back (Sun Nov 1) and Europe's just did (Oct 25).
//   clock B: Wednesday 2026-12-30, the week the year ends (Fri Jan 1 2027 is a weekday).
// Both instants fall on the same local day in both zones, so one expectation serves both.
import { describe, expect, it } from 'vitest';
import { type DateRefusal, readDate } from '../../src/core/language/dates.js';

const CLOCKS = {
  A: Date.parse('2026-10-30T15:00:00Z'), // New York 11:00 EDT, Berlin 16:00 CET
  B: Date.parse('2026-12-30T15:00:00Z'), // New York 10:00 EST, Berlin 16:00 CET
};
const ZONES = ['America/New_York', 'Europe/Berlin'];

type Want = string | DateRefusal;
// [phrase, on clock A, on clock B]
const TABLE: [string, Want, Want][] = [
  ['today', '2026-10-30', '2026-12-30'],
  ['tomorrow', '2026-10-31', '2026-12-31'],
  ['tmrw', '2026-10-31', '2026-12-31'],
  ['by tmr', '2026-10-31', '2026-12-31'],
  ['the day after tomorrow', '2026-11-01', '2027-01-01'],
  ['Friday', '2026-10-30', '2027-01-01'],
  ['Fri.', '2026-10-30', '2027-01-01'],
  ['Friday 😅', '2026-10-30', '2027-01-01'],
  ['Friday!', '2026-10-30', '2027-01-01'],
  ['by Friday', '2026-10-30', '2027-01-01'],
  ['this Friday', '2026-10-30', '2027-01-01'],
  ['COB Friday', '2026-10-30', '2027-01-01'],
  ['Friday EOD', '2026-10-30', '2027-01-01'],
  ['by end of day Friday', '2026-10-30', '2027-01-01'],
  ['Monday', '2026-11-02', '2027-01-04'],
  ['mon', '2026-11-02', '2027-01-04'],
  ['Wednesday', '2026-11-04', '2026-12-30'],
  ['Sunday', '2026-11-01', '2027-01-03'],
  ['next Monday', '2026-11-02', '2027-01-04'],
  ['next Friday', '2026-11-06', '2027-01-08'],
  ['next Tues', '2026-11-03', '2027-01-05'],
  ['next thurs', '2026-11-05', '2027-01-07'],
  ['Monday after next', '2026-11-09', '2027-01-11'],
  ['Friday after next', '2026-11-13', '2027-01-15'],
  ['eod', '2026-10-30', '2026-12-30'],
  ['end of day', '2026-10-30', '2026-12-30'],
  ['COB', '2026-10-30', '2026-12-30'],
  // Week words: the team's last working day of that week (Mon–Fri by default).
  ['this week', '2026-10-30', '2027-01-01'],
  ['EOW', '2026-10-30', '2027-01-01'],
  ['end of week', '2026-10-30', '2027-01-01'],
  ['by the end of the week', '2026-10-30', '2027-01-01'],
  ['next week', '2026-11-06', '2027-01-08'],
  ['end of next week', '2026-11-06', '2027-01-08'],
  ['week after next', '2026-11-13', '2027-01-15'],
  ['the end of the week after next', '2026-11-13', '2027-01-15'],
  // Month words: the last working day of the month (Oct 31 2026 is a Saturday, Jan 31 2027 a Sunday).
  ['end of month', '2026-10-30', '2026-12-31'],
  ['EOM', '2026-10-30', '2026-12-31'],
  ['end of the month', '2026-10-30', '2026-12-31'],
  ['end of next month', '2026-11-30', '2027-01-29'],
  ['by December', '2026-12-31', '2026-12-31'],
  ['in November', '2026-11-30', '2027-11-30'],
  ['January', '2027-01-29', '2027-01-29'],
  ['end of January', '2027-01-29', '2027-01-29'],
  ['October', '2026-10-30', '2027-10-29'],
  // Counted days land where they land, weekend or not (the echo names the weekday).
  ['in 10 days', '2026-11-09', '2027-01-09'],
  ['in 3 days', '2026-11-02', '2027-01-02'],
  ['in 2 weeks', '2026-11-13', '2027-01-13'],
  ['in a week', '2026-11-06', '2027-01-06'],
  ['two weeks from today', '2026-11-13', '2027-01-13'],
  ['in 1 month', '2026-11-30', '2027-01-30'],
  ['in a fortnight', '2026-11-13', '2027-01-13'],
  // Dates without a year: this year's, or next year's once this year's has passed.
  ['9/1', '2027-09-01', '2027-09-01'],
  ['12/15', '2026-12-15', '2027-12-15'],
  ['12/31', '2026-12-31', '2026-12-31'],
  ['1/4', '2027-01-04', '2027-01-04'],
  ['Dec 15th', '2026-12-15', '2027-12-15'],
  ['December 15', '2026-12-15', '2027-12-15'],
  ['15 December', '2026-12-15', '2027-12-15'],
  ['the 15th of December', '2026-12-15', '2027-12-15'],
  ['Tue Dec 15', '2026-12-15', 'unreadable'], // Dec 15 2027 is a Wednesday: a wrong weekday is not guessed past
  ['the 20th', '2026-11-20', '2027-01-20'],
  ['20th', '2026-11-20', '2027-01-20'],
  ['the 31st', '2026-10-31', '2026-12-31'],
  ['the 30th', '2026-10-30', '2026-12-30'],
  ['mid-November', '2026-11-15', '2027-11-15'],
  ['mid November', '2026-11-15', '2027-11-15'],
  ['middle of January', '2027-01-15', '2027-01-15'],
  ['first Monday of November', '2026-11-02', '2027-11-01'],
  ['last Friday of November', '2026-11-27', '2027-11-26'],
  ['second Tuesday of January', '2027-01-12', '2027-01-12'],
  ['first Monday in December', '2026-12-07', '2027-12-06'],
  // Dates with a year are taken as written.
  ['12/15/2026', '2026-12-15', 'past'],
  ['Dec 31 2026', '2026-12-31', '2026-12-31'],
  ['December 31, 2026', '2026-12-31', '2026-12-31'],
  ['2026-12-01', '2026-12-01', 'past'],
  ['2027-01-04', '2027-01-04', '2027-01-04'],
  ['2026-10-01', 'past', 'past'],
  // A time is refused rather than silently dropped.
  ['tomorrow 3pm', 'time', 'time'],
  ['noon tomorrow', 'time', 'time'],
  ['Friday 17:00', 'time', 'time'],
  ['tomorrow morning', 'time', 'time'],
  ['Friday at 5pm', 'time', 'time'],
  // Phrases that could mean more than one day are refused with examples.
  ['the week after', 'vague', 'vague'],
  ['soon', 'vague', 'vague'],
  ['asap', 'vague', 'vague'],
  ['early next week', 'vague', 'vague'],
  ['sometime in November', 'vague', 'vague'],
  // Not dates at all.
  ['Fridya', 'unreadable', 'unreadable'],
  ['next', 'unreadable', 'unreadable'],
  ['yesterday', 'unreadable', 'unreadable'],
  ['2/30', 'unreadable', 'unreadable'],
  ['13/1', 'unreadable', 'unreadable'],
  ['fifth Friday of November', 'unreadable', 'unreadable'],
  ['in 0 days', 'unreadable', 'unreadable'],
  ['Friday at 5', 'unreadable', 'unreadable'],
  // Long input is refused before it is read (defence in depth behind the forms' own limits).
  ['x'.repeat(101), 'long', 'long'],
  ['1h '.repeat(1330), 'long', 'long'],
];

describe('dates as people type them', () => {
  it('has at least 80 phrases', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(80);
  });
  for (const zone of ZONES) {
    for (const [clock, now] of Object.entries(CLOCKS) as ['A' | 'B', number][]) {
      it(`reads each phrase in ${zone} on clock ${clock}`, () => {
        const got = TABLE.map(([phrase]) => {
          const r = readDate(phrase, now, zone);
          return [phrase.slice(0, 30), r.ok ? r.due.date : r.reason];
        });
        const want = TABLE.map(([phrase, a, b]) => [phrase.slice(0, 30), clock === 'A' ? a : b]);
        expect(got).toEqual(want);
      });
    }
  }

  it('ends a day where the person is: the due instant is the end of that day in their zone', () => {
    const r = readDate('tomorrow', CLOCKS.A, 'America/New_York');
    // Sat Oct 31 still on EDT (UTC-4): the day ends at 03:59:59.999 UTC on Nov 1.
    expect(r.ok && r.due.dueAt).toBe(Date.parse('2026-11-01T03:59:59.999Z'));
    const sun = readDate('Sunday', CLOCKS.A, 'America/New_York');
    // Sun Nov 1 has 25 hours; it ends at 04:59:59.999 UTC on Nov 2 (EST, UTC-5).
    expect(sun.ok && sun.due.dueAt).toBe(Date.parse('2026-11-02T04:59:59.999Z'));
  });

  it("reads week and month words against the team's working week when one is given", () => {
    const monToThu = { workweek: [1, 2, 3, 4] };
    expect(readDate('next week', CLOCKS.A, 'America/New_York', monToThu)).toMatchObject({ ok: true, due: { date: '2026-11-05' } });
    expect(readDate('end of next month', CLOCKS.A, 'America/New_York', monToThu)).toMatchObject({ ok: true, due: { date: '2026-11-30' } });
    // Friday Oct 30 is not a working day of that week: its last one (Thursday) has passed.
    expect(readDate('EOW', CLOCKS.A, 'America/New_York', monToThu)).toEqual({ ok: false, reason: 'past' });
  });

  it('says when a date without a year fell into next year', () => {
    expect(readDate('9/1', CLOCKS.A, 'America/New_York')).toMatchObject({ ok: true, nextYear: true });
    expect(readDate('12/15', CLOCKS.A, 'America/New_York')).toMatchObject({ ok: true, nextYear: false });
  });
});
