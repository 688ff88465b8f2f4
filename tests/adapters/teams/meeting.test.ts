// The team's meeting in Teams, end to end through the real app (BATON_TEAMS_DEV=1) and the fake
// connector: a lead in America/Chicago schedules it, the agenda comes to the channel as an
// Adaptive Card 24 h before each meeting at the same local time across the March clock change,
// and a member in New York sees the meeting in her own time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type ClockedTeamsHarness, cardOf, cardText, startTeams } from './harness.js';

let h: ClockedTeamsHarness;
beforeEach(async () => {
  h = await startTeams(undefined, { clock: '2027-03-03T15:00:00Z' });
  h.fake.members.set(CHANNEL.id, [alice, maria, sam].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, userPrincipalName: `${u.name.split(' ')[0]!.toLowerCase()}@district.example` })));
  await h.send(h.acts.channelMessage(alice, 'setup District Leadership'));
});
afterEach(async () => {
  await h?.close();
});

const agendas = () => h.fake.postsTo(CHANNEL.id).filter((p) => cardText(p).includes('Agenda: District Leadership'));

async function at(iso: string): Promise<void> {
  h.clock.set(Date.parse(iso));
  await h.tick();
}

describe('the meeting in Teams', () => {
  it('the agenda card comes 24 h ahead at 15:30 Chicago time, before and after the clocks change', async () => {
    await h.send(h.acts.channelMessage(alice, 'meeting schedule tuesday 15:30'));
    await h.send(h.acts.channelMessage(maria, 'agenda add Bus contract: who signs?'));
    // Before the change Chicago is UTC-6: Tue Mar 9 15:30 is 21:30Z; the agenda Monday 21:30Z.
    await at('2027-03-08T21:29:00Z');
    expect(agendas()).toEqual([]);
    await at('2027-03-08T21:30:00Z');
    expect(agendas()).toHaveLength(1);
    const card = cardOf(agendas()[0]!);
    expect(card.type).toBe('AdaptiveCard');
    expect(cardText(agendas()[0]!)).toContain('Bus contract: who signs?');
    expect(cardText(agendas()[0]!)).toContain('Mar 9, 15:30 (America/Chicago)');
    // The item was not handled: it is carried forward. After the change (Mar 14) Chicago is UTC-5.
    await at('2027-03-10T12:00:00Z');
    await at('2027-03-15T20:29:00Z');
    expect(agendas()).toHaveLength(1);
    await at('2027-03-15T20:30:00Z');
    expect(agendas()).toHaveLength(2);
    expect(cardText(agendas()[1]!)).toContain('Bus contract: who signs?');
    expect(cardText(agendas()[1]!)).toContain('Mar 16, 15:30 (America/Chicago)');
  });

  it("a member sees the next meeting in her own zone; a member can't schedule it", async () => {
    await h.send(h.acts.channelMessage(alice, 'meeting schedule tuesday 15:30'));
    const before = h.fake.dmsTo(maria.id).length;
    await h.send(h.acts.channelMessage(maria, 'meeting'));
    const mine = h.fake.dmsTo(maria.id).slice(before).map(cardText).join('\n');
    expect(mine).toContain('Next meeting: Mar 9, 16:30 your time (America/New_York)');
    await h.send(h.acts.channelMessage(maria, 'meeting schedule friday 10:00'));
    expect(h.fake.dmsTo(maria.id).slice(before).map(cardText).join('\n')).toContain('Only a lead of District Leadership can do that');
  });
});
