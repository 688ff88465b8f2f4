// The team's meeting through the core: scheduled by a lead in their zone, its agenda posted in
// the channel `agenda-before` ahead of it at the right local time (across a daylight-saving
// change), items carried forward until handled, the end marking it held, each timer once.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { meetingOn } from '../../../src/db/meetings.js';
import { type TestBot, teamBot, testBot, where } from '../../support/core.js';
import { passTime } from '../checkins/helpers.js';

let t: TestBot;
const extra: TestBot[] = [];
afterEach(() => {
  t?.close();
  for (const x of extra.splice(0)) x.close();
});

const agendaPosts = (sent: { destination: { to: string }; text: string }[]) => sent.filter((s) => s.destination.to === 'channel' && s.text.startsWith('Agenda: '));

describe('meeting schedule', () => {
  it("is set by a lead in the lead's zone and announced; anyone sees the next one in their own time", async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('alice', 'role <@maria> lead');
    const sent = await t.run('maria', 'meeting schedule tuesday 15:30 every 2 weeks for 90');
    expect(where(sent).join('\n')).toMatch(/#leadership: 🗓 Team meeting: Tuesdays at 15:30, every 2 weeks, 90 min \(America\/Chicago\)\. Next: Tue, Nov 24, 15:30\./);
    const sam = (await t.run('sam', 'meeting'))[0]!;
    expect(sam.destination.to).toBe('reply');
    // 15:30 in Chicago (UTC-6) is 06:30 the next morning in Tokyo.
    expect(sam.text).toMatch(/Next meeting: .*Nov 25.*6:30.*your time \(Asia\/Tokyo\), until .*8:00/);
  });

  it('refuses privately: a member, every 0 weeks, longer than 8 h, a time the clocks jump over', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    expect(where(await t.run('sam', 'meeting schedule tuesday 15:30')).join('\n')).toMatch(/^reply sam: Only a lead/);
    expect(where(await t.run('alice', 'meeting schedule tuesday 15:30 every 0 weeks')).join('\n')).toMatch(/^reply alice: "every 0 weeks" is not a cadence/);
    expect(where(await t.run('alice', 'meeting schedule tuesday 15:30 for 600')).join('\n')).toMatch(/^reply alice: A meeting lasts from 5 to 480 minutes \(8 h\)/);
    await t.run('alice', 'role <@maria> lead');
    const gap = where(await t.run('maria', 'meeting schedule sunday 02:30')).join('\n');
    expect(gap).toMatch(/^reply maria: 02:30 does not exist on Sun, Mar 14 in America\/Chicago/);
    expect(where(await t.run('alice', 'meeting')).join('\n')).toMatch(/no regular meeting yet/);
  });
});

