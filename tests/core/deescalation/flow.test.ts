// The de-escalation flow through the core, end to end, on a real database: from the flag to the
// follow-up, with the channel's one neutral line, private steps, time boxes and their escalation,
// reopening, withdrawal, a party leaving, and two flows at once between the same people.
import { afterEach, describe, expect, it } from 'vitest';
import { findJob, pendingJobs } from '../../../src/db/jobs.js';
import { teamBot, type TestBot, where } from '../../support/core.js';
import { TEST_ENGINE, sqlRun } from '../../support/testdb.js';
import { DAY, HOUR, buttonsOf, expectOk, lastButton, linePosts, options, press, step, submit, view } from './support.js';

let t: TestBot;
afterEach(() => t?.close());

/** alice (lead) facilitates a disagreement sam flagged with maria. */
async function flagged(cmd = 'disagree Next year\'s PD calendar with <@maria>'): Promise<void> {
  t = await teamBot();
  await t.run('sam', cmd);
}

/** Maria gives her view, Sam none; the step times out and the escalation (alice) moves it on. What was sent then. */
async function movedOnWithoutSam() {
  await flagged();
  await step(t, 'maria', 'flow.views', view('Maria'));
  t.clock.advance(48 * HOUR);
  await t.bot.runDueJobs();
  await t.flush();
  expect(await press(t, 'alice', lastButton(t, 'alice', 'flow.proceed'))).toBeNull();
  return t.flush();
}

async function bothViews(): Promise<void> {
  expectOk(await step(t, 'maria', 'flow.views', view('Maria')));
  expectOk(await step(t, 'sam', 'flow.views', view('Sam')));
}

