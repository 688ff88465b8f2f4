// Decisions through the real Slack app: a member's /baton decide posts a proposal with Agree /
// Object buttons; a lead pressing Agree decides it, and only then is it announced in the staff
// channel; Object opens a modal asking why; an executor outside the team presses Done in a DM.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../fakes/slack-api.js';
import { triggerId } from '../../fakes/slack-requests.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, STAFF, harness, textOf } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
  await h.run(ALICE, `broadcast <#${STAFF.id}|${STAFF.name}>`);
});
afterEach(async () => {
  await h?.close();
});

type Button = { action_id: string; value: string; text: { text: string } };

function buttons(call: SlackCall): Button[] {
  return (call.args.blocks ?? []).flatMap((b: any) => (b.type === 'actions' ? b.elements : []));
}

function buttonIn(calls: SlackCall[], label: string): Button {
  for (const c of calls) for (const b of buttons(c)) if (b.text.text === label) return b;
  throw new Error(`no ${label} button in ${calls.map((c) => c.args.text).join(' | ')}`);
}

async function press(who: { id: string; name: string }, channel: { id: string; name: string }, b: Button, trigger = triggerId()) {
  const r = await h.slack.buttonPress({ user: who, channel, messageTs: '1764000000.000001', actionId: b.action_id, value: b.value, responseUrl: h.fake.responseUrl(), triggerId: trigger });
  expect(r.status).toBe(200);
  await h.settle();
}

describe('decisions in Slack', () => {
  it("a member's decide is a proposal with Agree / Object; a lead's Agree decides it and it reaches the staff channel", async () => {
    const staffBefore = h.fake.posts(STAFF.id).length;
    const proposed = await h.run(MARIA, `decide Move the PD day to Friday because of the bus strike owner <@${SAM.id}|sam> by 2026-12-04`);
    const post = proposed.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id);
    expect(post).toHaveLength(1);
    expect(textOf(post[0]!.args)).toContain('Proposal D-1');
    expect(buttons(post[0]!).map((b) => b.text.text)).toEqual(['Agree', 'Object']);
    expect(h.fake.posts(STAFF.id)).toHaveLength(staffBefore);

    const mark = h.mark();
    await press(ALICE, LEADERSHIP, buttonIn(post, 'Agree'));
    const calls = mark().filter((c) => c.method === 'chat.postMessage');
    const inChannel = calls.filter((c) => c.args.channel === LEADERSHIP.id).map((c) => textOf(c.args)).join('\n');
    const inStaff = calls.filter((c) => c.args.channel === STAFF.id).map((c) => textOf(c.args)).join('\n');
    expect(inChannel).toContain('Decision D-1');
    expect(inChannel).toContain('confirmed by Alice');
    expect(inStaff).toContain('Decision D-1');
    expect(inStaff).toContain('Move the PD day to Friday');
    expect(inStaff).toContain('the bus strike');
    expect(inStaff).not.toContain('proposed by');
  });

  it('Object opens a modal asking why; the reason is shown to the team', async () => {
    const proposed = await h.run(MARIA, 'decide Start school at 8:30');
    const post = proposed.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id);
    const trigger = triggerId();
    const before = h.fake.to('views.open').length;
    await press(SAM, LEADERSHIP, buttonIn(post, 'Object'), trigger);
    const opened = h.fake.to('views.open').slice(before);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.args.trigger_id).toBe(trigger);
    const view = { ...opened[0]!.args.view, id: 'V-object', hash: 'h1' };
    expect(JSON.stringify(view)).toContain('Why do you object?');
    const mark = h.mark();
    const r = await h.slack.viewSubmission({ user: SAM, view, values: { reason: { reason: { type: 'plain_text_input', value: 'the buses cannot make it' } } } });
    expect(r.status).toBe(200);
    await h.settle();
    const objection = mark().filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id).map((c) => textOf(c.args)).join('\n');
    expect(objection).toContain('objects to');
    expect(objection).toContain('the buses cannot make it');
  });

  it('an executor outside the team gets a DM with Done, and pressing it records the execution', async () => {
    const PAT = { id: 'U0PAT0001', name: 'pat' };
    await h.run(ALICE, `decide Repaint the gym owner <@${PAT.id}|pat> by 2026-12-11`);
    const dm = h.fake.posts(PAT.id);
    expect(dm).toHaveLength(1);
    expect(textOf(dm[0]!.args)).toContain('Repaint the gym');
    const mark = h.mark();
    await press(PAT, { id: `D${PAT.id}`, name: 'directmessage' }, buttonIn(dm, 'Done'));
    const done = mark().filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id).map((c) => textOf(c.args)).join('\n');
    expect(done).toContain('D-1');
    expect(done).toContain('carried out');
  });
});
