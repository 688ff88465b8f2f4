// The inbox: a request is written down before the platform hears "got it", then worked through
// in order of arrival. A process that dies in between loses nothing: at start, what is still
// pending is worked through. The work's own transaction marks the request done (see
// Invocation.inboxId), so nothing is done twice either.
//
// Requests are worked in lanes, one per conversation (workspace + channel, or a person's direct
// messages): each lane strictly in arrival order, lanes side by side. A request waiting on the
// platform (looking people up) holds up only its own conversation, never another team's. The
// writes stay one at a time: better-sqlite3's transactions are synchronous.
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
  /** Per lane, the promise of its last queued request. */
  private readonly lanes = new Map<string, Promise<void>>();
  private scheduled = false;
  /** The highest request id queued so far: each pass reads only what came after. */
  private cursor = 0;
  /** Storage failed: nothing more is worked through. */
  private stopped = false;

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
      this.queuePending();
    });
  }

  /** Resolves when everything accepted so far has been worked through. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.scheduled) await new Promise((r) => setImmediate(r));
      else if (this.lanes.size > 0) await Promise.all([...this.lanes.values()]);
      else return;
    }
  }

  /** Puts every pending request not yet queued into its lane, in order of arrival. */
  private queuePending(): void {
    while (!this.stopped) {
      let rows: InboxRow[];
      try {
        rows = pendingInbox(this.db, 100, this.cursor);
      } catch (err) {
        this.failed(err);
        return;
      }
      if (rows.length === 0) return;
      for (const row of rows) {
        this.cursor = Math.max(this.cursor, row.id);
        this.queue(row);
      }
    }
  }

  private queue(row: InboxRow): void {
    const lane = laneOf(row.invocation);
    const previous = this.lanes.get(lane) ?? Promise.resolve();
    const next: Promise<void> = previous
      .then(async () => {
        if (this.stopped) return;
        const outcome = await this.workOne(row);
        if (outcome === 'stop') this.stopped = true;
        // Tried again after what is already queued in its lane, as a pass would find it.
        else if (outcome === 'retry') this.queue({ ...row, attempts: row.attempts + 1 });
        // Let acknowledgements through between requests.
        await new Promise((r) => setImmediate(r));
      })
      .catch((err: unknown) => this.failed(err))
      .finally(() => {
        if (this.lanes.get(lane) === next) this.lanes.delete(lane);
      });
    this.lanes.set(lane, next);
  }

  private async workOne(row: InboxRow): Promise<'done' | 'retry' | 'stop'> {
    const handler = this.handlers.get(row.kind);
    const inv = { ...(row.invocation as unknown as Invocation), inboxId: row.id };
    try {
      if (handler) await handler(inv, row.payload);
      else this.log.warn({ kind: row.kind }, 'no handler for an inbox request; marked done');
      completeInbox(this.db, row.id, this.clock.now());
      return 'done';
    } catch (err) {
      if (isStorageFailure(err)) {
        this.failed(err);
        return 'stop';
      }
      const attempts = row.attempts + 1;
      this.log.error({ kind: row.kind, attempts, err: err instanceof Error ? err.message : String(err) }, 'inbox request failed');
      try {
        if (attempts >= MAX_ATTEMPTS) {
          failInbox(this.db, row.id, attempts, this.clock.now());
          return 'done';
        }
        retryInbox(this.db, row.id, attempts);
        return 'retry';
      } catch (e) {
        this.failed(e);
        return 'stop';
      }
    }
  }

  private failed(err: unknown): void {
    if (isStorageFailure(err)) this.onStorageFailure(err);
    else this.log.error({ err: err instanceof Error ? err.message : String(err) }, 'inbox pass failed');
  }
}

/** The conversation a request came from: requests of one lane are worked strictly in order. */
function laneOf(invocation: Record<string, unknown>): string {
  const inv = invocation as unknown as Partial<Invocation>;
  const where = inv.isDirect ? `dm:${inv.actor?.userId ?? ''}` : `ch:${inv.channelId ?? ''}`;
  return `${inv.platform ?? ''}:${inv.workspaceId ?? ''}:${where}`;
}
