// The database a test bot runs on: a SQLite file, or with BATON_TEST_DB=pg a fresh PostgreSQL
// database (a real server from tests/support/postgres.ts, one per test file, started on first
// use and stopped after its last test), so the same core scenarios run on both engines.
// Test bots are made synchronously, and opening Postgres is not: its store here waits for the
// database before the first unit of work, and `db` is there once the store has opened (after the
// first awaited command).
import type Database from 'better-sqlite3';
import { type Database_, type Db, openDatabase } from '../../src/db/client.js';
import { type PgStore, openPgStore } from '../../src/db/pg/store.js';
import type { Store } from '../../src/db/store.js';
import pg from 'pg';
import { startPostgres } from './postgres.js';

export const TEST_ENGINE: 'sqlite' | 'postgres' = process.env.BATON_TEST_DB === 'pg' ? 'postgres' : 'sqlite';

/** Where test databases are copied from: the run's shared server (pg-global.ts), or one of this file's own. */
interface Source {
  url: string;
  port: number;
  template: string;
  /** Stops a server this file started; the shared one is the run's to stop. */
  stop?: () => Promise<void>;
}

let source: Promise<Source> | undefined;
let copies = 0;
/** Which database a "file" is on Postgres: a bot started again on its file finds its records. */
const databases = new Map<string, string>();

/** The server, with a template database already migrated: a copy of it is quicker than migrating each. */
function postgres(): Promise<Source> {
  source ??= (async () => {
    const shared = await import('vitest').then((v) => v.inject('batonPostgres')).catch(() => undefined);
    if (shared) return shared;
    // A file run without the global setup (a bench script, another config): its own server.
    const s = await startPostgres({ scratch: true });
    const url = await s.freshDatabase();
    const store = await openPgStore({ url, poolSize: 1 });
    await store.close();
    return { url: s.url, port: s.port, template: new URL(url).pathname.slice(1), stop: () => s.stop() };
  })();
  return source;
}

/** Every store a test bot opened: closed before the file ends. */
const stores: Promise<PgStore>[] = [];

