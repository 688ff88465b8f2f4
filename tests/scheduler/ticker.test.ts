// The minute when many teams' check-ins fall due at once: the tick works through them without
// holding the event loop, so Slack is still acknowledged and /healthz still answers meanwhile.
import { afterEach, expect, test } from 'vitest';
import { seedTeams } from '../bench/capacity.js';
import { testBot, type TestBot } from '../support/core.js';

let t: TestBot | undefined;
afterEach(() => t?.close());

test('a tick with 150 teams’ check-ins due in the same minute never holds the event loop for long', async () => {
  // Friday 2026-12-04, then Monday 2026-12-07 08:30 in Chicago: everyone's check-in is due.
  t = testBot({ now: '2026-12-04T15:00:00Z', defaultTz: 'America/Chicago' });
  seedTeams(t.database.sqlite, 150, 8);
  t.clock.set(Date.parse('2026-12-07T14:00:00Z'));
  await t.bot.runDueJobs(); // 08:00: each team's next check-in timer is written; nothing is due yet
  t.clock.set(Date.parse('2026-12-07T14:30:00Z'));

  let last = performance.now();
  let longest = 0;
  const beat = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  await t.bot.runDueJobsPaced(); // what the scheduler's tick runs
  const took = performance.now() - started;
  clearInterval(beat);
  longest = Math.max(longest, performance.now() - last); // a tick that never gave the loop back

  const sent = t.database.sqlite.prepare("select count(*) as n from checkins where status != 'pending'").get() as { n: number };
  expect(sent.n).toBe(150 * 8);
  // The work itself takes far longer than any one pause of the event loop.
  expect(took).toBeGreaterThan(4 * longest);
  expect(longest).toBeLessThan(250);
});
