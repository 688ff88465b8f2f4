// Claims with leases on a real PostgreSQL, as several instances make them: two instances working
// through the same jobs take each one exactly once; one instance's open claim does not hold the
// other up; a dead instance's rows come back when its lease runs out, and not before.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimDue } from '../../src/db/pg/claims.js';
import { type PgStore, openPgStore } from '../../src/db/pg/store.js';
import { inbox, jobs, outbox, workspaces } from '../../src/db/schema.pg.js';
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
  const a = await openPgStore({ url, poolSize: 4 });
  const b = await openPgStore({ url, poolSize: 4 });
  stores.push(a, b);
  return [a, b];
}

const LEASE = 30_000;

async function seedJobs(s: PgStore, n: number, dueAt = 1_000): Promise<void> {
  for (let from = 0; from < n; from += 500) {
    const batch = Array.from({ length: Math.min(500, n - from) }, (_, i) => ({ key: `job-${from + i}`, kind: 'test', dueAt: dueAt + ((from + i) % 7), payload: { n: from + i }, createdAt: 1 }));
    await s.pg.insert(jobs).values(batch);
  }
}

it('two instances claiming 2,000 due jobs at once, 25 at a time: every job taken exactly once, by one of them', async () => {
  const [a, b] = await instances();
  await seedJobs(a, 2_000);
  const work = async (s: PgStore, owner: string) => {
    const taken: number[] = [];
    for (;;) {
      const rows = await claimDue(s.pg, 'jobs', owner, 2_000, LEASE, 25);
      if (rows.length === 0) return taken;
      for (const r of rows) expect(r).toMatchObject({ claimedBy: owner, leaseUntil: 2_000 + LEASE });
      taken.push(...rows.map((r) => r.id));
      await s.pg
        .update(jobs)
        .set({ status: 'done', doneAt: 2_000 })
        .where(and(inArray(jobs.id, rows.map((r) => r.id)), eq(jobs.claimedBy, owner)));
    }
  };
  const [byA, byB] = await Promise.all([work(a, 'instance-a'), work(b, 'instance-b')]);
  const all = [...byA, ...byB];
  expect(new Set(all).size).toBe(all.length); // no duplicates
  expect(all.length).toBe(2_000);
  expect(byA.length).toBeGreaterThan(0);
  expect(byB.length).toBeGreaterThan(0);
  const left = await a.pg.select({ id: jobs.id }).from(jobs).where(eq(jobs.status, 'pending'));
  expect(left).toEqual([]);
});

it("one instance's claim still open in its transaction does not hold the other up: it takes the next rows", async () => {
  const [a, b] = await instances();
  await seedJobs(a, 10);
  let release!: () => void;
  const held = new Promise<void>((done) => (release = done));
  let claimedInside!: (ids: number[]) => void;
  const insideIds = new Promise<number[]>((done) => (claimedInside = done));
  const open = a.tx(async (q) => {
    claimedInside((await claimDue(q, 'jobs', 'instance-a', 2_000, LEASE, 4)).map((r) => r.id));
    await held;
  });
  const first = await insideIds;
  const started = Date.now();
  const second = await claimDue(b.pg, 'jobs', 'instance-b', 2_000, LEASE, 4);
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(second).toHaveLength(4);
  expect(second.filter((r) => first.includes(r.id))).toEqual([]);
  release();
  await open;
  // A's claim is committed now: what is left is the last 2.
  expect(await claimDue(b.pg, 'jobs', 'instance-b', 2_000, LEASE, 10)).toHaveLength(2);
});

it("a dead instance's claimed rows are claimed again only once its lease has run out", async () => {
  const [a, b] = await instances();
  await seedJobs(a, 3);
  expect(await claimDue(a.pg, 'jobs', 'instance-a', 2_000, LEASE, 10)).toHaveLength(3);
  await a.close(); // the instance dies; its rows stay pending, claimed by it
  stores.splice(stores.indexOf(a), 1);
  expect(await claimDue(b.pg, 'jobs', 'instance-b', 2_000 + LEASE - 1, LEASE, 10)).toEqual([]);
  const back = await claimDue(b.pg, 'jobs', 'instance-b', 2_000 + LEASE, LEASE, 10);
  expect(back.map((r) => [r.key, r.claimedBy])).toEqual([
    ['job-0', 'instance-b'],
    ['job-1', 'instance-b'],
    ['job-2', 'instance-b'],
  ]);
});

it('outbox and inbox: only what is due and not held by a live lease is claimed (a send left half done is taken back, a finished one never)', async () => {
  const [a] = await instances();
  const [ws] = await a.pg.insert(workspaces).values({ platform: 'slack', externalId: 'T1', installedAt: 1 }).returning();
  const message = (key: string, extra: Partial<typeof outbox.$inferInsert>) => ({
    key,
    workspaceId: ws!.id,
    platform: 'slack',
    destination: { to: 'dm', userId: 'U1' },
    destKey: `${ws!.id}:dm:U1`,
    message: { text: key },
    notBefore: 1_000,
    createdAt: 1,
    ...extra,
  });
  await a.pg.insert(outbox).values([
    message('due', {}),
    message('later', { notBefore: 5_000 }),
    message('sending-live', { status: 'sending', claimedBy: 'instance-x', leaseUntil: 2_500 }),
    message('sending-dead', { status: 'sending', claimedBy: 'instance-y', leaseUntil: 1_500 }),
    message('sent', { status: 'sent', sentAt: 1_200 }),
    message('failed', { status: 'failed' }),
  ]);
  const claimed = await claimDue(a.pg, 'outbox', 'instance-a', 2_000, LEASE, 10);
  expect(claimed.map((r) => [r.key, r.status, r.claimedBy])).toEqual([
    ['due', 'pending', 'instance-a'],
    ['sending-dead', 'sending', 'instance-a'],
  ]);

  await a.pg.insert(inbox).values([
    { key: 'cmd-1', kind: 'command', invocation: {}, payload: {}, receivedAt: 1_000 },
    { key: 'cmd-2', kind: 'command', invocation: {}, payload: {}, receivedAt: 1_100, status: 'done', doneAt: 1_200 },
  ]);
  expect((await claimDue(a.pg, 'inbox', 'instance-a', 2_000, LEASE, 10)).map((r) => r.key)).toEqual(['cmd-1']);
});
