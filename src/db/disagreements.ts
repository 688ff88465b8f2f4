// Disagreements (R-n): the de-escalation flows, what people wrote in them, and their history.
import { and, asc, count, desc, eq, gte, inArray, lt, notInArray, or } from 'drizzle-orm';
import type { Db } from './client.js';
import { disagreementEntries, disagreementSteps, disagreements } from './schema.js';

export type DisagreementRow = typeof disagreements.$inferSelect;
export type NewDisagreement = typeof disagreements.$inferInsert;
export type EntryRow = typeof disagreementEntries.$inferSelect;
export type StepRow = typeof disagreementSteps.$inferSelect;

/** States in which a flow has ended. */
const ENDED = ['closed', 'withdrawn'];

export function insertDisagreement(db: Db, values: NewDisagreement): DisagreementRow {
  return db.insert(disagreements).values(values).returning().get();
}

export function findDisagreement(db: Db, teamId: number, seq: number): DisagreementRow | undefined {
  return db.select().from(disagreements).where(and(eq(disagreements.teamId, teamId), eq(disagreements.seq, seq))).get();
}

export function getDisagreement(db: Db, id: number): DisagreementRow | undefined {
  return db.select().from(disagreements).where(eq(disagreements.id, id)).get();
}

export function updateDisagreement(
  db: Db,
  id: number,
  patch: Partial<Pick<DisagreementRow, 'state' | 'stalled' | 'round' | 'facilitatorId' | 'escalatedTo' | 'deadline' | 'decisionSeq' | 'decidedAt' | 'endedAt' | 'endReason'>>,
): void {
  db.update(disagreements).set(patch).where(eq(disagreements.id, id)).run();
}

/** Flows still under way in a team, oldest first. */
export function openDisagreements(db: Db, teamId: number): DisagreementRow[] {
  return db
    .select()
    .from(disagreements)
    .where(and(eq(disagreements.teamId, teamId), notInArray(disagreements.state, ENDED)))
    .orderBy(asc(disagreements.seq))
    .all();
}

/** A team's flows, newest first. */
export function listDisagreements(db: Db, teamId: number, limit?: number): DisagreementRow[] {
  const q = db.select().from(disagreements).where(eq(disagreements.teamId, teamId)).orderBy(desc(disagreements.seq));
  return limit === undefined ? q.all() : q.limit(limit).all();
}

/** Open flows about one message (a second reaction on it finds the first flow). */
export function openDisagreementsAbout(db: Db, teamId: number, sourceMessageId: string): DisagreementRow[] {
  return db
    .select()
    .from(disagreements)
    .where(and(eq(disagreements.teamId, teamId), eq(disagreements.sourceMessageId, sourceMessageId), notInArray(disagreements.state, ENDED)))
    .all();
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
const standing = or(inArray(disagreements.state, [...RESOLVED]), and(eq(disagreements.state, 'escalated'), eq(disagreements.stalled, 'follow_up')));

/** Flows flagged, and flows whose decision was reached in [from, to) and stands. */
export function countDisagreements(db: Db, teamId: number, w: { from: number; to: number }): { flagged: number; resolved: number } {
  const flagged = db
    .select({ n: count() })
    .from(disagreements)
    .where(and(eq(disagreements.teamId, teamId), gte(disagreements.createdAt, w.from), lt(disagreements.createdAt, w.to)))
    .get();
  const resolved = db
    .select({ n: count() })
    .from(disagreements)
    .where(and(eq(disagreements.teamId, teamId), gte(disagreements.decidedAt, w.from), lt(disagreements.decidedAt, w.to), standing))
    .get();
  return { flagged: flagged?.n ?? 0, resolved: resolved?.n ?? 0 };
}

/** Flows flagged or decided in [from, to), newest first. */
export function disagreementsInWindow(db: Db, teamId: number, w: { from: number; to: number }, limit: number): DisagreementRow[] {
  return db
    .select()
    .from(disagreements)
    .where(
      and(
        eq(disagreements.teamId, teamId),
        or(and(gte(disagreements.createdAt, w.from), lt(disagreements.createdAt, w.to)), and(gte(disagreements.decidedAt, w.from), lt(disagreements.decidedAt, w.to))),
      ),
    )
    .orderBy(desc(disagreements.seq))
    .limit(limit)
    .all();
}

/** Writes an entry; a second one by the same person for the same round and kind replaces it. */
export function putEntry(db: Db, e: { disagreementId: number; round: number; kind: string; memberId: number; data: Record<string, unknown>; at: number }): void {
  db.insert(disagreementEntries)
    .values(e)
    .onConflictDoUpdate({ target: [disagreementEntries.disagreementId, disagreementEntries.round, disagreementEntries.kind, disagreementEntries.memberId], set: { data: e.data, at: e.at } })
    .run();
}

export function listEntries(db: Db, disagreementId: number, opts: { kinds?: string[]; round?: number } = {}): EntryRow[] {
  return db
    .select()
    .from(disagreementEntries)
    .where(
      and(
        eq(disagreementEntries.disagreementId, disagreementId),
        opts.kinds ? inArray(disagreementEntries.kind, opts.kinds) : undefined,
        opts.round === undefined ? undefined : eq(disagreementEntries.round, opts.round),
      ),
    )
    .orderBy(asc(disagreementEntries.round), asc(disagreementEntries.id))
    .all();
}

export function insertStep(db: Db, s: { disagreementId: number; fromState: string; toState: string; event: string; by: number | null; round: number; at: number }): void {
  db.insert(disagreementSteps).values(s).run();
}

export function listSteps(db: Db, disagreementId: number): StepRow[] {
  return db.select().from(disagreementSteps).where(eq(disagreementSteps.disagreementId, disagreementId)).orderBy(asc(disagreementSteps.id)).all();
}
