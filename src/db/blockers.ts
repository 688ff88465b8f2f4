// Blockers (E-n): escalations that need the lead's or the team's attention.
import { and, count, desc, eq, gte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client.js';
import { blockers } from './tables.js';
import { first } from './query.js';

export type BlockerRow = typeof blockers.$inferSelect;
export type NewBlocker = typeof blockers.$inferInsert;

export async function insertBlocker(db: Db, values: NewBlocker): Promise<BlockerRow> {
  return await first(db.insert(blockers).values(values).returning());
}

export async function findBlocker(db: Db, teamId: number, seq: number): Promise<BlockerRow | undefined> {
  return await first(db.select().from(blockers).where(and(eq(blockers.teamId, teamId), eq(blockers.seq, seq))));
}

/** The open blocker already flagged from this message, if any: a second flag finds the first. */
export async function findBlockerFromMessage(db: Db, teamId: number, sourceMessageId: string): Promise<BlockerRow | undefined> {
  return await first(db
    .select()
    .from(blockers)
    .where(and(eq(blockers.teamId, teamId), eq(blockers.sourceMessageId, sourceMessageId))));
}

export async function updateBlocker(db: Db, id: number, patch: Partial<Pick<BlockerRow, 'text' | 'unblockerId' | 'status' | 'resolvedAt' | 'resolvedBy' | 'resolution' | 'droppedAt' | 'droppedBy' | 'dropReason'>>): Promise<void> {
  await db.update(blockers).set(patch).where(eq(blockers.id, id));
}

export interface BlockerFilter {
  status?: 'open' | 'resolved' | 'dropped';
  resolvedSince?: number;
  limit?: number;
}

function where(teamId: number, f: BlockerFilter): SQL | undefined {
  return and(
    eq(blockers.teamId, teamId),
    f.status ? eq(blockers.status, f.status) : undefined,
    f.resolvedSince !== undefined ? gte(blockers.resolvedAt, f.resolvedSince) : undefined,
  );
}

/** Newest first. */
export async function listBlockers(db: Db, teamId: number, f: BlockerFilter = {}): Promise<BlockerRow[]> {
  const q = db.select().from(blockers).where(where(teamId, f)).orderBy(desc(blockers.seq));
  return f.limit === undefined ? await q : await q.limit(f.limit);
}

export async function countBlockers(db: Db, teamId: number, f: BlockerFilter = {}): Promise<number> {
  return (await first(db.select({ n: count() }).from(blockers).where(where(teamId, f))))?.n ?? 0;
}

/** Open blockers a person raised or was named to unblock, across their teams. */
export async function openBlockersOfMembers(db: Db, memberIds: number[]): Promise<BlockerRow[]> {
  if (memberIds.length === 0) return [];
  return await db
    .select()
    .from(blockers)
    .where(
      and(
        eq(blockers.status, 'open'),
        or(sql`${blockers.raisedBy} in ${memberIds}`, sql`${blockers.unblockerId} in ${memberIds}`),
      ),
    )
    .orderBy(desc(blockers.createdAt));
}
