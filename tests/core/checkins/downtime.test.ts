// Baton stopped and started again: a check-in missed while it was down is sent at start if it is
// less than the grace period late, otherwise recorded as missed (and shown as such); the timers
// are rebuilt from the database; messages recorded before a stop are sent once after it.
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { pendingJobs } from '../../../src/db/jobs.js';
import { outboxByStatus } from '../../../src/db/outbox.js';
import { type TestBot, teamBot, testBot, where } from '../../support/core.js';
import { channel, checkinDms, passTime } from './helpers.js';
import { sqlAll, sqlGet, sqlRun } from '../../support/testdb.js';

const open: TestBot[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** alice (UTC, lead), maria (America/Chicago), sam (Asia/Tokyo), set up Monday Nov 23; runs until `stop`, then stops. */
async function runUntilStop(stop: string): Promise<{ file: string }> {
  const t = await teamBot({ now: '2026-11-23T15:00:00Z' });
  await t.bot.runDueJobs();
  await passTime(t, stop);
  t.database.close();
  dirs.push(t.dir);
  return { file: join(t.dir, 'baton.db') };
}

/** A new process on the same database file, started at `iso`: its first tick. */
async function startAt(file: string, iso: string, graceMs?: number): Promise<TestBot> {
  const t = testBot({ file, now: iso, ...(graceMs !== undefined ? { graceMs } : {}) });
  open.push(t);
  t.person('alice', 'UTC', 'Alice');
  t.person('maria', 'America/Chicago', 'Maria');
  t.person('sam', 'Asia/Tokyo', 'Sam');
  await t.dispatcher.recover();
  await t.bot.runDueJobs();
  await t.flush();
  return t;
}

const to = (s: { destination: unknown }) => (s.destination as { userId: string }).userId;

describe('a check-in missed while Baton was down', () => {
  it('is sent at start to those less than the grace period (6 h) late; the rest of the run goes on as planned', async () => {
    const { file } = await runUntilStop('2026-11-29T12:00:00Z');
    // Down from Sunday noon to Monday noon UTC. Sam's moment (Sunday 23:30 UTC) is 12.5 h late,
    // Alice's (08:30 UTC) 3.5 h late, Maria's (14:30 UTC) still ahead.
    const t = await startAt(file, '2026-11-30T12:00:00Z');
    expect(checkinDms(t.sent).map(to)).toEqual(['alice']);
    await passTime(t, '2026-11-30T15:00:00Z');
    expect(checkinDms(t.sent).map(to)).toEqual(['alice', 'maria']);
    const report = (await t.run('alice', 'report checkins')).map((s) => s.text).join('\n');
    expect(report).toMatch(/Sam — week of Mon, Nov 30: skipped: not sent, Baton was down past the grace period \(not counted\)/);
    // The run is still being answered: its check-ins are shown apart, not counted in the rate yet.
    expect(report).toContain('Check-in response rate: no answer window closed yet · this week: 0 of 2 so far');
  });

  it('past the grace period for everyone, the whole run is recorded as missed, and next week is planned', async () => {
    const { file } = await runUntilStop('2026-11-29T12:00:00Z');
    const t = await startAt(file, '2026-12-01T06:00:00Z');
    expect(checkinDms(t.sent)).toEqual([]);
    expect((await pendingJobs(t.database.db, 'checkin.run')).map((j) => j.key)).toEqual(['checkin:run:1:2026-12-07']);
    const row = (await sqlGet(t.database, "select status, digest_at from checkin_runs where run_key = '2026-11-30'"));
    expect(row).toEqual({ status: 'missed', digest_at: null });
    await passTime(t, '2026-12-02T00:00:00Z');
    expect(channel(t.sent).filter((s) => s.text.startsWith('Check-in digest'))).toEqual([]);
    const report = (await t.run('alice', 'report checkins')).map((s) => s.text).join('\n');
    for (const name of ['Alice', 'Maria', 'Sam']) expect(report).toContain(`${name} — week of Mon, Nov 30: skipped: not sent, Baton was down`);
    expect(report).toContain('no check-ins sent');
    await passTime(t, '2026-12-07T15:00:00Z');
    expect(checkinDms(t.sent).map(to).sort()).toEqual(['alice', 'maria', 'sam']);
  });

  it('three weeks down: each missed week is recorded, nothing old is sent, the next week is planned', async () => {
    const { file } = await runUntilStop('2026-11-29T12:00:00Z');
    const t = await startAt(file, '2026-12-16T09:00:00Z');
    expect(checkinDms(t.sent)).toEqual([]);
    const runs = (await sqlAll(t.database, 'select run_key, status from checkin_runs order by run_key'));
    expect(runs).toEqual([
      { run_key: '2026-11-30', status: 'missed' },
      { run_key: '2026-12-07', status: 'missed' },
      { run_key: '2026-12-14', status: 'missed' },
    ]);
    expect((await pendingJobs(t.database.db, 'checkin.run')).map((j) => j.key)).toEqual(['checkin:run:1:2026-12-21']);
  });

  it('the grace period is BATON_CHECKIN_GRACE: with 2 h, 3.5 h late is missed', async () => {
    const { file } = await runUntilStop('2026-11-29T12:00:00Z');
    const t = await startAt(file, '2026-11-30T12:00:00Z', 2 * 3_600_000);
    expect(checkinDms(t.sent)).toEqual([]);
    await passTime(t, '2026-11-30T14:30:00Z');
    expect(checkinDms(t.sent).map(to)).toEqual(['maria']);
  });

  it('a member whose moment passed while Baton was down, but within the grace, gets it once — not again on a second start', async () => {
    const { file } = await runUntilStop('2026-11-29T12:00:00Z');
    const first = await startAt(file, '2026-11-30T12:00:00Z');
    expect(checkinDms(first.sent).map(to)).toEqual(['alice']);
    open.splice(open.indexOf(first), 1);
    first.database.close();
    const second = await startAt(file, '2026-11-30T12:05:00Z');
    expect(checkinDms(second.sent)).toEqual([]);
  });
});

describe('the schedule, rebuilt from the database at start', () => {
  it('a team whose timer is gone (an older database, a timer lost) gets its next run at start', async () => {
    const { file } = await runUntilStop('2026-11-24T12:00:00Z');
    const before = await startAt(file, '2026-11-24T12:00:00Z');
    await sqlRun(before.database, 'delete from jobs');
    open.splice(open.indexOf(before), 1);
    before.database.close();
    const t = await startAt(file, '2026-11-24T12:01:00Z');
    expect((await pendingJobs(t.database.db, 'checkin.run')).map((j) => [j.key, new Date(j.dueAt).toISOString()])).toEqual([
      ['checkin:run:1:2026-11-30', '2026-11-29T23:30:00.000Z'],
    ]);
  });

  it('a custom schedule survives a restart', async () => {
    const t0 = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t0.run('alice', 'checkin schedule thursday 16:00');
    t0.database.close();
    dirs.push(t0.dir);
    const t = await startAt(join(t0.dir, 'baton.db'), '2026-11-25T00:00:00Z');
    await passTime(t, '2026-11-26T16:00:00Z');
    expect(checkinDms(t.sent).map(to)).toEqual(['sam', 'alice']);
    expect(where(checkinDms(t.sent))[0]).toContain('week of Thu, Nov 26');
  });
});

describe('messages recorded before a stop', () => {
  it('are sent once after it: the run, its check-ins and their messages were written in one transaction', async () => {
    const t0 = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t0.flush();
    // `checkin now` is recorded with its three messages; Baton stops before sending any.
    await t0.bot.command(t0.invocation('alice'), 'checkin now');
    expect((await outboxByStatus(t0.database.db, ['pending'])).filter((r) => r.key.startsWith('checkin:send:'))).toHaveLength(3);
    t0.database.close();
    dirs.push(t0.dir);
    const t = await startAt(join(t0.dir, 'baton.db'), '2026-11-23T15:01:00Z');
    expect(checkinDms(t.sent).map(to).sort()).toEqual(['alice', 'maria', 'sam']);
    await t.bot.runDueJobs();
    await t.dispatcher.drain();
    expect(checkinDms(t.sent)).toHaveLength(3);
  });
});

describe('the response rate after downtime', () => {
  it('counts the same check-ins its records list: a check-in sent late belongs to the week it was due', async () => {
    const { file } = await runUntilStop('2026-11-29T12:00:00Z');
    // Alice's check-in of Nov 30 was due 08:30 UTC and sent at 12:00 (Baton was down).
    const t = await startAt(file, '2026-11-30T12:00:00Z');
    await passTime(t, '2026-12-07T10:00:00Z'); // `report weeks 1` now starts at Nov 30, 10:00
    const text = (await t.run('alice', 'report checkins weeks 1'))[0]!.text;
    const rows = text.split('\n').filter((l) => l.startsWith('  • '));
    const counted = rows.filter((l) => /: (answered|not answered)/.test(l)).length;
    // Closed runs in the rate, the open one apart: together they are the records listed.
    const m = /^Check-in response rate: 0% \(0 of (\d+)\) · this week: 0 of (\d+) so far/.exec(text);
    expect(m).not.toBeNull();
    expect(Number(m![1]) + Number(m![2])).toBe(counted);
    expect(counted).toBe(3);
  });
});
