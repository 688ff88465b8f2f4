// The team calendar in Slack, end to end through the real app and the fake Web API: a lead's
// `/baton calendar off …` is announced in the channel, a bad range is refused privately (the
// response_url) with nothing written; a Monday holiday moves the scheduled check-in to Tuesday
// 08:30 in each member's own zone, once each across a restart; a time box stops over a break.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
});
afterEach(async () => {
  await h?.close();
});

type Person = { id: string; name: string };
const checkinPosts = (p: Person) => h.fake.posts(p.id).filter((c) => c.args.metadata?.event_payload?.key?.startsWith('checkin:send:'));
const channelTexts = () => h.fake.posts(LEADERSHIP.id).map((c) => textOf(c.args));
const escalations = () => h.fake.posts(ALICE.id).filter((c) => textOf(c.args).includes('a time box ran out'));

async function at(iso: string): Promise<string[]> {
  h.clock.set(Date.parse(iso));
  await h.app.ticker.tick();
  await h.settle();
  return [ALICE, MARIA, SAM].filter((p) => checkinPosts(p).length > 0).map((p) => p.name);
}

describe('the team calendar in Slack', () => {
  it('a break is announced in the channel; a bad range is refused privately and nothing is written', async () => {
    const bad = await h.run(ALICE, 'calendar off Jan 1 to Dec 21 Winter break');
    expect(bad.ephemerals).toHaveLength(1);
    expect(textOf(bad.ephemerals[0]!.body)).toMatch(/The break ends \(Mon, Dec 21\) before it starts \(Fri, Jan 1\)[\s\S]*\/baton calendar off Jan 1 to &lt;last day&gt;/);
    const past = await h.run(ALICE, 'calendar off 2026-11-02 to 2026-11-06');
    expect(textOf(past.ephemerals[0]!.body)).toMatch(/is in the past/);
    const notLead = await h.run(MARIA, 'calendar off Dec 24');
    expect(textOf(notLead.ephemerals[0]!.body)).toMatch(/lead/i);
    expect(textOf((await h.run(MARIA, 'calendar')).ephemerals[0]!.body)).toMatch(/District Leadership works Mon–Fri\.[\s\S]*No days off ahead\./);
    await h.run(ALICE, 'calendar off Dec 21 to Jan 1 Winter break');
    expect(channelTexts().join('\n')).toMatch(/📅 Days off: Mon, Dec 21 – Fri, Jan 1 — Winter break\./);
    expect(textOf((await h.run(MARIA, 'calendar')).ephemerals[0]!.body)).toMatch(/Mon, Dec 21 – Fri, Jan 1 \(10 working days off\) — Winter break/);
  });

  it('a Monday holiday: the check-in comes Tuesday 08:30 in each zone, once each, across a restart', async () => {
    await h.app.ticker.tick();
    await h.run(ALICE, 'calendar off Nov 30 Staff PD day');
    expect(channelTexts().join('\n')).toMatch(/Day off: Mon, Nov 30 — Staff PD day\.\nNext check-in: Tue, Dec 1 \(moved from Mon, Nov 30, a day off\)\./);
    expect(await at('2026-11-30T08:30:00Z')).toEqual([]);
    expect(await at('2026-11-30T14:30:00Z')).toEqual([]);
    expect(await at('2026-11-30T23:30:00Z')).toEqual(['sam']); // Asia/Tokyo, Tuesday 08:30
    await h.restart();
    expect(await at('2026-12-01T08:30:00Z')).toEqual(['alice', 'sam']);
    expect(await at('2026-12-01T14:30:00Z')).toEqual(['alice', 'maria', 'sam']);
    await h.restart();
    await at('2026-12-01T20:00:00Z');
    for (const p of [ALICE, MARIA, SAM]) {
      expect(checkinPosts(p), p.name).toHaveLength(1);
      expect(textOf(checkinPosts(p)[0]!.args)).toContain('week of Tue, Dec 1');
    }
  });

  it('a 48 h time box flagged on Friday stops over the weekend and a break, and escalates once after', async () => {
    h.clock.set(Date.parse('2026-12-04T10:00:00Z'));
    await h.run(ALICE, 'calendar off Dec 7 to Dec 8 Testing');
    await h.run(SAM, `disagree Winter duty rota with <@${MARIA.id}|maria>`);
    expect(channelTexts().join('\n')).toMatch(/next step by Thu, Dec 10, 10:00 UTC/);
    await at('2026-12-06T10:00:00Z');
    await at('2026-12-10T09:59:00Z');
    expect(escalations()).toHaveLength(0);
    await at('2026-12-10T10:00:00Z');
    await at('2026-12-11T10:00:00Z');
    expect(escalations()).toHaveLength(1);
  });
});
