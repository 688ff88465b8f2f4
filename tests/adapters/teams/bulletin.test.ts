// The staff bulletin in Teams, end to end through the real app (BATON_TEAMS_DEV=1) and the fake
// connector: a lead in America/Chicago sets it, `broadcast each off` keeps each decision out of
// All Staff, and on Friday at 15:00 Chicago time the week's decisions come to All Staff as one
// Adaptive Card — the executor a real mention, the date, what it replaces, the retraction — with
// the team's words escaped; a member is refused privately; a restart while it is due posts it once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, STAFF_CHANNEL, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type ClockedTeamsHarness, cardOf, cardText, startTeams } from './harness.js';

let h: ClockedTeamsHarness;
beforeEach(async () => {
  h = await startTeams(undefined, { clock: '2026-11-23T15:00:00Z' });
  h.fake.members.set(CHANNEL.id, [alice, maria, sam].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, userPrincipalName: `${u.name.split(' ')[0]!.toLowerCase()}@district.example` })));
  await h.send(h.acts.channelMessage(alice, 'setup District Leadership'));
  await h.send(h.acts.channelMessage(alice, 'broadcast <at>All Staff</at>', { extraMentions: [{ type: 'mention', text: '<at>All Staff</at>', mentioned: { id: STAFF_CHANNEL.id, name: STAFF_CHANNEL.name, conversationIdentityType: 'channel' } }] }));
});
afterEach(async () => {
  await h?.close();
});

const bulletins = () => h.fake.postsTo(STAFF_CHANNEL.id).filter((p) => cardText(p).includes('Staff bulletin: District Leadership'));

async function at(iso: string): Promise<void> {
  h.clock.set(Date.parse(iso));
  await h.tick();
}

describe('the staff bulletin in Teams', () => {
  it("comes to All Staff as an Adaptive Card on Friday at 15:00 Chicago time with the week's decisions, escaped", async () => {
    const before = h.fake.dmsTo(maria.id).length;
    await h.send(h.acts.channelMessage(maria, 'broadcast bulletin friday 15:00'));
    expect(h.fake.dmsTo(maria.id).slice(before).map(cardText).join('\n')).toContain('Only a lead of District Leadership can do that');
    await h.send(h.acts.channelMessage(alice, 'broadcast each off'));
    await h.send(h.acts.channelMessage(alice, 'broadcast bulletin friday 15:00'));
    expect(h.fake.posted.map(cardText).join('\n')).toContain('Staff bulletin: Fridays at 15:00 (America/Chicago)');
    await h.send(h.acts.channelMessage(alice, 'decide Start school at 8:30'));
    await h.send(h.acts.channelMessage(alice, 'decide replaces D-1 Start school at 8:15 *not bold* [x](https://evil.example) owner <at>Maria Chen</at> by 2026-12-11', { mentions: [maria] }));
    await h.send(h.acts.channelMessage(alice, 'decide Close the pool in January'));
    await h.send(h.acts.channelMessage(alice, 'retract D-3 the board kept it open'));
    // Each decision stayed out of All Staff: the bulletin carries them.
    expect(h.fake.postsTo(STAFF_CHANNEL.id).map(cardText).join('\n')).not.toContain('Start school');
    // Friday 15:00 in Chicago (UTC-6) is 21:00Z.
    await at('2026-11-27T20:59:00Z');
    expect(bulletins()).toEqual([]);
    await at('2026-11-27T21:00:00Z');
    expect(bulletins()).toHaveLength(1);
    const card = cardOf(bulletins()[0]!);
    expect(card.type).toBe('AdaptiveCard');
    const text = cardText(bulletins()[0]!);
    expect(text).toContain('Start school at 8:30');
    expect(text).toContain('replaces D-1 (Start school at 8:30)');
    expect(text).toContain('by Fri, Dec 11');
    expect(text).toContain('Close the pool in January — why: the board kept it open');
    // The executor is a real mention; the team's words never format or link.
    expect(card.msteams.entities.map((e: any) => e.mentioned.id)).toEqual([maria.id]);
    expect(text).toContain('\\*not bold\\* \\[x\\](https://evil.example)');
    await at('2026-11-28T12:00:00Z');
    await at('2026-12-04T21:00:00Z');
    expect(bulletins()).toHaveLength(1);
  });

  it('a restart while the bulletin is due posts it once', async () => {
    await h.send(h.acts.channelMessage(alice, 'broadcast bulletin friday 15:00'));
    await h.send(h.acts.channelMessage(alice, 'decide Start school at 8:30'));
    h.clock.set(Date.parse('2026-11-28T00:00:00Z'));
    await h.restart();
    await h.tick();
    await h.restart();
    await h.tick();
    expect(bulletins()).toHaveLength(1);
    expect(cardText(bulletins()[0]!)).toContain('Start school at 8:30');
  });
});
