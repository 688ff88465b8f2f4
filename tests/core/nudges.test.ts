// Nudges through the core: one private reminder the working day before a date and one on the
// first overdue working day, at the owner's 08:30; Done and New date from the message; a moved
// date re-plans; nothing for what is done; `nudges off`; a stale blocker nudges the unblocker,
// else the lead, once after `blocker-nudge` working days; once across restarts.
import { afterEach, describe, expect, it } from 'vitest';
import { findCommitment } from '../../src/db/commitments.js';
import { findDecision } from '../../src/db/decisions.js';
import type { Button } from '../../src/core/message.js';
import { type Sent, type TestBot, teamBot, testBot } from '../support/core.js';
import { dms, passTime as passTimeOnly } from './checkins/helpers.js';

let t: TestBot;
afterEach(() => t?.close());

const nudges = (sent: Sent[], userId?: string) => dms(sent, userId).filter((s) => s.key.startsWith('nudge:'));

/** Time passes with Baton running: its minute tick has planned what the last command dated. */
async function passTime(bot: TestBot, iso: string): Promise<Sent[]> {
  await bot.bot.runDueJobs();
  return passTimeOnly(bot, iso);
}

function buttonsOf(s: Sent): Button[] {
  return s.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

describe('a commitment is nudged the working day before and on the first overdue day', () => {
  it('once each, at the owner\'s 08:30, with Done and New date', async () => {
    t = await teamBot();
    await t.run('maria', 'commit Draft the budget memo by Wednesday');
    // Maria is in Chicago: Tuesday 08:30 there is 14:30 UTC.
    expect(nudges(await passTime(t, '2026-11-24T14:29:00Z'))).toEqual([]);
    const before = nudges(await passTime(t, '2026-11-24T14:31:00Z'));
    expect(before).toHaveLength(1);
    expect(before[0]!.destination).toEqual({ to: 'dm', userId: 'maria' });
    expect(before[0]!.text).toContain('C-1 is due tomorrow (Wed, Nov 25) in Leadership: Draft the budget memo');
    expect(buttonsOf(before[0]!).map((b) => b.label)).toEqual(['Done', 'New date']);
    expect(nudges(await passTime(t, '2026-11-26T14:29:00Z'))).toEqual([]);
    const overdue = nudges(await passTime(t, '2026-11-26T14:31:00Z'));
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.text).toContain('C-1 was due Wed, Nov 25 in Leadership and is still open');
    // Nothing more, however long it stays open.
    expect(nudges(await passTime(t, '2026-12-10T15:00:00Z'))).toEqual([]);
  });

  it('Done from the nudge closes it as `done C-n` does; pressed twice, it is recorded once', async () => {
    t = await teamBot();
    await t.run('maria', 'commit Draft the budget memo by Wednesday');
    const [n] = nudges(await passTime(t, '2026-11-24T15:00:00Z'));
    const done = buttonsOf(n!).find((b) => b.label === 'Done')!;
    expect(await t.bot.action(t.invocation('maria', { direct: true }), done.actionId, done.value)).toBeNull();
    const first = await t.flush();
    expect(first.map((s) => s.text).join('\n')).toContain('C-1 done: Draft the budget memo — on time');
    expect(first.filter((s) => s.destination.to === 'channel')).toHaveLength(1);
    await t.bot.action(t.invocation('maria', { direct: true }), done.actionId, done.value);
    const second = await t.flush();
    expect(second.filter((s) => s.destination.to === 'channel')).toEqual([]);
    expect(second.map((s) => s.text).join('\n')).toContain('C-1 is already done.');
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ status: 'done' });
    // Done: no overdue nudge.
    expect(nudges(await passTime(t, '2026-11-27T15:00:00Z'))).toEqual([]);
  });

  it('New date opens a small form; a past or unreadable date is a field error; a good one moves it, and the nudges follow the new date', async () => {
    t = await teamBot();
    await t.run('maria', 'commit Draft the budget memo by Wednesday');
    const [n] = nudges(await passTime(t, '2026-11-24T15:00:00Z'));
    const press = buttonsOf(n!).find((b) => b.label === 'New date')!;
    const inv = t.invocation('maria', { direct: true });
    const form = await t.bot.action(inv, press.actionId, press.value);
    expect(form).toMatchObject({ title: 'New date for C-1', fields: [{ id: 'date', type: 'text' }] });
    expect(await t.bot.submit(inv, form!.formId, form!.state, { date: '2026-11-20' })).toEqual({ ok: false, errors: { date: '"2026-11-20" is in the past: give a day from today on.' } });
    expect(await t.bot.submit(inv, form!.formId, form!.state, { date: 'whenever the board says' })).toEqual({ ok: false, errors: { date: expect.stringContaining('I couldn\'t read "whenever the board says" as a date.') } });
    expect(await t.bot.submit(inv, form!.formId, form!.state, { date: '' })).toMatchObject({ ok: false, errors: { date: expect.any(String) } });
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ dueDate: '2026-11-25', slips: 0 });
    expect(await t.bot.submit(inv, form!.formId, form!.state, { date: '2026-12-02' })).toEqual({ ok: true });
    expect((await t.flush()).map((s) => s.text).join('\n')).toContain('C-1 moved from Wed, Nov 25 to Wed, Dec 2');
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ dueDate: '2026-12-02', slips: 1 });
    // The old date's overdue nudge does nothing; the new date gets its own pair.
    expect(nudges(await passTime(t, '2026-11-30T15:00:00Z'))).toEqual([]);
    const again = nudges(await passTime(t, '2026-12-01T15:00:00Z'));
    expect(again).toHaveLength(1);
    expect(again[0]!.text).toContain('C-1 is due tomorrow (Wed, Dec 2)');
  });

  it('a date set after its reminder time is not nudged late; `move` re-plans; someone else may not use the buttons', async () => {
    t = await teamBot();
    await t.run('maria', 'commit Call the bus vendor by Tuesday');
    // Monday 15:00 UTC is 09:00 in Chicago: today's 08:30 has passed, no "due tomorrow".
    expect(nudges(await passTime(t, '2026-11-24T23:00:00Z'))).toEqual([]);
    await t.run('maria', 'move C-1 Friday');
    const sent = nudges(await passTime(t, '2026-11-26T15:00:00Z'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('C-1 is due tomorrow (Fri, Nov 27)');
    const done = buttonsOf(sent[0]!).find((b) => b.label === 'Done')!;
    await t.bot.action(t.invocation('sam', { direct: true }), done.actionId, done.value);
    expect((await t.flush()).map((s) => s.text).join('\n')).toContain("Only C-1's owner or a lead can do that.");
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ status: 'open' });
  });
});

