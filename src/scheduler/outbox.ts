// Delivers the outbox: every message the core recorded, sent once, in order per destination,
// retried with backoff (honouring the platform's Retry-After) and never lost on a restart. Each
// workspace's sends are paced to its platform's limit (see pace.ts); private answers go first,
// then what a person just did (their command's channel posts), then bulk sends (a check-in
// fan-out, reminders, anything a timer made).
//
// Several instances may share one database (PostgreSQL): each workspace's messages are sent by
// one instance at a time, the holder of its lease (db/leases.ts), so its pacing, its 429 pauses
// and its per-destination order live in one process's memory and stay exact. When the holder
// dies its lease runs out and another instance takes the workspace over: a failover costs one
// lease period.
import { holdWorkspace, releaseWorkspaces } from '../db/leases.js';
import type { Store } from '../db/store.js';
import {
  type OutboxRow,
  abandonedSending,
  claimForSending,
  duePending,
  findOutbox,
  markFailed,
  markRetry,
  markSent,
  recordPosted,
} from '../db/outbox.js';
import { getWorkspace } from '../db/workspaces.js';
import { Lane } from './pace.js';
import type { Clock } from '../core/clock.js';
import type { Message } from '../core/message.js';
import { type Delivery, type Destination, type Logger, type Platform, RetryableError, type SentRef, type Transport } from '../core/ports.js';

export interface DispatcherOptions {
  store: Store;
  /** Who holds the leases this dispatcher takes (see BatonOptions.instance). */
  instance?: string;
  clock: Clock;
  transports: Partial<Record<Platform, Transport>>;
  log: Logger;
  /** Destinations served at once (each destination's messages stay in order). */
  concurrency?: number;
  /** Attempts before a message is marked failed. */
  maxAttempts?: number;
  /** Rows taken per pass. */
  batch?: number;
  /** The storage failed while delivering (disk full, read-only): the app should stop. */
  onStorageFailure?: (err: unknown) => void;
  /**
   * How long one send (or one look for a sent message) may take before it counts as a failed
   * attempt. Transports time their own calls out sooner; this keeps one that never answers
   * from holding every other delivery back.
   */
  deadlineMs?: number;
  /** How long a workspace's lease lasts (renewed at half): what a failover costs. */
  workspaceLeaseMs?: number;
}

/** An error a transport knows will not get better by retrying (e.g. channel_not_found). */
export class PermanentError extends Error {
  readonly permanent = true;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isReply = (row: OutboxRow) => (row.destination as { to?: unknown }).to === 'reply';
/** Made by a timer or a fan-out (see Baton.flush): goes after what a person just did. */
const isBulk = (row: OutboxRow) => row.bulk;

const BACKOFF_BASE_MS = 1_000;
const DEADLINE_MS = 60_000;
/** How often messages whose sender's lease ran out (an instance that died) are looked for. */
const ABANDONED_EVERY_MS = 15_000;
/**
 * How long a workspace's messages are this instance's to send once it took them, renewed when
 * half has passed: long enough that a busy event loop or a slow database never lets it lapse
 * under a live holder, short enough that the workspaces of an instance that died go on soon.
 */
export const WORKSPACE_LEASE_MS = 15_000;

/** `work`, or a RetryableError once `ms` have passed without an answer. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RetryableError(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
const BACKOFF_MAX_MS = 5 * 60_000;

export class Dispatcher {
  private chain: Promise<void> = Promise.resolve();
  private pending = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly workspaceIds = new Map<number, string>();
  private readonly missingTransportLogged = new Set<string>();
  private readonly lanes = new Map<string, Lane>();
  private readonly wakers = new Set<NodeJS.Timeout>();
  /** Set by stop(): passes end after the sends in flight, leaving the rest for the next start. */
  private stopping = false;
  private readonly owner: string;
  private lastAbandonedLook = -Infinity;
  /** Resolves when the last send to claim has handed its message to the platform. */
  private starting: Promise<void> = Promise.resolve();
  /**
   * Per workspace, until when its lease is known to be this instance's (`mine`) or another's: the
   * database is asked again only when half of ours has passed, or when the other's has run out.
   */
  private readonly leases = new Map<number, { mine: boolean; until: number }>();

