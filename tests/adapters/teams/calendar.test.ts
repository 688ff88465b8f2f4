// The team calendar in Teams, end to end through the real app and the fake connector: a lead's
// `@Baton calendar off …` is posted in the channel and a bad range is answered privately in the
// 1:1 chat; a Monday holiday moves the scheduled check-in to Tuesday 08:30 in each member's zone,
// once each across a restart; a 48 h time box flagged on Friday stops over the weekend.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, type TeamsUser, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type ClockedTeamsHarness, cardText, startTeams } from './harness.js';

let h: ClockedTeamsHarness;
beforeEach(async () => {
  h = await startTeams(undefined, { clock: '2026-11-23T15:00:00Z' });
  h.fake.members.set(CHANNEL.id, [alice, maria, sam].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, userPrincipalName: `${u.name.split(' ')[0]!.toLowerCase()}@district.example` })));
  await h.send(h.acts.channelMessage(alice, 'setup District Leadership'));
});
afterEach(async () => {
  await h?.close();
});

const checkinCards = (u: TeamsUser) => h.fake.dmsTo(u.id).filter((p) => cardText(p).includes('time for the weekly check-in'));
const channelText = () => h.fake.postsTo(CHANNEL.id).map(cardText).join('\n---\n');

async function say(u: TeamsUser, text: string): Promise<{ channel: string; dm: string }> {
  const c = h.fake.postsTo(CHANNEL.id).length;
  const d = h.fake.dmsTo(u.id).length;
  await h.send(h.acts.channelMessage(u, text));
  await h.tick();
  return { channel: h.fake.postsTo(CHANNEL.id).slice(c).map(cardText).join('\n'), dm: h.fake.dmsTo(u.id).slice(d).map(cardText).join('\n') };
}

async function at(iso: string): Promise<string[]> {
  h.clock.set(Date.parse(iso));
  await h.tick();
  return [alice, maria, sam].filter((u) => checkinCards(u).length > 0).map((u) => u.name.split(' ')[0]!);
}

describe('the team calendar in Teams', () => {
  it('a break is posted in the channel; a bad range and a member changing it are answered privately', async () => {
    const bad = await say(alice, 'calendar off Jan 1 to Dec 21 Winter break');
    expect(bad.channel).toBe('');
    expect(bad.dm).toMatch(/The break ends \(Mon, Dec 21\) before it starts \(Fri, Jan 1\)[\s\S]*Try: @Baton calendar off Jan 1 to/);
    expect((await say(alice, 'calendar off Dec 1 to Dec 20 2027')).dm).toMatch(/one range can be at most 366/);
    expect((await say(maria, 'calendar off Dec 24')).dm).toMatch(/lead/i);
    const ok = await say(alice, 'calendar off Dec 21 to Jan 1 Winter break');
    expect(ok.channel).toMatch(/📅 Days off: Mon, Dec 21 – Fri, Jan 1 — Winter break\./);
    expect((await say(maria, 'calendar')).dm).toMatch(/Mon, Dec 21 – Fri, Jan 1 \(10 working days off\) — Winter break/);
    expect((await say(alice, 'calendar workweek sun-thu')).channel).toMatch(/The work week is now Sun–Thu/);
  });

  it('a Monday holiday: the check-in comes Tuesday 08:30 in each zone, once each, across a restart', async () => {
    // Alice: America/Chicago; Maria writes once (America/New_York); Sam: BATON_TIMEZONE (UTC).
    await h.send(h.acts.channelMessage(maria, 'update Budget draft shared'));
    await say(alice, 'calendar off Nov 30 Thanksgiving break');
    expect(channelText()).toMatch(/Next check-in: Tue, Dec 1 \(moved from Mon, Nov 30, a day off\)/);
    expect(await at('2026-11-30T20:00:00Z')).toEqual([]);
    expect(await at('2026-12-01T08:30:00Z')).toEqual(['Sam']);
    await h.restart();
    expect(await at('2026-12-01T13:30:00Z')).toEqual(['Maria', 'Sam']);
    expect(await at('2026-12-01T14:30:00Z')).toEqual(['Alice', 'Maria', 'Sam']);
    await h.restart();
    await at('2026-12-01T20:00:00Z');
    for (const u of [alice, maria, sam]) {
      expect(checkinCards(u), u.name).toHaveLength(1);
      expect(cardText(checkinCards(u)[0]!)).toContain('week of Tue, Dec 1');
    }
  });

  it('a 48 h time box flagged on Friday ends on Tuesday: nothing over the weekend, one escalation after', async () => {
    h.clock.set(Date.parse('2026-12-04T15:00:00Z'));
    await h.send(h.acts.channelMessage(sam, 'disagree Winter duty rota with <at>Maria</at>', { extraMentions: [{ type: 'mention', text: '<at>Maria</at>', mentioned: { id: maria.id, name: maria.name } }] }));
    await h.tick();
    const escalations = () => h.fake.dmsTo(alice.id).filter((p) => cardText(p).includes('a time box ran out'));
    await at('2026-12-06T15:00:00Z');
    await at('2026-12-08T14:59:00Z');
    expect(escalations()).toHaveLength(0);
    await at('2026-12-08T15:00:00Z');
    await at('2026-12-09T15:00:00Z');
    expect(escalations()).toHaveLength(1);
  });
});
