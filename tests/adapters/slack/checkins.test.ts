// The weekly check-in in Slack, end to end through the real app and the fake Web API:
// `/baton checkin now` → a DM to each member with a button → the button opens a modal
// (views.open with the press's trigger) → the submitted modal updates the records → the digest
// is posted in the channel; the one reminder; the scheduled check-in at each member's local time;
// a late answer edits the digest; after a crash, a DM that reached Slack is not sent again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBlocker } from '../../../src/db/blockers.js';
import { findCommitment } from '../../../src/db/commitments.js';
import type { SlackCall } from '../../fakes/slack-api.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';
import { sqlAll, sqlGet, sqlRun } from '../../support/testdb.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
});
afterEach(async () => {
  await h?.close();
});

type Person = { id: string; name: string };

/** Check-in DMs (not reminders) posted to a person: chat.postMessage to their user id. */
const checkinPosts = (p: Person) => h.fake.posts(p.id).filter((c) => c.args.metadata?.event_payload?.key?.startsWith('checkin:send:'));
const reminderPosts = (p: Person) => h.fake.posts(p.id).filter((c) => c.args.metadata?.event_payload?.key?.startsWith('checkin:remind:'));

function button(post: SlackCall, coreAction: string): { action_id: string; value: string } {
  for (const b of post.args.blocks ?? []) {
    for (const e of b.elements ?? []) if (typeof e.action_id === 'string' && e.action_id.endsWith(`:${coreAction}`)) return e;
  }
  throw new Error(`no ${coreAction} button in ${JSON.stringify(post.args.blocks)}`);
}

/** Presses "Answer check-in" in the person's DM; returns the modal Baton opened. */
async function openCheckin(p: Person): Promise<Record<string, any>> {
  const post = checkinPosts(p).at(-1)!;
  const b = button(post, 'checkin.open');
  const ts = h.fake.dm(p.id).at(-1)!.ts;
  const trigger = `${Date.now()}.99.${p.id}`;
  const press = await h.slack.buttonPress({ user: p, channel: { id: `D${p.id}`, name: 'directmessage' }, messageTs: ts, actionId: b.action_id, value: b.value, responseUrl: h.fake.responseUrl(), triggerId: trigger });
  expect(press.status).toBe(200);
  await h.settle();
  const open = h.fake.to('views.open').at(-1)!;
  expect(open.args.trigger_id).toBe(trigger);
  return { ...open.args.view, id: `V${p.id}`, hash: 'h1' };
}

/** Submits the modal with answers by field id (selects by value). */
async function submitCheckin(p: Person, view: Record<string, any>, answers: Record<string, string>) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks as { type: string; block_id?: string; element?: { type: string } }[]) {
    if (block.type !== 'input' || !block.block_id) continue;
    const v = answers[block.block_id];
    values[block.block_id] = {
      [block.block_id]: block.element?.type === 'static_select' ? { type: 'static_select', selected_option: v ? { value: v } : null } : { type: 'plain_text_input', value: v ?? null },
    };
  }
  const r = await h.slack.viewSubmission({ user: p, view, values });
  await h.settle();
  return r;
}

const digests = () => h.fake.posts(LEADERSHIP.id).filter((c) => String(c.args.metadata?.event_payload?.key ?? '').match(/^checkin:digest:\d+:[^:]+$/));

