// Platform addresses kept for adapters (see core/addresses.ts).
import { and, eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { addresses } from './schema.js';

export function saveAddress(db: Db, platform: string, workspaceExternalId: string, key: string, data: Record<string, unknown>, now: number): void {
  db.insert(addresses)
    .values({ platform, workspaceExternalId, key, data, updatedAt: now })
    .onConflictDoUpdate({ target: [addresses.platform, addresses.workspaceExternalId, addresses.key], set: { data, updatedAt: now } })
    .run();
}

export function findAddress(db: Db, platform: string, workspaceExternalId: string, key: string): Record<string, unknown> | undefined {
  return db
    .select({ data: addresses.data })
    .from(addresses)
    .where(and(eq(addresses.platform, platform), eq(addresses.workspaceExternalId, workspaceExternalId), eq(addresses.key, key)))
    .get()?.data;
}
