// The de-escalation flow through the built program in the console, from the flag to the
// follow-up: `npm start < tests/e2e/console-flow.txt`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { consoleRun } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'baton-flow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Run once for the file (on the engine in use), before its tests look at what it printed.
const run = await consoleRun('console-flow.txt', join(dir, 'baton.db'));

describe('the de-escalation flow in the console', () => {
  const out = run.out;
  const after = run.after;

  it('runs to the end of its input', () => {
    expect(run.status).toBe(0);
    expect(out).not.toMatch(/Something went wrong|"level":/);
  });

  it('flags: each party is asked privately, the channel sees one neutral line', () => {
    const flag = after("sam@#leadership> disagree Next year's PD calendar with @maria");
    expect(flag).toMatch(/Baton → private message to sam\n│ R-1: your view, privately\n│ You flagged a disagreement about Next year's PD calendar between you and maria\. @alice facilitates/);
    expect(flag).toMatch(/Baton → private message to maria\n│ R-1: your view, privately\n│ sam flagged a disagreement/);
    expect(flag).toMatch(/Baton → #leadership\n│ ⚖️ A disagreement about Next year's PD calendar is being worked through; facilitator @alice; next step by \w{3}, \w{3} \d+, \d\d:\d\d \w+\.\n│ R-1 · private views/);
  });

  it('a party sees only their own view; the facilitator sees both side by side', () => {
    const mine = after('maria@#leadership> disagree R-1');
    expect(mine).toContain('Your view — the issue: The calendar is too crowded in January');
    expect(mine).not.toContain('We lose a week');
    const cg = after('alice@#leadership> :press 3');
    expect(cg).toMatch(/The views, side by side[^\n]*\n {2}sam — the issue: We lose a week of teaching in August\n {2}maria — the issue: The calendar is too crowded in January/);
  });

  it('the options go to the parties; the option both can live with becomes D-1 with executor and date', () => {
    expect(after('alice@#leadership> :press 3')).toMatch(/Baton → private message to sam\n│ R-1: the options[\s\S]*Option 2: Two half days in January/);
    const decided = after('sam@#leadership> :press 4');
    expect(decided).toMatch(/Baton → #leadership\n│ Decision D-1\n│ Two half days in January\n│ Why: reached in the team's de-escalation flow: every party can live with it\n│ Executes: @maria\n│ By: \w{3}, \w{3} \d+\n│ Decided in District Leadership \(from R-1\) · recorded by alice/);
    expect(decided).toMatch(/Baton → #leadership \(updates its earlier post\)\n│ ⚖️ A disagreement about Next year's PD calendar reached a decision: D-1; follow-up by/);
    // The notes stay private: never in the channel.
    const channelPosts = out
      .split('┌ Baton → ')
      .filter((b) => b.startsWith('#leadership'))
      .map((b) => b.split('\n').filter((l, i) => i === 0 || l.startsWith('│')).join('\n'));
    expect(channelPosts.length).toBeGreaterThan(5);
    for (const p of channelPosts) expect(p).not.toMatch(/August clashes|We lose a week|too crowded|I can live with January/);
  });

  it('after the follow-up delay each party is asked whether it holds; both yes closes it', () => {
    const week = after('sam@#leadership> :clock +7d');
    expect(week).toMatch(/private message to sam\n│ R-1: does it hold\?\n│ On \w{3}, \w{3} \d+ your team decided D-1: Two half days in January/);
    expect(after('maria@#leadership> :press 7')).toMatch(/Baton → #leadership \(updates its earlier post\)\n│ ⚖️ A disagreement about Next year's PD calendar is resolved: D-1 holds\./);
  });

  it('a time box running out escalates to the lead and the channel line says so', () => {
    const later = after('sam@#leadership> :clock +3d');
    expect(later).toMatch(/private message to alice\n│ ⏰ R-2: a time box ran out\n│ The disagreement about Bus routes is stuck at the private views[^\n]*Waiting on: sam and maria\./);
    expect(later).toMatch(/#leadership \(updates its earlier post\)\n│ ⚖️ A disagreement about Bus routes is being worked through; facilitator @alice; the time box for the private views ran out, so it went to @alice\./);
    expect(after('sam@#leadership> recap')).toMatch(/Open disagreements\n│ {3}• R-2 Bus routes — escalated \(private views\) · facilitator: alice/);
  });

  it('moved on without any view, the facilitator hears that nobody gave one; reopened, each party may still give theirs', () => {
    expect(after('alice@#leadership> :press 10')).toContain('The views on Bus routes: nobody gave one, and the step moved on without them.');
    expect(after('maria@#leadership> :press 14')).toMatch(/private message to sam\n│ R-2: your view, privately\n│ R-2 about Bus routes is open again\. You have not given your view yet/);
  });

  it('in round 2 the facilitator can clear an earlier option ("-"), so a rejected one is not sent again', () => {
    const round2 = after('alice@#leadership> :press 17');
    expect(round2).toContain('Option 2 (optional) (empty keeps: South loop first; - clears it)');
    expect(round2).toContain('The summary and 1 option of R-2 went to the parties privately.');
    expect(round2).toMatch(/private message to sam\n│ R-2: the options\n│ @alice summarised Bus routes:\n│ Ride times matter most to both\.\n│ Option 1: Shortest average ride first\n│ Say privately/);
  });
});