describe('checkin now, answered in a modal', () => {
  it('DMs each member, the button opens the modal, answers update the records, the digest is posted when all answered', async () => {
    await h.run(MARIA, 'commit Draft the budget memo by Friday');
    await h.run(MARIA, 'commit Call the bus vendor by Thursday');
    const started = await h.run(ALICE, 'checkin now');
    expect(textOf(started.calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id)!.args)).toContain('Alice started a check-in: 3 members asked privately');
    for (const p of [ALICE, MARIA, SAM]) {
      expect(checkinPosts(p)).toHaveLength(1);
      expect(h.fake.dm(p.id)).toHaveLength(1);
    }
    expect(textOf(checkinPosts(MARIA)[0]!.args)).toContain('Hi Maria — time for the weekly check-in of District Leadership');

    const view = await openCheckin(MARIA);
    expect(view.title.text).toBe('Weekly check-in');
    expect(view.blocks.filter((b: { type: string }) => b.type === 'input').map((b: { block_id: string }) => b.block_id)).toEqual(['moved', 'c2', 'c2_date', 'c1', 'c1_date', 'blocking', 'decide']);
    const select = view.blocks.find((b: { block_id?: string }) => b.block_id === 'c2');
    expect(select.element.initial_option.value).toBe('ontrack');

    const since = h.mark();
    const r = await submitCheckin(MARIA, view, { moved: 'Budget timeline approved', c2: 'done', c1: 'slipping', c1_date: '2026-12-09', blocking: 'Waiting on the finance numbers', decide: 'Move the PD day?' });
    expect(r).toEqual({ status: 200, body: '' });
    expect(await findCommitment(h.app.database.db, 1, 2)).toMatchObject({ status: 'done' });
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ dueDate: '2026-12-09', slips: 1 });
    expect(await findBlocker(h.app.database.db, 1, 1)).toMatchObject({ text: 'Waiting on the finance numbers' });
    const calls = since();
    const channelText = calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id).map((c) => textOf(c.args)).join('\n');
    expect(channelText).toContain('C-2 done: Call the bus vendor');
    expect(channelText).toContain('C-1 moved from Fri, Nov 27 to Wed, Dec 9');
    expect(channelText).toContain('Blocker E-1 raised by Maria');
    const thanks = calls.find((c) => c.method === 'chat.postEphemeral')!;
    expect(thanks.args).toMatchObject({ channel: `D${MARIA.id}`, user: MARIA.id });
    expect(textOf(thanks.args)).toContain('Thanks, Maria — your check-in is in.');
    expect(digests()).toEqual([]);

    await submitCheckin(ALICE, await openCheckin(ALICE), { moved: 'Hired two bus drivers' });
    await submitCheckin(SAM, await openCheckin(SAM), {});
    expect(digests()).toHaveLength(1);
    const digest = textOf(digests()[0]!.args);
    expect(digest).toContain('Check-in digest — District Leadership');
    expect(digest).toContain('3 of 3 answered');
    expect(digest).toContain('Maria: Budget timeline approved');
    expect(digest).toContain('Move the PD day?');

    // Pressing again after answering: no modal, a private word instead; nothing changes.
    const opens = h.fake.to('views.open').length;
    const b = button(checkinPosts(MARIA)[0]!, 'checkin.open');
    await h.slack.buttonPress({ user: MARIA, channel: { id: `D${MARIA.id}`, name: 'directmessage' }, messageTs: '1.1', actionId: b.action_id, value: b.value, responseUrl: h.fake.responseUrl() });
    await h.settle();
    expect(h.fake.to('views.open')).toHaveLength(opens);
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ slips: 1 });
  });

  it('a slipping commitment without a new date comes back as an error on that field, in the acknowledgement', async () => {
    await h.run(MARIA, 'commit Draft the budget memo by Friday');
    await h.run(ALICE, 'checkin now');
    const view = await openCheckin(MARIA);
    const r = await submitCheckin(MARIA, view, { c1: 'slipping' });
    expect(JSON.parse(r.body)).toEqual({ response_action: 'errors', errors: { c1_date: 'When will C-1 be done? e.g. "next Friday".' } });
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ slips: 0, dueDate: '2026-11-27' });
  });

  it('one reminder to those who have not answered; the digest at the digest time; a late answer edits it (chat.update)', async () => {
    await h.run(ALICE, 'checkin now');
    await submitCheckin(ALICE, await openCheckin(ALICE), { moved: 'Budget out' });
    h.clock.advance(4 * 3_600_000);
    await h.app.ticker.tick();
    expect(reminderPosts(ALICE)).toEqual([]);
    expect(reminderPosts(MARIA)).toHaveLength(1);
    expect(reminderPosts(SAM)).toHaveLength(1);
    expect(textOf(reminderPosts(SAM)[0]!.args)).toContain('A reminder, Sam');
    h.clock.advance(4 * 3_600_000);
    await h.app.ticker.tick();
    expect(reminderPosts(SAM)).toHaveLength(1);
    expect(digests()).toHaveLength(1);
    expect(textOf(digests()[0]!.args)).toMatch(/1 of 3 answered/);
    const digestTs = h.fake.channels.get(LEADERSHIP.id)!.messages.find((m) => m.metadata?.event_payload.key === digests()[0]!.args.metadata.event_payload.key)!.ts;
    await submitCheckin(SAM, await openCheckin(SAM), { moved: 'Routes drafted' });
    const update = h.fake.to('chat.update').at(-1)!;
    expect(update.args).toMatchObject({ channel: LEADERSHIP.id, ts: digestTs });
    expect(textOf(update.args)).toContain('2 of 3 answered');
    expect(textOf(update.args)).toContain('Sam: Routes drafted');
  });
});

