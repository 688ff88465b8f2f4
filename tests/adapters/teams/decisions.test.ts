// Decisions in Teams: a member's decide is a proposal card with Agree and Object; a lead's Agree
// (an Action.Submit) decides it and only then is it announced in All Staff; Object opens a dialog.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, STAFF_CHANNEL, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type TeamsHarness, cardOf, cardText, startTeams, submission, submitsOf } from './harness.js';

let h: TeamsHarness;
beforeEach(async () => {
  h = await startTeams();
  h.fake.seat(CHANNEL.id, [alice, maria, sam]);
  expect((await h.post(h.acts.channelMessage(alice, 'setup District Leadership'))).status).toBe(200);
  await h.drain();
  await h.send(h.acts.channelMessage(alice, 'broadcast <at>All Staff</at>', { extraMentions: [{ type: 'mention', text: '<at>All Staff</at>', mentioned: { id: STAFF_CHANNEL.id, name: STAFF_CHANNEL.name, conversationIdentityType: 'channel' } }] }));
  await h.send(h.acts.channelMessage(maria, 'hello')); // maria joins by typing in the channel
});
afterEach(async () => {
  await h.close();
});

describe('a proposal card in Teams', () => {
  it('has Agree and Object; a lead pressing Agree decides it and All Staff hears it only then', async () => {
    const asked = h.acts.channelMessage(maria, 'decide Adopt the new bell schedule because research');
    await h.send(asked);
    const thread = `${CHANNEL.id};messageid=${asked.id}`;
    const proposal = h.fake.postsTo(thread).find((p) => cardText(p).includes('Proposal D-1'));
    expect(proposal, h.fake.postsTo(thread).map(cardText).join('\n')).toBeDefined();
    const submits = submitsOf(cardOf(proposal));
    expect(submits.map((s) => s.title)).toEqual(['Agree', 'Object']);
    expect(submits[1]!.data.msteams).toEqual({ type: 'task/fetch' });
    expect(h.fake.postsTo(STAFF_CHANNEL.id).some((p) => cardText(p).includes('Adopt the new bell schedule'))).toBe(false);

    // Object opens a dialog asking why.
    const fetched = await h.send(h.acts.taskFetch(sam, submits[1]!.data, { replyToId: proposal!.id }));
    expect(fetched.body.task.type, JSON.stringify(fetched.body)).toBe('continue');
    expect(fetched.body.task.value.title).toBe('Object to D-1');
    const objected = await h.send(h.acts.taskSubmit(sam, submission(fetched.body.task.value.card.content, { reason: 'the buses' }), { replyToId: proposal!.id }));
    expect(objected.status).toBe(200);
    expect(h.fake.posted.map(cardText).join('\n')).toContain('objects to D-1');

    await h.send(h.acts.cardSubmit(alice, submits[0]!.data, { cardId: proposal!.id }));
    const all = h.fake.posted.map(cardText).join('\n');
    expect(all).toMatch(/Decision D-1[\s\S]*decided by Alice Moreno over an objection/);
    const staff = h.fake.postsTo(STAFF_CHANNEL.id).map(cardText).join('\n');
    expect(staff).toContain('Adopt the new bell schedule');
    expect(staff).toContain('research');
    expect(staff).not.toContain('objection');
  });
});

describe('an executor outside the team, in Teams', () => {
  it('gets the decision privately with a Done button that works for them, and reads nothing else', async () => {
    const pat = { id: '29:1pAtXyZ-principal', name: 'Pat Rivera', aadObjectId: '0c1f6a0e-4444-4a4a-9a9a-dddddddddddd' };
    await h.send(h.acts.channelMessage(alice, 'decide Repaint the gym owner <at>Pat Rivera</at> by 2026-12-11', { extraMentions: [{ type: 'mention', text: '<at>Pat Rivera</at>', mentioned: { id: pat.id, name: pat.name } }] }));
    const dm = h.fake.dmsTo(pat.id).at(-1);
    expect(cardText(dm)).toContain('Repaint the gym');
    const done = submitsOf(cardOf(dm)).find((s) => s.title === 'Done');
    expect(done).toBeDefined();
    await h.send(h.acts.personalMessage(pat, 'list'));
    expect(cardText(h.fake.dmsTo(pat.id).at(-1))).toMatch(/You aren't in a Baton team yet/);
    await h.send(h.acts.cardSubmit(pat, done!.data, { personal: true, cardId: dm!.id }));
    expect(h.fake.posted.map(cardText).join('\n')).toMatch(/D-1 carried out: Repaint the gym — on time \(by Pat Rivera\)/);
  });
});
