// The weekly check-in in Teams, end to end through the real app (BATON_TEAMS_DEV=1) and the fake
// connector, with activities as Teams sends them: `@Baton checkin now` in the channel → one
// proactive 1:1 card per member (a 1:1 opened for those who have none) with "Answer check-in"
// (task/fetch) → the dialog → task/submit → the records change → the digest in the channel when
// all answered; field errors in the dialog; the one reminder and the digest time when the clock
// moves; a late answer edits the digest (PUT); the scheduled check-in in each member's zone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBlocker } from '../../../src/db/blockers.js';
import { findCommitment, insertCommitment } from '../../../src/db/commitments.js';
import { nextSeq } from '../../../src/db/teams.js';
import type { Posted } from '../../fakes/teams-connector.js';
import { CHANNEL, type TeamsUser, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type ClockedTeamsHarness, cardOf, cardText, inputsOf, startTeams, submission, submitsOf, buttonData } from './harness.js';
import { sqlAll } from '../../support/testdb.js';

const HOUR = 3_600_000;

let h: ClockedTeamsHarness;
beforeEach(async () => {
  h = await startTeams(undefined, { clock: '2026-11-23T15:00:00Z' });
  h.fake.members.set(CHANNEL.id, [alice, maria, sam].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, userPrincipalName: `${u.name.split(' ')[0]!.toLowerCase()}@district.example` })));
  await h.send(h.acts.channelMessage(alice, 'setup District Leadership'));
});
afterEach(async () => {
  await h?.close();
});


/** The check-in cards (not reminders) in a person's 1:1 chat with Baton. */
const checkinCards = (u: TeamsUser) => h.fake.dmsTo(u.id).filter((p) => cardText(p).includes('time for the weekly check-in'));
const reminders = (u: TeamsUser) => h.fake.dmsTo(u.id).filter((p) => cardText(p).includes('A reminder,'));
const digests = () => h.fake.postsTo(CHANNEL.id).filter((p) => cardText(p).includes('Check-in digest'));

/** A button's data on a card, by the core's action id. */

/** Presses "Answer check-in" on the person's latest check-in card: Teams asks for the dialog (task/fetch). */
async function openCheckin(u: TeamsUser): Promise<any> {
  const post = checkinCards(u).at(-1)!;
  const data = buttonData(post, 'checkin.open');
  expect(data.msteams).toEqual({ type: 'task/fetch' });
  const r = await h.send(h.acts.taskFetch(u, data, { personal: true, replyToId: post.id }));
  expect(r.body.task.type, JSON.stringify(r.body)).toBe('continue');
  return r.body.task.value;
}


/** Submits a dialog (task/submit) with answers by field id; returns Teams' HTTP answer. */
async function submitDialog(u: TeamsUser, dialog: any, answers: Record<string, string>) {
  const data = submission(dialog.card.content, answers);
  return h.send(h.acts.taskSubmit(u, data, { personal: true }));
}

