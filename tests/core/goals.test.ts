// Goals that are measured: fields read wherever they stand, edits, close and drop by a lead or
// the owner, data points with who/when/where, unverified until the data owner confirms them.
import { afterEach, describe, expect, it } from 'vitest';
import { findGoal } from '../../src/db/goals.js';
import { editsOf } from '../../src/db/edits.js';
import type { Button } from '../../src/core/message.js';
import { type Sent, type TestBot, teamBot, where } from '../support/core.js';

let t: TestBot;
afterEach(() => t?.close());

function buttonIn(sent: Sent[], label: string): Button {
  for (const s of sent) for (const b of s.message.blocks) if (b.type === 'actions') for (const x of b.buttons) if (x.label === label) return x;
  throw new Error(`no button ${label} in:\n${where(sent).join('\n')}`);
}

describe('goals', () => {
  it('a lead adds a goal with its measure, baseline, target, date and owner, read wherever they stand', async () => {
    t = await teamBot();
    const sent = where(await t.run('alice', 'goal Every school reports attendance weekly target 14 owner <@maria> measure schools reporting baseline 9 by 2027-06-30'));
    expect(sent[0]).toBe('#leadership: 🎯 G-1 new goal: Every school reports attendance weekly — added by Alice\nOwner: @Maria\nMeasure: schools reporting: 9 → no data yet → 14\nDue: Wed, Jun 30, 2027');
    expect(await findGoal(t.database.db, 1, 1)).toMatchObject({ text: 'Every school reports attendance weekly', measure: 'schools reporting', baseline: 9, target: 14, dueDate: '2027-06-30', ownerId: 2, status: 'open' });
    // "by half" is how much, not when: it stays in the text.
    await t.run('alice', 'goal Cut chronic absence by half measure chronic absence rate');
    expect(await findGoal(t.database.db, 1, 2)).toMatchObject({ text: 'Cut chronic absence by half', dueDate: null });
    // A capitalised field word opening the goal is its text; a lowercase one is a field.
    await t.run('alice', 'goal Measure every school\'s attendance weekly');
    expect(await findGoal(t.database.db, 1, 3)).toMatchObject({ text: "Measure every school's attendance weekly", measure: null });
    expect(where(await t.run('alice', 'goal owner <@maria> Fewer late buses'))[0]).toMatch(/^#leadership: 🎯 G-4 new goal: Fewer late buses — added by Alice\nOwner: @Maria/);
  });

  it('refuses what it cannot record whole: a member\'s goal, an owner without @, a number that is not one, a verb before an id', async () => {
    t = await teamBot();
    await t.run('alice', 'goal Attendance measure rate');
    expect(where(await t.run('sam', 'goal Better buses'))).toEqual(['reply sam: Only a lead of Leadership can do that — ask Alice.']);
    const owner = where(await t.run('alice', 'goal Better buses owner maria'));
    expect(owner[0]).toMatch(/^reply alice: "owner maria" does not name anyone: type owner, then @ and pick the person from the list\.\nTry: goal Better buses owner @maria\n/);
    expect(where(await t.run('alice', 'goal Better buses target lots'))[0]).toMatch(/`target` takes a number \(like 82 or 82\.5\), not "lots"/);
    const remove = where(await t.run('alice', 'goal remove G-1'));
    expect(remove[0]).toMatch(/^reply alice: "goal remove G-1" is not recorded as a new goal\.\nTry: goal drop G-1/);
    expect(where(await t.run('alice', 'goal G-1 closed'))[0]).toMatch(/Try: goal edit G-1 closed/);
    expect(await findGoal(t.database.db, 1, 2)).toBeUndefined();
  });

  it('a lead or the goal\'s owner edits, closes and drops it; the old values stay in its history', async () => {
    t = await teamBot();
    await t.run('alice', 'goal Attendance up measure attendance rate baseline 88 target 95 owner <@maria>');
    await t.flush();
    expect(where(await t.run('sam', 'goal edit G-1 target 99'))).toEqual(["reply sam: Only G-1's owner or a lead can change it.\nTry: goal G-1\nMore: help goal"]);
    const edited = where(await t.run('maria', 'goal edit G-1 Attendance up in every school target 96 by 2027-05-28'));
    expect(edited[0]).toBe('#leadership: ✏️ G-1 edited by Maria: Attendance up in every school — text was "Attendance up"; target 95 → 96; due none → Fri, May 28, 2027');
    expect(edited[1]).toMatch(/^#leadership: 🎯 G-1 new goal: Attendance up in every school — added by Alice\n.*\n✏️ Edited by Maria/s);
    expect((await editsOf(t.database.db, 1, 'G-1')).map((e) => [e.field, e.oldValue, e.newValue])).toEqual([
      ['text', 'Attendance up', 'Attendance up in every school'],
      ['target', '95', '96'],
      ['due', null, 'Fri, May 28, 2027'],
    ]);
    expect(where(await t.run('maria', 'goal close G-1 met in May'))[0]).toBe('#leadership: 🏁 G-1 achieved: Attendance up in every school (attendance rate: 88 → no data yet → 96) — met in May · closed by Maria');
    expect(where(await t.run('alice', 'goal drop G-1'))[0]).toBe('reply alice: G-1 is already achieved.\nTry: goals\nMore: help goal');
    await t.run('alice', 'goal Old plan');
    expect(where(await t.run('alice', 'goal drop G-2 replaced by G-1'))[0]).toBe('#leadership: ✖️ G-2 dropped: Old plan — replaced by G-1 · by Alice');
    expect(await findGoal(t.database.db, 1, 2)).toMatchObject({ status: 'dropped', closeNote: 'replaced by G-1' });
    expect((await t.run('sam', 'list goals'))[0]!.text).toMatch(/^Leadership\nGoals\n {2}None yet\.$/);
    expect((await t.run('sam', 'list goals all'))[0]!.text).toMatch(/All goals\n {2}• G-1 Attendance up in every school — owner Maria · .* — achieved\n {2}• G-2 Old plan — dropped/);
  });

  it('a data point from a member is unverified until the data owner confirms it with a button; the data owner\'s own is verified', async () => {
    t = await teamBot();
    await t.run('alice', 'goal Every school reports attendance measure schools reporting baseline 9 target 14');
    await t.run('alice', 'role <@maria> data');
    await t.flush();
    expect(where(await t.run('sam', 'progress G-1 lots'))[0]).toMatch(/^reply sam: "lots" is not a number: a data point is the goal's measure as a number\.\nTry: progress G-1 87 source SIS dashboard/);
    await t.run('alice', 'goal Calmer board meetings');
    expect(where(await t.run('sam', 'progress G-2 5'))[0]).toMatch(/G-2 has no measure yet.*\nTry: goal edit G-2 measure/);

    const sent = await t.run('sam', 'progress G-1 11 source attendance dashboard, two schools late');
    expect(where(sent)).toEqual([
      '#leadership: 📈 G-1 schools reporting: 11 (was 9; target 14) — Sam, from attendance dashboard, unverified · two schools late',
      'dm maria: Sam recorded a data point for G-1 in Leadership: 11 (schools reporting) from attendance dashboard.\ntwo schools late\nIt stays unverified until you, the data owner, confirms it.\n[Confirm]'.replace('confirms', 'confirm'),
    ]);
    expect((await t.run('sam', 'goals'))[0]!.text).toMatch(/G-1 Every school reports attendance — schools reporting: 9 → 11 \(unverified\) → 14 · last data Nov 24, 00:00 from attendance dashboard \(unverified\)/);

    const confirm = buttonIn(sent, 'Confirm');
    await t.bot.action(t.invocation('sam', { direct: true }), confirm.actionId, confirm.value);
    expect(where(await t.flush())).toEqual(["reply sam: Only the team's data owner (Maria) confirms data points.\nMore: help role"]);
    await t.bot.action(t.invocation('maria', { direct: true }), confirm.actionId, confirm.value);
    expect(where(await t.flush())).toEqual(['reply maria: ✔️ Confirmed: G-1 11 from attendance dashboard.', 'dm sam: Maria confirmed your data point for G-1: 11.']);
    expect((await t.run('sam', 'goals'))[0]!.text).toMatch(/schools reporting: 9 → 11 → 14 · last data Nov 24, 00:00 from attendance dashboard(?! \(unverified\))/);

    const own = where(await t.run('maria', 'progress G-1 12 source SIS'));
    expect(own).toEqual(['#leadership: 📈 G-1 schools reporting: 12 (was 11; target 14) — Maria, from SIS']);
  });

  it('goal G-n shows owner, measure, date, every data point with its source, and the items tagged with it', async () => {
    t = await teamBot();
    await t.run('alice', 'goal Attendance measure schools reporting baseline 9 target 14 by 2027-06-30 owner <@maria>');
    await t.run('maria', 'update Dashboard live #G-1');
    await t.run('maria', 'commit Call the last two principals by Friday #G-1');
    await t.run('sam', 'progress G-1 11 source dashboard');
    const shown = (await t.run('sam', 'goal G-1'))[0]!;
    expect(shown.destination.to).toBe('reply');
    expect(shown.text).toMatch(/^G-1 Attendance\nOwner: Maria\nMeasure: schools reporting: 9 → 11 \(unverified\) → 14\nDue: Wed, Jun 30, 2027\nLast data point: last data Nov 24, 00:00 from dashboard \(unverified\) — by Sam\nData points\n {2}• Nov 24, 00:00: 11 from dashboard — Sam \(unverified\)\nTagged #G-1\n {2}• C-1 Call the last two principals #G-1 — Maria · due Fri, Nov 27\n {2}• U-1 Dashboard live #G-1 — Maria/);
    expect((await t.run('sam', 'goals'))[0]!.text).toMatch(/G-1 Attendance — owner Maria · .* · by Wed, Jun 30, 2027 · .* · 2 items tagged/);
  });

  it('the recap shows each goal\'s progress since the last recap; report goals shows every measured goal\'s trend', async () => {
    t = await teamBot();
    await t.run('alice', 'goal Attendance measure schools reporting baseline 9 target 14');
    await t.run('alice', 'goal Reading measure pct at grade level baseline 60 target 70');
    await t.run('alice', 'progress G-1 10 source dashboard');
    await t.run('alice', 'recap');
    t.clock.advance(7 * 86_400_000);
    await t.run('alice', 'progress G-1 12 source dashboard');
    // The report, like the recap, shows each goal since the last recap.
    const numbers = (await t.run('alice', 'report'))[0]!;
    expect(numbers.text).toMatch(/Goals since Nov 23, 15:00\n {2}• G-1 schools reporting: 10 → 12 \(\+2\) \(target 14\) · 1 data point, 1 unverified/);
    expect(JSON.stringify(numbers.message.blocks)).toContain('"value":"report goals weeks 4"');
    const recap = (await t.run('alice', 'recap'))[0]!.text;
    expect(recap).toMatch(/Goals since then\n {2}• G-1 schools reporting: 10 → 12 \(\+2\) \(target 14\) · 1 data point, 1 unverified\n {2}• G-2 pct at grade level: no new data — still 60 \(target 70\)/);
    const report = (await t.run('alice', 'report goals'))[0]!.text;
    expect(report).toMatch(/G-1 Attendance — schools reporting: baseline 9 · Mon, Nov 23: 10 \(unverified\) · Mon, Nov 30: 12 \(unverified\) · target 14 · ↑ 3 · 60% of the way from baseline to target/);
    expect(report).toMatch(/G-2 Reading — pct at grade level: baseline 60 · no data in this period · target 70/);
  });
});
