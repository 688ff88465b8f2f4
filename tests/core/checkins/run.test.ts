// The weekly check-in as the team lives it, with a controlled clock: each member gets it at their
// own 08:30, through a clock change; the schedule rolls over the week; away and skip are kept;
// one reminder; the digest when everyone has answered or at the digest time; and never twice.
import { afterEach, describe, expect, it } from 'vitest';
import { plainText } from '../../../src/core/message.js';
import { listCommitments } from '../../../src/db/commitments.js';
import { outboxByStatus } from '../../../src/db/outbox.js';
import { pendingJobs } from '../../../src/db/jobs.js';
import { insertMember } from '../../../src/db/members.js';
import { type TestBot, teamBot, where } from '../../support/core.js';
import { answer, channel, checkinDms, dms, passTime, reminders } from './helpers.js';
import { sqlRun } from '../../support/testdb.js';

let t: TestBot;
afterEach(() => t?.close());

/** alice (UTC, lead), maria (America/Chicago), sam (Asia/Tokyo); set up Monday 2026-11-23 15:00 UTC. */
async function team(now = '2026-11-23T15:00:00Z') {
  t = await teamBot({ now });
  await t.bot.runDueJobs();
  await t.flush();
  return t;
}

describe('each member at their own local time', () => {
  it('Monday 08:30 in Tokyo, then London time, then Chicago — one private message each', async () => {
    await team();
    expect(await passTime(t, '2026-11-29T23:29:00Z')).toEqual([]);
    const tokyo = await passTime(t, '2026-11-29T23:30:00Z');
    expect(where(checkinDms(tokyo))).toEqual([expect.stringMatching(/^dm sam: 👋 Hi Sam — time for the weekly check-in of Leadership \(week of Mon, Nov 30\)/)]);
    expect(checkinDms(await passTime(t, '2026-11-30T08:29:00Z'))).toEqual([]);
    expect(checkinDms(await passTime(t, '2026-11-30T08:30:00Z')).map((s) => s.destination)).toEqual([{ to: 'dm', userId: 'alice' }]);
    expect(checkinDms(await passTime(t, '2026-11-30T14:29:00Z'))).toEqual([]);
    expect(checkinDms(await passTime(t, '2026-11-30T14:30:00Z')).map((s) => s.destination)).toEqual([{ to: 'dm', userId: 'maria' }]);
    // Nothing more that week; the next week is planned.
    await passTime(t, '2026-12-06T12:00:00Z');
    expect(checkinDms(t.sent)).toHaveLength(3);
    expect((await pendingJobs(t.database.db, 'checkin.run')).map((j) => j.key)).toEqual([expect.stringMatching(/:2026-12-07$/)]);
  });

  it('keeps 08:30 local through the weeks of a clock change (Chicago falls back on Nov 1)', async () => {
    await team('2026-10-20T12:00:00Z');
    const sentAt: Record<string, string[]> = {};
    for (const stop of ['2026-10-26T13:29:00Z', '2026-10-26T13:30:00Z', '2026-11-02T14:29:00Z', '2026-11-02T14:30:00Z']) {
      const got = await passTime(t, stop);
      for (const s of checkinDms(got, 'maria')) (sentAt[stop] ??= []).push(s.text.slice(0, 40));
    }
    // 08:30 CDT = 13:30 UTC before the change; 08:30 CST = 14:30 UTC after it.
    expect(Object.keys(sentAt)).toEqual(['2026-10-26T13:30:00Z', '2026-11-02T14:30:00Z']);
  });

  it('a schedule set after this week’s moment starts next week; another weekday replaces the old timer', async () => {
    await team('2026-11-30T09:00:00Z');
    const r = await t.run('alice', 'checkin schedule monday 08:30');
    expect(where(r).join('\n')).toMatch(/#leadership: 🗓 Weekly check-in: Mondays at 08:30, in each member's own time zone\. Next: Mon, Dec 7\./);
    const tue = await t.run('alice', 'checkin schedule tue 7am');
    expect(where(tue).join('\n')).toMatch(/Tuesdays at 07:00.*Next: Tue, Dec 1\./);
    expect((await pendingJobs(t.database.db, 'checkin.run')).map((j) => j.key)).toEqual([expect.stringMatching(/:2026-12-01$/)]);
    await passTime(t, '2026-12-01T22:00:00Z');
    expect(checkinDms(t.sent).map((s) => (s.destination as { userId: string }).userId).sort()).toEqual(['alice', 'maria', 'sam']);
    expect(checkinDms(t.sent).every((s) => s.text.includes('week of Tue, Dec 1'))).toBe(true);
  });

  it('`checkin off` stops the weekly check-in; `checkin now` still works', async () => {
    await team();
    const off = await t.run('alice', 'checkin off');
    expect(where(off).join('\n')).toMatch(/Weekly check-ins are off/);
    expect(await pendingJobs(t.database.db, 'checkin.run')).toEqual([]);
    await passTime(t, '2026-12-08T00:00:00Z');
    expect(checkinDms(t.sent)).toEqual([]);
    expect((await t.run('maria', 'checkin')).map((s) => s.text).join('\n')).toMatch(/Weekly check-ins are off/);
    await t.run('alice', 'checkin now');
    expect(checkinDms(t.sent)).toHaveLength(3);
  });
});

describe('away and skip', () => {
  it('someone away is neither sent to nor counted until their date', async () => {
    await team();
    const away = await t.run('sam', 'checkin away until Dec 8');
    expect(where(away)).toEqual([expect.stringMatching(/^reply sam: You are away until Tue, Dec 8: no check-ins before then/)]);
    await passTime(t, '2026-12-01T00:00:00Z');
    expect(checkinDms(t.sent, 'sam')).toEqual([]);
    expect(checkinDms(t.sent)).toHaveLength(2);
    await passTime(t, '2026-12-08T00:00:00Z');
    expect(checkinDms(t.sent, 'sam')).toEqual([]); // Monday Dec 7 is before Dec 8
    await passTime(t, '2026-12-14T15:00:00Z');
    expect(checkinDms(t.sent, 'sam')).toHaveLength(1); // Monday Dec 14
    const report = (await t.run('alice', 'report checkins weeks 4')).map((s) => s.text).join('\n');
    expect(report).toMatch(/Sam — week of Mon, Nov 30: away \(not counted\)/);
    expect(report).toMatch(/Sam — week of Mon, Dec 7: away \(not counted\)/);
    // The week of Dec 14 is still being answered: shown apart, not in the rate.
    expect(report).toMatch(/Check-in response rate: 0% \(0 of 4\) · this week: 0 of 3 so far/);
  });

  it('`checkin back` during a week they were away makes that week’s check-in theirs again', async () => {
    await team();
    await t.run('sam', 'checkin away until 2026-12-31');
    await passTime(t, '2026-11-30T09:00:00Z');
    expect(checkinDms(t.sent, 'sam')).toEqual([]);
    const back = await t.run('sam', 'checkin back');
    expect(where(checkinDms(back))).toEqual([expect.stringMatching(/^dm sam: 👋 Hi Sam/)]);
    expect(where(back).join('\n')).toMatch(/reply sam: Welcome back — your check-ins are on again\. This week's check-in is yours to answer\./);
  });

  it('`checkin skip` before the week skips that week only; during it, the check-in waiting for them', async () => {
    await team();
    const skip = await t.run('maria', 'checkin skip');
    expect(where(skip)).toEqual([expect.stringMatching(/^reply maria: You will skip the check-in of Mon, Nov 30/)]);
    await passTime(t, '2026-12-01T00:00:00Z');
    expect(checkinDms(t.sent, 'maria')).toEqual([]);
    await passTime(t, '2026-12-07T15:00:00Z');
    expect(checkinDms(t.sent, 'maria')).toHaveLength(1);
    const during = await t.run('maria', 'checkin skip');
    expect(where(during)).toEqual([expect.stringMatching(/^reply maria: Skipped — no check-in and no reminder for the week of Mon, Dec 7/)]);
    await passTime(t, '2026-12-08T12:00:00Z');
    expect(reminders(t.sent, 'maria')).toEqual([]);
    expect(dms(t.sent, 'maria')).toHaveLength(1);
  });
});

describe('reminder and digest', () => {
  it('one reminder, four hours after the check-in, only to those who have not answered', async () => {
    await team();
    await passTime(t, '2026-11-30T08:30:00Z');
    await answer(t, 'alice', { moved: 'Hired two bus drivers' });
    // Sam's came at 23:30 UTC (08:30 Tokyo): reminded at 03:30. Alice answered: no reminder.
    await passTime(t, '2026-11-30T18:29:00Z');
    expect(where(reminders(t.sent))).toEqual([expect.stringMatching(/^dm sam: ⏰ A reminder, Sam: your check-in for Leadership \(week of Mon, Nov 30\) is still open\./)]);
    await passTime(t, '2026-11-30T18:30:00Z');
    expect(reminders(t.sent).map((s) => (s.destination as { userId: string }).userId)).toEqual(['sam', 'maria']);
    await passTime(t, '2026-12-01T12:00:00Z');
    expect(reminders(t.sent)).toHaveLength(2);
  });

  it('the digest is posted as soon as everyone has answered, and not again at the digest time', async () => {
    await team();
    t.person('maria', 'America/Chicago', 'Maria');
    await t.run('maria', 'commit Draft the budget memo by Friday');
    await passTime(t, '2026-11-30T14:30:00Z');
    await answer(t, 'sam', { moved: 'Bus routes drafted', blocking: 'Waiting on the bus contract signature' });
    expect(channel(t.sent).filter((s) => s.text.startsWith('Check-in digest'))).toEqual([]);
    await answer(t, 'alice', { decide: 'Should we move the PD day to Friday?' });
    const last = await answer(t, 'maria', { c1: 'slipping', c1_date: '2026-12-09' });
    const digest = channel(last.sent).filter((s) => s.text.startsWith('Check-in digest'));
    expect(digest).toHaveLength(1);
    expect(digest[0]!.key).toBe('checkin:digest:1:2026-11-30');
    const text = digest[0]!.text;
    expect(text).toContain('Week of Mon, Nov 30 · 3 of 3 answered');
    expect(text).toContain('Sam: Bus routes drafted');
    expect(text).toMatch(/Maria: C-1 Draft the budget memo — slipping, now due Wed, Dec 9/);
    expect(text).toMatch(/Sam: E-1 Waiting on the bus contract signature/);
    expect(text).toContain('Alice: Should we move the PD day to Friday?');
    await passTime(t, '2026-12-02T00:00:00Z');
    expect(channel(t.sent).filter((s) => s.text.startsWith('Check-in digest'))).toHaveLength(1);
  });

  it('at the digest time the digest lists who has not answered; a later answer edits it in place', async () => {
    await team();
    await passTime(t, '2026-11-30T14:30:00Z');
    await answer(t, 'alice', { moved: 'Budget draft out' });
    // Eight hours after the last member's moment (Chicago 08:30 = 14:30 UTC).
    expect(channel(await passTime(t, '2026-11-30T22:29:00Z')).filter((s) => s.text.startsWith('Check-in digest'))).toEqual([]);
    const posted = channel(await passTime(t, '2026-11-30T22:30:00Z')).filter((s) => s.text.startsWith('Check-in digest'));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toContain('1 of 3 answered');
    expect(posted[0]!.text).toMatch(/Not answered yet\n {2}• Maria\n {2}• Sam/);
    const late = await answer(t, 'sam', { moved: 'Routes done' });
    const edit = channel(late.sent).find((s) => s.text.startsWith('Check-in digest'))!;
    expect(edit.destination).toEqual({ to: 'channel', channelId: 'leadership', replaces: 'checkin:digest:1:2026-11-30' });
    expect(edit.text).toContain('2 of 3 answered');
    expect(edit.text).toContain('Sam: Routes done');
  });

  it('the response rate counts sent and answered check-ins, and its records say why others are not counted', async () => {
    await team();
    await t.run('sam', 'checkin away until Dec 2');
    await passTime(t, '2026-11-30T14:30:00Z');
    await answer(t, 'alice', {});
    await passTime(t, '2026-12-01T12:00:00Z');
    const report = (await t.run('alice', 'report checkins')).map((s) => s.text).join('\n');
    expect(report).toContain('Check-in response rate: 50% (1 of 2)');
    expect(report).toMatch(/Alice — week of Mon, Nov 30: answered/);
    expect(report).toMatch(/Maria — week of Mon, Nov 30: not answered \(sent Nov 30, 08:30, reminded\)/);
    expect(report).toMatch(/Sam — week of Mon, Nov 30: away \(not counted\)/);
  });
});

describe('exactly once', () => {
  it('every (team, run, member) message has its own key, stored before it is sent; a timer run twice sends nothing more', async () => {
    await team();
    await passTime(t, '2026-11-30T15:00:00Z');
    const keys = (await outboxByStatus(t.database.db, ['sent'])).map((r) => r.key).filter((k) => k.startsWith('checkin:send:'));
    expect(keys.sort()).toEqual(['checkin:send:1:2026-11-30:1', 'checkin:send:1:2026-11-30:2', 'checkin:send:1:2026-11-30:3']);
    // The same timers fired again (a second process, a retried tick): nothing new.
    await sqlRun(t.database, "update jobs set status = 'pending' where kind in ('checkin.run', 'checkin.send') and due_at <= ?", t.clock.now());
    await t.bot.runDueJobs();
    expect(checkinDms(await t.flush())).toEqual([]);
    expect(checkinDms(t.sent)).toHaveLength(3);
  });

  it('`checkin now` while a check-in is under way is refused with its progress', async () => {
    await team();
    await t.run('alice', 'checkin now');
    const again = await t.run('alice', 'checkin now');
    expect(where(again)).toEqual([expect.stringMatching(/^reply alice: A check-in is already under way \(0 of 3 answered\)/)]);
    expect(checkinDms(t.sent)).toHaveLength(3);
  });

  it('answers update the records once: done closes, slipping moves the date (a slip)', async () => {
    await team();
    await t.run('maria', 'commit Draft the budget memo by Friday');
    await t.run('maria', 'commit Call the bus vendor by Thursday');
    await t.run('alice', 'checkin now');
    await answer(t, 'maria', { c1: 'done', c2: 'slipping', c2_date: '2026-12-04' });
    const [c1, c2] = (await listCommitments(t.database.db, 1, {})).sort((a, b) => a.seq - b.seq);
    expect(c1).toMatchObject({ status: 'done' });
    expect(c2).toMatchObject({ status: 'open', dueDate: '2026-12-04', slips: 1 });
  });

  it('App Home shows a check-in waiting for an answer, until it is answered', async () => {
    await team();
    await t.run('alice', 'checkin now');
    const home = async () => plainText((await t.bot.home(t.invocation('maria'))).blocks);
    expect(await home()).toMatch(/My check-in\n {2}• Check-in of Mon, Nov 23 — waiting for your answer\./);
    await answer(t, 'maria', {});
    expect(await home()).toMatch(/My check-in\n {2}Nothing waiting\./);
  });
});

describe('a large team', () => {
  it('1,200 members sharing a local time all get their check-in at that minute, not over several ticks', async () => {
    await team();
    for (let i = 0; i < 1200; i++) await insertMember(t.database.db, { teamId: 1, userId: `u${i}`, name: `Member ${i}`, tz: 'UTC', joinedAt: t.clock.now() });
    await passTime(t, '2026-11-30T08:29:00Z');
    // One tick at 08:30 (the ticker runs once a minute).
    t.clock.set(Date.parse('2026-11-30T08:30:00Z'));
    await t.bot.runDueJobs();
    const sent = await t.flush();
    expect(checkinDms(sent).filter((s) => s.destination.to === 'dm' && s.destination.userId.startsWith('u'))).toHaveLength(1200);
  });
});
