// Answering the check-in: the form asks about each open commitment as it is when the button is
// pressed; answers update the records in one go (or not at all, with the field to fix); the
// form's state is checked again; a second submission changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { findBlocker } from '../../../src/db/blockers.js';
import { findCommitment } from '../../../src/db/commitments.js';
import { type TestBot, teamBot, where } from '../../support/core.js';
import { checkinDms, press, submit } from './helpers.js';
import { sqlGet } from '../../support/testdb.js';

let t: TestBot;
afterEach(() => t?.close());

async function started() {
  t = await teamBot({ now: '2026-11-23T15:00:00Z' });
  await t.run('maria', 'commit Draft the budget memo by Friday');
  await t.run('maria', 'commit Call the bus vendor by Thursday');
  await t.run('maria', 'commit Share the PD calendar');
  await t.run('alice', 'checkin now');
  return checkinDms(t.sent, 'maria')[0]!;
}

describe('the form', () => {
  it('asks what moved, each open commitment (done / on track / slipping, with a new date), blockers, what to decide', async () => {
    const dm = await started();
    expect(dm.text).toMatch(/Hi Maria — time for the weekly check-in of Leadership/);
    const form = (await press(t, 'maria', dm, 'checkin.open'))!;
    expect(form.title).toBe('Weekly check-in');
    expect(form.fields.map((f) => f.id)).toEqual(['moved', 'c2', 'c2_date', 'c1', 'c1_date', 'c3', 'c3_date', 'blocking', 'decide']);
    const c2 = form.fields[1]!;
    expect(c2).toMatchObject({ type: 'select', label: 'C-2 Call the bus vendor', initial: 'ontrack', hint: 'due Thu, Nov 26' });
    expect(c2.type === 'select' && c2.options.map((o) => o.value)).toEqual(['ontrack', 'done', 'slipping']);
    expect(form.fields.every((f) => f.optional)).toBe(true);
  });

  it('is built when the button is pressed: a commitment closed since the message is not asked about', async () => {
    const dm = await started();
    await t.run('maria', 'done C-2');
    const form = (await press(t, 'maria', dm, 'checkin.open'))!;
    expect(form.fields.map((f) => f.id)).toEqual(['moved', 'c1', 'c1_date', 'c3', 'c3_date', 'blocking', 'decide']);
  });
});

