// The pulse in the console, through the built program with piped input: a lead turns it on; the
// check-in asks it last as a numbered choice; a number it does not offer is refused and asked
// again; the digest shows the team's average, range and answers, never one person's; a check-in
// with two answers shows no figure; `report pulse` lists both.
import { describe, expect, it } from 'vitest';
import { consoleRun } from './process.js';

// Run once for the file (on the engine in use), before its tests look at what it printed.
const run = await consoleRun('console-pulse.txt');

describe('the pulse in the console', () => {
  const out = run.out;

  it('turns on, and asks the pulse last as a numbered choice; a value not offered is asked again', () => {
    expect(run.status).toBe(0);
    expect(out).toContain('💬 The check-in pulse is on: from the next check-in, each check-in also asks "How are you doing this week?" (1 to 5, optional).');
    expect(out).toContain('How are you doing this week? (optional, empty to skip): [1] 1 — struggling  [2] 2 — low  [3] 3 — okay  [4] 4 — good  [5] 5 — great');
    expect(out).toMatch(/ {2}> 6\n {2}⚠ How are you doing this week\?: Choose 1 to 5, or leave it empty\.\n {2}How are you doing this week\?/);
    expect(out).toContain('Your pulse answer is counted. The team sees only the average of 3 or more answers, never yours.');
  });

  it('the digest shows the average, range and answers; two answers show no figure', () => {
    expect(out).toContain('Pulse — How are you doing this week? (1–5): 2.7 average · range 1–5 · 3 answers · no earlier figure');
    expect(out).toContain('Pulse — How are you doing this week? (1–5): not enough answers to show (fewer than 3)');
    // Nowhere a name beside a pulse.
    for (const l of out.split('\n')) if (/pulse|How are you doing/i.test(l) && !/^\w+@\S+> /.test(l)) expect(l, l).not.toMatch(/\b(alice|maria|sam)\b/);
  });

  it('`report pulse` lists each check-in', () => {
    const report = run.after('alice@#leadership> report pulse');
    expect(report).toContain('Pulse: 2.7 average (check-in of Mon, Nov 23) · no earlier figure');
    expect(report).toContain('Check-in of Mon, Nov 23: 2.7 average · range 1–5 · 3 answers · no earlier figure');
    expect(report).toContain('Check-in of Tue, Nov 24: not enough answers to show (fewer than 3)');
  });
});
