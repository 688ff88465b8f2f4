import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerApp, startServer } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLog } from '../support/core.js';
import { TEST_ENGINE, TEST_PG_POOL, testDatabaseEnv } from '../support/testdb.js';

let app: ServerApp;
const dir = mkdtempSync(join(tmpdir(), 'baton-health-'));

beforeAll(async () => {
  const database = await testDatabaseEnv(join(dir, 'baton.db'));
  const r = loadConfig({ ...database, ...(TEST_ENGINE === 'postgres' ? { BATON_PG_POOL: TEST_PG_POOL } : {}), PORT: '0', HOST: '127.0.0.1' });
  if (!r.ok) throw new Error(r.problems.join(', '));
  app = await startServer(r.config, { log: silentLog });
});
afterAll(async () => {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the HTTP server', () => {
  it('answers GET /healthz with 200 and JSON while the database is reachable', async () => {
    const res = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toMatchObject({ ok: true, database: 'ok', engine: TEST_ENGINE });
  });

  it('answers 404 for routes it does not serve', async () => {
    const res = await fetch(`http://127.0.0.1:${app.port}/nope`);
    expect(res.status).toBe(404);
  });

  it.skipIf(TEST_ENGINE === 'postgres')('creates and migrates the database file on start', () => {
    const tables = app.database.sqlite.prepare("select name from sqlite_master where type='table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['workspaces', 'teams', 'members', 'commitments', 'outbox', 'jobs']));
    expect((app.database.sqlite.pragma('journal_mode') as { journal_mode: string }[])[0]!.journal_mode).toBe('wal');
  });

  it.skipIf(TEST_ENGINE === 'sqlite')('migrates the PostgreSQL database on start, and /healthz shows its pool', async () => {
    const tables = await app.postgres!.pool.query<{ name: string }>("select table_name as name from information_schema.tables where table_schema = 'public'");
    expect(tables.rows.map((t) => t.name)).toEqual(expect.arrayContaining(['workspaces', 'teams', 'members', 'commitments', 'outbox', 'jobs']));
    const res = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    expect(await res.json()).toMatchObject({ engine: 'postgres', pool: { size: Number(TEST_PG_POOL) } });
  });
});
