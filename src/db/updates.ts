// Informal progress notes (U-n).
import { and, count, desc, eq, gte } from 'drizzle-orm';
import type { Db } from './client.js';
import { updates } from './schema.js';

export type UpdateRow = typeof updates.$inferSelect;
export type NewUpdate = typeof updates.$inferInsert;

export async function insertUpdate(db: Db, values: NewUpdate): Promise<UpdateRow> {
  return db.insert(updates).values(values).returning().get();
}

/** Newest first. */
export async function listUpdates(db: Db, teamId: number, opts: { since?: number; limit?: number } = {}): Promise<UpdateRow[]> {
  const where = opts.since === undefined ? eq(updates.teamId, teamId) : and(eq(updates.teamId, teamId), gte(updates.createdAt, opts.since));
  const q = db.select().from(updates).where(where).orderBy(desc(updates.createdAt), desc(updates.seq));
  return opts.limit === undefined ? q.all() : q.limit(opts.limit).all();
}

export async function countUpdates(db: Db, teamId: number, opts: { since?: number } = {}): Promise<number> {
  const where = opts.since === undefined ? eq(updates.teamId, teamId) : and(eq(updates.teamId, teamId), gte(updates.createdAt, opts.since));
  return db.select({ n: count() }).from(updates).where(where).get()?.n ?? 0;
}
