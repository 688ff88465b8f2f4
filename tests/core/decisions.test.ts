// Decisions: flat to decide (the team's decide-rule: lead, consent, majority), vertical to
// execute (an executor and a date, tracked like a commitment), and told to the wider staff only
// once decided — with retractions and replacements reaching the same places.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Button, plainText } from '../../src/core/message.js';
import { findDecision, listDecisions } from '../../src/db/decisions.js';
import { type Sent, type TestBot, teamBot, testBot, where } from '../support/core.js';
import { answer } from './checkins/helpers.js';
import { expectOk, options, step, view } from './deescalation/support.js';

let t: TestBot;
afterEach(() => t?.close());

const HOUR = 3_600_000;

function buttons(s: Sent): Button[] {
  return s.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

function button(sent: Sent[], label: string): Button {
  for (const s of sent) for (const b of buttons(s)) if (b.label === label) return b;
  throw new Error(`no ${label} button in:\n${where(sent).join('\n')}`);
}

async function press(userId: string, b: Button, direct = false): Promise<Sent[]> {
  const form = await t.bot.action(t.invocation(userId, direct ? { direct: true } : {}), b.actionId, b.value);
  const sent = await t.flush();
  if (form) (sent as Sent[] & { form?: unknown }).form = form;
  return sent;
}

describe('decide-rule lead (the default)', () => {
  it("a member's decide is a proposal with Agree / Object, not broadcast; a lead's Agree decides it and only then is it broadcast", async () => {
    t = await teamBot();
    await t.run('alice', 'broadcast <#staff|staff>');
    const proposed = await t.run('maria', 'decide Move the PD day to Friday because of the bus strike owner <@sam> by 2026-12-04');
    expect(where(proposed)).toEqual([expect.stringMatching(/^#leadership: Proposal D-1\nMove the PD day to Friday\nWhy: the bus strike\nExecutes: @Sam\nBy: Fri, Dec 4/)]);
    expect(proposed[0]!.text).toMatch(/A lead decides it with Agree/);
    expect(buttons(proposed[0]!).map((b) => b.label)).toEqual(['Agree', 'Object']);
    expect((await findDecision(t.database.db, 1, 1))!.status).toBe('proposed');

    // Another member agreeing does not decide it.
    const samAgrees = await press('sam', button(proposed, 'Agree'));
    expect(where(samAgrees)).toEqual([expect.stringMatching(/^reply sam: You agreed to D-1\. A lead confirms it\./)]);

    const decided = await press('alice', button(proposed, 'Agree'));
    expect(where(decided)).toEqual([
      expect.stringMatching(/^#leadership: Decision D-1\nMove the PD day to Friday\nWhy: the bus strike\nExecutes: @Sam\nBy: Fri, Dec 4\nDecided in Leadership · proposed by Maria · confirmed by Alice/),
      expect.stringMatching(/^#staff: Decision D-1\nMove the PD day to Friday\nWhy: the bus strike\nExecutes: @Sam\nBy: Fri, Dec 4\nDecided by Leadership/),
    ]);
    expect(await findDecision(t.database.db, 1, 1)).toMatchObject({ status: 'decided' });
    // Decided: nothing more to agree to.
    expect((await t.run('sam', 'agree D-1'))[0]!.text).toMatch(/D-1 is already decided[\s\S]*retract D-1 <why>/);
  });

  it("a lead's decide is decided at once", async () => {
    t = await teamBot();
    const sent = await t.run('alice', 'decide Keep the Tuesday meeting');
    expect(sent[0]!.text).toMatch(/^Decision D-1\nKeep the Tuesday meeting\nExecutes: not named yet\nDecided in Leadership · recorded by Alice/);
  });

  it('an objection is shown to the team with its reason; a lead can decide anyway, and the record says so', async () => {
    t = await teamBot();
    await t.run('maria', 'decide Start school at 8:30');
    const obj = await t.run('sam', 'object D-1 the buses cannot make it');
    expect(where(obj)).toEqual([expect.stringMatching(/^#leadership: ✋ Sam objects to D-1: Start school at 8:30\nWhy: the buses cannot make it\nMaria can withdraw it \(retract D-1 <why>\), or a lead can decide it anyway \(agree D-1\)/)]);
    const decided = await t.run('alice', 'agree D-1');
    expect(decided[0]!.text).toMatch(/Decided in Leadership · proposed by Maria · decided by Alice over an objection/);
    expect(await findDecision(t.database.db, 1, 1)).toMatchObject({ status: 'decided', overObjection: true });
  });

  it('the Object button opens a form asking why; an empty reason is asked again; the reason reaches the team', async () => {
    t = await teamBot();
    const proposed = await t.run('maria', 'decide Start school at 8:30');
    const b = button(proposed, 'Object');
    expect(b.opensForm).toBe(true);
    const form = await t.bot.action(t.invocation('sam'), b.actionId, b.value);
    expect(form).toMatchObject({ formId: 'decision.object', title: 'Object to D-1', fields: [{ id: 'reason' }] });
    expect(await t.bot.submit(t.invocation('sam'), form!.formId, form!.state, { reason: '  ' })).toEqual({ ok: false, errors: { reason: expect.stringMatching(/why/i) } });
    expect(await t.bot.submit(t.invocation('sam'), form!.formId, form!.state, { reason: 'buses' })).toEqual({ ok: true });
    expect(where(await t.flush())).toEqual([expect.stringMatching(/^#leadership: ✋ Sam objects to D-1: Start school at 8:30\nWhy: buses/)]);
  });

  it('object without a reason, agree on a retracted one: answered privately with what to type', async () => {
    t = await teamBot();
    await t.run('maria', 'decide Start school at 8:30');
    expect(where(await t.run('sam', 'object D-1'))).toEqual([expect.stringMatching(/^reply sam: `object` needs the reason[\s\S]*object D-1/)]);
    await t.run('maria', 'retract D-1 never mind');
    expect(where(await t.run('alice', 'agree D-1'))).toEqual([expect.stringMatching(/^reply alice: D-1 is retracted/)]);
  });
});

describe('decide-rule consent and majority', () => {
  it('agreements set decide-rule: consent with a window, majority; a window past a year is refused', async () => {
    t = await teamBot();
    expect((await t.run('alice', 'agreements set decide-rule consent 48h'))[0]!.text).toMatch(/Decide rule: consent 48h/);
    expect((await t.run('alice', 'agreements set decide-rule consent 400d'))[0]!.text).toMatch(/between 1h and a year/);
    expect((await t.run('alice', 'agreements set decide-rule unanimous'))[0]!.text).toMatch(/`lead`, `consent <window>` or `majority <window>`/);
    expect((await t.run('maria', 'agreements set decide-rule lead'))[0]!.text).toMatch(/Only a lead/);
    const shown = await t.run('sam', 'agreements');
    expect(shown[0]!.text).toMatch(/Decide rule: consent 48h/);
  });

  it('consent: decided as soon as every member agrees — even a lead proposes', async () => {
    t = await teamBot();
    await t.run('alice', 'agreements set decide-rule consent');
    const proposed = await t.run('alice', 'decide Adopt the new bell schedule');
    expect(proposed[0]!.text).toMatch(/^Proposal D-1[\s\S]*Decided when everyone agrees, or on .* \(24h\) if nobody objects/);
    expect(where(await t.run('maria', 'agree D-1'))).toEqual(['reply maria: You agreed to D-1. So far 2 of 3 agree.']);
    const decided = await t.run('sam', 'agree D-1');
    expect(decided[0]!.text).toMatch(/^Decision D-1\nAdopt the new bell schedule[\s\S]*proposed by Alice · 3 of 3 agreed/);
  });

  it('consent: decided when the window passes with no objection — once, though the jobs run again after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-decide-'));
    const file = join(dir, 'baton.db');
    try {
      t = await teamBot({ file });
      await t.run('alice', 'broadcast <#staff|staff>');
      await t.run('alice', 'agreements set decide-rule consent 24h');
      await t.run('maria', 'decide Adopt the new bell schedule');
      t.clock.set(t.clock.now() + 23 * HOUR);
      await t.bot.runDueJobs();
      expect(await t.flush()).toEqual([]);
      t.close();

      // Restarted a day later, on the same database: the window ended while Baton was down.
      t = testBot({ file, now: '2026-11-24T16:00:00Z' });
      expect(await t.bot.runDueJobs()).toBe(1);
      const decided = await t.flush();
      expect(where(decided)).toEqual([
        expect.stringMatching(/^#leadership: Decision D-1\nAdopt the new bell schedule[\s\S]*proposed by Maria · 1 of 3 agreed when its window closed/),
        expect.stringMatching(/^#staff: Decision D-1\nAdopt the new bell schedule/),
      ]);
      t.close();
      t = testBot({ file, now: '2026-11-24T17:00:00Z' });
      await t.bot.runDueJobs();
      expect(await t.flush()).toEqual([]);
      expect(await listDecisions(t.database.db, 1)).toEqual([expect.objectContaining({ seq: 1, status: 'decided' })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('consent: an objection holds it at the window end; the proposer can retract it', async () => {
    t = await teamBot();
    await t.run('alice', 'agreements set decide-rule consent 24h');
    await t.run('maria', 'decide Adopt the new bell schedule');
    await t.run('sam', 'object D-1 the buses');
    t.clock.set(t.clock.now() + 25 * HOUR);
    await t.bot.runDueJobs();
    expect(where(await t.flush())).toEqual([expect.stringMatching(/^#leadership: ⏳ D-1's window closed with an objection[\s\S]*retract D-1 <why>[\s\S]*agree D-1/)]);
    expect((await findDecision(t.database.db, 1, 1))!.status).toBe('proposed');
    expect(where(await t.run('sam', 'retract D-1 no'))).toEqual([expect.stringMatching(/^reply sam: Only D-1's proposer or a lead/)]);
    const withdrawn = await t.run('maria', 'retract D-1 we will revisit in spring');
    expect(where(withdrawn)).toEqual([expect.stringMatching(/^#leadership: ↩️ Proposal D-1 is withdrawn: Adopt the new bell schedule\nWhy: we will revisit in spring/)]);
  });

  it('majority: decided when more than half agree; at the window end only if agrees outnumber objections', async () => {
    t = await teamBot();
    await t.run('alice', 'agreements set decide-rule majority 48h');
    await t.run('maria', 'decide Adopt the new bell schedule');
    const decided = await t.run('sam', 'agree D-1');
    expect(decided[0]!.text).toMatch(/^Decision D-1[\s\S]*2 of 3 agreed/);
    await t.run('maria', 'decide Close on Fridays');
    await t.run('sam', 'object D-2 families need us');
    await t.run('alice', 'object D-2 no budget for it');
    t.clock.set(t.clock.now() + 49 * HOUR);
    await t.bot.runDueJobs();
    expect(where(await t.flush())).toEqual([expect.stringMatching(/^#leadership: 🗳️ D-2 was not decided: 1 agreed, 2 objected/)]);
    expect((await findDecision(t.database.db, 1, 2))!.status).toBe('rejected');
  });
});

describe('retract and replaces', () => {
  it('a retracted decision is announced as retracted in the team channel and the broadcast channel, with the reason; only a lead may', async () => {
    t = await teamBot();
    await t.run('alice', 'broadcast <#staff|staff>');
    await t.run('alice', 'decide Start school at 8:30');
    expect(where(await t.run('maria', 'retract D-1 wrong'))).toEqual([expect.stringMatching(/^reply maria: Only a lead can retract a decided decision/)]);
    const sent = await t.run('alice', 'retract D-1 the board kept 8:00');
    expect(where(sent)).toEqual([
      expect.stringMatching(/^#leadership: ↩️ Decision D-1 is retracted: Start school at 8:30\nWhy: the board kept 8:00/),
      expect.stringMatching(/^#staff: ↩️ Retracted: decision D-1 — Start school at 8:30\nWhy: the board kept 8:00/),
    ]);
    const list = await t.run('maria', 'list decisions');
    expect(list[0]!.text).toMatch(/D-1 \[retracted\] ~?Start school at 8:30/);
  });

  it('replaces D-n: the old one is superseded in list and export; the broadcast says what it replaces', async () => {
    t = await teamBot();
    await t.run('alice', 'broadcast <#staff|staff>');
    await t.run('alice', 'decide Start school at 8:30');
    const sent = await t.run('alice', 'decide replaces D-1 Start school at 8:15 because buses owner <@maria> by 2026-12-11');
    expect(where(sent)).toEqual([
      expect.stringMatching(/^#leadership: Decision D-2\nStart school at 8:15\nWhy: buses\nExecutes: @Maria\nBy: Fri, Dec 11 — in 18 days\nReplaces: D-1 \(Start school at 8:30\)/),
      expect.stringMatching(/^#staff: Decision D-2\nStart school at 8:15\nWhy: buses\nExecutes: @Maria\nBy: Fri, Dec 11\nReplaces: D-1 \(Start school at 8:30\)/),
    ]);
    const list = await t.run('sam', 'list decisions');
    expect(list[0]!.text).toMatch(/D-2 Start school at 8:15 \(why: buses\) — executes: Maria · by Fri, Dec 11 · replaces D-1/);
    expect(list[0]!.text).toMatch(/D-1 \[superseded by D-2\] Start school at 8:30/);
    const exported = await t.run('alice', 'export');
    const csv = exported.find((s) => s.destination.to === 'dm')!.message.attachments!.find((a) => a.filename.endsWith('.csv'))!.content;
    expect(csv).toMatch(/decision,D-1,superseded by D-2,Start school at 8:30/);
    // A retracted or superseded one cannot be replaced again.
    expect((await t.run('alice', 'decide Start at 9 replaces D-1'))[0]!.text).toMatch(/D-1 is superseded, so it cannot be replaced/);
    expect((await t.run('alice', 'decide Start at 9 replaces D-7'))[0]!.text).toMatch(/There is no D-7 in this team/);
  });

  it('the recap marks a superseded decision', async () => {
    t = await teamBot();
    await t.run('alice', 'decide Start school at 8:30');
    await t.run('alice', 'decide Start school at 8:15 replaces D-1');
    const recap = await t.run('alice', 'recap');
    expect(recap[0]!.text).toMatch(/D-1 \[superseded by D-2\] Start school at 8:30/);
  });
});

describe('what is never recorded as a new decision', () => {
  it('decide undo D-3 suggests retract; owner maria without @ is refused with owner @maria', async () => {
    t = await teamBot();
    await t.run('alice', 'broadcast <#staff|staff>');
    const undo = await t.run('alice', 'decide undo D-3');
    expect(where(undo)).toEqual([expect.stringMatching(/^reply alice: `decide` records a new decision[\s\S]*Try: retract D-3 <why>/)]);
    const done = await t.run('alice', 'decide done D-3');
    expect(done[0]!.text).toMatch(/Try: done D-3/);
    const owner = await t.run('alice', 'decide Move PD day owner priya by Friday');
    expect(where(owner)).toEqual([expect.stringMatching(/^reply alice: "priya" is not a mention[\s\S]*owner @priya/)]);
    expect(await listDecisions(t.database.db, 1)).toEqual([]);
  });

  it('because / owner / by / replaces are read wherever they stand', async () => {
    t = await teamBot();
    await t.run('alice', 'decide Start school at 8:30');
    await t.run('alice', 'decide owner <@maria> Start school at 8:15 by 2026-12-11 because buses replaces D-1');
    expect(await findDecision(t.database.db, 1, 2)).toMatchObject({ text: 'Start school at 8:15', rationale: 'buses', dueDate: '2026-12-11', replacesSeq: 1 });
  });
});

describe('a decision from the de-escalation flow', () => {
  it('is broadcast with its topic, without the process wording or the other party', async () => {
    t = await teamBot();
    await t.run('alice', 'broadcast <#staff|staff>');
    await t.run('sam', "disagree Next year's PD calendar with <@maria>");
    expectOk(await step(t, 'maria', 'flow.views', view('Maria')));
    expectOk(await step(t, 'sam', 'flow.views', view('Sam')));
    expectOk(await step(t, 'alice', 'flow.options', options('Sam', 'Two half days in January')));
    expectOk(await step(t, 'maria', 'flow.answer', { accept1: 'yes' }));
    expectOk(await step(t, 'sam', 'flow.answer', { accept1: 'yes' }));
    const staff = t.sent.filter((s) => s.destination.to === 'channel' && s.destination.channelId === 'staff').map((s) => s.text);
    expect(staff).toHaveLength(1);
    expect(staff[0]).toMatch(/^Decision D-1\nTwo half days in January\nAbout: Next year's PD calendar\n/);
    // Sam executes it (the facilitator named him); the other party is never named, nor the process.
    expect(staff[0]).toMatch(/Executes: @Sam/);
    expect(staff[0]).not.toMatch(/de-escalation|disagree|part(y|ies)|Maria|R-1|live with/);
  });

  it('reopened at the follow-up and decided again: the new decision replaces the first, and says so to the staff', async () => {
    t = await teamBot();
    await t.run('alice', 'broadcast <#staff|staff>');
    await t.run('sam', "disagree Next year's PD calendar with <@maria>");
    expectOk(await step(t, 'maria', 'flow.views', view('Maria')));
    expectOk(await step(t, 'sam', 'flow.views', view('Sam')));
    expectOk(await step(t, 'alice', 'flow.options', options('Sam', 'Option A')));
    expectOk(await step(t, 'maria', 'flow.answer', { accept1: 'yes' }));
    expectOk(await step(t, 'sam', 'flow.answer', { accept1: 'yes' }));
    t.clock.set(t.clock.now() + 7 * 24 * HOUR);
    await t.bot.runDueJobs();
    await t.flush();
    expectOk(await step(t, 'maria', 'flow.followup', { holds: 'no', note: 'It clashes with enrolment' }));
    expectOk(await step(t, 'alice', 'flow.options', options('Sam', 'Option B')));
    expectOk(await step(t, 'maria', 'flow.answer', { accept1: 'yes' }));
    expectOk(await step(t, 'sam', 'flow.answer', { accept1: 'yes' }));
    const staff = t.sent.filter((s) => s.destination.to === 'channel' && s.destination.channelId === 'staff').map((s) => s.text);
    expect(staff).toHaveLength(2);
    expect(staff[1]).toMatch(/^Decision D-2\nOption B\n[\s\S]*Replaces: D-1 \(Option A\)/);
    expect(await findDecision(t.database.db, 1, 1)).toMatchObject({ status: 'superseded', supersededBySeq: 2 });
  });
});

describe('help', () => {
  it('lists agree, object and retract, and explains decide with its rule and replaces', async () => {
    t = await teamBot();
    const all = (await t.run('alice', 'help'))[0]!.text;
    for (const usage of ['agree D-n', 'object D-n <why>', 'retract D-n <why>', 'done C-n|D-n [note]', 'move C-n|D-n <when>']) expect(all).toContain(usage);
    const one = (await t.run('alice', 'help decide'))[0]!.text;
    expect(one).toMatch(/^decide <text> \[because <why>\] \[owner @x\] \[by <when>\] \[replaces D-n\]/);
    expect(one).toContain('agreements set decide-rule consent 24h');
  });
});

describe('execution tracking', () => {
  it("a decision with executor and date is the executor's: mine, done D-n, move D-n (a later date is a slip), recap's due", async () => {
    t = await teamBot();
    await t.run('alice', 'decide Publish the bell schedule owner <@maria> by 2026-11-27');
    const mine = await t.run('maria', 'mine', { direct: true });
    expect(mine[0]!.text).toMatch(/Decisions you carry out\n\s*• D-1 Publish the bell schedule — executes: Maria · by Fri, Nov 27/);
    const home = plainText((await t.bot.home(t.invocation('maria'))).blocks);
    expect(home).toMatch(/Decisions I carry out\n\s*• D-1 Publish the bell schedule/);
    expect(where(await t.run('sam', 'move D-1 2026-12-04'))).toEqual([expect.stringMatching(/^reply sam: Only D-1's executor or a lead/)]);
    const moved = await t.run('maria', 'move D-1 2026-12-04');
    expect(moved[0]!.text).toMatch(/↪️ D-1 moved from Fri, Nov 27 to Fri, Dec 4: Publish the bell schedule \(slip 1\)/);
    const forward = await t.run('maria', 'move D-1 2026-11-28');
    expect(forward[0]!.text).toMatch(/⏩ D-1 brought forward .* \(not a slip\)/);
    const recap = await t.run('alice', 'recap');
    expect(recap[0]!.text).toMatch(/Decisions to carry out, due in the next 7 days or overdue\n\s*• D-1 Publish the bell schedule/);
    const done = await t.run('maria', 'done D-1 posted on the website');
    expect(done[0]!.text).toMatch(/✅ D-1 carried out: Publish the bell schedule — on time \(by Maria\) — posted on the website/);
    expect((await t.run('maria', 'done D-1'))[0]!.text).toMatch(/D-1 is already done/);
    expect(await findDecision(t.database.db, 1, 1)).toMatchObject({ slips: 1, doneNote: 'posted on the website' });
    // In the team's numbers like a commitment: one slip (the later date), one execution done on time.
    const report = (await t.run('alice', 'report'))[0]!.text;
    expect(report).toMatch(/Slips: 1\b/);
    expect((await t.run('alice', 'report slips'))[0]!.text).toMatch(/D-1 Publish the bell schedule — Maria: Fri, Nov 27 → Fri, Dec 4/);
  });

  it("the executor's weekly check-in asks about the decision like a commitment: slipping re-dates it, and the digest says D-n", async () => {
    t = await teamBot();
    await t.run('alice', 'decide Publish the bell schedule owner <@maria> by 2026-11-27');
    await t.run('alice', 'checkin now');
    const { form, outcome } = await answer(t, 'maria', { d1: 'slipping', d1_date: '2026-12-04' });
    expect(form.fields.map((f) => f.id)).toContain('d1');
    expect(form.fields.find((f) => f.id === 'd1')!.label).toMatch(/^D-1 Publish the bell schedule/);
    expect(outcome).toEqual({ ok: true });
    expect(await findDecision(t.database.db, 1, 1)).toMatchObject({ dueDate: '2026-12-04', slips: 1 });
    await answer(t, 'alice', {});
    await answer(t, 'sam', {});
    const digest = t.sent.filter((s) => s.destination.to === 'channel' && s.text.includes('Check-in digest')).at(-1)!;
    expect(digest.text).toMatch(/Maria: D-1 Publish the bell schedule — slipping, now due Fri, Dec 4/);
  });

  it('an executor outside the team gets a private message with a Done button that works, and cannot read the list', async () => {
    t = await teamBot();
    t.person('pat', 'UTC', 'Pat');
    const sent = await t.run('alice', 'decide Repaint the gym owner <@pat> by 2026-12-11');
    expect(where(sent)).toEqual([
      expect.stringMatching(/^#leadership: Decision D-1\nRepaint the gym\nExecutes: @Pat/),
      expect.stringMatching(/^dm pat: You execute Leadership's decision D-1\nRepaint the gym\nBy: Fri, Dec 11/),
    ]);
    const done = button(sent, 'Done');
    // Pat is not a member: nothing else of the team.
    expect((await t.run('pat', 'list', { direct: true }))[0]!.text).toMatch(/You aren't in a Baton team yet/);
    const mine = await t.run('pat', 'mine', { direct: true });
    expect(mine[0]!.text).toMatch(/Decisions you carry out\n\s*• Leadership: D-1 Repaint the gym/);
    // Someone else pressing Pat's button is refused (not a member, not the executor).
    t.person('eve', 'UTC', 'Eve');
    expect(where(await press('eve', done, true))).toEqual([expect.stringMatching(/^reply eve: You aren't in a Baton team yet|^reply eve: You are not a member/)]);
    const pressed = await press('pat', done, true);
    expect(where(pressed)).toEqual([
      expect.stringMatching(/^reply pat: ✅ Marked D-1 done/),
      expect.stringMatching(/^#leadership: ✅ D-1 carried out: Repaint the gym — on time \(by Pat\)/),
    ]);
    expect((await findDecision(t.database.db, 1, 1))!.doneAt).not.toBeNull();
    // Pat does not count as a member.
    expect((await t.run('alice', 'members'))[0]!.text).not.toMatch(/Pat/);
  });
});
