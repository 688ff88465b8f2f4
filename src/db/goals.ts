// Goals a team agreed on (G-n), their data points, and the items tagged with them.
import { and, asc, count, desc, eq, gte, lt } from 'drizzle-orm';
import type { Db } from './client.js';
import { blockers, commitments, goalProgress, goals, updates } from './tables.js';
import { first } from './query.js';

export type GoalRow = typeof goals.$inferSelect;
export type NewGoal = typeof goals.$inferInsert;
export type ProgressRow = typeof goalProgress.$inferSelect;

export async function insertGoal(db: Db, values: NewGoal): Promise<GoalRow> {
  return await first(db.insert(goals).values(values).returning());
}

export async function findGoal(db: Db, teamId: number, seq: number): Promise<GoalRow | undefined> {
  return await first(db.select().from(goals).where(and(eq(goals.teamId, teamId), eq(goals.seq, seq))));
}

export async function getGoal(db: Db, id: number): Promise<GoalRow | undefined> {
  return await first(db.select().from(goals).where(eq(goals.id, id)));
}

export async function listGoals(db: Db, teamId: number, opts: { status?: 'open' } = {}): Promise<GoalRow[]> {
  const where = opts.status ? and(eq(goals.teamId, teamId), eq(goals.status, opts.status)) : eq(goals.teamId, teamId);
  return await db.select().from(goals).where(where).orderBy(asc(goals.seq));
}

export async function updateGoal(
  db: Db,
  id: number,
  patch: Partial<Pick<GoalRow, 'text' | 'measure' | 'baseline' | 'target' | 'dueDate' | 'dueTz' | 'dueAt' | 'ownerId' | 'status' | 'closedAt' | 'closedBy' | 'closeNote'>>,
): Promise<GoalRow> {
  return await first(db.update(goals).set(patch).where(eq(goals.id, id)).returning());
}

export async function insertProgress(db: Db, values: typeof goalProgress.$inferInsert): Promise<ProgressRow> {
  return await first(db.insert(goalProgress).values(values).returning());
}

export async function findProgress(db: Db, teamId: number, id: number): Promise<ProgressRow | undefined> {
  return await first(db.select().from(goalProgress).where(and(eq(goalProgress.teamId, teamId), eq(goalProgress.id, id))));
}

export async function verifyProgress(db: Db, id: number, by: number, at: number): Promise<ProgressRow> {
  return await first(db.update(goalProgress).set({ verifiedBy: by, verifiedAt: at }).where(eq(goalProgress.id, id)).returning());
}

/** A goal's data points, oldest first; only those before `before` when given. */
export async function progressOf(db: Db, goalId: number, opts: { before?: number; since?: number } = {}): Promise<ProgressRow[]> {
  return await db
    .select()
    .from(goalProgress)
    .where(
      and(
        eq(goalProgress.goalId, goalId),
        opts.before === undefined ? undefined : lt(goalProgress.createdAt, opts.before),
        opts.since === undefined ? undefined : gte(goalProgress.createdAt, opts.since),
      ),
    )
    .orderBy(asc(goalProgress.createdAt), asc(goalProgress.id));
}

/** The newest data point of a goal (before `before`, when given). */
export async function latestProgress(db: Db, goalId: number, before?: number): Promise<ProgressRow | undefined> {
  return await first(db
    .select()
    .from(goalProgress)
    .where(and(eq(goalProgress.goalId, goalId), before === undefined ? undefined : lt(goalProgress.createdAt, before)))
    .orderBy(desc(goalProgress.createdAt), desc(goalProgress.id))
    .limit(1));
}

/** A goal's newest data points, at most `limit`, newest first; and how many it has in all. */
export async function recentProgress(db: Db, goalId: number, limit: number): Promise<{ points: ProgressRow[]; total: number }> {
  const points = await db.select().from(goalProgress).where(eq(goalProgress.goalId, goalId)).orderBy(desc(goalProgress.createdAt), desc(goalProgress.id)).limit(limit);
  const total = points.length < limit ? points.length : ((await first(db.select({ n: count() }).from(goalProgress).where(eq(goalProgress.goalId, goalId))))?.n ?? 0);
  return { points, total };
}

/** The items tagged #G-n: updates (not withdrawn), commitments and blockers. */
export async function taggedWith(db: Db, teamId: number, seq: number) {
  return {
    updates: (await db.select().from(updates).where(and(eq(updates.teamId, teamId), eq(updates.goalSeq, seq))).orderBy(asc(updates.seq))).filter((u) => u.droppedAt === null),
    commitments: await db.select().from(commitments).where(and(eq(commitments.teamId, teamId), eq(commitments.goalSeq, seq))).orderBy(asc(commitments.seq)),
    blockers: (await db.select().from(blockers).where(and(eq(blockers.teamId, teamId), eq(blockers.goalSeq, seq))).orderBy(asc(blockers.seq))).filter((b) => b.status !== 'dropped'),
  };
}

/** How many items are tagged with each goal, by goal seq. */
export async function taggedCounts(db: Db, teamId: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const table of [updates, commitments, blockers] as const) {
    const rows = await db.select({ seq: table.goalSeq, n: count() }).from(table).where(eq(table.teamId, teamId)).groupBy(table.goalSeq);
    for (const r of rows) if (r.seq !== null) out.set(r.seq, (out.get(r.seq) ?? 0) + r.n);
  }
  return out;
}
