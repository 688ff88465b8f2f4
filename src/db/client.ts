// Opening the database: pragmas for a bot that writes often and must not lose a record, and the
// migrations in migrations/ applied before anything reads.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { RunResult } from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import * as schema from './schema.js';
import { SqliteStore, isSqliteStorageFailure } from './store.js';
import { useEngine } from './tables.js';

/** The database, or a transaction on it: every query function takes one. */
export type Db = BaseSQLiteDatabase<'sync', RunResult, typeof schema>;

export interface Database_ {
  /** The store: every unit of work of the app goes through it. */
  store: SqliteStore;
  /** The drizzle database, for tests and tools that run alone (the app uses the store). */
  db: Db;
  /** The raw connection, for backups and closing. */
  sqlite: Database.Database;
  close(): void;
}

/** migrations/ at the package root, whether running from src/ (tests) or dist/src/ (start). */
function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('migrations/ not found next to the package');
}

/** Files that hold the team's records (private views, notes, pending exports): the owner's only. */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/**
 * The database file made owner-only before SQLite writes to it; SQLite creates its -wal and -shm
 * with the database file's mode. A directory Baton creates for it is owner-only too; one that
 * already exists (the working directory, /tmp, a mounted volume) is left as the operator set it.
 */
function ownerOnly(file: string): void {
  const path = resolve(file);
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  closeSync(openSync(path, 'a', PRIVATE_FILE));
  // One an older Baton created under a permissive umask is tightened.
  for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) chmodSync(f, PRIVATE_FILE);
}

export function openDatabase(file: string): Database_ {
  if (file !== ':memory:') ownerOnly(file);
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash or power loss
  // can lose the last commits, which the platforms' retries then replay.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoints fsync; run inside a commit they would stall whoever is being answered. A timer
  // does them (startCheckpoints); this larger threshold only bounds the WAL if it falls behind.
  sqlite.pragma('wal_autocheckpoint = 20000');
  const db = drizzle(sqlite, { schema });
  useEngine('sqlite');
  migrate(db, { migrationsFolder: migrationsFolder() });
  return { store: new SqliteStore(sqlite, db), db, sqlite, close: () => sqlite.close() };
}

/**
 * Checkpoints the WAL every `intervalMs` from a worker thread with its own connection: a
 * checkpoint copies pages and fsyncs, and on the main thread it would stall whoever is being
 * answered. WAL lets it run beside the writer. Returns a stop function.
 */
export function startCheckpoints(file: string, intervalMs = 1_000): () => Promise<void> {
  if (file === ':memory:') return async () => undefined;
  const worker = new Worker(CHECKPOINTER, {
    eval: true,
    workerData: { file: resolve(file), driver: createRequire(import.meta.url).resolve('better-sqlite3'), intervalMs },
  });
  worker.unref();
  // A failing checkpointer must not take the app down; writes report real storage failures.
  worker.on('error', () => undefined);
  return async () => {
    worker.postMessage('stop');
    await new Promise<void>((done) => {
      const timer = setTimeout(() => void worker.terminate().then(() => done()), 2_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        done();
      });
    });
  };
}

/** The checkpointer thread (plain JS: it runs outside the build, from this string). */
const CHECKPOINTER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  try { db.close(); } catch {}
  process.exit(0);
});
`;

// The hot paths' prepared statements, on either engine (query code imports it from here).
export { prepared } from './query.js';

/**
 * A failure of the storage itself (disk full, read-only file, I/O error, corruption), as
 * opposed to a failure of one command: nothing more can be recorded until an operator acts.
 */
export const isStorageFailure = isSqliteStorageFailure;
