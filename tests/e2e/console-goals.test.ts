// Goals and corrections in the console, through the built program with piped input: a member's
// data point waits for the data owner's Confirm (`:press N`), an ask is declined through its
// form and accepted with its button, an edit updates the earlier post, a mistaken update is
// withdrawn, and `report goals` shows the trend.
import { describe, expect, it } from 'vitest';
import { consoleRun } from './process.js';


// Run once for the file (on the engine in use), before its tests look at what it printed.
const run = await consoleRun('console-goals.txt');

describe('goals and corrections in the console', () => {
  const out = run.out;

  it('records a measured goal and refuses what is not one', () => {
    expect(run.status).toBe(0);
    expect(out).toMatch(/🎯 G-1 new goal: Every school reports attendance weekly — added by alice\n│ Owner: @maria\n│ Measure: schools reporting: 9 → no data yet → 14\n│ Due: Wed, Jun 30, 2027/);
    expect(out).toMatch(/"goal remove G-1" is not recorded as a new goal\.\n│ Try: `goal drop G-1`/);
    expect(out).toMatch(/"eleven" is not a number/);
  });

  it("a member's data point is unverified until the data owner presses Confirm", () => {
    expect(out).toContain('📈 G-1 schools reporting: 11 (was 9; target 14) — sam, from attendance dashboard, unverified · two schools late');
    expect(out).toMatch(/Baton → private message to maria\n│ sam recorded a data point for G-1 in District Leadership: 11 \(schools reporting\) from attendance dashboard\.\n│ two schools late\n│ It stays unverified until you, the data owner, confirm it\.\n│ \[1\] Confirm/);
    expect(out).toMatch(/maria@#leadership> :press 1\n┌ Baton → only maria sees this\n│ ✔️ Confirmed: G-1 11 from attendance dashboard\./);
    expect(out).toMatch(/maria@#leadership> goal G-1\n┌ Baton → only maria sees this\n│ G-1 Every school reports attendance weekly\n│ Owner: maria\n│ Measure: schools reporting: 9 → 11 → 14\n/);
  });

  it('an ask is declined with a reason told only to the asker, or accepted, and then it is the owner\'s', () => {
    expect(out).toMatch(/C-1 alice asked @sam to: Run the bus audit\n│ due Fri, Nov 27 · waiting for sam to accept/);
    expect(out).toMatch(/📝 Decline C-1\n/);
    expect(out).toMatch(/Baton → private message to alice\n│ sam declined C-1 \(Run the bus audit\): Facilities owns the buses/);
    expect(out).toContain('🤝 C-2 maria accepted: Share the PD calendar (asked by alice)');
    expect(out).not.toMatch(/(sam|maria) committed to/);
  });

  it('an edit updates the earlier post and says so; a withdrawn update says it stays in the history', () => {
    expect(out).toMatch(/Baton → #leadership \(updates its earlier post\)\n│ C-2 alice asked @maria to: Share the PD calendar with principals\n│ due Fri, Nov 27 · accepted by maria — in 4 days\n│ ✏️ Edited by maria/);
    expect(out).toContain('🗑️ U-1 withdrawn by maria: Posted in the wrong team — wrong team. It stays in the history, out of recaps and numbers.');
  });

  it('report goals shows the trend of each measured goal', () => {
    expect(out).toMatch(/G-1 Every school reports attendance weekly — schools reporting: baseline 9 · Mon, Nov 23: 11 · target 14 · ↑ 2 · 40% of the way from baseline to target/);
  });
});
