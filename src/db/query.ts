// Running a query on either engine. The query code in src/db is written once, against SQLite's
// drizzle types (Db), and runs on PostgreSQL too (shared/SCALE.md): a builder is awaited (drizzle's
// builders are thenables on both dialects) instead of SQLite's synchronous `.all()` / `.run()`,
// which node-postgres cannot offer; `first` stands for `.get()`; `affected` reads how many rows a
// write changed; `prepared` keeps the hot paths' statements built once on SQLite, where building
// the SQL costs more than running it.
import type { SQL } from 'drizzle-orm';
import type { RunResult } from 'better-sqlite3';
import type { Db } from './client.js';
import { isPostgres } from './dialect.js';
import type { PgDb } from './pg/store.js';

/**
 * The first row of a query, or undefined. On SQLite better-sqlite3's `get` steps one row and
 * stops; PostgreSQL's builders have no `get`, so there a select is limited to one row (inserts
 * and updates return what they wrote) and awaited.
 */
export async function first<T>(q: { get(): T }): Promise<T> {
  if (typeof (q as { get?: unknown }).get === 'function') return q.get();
  const limited = q as unknown as { limit?: (n: number) => PromiseLike<T[]> };
  const rows = await (typeof limited.limit === 'function' ? limited.limit(1) : (q as unknown as PromiseLike<T[]>));
  return rows[0] as T;
}

/** How many rows an awaited insert, update or delete changed: SQLite's `changes`, node-postgres's `rowCount`. */
export function affected(result: RunResult): number {
  const r = result as Partial<RunResult> & { rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

/** Runs a statement written in SQL; returns how many rows it changed. */
export async function execute(db: Db, query: SQL): Promise<number> {
  if (isPostgres(db)) return (await (db as unknown as PgDb).execute(query)).rowCount ?? 0;
  return db.run(query).changes;
}

/**
 * The rows of a query written in SQL. Postgres gives a bigint (count, max of an id) as text, where
 * SQLite gives a number: callers wrap those in Number().
 */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  if (isPostgres(db)) return (await (db as unknown as PgDb).execute(query)).rows as T[];
  return db.all<T>(query);
}

type Params = Record<string, unknown>;
/** What SQLite's drizzle `.prepare()` gives (synchronous on better-sqlite3). */
interface SyncStatement {
  get(params?: Params): unknown;
  all(params?: Params): unknown;
  run(params?: Params): unknown;
}
/** A prepared statement on either engine. */
export interface Statement<S extends SyncStatement> {
  get(params?: Params): Promise<ReturnType<S['get']>>;
  all(params?: Params): Promise<ReturnType<S['all']>>;
  run(params?: Params): Promise<void>;
}
/** What PostgreSQL's drizzle `.prepare()` gives. */
interface PgStatement {
  execute(params?: Params): Promise<unknown>;
}

const preparedByConnection = new WeakMap<Db, Map<string, unknown>>();

/**
 * A statement for the hot paths, built once per connection with drizzle's `.prepare()` and
 * reused: building and preparing SQL on every call costs more than running it. Run inside a
 * unit of work of the store, it takes part in its transaction (one connection, one at a time).
 * On PostgreSQL the store hands each transaction its own Db, so a statement lives as long as the
 * transaction (drizzle binds it to the transaction's connection); it is sent unnamed.
 *
 * @example (await prepared(db, 'teams.byChannel', (c) => c.select().from(teams).where(…placeholders…).prepare()).get({ … }))
 */
export function prepared<S extends SyncStatement>(db: Db, name: string, build: (connection: Db) => S): Statement<S> {
  let statements = preparedByConnection.get(db);
  if (!statements) preparedByConnection.set(db, (statements = new Map()));
  let statement = statements.get(name) as Statement<S> | undefined;
  if (statement === undefined) {
    const built = build(db);
    statement = isPostgres(db) ? onPostgres<S>(built as unknown as PgStatement) : onSqlite(built);
    statements.set(name, statement);
  }
  return statement;
}

function onSqlite<S extends SyncStatement>(s: S): Statement<S> {
  return {
    get: (p) => Promise.resolve(s.get(p) as ReturnType<S['get']>),
    all: (p) => Promise.resolve(s.all(p) as ReturnType<S['all']>),
    run: (p) => {
      s.run(p);
      return Promise.resolve();
    },
  };
}

function onPostgres<S extends SyncStatement>(s: PgStatement): Statement<S> {
  return {
    get: async (p) => ((await s.execute(p)) as unknown[])[0] as ReturnType<S['get']>,
    all: async (p) => (await s.execute(p)) as ReturnType<S['all']>,
    run: async (p) => {
      await s.execute(p);
    },
  };
}