describe('checkin now in a Teams channel', () => {
  it('one proactive card per member, the dialog, answers update the records, the digest when all answered', async () => {
    await h.send(h.acts.channelMessage(maria, 'commit Draft the budget memo by Friday'));
    await h.send(h.acts.channelMessage(maria, 'commit Call the bus vendor by Thursday'));
    // Sam has written to Baton in a 1:1 before: his chat is reused, the others' are opened.
    await h.send(h.acts.personalMessage(sam, 'help'));
    const createdBefore = h.fake.created.length;

    const now = h.acts.channelMessage(alice, 'checkin now');
    await h.send(now);
    expect(h.fake.postsTo(CHANNEL.id).map(cardText).join('\n')).toContain('Alice Moreno started a check-in: 3 members asked privately');
    expect(h.fake.created.slice(createdBefore).map((c) => c.params.members[0].id).sort()).toEqual([alice.id, maria.id].sort());
    for (const c of h.fake.created.slice(createdBefore)) expect(c.params).toMatchObject({ isGroup: false, tenantId: expect.any(String), channelData: { tenant: { id: expect.any(String) } } });
    for (const u of [alice, maria, sam]) {
      expect(checkinCards(u), u.name).toHaveLength(1);
      const card = cardOf(checkinCards(u)[0]);
      expect(submitsOf(card).map((s) => s.title)).toEqual(['Answer check-in', 'Skip this week']);
      expect(checkinCards(u)[0]!.activity.summary).toMatch(/time for the weekly check-in/);
    }
    expect(cardText(checkinCards(maria)[0])).toContain('Hi Maria Chen — time for the weekly check-in of District Leadership');

    // Teams delivers the same command again (a re-send): nobody is asked twice.
    await h.send(now);
    for (const u of [alice, maria, sam]) expect(checkinCards(u), u.name).toHaveLength(1);

    const dialog = await openCheckin(maria);
    expect(dialog.title).toBe('Weekly check-in');
    const card = dialog.card.content;
    expect(Object.keys(inputsOf(card))).toEqual(['f_moved', 'f_c2', 'f_c2_date', 'f_c1', 'f_c1_date', 'f_blocking', 'f_decide']);
    expect(card.body.find((e: any) => e.id === 'f_c2')).toMatchObject({ type: 'Input.ChoiceSet', value: 'ontrack', choices: [{ value: 'ontrack' }, { value: 'done' }, { value: 'slipping' }] });
    expect(cardText({ activity: { attachments: [dialog.card] } } as Posted)).toContain('District Leadership · Mon, Nov 23. Every question is optional.');

    // A slipping commitment without its new date: the dialog comes back with the error under that field.
    const wrong = await submitDialog(maria, dialog, { moved: 'Budget timeline approved', c1: 'slipping' });
    expect(wrong.body.task.type).toBe('continue');
    const again = wrong.body.task.value.card.content;
    const at = again.body.findIndex((e: any) => e.id === 'f_c1_date');
    expect(JSON.stringify(again.body.slice(at + 1, at + 3))).toContain('⚠ When will C-1 be done? e.g. \\"next Friday\\".');
    expect(inputsOf(again)).toMatchObject({ f_moved: 'Budget timeline approved', f_c1: 'slipping' });
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ slips: 0, dueDate: '2026-11-27' });

    const channelBefore = h.fake.postsTo(CHANNEL.id).length;
    const ok = await submitDialog(maria, wrong.body.task.value, { moved: 'Budget timeline approved', c2: 'done', c1: 'slipping', c1_date: '2026-12-09', blocking: 'Waiting on the finance numbers', decide: 'Move the PD day?' });
    expect(ok.body).toBeUndefined(); // the dialog closes
    expect(await findCommitment(h.app.database.db, 1, 2)).toMatchObject({ status: 'done' });
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ dueDate: '2026-12-09', slips: 1 });
    expect(await findBlocker(h.app.database.db, 1, 1)).toMatchObject({ text: 'Waiting on the finance numbers' });
    const channel = h.fake.postsTo(CHANNEL.id).slice(channelBefore).map(cardText).join('\n');
    expect(channel).toContain('C-2 done: Call the bus vendor');
    expect(channel).toContain('C-1 moved from Fri, Nov 27 to Wed, Dec 9');
    expect(channel).toContain('Blocker E-1 raised by Maria Chen');
    expect(cardText(h.fake.dmsTo(maria.id).at(-1))).toContain('Thanks, Maria Chen — your check-in is in.');
    expect(digests()).toEqual([]);

    await submitDialog(alice, await openCheckin(alice), { moved: 'Hired two bus drivers' });
    await submitDialog(sam, await openCheckin(sam), {});
    expect(digests()).toHaveLength(1);
    const digest = cardText(digests()[0]);
    expect(digest).toContain('Check-in digest — District Leadership');
    expect(digest).toContain('3 of 3 answered');
    expect(digest).toContain('Maria Chen: Budget timeline approved');
    expect(digest).toContain('Move the PD day?');

    // Pressing again after answering: no dialog, a private word; nothing changes.
    const post = checkinCards(maria)[0]!;
    const r = await h.send(h.acts.taskFetch(maria, buttonData(post, 'checkin.open'), { personal: true, replyToId: post.id }));
    expect(r.body).toEqual({ task: { type: 'message', value: 'Baton answered in this chat.' } });
    expect(cardText(h.fake.dmsTo(maria.id).at(-1))).toContain('You already answered this check-in');
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ slips: 1 });

    // Nobody got the check-in twice, and each 1:1 was opened at most once.
    for (const u of [alice, maria, sam]) {
      expect(checkinCards(u), u.name).toHaveLength(1);
      expect(h.fake.created.filter((c) => c.params.members[0].id === u.id).length, u.name).toBeLessThanOrEqual(1);
    }
  });

  it('"Skip this week" (a plain button in the chat) skips it, without a reminder', async () => {
    await h.send(h.acts.channelMessage(alice, 'checkin now'));
    const post = checkinCards(sam)[0]!;
    await h.send(h.acts.cardSubmit(sam, buttonData(post, 'checkin.skip'), { personal: true, cardId: post.id }));
    expect(cardText(h.fake.dmsTo(sam.id).at(-1))).toContain('Skipped — no check-in and no reminder');
    h.clock.advance(4 * HOUR);
    await h.tick();
    expect(reminders(sam)).toEqual([]);
    expect(reminders(maria)).toHaveLength(1);
  });

  it('one reminder to those who have not answered; the digest at its time; a late answer edits it in place (PUT)', async () => {
    await h.send(h.acts.channelMessage(alice, 'checkin now'));
    await submitDialog(alice, await openCheckin(alice), { moved: 'Budget out' });
    h.clock.advance(4 * HOUR);
    await h.tick();
    expect(reminders(alice)).toEqual([]);
    expect(reminders(maria)).toHaveLength(1);
    expect(reminders(sam)).toHaveLength(1);
    expect(cardText(reminders(sam)[0])).toContain('A reminder, Sam Okafor');
    expect(submitsOf(cardOf(reminders(sam)[0])).map((s) => s.title)).toEqual(['Answer check-in', 'Skip this week']);

    h.clock.advance(4 * HOUR);
    await h.tick();
    expect(reminders(sam)).toHaveLength(1);
    expect(digests()).toHaveLength(1);
    expect(cardText(digests()[0])).toContain('1 of 3 answered');
    const digest = digests()[0]!;
    expect(digest.conversationId).toBe(CHANNEL.id);

    // Sam answers from the reminder's button.
    const reminder = reminders(sam)[0]!;
    const opened = await h.send(h.acts.taskFetch(sam, buttonData(reminder, 'checkin.open'), { personal: true, replyToId: reminder.id }));
    await submitDialog(sam, opened.body.task.value, { moved: 'Routes drafted' });
    expect(digests()).toHaveLength(1);
    const edit = h.fake.updated.at(-1)!;
    expect(edit).toMatchObject({ conversationId: CHANNEL.id, id: digest.id });
    const put = h.fake.requests.filter((r) => r.method === 'PUT').at(-1)!;
    expect(put.path).toBe(`/v3/conversations/${encodeURIComponent(CHANNEL.id)}/activities/${digest.id}`);
    expect(cardText(edit)).toContain('2 of 3 answered');
    expect(cardText(edit)).toContain('Sam Okafor: Routes drafted');

    // However often the clock ticks, nobody is asked or reminded again.
    h.clock.advance(24 * HOUR);
    await h.tick();
    for (const u of [alice, maria, sam]) {
      expect(checkinCards(u), u.name).toHaveLength(1);
      expect(reminders(u).length, u.name).toBeLessThanOrEqual(1);
    }
  });
});

