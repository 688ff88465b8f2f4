// The Bot Framework connector failing while the outbox sends: 5xx answers and a service that
// does not answer at all. Messages are retried until delivered and delivered once; a hanging
// call is abandoned after its timeout instead of holding every other delivery back.
//
// Baton's real core, dispatcher and Teams adapter (CloudAdapter) behind Baton's own HTTP
// server, on a real SQLite file, with the connector call timeout shortened to a moment.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src/app.js';
import { TeamsAdapter } from '../../../src/adapters/teams/app.js';
import { loadConfig } from '../../../src/config.js';
import { outboxByStatus } from '../../../src/db/outbox.js';
import { HttpServer } from '../../../src/server.js';
import { CHANNEL, TeamsActivities, alice, maria } from '../../fakes/teams-activities.js';
import { FakeConnector } from '../../fakes/teams-connector.js';
import { expectNoSecrets } from '../../support/secrets.js';
import { type LogLine, cardText, recordingLog } from './harness.js';
import { testApp, testDatabaseConfig } from '../../support/testdb.js';

let fake: FakeConnector;
let core: Core;
let server: HttpServer;
let port: number;
let acts: TeamsActivities;
let dir: string;
let logs: LogLine[];

const activityPosts = (r: { method: string; path: string }) => r.method === 'POST' && /\/activities$/.test(r.path);
const inChannel = (needle: string) => fake.postsTo(CHANNEL.id).filter((p) => cardText(p).includes(needle));

async function post(activity: object): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await res.text();
  return res.status;
}

beforeEach(async () => {
  fake = await new FakeConnector().start();
  fake.seat(CHANNEL.id, [alice, maria]);
  dir = mkdtempSync(join(tmpdir(), 'baton-teams-faults-'));
  const loaded = loadConfig({ ...(await testDatabaseConfig(join(dir, 'baton.db'))), BATON_TEAMS_DEV: '1' });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  logs = [];
  const log = recordingLog(logs);
  core = testApp(await createCore(loaded.config, { log }));
  const teams = new TeamsAdapter({ bot: core.bot, log, callTimeoutMs: 300 });
  core.transports.teams = teams.transport;
  core.directories.teams = teams.directory;
  server = new HttpServer(async () => ({ ok: true }));
  server.route('POST', '/api/messages', teams.route);
  port = await server.listen(0, '127.0.0.1');
  acts = new TeamsActivities(fake.url);
  expect(await post(acts.channelMessage(alice, 'setup District Leadership'))).toBe(200);
  await core.dispatcher.drain();
});

afterEach(async () => {
  await server.close();
  await core.dispatcher.idle();
  core.database.close();
  await core.postgres?.close();
  await fake.stop();
  expectNoSecrets(JSON.stringify(logs), [], 'the logs');
  rmSync(dir, { recursive: true, force: true });
});

/** Delivery passes until nothing is waiting (the outbox's own backoff runs on the real clock). */
async function delivered(): Promise<void> {
  // What was accepted is worked first: only then is all it sends in the outbox.
  await core.bot.inbox.idle();
  for (let i = 0; i < 200; i++) {
    await core.dispatcher.drain();
    if ((await outboxByStatus(core.database.db, ['pending', 'sending'])).length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the outbox did not empty');
}

describe('the outbox against a failing Teams connector', () => {
  it('5xx answers are retried (by botbuilder, then by the outbox with backoff) and the message is posted once', async () => {
    const mark = fake.requests.length;
    // botbuilder tries four times; the fifth is the outbox's own retry.
    fake.fail(3, 500, activityPosts);
    fake.fail(1, 503, activityPosts);
    expect(await post(acts.channelMessage(alice, 'update Through a failing connector'))).toBe(200);
    await delivered();
    const statuses = fake.requests.slice(mark).filter(activityPosts).map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(4);
    expect(statuses.at(-1)).toBe(201);
    expect(inChannel('Through a failing connector')).toHaveLength(1);
    expect(await outboxByStatus(core.database.db, ['failed'])).toEqual([]);
    expect(logs.some((l) => l.msg === 'message delivery will be retried')).toBe(true);
  });

  it('a connector that does not answer is abandoned after the timeout, retried, and does not hold other sends back', async () => {
    // The channel's posts hang; Maria's private answers (her 1:1 chat) do not.
    const release = fake.hold((r) => activityPosts(r) && r.path.includes(encodeURIComponent(CHANNEL.id)));
    expect(await post(acts.channelMessage(alice, 'update Posted while the service hangs'))).toBe(200);
    expect(await post(acts.personalMessage(maria, 'mine'))).toBe(200);
    await core.dispatcher.drain();
    expect(fake.dmsTo(maria.id)).toHaveLength(1);
    const [waiting] = await outboxByStatus(core.database.db, ['pending']);
    expect(waiting).toMatchObject({ attempts: 1 });
    release();
    await delivered();
    // The service may have taken the abandoned call when it came back: Teams offers no way to
    // look, so this one can arrive twice (see README, "Reliability and security"); it is never lost.
    expect(inChannel('Posted while the service hangs').length).toBeGreaterThanOrEqual(1);
    expect(await outboxByStatus(core.database.db, ['failed'])).toEqual([]);
  });
});
