// vitest's global setup for the PostgreSQL leg (BATON_TEST_DB=pg): one server for the whole run,
// and a template database migrated once, instead of a server and a migration per test file
// (about 4 s each). Workers copy the template for each test bot (tests/support/testdb.ts).
import type { TestProject } from 'vitest/node';
import { openPgStore } from '../../src/db/pg/store.js';
import { startPostgres } from './postgres.js';

export interface SharedPostgres {
  /** The server's admin URL (its `postgres` database). */
  url: string;
  port: number;
  /** The migrated database each test database is copied from. */
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    batonPostgres: SharedPostgres;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Two workers, each file holding up to a few dozen bots with small pools.
  const server = await startPostgres({ scratch: true, maxConnections: 400 });
  const url = await server.freshDatabase();
  const store = await openPgStore({ url, poolSize: 1 });
  await store.close();
  project.provide('batonPostgres', { url: server.url, port: server.port, template: new URL(url).pathname.slice(1) });
  return () => server.stop();
}
