// The outbox: sent once, in order per destination, retried after the platform's Retry-After,
// given up on after errors that retrying cannot fix, and resumed after a restart.
import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/core/clock.js';
import { type Delivery, RetryableError, type SentRef, type Transport } from '../../src/core/ports.js';
import { enqueue, outboxByStatus } from '../../src/db/outbox.js';
import { ensureWorkspace } from '../../src/db/workspaces.js';
import { Dispatcher, PermanentError } from '../../src/scheduler/outbox.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLog } from '../support/core.js';
import { openReadyTestDatabase } from '../support/testdb.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The instance the first dispatcher of a test is: a restart of it takes back what it held. */
const FIRST = 'host-a:3000';

async function setup(transport: Transport) {
  const dir = mkdtempSync(join(tmpdir(), 'baton-outbox-'));
  dirs.push(dir);
  const file = join(dir, 'baton.db');
  const database = await openReadyTestDatabase(file);
  const clock = new FixedClock(Date.parse('2026-11-23T15:00:00Z'));
  const ws = await ensureWorkspace(database.db, 'console', 'console', clock.now());
  const dispatcher = new Dispatcher({ store: database.store, instance: FIRST, clock, transports: { console: transport }, log: silentLog, concurrency: 4 });
  const add = (key: string, to: string, kind: 'channel' | 'reply' = 'channel') =>
    enqueue(database.db, {
      key,
      workspaceId: ws.id,
      platform: 'console',
      destination: kind === 'reply' ? { to: 'reply', userId: to, channelId: 'c' } : { to: 'channel', channelId: to },
      destKey: kind === 'reply' ? `${ws.id}:reply:${to}:c` : `ch:${to}`,
      message: { text: key, blocks: [] },
      notBefore: clock.now(),
      createdAt: clock.now(),
    });
  return { database, clock, dispatcher, add, file };
}

/** Waits (at most 5 s) until `n` messages are being sent: the claims are awaited writes, on PostgreSQL round trips. */
async function untilSending(database: { db: Parameters<typeof outboxByStatus>[0] }, n: number): Promise<void> {
  for (let i = 0; i < 500 && (await outboxByStatus(database.db, ['sending'])).length < n; i++) await new Promise((r) => setTimeout(r, 10));
}

const ref = (d: Delivery): SentRef => ({ conversationId: (d.destination as { channelId: string }).channelId, messageId: d.key });

