// The staff bulletin through the core: a lead sets it in their zone; each week at that local time
// (across a daylight-saving change) it posts the week's decisions to the broadcast channel — who
// executes each, by when, what it replaces — with the week's retractions and corrections; a week
// with none posts nothing; a day off moves it to the next working day; a restart while it is due
// posts it once; `broadcast each off` leaves each decision to it. Bad input is refused privately.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { type Sent, type TestBot, teamBot, testBot, where } from '../support/core.js';
import { passTime } from './checkins/helpers.js';
import { expectOk, options, step, view } from './deescalation/support.js';

let t: TestBot;
const extra: TestBot[] = [];
afterEach(() => {
  t?.close();
  for (const x of extra.splice(0)) x.close();
});

const bulletins = (sent: Sent[]) => sent.filter((s) => s.destination.to === 'channel' && s.text.startsWith('Staff bulletin: '));
const toStaff = (sent: Sent[]) => sent.filter((s) => s.destination.to === 'channel' && s.destination.channelId === 'staff');

/** A team with #staff as its broadcast channel and maria (America/Chicago) a lead. */
async function staffTeam(now: string): Promise<TestBot> {
  const bot = await teamBot({ now });
  await bot.run('alice', 'broadcast <#staff|staff>');
  await bot.run('alice', 'role <@maria> lead');
  return bot;
}

