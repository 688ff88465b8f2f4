// The inbox: a request is written down before the platform hears "got it", then worked through
// in order of arrival. A process that dies in between loses nothing: at start, what is still
// pending is worked through. The work's own transaction marks the request done (see
// Invocation.inboxId), so nothing is done twice either.
//
// Requests are worked in lanes, one per conversation (workspace + channel, or a person's direct
// messages): each lane strictly in arrival order, lanes side by side. A request waiting on the
// platform (looking people up) holds up only its own conversation, never another team's.
//
// Several instances may share one database: a request is taken with a lease, so two never work it
// at once, and one left by an instance that died is taken over when its lease runs out.
import { type InboxRow, acceptInbox, completeInbox, failInbox, retryInbox } from '../db/inbox.js';
import { claimRequests } from '../db/leases.js';
import type { Store } from '../db/store.js';
import type { Clock } from './clock.js';
import type { Invocation, Logger } from './ports.js';
import { withoutNul } from './language/sanitize.js';

/** Works one kind of request; it receives the invocation with `inboxId` set. */
export type InboxHandler = (inv: Invocation, payload: Record<string, unknown>) => Promise<void>;

const MAX_ATTEMPTS = 3;
/** How long a request waits when the database could not be reached before it is tried again (not counted as an attempt). */
const UNREACHABLE_WAIT_MS = 1_000;

/**
 * How long a taken request is this instance's alone. Far longer than a request's work (a few
 * platform lookups, one transaction); should it run over, completing it is still checked, so
 * the work is never done twice.
 */
export const INBOX_LEASE_MS = 60_000;

