// Goals a team agreed on (G-n).
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { goals } from './schema.js';

export type GoalRow = typeof goals.$inferSelect;
export type NewGoal = typeof goals.$inferInsert;

export function insertGoal(db: Db, values: NewGoal): GoalRow {
  return db.insert(goals).values(values).returning().get();
}

export function findGoal(db: Db, teamId: number, seq: number): GoalRow | undefined {
  return db.select().from(goals).where(and(eq(goals.teamId, teamId), eq(goals.seq, seq))).get();
}

export function listGoals(db: Db, teamId: number): GoalRow[] {
  return db.select().from(goals).where(eq(goals.teamId, teamId)).orderBy(asc(goals.seq)).all();
}