describe('a decision\'s execution', () => {
  it('its executor is nudged, and Done marks it carried out', async () => {
    t = await teamBot();
    await t.run('alice', 'decide Move the PD day to Friday owner <@maria> by Wednesday');
    const [n] = nudges(await passTime(t, '2026-11-24T15:00:00Z'), 'maria');
    expect(n!.text).toContain('The decision you carry out D-1 is due tomorrow (Wed, Nov 25)');
    const done = buttonsOf(n!).find((b) => b.label === 'Done')!;
    await t.bot.action(t.invocation('maria', { direct: true }), done.actionId, done.value);
    expect((await t.flush()).map((s) => s.text).join('\n')).toContain('D-1 carried out: Move the PD day to Friday — on time');
    expect(await findDecision(t.database.db, 1, 1)).toMatchObject({ doneAt: expect.any(Number) });
    expect(nudges(await passTime(t, '2026-11-27T15:00:00Z'))).toEqual([]);
  });
});

describe('nudges off / on', () => {
  it('each person their own, confirmed privately; off means none', async () => {
    t = await teamBot();
    await t.run('maria', 'commit Draft the budget memo by Wednesday');
    await t.run('sam', 'commit Book the venue by Wednesday');
    const off = await t.run('maria', 'nudges off');
    expect(off).toHaveLength(1);
    expect(off[0]!.destination).toMatchObject({ to: 'reply', userId: 'maria' });
    expect(off[0]!.text).toContain('Nudges off in Leadership');
    expect((await t.run('maria', 'nudges off'))[0]!.text).toContain('(they were already)');
    expect((await t.run('maria', 'nudges'))[0]!.text).toContain('Your nudges are off in Leadership');
    const sent = nudges(await passTime(t, '2026-11-24T23:00:00Z'));
    expect(sent.map((s) => (s.destination as { userId: string }).userId)).toEqual(['sam']);
    expect((await t.run('maria', 'nudges on'))[0]!.text).toContain('Nudges on');
    expect(nudges(await passTime(t, '2026-11-26T15:00:00Z'), 'maria')).toHaveLength(1);
    expect((await t.run('maria', 'nudges maybe'))[0]!.text).toContain('`nudges` takes `on` or `off`');
  });
});

describe('a stale blocker', () => {
  it('nudges the person named to unblock it once, after 3 working days by default', async () => {
    t = await teamBot();
    await t.run('maria', 'blocker Waiting on the bus contract signature <@sam>');
    // Raised Monday (Tokyo: Tuesday 00:00); three working days later is Friday, 08:30 in Tokyo.
    expect(nudges(await passTime(t, '2026-11-26T23:29:00Z'))).toEqual([]);
    const sent = nudges(await passTime(t, '2026-11-26T23:31:00Z'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.destination).toEqual({ to: 'dm', userId: 'sam' });
    expect(sent[0]!.text).toContain('E-1 in Leadership has been open 3 working days');
    expect(sent[0]!.text).toContain('You were named as the person who can unblock it.');
    expect(nudges(await passTime(t, '2026-12-20T00:00:00Z'))).toEqual([]);
  });

  it('with nobody named, the lead; `agreements set blocker-nudge 2d` shortens it; resolved, nothing', async () => {
    t = await teamBot();
    const set = await t.run('alice', 'agreements set blocker-nudge 2d');
    expect(set.map((s) => s.text).join('\n')).toContain('Blocker nudge: after 2 working days open');
    expect((await t.run('alice', 'agreements set blocker-nudge 2h')).map((s) => s.text).join('\n')).toContain('blocker-nudge takes a number of working days');
    await t.run('maria', 'blocker Waiting on the finance numbers');
    await t.run('maria', 'blocker Waiting on the roof repair');
    await t.run('maria', 'resolve E-2 fixed');
    const sent = nudges(await passTime(t, '2026-11-25T09:00:00Z'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.destination).toEqual({ to: 'dm', userId: 'alice' });
    expect(sent[0]!.text).toContain('E-1 in Leadership has been open 2 working days');
    expect(sent[0]!.text).toContain('comes to you as lead');
  });
});

describe('exactly once across restarts', () => {
  it('a second bot on the same file sends nothing again', async () => {
    t = await teamBot();
    await t.run('maria', 'commit Draft the budget memo by Wednesday');
    expect(nudges(await passTime(t, '2026-11-24T15:00:00Z'))).toHaveLength(1);
    const file = `${t.dir}/baton.db`;
    const again = testBot({ file, now: '2026-11-24T15:05:00Z' });
    try {
      await again.bot.runDueJobs();
      expect(nudges(await again.flush())).toEqual([]);
    } finally {
      again.database.close();
    }
  });
});
