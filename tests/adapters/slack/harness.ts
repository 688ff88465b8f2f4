// Baton started for real (src/app.ts startServer) on a temp SQLite file, with Slack over HTTP
// pointed at the fake Web API, driven by requests signed as Slack signs them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerApp, startServer } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { FixedClock } from '../../../src/core/clock.js';
import type { Logger } from '../../../src/core/ports.js';
import { FakeSlack, type ResponseUrlPost, type SlackCall } from '../../fakes/slack-api.js';
import { type SlackReply, SlackRequests, type Team, triggerId } from '../../fakes/slack-requests.js';
import { expectNoSecrets } from '../../support/secrets.js';
import { testApp, testDatabaseConfig } from '../../support/testdb.js';

export const SECRET = 'test-signing-secret-0123456789abcdef';
export const TOKEN = 'xoxb-test-token';

export const ALICE = { id: 'U0ALICE01', name: 'alice' };
export const MARIA = { id: 'U0MARIA01', name: 'maria' };
export const SAM = { id: 'U0SAM0001', name: 'sam' };
export const LEADERSHIP = { id: 'C0LEAD001', name: 'leadership' };
export const STAFF = { id: 'C0STAFF01', name: 'staff-announcements' };

export interface LogEntry {
  level: string;
  obj: object;
  msg?: string | undefined;
}

export interface Harness {
  app: ServerApp;
  fake: FakeSlack;
  slack: SlackRequests;
  clock: FixedClock;
  logs: LogEntry[];
  /** `/baton <text>` as `user` in `channel`; waits until Baton is done and returns what it sent. */
  run(user: { id: string; name: string }, text: string, o?: { channel?: { id: string; name: string }; triggerId?: string }): Promise<Ran>;
  /** Waits until every request is handled and every due message delivered. */
  settle(): Promise<void>;
  /** Calls to the fake since the last `mark()`. */
  mark(): () => SlackCall[];
  /** Stops Baton and starts it again on the same database (a restart, or a crash when the database was left mid-send). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface Ran {
  reply: SlackReply;
  responseUrl: string;
  /** What was posted to this command's response_url (the private answers). */
  ephemerals: ResponseUrlPost[];
  /** Web API calls made while handling it. */
  calls: SlackCall[];
}

/** Everything Baton sent, as text a person would read: fallback `text` plus each block's text. */
export function textOf(x: { text?: string; blocks?: unknown[] } | Record<string, any>): string {
  return [x.text ?? '', JSON.stringify(x.blocks ?? [])].join('\n');
}

export async function harness(o: { team?: Team; clock?: string; socketMode?: boolean } = {}): Promise<Harness> {
  const fake = new FakeSlack(TOKEN);
  await fake.start();
  fake.user({ id: ALICE.id, name: 'alice', real_name: 'Alice Adams', display_name: 'Alice', tz: 'UTC' });
  fake.user({ id: MARIA.id, name: 'maria', real_name: 'Maria Lopez', display_name: 'Maria', tz: 'America/Chicago' });
  fake.user({ id: SAM.id, name: 'sam', real_name: 'Sam Tanaka', display_name: 'Sam', tz: 'Asia/Tokyo' });
  fake.user({ id: 'UBATONBOT', name: 'baton', is_bot: true });
  fake.channel(LEADERSHIP.id, LEADERSHIP.name, [ALICE.id, MARIA.id, SAM.id, 'UBATONBOT']);
  fake.channel(STAFF.id, STAFF.name, [ALICE.id, 'UBATONBOT']);

  const dir = mkdtempSync(join(tmpdir(), 'baton-slack-'));
  const loaded = loadConfig({
    ...(await testDatabaseConfig(join(dir, 'baton.db'))),
    PORT: '0',
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: TOKEN,
    ...(o.socketMode ? { SLACK_APP_TOKEN: fake.appToken } : { SLACK_SIGNING_SECRET: SECRET }),
    SLACK_API_URL: fake.url,
    // Debug: Bolt's and the Web API client's most talkative lines are scanned for secrets too.
    LOG_LEVEL: 'debug',
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const logs: LogEntry[] = [];
  const log: Logger = {
    debug: (obj, msg) => logs.push({ level: 'debug', obj, msg }),
    info: (obj, msg) => logs.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => logs.push({ level: 'error', obj, msg }),
  };
  const clock = new FixedClock(Date.parse(o.clock ?? '2026-11-23T15:00:00Z'));
  let app = await startServer(loaded.config, { log, clock });
  const slack = new SlackRequests(`http://127.0.0.1:${app.port}/slack/events`, SECRET, o.team ?? { id: 'T0001', domain: 'fake-district' });

  const settle = async () => {
    await app.slack!.idle();
    await app.dispatcher.drain();
    await app.slack!.idle();
  };
  const mark = () => {
    const from = fake.calls.length;
    return () => fake.calls.slice(from);
  };

  return {
    get app() {
      return testApp(app);
    },
    fake,
    slack,
    clock,
    logs,
    settle,
    mark,
    async run(user, text, opt = {}) {
      const since = mark();
      const responseUrl = fake.responseUrl();
      const reply = await slack.command({ user, channel: opt.channel ?? LEADERSHIP, text, responseUrl, triggerId: opt.triggerId ?? triggerId() });
      await settle();
      const path = new URL(responseUrl).pathname;
      return { reply, responseUrl, ephemerals: fake.responses.filter((r) => r.id === path), calls: since() };
    },
    async restart() {
      await app.stop();
      app = await startServer(loaded.config, { log, clock });
      slack.retarget(`http://127.0.0.1:${app.port}/slack/events`);
    },
    async close() {
      await app.stop();
      await fake.stop();
      // Every line Baton logged while this harness ran: no token, signing secret or response_url.
      expectNoSecrets(JSON.stringify(logs), [TOKEN, SECRET, fake.appToken], 'the logs of this Slack test');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