describe('the response rate in Slack', () => {
  it('shows a run still being answered apart, and counts it once the digest is posted', async () => {
    await h.run(ALICE, 'checkin now');
    await submitCheckin(ALICE, await openCheckin(ALICE), { moved: 'Budget out' });
    const rate = async () => (await h.run(ALICE, 'report checkins')).ephemerals.map((e) => textOf(e.body)).join('\n');
    expect(await rate()).toContain('Check-in response rate: no answer window closed yet · this week: 1 of 3 so far');
    h.clock.advance(8 * 3_600_000);
    await h.app.ticker.tick();
    expect(digests()).toHaveLength(1);
    const after = await rate();
    expect(after).toContain('Check-in response rate: 33% (1 of 3)');
    expect(after).not.toContain('so far');
  });
});

describe('the weekly check-in', () => {
  it('arrives at 08:30 in each member’s own time zone (Slack’s users.info tz)', async () => {
    // Set up Monday 15:00 UTC; the first run is Monday Nov 30.
    const at = async (iso: string) => {
      h.clock.set(Date.parse(iso));
      await h.app.ticker.tick();
      return [ALICE, MARIA, SAM].filter((p) => checkinPosts(p).length > 0).map((p) => p.name);
    };
    await h.app.ticker.tick();
    expect(await at('2026-11-29T23:29:00Z')).toEqual([]);
    expect(await at('2026-11-29T23:30:00Z')).toEqual(['sam']); // Asia/Tokyo
    expect(await at('2026-11-30T08:30:00Z')).toEqual(['alice', 'sam']); // UTC
    expect(await at('2026-11-30T14:30:00Z')).toEqual(['alice', 'maria', 'sam']); // America/Chicago
  });
});

describe('after a crash', () => {
  it('a first DM that reached Slack before the crash is found through conversations.open, not sent again', async () => {
    await h.run(ALICE, 'checkin now');
    const posts = h.fake.posts(MARIA.id).length;
    // The process died after Slack took Maria's check-in, before it was marked sent and before
    // her DM channel was remembered.
    await sqlRun(h.app, "update outbox set status = 'sending', result = null where key = ?", `checkin:send:1:${await checkinKeyRun()}:2`);
    await sqlRun(h.app, "delete from addresses where key like 'dm:%'");
    await h.restart();
    await h.app.dispatcher.drain();
    expect(h.fake.to('conversations.open').map((c) => c.args.users)).toContain(MARIA.id);
    expect(h.fake.posts(MARIA.id)).toHaveLength(posts);
    expect(h.fake.dm(MARIA.id)).toHaveLength(1);
  });
});

async function checkinKeyRun(): Promise<string> {
  const row = (await sqlGet(h.app, "select run_key from checkin_runs order by id desc limit 1")) as { run_key: string };
  return row.run_key;
}

