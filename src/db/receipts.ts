// Deliveries already handled: a platform's retry of the same delivery is recognised here.
import { lt } from 'drizzle-orm';
import type { Db } from './client.js';
import { receipts } from './schema.js';

/** True the first time a key is seen; false for every later delivery with the same key. */
export function claimReceipt(db: Db, key: string, now: number): boolean {
  const r = db.insert(receipts).values({ key, at: now }).onConflictDoNothing().run();
  return r.changes === 1;
}

/** Forget receipts older than any retry window. */
export function pruneReceipts(db: Db, before: number): void {
  db.delete(receipts).where(lt(receipts.at, before)).run();
}