describe('the response rate in Teams', () => {
  it('shows a run still being answered apart, and counts it once the digest is posted', async () => {
    await h.send(h.acts.channelMessage(alice, 'checkin now'));
    await submitDialog(alice, await openCheckin(alice), { moved: 'Budget out' });
    const rate = async () => {
      await h.send(h.acts.channelMessage(alice, 'report checkins'));
      return cardText(h.fake.dmsTo(alice.id).filter((p) => cardText(p).includes('Check-in response rate')).at(-1));
    };
    expect(await rate()).toContain('Check-in response rate: no answer window closed yet · this week: 1 of 3 so far');
    h.clock.advance(8 * HOUR);
    await h.tick();
    expect(digests()).toHaveLength(1);
    const after = await rate();
    expect(after).toContain('Check-in response rate: 33% (1 of 3)');
    expect(after).not.toContain('so far');
  });
});

describe('a member with many open commitments', () => {
  /**
   * Maria's C-1…C-30: the first through Teams, 29 more like it written straight to the database
   * (30 posts would take Teams' pacing of one conversation several seconds of real time).
   */
  async function thirtyCommitments() {
    await h.send(h.acts.channelMessage(maria, 'commit Item 1 of the facilities and transport plan for the board by Friday'));
    const { id: _id, ...like } = (await findCommitment(h.app.database.db, 1, 1))!;
    for (let i = 2; i <= 30; i++) await insertCommitment(h.app.database.db, { ...like, seq: await nextSeq(h.app.database.db, 1, 'C'), text: `Item ${i} of the facilities and transport plan for the board` });
  }

  it('the dialog stays within Teams’ card size; errors come back on the whole form; the answers record', async () => {
    await thirtyCommitments();
    await h.send(h.acts.channelMessage(alice, 'checkin now'));
    const dialog = await openCheckin(maria);
    const card = dialog.card.content;
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(24_000);
    expect(Object.keys(inputsOf(card))).toHaveLength(2 * 30 + 3);
    expect(submitsOf(card)[0].data.compact).toBe(true);

    // C-30 done, C-29 slipping without a date: the dialog comes back whole, with the error.
    const wrong = await submitDialog(maria, dialog, { c30: 'done', c29: 'slipping' });
    expect(wrong.body.task?.type, JSON.stringify(wrong.body)).toBe('continue');
    const again = wrong.body.task.value.card.content;
    expect(JSON.stringify(again.body)).toContain('⚠ When will C-29 be done?');
    expect(again.body.find((e: any) => e.id === 'f_c29').label).toMatch(/^C-29 Item 29 of the facilities/);
    expect(inputsOf(again)).toMatchObject({ f_c30: 'done', f_c29: 'slipping' });
    expect(await findCommitment(h.app.database.db, 1, 30)).toMatchObject({ status: 'open' });

    const ok = await submitDialog(maria, wrong.body.task.value, { c29_date: '2026-12-09' });
    expect(ok.body).toBeUndefined();
    expect(await findCommitment(h.app.database.db, 1, 30)).toMatchObject({ status: 'done' });
    expect(await findCommitment(h.app.database.db, 1, 29)).toMatchObject({ dueDate: '2026-12-09', slips: 1 });
    expect(cardText(h.fake.dmsTo(maria.id).at(-1))).toContain('your check-in is in');
  });

  it('after a restart (or on another instance) the open dialog still records, and a mistake brings the whole form back: it is kept in the database', async () => {
    await thirtyCommitments();
    await h.send(h.acts.channelMessage(alice, 'checkin now'));
    const dialog = await openCheckin(maria);
    await h.restart();
    const wrong = await submitDialog(maria, dialog, { c29: 'slipping' });
    expect(wrong.body.task?.type, JSON.stringify(wrong.body)).toBe('continue');
    const again = wrong.body.task.value.card.content;
    expect(JSON.stringify(again.body)).toContain('⚠ When will C-29 be done?');
    expect(again.body.find((e: any) => e.id === 'f_c29').label).toMatch(/^C-29 Item 29 of the facilities/);
    expect(await findCommitment(h.app.database.db, 1, 29)).toMatchObject({ slips: 0 });
    const ok = await submitDialog(maria, dialog, { c30: 'done', c29: 'slipping', c29_date: '2026-12-09' });
    expect(ok.body).toBeUndefined();
    expect(await findCommitment(h.app.database.db, 1, 30)).toMatchObject({ status: 'done' });
    expect(await findCommitment(h.app.database.db, 1, 29)).toMatchObject({ dueDate: '2026-12-09', slips: 1 });
  });
});

