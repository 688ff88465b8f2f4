// The dialect-specific fragments give the same answers on SQLite and on a real PostgreSQL, over
// the same rows.
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { ignoringCase, isPostgres, jsonText, jsonWithout, withoutIndex } from '../../src/db/dialect.js';
import { type PgStore, openPgStore } from '../../src/db/pg/store.js';
import * as lite from '../../src/db/schema.js';
import * as pgs from '../../src/db/schema.pg.js';
import { type TestPostgres, startPostgres } from '../support/postgres.js';

const DESTINATIONS = [
  { key: 'bob', destination: { to: 'reply', route: { responseUrl: 'https://hooks.slack.com/commands/T1/1/x', channel: 'C1' } } },
  { key: 'Carol', destination: { to: 'dm', userId: 'U1' } },
  { key: 'alice', destination: { to: 'channel', channelId: 'C2', replaces: { ts: '1700000000.000100' } } },
];
const row = (workspaceId: number, d: (typeof DESTINATIONS)[number], i: number) => ({
  key: d.key,
  workspaceId,
  platform: 'slack',
  destination: d.destination,
  destKey: `k${i}`,
  message: { text: 'hi' },
  notBefore: 1,
  createdAt: 1,
});

/** What each engine answers, read the same way. */
interface Answers {
  to: unknown[];
  responseUrl: unknown[];
  replacesTs: unknown[];
  afterRemove: unknown[];
  byKeyIgnoringCase: string[];
  pendingWithoutIndex: number;
}

let server: TestPostgres;
let store: PgStore;
beforeAll(async () => {
  server = await startPostgres();
  store = await openPgStore({ url: await server.freshDatabase(), poolSize: 2 });
});
afterAll(async () => {
  await store?.close();
  await server?.stop();
});

function onSqlite(): Answers {
  const { db, close } = openDatabase(':memory:');
  try {
    expect(isPostgres(db)).toBe(false);
    const ws = db.insert(lite.workspaces).values({ platform: 'slack', externalId: 'T1', installedAt: 1 }).returning().get();
    for (const [i, d] of DESTINATIONS.entries()) db.insert(lite.outbox).values(row(ws.id, d, i)).run();
    const o = lite.outbox;
    const column = (s: ReturnType<typeof jsonText>) => db.select({ v: s }).from(o).orderBy(asc(o.id)).all().map((r) => r.v);
    const answers = {
      to: column(jsonText(db, o.destination, ['to'])),
      responseUrl: column(jsonText(db, o.destination, ['route', 'responseUrl'])),
      replacesTs: column(jsonText(db, o.destination, ['replaces', 'ts'])),
    };
    db.update(o).set({ destination: jsonWithout(db, o.destination, ['route', 'responseUrl']) }).run();
    return {
      ...answers,
      afterRemove: db.select({ d: o.destination }).from(o).orderBy(asc(o.id)).all().map((r) => r.d),
      byKeyIgnoringCase: db.select({ k: o.key }).from(o).orderBy(ignoringCase(db, o.key)).all().map((r) => r.k),
      pendingWithoutIndex: db.select({ n: sql<number>`count(*)` }).from(o).where(sql`${withoutIndex(db, o.status)} = 'pending'`).get()!.n,
    };
  } finally {
    close();
  }
}

async function onPostgres(): Promise<Answers> {
  const db = store.pg;
  expect(isPostgres(db)).toBe(true);
  const [ws] = await db.insert(pgs.workspaces).values({ platform: 'slack', externalId: 'T1', installedAt: 1 }).returning();
  for (const [i, d] of DESTINATIONS.entries()) await db.insert(pgs.outbox).values(row(ws!.id, d, i));
  const o = pgs.outbox;
  const column = async (s: ReturnType<typeof jsonText>) => (await db.select({ v: s }).from(o).orderBy(asc(o.id))).map((r) => r.v);
  const answers = {
    to: await column(jsonText(db, o.destination, ['to'])),
    responseUrl: await column(jsonText(db, o.destination, ['route', 'responseUrl'])),
    replacesTs: await column(jsonText(db, o.destination, ['replaces', 'ts'])),
  };
  // Inside a transaction too: the fragment follows the transaction's dialect.
  await store.tx(async (q) => {
    const tx = q as unknown as typeof db;
    expect(isPostgres(tx)).toBe(true);
    await tx.update(o).set({ destination: jsonWithout(tx, o.destination, ['route', 'responseUrl']) }).where(eq(o.workspaceId, ws!.id));
  });
  return {
    ...answers,
    afterRemove: (await db.select({ d: o.destination }).from(o).orderBy(asc(o.id))).map((r) => r.d),
    byKeyIgnoringCase: (await db.select({ k: o.key }).from(o).orderBy(ignoringCase(db, o.key))).map((r) => r.k),
    pendingWithoutIndex: Number((await db.select({ n: sql<number>`count(*)` }).from(o).where(sql`${withoutIndex(db, o.status)} = 'pending'`))[0]!.n),
  };
}

describe('dialect fragments', () => {
  it('read, remove, sort and filter alike on SQLite and PostgreSQL', async () => {
    const expected: Answers = {
      to: ['reply', 'dm', 'channel'],
      responseUrl: ['https://hooks.slack.com/commands/T1/1/x', null, null],
      replacesTs: [null, null, '1700000000.000100'],
      afterRemove: [{ to: 'reply', route: { channel: 'C1' } }, { to: 'dm', userId: 'U1' }, { to: 'channel', channelId: 'C2', replaces: { ts: '1700000000.000100' } }],
      // Byte order would put 'Carol' first.
      byKeyIgnoringCase: ['alice', 'bob', 'Carol'],
      pendingWithoutIndex: 3,
    };
    expect(onSqlite()).toEqual(expected);
    expect(await onPostgres()).toEqual(expected);
  });

  it('refuses a JSON path that is not plain names (they are inlined into SQL)', () => {
    const { db, close } = openDatabase(':memory:');
    try {
      expect(() => jsonText(db, lite.outbox.destination, ["to') or 1=1 --"])).toThrow('not a JSON path');
      expect(() => jsonWithout(db, lite.outbox.destination, [])).toThrow('not a JSON path');
    } finally {
      close();
    }
  });
});