  constructor(private readonly opts: DispatcherOptions) {
    this.owner = opts.instance ?? `baton-${Math.random().toString(36).slice(2)}`;
  }

  /**
   * How long a message being sent is this instance's alone: a look for it and one send, each
   * within the deadline, and a margin. Longer than any send, so nothing is sent twice by two
   * live instances; an instance that died holds its messages this long at most.
   */
  private get leaseMs(): number {
    return 2 * (this.opts.deadlineMs ?? DEADLINE_MS) + 30_000;
  }

  private get workspaceLeaseMs(): number {
    return this.opts.workspaceLeaseMs ?? WORKSPACE_LEASE_MS;
  }

  /**
   * Whether this instance sends the workspace's messages now: its lease, taken or renewed once
   * half of it has passed. While another instance holds it, the database is asked again only
   * when that lease runs out.
   */
  private async holds(workspaceId: number, now: number): Promise<boolean> {
    const known = this.leases.get(workspaceId);
    if (known && (known.mine ? known.until - now > this.workspaceLeaseMs / 2 : known.until > now)) return known.mine;
    const held = await this.opts.store.tx(async (q) => holdWorkspace(q, workspaceId, this.owner, now, this.workspaceLeaseMs));
    this.leases.set(workspaceId, { mine: held.mine, until: held.until });
    if (held.tookOverFrom) this.opts.log.info({ workspaceId, from: held.tookOverFrom }, 'took over sending a workspace whose sender stopped renewing its lease');
    return held.mine;
  }

  /** Whether the lease on the workspace is still this instance's (no database call: checked before each send). */
  private stillHolds(workspaceId: number): boolean {
    const known = this.leases.get(workspaceId);
    return known !== undefined && known.mine && known.until > this.opts.clock.now();
  }

  /** After the last pass (app stop): the workspaces this instance held are free for another to take over at once. */
  async release(): Promise<void> {
    this.leases.clear();
    await this.opts.store.tx(async (q) => releaseWorkspaces(q, this.owner));
  }

  /** Ask for a delivery pass soon; calls made while one runs fold into one more pass. */
  kick(): void {
    if (this.pending) return;
    this.pending = true;
    this.chain = this.chain.then(async () => {
      this.pending = false;
      try {
        await this.deliverDue();
      } catch (err) {
        // Keep the chain alive for the next kick; a storage failure stops the app.
        this.opts.log.error({ err: err instanceof Error ? err.message : String(err) }, 'delivery pass failed');
        if (this.opts.store.isStorageFailure(err)) this.opts.onStorageFailure?.(err);
      }
    });
  }

  /** Resolves when every message due now has been tried. */
  async drain(): Promise<void> {
    this.kick();
    await this.chain;
  }

  /** Resolves when the pass under way (if any) has finished; starts none. */
  idle(): Promise<void> {
    return this.chain;
  }

