// Informal progress notes (U-n).
import { and, count, desc, eq, gte, isNull, type SQL } from 'drizzle-orm';
import type { Db } from './client.js';
import { updates } from './tables.js';
import { first } from './query.js';

export type UpdateRow = typeof updates.$inferSelect;
export type NewUpdate = typeof updates.$inferInsert;

export async function insertUpdate(db: Db, values: NewUpdate): Promise<UpdateRow> {
  return await first(db.insert(updates).values(values).returning());
}

/** Withdrawn updates (`drop U-n`) are left out unless `withDropped` (the export keeps them). */
function where(teamId: number, opts: { since?: number; withDropped?: boolean }): SQL | undefined {
  return and(
    eq(updates.teamId, teamId),
    opts.since === undefined ? undefined : gte(updates.createdAt, opts.since),
    opts.withDropped ? undefined : isNull(updates.droppedAt),
  );
}

/** Newest first. */
export async function listUpdates(db: Db, teamId: number, opts: { since?: number; limit?: number; withDropped?: boolean } = {}): Promise<UpdateRow[]> {
  const q = db.select().from(updates).where(where(teamId, opts)).orderBy(desc(updates.createdAt), desc(updates.seq));
  return opts.limit === undefined ? await q : await q.limit(opts.limit);
}

export async function countUpdates(db: Db, teamId: number, opts: { since?: number } = {}): Promise<number> {
  return (await first(db.select({ n: count() }).from(updates).where(where(teamId, opts))))?.n ?? 0;
}

export async function findUpdate(db: Db, teamId: number, seq: number): Promise<UpdateRow | undefined> {
  return await first(db.select().from(updates).where(and(eq(updates.teamId, teamId), eq(updates.seq, seq))));
}

export async function patchUpdate(db: Db, id: number, patch: Partial<Pick<UpdateRow, 'text' | 'droppedAt' | 'droppedBy' | 'dropReason'>>): Promise<void> {
  await db.update(updates).set(patch).where(eq(updates.id, id));
}