describe('the agenda', () => {
  it('is posted once, agenda-before (24 h) ahead, at the same local time across a daylight-saving change', async () => {
    t = await teamBot({ now: '2027-03-03T15:00:00Z' });
    await t.run('alice', 'role <@maria> lead');
    await t.run('maria', 'meeting schedule tuesday 15:30');
    await t.run('sam', 'agenda add Bus contract: who signs?');
    // Tue Mar 9, CST (UTC-6): the meeting at 21:30Z, its agenda at 21:30Z the day before.
    expect(agendaPosts(await passTime(t, '2027-03-08T21:29:00Z'))).toEqual([]);
    const first = agendaPosts(await passTime(t, '2027-03-08T21:30:00Z'));
    expect(first).toHaveLength(1);
    expect(first[0]!.text).toMatch(/Agenda: Leadership, Tue, Mar 9[\s\S]*A-1 Bus contract: who signs\? — Sam/);
    // After the change (Mar 14) Chicago is UTC-5: Tue Mar 16 15:30 is 20:30Z, the agenda 20:30Z Monday.
    expect(agendaPosts(await passTime(t, '2027-03-15T20:29:00Z'))).toEqual([]);
    expect(agendaPosts(await passTime(t, '2027-03-15T20:30:00Z'))).toHaveLength(1);
    expect((await meetingOn(t.database.db, 1, '2027-03-09'))).toMatchObject({ status: 'held', startsAt: Date.parse('2027-03-09T21:30:00Z') });
    expect((await meetingOn(t.database.db, 1, '2027-03-16'))).toMatchObject({ startsAt: Date.parse('2027-03-16T20:30:00Z') });
  });

  it('carries open items forward until handled or dropped; drop and done are refused where they should be', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('alice', 'meeting schedule wednesday 16:00 for 60');
    await t.run('maria', 'agenda add PD calendar');
    await t.run('sam', 'agenda add Bus contract');
    await t.run('sam', 'agenda add Raised twice');
    expect(where(await t.run('maria', 'agenda drop A-2')).join('\n')).toMatch(/^reply maria: Only who raised A-2 or a lead can drop it/);
    expect(where(await t.run('maria', 'agenda add   ')).join('\n')).toMatch(/^reply maria: /);
    expect(where(await t.run('sam', 'agenda drop A-3')).join('\n')).toMatch(/#leadership: A-3 dropped from the agenda/);
    const first = agendaPosts(await passTime(t, '2026-11-24T16:00:00Z'))[0]!.text;
    expect(first).toMatch(/A-1 PD calendar — Maria[\s\S]*A-2 Bus contract — Sam/);
    expect(first).not.toMatch(/A-3/);
    // During the meeting A-1 is handled; A-2 is not, so it is on the next agenda.
    await passTime(t, '2026-11-25T16:10:00Z');
    expect(where(await t.run('alice', 'agenda done A-1 Maria drafts it by Friday')).join('\n')).toMatch(/#leadership: ✅ A-1 handled: PD calendar — Maria drafts it by Friday/);
    expect(where(await t.run('alice', 'agenda done A-1')).join('\n')).toMatch(/^reply alice: A-1 was already handled/);
    expect(where(await t.run('alice', 'agenda drop A-1')).join('\n')).toMatch(/^reply alice: A-1 was already handled/);
    const second = agendaPosts(await passTime(t, '2026-12-01T16:00:00Z'))[0]!.text;
    expect(second).toMatch(/Agenda: Leadership, Wed, Dec 2[\s\S]*A-2 Bus contract/);
    expect(second).not.toMatch(/A-1/);
    expect((await meetingOn(t.database.db, 1, '2026-11-25'))?.status).toBe('held');
  });

  it('lists what the records raise: proposals, work due by the meeting, old blockers, quiet goals', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('alice', 'goal Attendance measure attendance rate owner <@maria>');
    await t.run('sam', 'decide Move the PD day to Friday');
    await t.run('maria', 'commit Draft the budget memo by Wednesday');
    await t.run('maria', 'commit Later work by Jan 20');
    await t.run('sam', 'blocker Waiting on the bus contract');
    await t.run('alice', 'meeting schedule wednesday 16:00');
    await passTime(t, '2026-12-29T16:00:00Z');
    const text = agendaPosts(t.sent).at(-1)!.text;
    expect(text).toMatch(/Proposals waiting for agreement\n {2}• D-1 Move the PD day to Friday — proposed by Sam/);
    expect(text).toMatch(/Commitments due or overdue\n {2}• C-1 Draft the budget memo \(overdue\) — Maria/);
    expect(text).not.toMatch(/Later work/);
    expect(text).toMatch(/Blockers still open\n {2}• E-1 Waiting on the bus contract \(since .*\) — raised by Sam/);
    expect(text).toMatch(/Goals with no data point in four weeks\n {2}• G-1 Attendance — owner: Maria/);
  });

  it('a restart while the agenda is due posts it once', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('alice', 'meeting schedule wednesday 16:00');
    const file = join(t.dir, 'baton.db');
    t.database.close();
    for (let i = 0; i < 2; i++) {
      const b = testBot({ file, now: '2026-11-24T18:00:00Z' });
      extra.push(b);
      await b.dispatcher.recover();
      await b.bot.runDueJobs();
      const posts = agendaPosts(await b.flush());
      expect(posts).toHaveLength(i === 0 ? 1 : 0);
      b.database.close();
    }
    extra.length = 0;
  });

  it("what is recorded in the meeting's window is the meeting's: shown while it runs and after", async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('alice', 'meeting schedule wednesday 16:00');
    await t.run('sam', 'blocker Waiting on the bus contract');
    await t.run('maria', 'agenda add PD calendar');
    await t.run('maria', 'commit Before the meeting by Friday');
    await passTime(t, '2026-11-25T16:05:00Z');
    await t.run('alice', 'decide Move the PD day to Friday');
    await t.run('maria', 'commit Draft the PD memo by Friday');
    await t.run('sam', 'resolve E-1 signed in the meeting');
    await t.run('alice', 'agenda done A-1');
    const during = (await t.run('sam', 'meeting'))[0]!.text;
    expect(during).toMatch(/The meeting is under way, until Nov 26, 02:00 your time/);
    expect(during).toContain('So far in this meeting: decided D-1 · committed C-2 · resolved E-1 · handled A-1.');
    await passTime(t, '2026-11-25T17:30:00Z');
    await t.run('maria', 'commit After the meeting by Friday');
    const after = (await t.run('sam', 'meeting'))[0]!.text;
    expect(after).toContain('In the last meeting (Wed, Nov 25): decided D-1 · committed C-2 · resolved E-1 · handled A-1.');
  });

  it("refuses another team's item, an over-long topic and a bad id, privately", async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('alice', 'agenda add Ours');
    await t.run('alice', 'setup Facilities', { channel: 'facilities' });
    await t.run('alice', 'agenda add Theirs one', { channel: 'facilities' });
    await t.run('alice', 'agenda add Theirs two', { channel: 'facilities' });
    expect(where(await t.run('alice', 'agenda done A-2')).join('\n')).toMatch(/^reply alice: There is no A-2 in this team\./);
    expect(where(await t.run('maria', `agenda add ${'x'.repeat(2001)}`)).join('\n')).toMatch(/^reply maria: The topic is 2,001 characters; the limit is 2,000\./);
    expect(where(await t.run('maria', 'agenda done C-1')).join('\n')).toMatch(/^reply maria: "C-1" is not an agenda item id like A-3\./);
    expect(where(await t.run('maria', 'agenda')).join('\n')).toMatch(/^reply maria: Leadership: the meeting[\s\S]*A-1 Ours/);
  });
});
