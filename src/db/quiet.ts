// Quiet channels' storage: each team's mode, and the record posts held for the daily roll-up.
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { prepared } from './query.js';
import { quietHeld, quietSettings } from './tables.js';

export type QuietHeldRow = typeof quietHeld.$inferSelect;

/** The team's mode as stored ('off' when the team never chose one). */
export async function quietModeOf(db: Db, teamId: number): Promise<string> {
  // Asked before every record's post: a prepared statement.
  const row = await prepared(db, 'quiet.mode', (c) =>
    c.select({ mode: quietSettings.mode }).from(quietSettings).where(eq(quietSettings.teamId, sql.placeholder('teamId'))).prepare(),
  ).get({ teamId });
  return row?.mode ?? 'off';
}

export async function saveQuietMode(db: Db, row: { teamId: number; mode: string; updatedAt: number; updatedBy: number | null }): Promise<void> {
  await db.insert(quietSettings)
    .values(row)
    .onConflictDoUpdate({ target: quietSettings.teamId, set: { mode: row.mode, updatedAt: row.updatedAt, updatedBy: row.updatedBy } });
}

export async function holdPost(db: Db, row: { teamId: number; ref: string | null; message: Record<string, unknown>; heldAt: number }): Promise<void> {
  await db.insert(quietHeld).values(row);
}

/** What waits for the team's roll-up (held by `now`), oldest first. */
export async function heldPosts(db: Db, teamId: number, now: number): Promise<QuietHeldRow[]> {
  return await db
    .select()
    .from(quietHeld)
    .where(and(eq(quietHeld.teamId, teamId), isNull(quietHeld.rolledAt), lte(quietHeld.heldAt, now)))
    .orderBy(asc(quietHeld.id));
}

/** Held posts of one record still waiting for the roll-up (a correction rewrites them). */
export async function heldPostsOf(db: Db, teamId: number, ref: string): Promise<QuietHeldRow[]> {
  return await db
    .select()
    .from(quietHeld)
    .where(and(eq(quietHeld.teamId, teamId), eq(quietHeld.ref, ref), isNull(quietHeld.rolledAt)))
    .orderBy(asc(quietHeld.id));
}

export async function rewriteHeld(db: Db, id: number, message: Record<string, unknown>): Promise<void> {
  await db.update(quietHeld).set({ message }).where(eq(quietHeld.id, id));
}

export async function markRolled(db: Db, ids: number[], at: number): Promise<void> {
  if (ids.length === 0) return;
  await db.update(quietHeld).set({ rolledAt: at }).where(inArray(quietHeld.id, ids));
}