describe('the answers', () => {
  it('done closes, slipping re-dates (a slip), a first date is set without a slip, a blocker opens an E-n and tells the lead', async () => {
    const dm = await started();
    const form = (await press(t, 'maria', dm, 'checkin.open'))!;
    await t.flush();
    const outcome = await submit(t, 'maria', form, {
      moved: 'Board approved the budget timeline',
      c1: 'slipping',
      c1_date: 'Dec 9',
      c2: 'done',
      c3: 'ontrack',
      c3_date: 'Dec 18',
      blocking: 'Waiting on the finance numbers',
      decide: 'Do we move the PD day?',
    });
    expect(outcome).toEqual({ ok: true });
    const sent = await t.flush();
    expect(await findCommitment(t.database.db, 1, 2)).toMatchObject({ status: 'done', closeNote: 'from the check-in' });
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ status: 'open', dueDate: '2026-12-09', slips: 1 });
    expect(await findCommitment(t.database.db, 1, 3)).toMatchObject({ status: 'open', dueDate: '2026-12-18', slips: 0 });
    expect(await findBlocker(t.database.db, 1, 1)).toMatchObject({ text: 'Waiting on the finance numbers', status: 'open' });
    const lines = where(sent);
    expect(lines).toContainEqual(expect.stringMatching(/^#leadership: ✅ C-2 done: Call the bus vendor — on time \(from the check-in\)/));
    expect(lines).toContainEqual(expect.stringMatching(/^#leadership: ↪️ C-1 moved from Fri, Nov 27 to Wed, Dec 9: Draft the budget memo \(slip 1\)/));
    expect(lines).toContainEqual(expect.stringMatching(/^dm alice: 🚨 Maria flagged a blocker in Leadership:\nE-1 Waiting on the finance numbers/));
    // One private answer, not one per record.
    expect(lines.filter((l) => l.startsWith('reply maria'))).toEqual([
      expect.stringMatching(/^reply maria: Thanks, Maria — your check-in is in\.\nRecorded\n {2}• C-2 done ✅\n {2}• C-1 now due Wed, Dec 9 \(a slip\)\n {2}• C-3 now due Fri, Dec 18\n {2}• U-1 what you moved forward\n {2}• E-1 opened; the lead has been told\n {2}• A-1 your point to decide together, on the next meeting's agenda$/),
    ]);
    const kept = (await sqlGet(t.database, "select status, answers from checkins where member_id = 2")) as { status: string; answers: string };
    expect(kept.status).toBe('answered');
    expect(JSON.parse(kept.answers)).toMatchObject({ moved: 'Board approved the budget timeline', decide: 'Do we move the PD day?', blocker: 1 });
  });

  it('the only lead raising a blocker in their own check-in is not told "the lead has been told"', async () => {
    await started();
    const dm = checkinDms(t.sent, 'alice')[0]!;
    const form = (await press(t, 'alice', dm, 'checkin.open'))!;
    await t.flush();
    expect(await submit(t, 'alice', form, { blocking: 'Waiting on the finance numbers' })).toEqual({ ok: true });
    const mine = where(await t.flush()).filter((l) => l.startsWith('reply alice'));
    expect(mine).toEqual([expect.stringMatching(/• E-1 opened and posted in the team's channel$/)]);
    expect(mine[0]).not.toMatch(/lead has been told/);
  });

  it('a second submission (the button pressed again, the form sent twice) changes nothing', async () => {
    const dm = await started();
    const form = (await press(t, 'maria', dm, 'checkin.open'))!;
    await submit(t, 'maria', form, { c1: 'slipping', c1_date: 'Dec 9', blocking: 'Stuck' });
    await t.flush();
    const again = await submit(t, 'maria', form, { c1: 'slipping', c1_date: 'Dec 11', blocking: 'Stuck' });
    expect(again).toEqual({ ok: true });
    const sent = await t.flush();
    expect(where(sent)).toEqual([expect.stringMatching(/^reply maria: You already answered this check-in/)]);
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ dueDate: '2026-12-09', slips: 1 });
    expect(await findBlocker(t.database.db, 1, 2)).toBeUndefined();
    expect(await press(t, 'maria', dm, 'checkin.open')).toBeNull();
    expect(where(await t.flush())).toEqual([expect.stringMatching(/^reply maria: You already answered this check-in/)]);
  });

  it('slipping without a date, or with one that cannot be read, comes back on that field and records nothing', async () => {
    const dm = await started();
    const form = (await press(t, 'maria', dm, 'checkin.open'))!;
    const outcome = await submit(t, 'maria', form, { c2: 'done', c1: 'slipping', c3: 'slipping', c3_date: 'someday', blocking: 'Stuck' });
    expect(outcome).toEqual({ ok: false, errors: { c1_date: 'When will C-1 be done? e.g. "next Friday".', c3_date: expect.stringMatching(/couldn't read "someday"/) } });
    expect(await findCommitment(t.database.db, 1, 2)).toMatchObject({ status: 'open' });
    expect(await findBlocker(t.database.db, 1, 1)).toBeUndefined();
    expect((await sqlGet(t.database, 'select status from checkins where member_id = 2'))).toEqual({ status: 'sent' });
  });

  it('state is checked again: another team’s run, a made-up run, or garbage is refused', async () => {
    const dm = await started();
    const form = (await press(t, 'maria', dm, 'checkin.open'))!;
    t.person('zed', 'UTC', 'Zed');
    await t.run('zed', 'setup Other team', { channel: 'other' });
    // (Everyone the fake platform knows is in the other channel, so Maria is in both teams.)
    const forged = [JSON.stringify({ teamId: 2, runId: 1 }), JSON.stringify({ teamId: 1, runId: 99 }), '{"teamId":1,"runId":"1"}', 'not json'];
    for (const state of forged) {
      const r = await t.bot.submit(t.invocation('maria', { direct: true }), form.formId, state, { c2: 'done' });
      expect(r).toEqual({ ok: true });
    }
    const answers = where(await t.flush());
    expect(answers.every((l) => /^reply maria: (That check-in is no longer valid|You are in 2 teams)/.test(l))).toBe(true);
    expect(await findCommitment(t.database.db, 1, 2)).toMatchObject({ status: 'open' });
  });

  it('someone in two teams answers from their private messages: the button names its team', async () => {
    await started();
    t.person('zed', 'UTC', 'Zed');
    await t.run('zed', 'setup Other team', { channel: 'other' });
    await t.run('zed', 'members add <@maria>', { channel: 'other' });
    await t.run('zed', 'checkin now', { channel: 'other' });
    const second = checkinDms(t.sent, 'maria').at(-1)!;
    expect(second.text).toContain('Other team');
    const form = (await press(t, 'maria', second, 'checkin.open'))!;
    expect(form.fields.map((f) => f.id)).toEqual(['moved', 'blocking', 'decide']);
    expect(await submit(t, 'maria', form, { moved: 'Onboarding' })).toEqual({ ok: true });
    expect(where(await t.flush()).join('\n')).toMatch(/Other team: 1 of 2 answered|Thanks, Maria/);
  });

  it('"Skip this week" skips: no reminder, not counted', async () => {
    const dm = await started();
    expect(await press(t, 'maria', dm, 'checkin.skip')).toBeNull();
    expect(where(await t.flush())).toEqual([expect.stringMatching(/^reply maria: Skipped — no check-in and no reminder for this one/)]);
    expect((await sqlGet(t.database, 'select status from checkins where member_id = 2'))).toEqual({ status: 'skipped' });
  });
});
