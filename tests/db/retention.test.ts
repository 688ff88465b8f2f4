// Retention's statements are written in SQL (bounded batches over id ranges and row identities),
// with what SQLite and PostgreSQL spell differently taken from dialect.ts: a pass removes the same
// rows on either engine (BATON_TEST_DB=pg runs it on Postgres).
import { afterEach, expect, it } from 'vitest';
import { saveAddress, findAddress } from '../../src/db/addresses.js';
import { enqueue, findOutbox, markSent } from '../../src/db/outbox.js';
import { pruneAtRest } from '../../src/db/retention.js';
import { type TestBot, teamBot } from '../support/core.js';

const DAY = 86_400_000;
let t: TestBot | undefined;
afterEach(() => t?.close());

it('a pass drops delivered private answers, stale response_urls and parked stashes, and keeps the rest', async () => {
  t = await teamBot();
  const now = t.clock.now();
  const message = { blocks: [] };
  const r = await t.database.store.tx(async (db) => {
    await enqueue(db, { key: 'dm-sent', workspaceId: 1, platform: 'console', destination: { to: 'dm', userId: 'maria' }, destKey: 'a', message, notBefore: 0, createdAt: 0 });
    await enqueue(db, { key: 'post-sent', workspaceId: 1, platform: 'console', destination: { to: 'channel', channelId: 'c' }, destKey: 'b', message, notBefore: 0, createdAt: 0 });
    await enqueue(db, { key: 'reply-waiting', workspaceId: 1, platform: 'console', destination: { to: 'reply', userId: 'sam', route: { responseUrl: 'https://hooks.test/1' } }, destKey: 'c', message, notBefore: 0, createdAt: 0 });
    for (const key of ['dm-sent', 'post-sent']) await markSent(db, (await findOutbox(db, key))!.id, 1, { ok: true });
    await saveAddress(db, 'console', 'w', 'file:export-1', { name: 'x.csv' }, 0);
    await saveAddress(db, 'console', 'w', 'user:maria', { id: 'maria' }, 0);
    return pruneAtRest(db, now + 30 * DAY);
  });
  expect(r).toMatchObject({ delivered: 1, responseUrls: 1, stashes: 1 });
  await t.database.store.read(async (db) => {
    expect(await findOutbox(db, 'dm-sent')).toBeUndefined();
    expect(await findOutbox(db, 'post-sent')).toBeDefined();
    const waiting = await findOutbox(db, 'reply-waiting');
    expect(waiting?.destination).toEqual({ to: 'reply', userId: 'sam', route: {} });
    expect(await findAddress(db, 'console', 'w', 'file:export-1')).toBeUndefined();
    expect(await findAddress(db, 'console', 'w', 'user:maria')).toEqual({ id: 'maria' });
  });
});
