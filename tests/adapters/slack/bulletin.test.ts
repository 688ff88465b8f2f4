// The staff bulletin in Slack, end to end through the real app and the fake Web API: a lead's
// `/baton broadcast bulletin friday 15:00`, the week's decisions posted to the staff channel as
// Block Kit at that time — executor mentioned, date, what it replaces, the retraction — with the
// team's words escaped; `broadcast each off` keeping a decision out of the staff channel until
// the bulletin; a member and a missing broadcast channel refused privately; a restart while it
// is due posting it once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, STAFF, harness, textOf } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await harness({ clock: '2026-11-23T15:00:00Z' });
  await h.run(ALICE, 'setup District Leadership');
});
afterEach(async () => {
  await h?.close();
});

const bulletins = () => h.fake.posts(STAFF.id).filter((c) => (c.args.blocks ?? []).some((b: any) => b.type === 'header' && String(b.text?.text).startsWith('Staff bulletin: ')));
const private_ = (r: { ephemerals: { body: any }[] }) => r.ephemerals.map((e) => textOf(e.body)).join('\n');

async function at(iso: string): Promise<void> {
  h.clock.set(Date.parse(iso));
  await h.app.ticker.tick();
  await h.settle();
}

describe('the staff bulletin in Slack', () => {
  it("posts the week's decisions to the staff channel as Block Kit at the set time, escaped, once", async () => {
    const early = await h.run(ALICE, 'broadcast bulletin friday 15:00');
    expect(private_(early)).toContain('there is none yet');
    expect(private_(early)).toContain(`/baton broadcast #staff-announcements`);
    await h.run(ALICE, `broadcast <#${STAFF.id}|${STAFF.name}>`);
    const refused = await h.run(SAM, 'broadcast bulletin friday 15:00');
    expect(private_(refused)).toContain('Only a lead of District Leadership can do that');
    const set = await h.run(ALICE, 'broadcast bulletin friday 15:00');
    expect(textOf(set.calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id)!.args)).toContain('Staff bulletin: ');
    await h.run(ALICE, 'decide Start school at 8:30');
    await h.run(ALICE, `decide replaces D-1 Start school at 8:15 <!channel> & *early* because buses owner <@${MARIA.id}|maria> by 2026-12-11`);
    await h.run(ALICE, 'decide Close the pool in January');
    await h.run(ALICE, 'retract D-3 the board kept it open');
    await at('2026-11-27T14:59:00Z');
    expect(bulletins()).toEqual([]);
    await at('2026-11-27T15:00:00Z');
    expect(bulletins()).toHaveLength(1);
    const post = bulletins()[0]!.args;
    expect(post.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Staff bulletin: District Leadership', emoji: true } });
    expect(post.blocks.length).toBeLessThanOrEqual(50);
    const text = textOf(post);
    expect(text).toContain('D-2');
    expect(text).toContain(`executes <@${MARIA.id}>`);
    expect(text).toContain('by Fri, Dec 11');
    expect(text).toContain('replaces D-1 (Start school at 8:30)');
    expect(text).toContain('Retracted');
    expect(text).toContain('Close the pool in January — why: the board kept it open');
    // The team's words stay words: Slack's <!channel> arrived inert, & is escaped, * cannot format.
    expect(text).toContain('Start school at 8:15 @channel &amp; ∗early∗');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('*early*');
    await at('2026-11-27T16:00:00Z');
    await at('2026-12-04T15:00:00Z');
    // Nothing new that week: no second post.
    expect(bulletins()).toHaveLength(1);
  });

  it('`broadcast each off` keeps a decision out of the staff channel; the bulletin carries it', async () => {
    await h.run(ALICE, `broadcast <#${STAFF.id}|${STAFF.name}>`);
    await h.run(ALICE, 'broadcast each off');
    await h.run(ALICE, 'broadcast bulletin friday 15:00');
    const before = h.fake.posts(STAFF.id).length;
    await h.run(ALICE, 'decide Start school at 8:30');
    expect(h.fake.posts(STAFF.id)).toHaveLength(before);
    await at('2026-11-27T15:00:00Z');
    expect(bulletins()).toHaveLength(1);
    expect(textOf(bulletins()[0]!.args)).toContain('Start school at 8:30');
    expect(h.fake.posts(STAFF.id)).toHaveLength(before + 1);
    const shown = private_(await h.run(SAM, 'broadcast'));
    expect(shown).toContain('not announced on its own (the bulletin carries it)');
    expect(shown).toContain('Fridays at 15:00 (UTC)');
  });

  it('a restart while the bulletin is due posts it once', async () => {
    await h.run(ALICE, `broadcast <#${STAFF.id}|${STAFF.name}>`);
    await h.run(ALICE, 'broadcast bulletin friday 15:00');
    await h.run(ALICE, 'decide Start school at 8:30');
    h.clock.set(Date.parse('2026-11-27T18:00:00Z'));
    await h.restart();
    await h.app.ticker.tick();
    await h.settle();
    await h.restart();
    await h.app.ticker.tick();
    await h.settle();
    expect(bulletins()).toHaveLength(1);
  });
});
