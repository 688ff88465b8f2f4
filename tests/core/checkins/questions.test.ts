// The team's own check-in questions, answers as records, and edited answers, through the core as
// people use them: the questions a lead sets are asked from the next run on, each run keeps its
// own (its digest, `list checkins` and the export read right after a change); what moved is a
// U-n, a point to decide an agenda item, an empty-meaning answer nothing; an edit changes the
// records and the posted digest, never duplicates them, and stops when the next run starts.
import { afterEach, describe, expect, it } from 'vitest';
import { openAgendaItems } from '../../../src/db/agenda.js';
import { findBlocker, listBlockers } from '../../../src/db/blockers.js';
import { listUpdates } from '../../../src/db/updates.js';
import type { Button } from '../../../src/core/message.js';
import { type Sent, type TestBot, teamBot, where } from '../../support/core.js';
import { answer, channel, checkinDms, press, submit } from './helpers.js';
import { sqlGet } from '../../support/testdb.js';

let t: TestBot;
afterEach(() => t?.close());

const LONG = 'x'.repeat(151);

/** The digest as first posted (its key is the run's). */
function digests(sent: Sent[]): Sent[] {
  return channel(sent).filter((s) => /^checkin:digest:\d+:[^:]+$/.test(s.key));
}

/** The "Edit my answers" button `checkin edit` replies with. */
async function editForm(userId: string) {
  const reply = (await t.run(userId, 'checkin edit', { direct: true })).find((s) => s.destination.to === 'reply')!;
  const b = reply.message.blocks.flatMap((x) => (x.type === 'actions' ? x.buttons : [])).find((x: Button) => x.actionId === 'checkin.open');
  if (!b) throw new Error(`no edit button: ${reply.text}`);
  expect(b.label).toBe('Edit my answers');
  return { reply, form: await t.bot.action(t.invocation(userId, { direct: true }), b.actionId, b.value), value: b.value };
}