if (TEST_ENGINE === 'postgres') {
  // vitest is imported only here: bench scripts load this file too. The file's stores close with
  // it (and its databases are dropped); a server it started itself stops (vitest ends its worker
  // processes without an 'exit' event, so the exit handler of postgres.ts would leave it running).
  const { afterAll } = await import('vitest');
  afterAll(async () => {
    if (!source) return;
    for (const s of stores.splice(0)) await s.then((x) => x.close()).catch(() => undefined);
    const s = await source;
    if (s.stop) return s.stop();
    const admin = new pg.Client({ connectionString: s.url });
    await admin.connect();
    try {
      await spare?.catch(() => undefined);
      for (const name of made) await admin.query(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end();
    }
  }, 120_000);
}

/** Every database this file copied, to drop when it ends. */
const made: string[] = [];

async function copyTemplate(): Promise<string> {
  const s = await postgres();
  const name = `bot${process.pid}_${++copies}`;
  made.push(name);
  const admin = new pg.Client({ connectionString: s.url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${s.template}`);
  } finally {
    await admin.end();
  }
  return `postgres://postgres@127.0.0.1:${s.port}/${name}`;
}

/** The next copy is made while the current test runs: a copy takes 0.1–0.2 s, a core test often less. */
let spare: Promise<string> | undefined;
async function freshCopy(): Promise<string> {
  const taken = spare ?? copyTemplate();
  spare = copyTemplate();
  spare.catch(() => undefined);
  return taken;
}

/** Opens the test database for `file`: that SQLite file, or (BATON_TEST_DB=pg) the Postgres database standing for it. */
export function openTestDatabase(file: string): Database_ {
  if (TEST_ENGINE === 'sqlite') return openDatabase(file);
  let opened: PgStore | undefined;
  const opening = (async () => {
    let url = databases.get(file);
    if (!url) databases.set(file, (url = await freshCopy()));
    // Small pools: a test file may hold dozens of bots on one server (max_connections 100).
    opened = await openPgStore({ url, poolSize: 3 });
    return opened;
  })();
  stores.push(opening);
  // A failure to open surfaces at the first unit of work, not as an unhandled rejection here.
  opening.catch(() => undefined);
  const store: Store = {
    engine: 'postgres',
    tx: async (work, opts) => (await opening).tx(work, opts),
    read: async (work) => (await opening).read(work),
    healthy: async () => (await opening).healthy(),
    isStorageFailure: (err) => opened?.isStorageFailure(err) ?? false,
    isUnreachable: (err) => opened?.isUnreachable(err) ?? false,
    close: async () => (await opening).close(),
  };
  const database: Database_ = {
    // Tests treat it as the SQLite store; what they call on it is the port's.
    store: store as unknown as Database_['store'],
    get db(): Db {
      if (!opened) throw new Error('the Postgres test database is not open yet: await a command first');
      return opened.pg as unknown as Db;
    },
    get sqlite(): Database.Database {
      throw new Error('no SQLite connection: this test runs on PostgreSQL (BATON_TEST_DB=pg)');
    },
    close: () => void opening.then((s) => s.close()).catch(() => undefined),
  };
  pgStores.set(database, opening);
  return database;
}

/** openTestDatabase, once the database is open: its `db` can be used at once (on Postgres, opening is awaited). */
export async function openReadyTestDatabase(file: string): Promise<Database_> {
  const database = openTestDatabase(file);
  await pgStores.get(database);
  return database;
}

/** The Postgres store behind each test database: raw SQL goes to its pool. */
const pgStores = new WeakMap<Database_, Promise<PgStore>>();

/** Postgres's values as SQLite hands them to a test: counts (int8) as numbers, JSON as its text. */
const sqliteLike = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => {
    if (oid === 20) return (v: string) => Number(v);
    if (oid === 114 || oid === 3802) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** What a test's SQL runs on: a test database, or a running app (its SQLite database, or its Postgres store). */
export type SqlTarget = Database_ | { database: Database_; postgres?: PgStore | undefined };

/** The pool to send raw SQL to, or undefined for SQLite (then the connection to use). */
async function engineOf(target: SqlTarget): Promise<{ pool: pg.Pool } | { sqlite: Database.Database }> {
  if ('database' in target) return target.postgres ? { pool: target.postgres.pool } : { sqlite: target.database.sqlite };
  const pgStore = pgStores.get(target);
  return pgStore ? { pool: (await pgStore).pool } : { sqlite: target.sqlite };
}

/**
 * A test's own look at the database, in SQL both engines read alike (`?` placeholders): every row.
 * For what a test checks behind the product's back (a row's status, a count); the product's own
 * reads are the query code's.
 */
export async function sqlAll<T = Record<string, unknown>>(target: SqlTarget, text: string, ...params: unknown[]): Promise<T[]> {
  const on = await engineOf(target);
  if ('sqlite' in on) return on.sqlite.prepare(text).all(...params) as T[];
  let n = 0;
  const r = await on.pool.query({ text: text.replace(/\?/g, () => `$${++n}`), values: params, types: sqliteLike });
  return r.rows as T[];
}

/** The first row, or undefined. */
export async function sqlGet<T = Record<string, unknown>>(target: SqlTarget, text: string, ...params: unknown[]): Promise<T | undefined> {
  return (await sqlAll<T>(target, text, ...params))[0];
}

/** A change behind the product's back (a test's setup): the rows it changed. */
export async function sqlRun(target: SqlTarget, text: string, ...params: unknown[]): Promise<number> {
  const on = await engineOf(target);
  if ('sqlite' in on) return on.sqlite.prepare(text).run(...params).changes;
  let n = 0;
  const r = await on.pool.query({ text: text.replace(/\?/g, () => `$${++n}`), values: params });
  return r.rowCount ?? 0;
}

/**
 * A running app as tests read it: on Postgres, its `database` is the Postgres store's (the query
 * functions take its `db`; there is no `sqlite`), instead of the app's stand-in that refuses
 * every use (src/app.ts noSqlite).
 */
export function testApp<T extends { database: Database_; postgres?: PgStore | undefined; store: Store }>(app: T): T {
  const pgStore = app.postgres;
  if (!pgStore) return app;
  const database: Database_ = {
    store: app.store as unknown as Database_['store'],
    db: pgStore.pg as unknown as Db,
    get sqlite(): Database.Database {
      throw new Error('no SQLite connection: this test runs on PostgreSQL (BATON_TEST_DB=pg)');
    },
    close: () => undefined,
  };
  return new Proxy(app, { get: (target, prop, receiver) => (prop === 'database' ? database : Reflect.get(target, prop, receiver)) });
}

/** A JSON member as text in SQL, in the engine's spelling (`json_extract` / `->>`): for a test's own SQL. */
export function sqlJson(column: string, member: string): string {
  return TEST_ENGINE === 'postgres' ? `(${column} ->> '${member}')` : `json_extract(${column}, '$.${member}')`;
}

/** The Baton configuration of a test's database for `file` (testDatabaseEnv), with a small pool on Postgres. */
export async function testDatabaseConfig(file: string): Promise<Record<string, string>> {
  return { ...(await testDatabaseEnv(file)), ...(TEST_ENGINE === 'postgres' ? { BATON_PG_POOL: TEST_PG_POOL } : {}) };
}

/**
 * The database variables a test starts Baton with (loadConfig, or a spawned process) for `file`:
 * `BATON_DB=file`, or (BATON_TEST_DB=pg) `DATABASE_URL` of the Postgres database standing for it.
 * The same `file` gives the same database: a restarted Baton finds its records.
 */
export async function testDatabaseEnv(file: string): Promise<{ BATON_DB: string } | { DATABASE_URL: string }> {
  if (TEST_ENGINE === 'sqlite') return { BATON_DB: file };
  let url = databases.get(file);
  if (!url) databases.set(file, (url = await freshCopy()));
  return { DATABASE_URL: url };
}

/** A short pool for a Baton a test starts: a test file may start dozens on one server. */
export const TEST_PG_POOL = '3';
