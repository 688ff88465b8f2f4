// The built app on PostgreSQL (DATABASE_URL) when the database goes away or stops taking writes.
// A lost connection (the server dropped every one of Baton's, as a restart or a failover does)
// is not a reason to stop: the pool opens new ones, the commands go on being recorded. A database
// that takes no more writes (read-only: a standby, default_transaction_read_only) is: one clear
// line naming PostgreSQL, exit code 1, no stack trace, and DATABASE_URL never printed.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack-api.js';
import { SlackRequests } from '../fakes/slack-requests.js';
import { type TestPostgres, startPostgres } from '../support/postgres.js';
import { expectNoSecrets } from '../support/secrets.js';
import { TEST_ENGINE } from '../support/testdb.js';
import { type BatonProcess, STACK_LINE, slackEnv, spawnBaton, until } from './process.js';

const SECRET = 'pg-storage-signing-secret-0123456789';
const TOKEN = 'xoxb-pg-storage-test';
const CHANNEL = { id: 'C0PGSTORE', name: 'leadership' };
const LEAD = { id: 'U0LEAD001', name: 'lead' };

let postgres: TestPostgres;
let fake: FakeSlack;
const running: BatonProcess[] = [];

// PostgreSQL's failures, run in the PostgreSQL leg (BATON_TEST_DB=pg); SQLite's are
// tests/e2e/storage-exit.test.ts's, run in the SQLite leg.
const skip = TEST_ENGINE === 'sqlite';

beforeAll(async () => {
  if (skip) return;
  postgres = await startPostgres();
  fake = new FakeSlack(TOKEN);
  await fake.start();
  fake.user({ id: LEAD.id, name: 'lead', display_name: 'Lead', tz: 'UTC' });
  fake.channel(CHANNEL.id, CHANNEL.name, [LEAD.id]);
}, 120_000);
afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await fake?.stop();
  await postgres?.stop();
});

describe.skipIf(skip)('Baton on PostgreSQL when the database goes away', () => {
  it('a lost connection is retried, not a reason to stop; a database that takes no writes stops it cleanly, in one line', async () => {
    const url = await postgres.freshDatabase();
    const name = new URL(url).pathname.slice(1);
    const p = spawnBaton(await slackEnv({ databaseUrl: url, apiUrl: fake.url, token: TOKEN, secret: SECRET }));
    running.push(p);
    const port = await p.listening();
    const slack = new SlackRequests(`http://127.0.0.1:${port}/slack/events`, SECRET, { id: 'T0PG00001', domain: 'district' });
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    try {
      const health = async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
      expect(await health()).toMatchObject({ ok: true, engine: 'postgres', pool: { size: 10 } });
      await slack.command({ user: LEAD, channel: CHANNEL, text: 'setup Leadership', responseUrl: fake.responseUrl() });
      await until('the team to be set up', () => fake.posts(CHANNEL.id).some((c) => String(c.args.text).includes('Baton is set up')));
      const commitments = async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          return (await c.query<{ text: string }>('select text from commitments order by id')).rows.map((r) => r.text);
        } finally {
          await c.end();
        }
      };
      const dropConnections = () => admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);

      // Every one of Baton's connections dropped, as a server restart would.
      await dropConnections();
      await new Promise((r) => setTimeout(r, 200));
      const after = await slack.command({ user: LEAD, channel: CHANNEL, text: 'commit Survives a lost connection by Friday', responseUrl: fake.responseUrl() });
      expect(after).toEqual({ status: 200, body: '' });
      await until('the command to be recorded', async () => (await commitments()).some((t) => t.includes('Survives a lost connection')));
      expect(p.child.exitCode).toBeNull();
      expect(p.stderr() + p.stdout()).toMatch(/lost a connection to PostgreSQL/);

      // Now the database takes no writes (as a standby would not): new connections are read-only.
      await admin.query(`alter database ${name} set default_transaction_read_only = on`);
      await dropConnections();
      await new Promise((r) => setTimeout(r, 200));
      const refused = await slack.command({ user: LEAD, channel: CHANNEL, text: 'commit Never recorded by Friday', responseUrl: fake.responseUrl() }).catch(() => ({ status: 0, body: '' }));
      expect(refused).not.toEqual({ status: 200, body: '' });
      const exit = await p.exited;
      expect(exit, p.stderr()).toEqual({ code: 1, signal: null });
      expect(p.stderr()).toMatch(/Baton stopped: PostgreSQL can no longer be written \(25006\)/);
      expect(p.stderr()).not.toMatch(STACK_LINE);
      expect(p.stdout()).not.toMatch(STACK_LINE);
      expectNoSecrets(p.stdout() + p.stderr(), [TOKEN, SECRET, url], 'Baton’s output');
    } finally {
      await admin.query(`alter database ${name} reset default_transaction_read_only`).catch(() => undefined);
      await admin.end();
    }
  }, 120_000);
});
