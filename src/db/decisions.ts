// Decisions (D-n): what was decided, why, who executes it and by when.
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, type SQL } from 'drizzle-orm';
import type { Db } from './client.js';
import { decisionEvents, decisionVotes, decisions } from './tables.js';
import { first } from './query.js';

export type DecisionRow = typeof decisions.$inferSelect;
export type NewDecision = typeof decisions.$inferInsert;

export async function insertDecision(db: Db, values: NewDecision): Promise<DecisionRow> {
  return await first(db.insert(decisions).values(values).returning());
}

export async function findDecision(db: Db, teamId: number, seq: number): Promise<DecisionRow | undefined> {
  return await first(db.select().from(decisions).where(and(eq(decisions.teamId, teamId), eq(decisions.seq, seq))));
}

function where(teamId: number, since?: number): SQL | undefined {
  return and(eq(decisions.teamId, teamId), since === undefined ? undefined : gte(decisions.createdAt, since));
}

/** Newest first. */
export async function listDecisions(db: Db, teamId: number, opts: { since?: number; limit?: number } = {}): Promise<DecisionRow[]> {
  const q = db.select().from(decisions).where(where(teamId, opts.since)).orderBy(desc(decisions.seq));
  return opts.limit === undefined ? await q : await q.limit(opts.limit);
}

export async function countDecisions(db: Db, teamId: number, opts: { since?: number } = {}): Promise<number> {
  return (await first(db.select({ n: count() }).from(decisions).where(where(teamId, opts.since))))?.n ?? 0;
}

export async function updateDecision(
  db: Db,
  id: number,
  patch: Partial<
    Pick<
      DecisionRow,
      | 'status' | 'decidedAt' | 'decidedBy' | 'overObjection' | 'supersededBySeq' | 'broadcastTo' | 'retractedAt' | 'retractedBy' | 'retractReason'
      | 'doneAt' | 'doneBy' | 'doneNote' | 'slips' | 'dueDate' | 'dueTz' | 'dueAt'
    >
  >,
): Promise<DecisionRow | undefined> {
  return await first(db.update(decisions).set(patch).where(eq(decisions.id, id)).returning());
}

export type VoteRow = typeof decisionVotes.$inferSelect;

/** A member's answer to a proposal; a second answer replaces the first. */
export async function putVote(db: Db, v: { decisionId: number; memberId: number; vote: 'agree' | 'object'; reason: string | null; at: number }): Promise<void> {
  await db.insert(decisionVotes)
    .values(v)
    .onConflictDoUpdate({ target: [decisionVotes.decisionId, decisionVotes.memberId], set: { vote: v.vote, reason: v.reason, at: v.at } });
}

export async function votesOn(db: Db, decisionId: number): Promise<VoteRow[]> {
  return await db.select().from(decisionVotes).where(eq(decisionVotes.decisionId, decisionId)).orderBy(asc(decisionVotes.at), asc(decisionVotes.id));
}

/** Decided decisions whose execution (an executor and a date) is still open, for these members. */
export async function openExecutionsOfMembers(db: Db, memberIds: number[]): Promise<DecisionRow[]> {
  if (memberIds.length === 0) return [];
  return await db
    .select()
    .from(decisions)
    .where(and(inArray(decisions.executorId, memberIds), eq(decisions.status, 'decided'), isNull(decisions.doneAt), isNotNull(decisions.dueAt)))
    .orderBy(asc(decisions.dueAt), asc(decisions.seq));
}

/** A team's open executions due before `before` (the recap's "due or overdue"). */
export async function dueExecutions(db: Db, teamId: number, before: number): Promise<DecisionRow[]> {
  return await db
    .select()
    .from(decisions)
    .where(and(eq(decisions.teamId, teamId), eq(decisions.status, 'decided'), isNull(decisions.doneAt), isNotNull(decisions.executorId), lt(decisions.dueAt, before)))
    .orderBy(asc(decisions.dueAt), asc(decisions.seq));
}

/** Executions closed in [from, to) with their due instant: for the on-time figure. */
export async function closedExecutions(db: Db, teamId: number, from: number, to: number): Promise<DecisionRow[]> {
  return await db
    .select()
    .from(decisions)
    .where(and(eq(decisions.teamId, teamId), isNotNull(decisions.doneAt), isNotNull(decisions.dueAt), gte(decisions.doneAt, from), lt(decisions.doneAt, to)))
    .orderBy(asc(decisions.doneAt));
}

export async function insertDecisionEvent(db: Db, e: typeof decisionEvents.$inferInsert): Promise<void> {
  await db.insert(decisionEvents).values(e);
}