describe('checkin questions', () => {
  it('lists the default questions, numbered, to anyone; the commitments question is marked as always asked', async () => {
    t = await teamBot();
    const out = where(await t.run('sam', 'checkin questions'));
    expect(out).toEqual([
      expect.stringMatching(/^reply sam: Check-in questions of Leadership, in the order they are asked:\n {2}• 1\. What did you move forward\?\n {2}• 2\. Your open commitments: done, on track or slipping\? \(always asked\)\n {2}• 3\. Anything blocking you\?\n {2}• 4\. Anything the team should decide together\?/),
    ]);
  });

  it('a lead adds, drops and moves questions; the list reads the new order', async () => {
    t = await teamBot();
    expect(where(await t.run('alice', 'checkin question add What will you finish this week?'))).toContainEqual(expect.stringMatching(/^#leadership: ❓ Alice added a check-in question \(5\): What will you finish this week\?/));
    await t.run('alice', 'checkin question add How is student attendance in your building?');
    expect(where(await t.run('alice', 'checkin question drop 1'))).toContainEqual(expect.stringMatching(/^#leadership: Alice dropped check-in question 1: What did you move forward\?/));
    expect(where(await t.run('alice', 'checkin question move 5 1'))).toContainEqual(expect.stringMatching(/^reply alice: Moved How is student attendance in your building\? to 1\./));
    const list = where(await t.run('maria', 'checkin questions'))[0]!;
    expect(list).toMatch(/1\. How is student attendance in your building\?\n {2}• 2\. Your open commitments.*\n {2}• 3\. Anything blocking you\?\n {2}• 4\. Anything the team should decide together\?\n {2}• 5\. What will you finish this week\?/);
  });

  it('refuses privately, saying what to type: over 150 characters, an 11th question, the commitments question dropped or moved, a number not in the list, a member who is not a lead', async () => {
    t = await teamBot();
    expect(where(await t.run('alice', `checkin question add ${LONG}`))).toEqual([expect.stringMatching(/^reply alice: A question can be at most 150 characters \(this one has 151\)\. Shorten it:[\s\S]*checkin question add What will you finish this week\?/)]);
    for (let i = 1; i <= 6; i++) await t.run('alice', `checkin question add Question number ${i}?`);
    expect(where(await t.run('alice', 'checkin question add One too many?'))).toEqual([expect.stringMatching(/^reply alice: The check-in already asks 10 questions, the most it can\. Drop one first:[\s\S]*checkin question drop <n>/)]);
    expect(where(await t.run('alice', 'checkin question drop 2'))).toEqual([expect.stringMatching(/^reply alice: Question 2 \(commitments\) always stays/)]);
    expect(where(await t.run('alice', 'checkin question move 2 1'))).toEqual([expect.stringMatching(/^reply alice: Question 2 \(commitments\) always stays where it is/)]);
    expect(where(await t.run('alice', 'checkin question drop 12'))).toEqual([expect.stringMatching(/^reply alice: There is no question 12: the check-in has 10/)]);
    expect(where(await t.run('alice', 'checkin question move 3 11'))).toEqual([expect.stringMatching(/^reply alice: Position 11 is not in the list: choose 1 to 10\./)]);
    expect(where(await t.run('alice', 'checkin question drop'))).toEqual([expect.stringMatching(/^reply alice: `checkin question drop` needs the question's number/)]);
    expect(where(await t.run('maria', 'checkin question add Mine?'))).toEqual([expect.stringMatching(/^reply maria: Only a lead of Leadership can do that/)]);
    // Nothing half-written: still ten, the commitments question second.
    expect(where(await t.run('alice', 'checkin questions'))[0]).toMatch(/2\. Your open commitments[\s\S]*10\. Question number 6\?\n/);
  });
});

describe('each run keeps its questions', () => {
  it('the form asks the run’s questions; after the question is renamed and another dropped, the old run’s digest, list and export still read right', async () => {
    t = await teamBot();
    await t.run('alice', 'checkin question add What will you finish this week?');
    await t.run('alice', 'checkin now');
    const dm = checkinDms(t.sent, 'maria').at(-1)!;
    expect(dm.text).toContain('What did you move forward? · your open commitments (done, on track or slipping) · Anything blocking you? · Anything the team should decide together? · What will you finish this week?');
    const form = (await press(t, 'maria', dm, 'checkin.open'))!;
    expect(form.fields.map((f) => [f.id, f.label])).toEqual([
      ['moved', 'What did you move forward?'],
      ['blocking', 'Anything blocking you?'],
      ['decide', 'Anything the team should decide together?'],
      ['q1', 'What will you finish this week?'],
    ]);
    expect(await submit(t, 'maria', form, { q1: 'The <b>budget</b> memo', moved: 'Bus routes' })).toEqual({ ok: true });
    await answer(t, 'alice', { q1: 'Hiring plan' });
    await answer(t, 'sam', {});
    const digest = digests(await t.flush()).concat(digests(t.sent)).at(-1)!;
    expect(digest.text).toMatch(/What will you finish this week\?\n {2}• Alice: Hiring plan\n {2}• Maria: The <b>budget<\/b> memo/);
    expect(digest.text).toMatch(/What moved\n {2}• Maria: Bus routes \(U-1\)/);

    // "Renamed": the lead drops the question and adds it reworded; drops another.
    await t.run('alice', 'checkin question drop 5');
    await t.run('alice', 'checkin question add What will you finish by Friday?');
    await t.run('alice', 'checkin question drop 4');
    t.clock.set(Date.parse('2026-11-23T16:00:00Z'));
    await t.run('alice', 'checkin now');
    const second = (await press(t, 'maria', checkinDms(t.sent, 'maria').at(-1)!, 'checkin.open'))!;
    expect(second.fields.map((f) => [f.id, f.label])).toEqual([
      ['moved', 'What did you move forward?'],
      ['blocking', 'Anything blocking you?'],
      // (Ids are per run: each run reads its answers with its own questions.)
      ['q1', 'What will you finish by Friday?'],
    ]);
    // A field of a question this run does not ask is not an answer.
    expect(await submit(t, 'maria', second, { q1: 'Calendar', decide: 'ignored' })).toEqual({ ok: true });
    expect(await openAgendaItems(t.database.db, 1)).toEqual([]);

    await t.flush();
    const list = where(await t.run('sam', 'list checkins'))[0]!;
    // Newest first, each with its own questions.
    expect(list).toMatch(/Check-in of Mon, Nov 23 · 1 of 3 answered[\s\S]*What will you finish by Friday\?\n {2}• Maria: Calendar[\s\S]*Check-in of Mon, Nov 23 · 3 of 3 answered[\s\S]*For the team to decide together[\s\S]*What will you finish this week\?\n {2}• Alice: Hiring plan\n {2}• Maria: The <b>budget<\/b> memo/);
    expect(list.indexOf('What will you finish by Friday?')).toBeLessThan(list.indexOf('What will you finish this week?'));

    await t.run('alice', 'export', { direct: true });
    const file = t.sent.at(-1)!.message.attachments!;
    const csv = file.find((f) => f.filename.endsWith('.csv'))!.content;
    expect(csv).toContain('checkin answer,,,The <b>budget</b> memo,Maria,,,Maria,');
    expect(csv).toMatch(/checkin answer,,,The <b>budget<\/b> memo,Maria,[^\r\n]*,What will you finish this week\?,"Check-in of Mon, Nov 23",/);
    expect(csv).toMatch(/checkin answer,,,Calendar,Maria,[^\r\n]*,What will you finish by Friday\?,/);
    const md = file.find((f) => f.filename.endsWith('.md'))!.content;
    expect(md).toContain('## Check-in answers (');
    expect(md).toContain('| Check-in of Mon, Nov 23 | What will you finish this week? | Maria | The \\<b\\>budget\\</b\\> memo |  |');
  });
});

describe('answers are records', () => {
  it('what moved is a U-n, a point to decide an agenda item A-n (from the check-in), a blocker naming @sam names who unblocks it', async () => {
    t = await teamBot();
    await t.run('alice', 'checkin now');
    await t.flush();
    const { outcome, sent } = await answer(t, 'maria', { moved: 'Bus routes finalised', blocking: 'Waiting on IT for the laptops @sam', decide: 'Do we move the PD day?' });
    expect(outcome).toEqual({ ok: true });
    const [u] = await listUpdates(t.database.db, 1);
    expect(u).toMatchObject({ seq: 1, text: 'Bus routes finalised', platform: 'console' });
    const checkinId = ((await sqlGet(t.database, 'select id from checkins where member_id = 2')) as { id: number }).id;
    expect(await openAgendaItems(t.database.db, 1)).toEqual([expect.objectContaining({ seq: 1, text: 'Do we move the PD day?', source: 'checkin', sourceRef: String(checkinId), platform: 'console' })]);
    expect(await findBlocker(t.database.db, 1, 1)).toMatchObject({ text: 'Waiting on IT for the laptops @sam', unblockerId: 3 });
    const lines = where(sent);
    expect(lines).toContainEqual(expect.stringMatching(/^dm sam: Maria named you as the person who can unblock this in Leadership:\nE-1 Waiting on IT/));
    expect(lines).toContainEqual(expect.stringMatching(/^#leadership: 🚨 Blocker E-1 raised by Maria: Waiting on IT for the laptops @sam\nTo unblock: @Sam/));
    // The update is not posted on its own: the digest carries it.
    expect(lines.filter((l) => l.includes('U-1'))).toEqual([expect.stringMatching(/^reply maria: Thanks, Maria[\s\S]*• U-1 what you moved forward/)]);
    // It counts as an update like any other.
    expect(where(await t.run('sam', 'list updates'))[0]).toMatch(/U-1.*Bus routes finalised/);
    // …and in the recap and the export.
    expect(where(await t.run('sam', 'recap')).join('\n')).toMatch(/U-1[\s\S]*Bus routes finalised|Bus routes finalised[\s\S]*U-1/);
    await t.run('alice', 'export', { direct: true });
    expect(t.sent.at(-1)!.message.attachments!.find((f) => f.filename.endsWith('.csv'))!.content).toMatch(/\r\nupdate,U-1,,Bus routes finalised,/);
  });

  it('empty-meaning answers are empty: no update, no blocker, no agenda item, no alert to the lead', async () => {
    t = await teamBot();
    await t.run('alice', 'checkin now');
    await t.flush();
    const { sent } = await answer(t, 'maria', { moved: 'Nothing to report!', blocking: 'Nothing.', decide: 'n/a' });
    await answer(t, 'sam', { moved: '-', blocking: 'NONE', decide: '—' });
    const more = await answer(t, 'alice', { moved: ' nope ', blocking: 'No', decide: 'N/A.' });
    expect(await listUpdates(t.database.db, 1)).toEqual([]);
    expect(await listBlockers(t.database.db, 1)).toEqual([]);
    expect(await openAgendaItems(t.database.db, 1)).toEqual([]);
    const all = where([...sent, ...more.sent]);
    expect(all.filter((l) => l.startsWith('dm alice'))).toEqual([]);
    expect(all.join('\n')).not.toMatch(/🚨|E-1|U-1|A-1/);
    const digest = digests(t.sent).at(-1)!;
    expect(digest.text).toMatch(/What moved\n {2}Nothing reported\./);
    expect(digest.text).toMatch(/Blockers raised\n {2}None\./);
    expect(digest.text).toMatch(/For the team to decide together\n {2}Nothing raised\./);
  });
});

describe('editing answers', () => {
  it('before the digest: `checkin edit` opens the answers; the records change with them, none twice', async () => {
    t = await teamBot();
    await t.run('alice', 'checkin now');
    await answer(t, 'maria', { moved: 'Bus routes', blocking: 'Waiting on IT', decide: 'PD day?' });
    const { form } = await editForm('maria');
    expect(form!.title).toBe('Edit your check-in');
    expect(form!.fields.map((f) => [f.id, f.type === 'text' ? f.initial : undefined])).toEqual([['moved', 'Bus routes'], ['blocking', 'Waiting on IT'], ['decide', 'PD day?']]);
    expect(await t.bot.submit(t.invocation('maria', { direct: true }), form!.formId, form!.state, { moved: 'Bus routes finalised', blocking: 'Waiting on IT for laptops @sam', decide: 'none' })).toEqual({ ok: true });
    const sent = where(await t.flush());
    expect(sent).toContainEqual(expect.stringMatching(/^reply maria: Your check-in answers are updated, Maria\.\nRecords\n {2}• U-1 changed to your new answer\n {2}• E-1 changed to your new answer\n {2}• A-1 withdrawn \(your answer is now empty\)$/));
    expect((await listUpdates(t.database.db, 1)).map((u) => u.text)).toEqual(['Bus routes finalised']);
    // The person named in the edited answer can unblock it now; nobody is alerted a second time.
    expect((await listBlockers(t.database.db, 1)).map((b) => [b.seq, b.text, b.status, b.unblockerId])).toEqual([[1, 'Waiting on IT for laptops @sam', 'open', 3]]);
    expect(sent.filter((l) => l.startsWith('dm '))).toEqual([]);
    expect(await openAgendaItems(t.database.db, 1)).toEqual([]);
    // Answering it again from the check-in's own button finds the answers in.
    expect(await press(t, 'maria', checkinDms(t.sent, 'maria').at(-1)!, 'checkin.open')).toBeNull();
    expect(where(await t.flush())).toEqual([expect.stringMatching(/^reply maria: You already answered this check-in .*checkin edit/)]);
  });

  it('after the digest: an edit edits the posted digest (each edit its own change) and the records; after the next run started it is refused', async () => {
    t = await teamBot();
    await t.run('alice', 'checkin now');
    await answer(t, 'maria', { moved: 'Bus routes', blocking: 'Waiting on IT' });
    await answer(t, 'alice', {});
    await answer(t, 'sam', {});
    const original = digests(t.sent).at(-1)!;
    expect(original.text).toMatch(/Maria: Bus routes \(U-1\)/);

    const first = await editForm('maria');
    expect(first.reply.text).toMatch(/the posted digest and the records they made change with them/);
    await t.bot.submit(t.invocation('maria', { direct: true }), first.form!.formId, first.form!.state, { moved: 'Bus routes finalised', blocking: 'Waiting on IT', decide: 'Move the PD day?' });
    const edit1 = (await t.flush()).filter((s) => s.destination.to === 'channel');
    expect(edit1.map((s) => s.destination)).toEqual([expect.objectContaining({ replaces: original.key })]);
    expect(edit1[0]!.text).toMatch(/Maria: Bus routes finalised \(U-1\)/);
    expect(edit1[0]!.text).toMatch(/For the team to decide together\n {2}• Maria: Move the PD day\? \(A-1\)/);

    const second = await editForm('maria');
    await t.bot.submit(t.invocation('maria', { direct: true }), second.form!.formId, second.form!.state, { moved: 'Bus routes finalised', blocking: '' });
    const edit2 = (await t.flush()).filter((s) => s.destination.to === 'channel');
    expect(edit2).toHaveLength(1);
    expect(edit2[0]!.key).not.toBe(edit1[0]!.key);
    expect(edit2[0]!.text).toMatch(/Blockers raised\n {2}None\./);
    expect(await findBlocker(t.database.db, 1, 1)).toMatchObject({ status: 'dropped', dropReason: 'answer withdrawn in the check-in' });
    expect((await listUpdates(t.database.db, 1)).map((u) => u.seq)).toEqual([1]);

    // The next check-in starts: last week's answers can no longer change.
    t.clock.set(Date.parse('2026-11-24T15:00:00Z'));
    await t.run('alice', 'checkin now');
    await t.flush();
    const late = await t.bot.submit(t.invocation('maria', { direct: true }), second.form!.formId, second.form!.state, { moved: 'Too late' });
    expect(late).toEqual({ ok: true });
    expect(where(await t.flush())).toEqual([expect.stringMatching(/^reply maria: Your answers to that check-in can no longer be changed: the next check-in has started/)]);
    expect(await t.bot.action(t.invocation('maria', { direct: true }), 'checkin.open', second.value)).toBeNull();
    expect(where(await t.flush())).toEqual([expect.stringMatching(/^reply maria: Your answers to that check-in can no longer be changed/)]);
    // `checkin edit` now offers the new check-in, unanswered.
    expect(where(await t.run('maria', 'checkin edit'))).toEqual([expect.stringMatching(/^reply maria: You have not answered the check-in of Tue, Nov 24 yet\.\n\[Answer check-in\]/)]);
    expect((await listUpdates(t.database.db, 1)).map((u) => u.text)).toEqual(['Bus routes finalised']);
  });
});
