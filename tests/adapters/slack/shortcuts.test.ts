// Message shortcuts → a modal prefilled from the message → a submitted modal records the item,
// linked to the message. Buttons route back to the core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../fakes/slack-api.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';
import { sqlAll } from '../../support/testdb.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
});
afterAll(async () => {
  await h?.close();
});

/** Runs a shortcut on a message and returns the views.open call it made. */
async function shortcut(kind: string, user: { id: string; name: string }, message: { ts: string; user: string; text: string; thread_ts?: string }): Promise<SlackCall> {
  const since = h.mark();
  const reply = await h.slack.messageShortcut({ callbackId: `record_${kind}`, user, channel: LEADERSHIP, message, responseUrl: h.fake.responseUrl() });
  expect(reply).toEqual({ status: 200, body: '' });
  await h.settle();
  const open = since().find((c) => c.method === 'views.open');
  expect(open, 'views.open').toBeDefined();
  return open!;
}

type Value = { type: 'plain_text_input'; value: string | null } | { type: 'static_select'; selected_option: { text: { type: 'plain_text'; text: string }; value: string } | null };
const input = (value: string | null): Value => ({ type: 'plain_text_input', value });
const select = (value: string | null): Value => ({ type: 'static_select', selected_option: value ? { text: { type: 'plain_text', text: value }, value } : null });

async function submit(open: SlackCall, user: { id: string; name: string }, values: Record<string, Value>, hash = `h-${Math.random()}`) {
  const view = { ...open.args.view, id: 'V123', hash };
  const reply = await h.slack.viewSubmission({ user, view, values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [k]: v }])) });
  await h.settle();
  return reply;
}

const blockOf = (open: SlackCall, id: string) => open.args.view.blocks.find((b: { block_id?: string }) => b.block_id === id);

describe('Record as commitment', () => {
  it('opens a modal prefilled from the message, then records the commitment linked to it', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'I will draft the budget memo');
    const open = await shortcut('commitment', ALICE, { ts, user: MARIA.id, text: 'I will draft the budget memo' });
    expect(open.args.trigger_id).toBeTruthy();
    expect(open.args.view.type).toBe('modal');
    expect(open.args.view.callback_id).toBe('baton_form');
    expect(open.args.view.title.text).toBe('Record as commitment');
    expect(open.args.view.title.text.length).toBeLessThanOrEqual(24);
    expect(blockOf(open, 'text').element.initial_value).toBe('I will draft the budget memo');
    // The author owns it unless changed.
    expect(blockOf(open, 'owner').element.initial_option.value).toBe(MARIA.id);
    expect(open.args.view.private_metadata.length).toBeLessThanOrEqual(3000);

    const since = h.mark();
    const reply = await submit(open, ALICE, { text: input('Draft the budget memo'), owner: select(MARIA.id), due: input('Friday') });
    expect(reply).toEqual({ status: 200, body: '' });
    const post = since().find((c) => c.method === 'chat.postMessage')!;
    expect(post.args.channel).toBe(LEADERSHIP.id);
    expect(post.args.thread_ts).toBe(ts);
    expect(textOf(post.args)).toContain('C-1');
    expect(textOf(post.args)).toContain('due Fri, Nov 27');
  });

  it('field errors go back in the acknowledgement, on the right field; nothing is recorded until fixed', async () => {
    const ts = h.fake.say(LEADERSHIP.id, SAM.id, 'I can call the bus company');
    const open = await shortcut('commitment', SAM, { ts, user: SAM.id, text: 'I can call the bus company' });
    const since = h.mark();
    const bad = await submit(open, SAM, { text: input('Call the bus company'), owner: select(SAM.id), due: input('Fridya') }, 'same-hash');
    expect(bad.status).toBe(200);
    const body = JSON.parse(bad.body);
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['due']);
    expect(since().filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    // Fixed and sent again (the same view, unchanged hash): now it records.
    const good = await submit(open, SAM, { text: input('Call the bus company'), owner: select(SAM.id), due: input('Dec 10') }, 'same-hash');
    expect(good).toEqual({ status: 200, body: '' });
    expect(textOf(h.fake.posts(LEADERSHIP.id).at(-1)!.args)).toContain('C-2');
  });

  it('an empty required answer is an error on that field', async () => {
    const ts = h.fake.say(LEADERSHIP.id, SAM.id, 'x');
    const open = await shortcut('commitment', SAM, { ts, user: SAM.id, text: 'x' });
    const bad = await submit(open, SAM, { text: input('   '), owner: select(SAM.id), due: input(null) });
    expect(JSON.parse(bad.body).errors).toHaveProperty('text');
  });
});

