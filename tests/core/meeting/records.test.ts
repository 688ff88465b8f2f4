// The meeting's records where people look for records: `list agenda`, `list meetings` and the
// export (CSV and Markdown) carry the agenda items and the meetings; agenda-before is an agreement.
import { afterEach, describe, expect, it } from 'vitest';
import { type TestBot, teamBot, where } from '../../support/core.js';
import { passTime } from '../checkins/helpers.js';

let t: TestBot;
afterEach(() => t?.close());

describe('the meeting in lists and the export', () => {
  it('list agenda shows open items (all: handled and dropped too); list meetings shows each with its status', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('alice', 'meeting schedule wednesday 16:00');
    await t.run('maria', 'agenda add PD calendar');
    await t.run('maria', 'agenda add Bus contract');
    await t.run('maria', 'agenda add Twice');
    await t.run('alice', 'agenda done A-1 settled');
    await t.run('maria', 'agenda drop A-3');
    const open = (await t.run('sam', 'list agenda'))[0]!.text;
    expect(open).toMatch(/Open agenda items\n {2}• A-2 Bus contract — Maria/);
    expect(open).not.toMatch(/A-1|A-3/);
    const all = (await t.run('sam', 'list agenda all'))[0]!.text;
    expect(all).toMatch(/A-3 Twice — dropped[\s\S]*A-2 Bus contract — open[\s\S]*A-1 PD calendar — handled: settled/);
    await passTime(t, '2026-11-26T09:00:00Z');
    const meetings = (await t.run('sam', 'list meetings'))[0]!.text;
    // Sam reads it in Tokyo time: Wednesday 16:00 UTC is 01:00 Thursday there.
    expect(meetings).toMatch(/Meetings\n {2}• Dec 3, 01:00 — planned\n {2}• Nov 26, 01:00 — held · agenda posted/);
  });

  it('the export carries agenda items and meetings', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('alice', 'meeting schedule wednesday 16:00');
    await t.run('maria', 'agenda add =cmd|"calc"');
    await passTime(t, '2026-11-26T09:00:00Z');
    const sent = await t.run('alice', 'export');
    const [csv, md] = sent[1]!.message.attachments!.map((f) => f.content);
    expect(csv).toContain(`agenda item,A-1,open,"'=cmd|""calc"""`);
    expect(csv).toMatch(/meeting,2026-11-25,held,2026-11-25T16:00:00\.000Z – 2026-11-25T17:00:00\.000Z/);
    expect(md).toContain('## Agenda items (1)');
    expect(md).toContain('## Meetings (2)');
  });

  it('agenda-before is one of the agreements a lead sets', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    expect(where(await t.run('alice', 'agreements set agenda-before 2h')).join('\n')).toContain('Agenda posted: 2h before the meeting');
    expect(where(await t.run('alice', 'agreements set agenda-before 9d')).join('\n')).toMatch(/^reply alice: agenda-before takes a duration of at most 7d/);
    await t.run('alice', 'meeting schedule wednesday 16:00');
    const before = await passTime(t, '2026-11-25T13:59:00Z');
    expect(before.filter((s) => s.text.startsWith('Agenda:'))).toEqual([]);
    expect((await passTime(t, '2026-11-25T14:00:00Z')).filter((s) => s.text.startsWith('Agenda:'))).toHaveLength(1);
  });

  it('changing agenda-before moves the next agenda already planned', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('alice', 'meeting schedule wednesday 16:00');
    await t.run('alice', 'agreements set agenda-before 1h');
    expect((await passTime(t, '2026-11-25T14:59:00Z')).filter((s) => s.text.startsWith('Agenda:'))).toEqual([]);
    expect((await passTime(t, '2026-11-25T15:00:00Z')).filter((s) => s.text.startsWith('Agenda:'))).toHaveLength(1);
  });
});
