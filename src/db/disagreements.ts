// Disagreements (R-n): the de-escalation flows, what people wrote in them, and their history.
import { and, asc, count, desc, eq, gte, inArray, lt, notInArray, or } from 'drizzle-orm';
import type { Db } from './client.js';
import { disagreementEntries, disagreementSteps, disagreements } from './tables.js';
import { first } from './query.js';

export type DisagreementRow = typeof disagreements.$inferSelect;
export type NewDisagreement = typeof disagreements.$inferInsert;
export type EntryRow = typeof disagreementEntries.$inferSelect;
export type StepRow = typeof disagreementSteps.$inferSelect;

/** States in which a flow has ended. */
const ENDED = ['closed', 'withdrawn'];

export async function insertDisagreement(db: Db, values: NewDisagreement): Promise<DisagreementRow> {
  return await first(db.insert(disagreements).values(values).returning());
}

export async function findDisagreement(db: Db, teamId: number, seq: number): Promise<DisagreementRow | undefined> {
  return await first(db.select().from(disagreements).where(and(eq(disagreements.teamId, teamId), eq(disagreements.seq, seq))));
}

export async function getDisagreement(db: Db, id: number): Promise<DisagreementRow | undefined> {
  return await first(db.select().from(disagreements).where(eq(disagreements.id, id)));
}

export async function updateDisagreement(
  db: Db,
  id: number,
  patch: Partial<Pick<DisagreementRow, 'state' | 'stalled' | 'round' | 'facilitatorId' | 'escalatedTo' | 'deadline' | 'decisionSeq' | 'decidedAt' | 'endedAt' | 'endReason'>>,
): Promise<void> {
  await db.update(disagreements).set(patch).where(eq(disagreements.id, id));
}

/** Flows still under way in a team, oldest first. */
export async function openDisagreements(db: Db, teamId: number): Promise<DisagreementRow[]> {
  return await db
    .select()
    .from(disagreements)
    .where(and(eq(disagreements.teamId, teamId), notInArray(disagreements.state, ENDED)))
    .orderBy(asc(disagreements.seq));
}

/** A team's flows, newest first. */
export async function listDisagreements(db: Db, teamId: number, limit?: number): Promise<DisagreementRow[]> {
  const q = db.select().from(disagreements).where(eq(disagreements.teamId, teamId)).orderBy(desc(disagreements.seq));
  return limit === undefined ? await q : await q.limit(limit);
}

/** Open flows about one message (a second reaction on it finds the first flow). */
export async function openDisagreementsAbout(db: Db, teamId: number, sourceMessageId: string): Promise<DisagreementRow[]> {
  return await db
    .select()
    .from(disagreements)
    .where(and(eq(disagreements.teamId, teamId), eq(disagreements.sourceMessageId, sourceMessageId), notInArray(disagreements.state, ENDED)));
}

/**
 * Where a decision stands (the report's "resolved"): a flow decided and then withdrawn (after a
 * reopening) or reopened and still open has none, though decided_at is set.
 */
export const RESOLVED = ['decided', 'follow_up', 'closed'] as const;
/** A follow-up that stalled and was escalated still has its decision standing. */
export function decisionStands(d: Pick<DisagreementRow, 'state' | 'stalled'>): boolean {
  return (RESOLVED as readonly string[]).includes(d.state) || (d.state === 'escalated' && d.stalled === 'follow_up');
}
const standing = () => or(inArray(disagreements.state, [...RESOLVED]), and(eq(disagreements.state, 'escalated'), eq(disagreements.stalled, 'follow_up')));

/** Flows flagged, and flows whose decision was reached in [from, to) and stands. */
export async function countDisagreements(db: Db, teamId: number, w: { from: number; to: number }): Promise<{ flagged: number; resolved: number }> {
  const flagged = await first(db
    .select({ n: count() })
    .from(disagreements)
    .where(and(eq(disagreements.teamId, teamId), gte(disagreements.createdAt, w.from), lt(disagreements.createdAt, w.to))));
  const resolved = await first(db
    .select({ n: count() })
    .from(disagreements)
    .where(and(eq(disagreements.teamId, teamId), gte(disagreements.decidedAt, w.from), lt(disagreements.decidedAt, w.to), standing())));
  return { flagged: flagged?.n ?? 0, resolved: resolved?.n ?? 0 };
}

/** Flows flagged or decided in [from, to), newest first. */
export async function disagreementsInWindow(db: Db, teamId: number, w: { from: number; to: number }, limit: number): Promise<DisagreementRow[]> {
  return await db
    .select()
    .from(disagreements)
    .where(
      and(
        eq(disagreements.teamId, teamId),
        or(and(gte(disagreements.createdAt, w.from), lt(disagreements.createdAt, w.to)), and(gte(disagreements.decidedAt, w.from), lt(disagreements.decidedAt, w.to))),
      ),
    )
    .orderBy(desc(disagreements.seq))
    .limit(limit);
}

/** Writes an entry; a second one by the same person for the same round and kind replaces it. */
export async function putEntry(db: Db, e: { disagreementId: number; round: number; kind: string; memberId: number; data: Record<string, unknown>; at: number }): Promise<void> {
  await db.insert(disagreementEntries)
    .values(e)
    .onConflictDoUpdate({ target: [disagreementEntries.disagreementId, disagreementEntries.round, disagreementEntries.kind, disagreementEntries.memberId], set: { data: e.data, at: e.at } });
}

export async function listEntries(db: Db, disagreementId: number, opts: { kinds?: string[]; round?: number } = {}): Promise<EntryRow[]> {
  return await db
    .select()
    .from(disagreementEntries)
    .where(
      and(
        eq(disagreementEntries.disagreementId, disagreementId),
        opts.kinds ? inArray(disagreementEntries.kind, opts.kinds) : undefined,
        opts.round === undefined ? undefined : eq(disagreementEntries.round, opts.round),
      ),
    )
    .orderBy(asc(disagreementEntries.round), asc(disagreementEntries.id));
}

export async function insertStep(db: Db, s: { disagreementId: number; fromState: string; toState: string; event: string; by: number | null; round: number; at: number }): Promise<void> {
  await db.insert(disagreementSteps).values(s);
}

export async function listSteps(db: Db, disagreementId: number): Promise<StepRow[]> {
  return await db.select().from(disagreementSteps).where(eq(disagreementSteps.disagreementId, disagreementId)).orderBy(asc(disagreementSteps.id));
}
