// The store on PostgreSQL (DATABASE_URL), for several instances on one database: drizzle over a
// node-postgres pool, migrations from migrations/pg applied at start, one transaction per unit of
// work. A transaction given a workspace takes that workspace's advisory lock first, so a
// workspace's commands run one at a time whichever instance took them (a handler sees a consistent
// team) while different workspaces run in parallel. Nothing but database work happens inside a
// transaction (messages go through the outbox), so one that Postgres aborts as a serialization
// failure or a deadlock can be run again whole.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DrizzleQueryError } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Db } from '../client.js';
import * as schema from '../schema.pg.js';
import type { Store, TxOptions } from '../store.js';
import { useEngine } from '../tables.js';

export type PgDb = NodePgDatabase<typeof schema>;

/**
 * Connections per instance (BATON_PG_POOL). Instances × pool must stay
 * under the server's max_connections (100 by default) with room for backups and psql.
 */
export const PG_POOL_DEFAULT = 10;
/** Runs of one transaction, the first included, before a serialization failure or deadlock is given up. */
export const PG_TX_ATTEMPTS = 5;

export interface PgStoreOptions {
  url: string;
  poolSize?: number;
  /** migrations/pg, found beside the package when not given. */
  migrationsFolder?: string;
  attempts?: number;
  /** How long to wait for a free connection (or a new one) before a query fails. */
  connectTimeoutMs?: number;
  /** A pooled connection that broke (the server restarted, failed over, the network dropped): the pool replaces it. */
  onConnectionError?: (err: Error) => void;
}

export interface PgStore extends Store {
  readonly engine: 'postgres';
  /** The drizzle database on the pool, with its own types (the port hands it out as Db). */
  readonly pg: PgDb;
  readonly pool: pg.Pool;
}

/** migrations/pg at the package root, whether running from src/ (tests) or dist/src/ (start). */
function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'migrations', 'pg');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('migrations/pg not found next to the package');
}

/**
 * A 64-bit advisory-lock key for a name, as a decimal string for a ::bigint parameter. 64 bits
 * rather than hashtext's 32 so two workspaces practically never share a lock (sharing one would
 * only make them wait for each other, never break anything).
 */
export function lockKey(name: string): string {
  return BigInt.asIntN(64, createHash('sha256').update(name).digest().readBigUInt64BE(0)).toString();
}

/** The workspace's lock. Callers must name a workspace the same way everywhere (the row id, or the external id): two names are two locks. */
export function workspaceLockKey(workspace: number | string): string {
  return lockKey(`baton:workspace:${workspace}`);
}

/** Held while migrating, so instances started together do not migrate at once. */
const MIGRATION_LOCK = lockKey('baton:migrations');

/** The SQLSTATE (or Node's system error code) of an error, looking through drizzle's wrapping. */
export function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Serialization failure and deadlock: Postgres rolled the transaction back and says running it again may succeed. */
export function isRetryable(err: unknown): boolean {
  const code = errorCode(err);
  return code === '40001' || code === '40P01';
}

/**
 * A failure of the storage itself, which no retry fixes and an operator must act on: class 53
 * (disk full 53100, out of memory 53200, configuration limit 53400), 25006 (a read-only database:
 * a standby, or default_transaction_read_only), class 58 (I/O error, missing file), XX001/XX002
 * (data or index corruption). Not 53300 (too many connections: other instances' pools come and
 * go), nor a lost or refused connection (class 08, 57P01-57P03 shutdown/starting, ECONNREFUSED…):
 * those pass, and the work is retried.
 */
export function isPgStorageFailure(err: unknown): boolean {
  const code = errorCode(err);
  if (!code || code === '53300') return false;
  return code.startsWith('53') || code.startsWith('58') || code === '25006' || code === 'XX001' || code === 'XX002';
}

/**
 * The server could not be reached or dropped the connection: class 08 (connection exceptions),
 * 57P01-57P03 (shut down by an administrator, crashed, starting up), 53300 (too many connections:
 * other instances' pools come and go), a socket's own errors, and the pool's "no connection
 * within the timeout". Work that met one is run again later; nothing is wrong with it.
 */
