// Goals and corrections in Slack, through the real app and the fake Web API: a member's data
// point is unverified until the data owner presses Confirm in their DM; an edit updates the
// post Baton made (chat.update), it does not post a new one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommitment } from '../../../src/db/commitments.js';
import { progressOf } from '../../../src/db/goals.js';
import type { SlackCall } from '../../fakes/slack-api.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';
import { sqlGet, sqlJson } from '../../support/testdb.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
});
afterEach(async () => {
  await h?.close();
});

function button(post: SlackCall, coreAction: string): { action_id: string; value: string } {
  for (const b of post.args.blocks ?? []) {
    for (const e of b.elements ?? []) if (typeof e.action_id === 'string' && e.action_id.endsWith(`:${coreAction}`)) return e;
  }
  throw new Error(`no ${coreAction} button in ${JSON.stringify(post.args.blocks)}`);
}

describe('goals in Slack', () => {
  it("a member's data point is unverified until the data owner presses Confirm in the private message", async () => {
    await h.run(ALICE, 'goal Every school reports attendance measure schools reporting baseline 9 target 14');
    await h.run(ALICE, `role <@${MARIA.id}|maria> data`);
    const ran = await h.run(SAM, 'progress G-1 11 source attendance dashboard');
    const channelPost = h.fake.posts(LEADERSHIP.id).at(-1)!;
    expect(textOf(channelPost.args)).toContain('📈 G-1 schools reporting: 11 (was 9; target 14) — Sam, from attendance dashboard, unverified');
    expect(ran.ephemerals).toEqual([]);
    const dm = h.fake.posts(MARIA.id).at(-1)!;
    expect(textOf(dm.args)).toContain('Sam recorded a data point for G-1 in District Leadership');
    const confirm = button(dm, 'goal.confirm');

    // Someone else pressing it (Sam saw the button value somewhere) changes nothing.
    const samUrl = h.fake.responseUrl();
    await h.slack.buttonPress({ user: SAM, channel: { id: `D${SAM.id}`, name: 'directmessage' }, messageTs: '1.1', actionId: confirm.action_id, value: confirm.value, responseUrl: samUrl });
    await h.settle();
    expect(JSON.stringify(h.fake.responses.filter((r) => r.id === new URL(samUrl).pathname))).toContain("Only the team's data owner (Maria) confirms data points.");
    expect((await progressOf(h.app.database.db, 1))[0]!.verifiedAt).toBeNull();

    const url = h.fake.responseUrl();
    const press = await h.slack.buttonPress({ user: MARIA, channel: { id: `D${MARIA.id}`, name: 'directmessage' }, messageTs: '1.2', actionId: confirm.action_id, value: confirm.value, responseUrl: url });
    expect(press.status).toBe(200);
    await h.settle();
    expect(JSON.stringify(h.fake.responses.filter((r) => r.id === new URL(url).pathname))).toContain('✔️ Confirmed: *G-1*');
    expect((await progressOf(h.app.database.db, 1))[0]).toMatchObject({ value: 11, verifiedBy: expect.any(Number) });
    expect(textOf(h.fake.posts(SAM.id).at(-1)!.args)).toContain('Maria confirmed your data point for G-1: 11.');
    const goals = await h.run(SAM, 'goals');
    expect(JSON.stringify(goals.ephemerals)).toContain('schools reporting: 9 → 11 → 14');
  });

  it('edit updates the post Baton made for the record (chat.update), saying it was edited', async () => {
    await h.run(MARIA, 'commit Draft the budget memo by Friday');
    const original = h.fake.posts(LEADERSHIP.id).at(-1)!;
    const updatesBefore = h.fake.to('chat.update').length;
    const ran = await h.run(MARIA, 'edit C-1 Draft the budget memo for the board');
    const update = h.fake.to('chat.update').slice(updatesBefore);
    expect(update).toHaveLength(1);
    // The ts Slack gave the original post, as Baton recorded it when it was sent.
    const sent = (await sqlGet(h.app, `select result from outbox where ${sqlJson('subject', 'ref')} = 'C-1' and ${sqlJson('destination', 'to')} = 'channel' order by id limit 1`)) as { result: string };
    expect(textOf(original.args)).toContain('Maria* committed to: Draft the budget memo');
    expect(update[0]!.args.channel).toBe(LEADERSHIP.id);
    expect(update[0]!.args.ts).toBe(JSON.parse(sent.result).messageId);
    expect(textOf(update[0]!.args)).toContain('Draft the budget memo for the board');
    expect(textOf(update[0]!.args)).toContain('✏️ Edited by Maria');
    expect(JSON.stringify(ran.ephemerals)).toContain('C-1* edited');
    expect((await findCommitment(h.app.database.db, 1, 1))?.text).toBe('Draft the budget memo for the board');
  });
});
