// The store port: the one place that owns transactions. Everything Baton records goes through
// `tx`, everything it reads outside one through `read`; no other module opens, commits or rolls
// back. The engine behind it decides what "one at a time" means: SQLite has one writer, so here
// every unit of work is serial; on PostgreSQL (shared/SCALE.md) a per-workspace lock gives the
// same guarantee to each workspace while workspaces run side by side. No handler may rely on
// being alone unless `tx` guarantees it.
import type Database from 'better-sqlite3';
import type { Db } from './client.js';

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one transaction: all of it is written, or none. No network call inside (the
   * outbox sends after commit), so a transaction can be retried whole. `workspace` names whose
   * records it touches; SQLite is serial anyway.
   */
  tx<T>(work: (q: Db) => Promise<T>, opts?: { workspace?: number | string }): Promise<T>;
  /** Reads outside a write transaction (never sees another unit's uncommitted writes). */
  read<T>(work: (q: Db) => Promise<T>): Promise<T>;
  /** True when the database answers a query. */
  healthy(): Promise<boolean>;
  /**
   * A failure of the storage itself (disk full, read-only file, I/O error, corruption), as
   * opposed to a failure of one command: nothing more can be recorded until an operator acts.
   */
  isStorageFailure(err: unknown): boolean;
  close(): Promise<void>;
}

/**
 * SQLite behind the port: one connection, a FIFO queue, `BEGIN IMMEDIATE`, every query awaited.
 * better-sqlite3 runs each statement synchronously, but an awaiting unit of work lets other code
 * run in between; on one connection that code would join the open transaction. So every use of
 * the connection — writes and reads — waits its turn in the queue.
 */
export class SqliteStore implements Store {
  readonly engine = 'sqlite' as const;
  /** Resolves when the unit of work ahead of the last one queued has finished. */
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;

  constructor(
    /** The connection, for the queue's own use, health, backups and closing. */
    readonly sqlite: Database.Database,
    /** The drizzle database on it: handed to units of work, and to tests that run alone. */
    readonly db: Db,
  ) {
    this.begin = sqlite.prepare('BEGIN IMMEDIATE');
    this.commit = sqlite.prepare('COMMIT');
    this.rollback = sqlite.prepare('ROLLBACK');
  }

  async tx<T>(work: (q: Db) => Promise<T>): Promise<T> {
    return this.serially(async () => {
      this.begin.run();
      try {
        const result = await work(this.db);
        this.commit.run();
        return result;
      } catch (err) {
        // A failed COMMIT (disk full) may have ended the transaction already.
        if (this.sqlite.inTransaction) this.rollback.run();
        throw err;
      }
    });
  }

  async read<T>(work: (q: Db) => Promise<T>): Promise<T> {
    return this.serially(() => work(this.db));
  }

  async healthy(): Promise<boolean> {
    try {
      this.sqlite.prepare('select 1').get();
      return true;
    } catch {
      return false;
    }
  }

  isStorageFailure(err: unknown): boolean {
    return isSqliteStorageFailure(err);
  }

  async close(): Promise<void> {
    await this.serially(async () => undefined);
    this.sqlite.close();
  }

  /** Units of work one at a time, in the order they asked. */
  private async serially<T>(work: () => Promise<T>): Promise<T> {
    const ahead = this.tail;
    let done!: () => void;
    this.tail = new Promise<void>((resolve) => (done = resolve));
    this.queued++;
    try {
      // Nobody ahead: start now, without a turn of the event loop.
      if (this.queued > 1) await ahead;
      return await work();
    } finally {
      this.queued--;
      done();
    }
  }
}

export function isSqliteStorageFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(FULL|READONLY|IOERR|CORRUPT|NOTADB|CANTOPEN)/.test(code);
}
