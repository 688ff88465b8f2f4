// The numbers a team acts on: one definition of a slip everywhere it is shown (the move's answer,
// the records' lines, the report, the digest, the export), trends that compare like with like, and
// a withdrawn disagreement never counted as resolved.
import { afterEach, describe, expect, it } from 'vitest';
import { findCommitment, listCommitments } from '../../src/db/commitments.js';
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
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ dueDate: '2026-11-25', slips: 0 });
    expect(reportLine((await t.run('alice', 'report'))[0]!.text, 'Slips')).toBe('Slips: 0 · same as before');
    expect((await t.run('alice', 'report slips'))[0]!.text).toContain('No records in this period.');

    expect(where(await t.run('maria', 'move C-1 Nov 27'))[0]).toMatch(/↪️ C-1 moved from Wed, Nov 25 to Fri, Nov 27: Draft the budget memo \(slip 1\)/);
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ slips: 1 });
    expect(reportLine((await t.run('alice', 'report'))[0]!.text, 'Slips')).toBe('Slips: 1 · ↑ from 0 (worse)');
    const records = (await t.run('alice', 'report slips'))[0]!.text;
    expect(records).toMatch(/C-1 Draft the budget memo — Maria: Wed, Nov 25 → Fri, Nov 27/);
    expect(records).not.toMatch(/Dec 11 → |→ Wed, Nov 25/);
    // The per-person count on the record's line, as the recap and lists show it.
    expect((await t.run('alice', 'recap'))[0]!.text).toMatch(/C-1 Draft the budget memo .*· 1 slip\b/);

    const csv = (await t.run('alice', 'export')).find((s) => s.destination.to === 'dm')!.message.attachments![0]!.content;
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
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ slips: 0 });
    expect(await findCommitment(t.database.db, 1, 2)).toMatchObject({ slips: 1 });
    expect(await findCommitment(t.database.db, 1, 3)).toMatchObject({ slips: 0 });
  });
});

