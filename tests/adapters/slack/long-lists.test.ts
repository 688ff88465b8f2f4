// More than Block Kit can hold: 60 open commitments with long texts. Slack never gets a message
// it would refuse; lists end with "… and N more".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/adapters/slack/limits.js';
import { ALICE, type Harness, MARIA, harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
  for (let i = 1; i <= 60; i++) {
    await h.run(MARIA, `commit Item ${i}: ${'prepare the attendance report for every school in the district, with the numbers checked twice, '.repeat(15).trim()} by Friday`);
  }
});
afterAll(async () => {
  await h?.close();
});

type Blocks = { type: string; text?: { text: string }; elements?: { text: string }[] }[];

function checkMessage(blocks: Blocks): number {
  expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks.message);
  expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(LIMITS.blockChars.message);
  for (const b of blocks) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
  const more = blocks.map((b) => /… and (\d+) more/.exec(b.elements?.[0]?.text ?? '')?.[1]).find(Boolean);
  expect(more, 'an "… and N more" line').toBeDefined();
  return Number(more);
}

describe('60 open commitments', () => {
  it('list commitments: one valid message, shown rows plus "and N more" make 60', async () => {
    const r = await h.run(MARIA, 'list commitments');
    expect(r.ephemerals).toHaveLength(1);
    const blocks = r.ephemerals[0]!.body.blocks as Blocks;
    const more = checkMessage(blocks);
    const shown = blocks.filter((b) => b.type === 'section').map((b) => (b.text?.text.match(/^• /gm) ?? []).length).reduce((a, n) => a + n, 0);
    expect(shown).toBeGreaterThan(0);
    expect(shown + more).toBe(60);
    expect(h.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('mine: the same', async () => {
    const r = await h.run(MARIA, 'mine');
    checkMessage(r.ephemerals[0]!.body.blocks as Blocks);
  });

  it('App Home: within its limits', async () => {
    const since = h.mark();
    await h.slack.event({ type: 'app_home_opened', user: MARIA.id, channel: `D${MARIA.id}`, tab: 'home' });
    await h.settle();
    const view = since().find((c) => c.method === 'views.publish')!.args.view;
    expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.blocks.home);
    expect(JSON.stringify(view.blocks)).toMatch(/… and \d+ more/);
  });

  it('recap: one valid message', async () => {
    const r = await h.run(MARIA, 'recap');
    const post = r.calls.find((c) => c.method === 'chat.postMessage')!;
    checkMessage(post.args.blocks as Blocks);
  });
});
