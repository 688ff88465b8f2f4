// Sending to Slack through the outbox: 429s wait out Retry-After, errors no retry can fix are
// given up at once, private answers find another way when the response_url is gone, and after a
// crash a message that already reached Slack is found there instead of being sent again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxByStatus } from '../../../src/db/outbox.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, TOKEN, harness, textOf } from './harness.js';
import { sqlRun } from '../../support/testdb.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
});
afterEach(async () => {
  await h?.close();
});

const rows = () => outboxByStatus(h.app.database.db, ['pending', 'sending', 'sent', 'failed']);

describe('rate limits and errors', () => {
  it('a 429 is retried after its Retry-After, not before, and then sent once', async () => {
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 30 });
    await h.run(MARIA, 'update Rate limited update');
    const waiting = await outboxByStatus(h.app.database.db, ['pending']);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.notBefore).toBe(h.clock.now() + 30_000);
    expect(waiting[0]!.lastError).toBe('rate limited');

    h.clock.advance(29_000);
    await h.app.dispatcher.drain();
    expect(h.fake.posts(LEADERSHIP.id).filter((c) => textOf(c.args).includes('Rate limited update'))).toHaveLength(1); // the refused attempt only

    h.clock.advance(1_000);
    await h.app.dispatcher.drain();
    expect(h.fake.posts(LEADERSHIP.id).filter((c) => textOf(c.args).includes('Rate limited update'))).toHaveLength(2);
    expect(await outboxByStatus(h.app.database.db, ['pending'])).toEqual([]);
    const warned = h.logs.find((l) => l.msg === 'message delivery will be retried');
    expect(warned?.obj).toMatchObject({ retryInMs: 30_000, error: 'rate limited' });
    expect(JSON.stringify(h.logs)).not.toContain(TOKEN);
  });

  it('an error retrying cannot fix (channel_not_found) is given up at once and logged', async () => {
    h.fake.fail('chat.postMessage', { error: 'channel_not_found' });
    await h.run(MARIA, 'update Nowhere to go');
    const failed = await outboxByStatus(h.app.database.db, ['failed']);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.attempts).toBe(1);
    expect(failed[0]!.lastError).toBe('channel_not_found');
    expect(h.logs.some((l) => l.level === 'error' && l.msg === 'message could not be delivered')).toBe(true);
  });

  it('a transient Slack error (internal_error, HTTP 503) is retried with backoff', async () => {
    h.fake.fail('chat.postMessage', { error: 'internal_error' });
    h.fake.fail('chat.postMessage', { status: 503 });
    await h.run(MARIA, 'update Flaky Slack');
    expect((await outboxByStatus(h.app.database.db, ['pending']))[0]!.lastError).toBe('internal_error');
    h.clock.advance(1_000);
    await h.app.dispatcher.drain();
    expect((await outboxByStatus(h.app.database.db, ['pending']))[0]!.lastError).toMatch(/503/);
    h.clock.advance(2_000);
    await h.app.dispatcher.drain();
    expect(await outboxByStatus(h.app.database.db, ['pending'])).toEqual([]);
    expect(textOf(h.fake.posts(LEADERSHIP.id).at(-1)!.args)).toContain('Flaky Slack');
  });

  // Issue 16 #11: waiting out Retry-After inside a command held up every command behind it.
  it('a 429 on users.info while answering is not waited out: the command goes through with the name Slack sent, the profile is read after Retry-After', async () => {
    h.fake.user({ id: 'U0NEWONE1', name: 'kim', display_name: 'Kim', tz: 'Europe/Paris' });
    h.fake.fail('users.info', { status: 429, retryAfter: 1 });
    const started = performance.now();
    const r = await h.run({ id: 'U0NEWONE1', name: 'kim' }, 'update First day');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(r.calls.filter((c) => c.method === 'users.info')).toHaveLength(1);
    expect(textOf(h.fake.posts(LEADERSHIP.id).at(-1)!.args)).toContain('kim');
    // Within Retry-After Slack is not asked again; after it, the profile comes.
    const soon = await h.run({ id: 'U0NEWONE1', name: 'kim' }, 'update Second day');
    expect(soon.calls.filter((c) => c.method === 'users.info')).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const later = await h.run({ id: 'U0NEWONE1', name: 'kim' }, 'update Third day');
    expect(later.calls.filter((c) => c.method === 'users.info')).toHaveLength(1);
    expect(textOf(h.fake.posts(LEADERSHIP.id).at(-1)!.args)).toContain('Kim');
  });
});