export class Inbox {
  private readonly handlers = new Map<string, InboxHandler>();
  /** Per lane, the promise of its last queued request. */
  private readonly lanes = new Map<string, Promise<void>>();
  private scheduled = false;
  /** A pass started by `kick`, until it has queued what it found (`idle` waits for it). */
  private passing: Promise<void> | undefined;
  /** Requests queued here and not yet worked: a pass that takes one again (its lease renewed) does not queue it twice. */
  private readonly queued = new Set<number>();
  /** Requests whose work marked them done in its own transaction (see completedByWork). */
  private readonly completed = new Set<number>();
  /** Storage failed: nothing more is worked through. */
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onStorageFailure: (err: unknown) => void,
    /** Who holds the leases this inbox takes (this instance). */
    private readonly owner: string,
  ) {}

  /** Who works requests of `kind` (the core registers its own; an adapter may add its kinds). */
  handle(kind: string, handler: InboxHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Writes a request down (await it before acknowledging the platform), taken by this instance,
   * and queues its work. False when the same delivery was already accepted.
   */
  async accept(kind: string, key: string, inv: Invocation, payload: Record<string, unknown>): Promise<boolean> {
    const receivedAt = this.clock.now();
    const leaseUntil = receivedAt + INBOX_LEASE_MS;
    const invocation = withoutNul(inv) as unknown as Record<string, unknown>;
    payload = withoutNul(payload);
    const id = await this.store.tx(async (q) => acceptInbox(q, { key, kind, invocation, payload, receivedAt, owner: this.owner, leaseUntil }), { acknowledging: true });
    if (id === undefined) return false;
    // Queued from here, not found by a pass: a pass per request would read the whole backlog
    // each time (the requests taken and waiting in their lanes) — quadratic under load.
    if (!this.stopped) {
      this.queued.add(id);
      this.queue({ id, key, kind, invocation, payload, status: 'pending', attempts: 0, receivedAt, doneAt: null, claimedBy: this.owner, leaseUntil });
    }
    return true;
  }

  /**
   * Takes up every pending request nobody holds: at start (what was accepted before a restart),
   * and on the scheduler's tick (what another instance left when it died). Resolves once they
   * are queued, so requests accepted after it line up behind them.
   */
  async takeUp(): Promise<void> {
    await this.queuePending();
  }

  /** Like takeUp, without waiting for it. */
  kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.passing = this.queuePending().finally(() => (this.passing = undefined));
    });
  }

  /** The work of a request completed it (in its own transaction): nothing left to mark. */
  completedByWork(id: number): void {
    this.completed.add(id);
  }

  /** Resolves when everything accepted so far has been worked through. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.scheduled) await new Promise((r) => setImmediate(r));
      else if (this.passing) await this.passing;
      else if (this.lanes.size > 0) await Promise.all([...this.lanes.values()]);
      else return;
    }
  }

  /** Takes every pending request nobody holds and puts it into its lane, in order of arrival. */
  private async queuePending(): Promise<void> {
    while (!this.stopped) {
      let rows: InboxRow[];
      try {
        const now = this.clock.now();
        rows = await this.store.tx(async (q) => claimRequests(q, this.owner, now, INBOX_LEASE_MS, 100));
      } catch (err) {
        this.failed(err);
        return;
      }
      const fresh = rows.filter((row) => !this.queued.has(row.id));
      if (fresh.length === 0) return;
      for (const row of fresh) {
        this.queued.add(row.id);
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
        else if (outcome === 'unreachable') {
          await new Promise((r) => setTimeout(r, UNREACHABLE_WAIT_MS));
          this.queue(row);
        }
        // Let acknowledgements through between requests.
        await new Promise((r) => setImmediate(r));
      })
      .catch((err: unknown) => this.failed(err))
      .finally(() => {
        this.queued.delete(row.id);
        if (this.lanes.get(lane) === next) this.lanes.delete(lane);
      });
    this.lanes.set(lane, next);
  }

  private async workOne(row: InboxRow): Promise<'done' | 'retry' | 'unreachable' | 'stop'> {
    const handler = this.handlers.get(row.kind);
    const inv = { ...(row.invocation as unknown as Invocation), inboxId: row.id };
    try {
      if (handler) await handler(inv, row.payload);
      else this.log.warn({ kind: row.kind }, 'no handler for an inbox request; marked done');
      // A handler whose work records nothing (a refusal, a help text) has not completed it.
      if (!this.completed.delete(row.id)) {
        const now = this.clock.now();
        await this.store.tx(async (q) => completeInbox(q, row.id, now));
      }
      return 'done';
    } catch (err) {
      this.completed.delete(row.id);
      if (this.store.isStorageFailure(err)) {
        this.failed(err);
        return 'stop';
      }
      // Nothing wrong with the request: the database was out of reach (PostgreSQL restarting,
      // failing over). Its work is all or nothing, so it is simply done again, however often.
      if (this.store.isUnreachable(err)) {
        this.log.warn({ kind: row.kind, err: err instanceof Error ? err.message : String(err) }, 'the database could not be reached; the request will be tried again');
        return 'unreachable';
      }
      const attempts = row.attempts + 1;
      this.log.error({ kind: row.kind, attempts, err: err instanceof Error ? err.message : String(err) }, 'inbox request failed');
      try {
        const now = this.clock.now();
        if (attempts >= MAX_ATTEMPTS) {
          await this.store.tx(async (q) => failInbox(q, row.id, attempts, now));
          return 'done';
        }
        await this.store.tx(async (q) => retryInbox(q, row.id, attempts));
        return 'retry';
      } catch (e) {
        if (this.store.isUnreachable(e)) return 'unreachable';
        this.failed(e);
        return 'stop';
      }
    }
  }

  private failed(err: unknown): void {
    if (this.store.isStorageFailure(err)) this.onStorageFailure(err);
    else this.log.error({ err: err instanceof Error ? err.message : String(err) }, 'inbox pass failed');
  }
}

/** The conversation a request came from: requests of one lane are worked strictly in order. */
function laneOf(invocation: Record<string, unknown>): string {
  const inv = invocation as unknown as Partial<Invocation>;
  const where = inv.isDirect ? `dm:${inv.actor?.userId ?? ''}` : `ch:${inv.channelId ?? ''}`;
  return `${inv.platform ?? ''}:${inv.workspaceId ?? ''}:${where}`;
}