describe('broadcast bulletin', () => {
  it("posts the week's decisions to the broadcast channel at the lead's local time, once: executor, date, what they replace, retractions", async () => {
    t = await staffTeam('2026-11-23T15:00:00Z');
    const set = where(await t.run('maria', 'broadcast bulletin friday 15:00')).join('\n');
    expect(set).toMatch(/^#leadership: 📰 Staff bulletin: Fridays at 15:00 \(America\/Chicago\) in #staff — the week's decided decisions/);
    expect(set).toContain('First: Fri, Nov 27, 15:00.');
    await t.run('alice', 'decide Start school at 8:30');
    await t.run('alice', 'decide replaces D-1 Start school at 8:15 because buses owner <@maria> by 2026-12-11');
    await t.run('alice', 'decide Close the pool in January');
    await t.run('alice', 'retract D-3 the board kept it open');
    // A member's proposal is not decided: it is no news for the staff.
    await t.run('sam', 'decide Paint the gym');
    // Friday 15:00 in Chicago (UTC-6) is 21:00Z.
    expect(bulletins(await passTime(t, '2026-11-27T20:59:00Z'))).toEqual([]);
    const sent = await passTime(t, '2026-11-27T21:00:00Z');
    expect(bulletins(sent)).toHaveLength(1);
    const b = bulletins(sent)[0]!;
    expect(b.destination).toMatchObject({ to: 'channel', channelId: 'staff' });
    expect(b.text).toBe(
      [
        'Staff bulletin: Leadership',
        "The week's decisions, Fri, Nov 20 to Fri, Nov 27.",
        'Decided',
        '  • D-1 Start school at 8:30 · no executor named yet · since replaced by D-2',
        '  • D-2 Start school at 8:15 — why: buses · executes @Maria · by Fri, Dec 11 · replaces D-1 (Start school at 8:30)',
        'Retracted',
        '  • D-3 Close the pool in January — why: the board kept it open',
        'From Leadership · 2 decided, 1 retracted',
      ].join('\n'),
    );
    // The executor is a real mention on platforms that have them.
    expect(mentionsIn(b.message)).toContainEqual({ userId: 'maria', name: 'Maria' });
    expect(b.text).not.toContain('Paint the gym');
    expect(bulletins(await passTime(t, '2026-11-28T12:00:00Z'))).toEqual([]);
    // A week with nothing decided, retracted or corrected posts nothing.
    expect(bulletins(await passTime(t, '2026-12-04T22:00:00Z'))).toEqual([]);
    // A correction of a decision the staff were told of is in the next week's bulletin; nothing else.
    await t.run('alice', 'edit D-2 Start school at 8:20');
    const next = bulletins(await passTime(t, '2026-12-11T21:00:00Z'));
    expect(next).toHaveLength(1);
    expect(next[0]!.text).toContain('Corrected\n  • D-2 now reads: Start school at 8:20 (it read: Start school at 8:15)');
    expect(next[0]!.text).not.toMatch(/Decided|Retracted/);
    expect(next[0]!.text).toMatch(/\nFrom Leadership · 1 corrected$/);
  });

  it('comes at the same local time across a daylight-saving change', async () => {
    t = await staffTeam('2027-03-08T15:00:00Z');
    await t.run('maria', 'broadcast bulletin friday 15:00');
    await t.run('alice', 'decide Keep the late bus');
    // Fri Mar 12, CST (UTC-6): 21:00Z.
    expect(bulletins(await passTime(t, '2027-03-12T20:59:00Z'))).toEqual([]);
    expect(bulletins(await passTime(t, '2027-03-12T21:00:00Z'))).toHaveLength(1);
    await t.run('alice', 'decide Open the library at 7:30');
    // Fri Mar 19, after the change (Mar 14), CDT (UTC-5): 20:00Z.
    expect(bulletins(await passTime(t, '2027-03-19T19:59:00Z'))).toEqual([]);
    const after = bulletins(await passTime(t, '2027-03-19T20:00:00Z'));
    expect(after).toHaveLength(1);
    expect(after[0]!.text).toContain('D-2 Open the library at 7:30');
    expect(after[0]!.text).not.toContain('D-1');
  });

  it('a day off moves it to the next working day at the same time; the next one starts where it ended', async () => {
    t = await staffTeam('2026-11-23T15:00:00Z');
    await t.run('alice', 'broadcast bulletin friday 15:00');
    await t.run('alice', 'calendar off Nov 27 Thanksgiving');
    expect(where(await t.run('alice', 'broadcast')).join('\n')).toContain('next Nov 30, 15:00 your time');
    await t.run('alice', 'decide Start school at 8:30');
    expect(bulletins(await passTime(t, '2026-11-29T23:00:00Z'))).toEqual([]);
    // Alice's zone is UTC: Monday Nov 30, 15:00Z.
    expect(bulletins(await passTime(t, '2026-11-30T14:59:00Z'))).toEqual([]);
    const moved = bulletins(await passTime(t, '2026-11-30T15:00:00Z'));
    expect(moved).toHaveLength(1);
    expect(moved[0]!.text).toContain('D-1 Start school at 8:30');
    await t.run('alice', 'decide Buses leave at 7:40');
    const friday = bulletins(await passTime(t, '2026-12-04T15:00:00Z'));
    expect(friday).toHaveLength(1);
    expect(friday[0]!.text).toContain("The week's decisions, Mon, Nov 30 to Fri, Dec 4.");
    expect(friday[0]!.text).toContain('D-2 Buses leave at 7:40');
    expect(friday[0]!.text).not.toContain('D-1');
  });

  it('a restart while it is due posts it once', async () => {
    t = await staffTeam('2026-11-23T15:00:00Z');
    await t.run('alice', 'broadcast bulletin friday 15:00');
    await t.run('alice', 'decide Start school at 8:30');
    const file = join(t.dir, 'baton.db');
    t.database.close();
    for (let i = 0; i < 2; i++) {
      // Down from before 15:00 on Friday until 18:00.
      const b = testBot({ file, now: '2026-11-27T18:00:00Z' });
      extra.push(b);
      await b.dispatcher.recover();
      await b.bot.runDueJobs();
      const posts = bulletins(await b.flush());
      expect(posts).toHaveLength(i === 0 ? 1 : 0);
      if (i === 0) expect(posts[0]!.text).toContain('D-1 Start school at 8:30');
      b.database.close();
    }
    extra.length = 0;
  });

  it("carries a decision of the de-escalation flow with its topic, never the process or the parties", async () => {
    t = await staffTeam('2026-11-23T15:00:00Z');
    await t.run('alice', 'broadcast each off');
    await t.run('alice', 'broadcast bulletin friday 15:00');
    await t.run('sam', "disagree Next year's PD calendar with <@maria>");
    expectOk(await step(t, 'maria', 'flow.views', view('Maria')));
    expectOk(await step(t, 'sam', 'flow.views', view('Sam')));
    expectOk(await step(t, 'alice', 'flow.options', options('Sam', 'Two half days in January')));
    expectOk(await step(t, 'maria', 'flow.answer', { accept1: 'yes' }));
    expectOk(await step(t, 'sam', 'flow.answer', { accept1: 'yes' }));
    const b = bulletins(await passTime(t, '2026-11-27T15:00:00Z'));
    expect(b).toHaveLength(1);
    expect(b[0]!.text).toMatch(/• D-1 Two half days in January — about: Next year's PD calendar · executes @Sam/);
    expect(b[0]!.text).not.toMatch(/de-escalation|disagree|part(y|ies)|Maria|R-1|live with/);
  });

  it('`broadcast bulletin off` stops it', async () => {
    t = await staffTeam('2026-11-23T15:00:00Z');
    await t.run('alice', 'broadcast bulletin friday 15:00');
    await t.run('alice', 'decide Start school at 8:30');
    expect(where(await t.run('alice', 'broadcast bulletin off'))).toEqual([expect.stringMatching(/^#leadership: 📰 The weekly staff bulletin is off \(Alice\)\.$/)]);
    expect(bulletins(await passTime(t, '2026-12-05T00:00:00Z'))).toEqual([]);
    expect(where(await t.run('alice', 'broadcast bulletin off'))).toEqual([expect.stringMatching(/^reply alice: There is no staff bulletin to stop\. broadcast bulletin friday 15:00 sets one\.$/)]);
  });
});

describe('broadcast each', () => {
  it('off: a decision, and its retraction, stay out of the broadcast channel; the bulletin carries them; on: announced again', async () => {
    t = await staffTeam('2026-11-23T15:00:00Z');
    const off = where(await t.run('alice', 'broadcast each off')).join('\n');
    expect(off).toMatch(/^#leadership: 📣 Decisions are no longer announced one by one in #staff \(Alice\)\./);
    expect(off).toContain('No staff bulletin is set, so the wider staff hear of no decision until one is: broadcast bulletin friday 15:00');
    await t.run('alice', 'broadcast bulletin friday 15:00');
    const decided = await t.run('alice', 'decide Start school at 8:30');
    expect(where(decided)).toEqual([expect.stringMatching(/^#leadership: Decision D-1\nStart school at 8:30/)]);
    await t.run('alice', 'decide Close the pool');
    expect(toStaff(await t.run('alice', 'retract D-2 the board kept it open'))).toEqual([]);
    const b = bulletins(await passTime(t, '2026-11-27T15:00:00Z'));
    expect(b).toHaveLength(1);
    expect(b[0]!.text).toContain('D-1 Start school at 8:30');
    expect(b[0]!.text).toContain('Retracted\n  • D-2 Close the pool — why: the board kept it open');
    expect(where(await t.run('alice', 'broadcast each off'))).toEqual(['reply alice: Each decision is already left to the staff bulletin.']);
    expect(where(await t.run('alice', 'broadcast each on')).join('\n')).toMatch(/^#leadership: 📣 From now on each decision is announced in #staff as it is decided, and the staff bulletin still comes Fridays at 15:00 \(UTC\) \(Alice\)\./);
    expect(where(await t.run('alice', 'decide Buses leave at 7:40'))).toEqual([
      expect.stringMatching(/^#leadership: Decision D-3\nBuses leave at 7:40/),
      expect.stringMatching(/^#staff: Decision D-3\nBuses leave at 7:40/),
    ]);
  });

  it('`broadcast` shows anyone the channel, both settings and the next bulletin in their own time; so does `agreements`', async () => {
    t = await staffTeam('2026-11-23T15:00:00Z');
    expect(where(await t.run('sam', 'broadcast')).join('\n')).toMatch(/^reply sam: Leadership: what the wider staff hear\nBroadcast channel: #staff\nEach decision: announced there as it is decided\nStaff bulletin: off/);
    await t.run('maria', 'broadcast bulletin friday 15:00');
    await t.run('alice', 'broadcast each off');
    const shown = where(await t.run('sam', 'broadcast')).join('\n');
    expect(shown).toContain('Each decision: not announced on its own (the bulletin carries it)');
    // Friday 15:00 in Chicago is Saturday 06:00 in Tokyo.
    expect(shown).toContain("Staff bulletin: Fridays at 15:00 (America/Chicago), the week's decisions; next Nov 28, 06:00 your time");
    expect(where(await t.run('sam', 'agreements')).join('\n')).toContain('Staff broadcast: #staff: not each decision on its own · a staff bulletin Fridays at 15:00 (America/Chicago)');
    await t.run('alice', 'broadcast off');
    expect(where(await t.run('sam', 'broadcast')).join('\n')).toContain('Staff bulletin: Fridays at 15:00 (America/Chicago): silent until a broadcast channel is set');
  });
});

describe('bad input, answered privately, nothing recorded', () => {
  it('a member, no broadcast channel, a word that is not a weekday or a time, a time the clocks jump over', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    const answer = async (who: string, text: string) => where(await t.run(who, text)).join('\n');
    expect(await answer('alice', 'broadcast bulletin friday 15:00')).toMatch(/^reply alice: The staff bulletin is posted in the team's broadcast channel, and there is none yet\. Set it first \(a channel you are in\), then the bulletin:[\s\S]*broadcast #staff-announcements/);
    await t.run('alice', 'broadcast <#staff|staff>');
    expect(await answer('sam', 'broadcast bulletin friday 15:00')).toMatch(/^reply sam: Only a lead/);
    expect(await answer('sam', 'broadcast each off')).toMatch(/^reply sam: Only a lead/);
    expect(await answer('alice', 'broadcast bulletin fryday 15:00')).toMatch(/^reply alice: "fryday" is not a weekday: use monday … sunday \(or mon, tue …\), then a time\.[\s\S]*broadcast bulletin friday 15:00/);
    expect(await answer('alice', 'broadcast bulletin friday 25:00')).toMatch(/^reply alice: "25:00" is not a time of day: use 24 h like 15:00, or 3pm\.[\s\S]*broadcast bulletin friday 15:00/);
    expect(await answer('alice', 'broadcast bulletin friday')).toMatch(/^reply alice: `broadcast bulletin` needs a time after the weekday/);
    expect(await answer('alice', 'broadcast bulletin')).toMatch(/^reply alice: `broadcast bulletin` needs a weekday and a time/);
    expect(await answer('alice', 'broadcast each maybe')).toMatch(/^reply alice: `broadcast each` takes on or off/);
    await t.run('alice', 'role <@maria> lead');
    expect(await answer('maria', 'broadcast bulletin sunday 02:30')).toMatch(/^reply maria: 02:30 does not exist on Sun, Mar 14 in America\/Chicago: the clocks jump over it that night\./);
    expect(await answer('sam', 'broadcast')).toMatch(/Each decision: announced there as it is decided\nStaff bulletin: off/);
  });
});

/** The mentions a message asks platforms to render, wherever they sit. Compared as objects, not as
 * JSON text: on PostgreSQL the outbox keeps a message as jsonb, which orders an object's keys its own way. */
function mentionsIn(v: unknown): unknown[] {
  if (Array.isArray(v)) return v.flatMap(mentionsIn);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => (k === 'mention' ? [x] : mentionsIn(x)));
  return [];
}
