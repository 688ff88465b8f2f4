// Slack waits 3 s for an acknowledgement. Baton acknowledges before any Web API call: shown here
// with Slack's API holding every answer — the acknowledgement arrives anyway, and the work
// finishes once Slack answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventId } from '../../fakes/slack-requests.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
});
afterAll(async () => {
  await h?.close();
});

describe('acknowledge first', () => {
  it('a slash command is acknowledged while users.info is still unanswered', async () => {
    h.fake.user({ id: 'U0SLOWONE', name: 'lee', display_name: 'Lee', tz: 'UTC' });
    const release = h.fake.hold('users.info');
    const reply = await h.slack.command({ user: { id: 'U0SLOWONE', name: 'lee' }, channel: LEADERSHIP, text: 'update Slow Slack day', responseUrl: h.fake.responseUrl() });
    expect(reply).toEqual({ status: 200, body: '' });
    expect(h.fake.posts(LEADERSHIP.id).some((c) => textOf(c.args).includes('Slow Slack day'))).toBe(false);
    release();
    await h.settle();
    expect(h.fake.posts(LEADERSHIP.id).some((c) => textOf(c.args).includes('Slow Slack day'))).toBe(true);
  });

  it('a reaction is acknowledged while the message is still being fetched', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'Roof leak in the library');
    const release = h.fake.hold('conversations.history');
    const reply = await h.slack.event({ type: 'reaction_added', user: SAM.id, reaction: 'rotating_light', item: { type: 'message', channel: LEADERSHIP.id, ts }, item_user: MARIA.id }, { eventId: eventId() });
    expect(reply.status).toBe(200);
    release();
    await h.settle();
    expect(textOf(h.fake.posts(ALICE.id).at(-1)!.args)).toContain('Roof leak in the library');
  });

  it('a message shortcut is acknowledged before its modal opens', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'I will send the agenda');
    const release = h.fake.hold('views.open');
    const reply = await h.slack.messageShortcut({ callbackId: 'record_commitment', user: MARIA, channel: LEADERSHIP, message: { ts, user: MARIA.id, text: 'I will send the agenda' }, responseUrl: h.fake.responseUrl() });
    expect(reply).toEqual({ status: 200, body: '' });
    release();
    await h.settle();
    expect(h.fake.to('views.open').at(-1)!.args.view.title.text).toBe('Record as commitment');
  });
});
