// The minute when many teams' check-ins fall due at once: the tick works through them without
// holding the event loop, so Slack is still acknowledged and /healthz still answers meanwhile.
import { afterEach, expect, test } from 'vitest';
import type { Database_ } from '../../src/db/client.js';
import { testBot, type TestBot } from '../support/core.js';
import { sqlGet } from '../support/testdb.js';

let t: TestBot | undefined;
afterEach(() => t?.close());

/** `teams` teams of `perTeam` people in Chicago, each team's first person its lead, as tests/bench/capacity.ts seeds them (on either engine). */
async function seedTeams(database: Database_, teams: number, perTeam: number, at: number): Promise<void> {
  const ws = await sqlGet<{ id: number }>(database, "insert into workspaces (platform, external_id, name, installed_at) values ('console', 'console', 'District', ?) returning id", at);
  for (let n = 1; n <= teams; n++) {
    const team = await sqlGet<{ id: number }>(database, 'insert into teams (workspace_id, channel_id, name, created_at, created_by) values (?, ?, ?, ?, ?) returning id', ws!.id, `team-${n}`, `School ${n} Leadership`, at, `u${n}-1`);
    for (let m = 1; m <= perTeam; m++) {
      await sqlGet(database, 'insert into members (team_id, user_id, name, tz, roles, joined_at) values (?, ?, ?, ?, ?, ?) returning id', team!.id, `u${n}-${m}`, `Person ${m} of school ${n}`, 'America/Chicago', m === 1 ? '["lead"]' : '[]', at);
    }
  }
}

test('a tick with 150 teams’ check-ins due in the same minute never holds the event loop for long', async () => {
  // Friday 2026-12-04, then Monday 2026-12-07 08:30 in Chicago: everyone's check-in is due.
  t = testBot({ now: '2026-12-04T15:00:00Z', defaultTz: 'America/Chicago' });
  await seedTeams(t.database, 150, 8, Date.parse('2025-10-30T15:00:00Z'));
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

  const sent = await sqlGet<{ n: number }>(t.database, "select count(*) as n from checkins where status != 'pending'");
  expect(sent!.n).toBe(150 * 8);
  // The work itself takes far longer than any one pause of the event loop.
  expect(took).toBeGreaterThan(4 * longest);
  expect(longest).toBeLessThan(250);
});
