// Slack's Web API failing while the outbox sends: 500s, 429s and calls that time out. Every
// message is retried with backoff until it is delivered — never lost — and never posted twice,
// even when a call timed out after Slack had already taken the message (the retry looks for it
// first, by the outbox key in its metadata).
//
// The real core, dispatcher and Slack transport on a real SQLite file, against the fake Web API;
// the outbound client's timeout is shortened so a "timeout" takes a moment, not 15 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src/app.js';
import { SlackTransport } from '../../../src/adapters/slack/transport.js';
import { outboundClient } from '../../../src/adapters/slack/web.js';
import { loadConfig } from '../../../src/config.js';
import { FixedClock } from '../../../src/core/clock.js';
import type { Invocation } from '../../../src/core/ports.js';
import { outboxByStatus } from '../../../src/db/outbox.js';
import { FakeSlack } from '../../fakes/slack-api.js';
import { recordingLog, type LogLine } from '../teams/harness.js';
import { expectNoSecrets } from '../../support/secrets.js';
import { testApp, testDatabaseConfig } from '../../support/testdb.js';

const TOKEN = 'xoxb-web-api-failures';
const CHANNEL = 'C0LEAD001';

let fake: FakeSlack;
let core: Core;
let dir: string;
let clock: FixedClock;
let logs: LogLine[];

const inv = (text: string): [Invocation, string] => [
  { platform: 'slack', workspaceId: 'T0001', channelId: CHANNEL, isDirect: false, actor: { userId: 'U0ALICE01', name: 'Alice', tz: 'UTC' }, dedupeKey: `t:${text}` },
  text,
];

/** Messages Slack holds in the team channel whose text contains `needle`. */
const held = (needle: string) => (fake.channels.get(CHANNEL)?.messages ?? []).filter((m) => m.text.includes(needle));
const asked = (needle: string) => fake.posts(CHANNEL).filter((c) => String(c.args.text).includes(needle));

beforeEach(async () => {
  fake = new FakeSlack(TOKEN);
  await fake.start();
  fake.channel(CHANNEL, 'leadership', ['U0ALICE01']);
  dir = mkdtempSync(join(tmpdir(), 'baton-webapi-'));
  const loaded = loadConfig({ ...(await testDatabaseConfig(join(dir, 'baton.db'))) });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  clock = new FixedClock(Date.parse('2026-11-23T15:00:00Z'));
  logs = [];
  const log = recordingLog(logs);
  core = testApp(await createCore(loaded.config, { log, clock }));
  const addresses = {
    save: (ws: string, key: string, data: Record<string, unknown>) => core.bot.addresses.save('slack', ws, key, data),
    find: (ws: string, key: string) => core.bot.addresses.find('slack', ws, key),
  };
  core.transports.slack = new SlackTransport(outboundClient({ token: TOKEN, apiUrl: fake.url, log, timeoutMs: 300 }), addresses, log);
  await core.bot.command(...inv('setup Leadership'));
  await core.dispatcher.drain();
});

afterEach(async () => {
  await core.dispatcher.idle();
  core.database.close();
  await core.postgres?.close();
  await fake.stop();
  expectNoSecrets(JSON.stringify(logs), [TOKEN], 'the logs');
  rmSync(dir, { recursive: true, force: true });
});

describe('the outbox against a failing Slack Web API', () => {
  it('a post that timed out after Slack took it is found on the retry, not posted again', async () => {
    const release = fake.hold('chat.postMessage');
    await core.bot.command(...inv('update Sent while Slack was slow'));
    await core.dispatcher.drain();
    const [waiting] = await outboxByStatus(core.database.db, ['pending']);
    expect(waiting).toMatchObject({ attempts: 1 });
    expect(waiting!.notBefore).toBe(clock.now() + 1_000);
    // Slack answers late: the message is in the channel, though Baton gave up waiting.
    release();
    await fake.waitFor('Slack to hold the message', () => held('Sent while Slack was slow').length === 1);
    clock.advance(1_000);
    await core.dispatcher.drain();
    expect(await outboxByStatus(core.database.db, ['pending', 'sending', 'failed'])).toEqual([]);
    expect(held('Sent while Slack was slow')).toHaveLength(1);
    expect(asked('Sent while Slack was slow')).toHaveLength(1);
    expect(fake.to('conversations.history').length).toBeGreaterThan(0);
  });

  it('a post that timed out before Slack took it is sent on the retry, once', async () => {
    // The call is held past the timeout and then refused: Slack never took it.
    const release = fake.hold('chat.postMessage');
    fake.fail('chat.postMessage', { status: 500 });
    await core.bot.command(...inv('update Lost on the way'));
    await core.dispatcher.drain();
    release();
    await fake.waitFor('the held call to end', () => asked('Lost on the way').length === 1);
    clock.advance(1_000);
    await core.dispatcher.drain();
    expect(held('Lost on the way')).toHaveLength(1);
    expect(asked('Lost on the way')).toHaveLength(2);
    expect(await outboxByStatus(core.database.db, ['pending', 'sending', 'failed'])).toEqual([]);
  });

  it('500s are retried with a growing backoff until one succeeds; the message is held once', async () => {
    fake.fail('chat.postMessage', { status: 500 });
    fake.fail('chat.postMessage', { status: 502 });
    fake.fail('chat.postMessage', { error: 'internal_error' });
    await core.bot.command(...inv('update Through a flaky Slack'));
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = clock.now();
      await core.dispatcher.drain();
      const [row] = await outboxByStatus(core.database.db, ['pending']);
      expect(row!.attempts).toBe(i + 1);
      delays.push(row!.notBefore - before);
      // Not before the backoff ends.
      clock.advance(row!.notBefore - before - 1);
      await core.dispatcher.drain();
      expect(asked('Through a flaky Slack')).toHaveLength(i + 1);
      clock.advance(1);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000]);
    await core.dispatcher.drain();
    expect(held('Through a flaky Slack')).toHaveLength(1);
    expect(await outboxByStatus(core.database.db, ['pending', 'sending', 'failed'])).toEqual([]);
  });

  it('429, then a timeout, then a 500: delivered once, and later messages to the channel stay in order behind it', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 2 });
    await core.bot.command(...inv('update First'));
    await core.bot.command(...inv('update Second'));
    await core.dispatcher.drain();
    clock.advance(2_000);
    const release = fake.hold('chat.postMessage');
    await core.dispatcher.drain();
    release();
    await fake.waitFor('the late answer', () => held('First').length === 1);
    fake.fail('conversations.history', { status: 500 });
    fake.fail('chat.postMessage', { status: 500 });
    for (let i = 0; i < 6 && (await outboxByStatus(core.database.db, ['pending'])).length > 0; i++) {
      clock.advance(60_000);
      await core.dispatcher.drain();
    }
    expect(await outboxByStatus(core.database.db, ['pending', 'sending', 'failed'])).toEqual([]);
    const texts = (fake.channels.get(CHANNEL)?.messages ?? []).map((m) => m.text).filter((t) => /First|Second/.test(t));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('First');
    expect(texts[1]).toContain('Second');
  });
});
