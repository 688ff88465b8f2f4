// Decisions (D-n): what was decided, why, who executes it and by when.
import { and, count, desc, eq, gte, type SQL } from 'drizzle-orm';
import type { Db } from './client.js';
import { decisions } from './schema.js';

export type DecisionRow = typeof decisions.$inferSelect;
export type NewDecision = typeof decisions.$inferInsert;

export async function insertDecision(db: Db, values: NewDecision): Promise<DecisionRow> {
  return db.insert(decisions).values(values).returning().get();
}

export async function findDecision(db: Db, teamId: number, seq: number): Promise<DecisionRow | undefined> {
  return db.select().from(decisions).where(and(eq(decisions.teamId, teamId), eq(decisions.seq, seq))).get();
}

function where(teamId: number, since?: number): SQL | undefined {
  return and(eq(decisions.teamId, teamId), since === undefined ? undefined : gte(decisions.createdAt, since));
}

/** Newest first. */
export async function listDecisions(db: Db, teamId: number, opts: { since?: number; limit?: number } = {}): Promise<DecisionRow[]> {
  const q = db.select().from(decisions).where(where(teamId, opts.since)).orderBy(desc(decisions.seq));
  return opts.limit === undefined ? q.all() : q.limit(opts.limit).all();
}

export async function countDecisions(db: Db, teamId: number, opts: { since?: number } = {}): Promise<number> {
  return db.select({ n: count() }).from(decisions).where(where(teamId, opts.since)).get()?.n ?? 0;
}
