// Nudges in Teams, through the real app (BATON_TEAMS_DEV=1) and the fake connector: the 1:1
// card the working day before a date at the owner's 08:30 (their zone from their messages), Done
// pressed twice records once, New date opens a dialog whose bad dates come back on the form.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommitment } from '../../../src/db/commitments.js';
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

const nudgeCards = (u: TeamsUser) => h.fake.dmsTo(u.id).filter((p) => /is due tomorrow|is still open/.test(cardText(p)));

/** The minute tick plans what was dated; then time moves to `iso` with Baton running. */
async function until(iso: string): Promise<void> {
  await h.tick();
  h.clock.set(Date.parse(iso));
  await h.tick();
}

describe('nudges in Teams', () => {
  it('the card comes at 08:30 in the owner\'s zone; Done pressed twice closes it once', async () => {
    await h.send(h.acts.channelMessage(maria, 'commit Draft the budget memo by Wednesday'));
    // Maria is in New York: Tuesday 08:30 there is 13:30 UTC.
    await until('2026-11-24T13:29:00Z');
    expect(nudgeCards(maria)).toEqual([]);
    await until('2026-11-24T13:31:00Z');
    expect(nudgeCards(maria)).toHaveLength(1);
    const post = nudgeCards(maria)[0]!;
    expect(cardText(post)).toContain('C-1 is due tomorrow (Wed, Nov 25) in District Leadership: Draft the budget memo');
    expect(submitsOf(cardOf(post)).map((s) => s.title)).toEqual(['Done', 'New date']);

    const done = buttonData(post, 'nudge.done');
    await h.send(h.acts.cardSubmit(maria, done, { personal: true, cardId: post.id }));
    await h.send(h.acts.cardSubmit(maria, done, { personal: true, cardId: post.id }));
    expect(h.fake.postsTo(CHANNEL.id).filter((p) => cardText(p).includes('C-1 done: Draft the budget memo'))).toHaveLength(1);
    expect(h.fake.dmsTo(maria.id).map(cardText).join('\n')).toContain('C-1 is already done.');
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ status: 'done' });
    await until('2026-11-26T15:00:00Z');
    expect(nudgeCards(maria)).toHaveLength(1);
  });

  it('New date opens a dialog; a past date comes back on the form; a good one moves it', async () => {
    await h.send(h.acts.channelMessage(maria, 'commit Draft the budget memo by Wednesday'));
    await until('2026-11-24T14:00:00Z');
    const post = nudgeCards(maria)[0]!;
    const data = buttonData(post, 'nudge.date');
    expect(data.msteams).toEqual({ type: 'task/fetch' });
    const r = await h.send(h.acts.taskFetch(maria, data, { personal: true, replyToId: post.id }));
    expect(r.body.task.type, JSON.stringify(r.body)).toBe('continue');
    const dialog = r.body.task.value;
    expect(dialog.title).toBe('New date for C-1');

    const wrong = await h.send(h.acts.taskSubmit(maria, submission(dialog.card.content, { date: '2026-11-20' }), { personal: true }));
    expect(wrong.body.task?.type, JSON.stringify(wrong.body)).toBe('continue');
    expect(JSON.stringify(wrong.body.task.value.card.content.body)).toContain('⚠ \\"2026-11-20\\" is in the past');
    const unreadable = await h.send(h.acts.taskSubmit(maria, submission(wrong.body.task.value.card.content, { date: 'when pigs fly' }), { personal: true }));
    expect(JSON.stringify(unreadable.body.task.value.card.content.body)).toContain('⚠ I couldn\'t read \\"when pigs fly\\" as a date.');
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ dueDate: '2026-11-25', slips: 0 });

    const ok = await h.send(h.acts.taskSubmit(maria, submission(unreadable.body.task.value.card.content, { date: '2026-12-02' }), { personal: true }));
    expect(ok.body).toBeUndefined();
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ dueDate: '2026-12-02', slips: 1 });
    expect(h.fake.postsTo(CHANNEL.id).map(cardText).join('\n')).toContain('C-1 moved from Wed, Nov 25 to Wed, Dec 2');
  });

  it('`nudges off` is answered privately', async () => {
    await h.send(h.acts.personalMessage(maria, 'nudges off'));
    expect(cardText(h.fake.dmsTo(maria.id).at(-1))).toContain('Nudges off in District Leadership');
    expect(h.fake.postsTo(CHANNEL.id).map(cardText).join('\n')).not.toContain('Nudges off');
  });
});