describe('private answers', () => {
  it('when the response_url has expired, the answer goes as chat.postEphemeral to the person in that channel', async () => {
    const responseUrl = h.fake.responseUrl();
    h.fake.expire(responseUrl);
    const since = h.mark();
    await h.slack.command({ user: MARIA, channel: LEADERSHIP, text: 'mine', responseUrl });
    await h.settle();
    const eph = since().find((c) => c.method === 'chat.postEphemeral')!;
    expect(eph.args).toMatchObject({ channel: LEADERSHIP.id, user: MARIA.id });
    expect(textOf(eph.args)).toContain('Yours');
  });

  it('where Baton cannot post at all (someone else\'s DM), the answer comes as a DM from Baton', async () => {
    const responseUrl = h.fake.responseUrl();
    h.fake.expire(responseUrl);
    h.fake.fail('chat.postEphemeral', { error: 'channel_not_found' });
    await h.slack.command({ user: MARIA, channel: { id: 'D0SOMEONE', name: 'directmessage' }, text: 'mine', responseUrl });
    await h.settle();
    expect(textOf(h.fake.posts(MARIA.id).at(-1)!.args)).toContain('Yours');
  });
});

describe('edits', () => {
  it('a `replaces` message edits the earlier post (chat.update); before that post exists, it posts', async () => {
    const transport = h.app.slack!.transport;
    const msg = (t: string) => ({ text: t, blocks: [{ type: 'section' as const, lines: [[{ text: t }]] }] });
    const first = await transport.deliver({ key: 'edit-test:0', workspaceExternalId: 'T0001', destination: { to: 'channel', channelId: LEADERSHIP.id }, message: msg('Digest: 1 of 3 answered') });
    const edited = await transport.deliver({
      key: 'edit-test:1',
      workspaceExternalId: 'T0001',
      destination: { to: 'channel', channelId: LEADERSHIP.id, replaces: 'edit-test:0' },
      message: msg('Digest: 3 of 3 answered'),
      replacesRef: first!,
    });
    expect(edited).toEqual(first);
    const update = h.fake.to('chat.update').at(-1)!;
    expect(update.args).toMatchObject({ channel: LEADERSHIP.id, ts: first!.messageId });
    expect(textOf(update.args)).toContain('3 of 3');
    const orphan = await transport.deliver({ key: 'edit-test:2', workspaceExternalId: 'T0001', destination: { to: 'channel', channelId: LEADERSHIP.id, replaces: 'never-sent' }, message: msg('Digest again') });
    expect(orphan?.messageId).not.toBe(first!.messageId);
    expect(textOf(h.fake.posts(LEADERSHIP.id).at(-1)!.args)).toContain('Digest again');
  });
});

describe('after a crash', () => {
  it('a message that reached Slack before the crash is found by its metadata and not sent again', async () => {
    await h.run(SAM, 'blocker Waiting on the bus contract');
    const posts = h.fake.calls.filter((c) => c.method === 'chat.postMessage').length;
    // The process died after Slack took the messages, before they were marked sent.
    await sqlRun(h.app, "update outbox set status = 'sending', result = null where status = 'sent'");
    await h.restart();
    await h.app.dispatcher.drain();
    expect(h.fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(posts);
    expect(h.fake.to('conversations.history').map((c) => c.args.channel)).toEqual(expect.arrayContaining([LEADERSHIP.id, `D${ALICE.id}`]));
    const sent = (await rows()).filter((r) => r.status === 'sent');
    expect(sent.length).toBe((await rows()).length);
    expect(sent.every((r) => typeof r.result?.messageId === 'string')).toBe(true);
  });

  it('a message that never reached Slack is sent after the restart, once', async () => {
    await h.run(MARIA, 'update Lost in the crash');
    const key = (await rows()).find((r) => JSON.stringify(r.message).includes('Lost in the crash'))!.key;
    await sqlRun(h.app, "update outbox set status = 'sending', result = null where key = ?", key);
    // It never arrived: Slack has no such message.
    const channel = h.fake.channels.get(LEADERSHIP.id)!;
    channel.messages = channel.messages.filter((m) => m.metadata?.event_payload.key !== key);
    await h.restart();
    await h.app.dispatcher.drain();
    expect(h.fake.posts(LEADERSHIP.id).filter((c) => textOf(c.args).includes('Lost in the crash'))).toHaveLength(2);
    expect((await rows()).find((r) => r.key === key)!.status).toBe('sent');
  });
});