describe('flag → views → common ground → agree → decided → follow-up → closed', () => {
  it('runs the whole flow privately, and the channel sees one neutral line, edited as it moves', async () => {
    t = await teamBot();
    const flag = await t.run('sam', "disagree Next year's PD calendar with <@maria>");
    // The channel: one neutral line. Each party: a private message with a button.
    const posted = flag.filter((s) => s.destination.to === 'channel');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toMatch(/^⚖️ A disagreement about Next year's PD calendar is being worked through; facilitator @Alice; next step by Wed, Nov 25, 15:00 UTC\.\nR-1 · private views/);
    expect(posted[0]!.key).toBe('flow:line:1:1');
    expect(posted[0]!.text).not.toMatch(/Sam|Maria/);
    expect(where(flag).filter((w) => w.startsWith('dm ')).map((w) => w.split(':')[0])).toEqual(['dm sam', 'dm maria']);
    const ask = flag.find((s) => s.destination.to === 'dm' && s.destination.userId === 'maria')!;
    expect(ask.text).toContain('Sam flagged a disagreement about Next year\'s PD calendar between you and Sam');
    expect(ask.text).toMatch(/Please answer by Wed, Nov 25, 09:00 CST/);
    expect(buttonsOf(ask)).toEqual([{ label: 'Give my view', actionId: 'flow.views', value: JSON.stringify({ teamId: 1, r: 1 }), opensForm: true, style: 'primary' }]);

    // Views, privately.
    const form = (await press(t, 'maria', lastButton(t, 'maria', 'flow.views')))!;
    expect(form.fields.map((f) => f.id)).toEqual(['issue', 'matters', 'liveWith']);
    expectOk(await submit(t, 'maria', form, view('Maria')));
    const thanks = await t.flush();
    expect(where(thanks)).toEqual(['reply maria: Thank you — your view on R-1 is in. Only you and Alice can read it.']);
    expectOk(await step(t, 'sam', 'flow.views', view('Sam')));

    // Common ground: the facilitator sees the views side by side, writes summary and options.
    const toAlice = lastButton(t, 'alice', 'flow.options');
    const cg = (await press(t, 'alice', toAlice))!;
    const sideBySide = JSON.stringify(cg.blocks);
    expect(sideBySide).toContain("Maria's issue");
    expect(sideBySide).toContain("Sam's issue");
    expect(cg.fields.map((f) => f.id)).toEqual(['summary', 'option1', 'option2', 'option3', 'executor', 'by']);
    expectOk(await step(t, 'alice', 'flow.options', options('Maria', 'Two PD days in August', 'One day in August, one in January')));

    // Agree: each party answers each option privately.
    const toMaria = t.sent.filter((s) => s.destination.to === 'dm' && s.destination.userId === 'maria').at(-1)!;
    expect(toMaria.text).toMatch(/Option 1: Two PD days in August\nOption 2: One day in August, one in January/);
    expectOk(await step(t, 'maria', 'flow.answer', { accept1: 'no', note1: 'Too early', accept2: 'yes' }));
    expect(linePosts(t).at(-1)!.text).toMatch(/agreeing on an option/);
    expectOk(await step(t, 'sam', 'flow.answer', { accept1: 'yes', accept2: 'yes', note2: 'Fine by me' }));

    // Decided: D-1, with executor and date, from R-1.
    const decision = t.sent.filter((s) => s.destination.to === 'channel' && s.text.startsWith('Decision D-1'));
    expect(decision).toHaveLength(1);
    expect(decision[0]!.text).toMatch(/Decision D-1\nOne day in August, one in January\nWhy: reached in the team's de-escalation flow: every party can live with it\nExecutes: @Maria\nBy: Mon, Dec 7\nDecided in Leadership \(from R-1\) · recorded by Alice/);
    expect(linePosts(t).at(-1)!.text).toMatch(/reached a decision: D-1; follow-up by Mon, Nov 30, 15:00 UTC/);
    expect(await pendingJobs(t.database.db, 'flow.followup')).toHaveLength(1);

    // Follow-up, after the agreed delay.
    t.clock.advance(7 * DAY);
    await t.bot.runDueJobs();
    const asked = await t.flush();
    expect(where(asked).filter((w) => w.startsWith('dm ')).map((w) => w.split(':')[0]).sort()).toEqual(['dm maria', 'dm sam']);
    expect(asked.find((s) => s.destination.to === 'dm')!.text).toMatch(/D-1: One day in August, one in January\nDoes the agreement hold for you\?/);
    expectOk(await step(t, 'maria', 'flow.followup', { holds: 'yes' }));
    expectOk(await step(t, 'sam', 'flow.followup', { holds: 'yes' }));
    expect(linePosts(t).at(-1)!.text).toMatch(/^⚖️ A disagreement about Next year's PD calendar is resolved: D-1 holds\./);

    // One line: posted once, every later version edits it.
    const lines = linePosts(t);
    expect(lines[0]!.destination).toEqual({ to: 'channel', channelId: 'leadership' });
    for (const l of lines.slice(1)) expect(l.destination).toEqual({ to: 'channel', channelId: 'leadership', replaces: 'flow:line:1:1' });
    expect((await pendingJobs(t.database.db)).filter((j) => j.key.startsWith('flow:'))).toEqual([]);
  });

  it('a "no" at the follow-up reopens the flow at common ground; the facilitator sees the earlier round', async () => {
    await flagged();
    await bothViews();
    await step(t, 'alice', 'flow.options', options('Sam', 'Option A'));
    await step(t, 'maria', 'flow.answer', { accept1: 'yes' });
    await step(t, 'sam', 'flow.answer', { accept1: 'yes' });
    t.clock.advance(7 * DAY);
    await t.bot.runDueJobs();
    await t.flush();
    expectOk(await step(t, 'maria', 'flow.followup', { holds: 'no', note: 'The August day clashes with enrolment' }));
    const out = t.sent.slice(-5);
    expect(where(out).join('\n')).toMatch(/dm sam: R-1: a party said D-1 does not hold, so it is open again at common ground/);
    expect(linePosts(t).at(-1)!.text).toMatch(/is being worked through again; facilitator @Alice/);
    const form = (await press(t, 'alice', lastButton(t, 'alice', 'flow.options')))!;
    const shown = JSON.stringify(form.blocks);
    expect(shown).toContain('Round 1');
    expect(shown).toContain('Follow-up, Maria: it does not hold (The August day clashes with enrolment)');
    expect(form.fields.find((f) => f.id === 'option1')).toMatchObject({ initial: 'Option A' });
    // Round 2 runs to a second decision.
    expectOk(await submit(t, 'alice', form, { summary: 'Round two', option1: 'Option B', executor: form.fields[4]!.type === 'select' ? form.fields[4]!.options[0]!.value : '', by: 'in 3 weeks' }));
    await t.flush();
    await step(t, 'maria', 'flow.answer', { accept1: 'yes' });
    await step(t, 'sam', 'flow.answer', { accept1: 'yes' });
    expect(t.sent.some((s) => s.destination.to === 'channel' && s.text.startsWith('Decision D-2\nOption B'))).toBe(true);
  });
});

describe('the history, as people read it', () => {
  it('says what happened in words, never the machine\'s event names', async () => {
    await movedOnWithoutSam();
    await step(t, 'alice', 'flow.options', options('Maria', 'A', 'B'));
    await step(t, 'maria', 'flow.answer', { accept1: 'yes', accept2: 'no' });
    await step(t, 'sam', 'flow.answer', { accept1: 'no', accept2: 'yes' });
    const text = (await t.run('alice', 'disagree R-1', { direct: true }))[0]!.text;
    const history = text.slice(text.indexOf('History\n') + 8).split('\n').filter((l) => l.startsWith('  • ')).map((l) => l.replace(/^ {2}• \w{3}, \w{3} \d+, \d\d:\d\d UTC — /, ''));
    expect(history).toEqual([
      'Flagged (Sam)',
      'Each party was asked privately for their view',
      'The time box for the private views ran out; it was escalated',
      'Moved on to common ground with the views given (Alice)',
      'The summary and options went to the parties (Alice)',
      'Every party answered and no option had everyone; new options are next (round 2) (Sam)',
    ]);
    expect(text).not.toMatch(/\((flag|start|proceed|timeout|view submitted|answer)\b|escalated \(timeout\)/);
  });
});

describe('decision rules', () => {
  it('consensus: when no option has everyone, the facilitator writes new options', async () => {
    await flagged();
    await bothViews();
    await step(t, 'alice', 'flow.options', options('Sam', 'A', 'B'));
    await step(t, 'maria', 'flow.answer', { accept1: 'yes', accept2: 'no' });
    await step(t, 'sam', 'flow.answer', { accept1: 'no', accept2: 'yes' });
    expect(where(t.sent.slice(-4)).join('\n')).toMatch(/dm maria: R-1: no option had every party yet/);
    expect(lastButton(t, 'alice', 'flow.options')).toBeTruthy();
    expect(t.sent.some((s) => s.text.startsWith('Decision'))).toBe(false);
  });

  it('lead-decides-after-input: the facilitator decides once every answer is in', async () => {
    t = await teamBot();
    await t.run('alice', 'agreements set rule lead-decides-after-input');
    await t.run('sam', 'disagree Budget split with <@maria>');
    await bothViews();
    await step(t, 'alice', 'flow.options', options('Maria', 'Split 60/40', 'Split 50/50'));
    await step(t, 'maria', 'flow.answer', { accept1: 'yes', accept2: 'no' });
    // Before every answer is in, the facilitator cannot decide.
    const early = await press(t, 'alice', { label: 'Decide', actionId: 'flow.decide', value: JSON.stringify({ teamId: 1, r: 1 }), opensForm: true });
    expect(early).toBeNull();
    expect((await t.flush())[0]!.text).toMatch(/you decide once every party has answered/);
    await step(t, 'sam', 'flow.answer', { accept1: 'no', note1: 'Not fair to Sam', accept2: 'yes' });
    const form = (await press(t, 'alice', lastButton(t, 'alice', 'flow.decide')))!;
    expect(JSON.stringify(form.blocks)).toContain('1 of 2 can live with it');
    expect(JSON.stringify(form.blocks)).toContain('Sam: not yet (Not fair to Sam)');
    expectOk(await submit(t, 'alice', form, { option: '2', reason: 'Equal shares this year' }));
    const sent = await t.flush();
    expect(sent.find((s) => s.text.startsWith('Decision D-1'))!.text).toMatch(/Split 50\/50\nWhy: Equal shares this year — reached in the team's de-escalation flow: Alice decided after the parties' input/);
  });

  it('majority among three parties', async () => {
    t = await teamBot();
    t.person('zoe', 'UTC', 'Zoe');
    await t.run('alice', 'members add <@zoe>');
    await t.run('alice', 'agreements set rule majority');
    await t.run('sam', 'disagree Bus routes with <@maria> <@zoe>');
    for (const p of ['maria', 'sam', 'zoe']) await step(t, p, 'flow.views', view(p));
    await step(t, 'alice', 'flow.options', options('Zoe', 'North loop first'));
    await step(t, 'maria', 'flow.answer', { accept1: 'yes' });
    await step(t, 'sam', 'flow.answer', { accept1: 'no' });
    await step(t, 'zoe', 'flow.answer', { accept1: 'yes' });
    expect(t.sent.find((s) => s.text.startsWith('Decision D-1'))!.text).toContain('most of the parties can live with it');
  });
});

describe('time boxes', () => {
  it('a step running out escalates to the lead, the line says so, and late answers still work', async () => {
    await flagged();
    await step(t, 'maria', 'flow.views', view('Maria'));
    t.clock.advance(48 * HOUR);
    expect(await t.bot.runDueJobs()).toBe(1);
    const sent = await t.flush();
    const esc = sent.find((s) => s.destination.to === 'dm' && s.destination.userId === 'alice')!;
    expect(esc.text).toMatch(/R-1: a time box ran out\nThe disagreement about Next year's PD calendar is stuck at the private views.*Waiting on: Sam\./s);
    expect(esc.text).not.toContain("Maria's issue");
    expect(buttonsOf(esc).map((b) => b.actionId)).toEqual(['flow.proceed', 'flow.nudge']);
    expect(linePosts(t).at(-1)!.text).toMatch(/the time box for the private views ran out, so it went to @Alice/);
    // Sam's late view still counts, and moves the flow on.
    expectOk(await step(t, 'sam', 'flow.views', view('Sam')));
    expect(linePosts(t).at(-1)!.text).toMatch(/common ground/);
  });

  it('the escalation can move a stalled views step on with the views given', async () => {
    await movedOnWithoutSam();
    const form = (await press(t, 'alice', lastButton(t, 'alice', 'flow.options')))!;
    expect(JSON.stringify(form.blocks)).toContain('(no view given)');
  });

  it('after moving on with the views given, the facilitator is told who gave one and who did not', async () => {
    const ask = (await movedOnWithoutSam()).find((s) => s.destination.to === 'dm' && s.destination.userId === 'alice')!;
    expect(ask.text).toMatch(/The views on Next year's PD calendar: Maria gave one; Sam did not, and the step moved on without it\./);
    expect(ask.text).not.toMatch(/from Sam and Maria|1 of 2/);
  });

  it('a disagreement reopened at common ground lets a party who never gave a view give one now', async () => {
    await movedOnWithoutSam();
    await step(t, 'alice', 'flow.options', options('Maria', 'A'));
    await step(t, 'maria', 'flow.answer', { accept1: 'yes' });
    const before = t.sent.length;
    await step(t, 'sam', 'flow.answer', { accept1: 'no' });
    // Round 2: Sam, who gave no view, is asked for one; Maria, who did, is not asked again.
    const asked = t.sent.slice(before).filter((s) => s.text.includes('your view'));
    expect(where(asked).map((w) => w.split(':')[0])).toEqual(['dm sam']);
    expect(asked[0]!.text).toMatch(/R-1 about Next year's PD calendar is open again\. You have not given your view yet: you can give it now/);
    expectOk(await step(t, 'sam', 'flow.views', view('Sam')));
    const cg = (await press(t, 'alice', lastButton(t, 'alice', 'flow.options')))!;
    expect(JSON.stringify(cg.blocks)).toContain("Sam's issue");
    // Maria's view is in already: her old button does not reopen the views step for her.
    await press(t, 'maria', lastButton(t, 'maria', 'flow.views'));
    expect((await t.flush()).map((s) => s.text).join('\n')).toMatch(/R-1 has moved on/);
  });

  it('when the lead is a party, it escalates to another lead (or the named contact)', async () => {
    t = await teamBot();
    t.person('bea', 'UTC', 'Bea');
    await t.run('alice', 'members add <@bea>');
    await t.run('alice', 'role <@bea> lead');
    await t.run('alice', 'disagree Staffing with <@maria>');
    await t.flush();
    // Bea, the other lead, facilitates; a stalled step goes to her too.
    expect(linePosts(t)[0]!.text).toContain('facilitator @Bea');
    t.clock.advance(48 * HOUR);
    await t.bot.runDueJobs();
    const sent = await t.flush();
    expect(where(sent).some((w) => w.startsWith('dm bea: ⏰ R-1'))).toBe(true);
    expect(where(sent).some((w) => w.startsWith('dm alice: ⏰'))).toBe(false);
  });

  it('a named escalation contact gets the stalled step; they can take over the facilitation', async () => {
    t = await teamBot();
    t.person('ed', 'UTC', 'Ed');
    await t.run('alice', 'members add <@ed>');
    await t.run('alice', 'agreements set escalation <@ed>');
    await t.run('sam', 'disagree Rooms with <@maria>');
    await bothViews();
    t.clock.advance(48 * HOUR);
    await t.bot.runDueJobs();
    await t.flush();
    const take = lastButton(t, 'ed', 'flow.takeover');
    const form = (await press(t, 'ed', take))!;
    expect(form.formId).toBe('flow.options');
    const told = await t.flush();
    expect(where(told).filter((w) => /facilitates from now on/.test(w)).map((w) => w.split(':')[0]).sort()).toEqual(['dm ed', 'dm maria', 'dm sam']);
    expect(linePosts(t).at(-1)!.text).toMatch(/facilitator @Ed; next step by/);
    expectOk(await submit(t, 'ed', form, options('Sam', 'Room 4')(form)));
  });

  it('a flow flagged before the people were frozen with it escalates by the `lead` rule, whatever the agreements say now', async () => {
    t = await teamBot();
    t.person('bea', 'UTC', 'Bea');
    await t.run('alice', 'members add <@bea>');
    await t.run('alice', 'role <@bea> lead');
    await t.run('sam', 'disagree Rooms with <@maria>');
    // As a row written by an earlier Baton: the rule and durations only.
    await sqlRun(t.database, TEST_ENGINE === 'postgres' ? "UPDATE disagreements SET terms = terms - 'facilitator' - 'escalation'" : "UPDATE disagreements SET terms = json_remove(terms, '$.facilitator', '$.escalation')");
    await t.run('alice', 'agreements set escalation <@bea>');
    t.clock.advance(48 * HOUR);
    await t.bot.runDueJobs();
    const sent = await t.flush();
    expect(where(sent).filter((w) => w.includes('⏰')).map((w) => w.split(':')[0])).toEqual(['dm alice']);
  });

  it('a stalled step never escalates to the person it waits on: the next lead gets it, else the facilitator is only reminded', async () => {
    // One lead, default agreements: the lead facilitates and is the escalation contact.
    await flagged();
    await bothViews();
    t.clock.advance(48 * HOUR);
    await t.bot.runDueJobs();
    const sent = await t.flush();
    const toAlice = sent.filter((s) => s.destination.to === 'dm' && s.destination.userId === 'alice');
    expect(toAlice.map((s) => s.text).join('\n')).not.toMatch(/a stalled step comes to you|Waiting on: Alice/);
    expect(toAlice.map((s) => s.text).join('\n')).toMatch(/R-1: the time for common ground \(summary and options\) is over, and it waits on you\. Your agreements name nobody else to take it/);
    expect(linePosts(t).at(-1)!.text).toMatch(/the time box for common ground \(summary and options\) ran out; it waits on the facilitator, and nobody else is named to take it\./);
    expect(linePosts(t).at(-1)!.text).not.toMatch(/so it went to/);

    // With a second lead, the stalled common ground goes to her, not back to the facilitator.
    t.close();
    t = await teamBot();
    t.person('bea', 'UTC', 'Bea');
    await t.run('alice', 'members add <@bea>');
    await t.run('alice', 'role <@bea> lead');
    await t.run('sam', 'disagree Rooms with <@maria>');
    await bothViews();
    t.clock.advance(48 * HOUR);
    await t.bot.runDueJobs();
    const again = await t.flush();
    expect(where(again).filter((w) => w.includes('⏰')).map((w) => w.split(':')[0])).toEqual(['dm bea']);
    expect(lastButton(t, 'bea', 'flow.takeover')).toBeTruthy();
  });

  it('`agreements` says when the facilitator and the escalation contact are the same person', async () => {
    t = await teamBot();
    expect((await t.run('sam', 'agreements'))[0]!.text).toMatch(/The facilitator and the escalation contact are the same person \(Alice\)/);
    t.person('ed', 'UTC', 'Ed');
    await t.run('alice', 'members add <@ed>');
    await t.run('alice', 'agreements set escalation <@ed>');
    expect((await t.run('sam', 'agreements'))[0]!.text).not.toMatch(/same person/);
  });

  it('the escalation can nudge the people a step waits on, privately, once per step each', async () => {
    t = await teamBot();
    t.person('zoe', 'UTC', 'Zoe');
    await t.run('alice', 'members add <@zoe>');
    await t.run('sam', 'disagree Rooms with <@maria> <@zoe>');
    await step(t, 'maria', 'flow.views', view('Maria'));
    t.clock.advance(48 * HOUR);
    await t.bot.runDueJobs();
    const esc = (await t.flush()).find((s) => s.destination.to === 'dm' && s.destination.userId === 'alice')!;
    expect(esc.text).toMatch(/Waiting on: Sam and Zoe\./);
    expect(buttonsOf(esc).map((b) => [b.actionId, b.label])).toEqual([
      ['flow.proceed', 'Move on with the views given'],
      ['flow.nudge', 'Nudge them'],
    ]);
    const nudge = buttonsOf(esc).find((b) => b.actionId === 'flow.nudge')!;
    expect(await press(t, 'alice', nudge)).toBeNull();
    const nudged = await t.flush();
    expect(where(nudged)).toEqual([
      'reply alice: Sam and Zoe were nudged privately.',
      expect.stringMatching(/^dm sam: ⏰ R-1: a reminder\nRooms is waiting for your view\. The time your team agreed for this step is over/),
      expect.stringMatching(/^dm zoe: ⏰ R-1: a reminder/),
    ]);
    expect(buttonsOf(nudged[1]!).map((b) => b.actionId)).toEqual(['flow.views']);
    expect(nudged.some((s) => s.destination.to === 'channel')).toBe(false);
    // Once per step per person: pressing again nudges nobody; a view given in between is not nudged.
    await step(t, 'zoe', 'flow.views', view('Zoe'));
    await press(t, 'alice', nudge);
    expect(where(await t.flush())).toEqual(['reply alice: Sam was already nudged at this step. Nobody else is waited on.']);
    // Nobody else may nudge.
    await press(t, 'maria', nudge);
    expect(where(await t.flush())).toEqual([expect.stringMatching(/^reply maria: Only whoever R-1 was escalated to, or its facilitator, can nudge/)]);
  });

  it('each time box runs out once; timers survive a restart (they are rows, not memory)', async () => {
    await flagged();
    const job = (await findJob(t.database.db, 'flow:1:timeout:views:1'))!;
    expect(job).toMatchObject({ kind: 'flow.timeout', status: 'pending', dueAt: Date.parse('2026-11-25T15:00:00Z') });
    t.clock.advance(48 * HOUR);
    expect(await t.bot.runDueJobs()).toBe(1);
    expect(await t.bot.runDueJobs()).toBe(0);
  });

  it('a cool-down delays the views', async () => {
    t = await teamBot();
    await t.run('alice', 'agreements set cooldown 1d');
    const sent = await t.run('sam', 'disagree Parking with <@maria>');
    expect(where(sent).filter((w) => w.startsWith('dm')).join('\n')).toMatch(/cool-down first\. Baton will ask for the views on Tue, Nov 24/);
    expect(sent.flatMap(buttonsOf)).toEqual([]);
    t.clock.advance(DAY);
    await t.bot.runDueJobs();
    await t.flush();
    expect(lastButton(t, 'maria', 'flow.views')).toBeTruthy();
  });
});

describe('ending cleanly', () => {
  it('a withdrawal ends the flow, cancels its timers, tells everyone and updates the line', async () => {
    await flagged();
    const sent = await t.run('maria', 'disagree withdraw R-1');
    expect(where(sent)).toEqual(
      expect.arrayContaining([
        'dm sam: R-1 about Next year\'s PD calendar was withdrawn by Maria. Nothing more is asked of you.',
        'dm alice: R-1 about Next year\'s PD calendar was withdrawn by Maria. Nothing more is asked of you.',
        'reply maria: R-1 is withdrawn. Everyone in it has been told privately.',
      ]),
    );
    expect(linePosts(t).at(-1)!.text).toMatch(/was withdrawn\./);
    expect((await pendingJobs(t.database.db)).filter((j) => j.key.startsWith('flow:'))).toEqual([]);
    // A late view is refused, privately.
    const late = await press(t, 'sam', lastButton(t, 'sam', 'flow.views'));
    expect(late).toBeNull();
    expect((await t.flush())[0]!.text).toMatch(/R-1 has moved on: it is now at withdrawn/);
  });

  it('only a party, the facilitator or a lead may withdraw', async () => {
    t = await teamBot();
    t.person('zoe', 'UTC', 'Zoe');
    await t.run('alice', 'members add <@zoe>');
    await t.run('sam', 'disagree Parking with <@maria>');
    expect((await t.run('zoe', 'disagree withdraw R-1'))[0]!.text).toMatch(/Only a party to R-1, its facilitator or a lead can withdraw it/);
  });

  it('a party leaving the team ends the flow cleanly', async () => {
    await flagged();
    await t.bot.memberLeft(t.invocation('maria'));
    const sent = await t.flush();
    expect(where(sent)).toEqual(
      expect.arrayContaining(["dm sam: R-1 about Next year's PD calendar has ended: Maria left the team. Nothing more is asked of you.", expect.stringMatching(/^#leadership: ⚖️ A disagreement about Next year's PD calendar has ended: a party left the team\./)]),
    );
    expect((await pendingJobs(t.database.db)).filter((j) => j.key.startsWith('flow:'))).toEqual([]);
  });

  it('a lead removing a party ends the flow the same way', async () => {
    await flagged();
    await t.run('alice', 'members remove <@maria>');
    expect(linePosts(t).at(-1)!.text).toMatch(/has ended: a party left the team\./);
    expect(where(t.sent.slice(-4)).join('\n')).toMatch(/dm sam: R-1 about Next year's PD calendar has ended: Maria left the team/);
  });

  it('the facilitator leaving hands the flow to another neutral lead, or ends it when there is none', async () => {
    t = await teamBot();
    t.person('bea', 'UTC', 'Bea');
    await t.run('alice', 'members add <@bea>');
    await t.run('alice', 'role <@bea> lead');
    await t.run('sam', 'disagree Rooms with <@maria>');
    await t.bot.memberLeft(t.invocation('alice'));
    await t.flush();
    expect(linePosts(t).at(-1)!.text).toContain('facilitator @Bea');
    await t.bot.memberLeft(t.invocation('bea'));
    await t.flush();
    expect(linePosts(t).at(-1)!.text).toMatch(/has ended: its facilitator left and nobody neutral is left to take over/);
  });
});

describe('two disagreements at once between the same people', () => {
  it('run independently: answers, timers and lines never mix', async () => {
    t = await teamBot();
    await t.run('sam', 'disagree Calendar with <@maria>');
    await t.run('maria', 'disagree Budget with <@sam>');
    const values = t.sent.filter((s) => s.destination.to === 'dm' && s.destination.userId === 'maria').flatMap(buttonsOf).map((b) => b.value);
    expect(values).toEqual([JSON.stringify({ teamId: 1, r: 1 }), JSON.stringify({ teamId: 1, r: 2 })]);
    // Both give views on R-2 only.
    const r2 = { label: 'Give my view', actionId: 'flow.views', value: JSON.stringify({ teamId: 1, r: 2 }) };
    for (const p of ['maria', 'sam']) expectOk(await submit(t, p, (await press(t, p, r2))!, view(p)));
    await t.flush();
    const lines = linePosts(t);
    expect(lines.filter((l) => l.destination.to === 'channel' && l.destination.replaces === 'flow:line:1:2').at(-1)!.text).toMatch(/Budget.*\nR-2 · common ground/);
    expect(lines.filter((l) => l.destination.to === 'channel' && l.destination.replaces === 'flow:line:1:1')).toEqual([]);
    // R-1's time box runs out; R-2's common ground does not.
    t.clock.advance(48 * HOUR);
    expect(await t.bot.runDueJobs()).toBe(2);
    const sent = await t.flush();
    expect(sent.filter((s) => s.text.includes('⏰')).map((s) => s.text.split('\n')[0])).toEqual(['⏰ R-1: a time box ran out', '⏰ R-2: a time box ran out']);
    expect(JSON.stringify(sent.find((s) => s.text.startsWith('⏰ R-2'))!.message)).toContain('common ground');
  });
});

describe('stale and tampered-with input', () => {
  it('a form from an earlier round, or for another step, records nothing', async () => {
    await flagged();
    const viewsForm = (await press(t, 'maria', lastButton(t, 'maria', 'flow.views')))!;
    await bothViews();
    // The views step is over: the old form is refused, privately.
    expect(await submit(t, 'maria', viewsForm, view('Maria again'))).toEqual({ ok: true });
    expect((await t.flush()).map((s) => s.text)).toEqual([expect.stringMatching(/^R-1 has moved on: it is now at common ground\. Nothing was recorded\./)]);
    // A state naming another team, or nonsense, is refused too.
    expect(await submit(t, 'maria', { ...viewsForm, state: JSON.stringify({ teamId: 99, r: 1, step: 'views', round: 1 }) }, view('x'))).toEqual({ ok: true });
    expect(await submit(t, 'maria', { ...viewsForm, state: '{"teamId":1,"r":"1"}' }, view('x'))).toEqual({ ok: true });
    const refusals = await t.flush();
    expect(refusals).toHaveLength(2);
    for (const r of refusals) expect(r.destination).toMatchObject({ to: 'reply', userId: 'maria' });
  });

  it('missing answers come back as field errors, and nothing is recorded', async () => {
    await flagged();
    const form = (await press(t, 'maria', lastButton(t, 'maria', 'flow.views')))!;
    expect(await submit(t, 'maria', form, { issue: 'x', matters: ' ', liveWith: 'y'.repeat(1001) })).toEqual({
      ok: false,
      errors: { matters: 'Please write something here.', liveWith: 'At most 1,000 characters.' },
    });
    const cgBefore = t.sent.length;
    expectOk(await submit(t, 'maria', form, view('Maria')));
    await t.flush();
    expect(t.sent.slice(cgBefore).some((s) => s.destination.to === 'dm' && s.destination.userId === 'alice')).toBe(false);
  });

  it('parses the disagree subcommands', async () => {
    const { parseCommand } = await import('../../../src/core/language/commands.js');
    expect(parseCommand('disagree')).toMatchObject({ ok: true, command: { name: 'disagree', sub: 'list' } });
    expect(parseCommand('disagree list')).toMatchObject({ ok: true, command: { sub: 'list' } });
    expect(parseCommand('disagree R-3')).toMatchObject({ ok: true, command: { sub: 'show', seq: 3 } });
    expect(parseCommand('disagree withdraw r3')).toMatchObject({ ok: true, command: { sub: 'withdraw', seq: 3 } });
    expect(parseCommand('disagree withdraw')).toMatchObject({ ok: false, error: '`disagree withdraw` needs the id of a disagreement (R-n).' });
    expect(parseCommand('disagree withdraw C-2')).toMatchObject({ ok: false });
    expect(parseCommand('disagree list of priorities with <@maria>')).toMatchObject({ ok: true, command: { topic: 'list of priorities', partyIds: ['maria'] } });
  });
});

describe('starting: what is refused, and the reaction', () => {
  it('without anyone named, asks who the disagreement is with', async () => {
    t = await teamBot();
    const [r] = await t.run('sam', 'disagree PD calendar');
    expect(r!.text).toMatch(/Name who you disagree with, so Baton can ask each of you privately:\nTry: disagree PD calendar with @someone/);
  });

  it('with oneself only, or someone outside the team, is refused', async () => {
    t = await teamBot();
    expect((await t.run('sam', 'disagree X with <@sam>'))[0]!.text).toMatch(/between you and someone else/);
    expect((await t.run('sam', 'disagree X with <@stranger>'))[0]!.text).toMatch(/stranger is not a member of Leadership/);
  });

  it('when every lead is a party and nobody else is named, nobody neutral can facilitate', async () => {
    t = await teamBot();
    const [r] = await t.run('maria', 'disagree Budget with <@alice>');
    expect(r!.text).toMatch(/Every lead of the team is a party to this.*\nTry: agreements set facilitator @someone/s);
    await t.run('alice', 'agreements set facilitator <@sam>');
    const ok = await t.run('maria', 'disagree Budget with <@alice>');
    expect(linePosts(t)[0]!.text).toContain('facilitator @Sam');
    expect(ok.some((s) => s.destination.to === 'dm' && s.destination.userId === 'alice')).toBe(true);
  });

  it('the disagreement reaction asks the reactor privately to name a neutral topic; then the flow starts, its line at the top level', async () => {
    t = await teamBot();
    const source = { messageId: '1700.1', channelId: 'leadership', authorId: 'maria', text: 'We should cut the PD budget', url: 'https://chat/1700.1' };
    await t.bot.reacted({ ...t.invocation('sam'), dedupeKey: 'ev1' }, 'scales', source);
    const asked = await t.flush();
    // Nothing identifying is posted yet: only Sam hears, privately.
    expect(where(asked)).toEqual([expect.stringMatching(/^dm sam: ⚖️ Start the de-escalation flow\?\nYou reacted to a message of Maria's: “We should cut the PD budget”\.\nName the topic neutrally/)]);
    const form = (await press(t, 'sam', lastButton(t, 'sam', 'flow.topic')))!;
    expect(form.fields.map((f) => f.id)).toEqual(['topic']);
    expect(await submit(t, 'sam', form, { topic: ' ' })).toEqual({ ok: false, errors: { topic: "Name the topic, e.g. Next year's PD calendar." } });
    expectOk(await submit(t, 'sam', form, { topic: 'PD budget' }));
    const sent = await t.flush();
    const line = sent.find((s) => s.destination.to === 'channel')!;
    expect(line.destination).toEqual({ to: 'channel', channelId: 'leadership' });
    expect(line.text).toMatch(/^⚖️ A disagreement about PD budget is being worked through; facilitator @Alice/);
    expect(line.text).not.toMatch(/cut the PD budget|Maria|Sam/);
    expect(where(sent).filter((w) => w.startsWith('dm')).map((w) => w.split(':')[0])).toEqual(['dm sam', 'dm maria']);
    // The form again starts nothing more; the same reaction again finds the first flow; a reaction on one's own message is refused.
    await submit(t, 'sam', form, { topic: 'PD budget' });
    expect((await t.flush()).map((s) => s.text)).toEqual([expect.stringMatching(/^That flag has lapsed or was already started/)]);
    await t.bot.reacted({ ...t.invocation('sam'), dedupeKey: 'ev2' }, 'scales', source);
    expect((await t.flush())[0]!.text).toBe('That message is already being worked through as R-1.');
    await t.bot.reacted({ ...t.invocation('maria'), dedupeKey: 'ev3' }, 'scales', { messageId: '1700.2', channelId: 'leadership', authorId: 'maria', text: 'Mine' });
    expect((await t.flush())[0]!.text).toMatch(/That is your own message/);
  });

  it('a reacted flag nobody names lapses after the time box: nothing is started, the reactor is told; nobody else can name it', async () => {
    t = await teamBot();
    await t.bot.reacted({ ...t.invocation('sam'), dedupeKey: 'ev1' }, 'scales', { messageId: '1700.1', channelId: 'leadership', authorId: 'maria', text: 'We should cut the PD budget' });
    await t.flush();
    const button = lastButton(t, 'sam', 'flow.topic');
    expect(await press(t, 'maria', button)).toBeNull();
    expect((await t.flush()).map((s) => s.text)).toEqual([expect.stringMatching(/^That flag has lapsed or was already started/)]);
    t.clock.advance(48 * HOUR);
    await t.bot.runDueJobs();
    expect(where(await t.flush())).toEqual([expect.stringMatching(/^dm sam: Nothing was started: no topic was named for the disagreement you flagged with a reaction \(on “We should cut the PD budget”\)\./)]);
    expect(await press(t, 'sam', button)).toBeNull();
    await t.flush();
    expect(linePosts(t)).toEqual([]);
  });
});
