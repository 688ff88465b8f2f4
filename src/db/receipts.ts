// Deliveries already handled: a platform's retry of the same delivery is recognised here.
import { lt } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { type Db, prepared } from './client.js';
import { receipts } from './tables.js';

/** True the first time a key is seen; false for every later delivery with the same key. */
export async function claimReceipt(db: Db, key: string, now: number): Promise<boolean> {
  const claim = prepared(db, 'receipts.claim', (c) =>
    c.insert(receipts).values({ key: sql.placeholder('key'), at: sql.placeholder('at') }).onConflictDoNothing().returning({ key: receipts.key }).prepare(),
  );
  return (await claim.all({ key, at: now })).length === 1;
}

/** Forget receipts older than any retry window. */
export async function pruneReceipts(db: Db, before: number): Promise<void> {
  await db.delete(receipts).where(lt(receipts.at, before));
}
