// Goals a team agreed on (G-n).
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { goals } from './schema.js';

export type GoalRow = typeof goals.$inferSelect;
export type NewGoal = typeof goals.$inferInsert;

export async function insertGoal(db: Db, values: NewGoal): Promise<GoalRow> {
  return db.insert(goals).values(values).returning().get();
}

export async function findGoal(db: Db, teamId: number, seq: number): Promise<GoalRow | undefined> {
  return db.select().from(goals).where(and(eq(goals.teamId, teamId), eq(goals.seq, seq))).get();
}

export async function listGoals(db: Db, teamId: number): Promise<GoalRow[]> {
  return db.select().from(goals).where(eq(goals.teamId, teamId)).orderBy(asc(goals.seq)).all();
}
