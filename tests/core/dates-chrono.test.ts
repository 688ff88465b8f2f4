// What chrono-node would read on its own and Baton does not take from it: a day it would move
// forward, a reading of words that name no day, and input that only costs time.
import { describe, expect, it } from 'vitest';
import { readDate } from '../../src/core/language/dates.js';

const FRIDAY = Date.parse('2026-10-30T15:00:00Z'); // Fri Oct 30, 11:00 in New York
const NY = 'America/New_York';

describe('dates chrono would guess', () => {
  it('a day gone is refused, not moved to the next one', () => {
    // chrono, asked for dates ahead, reads "last Friday" as the coming one (Nov 6).
    expect(readDate('last Friday', FRIDAY, NY)).toEqual({ ok: false, reason: 'unreadable' });
    expect(readDate('last week', FRIDAY, NY)).toEqual({ ok: false, reason: 'unreadable' });
    expect(readDate('3 days ago', FRIDAY, NY)).toEqual({ ok: false, reason: 'unreadable' });
  });

  it('"the day after" something that is not a day is refused as having more than one reading', () => {
    // chrono reads "the day after the day after" as the day after tomorrow.
    expect(readDate('the day after the day after', FRIDAY, NY)).toEqual({ ok: false, reason: 'vague' });
    expect(readDate('the day after tomorrow', FRIDAY, NY)).toMatchObject({ ok: true, due: { date: '2026-11-01' } });
  });

  it('a count of thousands of days is no due day', () => {
    expect(readDate('in 5000 days', FRIDAY, NY)).toEqual({ ok: false, reason: 'unreadable' });
  });

  it('"this coming Friday" is this Friday', () => {
    expect(readDate('this coming Friday', FRIDAY, NY)).toMatchObject({ ok: true, due: { date: '2026-10-30' } });
  });
});

describe('hostile dates cost nothing', () => {
  it('100 characters of hour-like words are refused in well under a millisecond each', () => {
    for (const input of ['1h '.repeat(33), '1pm '.repeat(25), '12:00 '.repeat(16)]) {
      expect(input.length).toBeLessThanOrEqual(100);
      readDate(input, FRIDAY, NY);
      const start = performance.now();
      for (let i = 0; i < 100; i++) expect(readDate(input, FRIDAY, NY).ok).toBe(false);
      // chrono tried every one of them as a time: 33 × "1h" took about 4 ms a reading.
      expect((performance.now() - start) / 100).toBeLessThan(1);
    }
  });
});
