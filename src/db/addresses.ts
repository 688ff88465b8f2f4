// Platform addresses kept for adapters (see core/addresses.ts). Read on every incoming activity,
// so the statements are prepared once.
import { and, eq, sql } from 'drizzle-orm';
import { type Db, prepared } from './client.js';
import { addresses } from './tables.js';

export async function saveAddress(db: Db, platform: string, workspaceExternalId: string, key: string, data: Record<string, unknown>, now: number): Promise<void> {
  const upsert = prepared(db, 'addresses.save', (c) =>
    c
      .insert(addresses)
      .values({
        platform: sql.placeholder('platform'),
        workspaceExternalId: sql.placeholder('workspace'),
        key: sql.placeholder('key'),
        data: sql.placeholder('data'),
        updatedAt: sql.placeholder('now'),
      })
      .onConflictDoUpdate({
        target: [addresses.platform, addresses.workspaceExternalId, addresses.key],
        set: { data: sql`excluded.data`, updatedAt: sql`excluded.updated_at` },
      })
      .prepare(),
  );
  await upsert.run({ platform, workspace: workspaceExternalId, key, data, now });
}

export async function findAddress(db: Db, platform: string, workspaceExternalId: string, key: string): Promise<Record<string, unknown> | undefined> {
  const find = prepared(db, 'addresses.find', (c) =>
    c
      .select({ data: addresses.data })
      .from(addresses)
      .where(and(eq(addresses.platform, sql.placeholder('platform')), eq(addresses.workspaceExternalId, sql.placeholder('workspace')), eq(addresses.key, sql.placeholder('key'))))
      .prepare(),
  );
  return (await find.get({ platform, workspace: workspaceExternalId, key }))?.data;
}

/**
 * Saves `data` unless something is saved under the key already, and returns what is saved there
 * now: of two instances saving at once, both get the first one's (a key every instance must share).
 */
export async function saveAddressOnce(db: Db, platform: string, workspaceExternalId: string, key: string, data: Record<string, unknown>, now: number): Promise<Record<string, unknown>> {
  await db.insert(addresses).values({ platform, workspaceExternalId, key, data, updatedAt: now }).onConflictDoNothing();
  return (await findAddress(db, platform, workspaceExternalId, key)) ?? data;
}