export function isPgUnreachable(err: unknown): boolean {
  const code = errorCode(err);
  if (code && (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300')) return true;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
  // node-postgres reports these without a code.
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * The error without the values it was run with: drizzle's message for a failed query lists its
 * parameters, which carry what people wrote and Slack's response_url, and errors are logged.
 * The query, Postgres's own message and its code stay (the code is what failures are told apart by).
 */
export function withoutParams(err: unknown): unknown {
  if (!(err instanceof DrizzleQueryError)) return err;
  const cause = err.cause as { message?: unknown; code?: unknown } | undefined;
  const plain = new Error(`Failed query: ${err.query}${typeof cause?.message === 'string' ? ` (${cause.message})` : ''}`, { cause: err.cause });
  if (typeof cause?.code === 'string') Object.assign(plain, { code: cause.code });
  return plain;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Full jitter: two transactions that collided do not collide again in lockstep. */
function backoff(attempt: number): number {
  return Math.random() * Math.min(500, 10 * 2 ** attempt);
}

/** Opens the pool and brings the database's schema up to date. */
export async function openPgStore(opts: PgStoreOptions): Promise<PgStore> {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? PG_POOL_DEFAULT,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
  });
  // A broken connection emits 'error'; with no listener that is an uncaught exception, which would
  // take the process down when the server restarts. The pool listens on idle ones only, so every
  // connection gets a listener of its own (one in a transaction fails that transaction as well).
  const connectionError = (err: Error) => opts.onConnectionError?.(err);
  pool.on('error', connectionError);
  pool.on('connect', (client) => client.on('error', connectionError));
  try {
    await migrateLocked(pool, opts.migrationsFolder ?? migrationsFolder());
  } catch (err) {
    await pool.end();
    throw err;
  }
  const db = drizzle({ client: pool, schema });
  // The query code's tables are Postgres's from now on (one engine per process: src/db/tables.ts).
  useEngine('postgres', schema);
  const attempts = opts.attempts ?? PG_TX_ATTEMPTS;
  return {
    engine: 'postgres',
    pg: db,
    pool,
    async tx<T>(work: (q: Db) => Promise<T>, txOpts?: TxOptions): Promise<T> {
      const lock = txOpts?.workspace === undefined ? undefined : workspaceLockKey(txOpts.workspace);
      for (let attempt = 1; ; attempt++) {
        try {
          // An acknowledgement is one statement (the inbox's insert): autocommitted on any pooled
          // connection, one round trip instead of BEGIN, insert, COMMIT while Slack waits.
          if (txOpts?.acknowledging && lock === undefined) return await work(db as unknown as Db);
          return await inTransaction(pool, lock, work);
        } catch (err) {
          // A lost connection is not retried here: whether the commit landed is unknown.
          if (attempt >= attempts || !isRetryable(err)) throw withoutParams(err);
          await sleep(backoff(attempt));
        }
      }
    },
    async read<T>(work: (q: Db) => Promise<T>): Promise<T> {
      try {
        return await work(db as unknown as Db);
      } catch (err) {
        throw withoutParams(err);
      }
    },
    async healthy(): Promise<boolean> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((done) => (timer = setTimeout(() => done(false), 2_000)));
      const probe = pool.query('select 1').then(
        () => true,
        () => false,
      );
      try {
        return await Promise.race([probe, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    isStorageFailure: isPgStorageFailure,
    isUnreachable: isPgUnreachable,
    async close(): Promise<void> {
      await pool.end();
    },
  };
}

/** drizzle on one pooled connection, made once per connection (the pool reuses them). */
const onConnection = new WeakMap<pg.PoolClient, PgDb>();

/**
 * Runs `work` in a transaction on a connection of its own, holding the advisory lock `lock` when
 * given. BEGIN and the lock go in one round trip. The work runs on the connection's own drizzle
 * database (made once per connection, so the statements query code prepares are built once per
 * connection, not once per transaction as on drizzle's transaction object). The connection is
 * always handed back, and handed back as broken when the server is gone or a rollback failed,
 * so the pool closes it rather than lend out one in an unknown state (drizzle's transaction on a
 * pool keeps a connection forever when its `begin` fails).
 */
async function inTransaction<T>(pool: pg.Pool, lock: string | undefined, work: (q: Db) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    let db = onConnection.get(client);
    if (!db) onConnection.set(client, (db = drizzle({ client, schema })));
    try {
      // Simple protocol (no parameters): several statements in one message. The key is a decimal
      // integer made here (lockKey), never outside text. Inside the try: a lock that fails (a
      // deadlock, a timeout) leaves the transaction open and aborted, and it must be rolled back
      // before the connection goes back to the pool.
      await client.query(lock === undefined ? 'begin' : `begin; select pg_advisory_xact_lock(${BigInt(lock)}::bigint)`);
      const result = await work(db as unknown as Db);
      await client.query('commit');
      return result;
    } catch (err) {
      try {
        await client.query('rollback');
      } catch (rollbackFailed) {
        broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
      }
      throw err;
    }
  } catch (err) {
    if (!broken && isPgUnreachable(err)) broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    client.release(broken);
  }
}

/** drizzle's migrator takes no lock of its own; two instances starting together would both create its table. */
async function migrateLocked(pool: pg.Pool, folder: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1::bigint)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder: folder });
    } finally {
      await client.query('select pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
