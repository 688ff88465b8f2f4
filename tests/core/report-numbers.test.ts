// The numbers a team acts on: one definition of a slip everywhere it is shown (the move's answer,
// the records' lines, the report, the digest, the export), trends that compare like with like, and
// a withdrawn disagreement never counted as resolved.
import { afterEach, describe, expect, it } from 'vitest';
import { findCommitment } from '../../src/db/commitments.js';
import { type TestBot, teamBot, where } from '../support/core.js';
import { answer, channel } from './checkins/helpers.js';
import { DAY, HOUR, expectOk, options, step, view } from './deescalation/support.js';

let t: TestBot;
afterEach(() => t?.close());

async function bothViewsGiven(b: TestBot): Promise<void> {
  expectOk(await step(b, 'maria', 'flow.views', view('Maria')));
  expectOk(await step(b, 'sam', 'flow.views', view('Sam')));
}

/** sam flags R-n with maria; both give views; alice offers one option; both accept: decided. */
async function decided(topic: string): Promise<void> {
  await t.run('sam', `disagree ${topic} with <@maria>`);
  await bothViewsGiven(t);
  expectOk(await step(t, 'alice', 'flow.options', options('Sam', 'Option A')));
  expectOk(await step(t, 'maria', 'flow.answer', { accept1: 'yes' }));
  expectOk(await step(t, 'sam', 'flow.answer', { accept1: 'yes' }));
}

const reportLine = (text: string, label: string) => text.split('\n').find((l) => l.startsWith(`${label}: `));

