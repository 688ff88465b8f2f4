// The meeting's agenda in Slack for leads outside UTC, end to end through the real app and the
// fake Web API: a lead in America/Chicago gets it 24 h before the meeting at her local time on
// both sides of the March clock change, with the item not handled carried forward and the one
// handled left out; a lead in Asia/Tokyo, whose meeting day is the day before in UTC, gets it on
// the right local day.
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const agendas = () => h.fake.posts(LEADERSHIP.id).filter((c) => (c.args.blocks ?? []).some((b: any) => b.type === 'header' && String(b.text?.text).startsWith('Agenda: ')));

async function at(iso: string): Promise<void> {
  h.clock.set(Date.parse(iso));
  await h.app.ticker.tick();
  await h.settle();
}

describe('the agenda in Slack, in the lead’s zone', () => {
  it('America/Chicago: 24 h ahead at 15:30 local before and after the clocks change; open items carried forward', async () => {
    h = await harness({ clock: '2027-03-03T15:00:00Z' });
    await h.run(ALICE, 'setup District Leadership');
    await h.run(ALICE, `role <@${MARIA.id}|maria> lead`);
    const set = await h.run(MARIA, 'meeting schedule tuesday 15:30');
    expect(textOf(set.calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id)!.args)).toContain('Tuesdays at 15:30, 60 min (America/Chicago). Next: Tue, Mar 9, 15:30.');
    await h.run(SAM, 'agenda add Bus contract: who signs?');
    await h.run(SAM, 'agenda add PD calendar for spring');
    // Before the change Chicago is UTC-6: Tue Mar 9 15:30 is 21:30Z, its agenda Monday 21:30Z.
    await at('2027-03-08T21:29:00Z');
    expect(agendas()).toEqual([]);
    await at('2027-03-08T21:30:00Z');
    expect(agendas()).toHaveLength(1);
    const first = textOf(agendas()[0]!.args);
    expect(first).toContain('Agenda: District Leadership, Tue, Mar 9');
    expect(first).toContain('Mar 9, 15:30 (America/Chicago)');
    expect(first).toContain('Bus contract: who signs?');
    expect(first).toContain('PD calendar for spring');
    // In the meeting, A-2 is handled; A-1 is not.
    await at('2027-03-09T21:45:00Z');
    await h.run(ALICE, 'agenda done A-2 Maria drafts it');
    await at('2027-03-10T12:00:00Z');
    // After the change (Mar 14) Chicago is UTC-5: Tue Mar 16 15:30 is 20:30Z, its agenda Monday 20:30Z.
    await at('2027-03-15T20:29:00Z');
    expect(agendas()).toHaveLength(1);
    await at('2027-03-15T20:30:00Z');
    expect(agendas()).toHaveLength(2);
    const second = textOf(agendas()[1]!.args);
    expect(second).toContain('Mar 16, 15:30 (America/Chicago)');
    expect(second).toContain('A-1');
    expect(second).toContain('Bus contract: who signs?');
    expect(second).not.toContain('PD calendar for spring');
  });

  it('Asia/Tokyo: a Wednesday 08:00 meeting is Tuesday 23:00 UTC; its agenda comes Monday 23:00 UTC', async () => {
    h = await harness({ clock: '2026-11-23T15:00:00Z' });
    await h.run(ALICE, 'setup District Leadership');
    await h.run(ALICE, `role <@${SAM.id}|sam> lead`);
    await h.run(SAM, 'meeting schedule wednesday 08:00');
    await h.run(MARIA, 'agenda add Bus contract: who signs?');
    const mine = await h.run(ALICE, 'meeting');
    expect(mine.ephemerals.map((e) => textOf(e.body)).join('\n')).toContain('Next meeting: Nov 24, 23:00 your time (UTC)');
    await at('2026-11-23T22:59:00Z');
    expect(agendas()).toEqual([]);
    await at('2026-11-23T23:00:00Z');
    expect(agendas()).toHaveLength(1);
    const post = textOf(agendas()[0]!.args);
    expect(post).toContain('Agenda: District Leadership, Wed, Nov 25');
    expect(post).toContain('Nov 25, 08:00 (Asia/Tokyo)');
    expect(post).toContain('Bus contract: who signs?');
  });
});
