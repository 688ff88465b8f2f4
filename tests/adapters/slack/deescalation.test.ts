// The de-escalation flow end to end through the real app and the fake Slack Web API: the flag,
// private messages with buttons, modals and their submissions, the facilitator's side-by-side
// view, the answers, decision D-n in the channel, the follow-up after the clock moves — and the
// channel's one neutral line, posted once and then edited with chat.update. And the reaction.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../fakes/slack-api.js';
import { triggerId } from '../../fakes/slack-requests.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';

const DAY = 86_400_000;

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
});
afterEach(async () => {
  await h?.close();
});

type Person = { id: string; name: string };

/** The buttons of a Block Kit message. */
function buttons(call: SlackCall): { action_id: string; value: string; text: { text: string } }[] {
  return (call.args.blocks ?? []).flatMap((b: any) => (b.type === 'actions' ? b.elements : []));
}

/** The last DM to a person that carries a button for `action`. */
function dmWith(who: Person, action: string): { call: SlackCall; button: { action_id: string; value: string } } {
  const call = [...h.fake.posts(who.id)].reverse().find((c) => buttons(c).some((b) => b.action_id.endsWith(`:${action}`)));
  if (!call) throw new Error(`no DM to ${who.name} with ${action}: ${h.fake.posts(who.id).map((c) => c.args.text).join(' | ')}`);
  return { call, button: buttons(call).find((b) => b.action_id.endsWith(`:${action}`))! };
}

/** Presses the button in the person's DM with Baton; returns the modal it opened. */
async function pressInDm(who: Person, action: string): Promise<Record<string, any>> {
  const { button } = dmWith(who, action);
  const trigger = triggerId();
  const before = h.fake.to('views.open').length;
  const r = await h.slack.buttonPress({ user: who, channel: { id: `D${who.id}`, name: 'directmessage' }, messageTs: '1764000000.000001', actionId: button.action_id, value: button.value, responseUrl: h.fake.responseUrl(), triggerId: trigger });
  expect(r.status).toBe(200);
  await h.settle();
  const opened = h.fake.to('views.open').slice(before);
  expect(opened, `${who.name} ${action} opened no modal`).toHaveLength(1);
  expect(opened[0]!.args.trigger_id).toBe(trigger);
  return { ...opened[0]!.args.view, id: `V-${action}-${who.id}`, hash: 'h1' };
}

const input = (value: string) => ({ type: 'plain_text_input', value });
const select = (value: string) => ({ type: 'static_select', selected_option: { value } });

async function submitModal(who: Person, view: Record<string, any>, values: Record<string, Record<string, unknown>>): Promise<void> {
  const r = await h.slack.viewSubmission({ user: who, view, values });
  expect(r.status).toBe(200);
  expect(r.body).toBe('');
  await h.settle();
}

const views = (text: string) => ({ issue: { issue: input(`${text}: the issue`) }, matters: { matters: input(`${text}: what matters`) }, liveWith: { liveWith: input(`${text}: could live with`) } });

/** The channel line's posts: the first chat.postMessage, and the chat.update calls editing it. */
function channelLine(): { posted: SlackCall[]; updates: SlackCall[] } {
  const posted = h.fake.posts(LEADERSHIP.id).filter((c) => /A disagreement about/.test(c.args.text));
  const updates = h.fake.to('chat.update').filter((c) => c.args.channel === LEADERSHIP.id);
  return { posted, updates };
}

