// The store port: one unit of work at a time per workspace, on either engine. The core reaches
// storage through this (issue 18); the engines behind it are SQLite (one process) and PostgreSQL
// (several instances, src/db/pg/store.ts).
import type { Db } from './client.js';

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /** One transaction. `workspace` (the workspace row id or the platform's external id string): on Postgres the transaction takes pg_advisory_xact_lock on it first; SQLite is serial anyway. Retried whole on 40001/40P01 on Postgres. */
  tx<T>(work: (q: Db) => Promise<T>, opts?: { workspace?: number | string }): Promise<T>;
  /** Reads outside a write transaction. */
  read<T>(work: (q: Db) => Promise<T>): Promise<T>;
  healthy(): Promise<boolean>;
  /** Disk full, read-only, I/O error, corruption (SQLite) / 53100, 25006 etc. (Postgres): one clear line and exit. A lost connection is NOT a storage failure (retry). */
  isStorageFailure(err: unknown): boolean;
  close(): Promise<void>;
}
