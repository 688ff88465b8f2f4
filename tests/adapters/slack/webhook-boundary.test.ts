// The boundary with Slack: only requests Slack signed, recently, get in; a person's text comes
// back out inert; the bot token never reaches the logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventId } from '../../fakes/slack-requests.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, SECRET, TOKEN, harness, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
});
afterAll(async () => {
  await h?.close();
});

describe('request signatures', () => {
  const forged = () => h.slack.commandBody({ user: MARIA, channel: LEADERSHIP, text: 'update forged', responseUrl: h.fake.responseUrl() });

  it('a request signed with another secret gets 401 and records nothing', async () => {
    const since = h.mark();
    const r = await h.slack.send(forged(), 'application/x-www-form-urlencoded', { secret: 'not-the-secret' });
    expect(r.status).toBe(401);
    await h.settle();
    expect(since()).toEqual([]);
  });

  it('a request signed more than 5 minutes ago gets 401 and records nothing', async () => {
    const since = h.mark();
    const r = await h.slack.send(forged(), 'application/x-www-form-urlencoded', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(r.status).toBe(401);
    const event = await h.slack.event({ type: 'member_left_channel', user: MARIA.id, channel: LEADERSHIP.id, channel_type: 'C', team: 'T0001' }, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(event.status).toBe(401);
    await h.settle();
    expect(since()).toEqual([]);
  });

  it('a request signed more than 5 minutes in the future gets 401 and records nothing, like a stale one', async () => {
    const since = h.mark();
    const r = await h.slack.send(forged(), 'application/x-www-form-urlencoded', { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
    expect(r.status).toBe(401);
    const event = await h.slack.event({ type: 'member_left_channel', user: MARIA.id, channel: LEADERSHIP.id, channel_type: 'C', team: 'T0001' }, { timestamp: Math.floor(Date.now() / 1000) + 60 * 60 });
    expect(event.status).toBe(401);
    await h.settle();
    expect(since()).toEqual([]);
    // A clock a little ahead of Slack's is not refused.
    const near = await h.slack.send(h.slack.commandBody({ user: MARIA, channel: LEADERSHIP, text: 'mine', responseUrl: h.fake.responseUrl() }), 'application/x-www-form-urlencoded', { timestamp: Math.floor(Date.now() / 1000) + 60 });
    expect(near.status).toBe(200);
  });

  it('a request without a signature, or with a body changed after signing, gets 401', async () => {
    const body = forged();
    const unsigned = await fetch(`http://127.0.0.1:${h.app.port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(unsigned.status).toBe(401);
    const ts = Math.floor(Date.now() / 1000);
    const { sign } = await import('../../fakes/slack-requests.js');
    const tampered = await fetch(`http://127.0.0.1:${h.app.port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(SECRET, ts, body) },
      body: body.replace('forged', 'tampered'),
    });
    expect(tampered.status).toBe(401);
    const list = await h.run(MARIA, 'list updates');
    expect(textOf(list.ephemerals[0]!.body)).not.toMatch(/forged|tampered/);
  });

  it('Slack\'s URL verification is answered with the challenge', async () => {
    const r = await h.slack.send(JSON.stringify({ token: 'x', challenge: 'abc123', type: 'url_verification' }), 'application/json');
    expect(r.status).toBe(200);
    expect(r.body).toContain('abc123');
  });

  it('the one server still answers /healthz, and knows Slack is on', async () => {
    const r = await fetch(`http://127.0.0.1:${h.app.port}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ok: true, slack: 'http' });
  });
});

describe("a person's text, shown again", () => {
  // What a person types; Slack sends it escaped, with real mentions as markup.
  const typed = 'Heads up <!channel> <!here> <!everyone> <!subteam^S0TEAM|@admins> from <@U0SAM0001|sam> *bold* _it_ ~gone~ `code` &lt;@U0ALICE01&gt; &amp;lt; &lt;!channel&gt; <https://evil.example|click me>';

  it('never pings, mentions, links or formats anything it did not mean to', async () => {
    const since = h.mark();
    const r = await h.run(MARIA, `update ${typed}`);
    const post = r.calls.find((c) => c.method === 'chat.postMessage')!;
    const out = textOf(post.args);
    // No broadcast mention survives in any form Slack would act on.
    expect(out).not.toMatch(/<!(channel|here|everyone|subteam)/);
    // The one real mention in the text became a plain name; nobody is mentioned by the update itself.
    expect(out).not.toMatch(/<@U0SAM0001>/);
    expect(out).toContain('@Sam');
    // Mention syntax typed as text reads as a name, never as a mention.
    expect(out).not.toMatch(/<@U0ALICE01>/);
    expect(out).toContain('@Alice');
    // Entities typed as text come back as typed, escaped.
    expect(out).toContain('&amp;lt;');
    expect(out).toContain('&lt;!channel&gt;');
    // Formatting markers are inert look-alikes.
    expect(out).not.toContain('*bold*');
    expect(out).toContain('\u2217bold\u2217');
    expect(out).not.toMatch(/`code`/);
    // A link is shown as text, not a link.
    expect(out).not.toContain('<https://evil.example');
    expect(out).toContain('click me (https://evil.example)');
    // Nothing anywhere asks Slack to parse names.
    expect(h.fake.sentSince(0)).not.toMatch(/"link_names"|"parse":"full"/);
    // And the same holds in lists and the recap.
    const list = await h.run(ALICE, 'list updates');
    expect(JSON.stringify(list.ephemerals[0]!.body)).not.toMatch(/<!(channel|here|everyone)|<@U0ALICE01>|<@U0SAM0001>/);
    expect(since().length).toBeGreaterThan(0);
  });

  it('a hostile message flagged by reaction is quoted inert in the lead\'s DM', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'urgent <!channel> see <@U0SAM0001> &lt;script&gt; *now*');
    await h.slack.event({ type: 'reaction_added', user: SAM.id, reaction: 'rotating_light', item: { type: 'message', channel: LEADERSHIP.id, ts }, item_user: MARIA.id }, { eventId: eventId() });
    await h.settle();
    const dm = textOf(h.fake.posts(ALICE.id).at(-1)!.args);
    expect(dm).toContain('urgent @channel see @Sam &lt;script&gt; \u2217now\u2217');
    expect(dm).not.toMatch(/<!channel>|<@U0SAM0001>/);
  });
});

describe('logs', () => {
  it('never carry the bot token or a response_url', async () => {
    h.fake.fail('chat.postMessage', { error: 'invalid_auth' });
    await h.run(MARIA, 'update This one fails to post');
    const all = JSON.stringify(h.logs);
    expect(all).toContain('invalid_auth');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(SECRET);
    expect(all).not.toMatch(/\/commands\/T0001\//);
  });
});
