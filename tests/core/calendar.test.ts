// The team calendar as a team lives it, with a controlled clock: a lead sets days off and the work
// week; nothing is sent on a day off (the check-in moves to the next working day, reminders and
// the digest wait, time boxes stop); bad input is refused with nothing written; "EOW" reads the
// team's week. alice (UTC, lead), maria (America/Chicago), sam (Asia/Tokyo); team zone UTC.
import { afterEach, describe, expect, it } from 'vitest';
import { pendingJobs } from '../../src/db/jobs.js';
import { type TestBot, teamBot, where } from '../support/core.js';
import { channel, checkinDms, passTime, reminders, restartAt } from './checkins/helpers.js';
import { sqlGet } from '../support/testdb.js';

let t: TestBot;
afterEach(() => t?.close());

async function team(now = '2026-11-23T15:00:00Z'): Promise<TestBot> {
  t = await teamBot({ now });
  await t.bot.runDueJobs();
  await t.flush();
  return t;
}

const text = async (who: string, cmd: string) => where(await t.run(who, cmd)).join('\n');
const users = (sent: { destination: unknown }[]) => sent.map((s) => (s.destination as { userId: string }).userId).sort();

describe('calendar commands', () => {
  it('shows the work week and the days off ahead; a lead adds a break with a reason, announced', async () => {
    await team();
    expect(await text('maria', 'calendar')).toMatch(/reply maria: 📅 Leadership works Mon–Fri\.\nNext check-in: Mon, Nov 30\.[\s\S]*No days off ahead\./);
    const off = await text('alice', 'calendar off Dec 21 to Jan 1 Winter break');
    expect(off).toMatch(/#leadership: 📅 Days off: Mon, Dec 21 – Fri, Jan 1 — Winter break\.\nNext check-in: Mon, Nov 30\./);
    expect(await text('maria', 'calendar')).toMatch(/Days off ahead[\s\S]*Mon, Dec 21 – Fri, Jan 1 \(10 working days off\) — Winter break/);
    const one = await text('alice', 'calendar off Nov 30 Staff PD day');
    expect(one).toMatch(/Day off: Mon, Nov 30 — Staff PD day\.\nNext check-in: Tue, Dec 1 \(moved from Mon, Nov 30, a day off\)\./);
    expect(await text('sam', 'checkin')).toMatch(/Next: Tue, Dec 1 \(.* your time — moved from Mon, Nov 30, a day off\)/);
  });

  it('refuses bad input privately, with what to type, and writes nothing', async () => {
    await team();
    const cases: [string, RegExp][] = [
      ['calendar off Jan 1 to Dec 21', /The break ends \(Mon, Dec 21\) before it starts \(Fri, Jan 1\)/],
      ['calendar off Dec 1 to Dec 20 2027', /That is 385 days; one range can be at most 366/],
      ['calendar off 2026-11-02 to 2026-11-06 Fall break', /is in the past/],
      ['calendar off someday soon', /could mean more than one day|couldn't read/],
      ['calendar off Dec 21 to whenever', /couldn't read "whenever"/],
      ['calendar off', /`calendar off` needs a date/],
      ['calendar workweek funday', /`calendar workweek` takes the days the team works/],
      ['calendar on someday', /couldn't read/],
      ['calendar sometimes', /`calendar` takes off, on or workweek/],
    ];
    for (const [cmd, error] of cases) {
      const r = await t.run('alice', cmd);
      expect(where(r).join('\n'), cmd).toMatch(error);
      expect(r.every((s) => s.destination.to === 'reply'), cmd).toBe(true);
      expect(where(r).join('\n'), cmd).toMatch(/Try: /);
    }
    // Only a lead changes the calendar.
    expect(await text('maria', 'calendar off Dec 24')).toMatch(/reply maria: .*lead/i);
    expect(await text('alice', 'calendar')).toMatch(/No days off ahead\./);
  });

  it('`calendar on` makes one day of a break a working day again; `calendar workweek` sets the week', async () => {
    await team();
    await t.run('alice', 'calendar off Dec 21 to Jan 1 Winter break');
    expect(await text('alice', 'calendar on Dec 28')).toMatch(/#leadership: 📅 Mon, Dec 28 is a working day again\./);
    const shown = await text('maria', 'calendar');
    expect(shown).toMatch(/Mon, Dec 21 – Sun, Dec 27 \(5 working days off\) — Winter break\n.*Tue, Dec 29 – Fri, Jan 1 \(4 working days off\) — Winter break/);
    expect(await text('alice', 'calendar on Dec 28')).toMatch(/reply alice: Mon, Dec 28 is already a working day\./);
    expect(await text('alice', 'calendar on Dec 26')).toMatch(/Sat, Dec 26 is outside the work week \(Mon–Fri\)/);
    expect(await text('alice', 'calendar workweek sun-thu')).toMatch(/The work week is now Sun–Thu\./);
    expect(await text('maria', 'calendar')).toMatch(/works Sun–Thu/);
    expect(await text('alice', 'calendar workweek mon,tue,thu')).toMatch(/The work week is now Mon, Tue, Thu\./);
  });
});

describe('nothing is sent on a day off', () => {
  it('a break across two scheduled check-ins: none inside it, one for each member on the first working day after', async () => {
    await team('2026-12-14T12:00:00Z');
    await t.run('alice', 'calendar off Dec 21 to Jan 1 Winter break');
    await t.flush();
    const dec21 = await passTime(t, '2026-12-21T23:00:00Z');
    expect(checkinDms(dec21)).toEqual([]);
    expect(checkinDms(await passTime(t, '2027-01-03T12:00:00Z'))).toEqual([]);
    const back = await passTime(t, '2027-01-05T00:00:00Z');
    expect(users(checkinDms(back))).toEqual(['alice', 'maria', 'sam']);
    expect(checkinDms(back).every((s) => s.text.includes('week of Mon, Jan 4'))).toBe(true);
    // A restart after it sends nothing again.
    expect(checkinDms(await restartAt(t, '2027-01-05T06:00:00Z'))).toEqual([]);
    expect(checkinDms(t.sent)).toHaveLength(3);
  });

  it('Baton down across the whole break: on start, nothing for the break, the first run after it once', async () => {
    await team('2026-12-14T12:00:00Z');
    await t.run('alice', 'calendar off Dec 21 to Jan 1 Winter break');
    await passTime(t, '2026-12-15T00:00:00Z');
    const before = checkinDms(t.sent).length;
    // Down from Dec 15 until Jan 4, 05:00 UTC: Tokyo's 08:30 passed 5.5 h ago (within the grace).
    const start = await restartAt(t, '2027-01-04T05:00:00Z');
    expect(users(checkinDms(start))).toEqual(['sam']);
    expect(checkinDms(start).every((s) => s.text.includes('week of Mon, Jan 4'))).toBe(true);
    expect(users(checkinDms(await passTime(t, '2027-01-04T08:30:00Z')))).toEqual(['alice']);
    expect(users(checkinDms(await passTime(t, '2027-01-04T14:30:00Z')))).toEqual(['maria']);
    expect(checkinDms(await restartAt(t, '2027-01-04T15:00:00Z'))).toEqual([]);
    expect(checkinDms(t.sent).length - before).toBe(3);
  });

  it('a holiday on the scheduled Monday: Tuesday 08:30 in each member\'s own zone', async () => {
    await team();
    await t.run('alice', 'calendar off Dec 7 Staff PD day');
    await passTime(t, '2026-12-02T00:00:00Z');
    const before = checkinDms(t.sent).length;
    expect(checkinDms(await passTime(t, '2026-12-07T23:29:00Z'))).toEqual([]);
    expect(users(checkinDms(await passTime(t, '2026-12-07T23:30:00Z')))).toEqual(['sam']);
    expect(users(checkinDms(await passTime(t, '2026-12-08T08:30:00Z')))).toEqual(['alice']);
    expect(users(checkinDms(await passTime(t, '2026-12-08T14:30:00Z')))).toEqual(['maria']);
    expect(checkinDms(t.sent).slice(before).every((s) => s.text.includes('week of Tue, Dec 8'))).toBe(true);
  });

  it('a day made off while its check-in goes out: later sends, the reminder and the digest wait for the next working day', async () => {
    await team();
    await passTime(t, '2026-11-30T09:00:00Z');
    await t.run('alice', 'calendar off Nov 30 Snow day');
    await t.flush();
    const monday = await passTime(t, '2026-11-30T23:59:00Z');
    expect(reminders(monday, 'alice')).toEqual([]);
    // Maria's 08:30 had not come yet: hers waits for her Tuesday 08:30.
    expect(checkinDms(monday, 'maria')).toEqual([]);
    expect(channel(monday).filter((s) => /digest/i.test(s.text))).toEqual([]);
    expect(reminders(await passTime(t, '2026-12-01T12:29:00Z'), 'alice')).toEqual([]);
    expect(reminders(await passTime(t, '2026-12-01T12:30:00Z'), 'alice')).toHaveLength(1);
    expect(checkinDms(await passTime(t, '2026-12-01T14:30:00Z'), 'maria')).toHaveLength(1);
    const tuesday = await passTime(t, '2026-12-01T23:00:00Z');
    expect(channel(tuesday).filter((s) => /Check-in digest/.test(s.text))).toHaveLength(1);
    expect(reminders(t.sent, 'alice')).toHaveLength(1);
  });
});

describe('the cadence', () => {
  it('mon,thu 09:00: a check-in on each day; a holiday Thursday is dropped when Monday would be its next working day', async () => {
    await team();
    expect(await text('alice', 'checkin schedule mon,thu 09:00')).toMatch(/Weekly check-in: Mondays and Thursdays at 09:00.*Next: Thu, Nov 26\./);
    await passTime(t, '2026-11-27T00:00:00Z');
    expect(users(checkinDms(t.sent, 'alice'))).toEqual(['alice']);
    await passTime(t, '2026-11-30T12:00:00Z');
    expect(checkinDms(t.sent, 'alice').map((s) => /week of (\w+, \w+ \d+)/.exec(s.text)![1])).toEqual(['Thu, Nov 26', 'Mon, Nov 30']);
    await t.run('alice', 'calendar off Dec 3 to Dec 4 Conference');
    await passTime(t, '2026-12-08T00:00:00Z');
    expect(checkinDms(t.sent, 'alice').map((s) => /week of (\w+, \w+ \d+)/.exec(s.text)![1])).toEqual(['Thu, Nov 26', 'Mon, Nov 30', 'Mon, Dec 7']);
  });

  it('friday 14:00 every 2 weeks: every other Friday, at 14:00 local through the clock change', async () => {
    await team('2026-10-19T12:00:00Z');
    expect(await text('alice', 'checkin schedule friday 14:00 every 2 weeks')).toMatch(/Check-in: Fridays at 14:00, every 2 weeks.*Next: Fri, Oct 23\./);
    await passTime(t, '2026-11-21T00:00:00Z');
    const maria = checkinDms(t.sent, 'maria');
    expect(maria.map((s) => /week of (\w+, \w+ \d+)/.exec(s.text)![1])).toEqual(['Fri, Oct 23', 'Fri, Nov 6', 'Fri, Nov 20']);
    // 14:00 CDT = 19:00 UTC before Chicago falls back (Nov 1); 14:00 CST = 20:00 UTC after.
    const at: number[] = [];
    for (const s of maria) at.push((await sqlGet<{ c: number }>(t.database, 'select created_at as c from outbox where key = ?', s.key))!.c);
    expect(at.map((c) => new Date(c).toISOString().slice(11, 16))).toEqual(['19:00', '20:00', '20:00']);
  });

  it('refuses a schedule with no day, every 0 weeks, or an unknown weekday', async () => {
    await team();
    expect(await text('alice', 'checkin schedule 09:00')).toMatch(/needs at least one weekday/);
    expect(await text('alice', 'checkin schedule friday 14:00 every 0 weeks')).toMatch(/`every 0 weeks` needs a whole number of weeks from 1 to 8/);
    expect(await text('alice', 'checkin schedule mon,funday 09:00')).toMatch(/"funday" is not a weekday/);
    expect(await text('alice', 'checkin')).toMatch(/Mondays at 08:30/);
  });
});

describe('time boxes count working time', () => {
  it('a 48 h box flagged on Friday ends on Tuesday when the weekend is off; across a break, once after it', async () => {
    await team('2026-12-04T10:00:00Z');
    await t.run('sam', "disagree Next year's PD calendar with <@maria>");
    await t.flush();
    const jobs = await pendingJobs(t.database.db, 'flow.timeout');
    expect(jobs.map((j) => new Date(j.dueAt).toISOString())).toEqual(['2026-12-08T10:00:00.000Z']);
    t.close();

    await team('2026-12-04T10:00:00Z');
    await t.run('alice', 'calendar off Dec 7 to Dec 11 Testing week');
    await t.run('sam', "disagree Next year's PD calendar with <@maria>");
    await t.flush();
    const inside = await passTime(t, '2026-12-15T09:59:00Z');
    expect(inside.filter((s) => /time box ran out/.test(s.text))).toEqual([]);
    const after = await passTime(t, '2026-12-15T10:00:00Z');
    expect(after.filter((s) => s.destination.to === 'dm' && /time box ran out/.test(s.text))).toHaveLength(1);
    await passTime(t, '2026-12-16T10:00:00Z');
    expect(t.sent.filter((s) => s.destination.to === 'dm' && /time box ran out/.test(s.text))).toHaveLength(1);
  });

  it('an escalation due on a day the calendar gained later waits for the next working day', async () => {
    await team('2026-11-23T15:00:00Z');
    await t.run('sam', "disagree Next year's PD calendar with <@maria>");
    await t.run('alice', 'calendar off Nov 25 Snow day');
    await t.flush();
    expect((await passTime(t, '2026-11-25T23:00:00Z')).filter((s) => /time box ran out/.test(s.text))).toEqual([]);
    expect((await passTime(t, '2026-11-26T15:00:00Z')).filter((s) => s.destination.to === 'dm' && /time box ran out/.test(s.text))).toHaveLength(1);
  });
});

describe('week words read the team\'s week', () => {
  it('"EOW" is Friday for mon-fri, Thursday for sun-thu, and the day before a Friday holiday', async () => {
    await team();
    expect(await text('maria', 'commit Draft the memo by EOW')).toMatch(/Fri, Nov 27/);
    await t.run('alice', 'calendar off Nov 27 Thanksgiving break');
    expect(await text('maria', 'commit Call the vendor by end of week')).toMatch(/Thu, Nov 26/);
    await t.run('alice', 'calendar workweek sun-thu');
    expect(await text('maria', 'commit Send the agenda by EOW')).toMatch(/Thu, Nov 26/);
    expect(await text('maria', 'commit Book the room by end of next week')).toMatch(/Thu, Dec 3/);
  });
});

describe('skipping a moved check-in', () => {
  it('`checkin skip` names the day it is sent, and the moved run is skipped', async () => {
    await team();
    await t.run('alice', 'calendar off Nov 30 Staff PD day');
    expect(await text('maria', 'checkin skip')).toMatch(/You will skip the check-in of Tue, Dec 1\./);
    await passTime(t, '2026-12-02T00:00:00Z');
    expect(checkinDms(t.sent, 'maria')).toEqual([]);
    expect(users(checkinDms(t.sent))).toEqual(['alice', 'sam']);
  });
});
