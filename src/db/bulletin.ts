// How a team's decisions reach the wider staff (each one, or a weekly bulletin), and what a
// week's staff bulletin reads: decisions decided, retracted and corrected in its window.
import { and, asc, eq, gte, inArray, isNotNull, like, lt } from 'drizzle-orm';
import type { Db } from './client.js';
import { broadcastSettings, decisions, recordEdits } from './tables.js';
import { first } from './query.js';
import type { DecisionRow } from './decisions.js';
import type { EditRow } from './edits.js';

export type BroadcastSettingsRow = typeof broadcastSettings.$inferSelect;

export async function getBroadcastSettings(db: Db, teamId: number): Promise<BroadcastSettingsRow | undefined> {
  return await first(db.select().from(broadcastSettings).where(eq(broadcastSettings.teamId, teamId)));
}

/** Changes some of a team's settings; the rest keep their value (or their default, for a first row). */
export async function saveBroadcastSettings(
  db: Db,
  teamId: number,
  patch: Partial<Omit<BroadcastSettingsRow, 'teamId' | 'updatedAt' | 'updatedBy'>> & Pick<BroadcastSettingsRow, 'updatedAt' | 'updatedBy'>,
): Promise<void> {
  await db.insert(broadcastSettings).values({ teamId, ...patch }).onConflictDoUpdate({ target: broadcastSettings.teamId, set: patch });
}

/** The last bulletin's window ended at `until`: the next one starts there. */
export async function bulletinCovered(db: Db, teamId: number, until: number): Promise<void> {
  await db.update(broadcastSettings).set({ bulletinCoveredUntil: until }).where(eq(broadcastSettings.teamId, teamId));
}

/** Decisions decided in [from, to) that were not retracted since (superseded ones included), by id. */
export async function decidedIn(db: Db, teamId: number, from: number, to: number): Promise<DecisionRow[]> {
  return await db
    .select()
    .from(decisions)
    .where(and(eq(decisions.teamId, teamId), inArray(decisions.status, ['decided', 'superseded']), gte(decisions.decidedAt, from), lt(decisions.decidedAt, to)))
    .orderBy(asc(decisions.seq));
}

/** Decided decisions retracted in [from, to). */
export async function retractedIn(db: Db, teamId: number, from: number, to: number): Promise<DecisionRow[]> {
  return await db
    .select()
    .from(decisions)
    .where(and(eq(decisions.teamId, teamId), eq(decisions.status, 'retracted'), isNotNull(decisions.decidedAt), gte(decisions.retractedAt, from), lt(decisions.retractedAt, to)))
    .orderBy(asc(decisions.seq));
}

/** Corrections of decisions' text made in [from, to), oldest first. */
export async function decisionEditsIn(db: Db, teamId: number, from: number, to: number): Promise<EditRow[]> {
  return await db
    .select()
    .from(recordEdits)
    .where(and(eq(recordEdits.teamId, teamId), like(recordEdits.ref, 'D-%'), eq(recordEdits.field, 'text'), gte(recordEdits.at, from), lt(recordEdits.at, to)))
    .orderBy(asc(recordEdits.id));
}
