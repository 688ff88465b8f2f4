// The PostgreSQL store against a real PostgreSQL: its schema applied on an empty database, one
// transaction per unit of work, a workspace's transactions one at a time across the pool (as
// across instances), Postgres's retryable aborts run again whole, and its failures told apart.
import { eq, is, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgDb, type PgStore, errorCode, openPgStore, workspaceLockKey } from '../../src/db/pg/store.js';
import * as schema from '../../src/db/schema.pg.js';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
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

async function store(opts: { poolSize?: number; url?: string } = {}): Promise<PgStore> {
  const s = await openPgStore({ url: opts.url ?? (await server.freshDatabase()), poolSize: opts.poolSize ?? 10 });
  stores.push(s);
  return s;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
/** The store hands out its Postgres database as the port's Db; tests use it with its own types. */
const asPg = (q: unknown) => q as PgDb;

async function addWorkspace(s: PgStore, externalId: string): Promise<number> {
  const [row] = await s.pg.insert(schema.workspaces).values({ platform: 'slack', externalId, installedAt: 1 }).returning();
  return row!.id;
}

/** Raises a server-side error with this SQLSTATE, as Postgres itself would report it. */
function raise(q: unknown, code: string) {
  return asPg(q).execute(sql.raw(`do $$ begin raise exception 'forced ${code}' using errcode = '${code}'; end $$`));
}

describe('the Postgres store', () => {
  it('applies its migrations to an empty database, building exactly schema.pg.ts; opening again changes nothing', async () => {
    const url = await server.freshDatabase();
    // Two instances starting at once on the same empty database: both come up.
    const [a, b] = await Promise.all([store({ url }), store({ url })]);
    const built = await a.pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; has_default: boolean }>(
      "select table_name, column_name, data_type, is_nullable, column_default is not null as has_default from information_schema.columns where table_schema = 'public'",
    );
    // Indexes other than primary keys' (a composite key's is named …_pk, a single column's …_pkey).
    const indexes = await a.pool.query<{ indexname: string }>(
      "select i.indexname from pg_indexes i where i.schemaname = 'public' and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.contype = 'p')",
    );
    // What schema.pg.ts declares, in information_schema's words: a forgotten `npm run db:generate` shows here.
    const sqlType: Record<string, string> = { PgSerial: 'integer', PgInteger: 'integer', PgBigInt53: 'bigint', PgText: 'text', PgBoolean: 'boolean', PgJsonb: 'jsonb', PgDoublePrecision: 'double precision' };
    const declared: string[] = [];
    const declaredIndexes: string[] = [];
    for (const t of Object.values(schema)) {
      if (!is(t, PgTable)) continue;
      const config = getTableConfig(t);
      for (const c of config.columns) declared.push(`${config.name}.${c.name} ${sqlType[c.columnType] ?? c.getSQLType()} ${c.notNull ? 'not null' : 'null'}${c.hasDefault ? ' default' : ''}`);
      for (const i of config.indexes) declaredIndexes.push(i.config.name!);
    }
    expect(built.rows.map((r) => `${r.table_name}.${r.column_name} ${r.data_type} ${r.is_nullable === 'NO' ? 'not null' : 'null'}${r.has_default ? ' default' : ''}`).sort()).toEqual(declared.sort());
    expect(indexes.rows.map((r) => r.indexname).sort()).toEqual(declaredIndexes.sort());
    const applied = await b.pool.query<{ n: string }>('select count(*) n from drizzle.__drizzle_migrations');
    expect(Number(applied.rows[0]!.n)).toBeGreaterThan(0);
    const c = await store({ url });
    expect((await c.pool.query<{ n: string }>('select count(*) n from drizzle.__drizzle_migrations')).rows[0]!.n).toBe(applied.rows[0]!.n);
  });

  it('stores epoch milliseconds, JSON and booleans as the code reads them', async () => {
    const s = await store();
    const at = 1_764_842_400_123; // well past int4
    await s.pg.insert(schema.workspaces).values({ platform: 'teams', externalId: 'tenant-1', installedAt: at, settings: { serviceUrl: 'https://smba.example/' } });
    const [row] = await s.pg.select().from(schema.workspaces);
    expect(row).toMatchObject({ installedAt: at, active: true, settings: { serviceUrl: 'https://smba.example/' } });
  });

  it('a transaction commits all of its work, or none of it when it throws', async () => {
    const s = await store();
    await s.tx(async (q) => {
      await asPg(q).insert(schema.workspaces).values({ platform: 'slack', externalId: 'T1', installedAt: 1 });
      await asPg(q).insert(schema.workspaces).values({ platform: 'slack', externalId: 'T2', installedAt: 1 });
    });
    await expect(
      s.tx(async (q) => {
        await asPg(q).insert(schema.workspaces).values({ platform: 'slack', externalId: 'T3', installedAt: 1 });
        throw new Error('the handler failed');
      }),
    ).rejects.toThrow('the handler failed');
    const ids = await s.read(async (q) => (await asPg(q).select({ id: schema.workspaces.externalId }).from(schema.workspaces).orderBy(schema.workspaces.id)).map((r) => r.id));
    expect(ids).toEqual(['T1', 'T2']);
  });

  it("one workspace's transactions run one at a time: 20 concurrent read-then-write increments all count", async () => {
    const s = await store({ poolSize: 10 });
    const id = await addWorkspace(s, 'T1');
    const increment = (workspace?: string) =>
      s.tx(
        async (q) => {
          const [row] = await asPg(q).select().from(schema.workspaces).where(eq(schema.workspaces.id, id));
          await sleep(5); // a handler's work between its read and its write
          const n = Number(row!.settings.n ?? 0) + 1;
          await asPg(q).update(schema.workspaces).set({ settings: { n } }).where(eq(schema.workspaces.id, id));
        },
        workspace === undefined ? undefined : { workspace },
      );
    const count = async () => Number((await s.pg.select().from(schema.workspaces).where(eq(schema.workspaces.id, id)))[0]!.settings.n ?? 0);

    await Promise.all(Array.from({ length: 20 }, () => increment('T1')));
    expect(await count()).toBe(20);

    // The same without naming the workspace loses updates: what the lock is for.
    await s.pg.update(schema.workspaces).set({ settings: {} }).where(eq(schema.workspaces.id, id));
    await Promise.all(Array.from({ length: 20 }, () => increment()));
    expect(await count()).toBeLessThan(20);
  });

  it('a second transaction on the same workspace waits for the first to commit; one on another workspace runs meanwhile', async () => {
    const s = await store({ poolSize: 4 });
    const events: string[] = [];
    let releaseFirst!: () => void;
    const firstMayEnd = new Promise<void>((done) => (releaseFirst = done));
    let firstStarted!: () => void;
    const started = new Promise<void>((done) => (firstStarted = done));

    const first = s.tx(
      async () => {
        events.push('A start');
        firstStarted();
        await firstMayEnd;
        events.push('A end');
      },
      { workspace: 'T1' },
    );
    await started;
    const sameWorkspace = s.tx(
      async () => {
        events.push('B start');
      },
      { workspace: 'T1' },
    );
    // Another workspace is not held up by A, which is still open.
    await s.tx(
      async () => {
        events.push('C (other workspace)');
      },
      { workspace: 'T2' },
    );
    await sleep(200);
    expect(events).toEqual(['A start', 'C (other workspace)']);
    releaseFirst();
    await Promise.all([first, sameWorkspace]);
    expect(events).toEqual(['A start', 'C (other workspace)', 'A end', 'B start']);
  });

  it("a workspace's lock that cannot be had fails that transaction only: the connection goes back clean, and the next one on it commits", async () => {
    // One connection, and a lock wait capped at 200 ms (the server's lock_timeout, as an operator may set it).
    const url = new URL(await server.freshDatabase());
    url.searchParams.set('options', '-c lock_timeout=200');
    const s = await store({ url: url.toString(), poolSize: 1 });
    const holder = new pg.Client({ connectionString: url.toString() });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock($1::bigint)', [workspaceLockKey('T1')]);
      await expect(s.tx(async () => 'never', { workspace: 'T1' })).rejects.toSatisfy((err) => errorCode(err) === '55P03');
      await holder.query('commit');
    } finally {
      await holder.end();
    }
    // The same (only) connection: not left inside the failed transaction.
    expect(await s.tx(async (q) => asPg(q).insert(schema.receipts).values({ key: 'after', at: 1 }).returning(), { workspace: 'T1' })).toHaveLength(1);
    expect(await s.pg.select().from(schema.receipts)).toHaveLength(1);
  });

  it('a transaction aborted as a serialization failure (40001) or a deadlock (40P01) is run again whole; its first run leaves nothing', async () => {
    const s = await store();
    for (const code of ['40001', '40P01']) {
      let runs = 0;
      const result = await s.tx(
        async (q) => {
          runs++;
          await asPg(q).insert(schema.receipts).values({ key: `${code}-run-${runs}`, at: 1 });
          if (runs === 1) await raise(q, code);
          return 'done';
        },
        { workspace: 'T1' },
      );
      expect(result).toBe('done');
      expect(runs).toBe(2);
    }
    expect((await s.pg.select({ key: schema.receipts.key }).from(schema.receipts).orderBy(schema.receipts.key)).map((r) => r.key)).toEqual(['40001-run-2', '40P01-run-2']);
  });

  it('a real deadlock between two transactions: Postgres aborts one, it runs again, both complete', async () => {
    const s = await store();
    const [a, b] = [await addWorkspace(s, 'A'), await addWorkspace(s, 'B')];
    let bothHoldOne!: () => void;
    let held = 0;
    const barrier = new Promise<void>((done) => (bothHoldOne = done));
    const runs = { first: 0, second: 0 };
    const lockInOrder = (name: 'first' | 'second', one: number, two: number) =>
      s.tx(async (q) => {
        runs[name]++;
        await asPg(q).update(schema.workspaces).set({ name }).where(eq(schema.workspaces.id, one));
        if (++held === 2) bothHoldOne();
        await barrier;
        await asPg(q).update(schema.workspaces).set({ name }).where(eq(schema.workspaces.id, two));
      });
    await Promise.all([lockInOrder('first', a, b), lockInOrder('second', b, a)]);
    expect(runs.first + runs.second).toBe(3);
  });

  it('gives up after a bounded number of runs, and never runs again what failed for another reason', async () => {
    const s = await store();
    let runs = 0;
    await expect(
      s.tx(async (q) => {
        runs++;
        await raise(q, '40001');
      }),
    ).rejects.toSatisfy((err) => s.isStorageFailure(err) === false);
    expect(runs).toBe(5);

    runs = 0;
    await s.pg.insert(schema.receipts).values({ key: 'k', at: 1 });
    await expect(
      s.tx(async (q) => {
        runs++;
        await asPg(q).insert(schema.receipts).values({ key: 'k', at: 2 });
      }),
    ).rejects.toThrow();
    expect(runs).toBe(1);
  });

  it('tells storage failures (operator must act: exit) from a lost connection (retry)', async () => {
    const s = await store();
    const failureOf = async (work: (q: unknown) => Promise<unknown>) => {
      try {
        await s.tx(async (q) => work(q));
      } catch (err) {
        return err;
      }
      throw new Error('expected the transaction to fail');
    };
    // Disk full, out of memory, I/O error, corruption: raised by the server with their SQLSTATEs.
    for (const code of ['53100', '53200', '58030', 'XX001']) expect(s.isStorageFailure(await failureOf((q) => raise(q, code))), code).toBe(true);
    // A read-only database (a standby after failover), for real.
    const readOnly = await failureOf(async (q) => {
      await asPg(q).execute(sql`set transaction read only`);
      await asPg(q).insert(schema.receipts).values({ key: 'ro', at: 1 });
    });
    expect(s.isStorageFailure(readOnly)).toBe(true);

    // Not storage failures: too many connections, a duplicate key, a terminated connection, a refused one.
    expect(s.isStorageFailure(await failureOf((q) => raise(q, '53300')))).toBe(false);
    await s.pg.insert(schema.receipts).values({ key: 'dup', at: 1 });
    expect(s.isStorageFailure(await failureOf((q) => asPg(q).insert(schema.receipts).values({ key: 'dup', at: 2 })))).toBe(false);
    const terminated = await failureOf((q) => asPg(q).execute(sql`select pg_terminate_backend(pg_backend_pid())`));
    expect((terminated as Error).message + String((terminated as { cause?: unknown }).cause)).toMatch(/terminat/i);
    expect(s.isStorageFailure(terminated)).toBe(false);
    // The pool replaced the terminated connection.
    expect(await s.healthy()).toBe(true);

    const closed = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:1/postgres`, max: 1 });
    const refused = await closed.query('select 1').catch((err: unknown) => err);
    await closed.end();
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(s.isStorageFailure(refused)).toBe(false);
  });

  it('healthy() answers from the pool: true while the server answers, false once it is gone', async () => {
    const other = await startPostgres();
    try {
      const s = await openPgStore({ url: await other.freshDatabase(), poolSize: 2, connectTimeoutMs: 1_000 });
      try {
        expect(await s.healthy()).toBe(true);
        await other.stop();
        expect(await s.healthy()).toBe(false);
      } finally {
        await s.close().catch(() => undefined);
      }
    } finally {
      await other.stop().catch(() => undefined);
    }
  });
});