describe('disagreements in the report', () => {
  /** R-1 between sam and maria, decided (D-1); then its follow-up says it does not hold. */
  async function decidedThenReopened() {
    t = await teamBot();
    await decided("Next year's PD calendar");
    t.clock.advance(7 * DAY);
    await t.bot.runDueJobs();
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

describe('every figure in `report` recomputed from the records its Records button lists', () => {
  it('a team of 12 weeks: check-ins, on time, slips, blockers, disagreements', async () => {
    t = await teamBot(); // Mon, Nov 23 2026, 15:00 UTC; alice (lead), maria, sam
    const start = t.clock.now();
    let seq = 0; // commitments
    let blockerSeq = 0;
    let flows = 0;
    const at = (week: number, days: number) => t.clock.set(start + week * 7 * DAY + days * DAY);
    await t.run('alice', 'checkin off'); // only the check-ins started here, each closed by its digest time
    for (let w = 0; w < 12; w++) {
      at(w, 0); // Monday
      // Check-ins on 8 of the 12 weeks (24 rows: the Records list shows up to 25).
      if (w % 3 !== 2) {
        await t.run('alice', 'checkin now');
        await answer(t, 'maria', {});
        if (w % 3 === 0) await answer(t, 'alice', {});
        const samDm = t.sent.filter((s) => s.destination.to === 'dm' && s.destination.userId === 'sam' && s.key.startsWith('checkin:send:')).at(-1)!;
        if (w % 2 === 0) await t.bot.action(t.invocation('sam', { direct: true }), 'checkin.skip', samDm.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.actionId === 'checkin.skip')!.value);
        else if (w % 4 === 1) await answer(t, 'sam', {});
        await t.flush();
      }
      const memo = ++seq;
      await t.run('maria', `commit Memo ${w} by Wednesday`);
      const plan = ++seq;
      await t.run('sam', `commit Plan ${w} by Friday`);
      // A few without a date at first (24 come due in all: the Records list shows up to 25).
      const open = w % 4 === 3 ? ++seq : 0;
      if (open) {
        await t.run('alice', `commit Draft ${w}`);
        await t.run('alice', `move C-${open} Thursday`); // a first date: not a slip
      }
      if (w % 4 === 0) await t.run('maria', `move C-${memo} Thursday`); // a slip
      if (w % 4 === 1) await t.run('sam', `move C-${plan} Wednesday`); // brought forward: not a slip
      if (w % 4 === 2) {
        await t.run('sam', `move C-${plan} next Monday`); // a slip…
        await t.run('sam', `move C-${plan} Friday`); // …then brought back: not a second slip
      }
      if (w % 2 === 0) {
        await t.run('sam', `blocker Waiting on the contract ${w} <@maria>`);
        blockerSeq++;
      }
      at(w, 1); // Tuesday
      if (w % 3 !== 2) await t.run('maria', `done C-${memo}`);
      if (w % 4 === 0) await t.run('maria', `resolve E-${blockerSeq}`);
      if (w % 5 === 0) await t.run('sam', `drop C-${plan} not needed`);
      at(w, 2.5); // Wednesday
      if (w % 4 === 2) await t.run('maria', `resolve E-${blockerSeq}`);
      at(w, 5); // Saturday
      await t.bot.runDueJobs(); // the week's check-in closes at its digest time
      if (w % 3 === 2) await t.run('maria', `done C-${memo}`); // late
      if (w % 2 === 1) await t.run('sam', `done C-${plan}`); // late (unless brought forward: later still)
      if (open) await t.run('alice', `done C-${open}`); // late
      if (w === 2 || w === 6) {
        flows++;
        await decided(`Calendar ${w}`); // resolved
      }
      if (w === 4) {
        flows++;
        await t.run('sam', 'disagree Rooms with <@maria>');
        await t.run('sam', `disagree withdraw R-${flows}`); // withdrawn: not resolved
      }
      if (w === 9) {
        flows++;
        await t.run('maria', 'disagree Late start with <@sam>'); // still open
      }
    }
    at(11, 6); // Sunday of the twelfth week
    await t.flush();

    const report = (await t.run('alice', 'report weeks 12'))[0]!;
    const shown = (label: string) => reportLine(report.text, label)!.slice(label.length + 2).split(' · ')[0]!;
    const button = (metric: string) => report.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.value === `report ${metric} weeks 12`)!;
    /** The records one Records button lists, through the command the button runs. */
    const records = async (metric: string) => {
      const b = button(metric);
      expect(b.actionId).toBe('command');
      const text = (await t.run('alice', b.value))[0]!.text;
      return text.split('\n').filter((l) => l.startsWith('  • ')).map((l) => l.slice(4));
    };
    const pct = (n: number, d: number) => Math.round((n / d) * 100);

    // Check-ins: answered ÷ sent; skipped ones not counted.
    const ci = await records('checkins');
    expect(ci).toHaveLength(24);
    const answered = ci.filter((l) => /: answered/.test(l)).length;
    const notAnswered = ci.filter((l) => /: not answered/.test(l)).length;
    expect(answered + notAnswered + ci.filter((l) => /: skipped \(not counted\)/.test(l)).length).toBe(24);
    expect(shown('Check-in response rate')).toBe(`${pct(answered, answered + notAnswered)}% (${answered} of ${answered + notAnswered})`);

    // On time: of those that came due (dropped aside), the share done by their day.
    const ot = await records('ontime');
    const onTime = ot.filter((l) => l.endsWith('— ✓ on time')).length;
    expect(ot.every((l) => /— (✓ on time|✗ late|✗ not done)$/.test(l))).toBe(true);
    expect(ot.some((l) => l.endsWith('✗ late')) && ot.some((l) => l.endsWith('✗ not done'))).toBe(true);
    expect(ot.some((l) => /Plan (0|5|10) /.test(l))).toBe(false); // dropped
    // A decision's execution (the flows' decisions have an executor and a date) counts like a commitment.
    expect(ot.some((l) => /^D-\d+ /.test(l))).toBe(true);
    expect(shown('Commitments done on time')).toBe(`${pct(onTime, ot.length)}% (${onTime} of ${ot.length})`);

    // Slips: each listed record is a date moved later; first dates and dates brought forward are not listed.
    const sl = await records('slips');
    // "Fri, Jan 8" or "Wed, Nov 25, 2026" (a year shown when it is not this one): as a day number.
    const day = (s: string) => { const m = /^\w{3}, (\w{3}) (\d+)(?:, (\d{4}))?$/.exec(s)!; return Date.parse(`${m[1]} ${m[2]}, ${m[3] ?? '2027'} 12:00 UTC`); };
    for (const l of sl) {
      const m = /: (.+) → (.+) \(moved /.exec(l)!;
      expect(day(m[2]!)).toBeGreaterThan(day(m[1]!));
    }
    expect(sl).toHaveLength(3 + 3); // memo moved on weeks 0, 4, 8; plan slipped on weeks 2, 6, 10
    expect(shown('Slips')).toBe(String(sl.length));
    // The per-record counts (lists, recap) add up to the same number.
    // (The count kept on each commitment is what its line shows as "· n slips", dropped ones included.)
    expect((await listCommitments(t.database.db, 1)).reduce((n, c) => n + c.slips, 0)).toBe(sl.length);

    // Blockers: the median of (resolved − raised) over the resolved ones listed.
    const bl = await records('blockers');
    const hours = bl.map((l) => { const m = /— open (\d+(?:\.\d)?) (h|days|min)$/.exec(l)!; return Number(m[1]) * (m[2] === 'days' ? 24 : m[2] === 'min' ? 1 / 60 : 1); }).sort((a, b) => a - b);
    expect(hours).toHaveLength(6); // weeks 0, 2, 4, 6, 8, 10
    const mid = hours.length % 2 ? hours[(hours.length - 1) / 2]! : (hours[hours.length / 2 - 1]! + hours[hours.length / 2]!) / 2;
    expect(shown('Median time to resolve a blocker')).toBe(`${mid < 48 ? `${Math.round(mid)} h` : `${(mid / 24).toFixed(1).replace(/\.0$/, '')} days`} (${hours.length} resolved)`);

    // Disagreements: flagged in the window, and those whose decision stands.
    const dg = await records('disagreements');
    expect(dg).toHaveLength(flows);
    const resolved = dg.filter((l) => l.endsWith(' · resolved')).length;
    expect(resolved).toBe(2);
    expect(reportLine(report.text, 'Disagreements resolved')).toMatch(new RegExp(`^Disagreements resolved: ${resolved} resolved · ${dg.length} flagged`));
  });
});

describe('a Records list longer than it shows', () => {
  it('says how many more records lie behind the figure', async () => {
    t = await teamBot();
    for (let i = 1; i <= 27; i++) await t.run('maria', `commit Task ${i} by Wednesday`);
    t.clock.advance(3 * DAY);
    const text = (await t.run('alice', 'report ontime'))[0]!.text;
    expect(text).toMatch(/^Commitments done on time: 0% \(0 of 27\)/);
    expect(text.split('\n').filter((l) => l.startsWith('  • '))).toHaveLength(25);
    expect(text).toContain('  … and 2 more');
  });
});
