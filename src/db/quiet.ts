// Quiet channels' storage: each team's mode, and the record posts held for the daily roll-up.
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { Db } from './client.js';
import { quietHeld, quietSettings } from './schema.js';

export type QuietHeldRow = typeof quietHeld.$inferSelect;

/** The team's mode as stored ('off' when the team never chose one). */
export async function quietModeOf(db: Db, teamId: number): Promise<string> {
  return db.select({ mode: quietSettings.mode }).from(quietSettings).where(eq(quietSettings.teamId, teamId)).get()?.mode ?? 'off';
}

export async function saveQuietMode(db: Db, row: { teamId: number; mode: string; updatedAt: number; updatedBy: number | null }): Promise<void> {
  db.insert(quietSettings)
    .values(row)
    .onConflictDoUpdate({ target: quietSettings.teamId, set: { mode: row.mode, updatedAt: row.updatedAt, updatedBy: row.updatedBy } })
    .run();
}

export async function holdPost(db: Db, row: { teamId: number; ref: string | null; message: Record<string, unknown>; heldAt: number }): Promise<void> {
  db.insert(quietHeld).values(row).run();
}

/** What waits for the team's roll-up (held by `now`), oldest first. */
export async function heldPosts(db: Db, teamId: number, now: number): Promise<QuietHeldRow[]> {
  return db
    .select()
    .from(quietHeld)
    .where(and(eq(quietHeld.teamId, teamId), isNull(quietHeld.rolledAt), lte(quietHeld.heldAt, now)))
    .orderBy(asc(quietHeld.id))
    .all();
}

/** Held posts of one record still waiting for the roll-up (a correction rewrites them). */
export async function heldPostsOf(db: Db, teamId: number, ref: string): Promise<QuietHeldRow[]> {
  return db
    .select()
    .from(quietHeld)
    .where(and(eq(quietHeld.teamId, teamId), eq(quietHeld.ref, ref), isNull(quietHeld.rolledAt)))
    .orderBy(asc(quietHeld.id))
    .all();
}

export async function rewriteHeld(db: Db, id: number, message: Record<string, unknown>): Promise<void> {
  db.update(quietHeld).set({ message }).where(eq(quietHeld.id, id)).run();
}

export async function markRolled(db: Db, ids: number[], at: number): Promise<void> {
  if (ids.length === 0) return;
  db.update(quietHeld).set({ rolledAt: at }).where(inArray(quietHeld.id, ids)).run();
}
