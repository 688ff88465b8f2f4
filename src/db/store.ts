// The store port: the one place that owns transactions. Everything Baton records goes through
// `tx`, everything it reads outside one through `read`; no other module opens, commits or rolls
// back. The engine behind it decides what "one at a time" means: SQLite has one writer, so here
// every unit of work is serial; on PostgreSQL (shared/SCALE.md) a per-workspace lock gives the
// same guarantee to each workspace while workspaces run side by side. No handler may rely on
// being alone unless `tx` guarantees it.
import type Database from 'better-sqlite3';
import type { Db } from './client.js';

export interface TxOptions {
  /** Whose records it touches (PostgreSQL locks that workspace; SQLite is serial anyway). */
  workspace?: number | string;
  /**
   * A request being written down before the platform is acknowledged: it goes ahead of the work
   * already waiting, so acknowledgements stay fast while a backlog is worked through (Slack
   * wants its answer within 3 s). Such a unit is one statement, and PostgreSQL runs it without
   * BEGIN and COMMIT (autocommitted: one round trip).
   */
  acknowledging?: boolean;
}

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one transaction: all of it is written, or none. No network call inside (the
   * outbox sends after commit), so a transaction can be retried whole. `workspace` names whose
   * records it touches; SQLite is serial anyway.
   */
  tx<T>(work: (q: Db) => Promise<T>, opts?: TxOptions): Promise<T>;
  /** Reads outside a write transaction (never sees another unit's uncommitted writes). */
  read<T>(work: (q: Db) => Promise<T>): Promise<T>;
  /** True when the database answers a query. */
  healthy(): Promise<boolean>;
  /**
   * A failure of the storage itself (disk full, read-only file, I/O error, corruption), as
   * opposed to a failure of one command: nothing more can be recorded until an operator acts.
   */
  isStorageFailure(err: unknown): boolean;
  /**
   * The database could not be reached for a moment (a lost or refused connection, a server
   * restarting or failing over): nothing is wrong with the work, which is tried again later
   * rather than counted as failed. Never true on SQLite, which has no connection to lose.
   */
  isUnreachable(err: unknown): boolean;
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
  /** Whether a unit of work holds the connection. */
  private busy = false;
  /** Who waits for it, acknowledgements first, each line first come first served. */
  private readonly waitingAcks: (() => void)[] = [];
  private readonly waiting: (() => void)[] = [];
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

  async tx<T>(work: (q: Db) => Promise<T>, opts: TxOptions = {}): Promise<T> {
    return this.serially(opts.acknowledging === true, async () => {
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
    return this.serially(false, () => work(this.db));
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

  isUnreachable(): boolean {
    return false;
  }

  async close(): Promise<void> {
    await this.serially(false, async () => undefined);
    this.sqlite.close();
  }

  /** Units of work one at a time: acknowledgements first, then the rest, each in the order they asked. */
  private async serially<T>(acknowledging: boolean, work: () => Promise<T>): Promise<T> {
    // Nobody holds the connection: start now, without a turn of the event loop.
    if (this.busy) await new Promise<void>((resolve) => (acknowledging ? this.waitingAcks : this.waiting).push(resolve));
    else this.busy = true;
    try {
      return await work();
    } finally {
      // The connection passes straight to the next in line; free only when no one waits.
      const next = this.waitingAcks.shift() ?? this.waiting.shift();
      if (next) next();
      else this.busy = false;
    }
  }
}

export function isSqliteStorageFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(FULL|READONLY|IOERR|CORRUPT|NOTADB|CANTOPEN)/.test(code);
}
