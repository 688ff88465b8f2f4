// The team's own check-in questions in the console, through the built program with piped input:
// the refusals, the question asked in turn, empty-meaning answers making nothing, answers as
// records, and `checkin edit` after the digest editing it and the update it made.
import { describe, expect, it } from 'vitest';
import { consoleRun } from './process.js';

// Run once for the file (on the engine in use), before its tests look at what it printed.
const run = await consoleRun('console-checkin-questions.txt');

describe('check-in questions in the console', () => {
  const out = run.out;

  it('refuses a question over 150 characters and dropping the commitments question, saying what to type', () => {
    expect(run.status).toBe(0);
    expect(out).toMatch(/A question can be at most 150 characters \(this one has 157\)\. Shorten it:\n│ Try: `checkin question add What will you finish this week\?`/);
    expect(out).toContain('Question 2 (commitments) always stays: it is how open commitments are kept up to date.');
    expect(out).toContain('│   • 5. What will you finish this week?');
  });

  it('asks the team’s question in turn; "Nothing" opens no blocker; what moved is U-n, a point to decide A-n', () => {
    expect(out).toMatch(/ {2}What will you finish this week\? \(optional, empty to skip\)\n {2}> The \*budget\* memo/);
    expect(out).toMatch(/Thanks, maria — your check-in is in\.\n│ Recorded\n│ {3}• U-1 what you moved forward\n│ {3}• A-1 your point to decide together, on the next meeting's agenda\n/);
    expect(out).not.toContain('E-1');
    expect(out).toMatch(/│ What will you finish this week\?\n│ {3}• maria: The \*budget\* memo/);
  });

  it('`checkin edit` after the digest: the form keeps what was said, the digest is updated, the update changes, nothing is duplicated', () => {
    expect(out).toContain('│ [5] Edit my answers');
    expect(out).toContain('What did you move forward? (optional) (empty keeps: Budget timeline approved; - clears it)');
    expect(out).toMatch(/Your check-in answers are updated, maria\.\n│ The team's digest shows them now\.\n│ Records\n│ {3}• U-1 changed to your new answer/);
    expect(run.after('#leadership (updates its earlier post)')).toMatch(/maria: Budget timeline approved and shared \(U-1\)[\s\S]*maria: Move the PD day\? \(A-1\)[\s\S]*maria: The budget memo and the calendar/);
    expect(run.after('maria@#leadership> list updates')).toMatch(/• U-2 Hired two bus drivers[^\n]*\n│ {3}• U-1 Budget timeline approved and shared/);
    expect(out).not.toContain('U-3');
  });

  it('refuses editing after the next check-in started, and an 11th question', () => {
    expect(run.after('maria@#leadership> :press 5\n┌')).toContain('Your answers to that check-in can no longer be changed: the next check-in has started.');
    expect(out).toContain('❓ alice added a check-in question (10): Sixth?');
    expect(run.after('alice@#leadership> checkin question add Seventh?')).toMatch(/The check-in already asks 10 questions, the most it can\. Drop one first:\n│ Try: `checkin question drop <n>`/);
    expect(out).not.toContain('(11)');
  });
});
