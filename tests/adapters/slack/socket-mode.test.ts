// Slack over Socket Mode (SLACK_APP_TOKEN): the app opens its connection through SLACK_API_URL
// with the app-level token, acknowledges each envelope, and handles it exactly as over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventId, triggerId } from '../../fakes/slack-requests.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness({ socketMode: true });
  await h.fake.waitFor('the Socket Mode connection', () => h.fake.socket.connected);
});
afterAll(async () => {
  await h?.close();
});

async function envelope(type: 'slash_commands' | 'events_api' | 'interactive', payload: Record<string, unknown>, extra?: Record<string, unknown>) {
  const id = h.fake.socket.send(type, payload, extra);
  const ack = await h.fake.waitFor(`the ack of ${type}`, () => h.fake.socket.acks.find((a) => a.envelope_id === id));
  await h.settle();
  return ack;
}

describe('Socket Mode', () => {
  it('connects through SLACK_API_URL with the app-level token, and serves no /slack/events', async () => {
    expect(h.fake.to('apps.connections.open')).toHaveLength(1);
    expect(h.fake.to('apps.connections.open')[0]!.token).toBe(h.fake.appToken);
    const health = await (await fetch(`http://127.0.0.1:${h.app.port}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, slack: 'socket' });
    expect((await fetch(`http://127.0.0.1:${h.app.port}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('a slash command is acknowledged, then handled', async () => {
    const responseUrl = h.fake.responseUrl();
    const ack = await envelope('slash_commands', h.slack.commandFields({ user: ALICE, channel: LEADERSHIP, text: 'setup District Leadership', responseUrl }));
    expect(ack.payload).toEqual({});
    expect(textOf(h.fake.posts(LEADERSHIP.id).at(-1)!.args)).toContain('Baton is set up for District Leadership');
  });

  it('an event redelivered (retry_attempt, same event_id) records once', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'The boiler is out at Lincoln');
    const body = JSON.parse(h.slack.eventBody({ type: 'reaction_added', user: SAM.id, reaction: 'rotating_light', item: { type: 'message', channel: LEADERSHIP.id, ts }, item_user: MARIA.id }, { eventId: eventId() }));
    await envelope('events_api', body, { retry_attempt: 0, retry_reason: '' });
    await envelope('events_api', body, { retry_attempt: 1, retry_reason: 'timeout' });
    expect(h.fake.posts(LEADERSHIP.id).filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
    expect(h.fake.posts(ALICE.id)).toHaveLength(1);
  });

  it('a command resent with the same trigger_id records once', async () => {
    const trigger = triggerId();
    for (let i = 0; i < 2; i++) {
      await envelope('slash_commands', h.slack.commandFields({ user: MARIA, channel: LEADERSHIP, text: 'update Socket update', responseUrl: h.fake.responseUrl(), triggerId: trigger }));
    }
    expect(h.fake.posts(LEADERSHIP.id).filter((c) => textOf(c.args).includes('Socket update'))).toHaveLength(1);
  });

  it('never logs the app-level token', () => {
    expect(JSON.stringify(h.logs)).not.toContain(h.fake.appToken);
  });
});
