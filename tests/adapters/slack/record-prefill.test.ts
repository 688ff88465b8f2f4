// "Record as commitment" on a Slack message that names its own date: "By when" starts with it
// (the same form as in Teams, so the same prefill).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, type Harness, LEADERSHIP, MARIA, harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
});
afterAll(async () => {
  await h?.close();
});

describe('Record as commitment in Slack', () => {
  it('"I will send the budget by Thursday" opens with By when: Thursday', async () => {
    const text = 'I will send the budget by Thursday';
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, text);
    const since = h.mark();
    await h.slack.messageShortcut({ callbackId: 'record_commitment', user: ALICE, channel: LEADERSHIP, message: { ts, user: MARIA.id, text }, responseUrl: h.fake.responseUrl() });
    await h.settle();
    const open = since().find((c) => c.method === 'views.open')!;
    const due = open.args.view.blocks.find((b: { block_id?: string }) => b.block_id === 'due');
    expect(due.element.initial_value).toBe('Thursday');
  });
});
