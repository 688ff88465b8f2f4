// The meeting's agenda in Teams for a lead in another zone and across the November clock change,
// end to end through the real app (BATON_TEAMS_DEV=1) and the fake connector: a lead in
// America/New_York gets it 24 h before the meeting at her local time on both sides of the change,
// the item not handled carried forward and the one handled left out; a restart while the agenda
// is due posts it once.
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type ClockedTeamsHarness, cardText, startTeams } from './harness.js';

let h: ClockedTeamsHarness;
const start = async (clock: string) => {
  h = await startTeams(undefined, { clock });
  h.fake.members.set(CHANNEL.id, [alice, maria, sam].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, userPrincipalName: `${u.name.split(' ')[0]!.toLowerCase()}@district.example` })));
  await h.send(h.acts.channelMessage(alice, 'setup District Leadership'));
};
afterEach(async () => {
  await h?.close();
});

const agendas = () => h.fake.postsTo(CHANNEL.id).filter((p) => cardText(p).includes('Agenda: District Leadership'));

async function at(iso: string): Promise<void> {
  h.clock.set(Date.parse(iso));
  await h.tick();
}

describe('the agenda in Teams, in the lead’s zone', () => {
  it('America/New_York: 24 h ahead at 09:00 local before and after the November change; open items carried forward', async () => {
    await start('2026-10-26T12:00:00Z');
    await h.send(h.acts.channelMessage(alice, 'role <at>Maria Chen</at> lead', { mentions: [maria] }));
    await h.send(h.acts.channelMessage(maria, 'meeting schedule thursday 09:00'));
    expect(h.fake.postsTo(CHANNEL.id).map(cardText).join('\n')).toContain('Thursdays at 09:00, 60 min (America/New_York)');
    await h.send(h.acts.channelMessage(alice, 'agenda add Bus contract: who signs?'));
    await h.send(h.acts.channelMessage(alice, 'agenda add PD calendar for spring'));
    // Before the change New York is UTC-4: Thu Oct 29 09:00 is 13:00Z, its agenda Wednesday 13:00Z.
    await at('2026-10-28T12:59:00Z');
    expect(agendas()).toEqual([]);
    await at('2026-10-28T13:00:00Z');
    expect(agendas()).toHaveLength(1);
    expect(cardText(agendas()[0]!)).toContain('Oct 29, 09:00 (America/New_York)');
    expect(cardText(agendas()[0]!)).toContain('PD calendar for spring');
    await at('2026-10-29T13:30:00Z');
    await h.send(h.acts.channelMessage(maria, 'agenda done A-2 settled'));
    await at('2026-10-30T12:00:00Z');
    // After the change (Nov 1) New York is UTC-5: Thu Nov 5 09:00 is 14:00Z, its agenda Wednesday 14:00Z.
    await at('2026-11-04T13:59:00Z');
    expect(agendas()).toHaveLength(1);
    await at('2026-11-04T14:00:00Z');
    expect(agendas()).toHaveLength(2);
    const second = cardText(agendas()[1]!);
    expect(second).toContain('Nov 5, 09:00 (America/New_York)');
    expect(second).toContain('Bus contract: who signs?');
    expect(second).not.toContain('PD calendar for spring');
  });

  it('a restart while the agenda is due posts it once', async () => {
    await start('2027-03-08T12:00:00Z');
    await h.send(h.acts.channelMessage(alice, 'meeting schedule tuesday 15:30'));
    await h.send(h.acts.channelMessage(maria, 'agenda add Bus contract: who signs?'));
    // Down from before Monday 21:30Z (the agenda, 24 h before Tue 15:30 Chicago) until midnight.
    h.clock.set(Date.parse('2027-03-09T00:00:00Z'));
    await h.restart();
    await h.tick();
    await h.restart();
    await h.tick();
    expect(agendas()).toHaveLength(1);
    expect(cardText(agendas()[0]!)).toContain('Bus contract: who signs?');
  });
});