describe('the weekly check-in on Teams', () => {
  it('arrives at 08:30 in each member’s own time zone (from the time zone Teams sends with their messages)', async () => {
    // Alice (America/Chicago) set up the team; Maria (America/New_York) writes once; Sam never
    // wrote, so his zone is BATON_TIMEZONE (UTC). Set up on Monday Nov 23: the first run is Nov 30.
    await h.send(h.acts.channelMessage(maria, 'update Budget draft shared'));
    const at = async (iso: string) => {
      h.clock.set(Date.parse(iso));
      await h.tick();
      return [alice, maria, sam].filter((u) => checkinCards(u).length > 0).map((u) => u.name.split(' ')[0]);
    };
    await h.tick();
    expect(await at('2026-11-30T08:29:00Z')).toEqual([]);
    expect(await at('2026-11-30T08:30:00Z')).toEqual(['Sam']);
    expect(await at('2026-11-30T13:30:00Z')).toEqual(['Maria', 'Sam']);
    expect(await at('2026-11-30T14:30:00Z')).toEqual(['Alice', 'Maria', 'Sam']);
    expect(cardText(checkinCards(alice)[0])).toContain('week of');
    expect(await at('2026-11-30T20:00:00Z')).toEqual(['Alice', 'Maria', 'Sam']);
    for (const u of [alice, maria, sam]) expect(checkinCards(u), u.name).toHaveLength(1);
  });
});

