// The team's meeting in Slack, end to end through the real app and the fake Web API: a lead's
// `/baton meeting schedule …` in their Slack time zone, the agenda posted as Block Kit in the
// channel 24 h before the meeting, a member refused privately, and a restart while the agenda
// is due posting it once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await harness({ clock: '2026-11-23T15:00:00Z' });
  await h.run(ALICE, 'setup District Leadership');
});
afterEach(async () => {
  await h?.close();
});

const agendas = () => h.fake.posts(LEADERSHIP.id).filter((c) => (c.args.blocks ?? []).some((b: any) => b.type === 'header' && String(b.text?.text).startsWith('Agenda: ')));

async function at(iso: string): Promise<void> {
  h.clock.set(Date.parse(iso));
  await h.app.ticker.tick();
  await h.settle();
}

describe('the meeting in Slack', () => {
  it("is scheduled in the lead's zone; its agenda is posted as Block Kit 24 h before, at that local time", async () => {
    // Alice's Slack zone is UTC here; Sam's is Asia/Tokyo.
    const set = await h.run(ALICE, 'meeting schedule wednesday 15:30 for 90');
    expect(textOf(set.calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id)!.args)).toContain('Team meeting: Wednesdays at 15:30, 90 min (UTC). Next: Wed, Nov 25, 15:30.');
    await h.run(MARIA, 'agenda add Bus contract: who signs?');
    const refused = await h.run(SAM, 'meeting schedule friday 10:00');
    expect(refused.ephemerals.map((e) => textOf(e.body)).join('\n')).toContain('Only a lead of District Leadership can do that');
    await at('2026-11-24T15:29:00Z');
    expect(agendas()).toEqual([]);
    await at('2026-11-24T15:30:00Z');
    expect(agendas()).toHaveLength(1);
    const post = agendas()[0]!.args;
    expect(post.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Agenda: District Leadership, Wed, Nov 25', emoji: true } });
    expect(post.blocks.length).toBeLessThanOrEqual(50);
    expect(textOf(post)).toContain('A-1');
    expect(textOf(post)).toContain('Bus contract: who signs?');
    expect(textOf(post)).toContain('Nov 25, 15:30 (UTC)');
  });

  it('a restart while the agenda is due posts it once', async () => {
    await h.run(ALICE, 'meeting schedule wednesday 15:30');
    h.clock.set(Date.parse('2026-11-24T18:00:00Z'));
    await h.restart();
    await h.app.ticker.tick();
    await h.settle();
    await h.restart();
    await h.app.ticker.tick();
    await h.settle();
    expect(agendas()).toHaveLength(1);
  });

  it('`/baton meeting` answers privately with the next meeting in the asker\'s own zone and its agenda', async () => {
    await h.run(ALICE, 'meeting schedule wednesday 15:30');
    await h.run(SAM, 'agenda add PD calendar');
    const r = await h.run(SAM, 'meeting');
    const text = r.ephemerals.map((e) => textOf(e.body)).join('\n');
    expect(text).toContain('Next meeting: Nov 26, 00:30 your time (Asia/Tokyo)');
    expect(text).toContain('PD calendar');
    expect(r.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id)).toEqual([]);
  });

  it('App Home shows the next meeting in my own time and its agenda items', async () => {
    await h.run(ALICE, 'meeting schedule wednesday 15:30');
    await h.run(MARIA, 'agenda add Bus contract: who signs?');
    const since = h.mark();
    await h.slack.event({ type: 'app_home_opened', user: SAM.id, channel: `D${SAM.id}`, tab: 'home' });
    await h.settle();
    const home = JSON.stringify(since().find((c) => c.method === 'views.publish')!.args.view.blocks);
    expect(home).toContain('Next meeting: ');
    expect(home).toContain('Nov 26, 00:30');
    expect(home).toContain('On the agenda');
    expect(home).toContain('Bus contract: who signs?');
  });
});
