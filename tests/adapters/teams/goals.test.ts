// A goal's data point in Teams: recorded by a member, it is unverified until the data owner
// presses Confirm on the card in their 1:1 chat with Baton.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { progressOf } from '../../../src/db/goals.js';
import { CHANNEL, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type ClockedTeamsHarness, cardText, startTeams, buttonData } from './harness.js';

let h: ClockedTeamsHarness;
beforeEach(async () => {
  h = await startTeams(undefined, { clock: '2026-11-23T15:00:00Z' });
  h.fake.members.set(CHANNEL.id, [alice, maria, sam].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId })));
  await h.send(h.acts.channelMessage(alice, 'setup District Leadership'));
});
afterEach(async () => {
  await h?.close();
});


describe('a data point in Teams', () => {
  it("is unverified until the data owner presses Confirm on the card in their chat", async () => {
    await h.send(h.acts.channelMessage(alice, 'goal Every school reports attendance measure schools reporting baseline 9 target 14'));
    await h.send(h.acts.channelMessage(alice, 'role <at>Maria Chen</at> data', { mentions: [maria] }));
    await h.send(h.acts.channelMessage(sam, 'progress G-1 11 source attendance dashboard'));
    expect(h.fake.postsTo(CHANNEL.id).map(cardText).join('\n')).toContain('G-1 schools reporting: 11 (was 9; target 14) — Sam Okafor, from attendance dashboard, unverified');
    const card = h.fake.dmsTo(maria.id).filter((p) => cardText(p).includes('recorded a data point')).at(-1)!;
    expect(cardText(card)).toContain('Sam Okafor recorded a data point for G-1 in District Leadership');
    await h.send(h.acts.cardSubmit(maria, buttonData(card, 'goal.confirm'), { personal: true }));
    expect(cardText(h.fake.dmsTo(maria.id).at(-1))).toContain('Confirmed: G-1 11 from attendance dashboard.');
    expect((await progressOf(h.app.database.db, 1))[0]).toMatchObject({ value: 11, verifiedBy: expect.any(Number) });
    expect(h.fake.dmsTo(sam.id).map(cardText).join('\n')).toContain('Maria Chen confirmed your data point for G-1: 11.');
  });
});
