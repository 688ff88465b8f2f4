// The inbox: a request is written down before the platform hears "got it", then worked through
// in order of arrival. A process that dies in between loses nothing: at start, what is still
// pending is worked through. The work's own transaction marks the request done (see
// Invocation.inboxId), so nothing is done twice either.
import type { Db } from '../db/client.js';
import { type InboxRow, completeInbox, failInbox, inboxStatements, pendingInbox, retryInbox } from '../db/inbox.js';
import { isStorageFailure } from '../db/client.js';
import type { Clock } from './clock.js';
import type { Invocation, Logger } from './ports.js';

/** Works one kind of request; it receives the invocation with `inboxId` set. */
export type InboxHandler = (inv: Invocation, payload: Record<string, unknown>) => Promise<void>;

const MAX_ATTEMPTS = 3;

export class Inbox {
  private readonly handlers = new Map<string, InboxHandler>();
  private readonly statements: ReturnType<typeof inboxStatements>;
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onStorageFailure: (err: unknown) => void,
  ) {
    this.statements = inboxStatements(db);
  }

  /** Who works requests of `kind` (the core registers its own; an adapter may add its kinds). */
  handle(kind: string, handler: InboxHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Writes a request down (synchronously: call it before acknowledging the platform) and
   * schedules its work. False when the same delivery was already accepted.
   */
  accept(kind: string, key: string, inv: Invocation, payload: Record<string, unknown>): boolean {
    const added = this.statements.accept.run({ key, kind, invocation: inv, payload, receivedAt: this.clock.now() }).changes === 1;
    if (added) this.kick();
    return added;
  }

  /** Work through what is pending (at start, and after each accept). */
  kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate: acknowledgements waiting on the event loop go first; the work follows.
    setImmediate(() => {
      this.scheduled = false;
      this.chain = this.chain.then(() => this.workPending());
    });
  }

  /** Resolves when everything accepted so far has been worked through. */
  async idle(): Promise<void> {
    for (;;) {
      const before = this.chain;
      await before;
      if (!this.scheduled && this.chain === before) return;
      if (this.scheduled) await new Promise((r) => setImmediate(r));
    }
  }

  private async workPending(): Promise<void> {
    for (;;) {
      let rows: InboxRow[];
      try {
        rows = pendingInbox(this.db, 100);
      } catch (err) {
        this.failed(err);
        return;
      }
      if (rows.length === 0) return;
      for (const row of rows) {
        if (!(await this.workOne(row))) return;
        // Let acknowledgements through between requests.
        await new Promise((r) => setImmediate(r));
      }
    }
  }

  /** False when the storage failed and nothing more can be done. */
  private async workOne(row: InboxRow): Promise<boolean> {
    const handler = this.handlers.get(row.kind);
    const inv = { ...(row.invocation as unknown as Invocation), inboxId: row.id };
    try {
      if (handler) await handler(inv, row.payload);
      else this.log.warn({ kind: row.kind }, 'no handler for an inbox request; marked done');
      completeInbox(this.db, row.id, this.clock.now());
      return true;
    } catch (err) {
      if (isStorageFailure(err)) {
        this.failed(err);
        return false;
      }
      const attempts = row.attempts + 1;
      this.log.error({ kind: row.kind, attempts, err: err instanceof Error ? err.message : String(err) }, 'inbox request failed');
      try {
        if (attempts >= MAX_ATTEMPTS) failInbox(this.db, row.id, attempts, this.clock.now());
        else retryInbox(this.db, row.id, attempts);
      } catch (e) {
        this.failed(e);
        return false;
      }
      return true;
    }
  }

  private failed(err: unknown): void {
    if (isStorageFailure(err)) this.onStorageFailure(err);
    else this.log.error({ err: err instanceof Error ? err.message : String(err) }, 'inbox pass failed');
  }
}