describe('the outbox', () => {
  it('sends each message once, in order per destination', async () => {
    const got: string[] = [];
    const { dispatcher, add, database } = await setup({ deliver: async (d) => (got.push(d.key), ref(d)) });
    for (let i = 0; i < 20; i++) await add(`a${i}`, 'a');
    for (let i = 0; i < 20; i++) await add(`b${i}`, 'b');
    expect(await add('a0', 'a')).toBe(false);
    await dispatcher.drain();
    await dispatcher.drain();
    expect(got.filter((k) => k.startsWith('a'))).toEqual(Array.from({ length: 20 }, (_, i) => `a${i}`));
    expect(got.filter((k) => k.startsWith('b'))).toEqual(Array.from({ length: 20 }, (_, i) => `b${i}`));
    expect(await outboxByStatus(database.db, ['sent'])).toHaveLength(40);
  });

  it("waits for the platform's Retry-After, and holds later messages to the same place behind it", async () => {
    const got: string[] = [];
    let throttled = true;
    const { dispatcher, add, clock } = await setup({
      deliver: async (d) => {
        if (d.key === 'first' && throttled) {
          throttled = false;
          throw new RetryableError('ratelimited', 30_000);
        }
        got.push(d.key);
        return ref(d);
      },
    });
    await add('first', 'a');
    await add('second', 'a');
    await add('elsewhere', 'b');
    await dispatcher.drain();
    expect(got).toEqual(['elsewhere']);
    clock.advance(29_000);
    await dispatcher.drain();
    expect(got).toEqual(['elsewhere']);
    clock.advance(1_000);
    await dispatcher.drain();
    expect(got).toEqual(['elsewhere', 'first', 'second']);
  });

  it('backs off on other failures and gives up at once on permanent ones', async () => {
    let calls = 0;
    const { dispatcher, add, clock, database } = await setup({
      deliver: async (d) => {
        if (d.key === 'gone') throw new PermanentError('channel_not_found');
        calls++;
        if (calls < 3) throw new Error('socket hang up');
        return ref(d);
      },
    });
    await add('flaky', 'a');
    await add('gone', 'b');
    await dispatcher.drain();
    expect((await outboxByStatus(database.db, ['failed'])).map((r) => [r.key, r.lastError])).toEqual([['gone', 'channel_not_found']]);
    clock.advance(1_000);
    await dispatcher.drain();
    clock.advance(2_000);
    await dispatcher.drain();
    expect(calls).toBe(3);
    expect((await outboxByStatus(database.db, ['sent'])).map((r) => r.key)).toEqual(['flaky']);
  });

  it('after a crash, confirms in-flight messages the platform already has and resends the rest', async () => {
    const got: string[] = [];
    const first = await setup({ deliver: async () => new Promise<SentRef>(() => {}) });
    await first.add('landed', 'a');
    await first.add('lost', 'b');
    void first.dispatcher.drain();
    await untilSending(first.database, 2);
    expect(await outboxByStatus(first.database.db, ['sending'])).toHaveLength(2);
    first.database.close();
    // The process died with both "sending". The same instance, started again on the same file:
    const database = await openReadyTestDatabase(first.file);
    const dispatcher = new Dispatcher({
      store: database.store,
      instance: FIRST,
      clock: first.clock,
      log: silentLog,
      transports: {
        console: {
          deliver: async (d) => (got.push(d.key), ref(d)),
          confirm: async (d) => (d.key === 'landed' ? ref(d) : null),
        },
      },
    });
    await dispatcher.recover();
    await dispatcher.drain();
    expect(got).toEqual(['lost']);
    expect((await outboxByStatus(database.db, ['sent'])).map((r) => r.key).sort()).toEqual(['landed', 'lost']);
    database.close();
  });

  it('a restart never resends what another instance is sending under a live lease; once that lease runs out, it is looked for first', async () => {
    // Instance A is sending two messages right now (the platform has not answered yet).
    const a = await setup({ deliver: async () => new Promise<SentRef>(() => {}) });
    await a.add('landed', 'a');
    await a.add('lost', 'b');
    void a.dispatcher.drain();
    await untilSending(a.database, 2);
    expect(await outboxByStatus(a.database.db, ['sending'])).toHaveLength(2);
    // Instance B starts (or restarts) on the same database while A is alive.
    const database = await openReadyTestDatabase(a.file);
    const got: string[] = [];
    const confirmed: string[] = [];
    const b = new Dispatcher({
      store: database.store,
      instance: 'host-b:3000',
      clock: a.clock,
      log: silentLog,
      transports: {
        console: {
          deliver: async (d) => (got.push(d.key), ref(d)),
          confirm: async (d) => (confirmed.push(d.key), d.key === 'landed' ? ref(d) : null),
        },
      },
    });
    await b.recover();
    await b.drain();
    a.clock.advance(30_000);
    await b.drain();
    // A's sends are A's: nothing sent twice, nothing even looked for.
    expect(got).toEqual([]);
    expect(confirmed).toEqual([]);
    expect(await outboxByStatus(database.db, ['sending'])).toHaveLength(2);
    // A dies; once its lease has run out, B takes the messages over: found or sent, once.
    a.clock.advance(5 * 60_000);
    await b.drain();
    await b.drain();
    expect(confirmed.sort()).toEqual(['landed', 'lost']);
    expect(got).toEqual(['lost']);
    expect((await outboxByStatus(database.db, ['sent'])).map((r) => r.key).sort()).toEqual(['landed', 'lost']);
    database.close();
    a.database.close();
  });

  it('after a crash, when the platform cannot be asked, it asks again before resending rather than send blind', async () => {
    const first = await setup({ deliver: async () => new Promise<SentRef>(() => {}) });
    await first.add('landed', 'a');
    void first.dispatcher.drain();
    await untilSending(first.database, 1);
    expect(await outboxByStatus(first.database.db, ['sending'])).toHaveLength(1);
    first.database.close();
    const database = await openReadyTestDatabase(first.file);
    const got: string[] = [];
    let reachable = false;
    const dispatcher = new Dispatcher({
      store: database.store,
      instance: FIRST,
      clock: first.clock,
      log: silentLog,
      transports: {
        console: {
          deliver: async (d) => (got.push(d.key), ref(d)),
          confirm: async (d) => {
            if (!reachable) throw new RetryableError('platform down');
            return ref(d);
          },
        },
      },
    });
    await dispatcher.recover();
    await dispatcher.drain();
    expect(got).toEqual([]);
    expect(await outboxByStatus(database.db, ['pending'])).toMatchObject([{ key: 'landed', attempts: 2 }]);
    // Still down at the next attempt: it waits again, growing its backoff.
    first.clock.advance(1_000);
    await dispatcher.drain();
    expect(got).toEqual([]);
    reachable = true;
    first.clock.advance(60_000);
    await dispatcher.drain();
    expect(got).toEqual([]);
    expect((await outboxByStatus(database.db, ['sent'])).map((r) => r.key)).toEqual(['landed']);
    database.close();
  });

  it('a send that failed without a clear answer is looked for before the next attempt', async () => {
    const got: string[] = [];
    const platform = new Set<string>();
    let calls = 0;
    const { add, dispatcher, clock, database } = await setup({
      // The first call reaches the platform, but the answer is lost (a timeout).
      deliver: async (d) => {
        platform.add(d.key);
        got.push(d.key);
        if (++calls === 1) throw new Error('timeout');
        return ref(d);
      },
      confirm: async (d) => (platform.has(d.key) ? ref(d) : null),
    });
    await add('once', 'a');
    await dispatcher.drain();
    clock.advance(1_000);
    await dispatcher.drain();
    expect(got).toEqual(['once']);
    expect((await outboxByStatus(database.db, ['sent'])).map((r) => r.key)).toEqual(['once']);
  });

  it('a send that never answers counts as a failed attempt after the deadline; other places are not held up', async () => {
    const got: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'baton-outbox-'));
    dirs.push(dir);
    const database = await openReadyTestDatabase(join(dir, 'baton.db'));
    const clock = new FixedClock(Date.parse('2026-11-23T15:00:00Z'));
    const ws = await ensureWorkspace(database.db, 'console', 'console', clock.now());
    let hung = true;
    const dispatcher = new Dispatcher({
      store: database.store,
      clock,
      log: silentLog,
      deadlineMs: 50,
      transports: {
        console: {
          deliver: async (d) => {
            if (d.key === 'hangs' && hung) return new Promise<SentRef>(() => {});
            got.push(d.key);
            return ref(d);
          },
          confirm: async () => null,
        },
      },
    });
    for (const [key, to] of [['hangs', 'a'], ['other', 'b']] as const) {
      await enqueue(database.db, { key, workspaceId: ws.id, platform: 'console', destination: { to: 'channel', channelId: to }, destKey: `ch:${to}`, message: { text: key, blocks: [] }, notBefore: clock.now(), createdAt: clock.now() });
    }
    await dispatcher.drain();
    expect(got).toEqual(['other']);
    expect(await outboxByStatus(database.db, ['pending'])).toMatchObject([{ key: 'hangs', attempts: 1, lastError: 'no answer within 50 ms' }]);
    hung = false;
    clock.advance(1_000);
    await dispatcher.drain();
    expect(got).toEqual(['other', 'hangs']);
    database.close();
  });

  it("a 429 pauses the whole workspace until Retry-After, and does not use up the message's attempts", async () => {
    const got: string[] = [];
    let throttled = 0;
    const { dispatcher, add, clock, database } = await setup({
      deliver: async (d) => {
        if (throttled < 2) {
          throttled++;
          throw new RetryableError('rate limited', 10_000);
        }
        got.push(d.key);
        return ref(d);
      },
    });
    for (const dest of ['a', 'b', 'c', 'd', 'e', 'f']) await add(dest, dest);
    await dispatcher.drain();
    // Four sends were under way at once (concurrency 4): two refused, two through. Nothing else
    // was tried during the pause.
    expect(throttled).toBe(2);
    expect(got.sort()).toEqual(['c', 'd']);
    clock.advance(10_000);
    await dispatcher.drain();
    expect(got.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect((await outboxByStatus(database.db, ['sent'])).every((r) => r.attempts === 0)).toBe(true);
  });

  it('during a paced fan-out, a private answer goes before the messages recorded earlier', async () => {
    const got: string[] = [];
    const { dispatcher, add } = await setup({ deliver: async (d) => (got.push(d.key), ref(d)), pace: { perSecond: 100 } });
    for (let i = 0; i < 150; i++) await add(`dm${i}`, `person${i}`);
    await add('answer', 'maria', 'reply');
    await dispatcher.drain();
    expect(got).toHaveLength(151);
    expect(got[0]).toBe('answer');
  });
});
