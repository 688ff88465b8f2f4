// Leases on a real PostgreSQL, as several instances take them through the store: one sender per
// workspace (of many instances asking at once, one gets it; the others get it only when its
// lease has run out, and are told whose it was; a clean stop hands it back at once), and requests
// and timers claimed by two instances at once, each exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJobs, claimRequests, holdWorkspace, releaseWorkspaces, workspaceHolder } from '../../src/db/leases.js';
import { type PgStore, openPgStore } from '../../src/db/pg/store.js';
import { inbox, jobs, workspaces } from '../../src/db/schema.pg.js';
import { type TestPostgres, startPostgres } from '../support/postgres.js';

let server: TestPostgres;
const stores: PgStore[] = [];
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  await server?.stop();
});

/** Two instances: two stores, each with its own pool, on one database. */
async function instances(): Promise<[PgStore, PgStore]> {
  const url = await server.freshDatabase();
  const a = await openPgStore({ url, poolSize: 6 });
  const b = await openPgStore({ url, poolSize: 6 });
  stores.push(a, b);
  return [a, b];
}

const LEASE = 15_000;

async function workspace(s: PgStore, externalId: string): Promise<number> {
  const [row] = await s.pg.insert(workspaces).values({ platform: 'slack', externalId, installedAt: 1 }).returning();
  return row!.id;
}

describe('one sender per workspace', () => {
  it('twenty claimants at once across two instances: exactly one holds it', async () => {
    const [a, b] = await instances();
    const ws = await workspace(a, 'T1');
    const asks = Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).tx(async (q) => holdWorkspace(q, ws, `instance-${i}`, 1_000, LEASE)));
    const held = await Promise.all(asks);
    expect(held.filter((h) => h.mine)).toHaveLength(1);
    const winner = held.findIndex((h) => h.mine);
    expect(await a.read(async (q) => workspaceHolder(q, ws))).toEqual({ owner: `instance-${winner}`, until: 1_000 + LEASE });
  });

  it('renewed by its holder; refused to another until it runs out, then taken over (naming the one before)', async () => {
    const [a, b] = await instances();
    const ws = await workspace(a, 'T2');
    expect(await a.tx(async (q) => holdWorkspace(q, ws, 'a', 1_000, LEASE))).toEqual({ mine: true, until: 1_000 + LEASE });
    expect(await b.tx(async (q) => holdWorkspace(q, ws, 'b', 2_000, LEASE))).toEqual({ mine: false, until: 1_000 + LEASE });
    expect(await a.tx(async (q) => holdWorkspace(q, ws, 'a', 9_000, LEASE))).toEqual({ mine: true, until: 9_000 + LEASE });
    // a renewed at 9 s: b must wait for 24 s, not 16 s.
    expect((await b.tx(async (q) => holdWorkspace(q, ws, 'b', 17_000, LEASE))).mine).toBe(false);
    // a dies: at the end of its lease b takes over.
    expect(await b.tx(async (q) => holdWorkspace(q, ws, 'b', 24_000, LEASE))).toEqual({ mine: true, until: 24_000 + LEASE, tookOverFrom: 'a' });
    expect((await a.tx(async (q) => holdWorkspace(q, ws, 'a', 25_000, LEASE))).mine).toBe(false);
  });

  it('a clean stop hands back only its own workspaces, for another instance to take at once', async () => {
    const [a, b] = await instances();
    const w1 = await workspace(a, 'T3');
    const w2 = await workspace(a, 'T4');
    await a.tx(async (q) => holdWorkspace(q, w1, 'a', 1_000, LEASE));
    await b.tx(async (q) => holdWorkspace(q, w2, 'b', 1_000, LEASE));
    await a.tx(async (q) => releaseWorkspaces(q, 'a'));
    expect(await b.tx(async (q) => holdWorkspace(q, w1, 'b', 1_001, LEASE))).toEqual({ mine: true, until: 1_001 + LEASE });
    expect(await a.read(async (q) => workspaceHolder(q, w2))).toEqual({ owner: 'b', until: 1_000 + LEASE });
  });
});

describe('requests and timers, claimed by two instances at once', () => {
  it('every pending request is taken by exactly one instance; a live lease is left alone, an expired one taken over', async () => {
    const [a, b] = await instances();
    await a.pg.insert(inbox).values(Array.from({ length: 300 }, (_, i) => ({ key: `r${i}`, kind: 'command', invocation: {}, payload: {}, receivedAt: 1_000 + i })));
    const work = async (s: PgStore, owner: string) => {
      const taken: number[] = [];
      for (;;) {
        const rows = await s.tx(async (q) => claimRequests(q, owner, 2_000, 60_000, 20));
        if (rows.length === 0) return taken;
        // Oldest first, in the types the query code reads (numbers, objects).
        expect(rows.map((r) => r.receivedAt)).toEqual([...rows.map((r) => r.receivedAt)].sort((x, y) => x - y));
        expect(typeof rows[0]!.leaseUntil).toBe('number');
        taken.push(...rows.map((r) => r.id));
      }
    };
    const [byA, byB] = await Promise.all([work(a, 'a'), work(b, 'b')]);
    const all = [...byA, ...byB];
    expect(new Set(all).size).toBe(300);
    expect(all).toHaveLength(300);
    // Everything is held (until 62 s): nothing to take at 30 s; all of it again at 63 s.
    expect(await b.tx(async (q) => claimRequests(q, 'b', 30_000, 60_000, 500))).toEqual([]);
    expect(await b.tx(async (q) => claimRequests(q, 'b', 63_000, 60_000, 500))).toHaveLength(300);
  });

  it('due jobs: each taken once, the earliest due first; not-yet-due ones left', async () => {
    const [a, b] = await instances();
    await a.pg.insert(jobs).values(Array.from({ length: 200 }, (_, i) => ({ key: `j${i}`, kind: 'test', dueAt: 1_000 + (i % 50), payload: {}, createdAt: 1 })));
    await a.pg.insert(jobs).values({ key: 'later', kind: 'test', dueAt: 99_000, payload: {}, createdAt: 1 });
    const [x, y] = await Promise.all([a.tx(async (q) => claimJobs(q, 'a', 2_000, 300_000, 150)), b.tx(async (q) => claimJobs(q, 'b', 2_000, 300_000, 150))]);
    const ids = [...x, ...y].map((j) => j.id);
    expect(new Set(ids).size).toBe(200);
    expect(ids).toHaveLength(200);
    expect([...x, ...y].some((j) => j.key === 'later')).toBe(false);
    for (const batch of [x, y]) expect(batch.map((j) => j.dueAt)).toEqual([...batch.map((j) => j.dueAt)].sort((p, q) => p - q));
  });
});