describe('the team’s own questions, answers as records, edits', () => {
  /** The private answer to a command, as text. */
  const said = (r: Awaited<ReturnType<Harness['run']>>) => r.ephemerals.map((e) => textOf(e.body)).join('\n');

  it('a lead adds a question; over 150 characters or dropping the commitments question is refused privately, with what to type', async () => {
    expect(said(await h.run(ALICE, `checkin question add ${'x'.repeat(151)}`))).toContain('A question can be at most 150 characters (this one has 151)');
    expect(said(await h.run(ALICE, 'checkin question drop 2'))).toContain('Question 2 (commitments) always stays');
    const added = await h.run(ALICE, 'checkin question add What will you finish this week?');
    expect(added.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id).map((c) => textOf(c.args)).join('\n')).toContain('Alice added a check-in question (5): What will you finish this week?');
    expect(said(await h.run(MARIA, 'checkin questions'))).toMatch(/5\. What will you finish this week\?/);
    for (const n of ['Second?', 'Third?', 'Fourth?', 'Fifth?', 'Sixth?']) await h.run(ALICE, `checkin question add ${n}`);
    const eleventh = await h.run(ALICE, 'checkin question add Seventh?');
    expect(said(eleventh)).toContain('The check-in already asks 10 questions, the most it can. Drop one first:');
    expect(eleventh.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id)).toEqual([]);
  });

  it('the modal asks the run’s questions; a custom answer is escaped in the digest; what moved is a U-n, a point to decide an agenda item', async () => {
    await h.run(ALICE, 'checkin question add What will you finish this week?');
    await h.run(ALICE, 'checkin now');
    const view = await openCheckin(MARIA);
    expect(view.blocks.filter((b: { type: string }) => b.type === 'input').map((b: { block_id: string; label: { text: string } }) => [b.block_id, b.label.text])).toEqual([
      ['moved', 'What did you move forward?'],
      ['blocking', 'Anything blocking you?'],
      ['decide', 'Anything the team should decide together?'],
      ['q1', 'What will you finish this week?'],
    ]);
    await submitCheckin(MARIA, view, { moved: 'Routes drafted', decide: 'PD day?', q1: '<!channel> the *memo* & <@U0>' });
    await submitCheckin(ALICE, await openCheckin(ALICE), { blocking: 'none' });
    await submitCheckin(SAM, await openCheckin(SAM), {});
    const digest = textOf(digests()[0]!.args);
    expect(digest).toContain('What will you finish this week?');
    expect(digest).toContain('&lt;!channel&gt; the');
    expect(digest).not.toContain('<!channel>');
    expect(digest).toContain('Routes drafted (U-1)');
    expect(digest).toContain('PD day? (A-1)');
    expect(await findBlocker(h.app.database.db, 1, 1)).toBeUndefined();
    expect(said(await h.run(SAM, 'list updates'))).toContain('Routes drafted');
  });

  it('`checkin edit` after the digest: the button opens the answers, the digest is edited in place (chat.update), the U-n changes; after the next check-in started, refused', async () => {
    await h.run(ALICE, 'checkin now');
    await submitCheckin(MARIA, await openCheckin(MARIA), { moved: 'Routes drafted' });
    await submitCheckin(ALICE, await openCheckin(ALICE), {});
    await submitCheckin(SAM, await openCheckin(SAM), {});
    const digestTs = h.fake.channels.get(LEADERSHIP.id)!.messages.find((m) => m.metadata?.event_payload.key === digests()[0]!.args.metadata.event_payload.key)!.ts;

    const edit = await h.run(MARIA, 'checkin edit');
    const blocks = (edit.ephemerals.at(-1)!.body as { blocks: { elements?: { action_id: string; value: string }[] }[] }).blocks;
    const b = blocks.flatMap((x) => x.elements ?? []).find((e) => typeof e.action_id === 'string' && e.action_id.endsWith(':checkin.open'))!;
    const press = async () => {
      await h.slack.buttonPress({ user: MARIA, channel: { id: `D${MARIA.id}`, name: 'directmessage' }, messageTs: '1.1', actionId: b.action_id, value: b.value, responseUrl: h.fake.responseUrl(), triggerId: `${Date.now()}.7.${MARIA.id}` });
      await h.settle();
    };
    await press();
    const opened = h.fake.to('views.open').at(-1)!.args.view;
    expect(opened.title.text).toBe('Edit your check-in');
    expect(opened.blocks.find((x: { block_id?: string }) => x.block_id === 'moved').element.initial_value).toBe('Routes drafted');
    await submitCheckin(MARIA, { ...opened, id: 'VEDIT', hash: 'h2' }, { moved: 'Routes drafted and shared' });
    const update = h.fake.to('chat.update').at(-1)!;
    expect(update.args).toMatchObject({ channel: LEADERSHIP.id, ts: digestTs });
    expect(textOf(update.args)).toContain('Maria: Routes drafted and shared (U-1)');
    expect((await sqlAll(h.app, 'select text from updates'))).toEqual([{ text: 'Routes drafted and shared' }]);

    h.clock.advance(3_600_000);
    await h.run(ALICE, 'checkin now');
    const opens = h.fake.to('views.open').length;
    const before = h.fake.responses.length;
    await press();
    expect(h.fake.to('views.open')).toHaveLength(opens);
    expect(JSON.stringify(h.fake.responses.slice(before))).toContain('can no longer be changed: the next check-in has started');
  });
});
