// Quiet channels through the core's entry points: the day's parent is written once however many
// records race for it, each reply names the platform id the parent was sent with, a parent the
// platform refused leaves its replies standing on their own, and a digest's roll-up reads a
// correction made before it.
import { afterEach, describe, expect, it } from 'vitest';
import { plainText } from '../../src/core/message.js';
import type { Delivery, SentRef, Transport } from '../../src/core/ports.js';
import { PermanentError } from '../../src/scheduler/outbox.js';
import { type Sent, type TestBot, TEAM_CHANNEL, teamBot, where } from '../support/core.js';

let t: TestBot;
afterEach(() => t?.close());

const channelPosts = (sent: Sent[]) => sent.filter((s) => s.destination.to === 'channel');

describe('quiet channels (core)', () => {
  it('records racing in the same instant share one parent, and every reply names its platform id', async () => {
    t = await teamBot();
    await t.run('alice', 'quiet thread');
    await Promise.all([
      t.bot.command(t.invocation('maria'), 'update Budget draft shared'),
      t.bot.command(t.invocation('sam'), 'update Bus routes drafted'),
      t.bot.command(t.invocation('alice', { direct: true }), 'commit Call the bus vendor by Friday'),
    ]);
    const sent = await t.flush();
    const parents = channelPosts(sent).filter((s) => s.text.includes("Today's records — Mon, Nov 23"));
    expect(parents).toHaveLength(1);
    const replies = channelPosts(sent).filter((s) => s.destination.to === 'channel' && s.destination.threadOf);
    expect(replies).toHaveLength(3);
    const said = replies.map((r) => r.text).join('\n');
    for (const what of ['Budget draft shared', 'Bus routes drafted', 'Call the bus vendor']) expect(said).toContain(what);
    // Each names the platform id the parent was sent with (this transport numbers its sends m1, m2, …).
    const parentId = `m${t.sent.indexOf(parents[0]!) + 1}`;
    expect(new Set(replies.map((r) => (r.destination as { threadOf?: string }).threadOf))).toEqual(new Set([parentId]));
    expect(where(sent).some((l) => l.startsWith(`#${TEAM_CHANNEL}: `) && l.includes('committed to'))).toBe(false);
  });

  it('a parent the platform refuses: the replies stand on their own', async () => {
    let n = 0;
    const sent: Sent[] = [];
    const transport: Transport = {
      async deliver(d: Delivery): Promise<SentRef> {
        const text = plainText(d.message.blocks);
        if (text.includes("Today's records")) throw new PermanentError('channel is read-only for threads');
        sent.push({ ...d, text });
        return { conversationId: 'c', messageId: `x${++n}` };
      },
    };
    t = await teamBot({ transport });
    await t.run('alice', 'quiet thread');
    await t.run('maria', 'update Budget draft shared');
    const update = sent.find((s) => s.text.includes('Budget draft shared'))!;
    expect(update.destination).toEqual({ to: 'channel', channelId: TEAM_CHANNEL });
  });

  it('digest: a correction before the roll-up reads in it; nothing is rolled up twice', async () => {
    t = await teamBot();
    await t.run('alice', 'quiet digest');
    await t.run('maria', 'update Budget draft shared');
    await t.run('maria', 'edit U-1 Budget draft v2 shared with the board');
    t.clock.set(Date.parse('2026-11-23T17:00:00Z'));
    await t.bot.runDueJobs();
    const rolled = channelPosts(await t.flush()).filter((s) => s.text.includes('🗂'));
    expect(rolled).toHaveLength(1);
    expect(rolled[0]!.text).toContain('Budget draft v2 shared with the board');
    expect(rolled[0]!.text).not.toContain('Budget draft shared');
    t.clock.set(Date.parse('2026-11-24T17:00:00Z'));
    await t.bot.runDueJobs();
    expect(channelPosts(await t.flush()).filter((s) => s.text.includes('🗂'))).toHaveLength(0);
  });
});