describe('a slip is a date moved later — a first date and a date brought forward are not', () => {
  it('the move answers "brought forward", the count stays, and report, lists and export agree', async () => {
    t = await teamBot(); // Mon, Nov 23
    await t.run('maria', 'commit Draft the budget memo'); // no date yet
    expect(where(await t.run('maria', 'move C-1 Dec 11'))[0]).toMatch(/^#leadership: 📅 C-1 now due Fri, Dec 11: Draft the budget memo/);
    const forward = where(await t.run('maria', 'move C-1 Nov 25'));
    expect(forward[0]).toMatch(/^#leadership: ⏩ C-1 brought forward from Fri, Dec 11 to Wed, Nov 25: Draft the budget memo \(not a slip\)/);
    expect(forward.join('\n')).not.toMatch(/slip \d|moved from/);
    expect(findCommitment(t.database.db, 1, 1)).toMatchObject({ dueDate: '2026-11-25', slips: 0 });
    expect(reportLine((await t.run('alice', 'report'))[0]!.text, 'Slips')).toBe('Slips: 0 · same as before');
    expect((await t.run('alice', 'report slips'))[0]!.text).toContain('No records in this period.');

    expect(where(await t.run('maria', 'move C-1 Nov 27'))[0]).toMatch(/↪️ C-1 moved from Wed, Nov 25 to Fri, Nov 27: Draft the budget memo \(slip 1\)/);
    expect(findCommitment(t.database.db, 1, 1)).toMatchObject({ slips: 1 });
    expect(reportLine((await t.run('alice', 'report'))[0]!.text, 'Slips')).toBe('Slips: 1 · ↑ from 0 (worse)');
    const records = (await t.run('alice', 'report slips'))[0]!.text;
    expect(records).toMatch(/C-1 Draft the budget memo — Maria: Wed, Nov 25 → Fri, Nov 27/);
    expect(records).not.toMatch(/Dec 11 → |→ Wed, Nov 25/);
    // The per-person count on the record's line, as the recap and lists show it.
    expect((await t.run('alice', 'recap'))[0]!.text).toMatch(/C-1 Draft the budget memo .*· 1 slip\b/);

    const csv = (await t.run('alice', 'export'))[0]!.message.attachments![0]!.content;
    expect(csv).toContain('none→2026-12-11');
    expect(csv).toContain('2026-12-11→2026-11-25 brought forward');
    expect(csv).toMatch(/2026-11-25→2026-11-27 \(/);
  });

  it("the digest says what the check-in did: slipping, brought forward, or a first date — never 'slipping' for the latter two", async () => {
    t = await teamBot();
    await t.run('maria', 'commit Draft the budget memo by Dec 11');
    await t.run('maria', 'commit Call the bus vendor by Dec 4');
    await t.run('maria', 'commit Share the PD calendar');
    await t.run('alice', 'checkin now');
    await t.flush();
    await answer(t, 'alice', {});
    await answer(t, 'sam', {});
    const last = await answer(t, 'maria', { c1: 'slipping', c1_date: 'Dec 3', c2: 'slipping', c2_date: 'Dec 9', c3: 'ontrack', c3_date: 'Dec 18' });
    expect(last.outcome).toEqual({ ok: true });
    const thanks = where(last.sent).find((l) => l.startsWith('reply maria'))!;
    expect(thanks).toMatch(/C-1 brought forward to Thu, Dec 3$/m);
    expect(thanks).toMatch(/C-2 now due Wed, Dec 9 \(a slip\)/);
    expect(thanks).toMatch(/C-3 now due Fri, Dec 18$/m);
    const digest = channel(last.sent).find((s) => s.text.startsWith('Check-in digest'))!.text;
    expect(digest).toMatch(/Maria: C-1 Draft the budget memo — brought forward to Thu, Dec 3/);
    expect(digest).toMatch(/Maria: C-2 Call the bus vendor — slipping, now due Wed, Dec 9/);
    expect(digest).toMatch(/Maria: C-3 Share the PD calendar — now due Fri, Dec 18/);
    // The report counts the one slip the digest calls slipping.
    expect(reportLine((await t.run('alice', 'report'))[0]!.text, 'Slips')).toBe('Slips: 1 · ↑ from 0 (worse)');
    expect(findCommitment(t.database.db, 1, 1)).toMatchObject({ slips: 0 });
    expect(findCommitment(t.database.db, 1, 2)).toMatchObject({ slips: 1 });
    expect(findCommitment(t.database.db, 1, 3)).toMatchObject({ slips: 0 });
  });
});

describe('disagreements in the report', () => {
  /** R-1 between sam and maria, decided (D-1); then its follow-up says it does not hold. */
  async function decidedThenReopened() {
    t = await teamBot();
    await decided("Next year's PD calendar");
    t.clock.advance(7 * DAY);
    t.bot.runDueJobs();
    await t.flush();
    expectOk(await step(t, 'maria', 'flow.followup', { holds: 'no', note: 'It clashes with enrolment' }));
  }

  it('one decided, reopened and then withdrawn is not resolved, and its record says why', async () => {
    await decidedThenReopened();
    expect(reportLine((await t.run('alice', 'report'))[0]!.text, 'Disagreements resolved')).toBe('Disagreements resolved: 0 resolved · 1 flagged · no earlier figure');
    await t.run('sam', 'disagree withdraw R-1');
    const report = (await t.run('alice', 'report'))[0]!.text;
    expect(reportLine(report, 'Disagreements resolved')).toBe('Disagreements resolved: 0 resolved · 1 flagged · no earlier figure');
    const records = (await t.run('alice', 'report disagreements'))[0]!.text;
    expect(records).toMatch(/R-1 .*reopened since, not counted as resolved/);
  });

  it("a count's trend is against the earlier count, never a percentage", async () => {
    t = await teamBot();
    // The week before: one flagged and resolved. This week: one flagged, none resolved.
    await decided("Next year's PD calendar");
    t.clock.advance(7 * DAY + HOUR);
    await t.run('maria', 'disagree Bus routes with <@sam>');
    t.clock.advance(HOUR);
    const line = reportLine((await t.run('alice', 'report weeks 1'))[0]!.text, 'Disagreements resolved')!;
    expect(line).toBe('Disagreements resolved: 0 resolved · 1 flagged · ↓ from 1 (worse)');
    expect(line).not.toContain('%');
  });
});
