// The recap owner's draft in Teams, through the real app (BATON_TEAMS_DEV=1) and the fake
// connector: after the meeting's end the recap owner gets a 1:1 Adaptive Card with Post and Edit;
// Edit opens a dialog (task module) where an empty text comes back on the form; Post pressed
// twice posts the edited recap to the channel once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, type TeamsUser, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type ClockedTeamsHarness, buttonData, cardOf, cardText, startTeams, submission, submitsOf } from './harness.js';

let h: ClockedTeamsHarness;
beforeEach(async () => {
  h = await startTeams(undefined, { clock: '2026-11-23T15:00:00Z' });
  h.fake.members.set(CHANNEL.id, [alice, maria, sam].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, userPrincipalName: `${u.name.split(' ')[0]!.toLowerCase()}@district.example` })));
  await h.send(h.acts.channelMessage(alice, 'setup District Leadership'));
});
afterEach(async () => {
  await h?.close();
});

const drafts = (u: TeamsUser) => h.fake.dmsTo(u.id).filter((p) => cardText(p).includes('Recap draft: District Leadership'));
const recaps = () => h.fake.postsTo(CHANNEL.id).filter((p) => cardText(p).includes('Recap — District Leadership, meeting of'));

async function at(iso: string): Promise<void> {
  h.clock.set(Date.parse(iso));
  await h.tick();
}

describe('the recap draft in Teams', () => {
  it('a 1:1 card to the recap owner after the meeting; Edit opens a dialog; Post pressed twice posts the edit once', async () => {
    await h.send(h.acts.channelMessage(alice, `role <at>${maria.name}</at> recap`, { mentions: [maria] }));
    // Alice is in Chicago: Wednesday 15:30 there is 21:30 UTC; the meeting ends at 22:30 UTC.
    await h.send(h.acts.channelMessage(alice, 'meeting schedule wednesday 15:30'));
    await h.send(h.acts.channelMessage(sam, 'agenda add Bus contract: who signs?'));
    await at('2026-11-25T21:40:00Z');
    await h.send(h.acts.channelMessage(alice, 'decide Move the PD day to Friday'));
    await at('2026-11-25T22:29:00Z');
    expect(drafts(maria)).toEqual([]);
    await at('2026-11-25T22:31:00Z');
    expect(drafts(maria)).toHaveLength(1);
    expect(drafts(alice)).toEqual([]);
    expect(recaps()).toEqual([]);
    const post = drafts(maria)[0]!;
    expect(cardOf(post).type).toBe('AdaptiveCard');
    expect(cardText(post)).toContain('It comes to you as the recap owner.');
    expect(cardText(post)).toContain('D-1 Move the PD day to Friday');
    expect(cardText(post)).toContain('A-1 Bus contract: who signs?');
    expect(submitsOf(cardOf(post)).map((s) => s.title)).toEqual(['Post', 'Edit']);

    const edit = buttonData(post, 'recap.edit');
    expect(edit.msteams).toEqual({ type: 'task/fetch' });
    const r = await h.send(h.acts.taskFetch(maria, edit, { personal: true, replyToId: post.id }));
    expect(r.body.task.type, JSON.stringify(r.body)).toBe('continue');
    const dialog = r.body.task.value;
    expect(dialog.title).toBe('Edit the recap');
    const empty = await h.send(h.acts.taskSubmit(maria, submission(dialog.card.content, { text: '   ' }), { personal: true }));
    expect(empty.body.task?.type, JSON.stringify(empty.body)).toBe('continue');
    expect(JSON.stringify(empty.body.task.value.card.content.body)).toContain('⚠ A recap cannot be empty');
    const ok = await h.send(h.acts.taskSubmit(maria, submission(empty.body.task.value.card.content, { text: 'Decided\n• D-1 The PD day moves to Friday' }), { personal: true }));
    expect(ok.body).toBeUndefined();

    const press = buttonData(post, 'recap.post');
    await h.send(h.acts.cardSubmit(maria, press, { personal: true, cardId: post.id }));
    await h.send(h.acts.cardSubmit(maria, press, { personal: true, cardId: post.id }));
    expect(recaps()).toHaveLength(1);
    expect(cardText(recaps()[0]!)).toContain('D-1 The PD day moves to Friday');
    expect(cardText(recaps()[0]!)).not.toContain('Move the PD day');
    expect(h.fake.dmsTo(maria.id).map(cardText).join('\n')).toContain('was already posted by you');
  });

  it('goes to the lead when nobody holds the recap role', async () => {
    await h.send(h.acts.channelMessage(alice, 'meeting schedule wednesday 15:30'));
    await at('2026-11-25T22:31:00Z');
    expect(drafts(alice)).toHaveLength(1);
    expect(cardText(drafts(alice)[0]!)).toContain('The team has no recap owner, so it comes to you as lead.');
    expect(drafts(maria)).toEqual([]);
  });
});
