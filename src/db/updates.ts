// Informal progress notes (U-n).
import { and, count, desc, eq, gte, isNull, type SQL } from 'drizzle-orm';
import type { Db } from './client.js';
import { updates } from './schema.js';

export type UpdateRow = typeof updates.$inferSelect;
export type NewUpdate = typeof updates.$inferInsert;

export async function insertUpdate(db: Db, values: NewUpdate): Promise<UpdateRow> {
  return db.insert(updates).values(values).returning().get();
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
  return opts.limit === undefined ? q.all() : q.limit(opts.limit).all();
}

export async function countUpdates(db: Db, teamId: number, opts: { since?: number } = {}): Promise<number> {
  return db.select({ n: count() }).from(updates).where(where(teamId, opts)).get()?.n ?? 0;
}

export async function findUpdate(db: Db, teamId: number, seq: number): Promise<UpdateRow | undefined> {
  return db.select().from(updates).where(and(eq(updates.teamId, teamId), eq(updates.seq, seq))).get();
}

export async function patchUpdate(db: Db, id: number, patch: Partial<Pick<UpdateRow, 'text' | 'droppedAt' | 'droppedBy' | 'dropReason'>>): Promise<void> {
  db.update(updates).set(patch).where(eq(updates.id, id)).run();
}
