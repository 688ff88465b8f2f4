// Fairness over HTTP in Teams: a dialog submitted with oversized answers (Teams' own client keeps
// to the card's maxLength; a crafted request need not) is refused by field without holding the
// process; the event loop's delay is measured (perf_hooks) while it happens.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommitment, insertCommitment } from '../../../src/db/commitments.js';
import { nextSeq } from '../../../src/db/teams.js';
import { CHANNEL, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type ClockedTeamsHarness, cardOf, cardText, startTeams, submission, submitsOf } from './harness.js';

/** As in the Slack fairness test: seconds before the fix; a loaded machine's own noise allowed. */
const MAX_LOOP_DELAY_MS = 150;

let h: ClockedTeamsHarness;
beforeEach(async () => {
  h = await startTeams(undefined, { clock: '2026-11-23T15:00:00Z' });
  h.fake.members.set(CHANNEL.id, [alice, maria, sam].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId })));
  await h.send(h.acts.channelMessage(alice, 'setup District Leadership'));
});
afterEach(async () => {
  await h?.close();
});

describe('a hostile check-in dialog', () => {
  it('40 dates of 4,000 characters each: every one refused by field, the event loop never held, Sam answered meanwhile', async () => {
    await h.send(h.acts.channelMessage(maria, 'commit Item 1 of the facilities plan by Friday'));
    const { id: _id, ...like } = (await findCommitment(h.app.database.db, 1, 1))!;
    for (let i = 2; i <= 40; i++) await insertCommitment(h.app.database.db, { ...like, seq: await nextSeq(h.app.database.db, 1, 'C'), text: `Item ${i} of the facilities plan` });
    await h.send(h.acts.channelMessage(alice, 'checkin now'));
    const post = h.fake.dmsTo(maria.id).filter((p) => cardText(p).includes('time for the weekly check-in')).at(-1)!;
    const open = submitsOf(cardOf(post)).find((s) => s.data?.actionId === 'checkin.open')!.data;
    const dialog = (await h.send(h.acts.taskFetch(maria, open, { personal: true, replyToId: post.id }))).body.task.value;
    const answers: Record<string, string> = {};
    for (let i = 1; i <= 40; i++) Object.assign(answers, { [`c${i}`]: 'slipping', [`c${i}_date`]: '1h '.repeat(1330) });
    const hostile = h.acts.taskSubmit(maria, submission(dialog.card.content, answers), { personal: true });

    const histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    const started = performance.now();
    const [answered, samAnswered] = await Promise.all([
      h.post(hostile),
      h.post(h.acts.channelMessage(sam, 'update Routes drafted')).then((r) => ({ ...r, ms: performance.now() - started })),
    ]);
    histogram.disable();
    await h.drain();

    expect(answered.body.task?.type, JSON.stringify(answered.body).slice(0, 300)).toBe('continue');
    expect(JSON.stringify(answered.body.task.value.card.content.body)).toContain('At most 2,000 characters.');
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ slips: 0 });
    expect(samAnswered.status).toBeLessThan(300);
    expect(samAnswered.ms).toBeLessThan(1_000);
    expect(histogram.max / 1e6).toBeLessThan(MAX_LOOP_DELAY_MS);
  });
});