describe('the team’s own questions, answers as records, edits (Teams)', () => {
  /** The latest card in a person's 1:1 with Baton, as text. */
  const lastDm = (u: TeamsUser) => cardText(h.fake.dmsTo(u.id).at(-1));

  it('a lead adds a question (over 150 characters and the commitments question refused); the dialog asks it; the digest shows the answer; records are made', async () => {
    await h.send(h.acts.personalMessage(alice, `checkin question add ${'y'.repeat(151)}`));
    expect(lastDm(alice)).toContain('A question can be at most 150 characters (this one has 151)');
    await h.send(h.acts.personalMessage(alice, 'checkin question move 2 1'));
    expect(lastDm(alice)).toContain('Question 2 (commitments) always stays where it is');
    for (const n of ['Second?', 'Third?', 'Fourth?', 'Fifth?', 'Sixth?', 'Seventh?']) await h.send(h.acts.personalMessage(alice, `checkin question add ${n}`));
    await h.send(h.acts.personalMessage(alice, 'checkin question add Eighth?'));
    expect(lastDm(alice)).toContain('The check-in already asks 10 questions, the most it can. Drop one first:');
    await h.send(h.acts.personalMessage(alice, 'checkin question drop 10'));
    await h.send(h.acts.personalMessage(alice, 'checkin question drop 9'));
    await h.send(h.acts.personalMessage(alice, 'checkin question drop 8'));
    await h.send(h.acts.personalMessage(alice, 'checkin question drop 7'));
    await h.send(h.acts.personalMessage(alice, 'checkin question drop 6'));
    await h.send(h.acts.personalMessage(alice, 'checkin question drop 5'));
    await h.send(h.acts.channelMessage(alice, 'checkin question add What will you finish this week?'));
    await h.send(h.acts.channelMessage(alice, 'checkin now'));
    const dialog = await openCheckin(maria);
    expect(Object.keys(inputsOf(dialog.card.content))).toEqual(['f_moved', 'f_blocking', 'f_decide', 'f_q1']);
    expect(JSON.stringify(dialog.card.content)).toContain('What will you finish this week?');
    await submitDialog(maria, dialog, { moved: 'Routes drafted', blocking: 'Waiting on IT @Sam', decide: 'PD day?', q1: 'The **memo** [x](http://evil.example)' });
    await submitDialog(alice, await openCheckin(alice), { blocking: 'Nothing to report' });
    await submitDialog(sam, await openCheckin(sam), {});
    const digest = cardText(digests()[0]);
    expect(digest).toContain('What will you finish this week?');
    expect(digest).toContain('Routes drafted (U-1)');
    expect(digest).toContain('PD day? (A-1)');
    // The person's words are literal text (a TextRun), never markdown that could link or format.
    const runs: { type: string; text: string }[] = [];
    const blocksWith: string[] = [];
    const walk = (x: any): void => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (!x || typeof x !== 'object') return;
      if (typeof x.text === 'string' && x.text.includes('evil.example')) (x.type === 'TextRun' ? runs : blocksWith).push(x.type === 'TextRun' ? x : x.type);
      for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
    };
    walk(cardOf(digests()[0]));
    expect(runs.map((r) => r.text)).toEqual(['The **memo** [x](http://evil.example)']);
    expect(blocksWith).toEqual([]);
    expect(await findBlocker(h.app.database.db, 1, 1)).toMatchObject({ text: 'Waiting on IT @Sam' });
    expect(await findBlocker(h.app.database.db, 1, 2)).toBeUndefined();
    expect((await sqlAll(h.app, 'select seq, source from agenda_items'))).toEqual([{ seq: 1, source: 'checkin' }]);
  });

  it('`checkin edit` after the digest edits it in place (PUT) and the records; after the next check-in, refused', async () => {
    await h.send(h.acts.channelMessage(alice, 'checkin now'));
    await submitDialog(maria, await openCheckin(maria), { moved: 'Routes drafted', decide: 'PD day?' });
    await submitDialog(alice, await openCheckin(alice), {});
    await submitDialog(sam, await openCheckin(sam), {});
    const digest = digests()[0]!;

    await h.send(h.acts.personalMessage(maria, 'checkin edit'));
    const offer = h.fake.dmsTo(maria.id).at(-1)!;
    expect(cardText(offer)).toContain('can be changed until the next check-in starts');
    const data = buttonData(offer, 'checkin.open');
    const opened = await h.send(h.acts.taskFetch(maria, data, { personal: true, replyToId: offer.id }));
    expect(opened.body.task.value.title).toBe('Edit your check-in');
    await submitDialog(maria, opened.body.task.value, { moved: 'Routes drafted and shared', decide: '' });
    const edit = h.fake.updated.at(-1)!;
    expect(edit).toMatchObject({ conversationId: CHANNEL.id, id: digest.id });
    expect(cardText(edit)).toContain('Routes drafted and shared (U-1)');
    expect(cardText(edit)).not.toContain('PD day?');
    expect((await sqlAll(h.app, 'select text from updates'))).toEqual([{ text: 'Routes drafted and shared' }]);
    expect((await sqlAll(h.app, 'select case when dropped_at is not null then 1 else 0 end as dropped from agenda_items'))).toEqual([{ dropped: 1 }]);

    h.clock.advance(HOUR);
    await h.send(h.acts.channelMessage(alice, 'checkin now'));
    const late = await h.send(h.acts.taskFetch(maria, data, { personal: true, replyToId: offer.id }));
    expect(late.body?.task?.type).not.toBe('continue');
    expect(lastDm(maria)).toContain('can no longer be changed: the next check-in has started');
  });
});