  /** Retry pending messages as their backoff ends. */
  start(intervalMs = 1_000): void {
    this.stop();
    this.stopping = false;
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const w of this.wakers) clearTimeout(w);
    this.wakers.clear();
  }

  /**
   * After a restart: messages this instance left "sending" may or may not have reached the
   * platform. A transport that can look confirms them; the rest are sent again. Messages another
   * instance is sending (its lease is live) are left to it.
   */
  async recover(): Promise<void> {
    await this.takeOverAbandoned(this.owner);
  }

  /**
   * Messages whose sender is gone (its lease ran out; or `previousSelf`, this instance before a
   * restart): confirmed where the platform allows it, else sent again.
   */
  private async takeOverAbandoned(previousSelf?: string): Promise<void> {
    const { store, clock } = this.opts;
    const now = clock.now();
    this.lastAbandonedLook = now;
    const abandoned = await store.read(async (q) => abandonedSending(q, now, previousSelf));
    for (const row of abandoned) {
      const transport = this.opts.transports[row.platform as Platform];
      if (!transport) continue;
      // Another instance sends this workspace's messages: its own look finds this one.
      if (!(await this.holds(row.workspaceId, now))) continue;
      let found: SentRef | null | 'unknown' = 'unknown';
      if (transport.confirm) {
        try {
          found = await transport.confirm(await this.delivery(row));
        } catch (err) {
          // Counted as a failed attempt: the next one looks again before sending (deliverOne).
          this.opts.log.warn({ key: row.key, err: String(err) }, 'could not confirm an in-flight message; will look again before resending');
          await store.tx(async (q) => markRetry(q, row.id, row.attempts + 1, clock.now(), 'not confirmed after restart'));
          continue;
        }
      }
      if (found && found !== 'unknown') await this.finish(row, found);
      else await store.tx(async (q) => markRetry(q, row.id, row.attempts, clock.now(), 'resent after restart'));
    }
  }

  private async deliverDue(): Promise<void> {
    const { store, clock } = this.opts;
    const batch = this.opts.batch ?? 500;
    if (clock.now() - this.lastAbandonedLook >= ABANDONED_EVERY_MS) await this.takeOverAbandoned();
    for (;;) {
      if (this.stopping) return;
      const now = clock.now();
      // Private answers, and everything but bulk sends, are looked up on their own, so a fan-out
      // recorded earlier cannot hide them.
      const seen = new Set<number>();
      const due = await store.read(async (q) => [
        ...await duePending(q, now, batch, { onlyReplies: true }),
        ...await duePending(q, now, batch, { onlyInteractive: true }),
        ...await duePending(q, now, batch),
      ]);
      // Only the workspaces this instance sends for; another instance sends the rest.
      const mine = new Set<number>();
      for (const ws of new Set(due.map((r) => r.workspaceId))) if (await this.holds(ws, now)) mine.add(ws);
      const rows = due
        .filter((r) => mine.has(r.workspaceId) && !seen.has(r.id) && seen.add(r.id) && this.hasTransport(r) && !this.laneOf(r).isPaused(now))
        // Private answers first, then what a person just did; bulk sends (a fan-out, reminders) after.
        .sort((a, b) => Number(isReply(b)) - Number(isReply(a)) || Number(isBulk(a)) - Number(isBulk(b)) || a.id - b.id);
      if (rows.length === 0) return;
      const groups = new Map<string, OutboxRow[]>();
      // A paced lane takes about a quarter of a second's worth per pass, so what a person does
      // during a fan-out is picked up soon. While bulk sends wait, the person's own take at most
      // half of a pass: the fan-out keeps going whatever the traffic.
      const taken = new Map<Lane, { interactive: number; bulk: number }>();
      const bulkWaiting = new Set(rows.filter(isBulk).map((r) => this.laneOf(r)));
      const later = new Set<string>();
      for (const row of rows) {
        if (later.has(row.destKey)) continue;
        const lane = this.laneOf(row);
        const g = groups.get(row.destKey);
        // Every paced message counts, also the second and later to one place.
        if (lane.paced && !isReply(row)) {
          const n = taken.get(lane) ?? { interactive: 0, bulk: 0 };
          const perPass = Math.max(1, Math.ceil(lane.currentRate / 4));
          const full = isBulk(row)
            ? n.interactive + n.bulk >= perPass
            : n.interactive >= (bulkWaiting.has(lane) ? Math.max(1, Math.ceil(perPass / 2)) : perPass);
          if (full) {
            later.add(row.destKey);
            continue;
          }
          if (isBulk(row)) n.bulk++;
          else n.interactive++;
          taken.set(lane, n);
        }
        if (g) g.push(row);
        else groups.set(row.destKey, [row]);
      }
      // Private answers first, then the rest in the order above.
      let queue = [...groups.values()];
      if (later.size > 0) queue = [...queue.filter((g) => isReply(g[0]!)), ...queue.filter((g) => !isReply(g[0]!))];
      const workers = Array.from({ length: Math.min(this.opts.concurrency ?? 8, queue.length) }, async () => {
        for (let g = queue.shift(); g; g = queue.shift()) {
          for (const row of g) {
            if (this.stopping) return;
            const lane = this.laneOf(row);
            if (lane.isPaused(clock.now())) break;
            if (!isReply(row)) {
              const wait = lane.reserve();
              if (wait > 0) await sleep(wait);
            }
            // A failed message holds back the later ones to the same place, to keep their order.
            if (!(await this.deliverOne(row, lane))) break;
          }
        }
      });
      await Promise.all(workers);
    }
  }

  /** The pacing lane of a message: one per platform and workspace. */
  private laneOf(row: OutboxRow): Lane {
    const key = `${row.platform}:${row.workspaceId}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      const pace = this.opts.transports[row.platform as Platform]?.pace;
      lane = new Lane(pace && pace.perSecond > 0 ? pace.perSecond : null);
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private hasTransport(row: OutboxRow): boolean {
    if (this.opts.transports[row.platform as Platform]) return true;
    if (!this.missingTransportLogged.has(row.platform)) {
      this.missingTransportLogged.add(row.platform);
      this.opts.log.warn({ platform: row.platform }, 'messages are waiting for a platform that is not configured');
    }
    return false;
  }

  /** Sends one message; true when it was sent (or given up), false when it waits for a retry. */
  private async deliverOne(row: OutboxRow, lane: Lane): Promise<boolean> {
    const transport = this.opts.transports[row.platform as Platform]!;
    // Sends start in the order of the pass (a private answer before what was recorded with it):
    // the next worker claims only once this one has handed its message to the platform. The turn
    // is taken before the message is prepared: preparing reads the database, and on PostgreSQL
    // reads finish in any order.
    const turn = this.takeTurn();
    let delivery: Delivery;
    try {
      delivery = await this.delivery(row);
    } catch (err) {
      (await turn)();
      throw err;
    }
    const started = await turn;
    try {
      return await this.claimAndSend(row, lane, transport, delivery, started);
    } finally {
      started();
    }
  }

  private async claimAndSend(row: OutboxRow, lane: Lane, transport: Transport, delivery: Delivery, started: () => void): Promise<boolean> {
    const { store, clock, log } = this.opts;
    // The workspace's lease lapsed during the pass (a stalled process): its new holder sends it.
    if (!this.stillHolds(row.workspaceId)) return false;
    const leaseUntil = clock.now() + this.leaseMs;
    if (!(await store.tx(async (q) => claimForSending(q, row.id, this.owner, leaseUntil)))) return true;
    try {
      // An earlier attempt failed without a clear answer (a timeout, a 5xx): the platform may
      // have taken the message all the same. Look for it before sending it again.
      const deadline = this.opts.deadlineMs ?? DEADLINE_MS;
      if (row.attempts > 0 && transport.confirm) {
        started();
        const found = await within(deadline, transport.confirm(delivery));
        if (found && found !== 'unknown') {
          await this.finish(row, found);
          lane.succeeded();
          return true;
        }
      }
      const sending: Promise<SentRef | null> = transport.deliver(delivery);
      started();
      const ref = await within(deadline, sending);
      await this.finish(row, ref);
      lane.succeeded();
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // The platform said when to come back (a 429): the whole workspace waits, and this is not a
      // failed attempt of the message — a fan-out at the limit must not use up its retries.
      if (err instanceof RetryableError && err.retryAfterMs !== undefined) {
        const until = clock.now() + err.retryAfterMs;
        lane.throttled(until);
        await store.tx(async (q) => markRetry(q, row.id, row.attempts, until, message));
        this.wakeAt(err.retryAfterMs);
        log.warn({ key: row.key, platform: row.platform, attempts: row.attempts, retryInMs: err.retryAfterMs, error: message }, 'message delivery will be retried');
        return false;
      }
      const attempts = row.attempts + 1;
      const permanent = err instanceof Error && (err as Partial<PermanentError>).permanent === true;
      if (permanent || attempts >= (this.opts.maxAttempts ?? 8)) {
        await store.tx(async (q) => markFailed(q, row.id, attempts, message));
        log.error({ key: row.key, platform: row.platform, attempts, error: message }, 'message could not be delivered');
        return true;
      }
      const retryAfter = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1));
      const notBefore = clock.now() + retryAfter;
      await store.tx(async (q) => markRetry(q, row.id, attempts, notBefore, message));
      log.warn({ key: row.key, platform: row.platform, attempts, retryInMs: retryAfter, error: message }, 'message delivery will be retried');
      return false;
    }
  }

  /** Resolves once the send before this one has started; the function returned lets the next one start. */
  private async takeTurn(): Promise<() => void> {
    const ahead = this.starting;
    let go!: () => void;
    this.starting = new Promise<void>((resolve) => (go = resolve));
    await ahead;
    return go;
  }

  /** A pass once a pause ends, so a paced fan-out resumes as soon as the platform allows. */
  private wakeAt(ms: number): void {
    const timer = setTimeout(() => {
      this.wakers.delete(timer);
      this.kick();
    }, ms + 5);
    timer.unref();
    this.wakers.add(timer);
  }

  private async finish(row: OutboxRow, ref: SentRef | null): Promise<void> {
    const { store, clock } = this.opts;
    await store.tx(async (tx) => {
      await markSent(tx, row.id, clock.now(), ref ? { ...ref } : null);
      if (ref?.conversationId && ref.messageId) {
        await recordPosted(tx, {
          workspaceId: row.workspaceId,
          platform: row.platform,
          conversationId: ref.conversationId,
          messageId: ref.messageId,
          outboxKey: row.key,
          subject: row.subject,
          at: clock.now(),
        });
      }
    });
  }

  private async delivery(row: OutboxRow): Promise<Delivery> {
    const destination = await this.threaded(row.destination as unknown as Destination);
    let replacesRef: Record<string, unknown> | undefined;
    const replaces = destination.to === 'channel' ? destination.replaces : undefined;
    if (replaces) replacesRef = (await this.opts.store.read(async (q) => findOutbox(q, replaces)))?.result ?? undefined;
    return {
      key: row.key,
      workspaceExternalId: await this.externalId(row.workspaceId),
      destination,
      message: row.message as unknown as Message,
      ...(replacesRef ? { replacesRef } : {}),
    };
  }

  /**
   * A reply under an earlier post named by its outbox key: that post went first (same place, in
   * order), so its platform id is known now. Had it failed, the reply stands on its own.
   */
  private async threaded(destination: Destination): Promise<Destination> {
    if (destination.to !== 'channel' || !destination.threadUnder) return destination;
    const { threadUnder, ...rest } = destination;
    const parent = await this.opts.store.read(async (q) => findOutbox(q, threadUnder));
    const messageId = parent?.result?.messageId;
    return typeof messageId === 'string' && messageId ? { ...rest, threadOf: messageId } : rest;
  }

  private async externalId(workspaceId: number): Promise<string> {
    let id = this.workspaceIds.get(workspaceId);
    if (!id) {
      id = (await this.opts.store.read(async (q) => getWorkspace(q, workspaceId)))?.externalId ?? '';
      this.workspaceIds.set(workspaceId, id);
    }
    return id;
  }
}
