// Assignments in Teams, through the real app and the fake connector: `@Baton commit … @Maria` by
// Alice tells the channel that Alice asked Maria (never that Maria committed), and Maria's 1:1
// card has Accept (Action.Submit) and Decline (a dialog asking why); declined, Alice is told.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommitment } from '../../../src/db/commitments.js';
import type { Posted } from '../../fakes/teams-connector.js';
import { CHANNEL, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type ClockedTeamsHarness, cardText, startTeams, submission, buttonData } from './harness.js';

let h: ClockedTeamsHarness;
beforeEach(async () => {
  h = await startTeams(undefined, { clock: '2026-11-23T15:00:00Z' });
  h.fake.members.set(CHANNEL.id, [alice, maria, sam].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId })));
  await h.send(h.acts.channelMessage(alice, 'setup District Leadership'));
});
afterEach(async () => {
  await h?.close();
});


const asks = () => h.fake.dmsTo(maria.id).filter((p) => cardText(p).includes('asked you to take on'));

describe('an assignment in Teams', () => {
  it('the channel says who asked; Maria accepts from the card in her chat and it is hers', async () => {
    await h.send(h.acts.channelMessage(alice, 'commit Share the PD calendar by Friday <at>Maria Chen</at>', { mentions: [maria] }));
    const said = h.fake.postsTo(CHANNEL.id).map(cardText).join('\n');
    expect(said).toMatch(/\*\*C-1\*\* Alice Moreno asked <at>Maria Chen<\/at> to: Share the PD calendar\ndue Fri, Nov 27 · waiting for Maria Chen to accept/);
    expect(said).not.toMatch(/committed/);
    const card = asks().at(-1)!;
    expect(cardText(card)).toContain('Alice Moreno asked you to take on C-1 in District Leadership');
    await h.send(h.acts.cardSubmit(maria, buttonData(card, 'assign.accept'), { personal: true }));
    expect(h.fake.postsTo(CHANNEL.id).map(cardText).join('\n')).toContain('C-1 Maria Chen accepted: Share the PD calendar (asked by Alice Moreno)');
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ status: 'open', assignment: 'accepted' });
  });

  it('Decline opens a dialog asking why; the commitment is dropped and only Alice hears the reason', async () => {
    await h.send(h.acts.channelMessage(alice, 'commit Run the bus audit by Friday <at>Maria Chen</at>', { mentions: [maria] }));
    const card = asks().at(-1)!;
    const data = buttonData(card, 'assign.decline');
    expect(data.msteams).toEqual({ type: 'task/fetch' });
    const opened = await h.send(h.acts.taskFetch(maria, data, { personal: true, replyToId: card.id }));
    expect(opened.body.task.type, JSON.stringify(opened.body)).toBe('continue');
    const dialog = opened.body.task.value;
    expect(cardText({ activity: { attachments: [dialog.card] } } as unknown as Posted)).toContain('Why? (only the person who asked sees this)');
    const r = await h.send(h.acts.taskSubmit(maria, submission(dialog.card.content, { reason: 'Facilities owns the buses' }), { personal: true }));
    expect(r.status).toBe(200);
    await h.drain();
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ status: 'dropped', assignment: 'declined', closeNote: 'Facilities owns the buses' });
    const channel = h.fake.postsTo(CHANNEL.id).map(cardText).join('\n');
    expect(channel).toContain('C-1 Maria Chen declined; dropped: Run the bus audit');
    expect(channel).not.toContain('Facilities owns the buses');
    expect(h.fake.dmsTo(alice.id).map(cardText).join('\n')).toContain('Maria Chen declined C-1 (Run the bus audit): Facilities owns the buses');
  });
});
