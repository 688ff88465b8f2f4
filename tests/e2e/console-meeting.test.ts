// The team's meeting in the console, through the built program with piped input: a month of
// meetings in a few minutes with `:clock` — the schedule, the agenda posted 24 h before each
// meeting, items carried forward until handled, refusals, a change of schedule and `meeting off`.
import { describe, expect, it } from 'vitest';
import { consoleRun } from './process.js';

// Run once for the file (on the engine in use), before its tests look at what it printed.
const run = await consoleRun('console-meeting.txt');

describe('a month of meetings in the console', () => {
  const out = run.out;

  it('a lead schedules it; a member is refused; anyone sees the next one in their own time', () => {
    expect(run.status).toBe(0);
    expect(out).toContain('🗓 Team meeting: Wednesdays at 15:30, 90 min (UTC). Next: Wed, Nov 25, 15:30.');
    expect(out).toMatch(/maria@#leadership> meeting schedule friday 10:00\n┌ Baton → only maria sees this\n│ Only a lead of District Leadership can do that/);
    expect(run.after('maria@#leadership> meeting\n')).toMatch(/Next meeting: Nov 25, 09:30 your time \(America\/Chicago\), until Nov 25, 11:00\.\n│ Schedule: Wednesdays at 15:30, 90 min \(UTC\)\.\n│ Agenda items\n│ {3}• A-1 PD calendar for spring — maria\n│ Commitments due or overdue\n│ {3}• C-1 Draft the budget memo \(due by the meeting\) — maria/);
  });

  it('posts each agenda 24 h before its meeting, with open items carried forward until handled', () => {
    expect(run.after('alice@#leadership> :clock 2026-11-24 15:30')).toMatch(/Agenda: District Leadership, Wed, Nov 25\n│ 🗓 The meeting is at Nov 25, 15:30 \(UTC\), until Nov 25, 17:00\.\n│ Agenda items\n│ {3}• A-1 PD calendar for spring — maria\n│ {3}• A-2 Bus contract: who signs\? — alice\n/);
    expect(run.after('alice@#leadership> :clock 2026-11-24 15:30')).not.toContain('A-3');
    const second = run.after('alice@#leadership> :clock 2026-12-01 15:30');
    expect(second).toMatch(/Agenda: District Leadership, Wed, Dec 2\n[\s\S]*• A-2 Bus contract: who signs\? — alice\n│ Commitments due or overdue\n│ {3}• C-1 Draft the budget memo \(overdue\) — maria/);
    expect(second).not.toContain('A-1');
    expect(run.after('alice@#leadership> :clock 2026-12-08 15:30')).toMatch(/Agenda: District Leadership, Wed, Dec 9\n[\s\S]*None yet — agenda add <topic>/);
    expect(out.match(/Agenda: District Leadership/g)).toHaveLength(4);
  });

  it("after the meeting the lead gets its recap draft privately; Edit then Post posts the edit once; a recap with nothing new asks", () => {
    const ended = run.after('alice@#leadership> :clock 2026-11-25 17:00');
    expect(ended).toMatch(/┌ Baton → private message to alice\n│ Recap draft: District Leadership, Wed, Nov 25\n│ 📝 The meeting of Wed, Nov 25 has ended\. .* The team has no recap owner, so it comes to you as lead\./);
    expect(ended).toMatch(/│ Handled on the agenda\n│ • A-1 PD calendar for spring — Maria drafts it by Friday\n│ Carried forward to the next meeting\n│ • A-2 Bus contract: who signs\?/);
    expect(ended).toMatch(/\[5\] Post {3}\[6\] Edit/);
    // The draft's lines, kept by an empty answer, shown on the prompt's one line.
    expect(run.after('alice@#leadership> :press 6')).toContain('  Recap (empty keeps: Handled on the agenda / • A-1 PD calendar for spring — Maria drafts it by Friday)');
    expect(run.after('alice@#leadership> :press 6')).toMatch(/📝 Edit the recap[\s\S]*✏️ Saved\. This is what Post puts in the team's channel:\n│ PD calendar settled: Maria drafts it by Friday\. The bus contract carries forward\./);
    const posts = out.match(/┌ Baton → #leadership\n│ Recap — District Leadership, meeting of Wed, Nov 25\n│ PD calendar settled: Maria drafts it by Friday\. The bus contract carries forward\./g);
    expect(posts).toHaveLength(1);
    expect(out).toContain('The recap of the meeting of Wed, Nov 25 was already posted by you (Nov 25, 17:00).');
    expect(run.after('alice@#leadership> recap')).toMatch(/only alice sees this\n│ Nothing new was recorded since the last recap \(Nov 25, 17:00\), so this is not posted yet\. Post it anyway\?\n│ Recap — District Leadership\n│ Since Wednesday's meeting \(Nov 25\)/);
  });

  it('refuses a cadence of 0 weeks and a meeting over 8 hours, privately', () => {
    expect(out).toMatch(/"every 0 weeks" is not a cadence: give a whole number of weeks from 1 to 8\.\n│ Try: `meeting schedule tuesday 15:30 every 2 weeks`/);
    expect(out).toMatch(/only alice sees this\n│ A meeting lasts from 5 to 480 minutes \(8 h\), not "600"\./);
  });

  it('a new schedule takes over from the next meeting; off stops it, and the items stay', () => {
    expect(out).toContain('🗓 Team meeting: Thursdays at 09:00, every 2 weeks, 60 min (UTC). Next: Thu, Dec 10, 09:00.');
    expect(run.after('alice@#leadership> :clock 2026-12-16 09:00')).toMatch(/Agenda: District Leadership, Thu, Dec 10\n│ 🗓 The meeting is at Dec 10, 09:00 \(UTC\)/);
    expect(run.after('alice@#leadership> :clock 2026-12-30 09:00')).not.toContain('Agenda:');
    expect(out).toContain("The team's regular meeting is off. The agenda below is what it would look at now.");
  });
});
