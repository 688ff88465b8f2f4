// The recap owner's draft in Slack, through the real app and the fake Web API: after the
// meeting's end the recap owner gets it as a DM with Post and Edit buttons; Edit opens a modal
// whose empty answer comes back as a field error; Post (pressed twice) puts the edited text in
// the channel once, escaped; and `/baton recap` with nothing new answers privately and asks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../fakes/slack-api.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await harness({ clock: '2026-11-23T15:00:00Z' });
  await h.run(ALICE, 'setup District Leadership');
});
afterEach(async () => {
  await h?.close();
});

type Person = { id: string; name: string };

const drafts = (p: Person) => h.fake.posts(p.id).filter((c) => String(c.args.metadata?.event_payload?.key ?? '').startsWith('meeting:recap:'));
const recaps = () => h.fake.posts(LEADERSHIP.id).filter((c) => (c.args.blocks ?? []).some((b: any) => b.type === 'header' && String(b.text?.text).startsWith('Recap — ')));

function button(post: SlackCall, coreAction: string): { action_id: string; value: string } {
  for (const b of post.args.blocks ?? []) {
    for (const e of b.elements ?? []) if (typeof e.action_id === 'string' && e.action_id.endsWith(`:${coreAction}`)) return e;
  }
  throw new Error(`no ${coreAction} button in ${JSON.stringify(post.args.blocks)}`);
}

/** Minutes pass with Baton running. */
async function until(iso: string): Promise<void> {
  await h.app.ticker.tick();
  h.clock.set(Date.parse(iso));
  await h.app.ticker.tick();
  await h.settle();
}

async function press(p: Person, post: SlackCall, coreAction: string, triggerId?: string) {
  const b = button(post, coreAction);
  const r = await h.slack.buttonPress({ user: p, channel: { id: `D${p.id}`, name: 'directmessage' }, messageTs: '1.1', actionId: b.action_id, value: b.value, responseUrl: h.fake.responseUrl(), ...(triggerId ? { triggerId } : {}) });
  expect(r.status).toBe(200);
  await h.settle();
}

async function submitText(p: Person, view: Record<string, any>, text: string) {
  const r = await h.slack.viewSubmission({ user: p, view, values: { text: { text: { type: 'plain_text_input', value: text } } } });
  await h.settle();
  return r;
}

describe('the recap draft in Slack', () => {
  it('comes to the recap owner as a DM after the meeting; Edit opens a modal; Post pressed twice posts the edit once', async () => {
    await h.run(ALICE, `role <@${MARIA.id}|maria> recap`);
    await h.run(ALICE, 'meeting schedule wednesday 15:30');
    await h.run(MARIA, 'agenda add Bus contract: who signs?');
    await until('2026-11-25T15:40:00Z');
    await h.run(ALICE, 'decide Move the PD day to Friday');
    await until('2026-11-25T16:29:00Z');
    expect(drafts(MARIA)).toEqual([]);
    await until('2026-11-25T16:31:00Z');
    expect(drafts(MARIA)).toHaveLength(1);
    expect(drafts(ALICE)).toEqual([]);
    expect(recaps()).toEqual([]);
    const post = drafts(MARIA)[0]!;
    expect(post.args.channel).toBe(MARIA.id);
    expect(post.args.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Recap draft: District Leadership, Wed, Nov 25', emoji: true } });
    expect(textOf(post.args)).toContain('It comes to you as the recap owner.');
    expect(textOf(post.args)).toContain('D-1 Move the PD day to Friday');
    expect(textOf(post.args)).toContain('A-1 Bus contract: who signs?');

    const trigger = `${Date.now()}.42.${MARIA.id}`;
    await press(MARIA, post, 'recap.edit', trigger);
    const open = h.fake.to('views.open').at(-1)!;
    expect(open.args.trigger_id).toBe(trigger);
    const view = { ...open.args.view, id: 'VRECAP', hash: 'h1' };
    expect(view.title.text).toBe('Edit the recap');
    expect(JSON.stringify(view.blocks)).toContain('D-1 Move the PD day to Friday');

    const empty = await submitText(MARIA, view, '   ');
    expect(JSON.parse(empty.body)).toEqual({ response_action: 'errors', errors: { text: expect.stringMatching(/^A recap cannot be empty/) } });
    const ok = await submitText(MARIA, view, 'Decided\n• D-1 The PD day moves to Friday <!here>');
    expect(ok).toEqual({ status: 200, body: '' });

    await press(MARIA, post, 'recap.post');
    await press(MARIA, post, 'recap.post');
    expect(recaps()).toHaveLength(1);
    const posted = recaps()[0]!.args;
    expect(textOf(posted)).toContain('D-1 The PD day moves to Friday');
    expect(textOf(posted)).not.toContain('Move the PD day');
    // What the owner wrote is shown, never acted on: no @here.
    expect(JSON.stringify(posted)).not.toContain('<!here>');
    expect(JSON.stringify(posted)).toContain('&lt;!here&gt;');
    expect(JSON.stringify(h.fake.responses)).toContain('was already posted by you');
  });

  it('goes to the lead when nobody holds the recap role', async () => {
    await h.run(ALICE, 'meeting schedule wednesday 15:30');
    await until('2026-11-25T16:31:00Z');
    expect(drafts(ALICE)).toHaveLength(1);
    expect(textOf(drafts(ALICE)[0]!.args)).toContain('The team has no recap owner, so it comes to you as lead.');
    expect(drafts(MARIA)).toEqual([]);
    expect(drafts(SAM)).toEqual([]);
  });

  it('`/baton recap` with nothing new since the last one answers privately and asks', async () => {
    await h.run(MARIA, 'update Bus routes drafted');
    const first = await h.run(MARIA, 'recap');
    expect(first.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id)).toHaveLength(1);
    const again = await h.run(SAM, 'recap');
    expect(again.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id)).toEqual([]);
    const said = again.ephemerals.map((e) => JSON.stringify(e.body)).join('\n');
    expect(said).toContain('Nothing new was recorded since the last recap');
    expect(said).toContain('Post anyway');
  });
});