describe('Record as blocker', () => {
  it('records a blocker linked to the message, answers in its thread and tells the lead', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'Still no word from the auditors');
    const open = await shortcut('blocker', SAM, { ts, user: MARIA.id, text: 'Still no word from the auditors' });
    expect(blockOf(open, 'text').element.initial_value).toBe('Still no word from the auditors');
    expect(blockOf(open, 'unblocker').optional).toBe(true);
    const since = h.mark();
    await submit(open, SAM, { text: input('Auditors have not answered'), unblocker: select(ALICE.id) });
    const calls = since();
    const thread = calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id)!;
    expect(thread.args.thread_ts).toBe(ts);
    expect(textOf(thread.args)).toContain('E-1');
    expect(calls.some((c) => c.method === 'chat.postMessage' && c.args.channel === ALICE.id)).toBe(true);
    const list = await h.run(ALICE, 'list blockers');
    expect(textOf(list.ephemerals[0]!.body)).toContain(`https://fake.slack.com/archives/${LEADERSHIP.id}/p${ts.replace('.', '')}`);
  });
});

describe('Record as decision', () => {
  it('records a decision from a thread reply, posted in that thread', async () => {
    const root = h.fake.say(LEADERSHIP.id, ALICE.id, 'PD day?');
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, "Let's move PD day to Friday", root);
    const open = await shortcut('decision', ALICE, { ts, user: MARIA.id, text: "Let's move PD day to Friday", thread_ts: root });
    expect(open.args.view.title.text).toBe('Record as decision');
    const since = h.mark();
    await submit(open, ALICE, { text: input('Move PD day to Friday'), rationale: input('Bus strike'), executor: select(MARIA.id), due: input('Dec 4') });
    const post = since().find((c) => c.method === 'chat.postMessage' && textOf(c.args).includes('D-1'));
    expect(post).toBeDefined();
  });
});

describe('shortcuts outside a team', () => {
  it('a shortcut in a channel that is not a team answers privately and opens nothing', async () => {
    const since = h.mark();
    const responseUrl = h.fake.responseUrl();
    await h.slack.messageShortcut({ callbackId: 'record_commitment', user: ALICE, channel: { id: 'C0RANDOM1', name: 'random' }, message: { ts: '1.000001', user: MARIA.id, text: 'hi' }, responseUrl });
    await h.settle();
    expect(since().some((c) => c.method === 'views.open')).toBe(false);
    expect(h.fake.responses.filter((r) => r.id === new URL(responseUrl).pathname).map((r) => textOf(r.body)).join()).toContain("isn't a Baton team");
  });
});

describe('buttons', () => {
  it("a button on Baton's own message (report's \"Records\") runs its command and answers through its response_url", async () => {
    const report = await h.run(MARIA, 'report');
    const actionsBlock = report.ephemerals[0]!.body.blocks.find((b: { type: string }) => b.type === 'actions');
    const buttons: { action_id: string; value: string }[] = actionsBlock.elements;
    // Each button's action_id is unique in the message, as Slack requires.
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);
    const button = buttons[0]!;
    const responseUrl = h.fake.responseUrl();
    const reply = await h.slack.buttonPress({ user: MARIA, channel: LEADERSHIP, messageTs: '1.1', actionId: button.action_id, value: button.value, responseUrl });
    expect(reply).toEqual({ status: 200, body: '' });
    await h.settle();
    const answer = h.fake.responses.filter((r) => r.id === new URL(responseUrl).pathname);
    expect(answer).toHaveLength(1);
    expect(answer[0]!.body.response_type).toBe('ephemeral');
  });
});

describe('invisible direction and zero-width characters', () => {
  // U+202E turns what follows around; U+2066/2069 isolate; U+200B is a zero-width space.
  const RLO = '\u202E';
  const hidden = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/;
  const everything = (calls: SlackCall[]) => JSON.stringify(calls.map((c) => c.args));

  it('are gone from a command before Baton records or repeats it', async () => {
    const r = await h.run(MARIA, `update Budget sent for C-1${RLO}2 \u2066Fri\u2069 ok\u200B`);
    expect(everything(r.calls)).toContain('Budget sent for C-12 Fri ok');
    expect(everything(r.calls)).not.toMatch(hidden);
    expect(JSON.stringify((await sqlAll(h.app, 'select text from updates')))).not.toMatch(hidden);
  });

  it('are gone from a message a shortcut prefills from, and from the answers of its form; Hebrew still reads', async () => {
    const open = await shortcut('commitment', ALICE, { ts: '1700000001.000300', user: MARIA.id, text: `I will send it by Fri${RLO}day` });
    expect(JSON.stringify(open.args.view)).toContain('I will send it by Friday');
    expect(JSON.stringify(open.args.view)).not.toMatch(hidden);
    const since = h.mark();
    await submit(open, ALICE, { text: input(`שלום \u200Fעולם ${RLO}C-9`), owner: select(MARIA.id), due: input(`Fri\u200Bday`) });
    expect(everything(since())).toContain('שלום עולם C-9');
    expect(everything(since())).not.toMatch(hidden);
  });
});