describe('the de-escalation flow in Slack', () => {
  it('from /baton disagree to the follow-up: DMs with buttons, modals, D-1, one line edited in place', async () => {
    const flag = await h.run(SAM, `disagree Next year's PD calendar with <@${MARIA.id}|maria>`);
    expect(flag.reply.status).toBe(200);

    // The channel: one neutral line, naming the facilitator, not the parties.
    const first = channelLine().posted;
    expect(first).toHaveLength(1);
    expect(first[0]!.args.text).toMatch(/A disagreement about \*?Next year's PD calendar\*? is being worked through; facilitator .*next step by Wed, Nov 25, 15:00 UTC/);
    expect(JSON.stringify(first[0]!.args.blocks)).toContain(`<@${ALICE.id}>`);
    expect(JSON.stringify(first[0]!.args.blocks)).not.toMatch(new RegExp(`${MARIA.id}|${SAM.id}`));
    const lineTs = h.fake.channels.get(LEADERSHIP.id)!.messages.find((m) => /A disagreement about/.test(m.text))!.ts;

    // Each party: a DM with a button that opens the views modal.
    for (const [who, mine] of [[MARIA, 'Maria'], [SAM, 'Sam']] as const) {
      const { call } = dmWith(who, 'flow.views');
      expect(call.args.channel).toBe(who.id);
      const modal = await pressInDm(who, 'flow.views');
      expect(modal.title.text).toBe('R-1: your view');
      expect(modal.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.block_id)).toEqual(['issue', 'matters', 'liveWith']);
      await submitModal(who, modal, views(mine));
    }

    // The facilitator: the views side by side (two columns), then summary and options.
    const cg = await pressInDm(ALICE, 'flow.options');
    const side = cg.blocks.filter((b: any) => b.type === 'section' && b.fields);
    expect(side).toHaveLength(3);
    expect(side[0].fields.map((f: any) => f.text)).toEqual([expect.stringMatching(/Sam — the issue\*\nSam: the issue$/), expect.stringMatching(/Maria — the issue\*\nMaria: the issue$/)]);
    expect(cg.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.block_id)).toEqual(['summary', 'option1', 'option2', 'option3', 'executor', 'by']);
    const executor = cg.blocks.find((b: any) => b.block_id === 'executor').element.options.find((o: any) => o.text.text === 'Maria').value;
    await submitModal(ALICE, cg, {
      summary: { summary: input('Both want teaching time protected.') },
      option1: { option1: input('Two PD days in August') },
      option2: { option2: input('One day in August, one half day in January') },
      option3: { option3: input('') },
      executor: { executor: select(executor) },
      by: { by: input('in 2 weeks') },
    });

    // Each party answers each option privately.
    await submitModal(MARIA, await pressInDm(MARIA, 'flow.answer'), { accept1: { accept1: select('no') }, note1: { note1: input('Too early') }, accept2: { accept2: select('yes') }, note2: { note2: input('') } });
    const answer = await pressInDm(SAM, 'flow.answer');
    expect(answer.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.block_id)).toEqual(['accept1', 'note1', 'accept2', 'note2']);
    await submitModal(SAM, answer, { accept1: { accept1: select('yes') }, note1: { note1: input('') }, accept2: { accept2: select('yes') }, note2: { note2: input('') } });

    // Decision D-1 in the channel, with the executor and the date.
    const decision = h.fake.posts(LEADERSHIP.id).find((c) => /Decision D-1/.test(c.args.text))!;
    expect(textOf(decision.args)).toMatch(/One day in August, one half day in January/);
    expect(JSON.stringify(decision.args.blocks)).toContain(`<@${MARIA.id}>`);
    expect(textOf(decision.args)).toContain('Mon, Dec 7');
    expect(textOf(decision.args)).toContain('from R-1');

    // The line was edited in place, never posted again.
    let line = channelLine();
    expect(line.posted).toHaveLength(1);
    expect(line.updates.length).toBeGreaterThan(1);
    for (const u of line.updates) expect(u.args.ts).toBe(lineTs);
    expect(line.updates.at(-1)!.args.text).toMatch(/reached a decision: \*?D-1\*?; follow-up by Mon, Nov 30/);

    // A week later: the follow-up, privately.
    h.clock.advance(7 * DAY);
    await h.app.ticker.tick();
    await h.settle();
    for (const who of [MARIA, SAM]) {
      const m = await pressInDm(who, 'flow.followup');
      expect(m.title.text).toBe('R-1: does it hold?');
      await submitModal(who, m, { holds: { holds: select('yes') }, note: { note: input('') } });
    }
    line = channelLine();
    expect(line.posted).toHaveLength(1);
    expect(line.updates.at(-1)!.args.text).toMatch(/is resolved: \*?D-1\*? holds/);
    // Nothing anyone wrote privately reached the channel.
    const channelText = JSON.stringify([...h.fake.posts(LEADERSHIP.id), ...line.updates].map((c) => c.args));
    expect(channelText).not.toMatch(/the issue|what matters|could live with|Too early/);
  });

  it('a submission by someone who is not the party is refused, and the modal closes with the reason', async () => {
    await h.run(SAM, `disagree Rooms with <@${MARIA.id}|maria>`);
    const modal = await pressInDm(MARIA, 'flow.views');
    // Alice (the facilitator) submits Maria's views modal: tampered-with input, refused.
    const before = h.mark();
    await submitModal(ALICE, modal, views('Alice'));
    const said = before().filter((c) => c.method === 'chat.postEphemeral' || c.method === 'chat.postMessage');
    expect(said.map((c) => textOf(c.args)).join('\n')).toMatch(/A view in R-1 is not yours to give/);
    const lines = channelLine();
    expect(lines.updates).toHaveLength(0);
  });

  it('the disagreement reaction asks the reactor privately for a neutral topic; only then is one line posted, at the top level, quoting nothing', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'We should cut the PD budget');
    const since = h.mark();
    await h.slack.event({ type: 'reaction_added', user: SAM.id, reaction: 'scales', item: { type: 'message', channel: LEADERSHIP.id, ts }, item_user: MARIA.id });
    await h.settle();
    // Until Sam names the topic, nothing is posted in the channel and Maria hears nothing.
    const first = since();
    expect(first.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id)).toEqual([]);
    expect(h.fake.posts(MARIA.id)).toEqual([]);
    const ask = dmWith(SAM, 'flow.topic');
    expect(textOf(ask.call.args)).toMatch(/Name the topic neutrally/);
    const modal = await pressInDm(SAM, 'flow.topic');
    await submitModal(SAM, modal, { topic: { topic: input('PD budget') } });
    // The line: at the top level of the channel, with the topic Sam named, not the message or a thread.
    const posted = channelLine().posted;
    expect(posted).toHaveLength(1);
    expect(posted[0]!.args.thread_ts).toBeUndefined();
    expect(textOf(posted[0]!.args)).toMatch(/A disagreement about PD budget is being worked through/);
    expect(JSON.stringify(posted[0]!.args)).not.toMatch(/cut the PD budget|Maria|maria|Sam\b|sam\b/);
    expect(h.fake.posts(LEADERSHIP.id).filter((c) => c.args.thread_ts === ts)).toEqual([]);
    // The parties are asked privately; the message's link is in their private ask only.
    expect(dmWith(MARIA, 'flow.views').call.args.channel).toBe(MARIA.id);
    expect(textOf(dmWith(SAM, 'flow.views').call.args)).toContain(`https://fake.slack.com/archives/${LEADERSHIP.id}/p${ts.replace('.', '')}`);
    // A time box running out edits that same line.
    h.clock.advance(2 * DAY);
    await h.app.ticker.tick();
    await h.settle();
    const upd = h.fake.to('chat.update').at(-1)!;
    expect(upd.args.channel).toBe(LEADERSHIP.id);
    expect(upd.args.text).toMatch(/the time box for the private views ran out, so it went to/);
    expect(textOf(h.fake.posts(ALICE.id).at(-1)!.args)).toMatch(/R-1: a time box ran out/);
  });

  it('a reaction whose topic is never named starts nothing, and the reactor is told when it lapses', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'We should cut the PD budget');
    await h.slack.event({ type: 'reaction_added', user: SAM.id, reaction: 'scales', item: { type: 'message', channel: LEADERSHIP.id, ts }, item_user: MARIA.id });
    await h.settle();
    h.clock.advance(2 * DAY);
    await h.app.ticker.tick();
    await h.settle();
    expect(channelLine().posted).toEqual([]);
    expect(h.fake.posts(MARIA.id)).toEqual([]);
    expect(textOf(h.fake.posts(SAM.id).at(-1)!.args)).toMatch(/Nothing was started: no topic was named/);
    // The old button now says so, and starts nothing.
    const { button } = dmWith(SAM, 'flow.topic');
    const pressed = h.mark();
    await h.slack.buttonPress({ user: SAM, channel: { id: `D${SAM.id}`, name: 'directmessage' }, messageTs: '1764000000.000001', actionId: button.action_id, value: button.value, responseUrl: h.fake.responseUrl(), triggerId: triggerId() });
    await h.settle();
    expect(pressed().filter((c) => c.method === 'views.open')).toEqual([]);
    expect([...h.fake.responses.map((r) => JSON.stringify(r)), ...h.fake.posts(SAM.id).map((c) => textOf(c.args))].join('\n')).toMatch(/That flag has lapsed or was already started/);
    expect(channelLine().posted).toEqual([]);
  });
});
