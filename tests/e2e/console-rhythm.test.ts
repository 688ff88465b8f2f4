// A month with a winter break in the console, through the built program with piped input: the
// lead sets the team calendar and a twice-weekly check-in, `:clock` moves time as if Baton ran
// all along, and nothing is sent on a day off — the check-in of a PD day moves to the next
// working day, a break's check-ins become one after it, and a time box stops over the weekend.
import { describe, expect, it } from 'vitest';
import { consoleRun } from './process.js';

/** What Baton printed between one `:clock` prompt and the clock reading that ends it. */
function during(out: string, clock: string): string {
  const start = out.indexOf(`alice@#leadership> :clock ${clock}\n`);
  if (start < 0) throw new Error(`no :clock ${clock}`);
  return out.slice(start, out.indexOf('🕒', start + 20));
}

const weeks = (s: string, who: string) => [...s.matchAll(new RegExp(`👋 Hi ${who} — time for the weekly check-in of District Leadership \\(week of ([^)]+)\\)`, 'g'))].map((m) => m[1]);

// Run once for the file (on the engine in use), before its tests look at what it printed.
const run = await consoleRun('console-rhythm.txt');

describe('a month with a break, in the console', () => {
  const out = run.out;

  it('shows the calendar, announces days off and refuses bad ranges privately', () => {
    expect(run.status).toBe(0);
    expect(out).toMatch(/maria@#leadership> calendar\n┌ Baton → only maria sees this\n│ 📅 District Leadership works Mon–Fri\.\n│ Next check-in: Mon, Nov 30\.\n│ Days off ahead\n│ {3}No days off ahead\./);
    expect(out).toContain('│ 🗓 Weekly check-in: Mondays and Thursdays at 08:30, in each member\'s own time zone. Next: Mon, Nov 30.');
    expect(out).toMatch(/┌ Baton → #leadership\n│ 📅 Days off: Mon, Dec 21 – Fri, Jan 1 — Winter break\./);
    expect(out).toMatch(/┌ Baton → only alice sees this\n│ "2026-11-02 Fall break" is in the past/);
    expect(out).toMatch(/┌ Baton → only alice sees this\n│ The break ends \(Mon, Dec 28\) before it starts \(Fri, Jan 8\)/);
    expect(out).toMatch(/┌ Baton → only alice sees this\n│ `every 0 weeks` needs a whole number of weeks from 1 to 8\./);
    expect(out).toMatch(/│ {3}• Thu, Dec 10 \(1 working day off\) — Staff PD day\n│ {3}• Mon, Dec 21 – Fri, Jan 1 \(10 working days off\) — Winter break/);
  });

  it('the PD day\'s Thursday check-in comes on Friday; each member gets each run once', () => {
    expect(weeks(during(out, '2026-12-10 23:00'), 'alice')).toEqual(['Mon, Dec 7']);
    expect(weeks(during(out, '2026-12-11 09:00'), 'alice')).toEqual(['Fri, Dec 11']);
    for (const who of ['alice', 'maria', 'sam']) {
      expect(weeks(out, who)).toEqual(['Mon, Nov 30', 'Thu, Dec 3', 'Mon, Dec 7', 'Fri, Dec 11', 'Mon, Dec 14', 'Thu, Dec 17', 'Thu, Dec 31', 'Mon, Jan 4'].filter((w) => who !== 'maria' || w !== 'Mon, Jan 4'));
    }
  });

  it('a 48 h time box flagged on Friday runs out on Tuesday, not over the weekend, once', () => {
    expect(out).toContain('next step by Tue, Dec 15, 09:00 UTC.');
    expect(during(out, '2026-12-15 08:59')).not.toContain('time box ran out');
    expect(during(out, '2026-12-15 09:01')).toMatch(/Baton → private message to alice\n│ ⏰ R-1: a time box ran out/);
    expect(out.match(/⏰ R-1: a time box ran out/g)).toHaveLength(1);
  });

  it('nothing at all is sent inside the break; the day made working again gets its check-in', () => {
    expect(out).toMatch(/📅 Thu, Dec 31 is a working day again\./);
    expect(during(out, '2026-12-30 23:00')).toBe('alice@#leadership> :clock 2026-12-30 23:00\n');
    expect(weeks(during(out, '2026-12-31 09:00'), 'alice')).toEqual(['Thu, Dec 31']);
    expect(weeks(during(out, '2027-01-04 09:00'), 'alice')).toEqual(['Mon, Jan 4']);
  });
});
