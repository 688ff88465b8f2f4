// Nudges' storage: who turned their own off, and the dated items the planner looks at. The
// nudges themselves are persisted timers (jobs) and outbox messages with stable keys.
import { and, eq, gte, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from './client.js';
import { blockers, commitments, decisions, members, nudgeOptOuts, teams, workspaces } from './tables.js';
import { first } from './query.js';

export async function nudgesOff(db: Db, memberId: number): Promise<boolean> {
  return await first(db.select({ memberId: nudgeOptOuts.memberId }).from(nudgeOptOuts).where(eq(nudgeOptOuts.memberId, memberId))) !== undefined;
}

/** Turns a member's own nudges off (on: false) or back on. Returns whether anything changed. */
export async function setNudges(db: Db, row: { memberId: number; teamId: number; on: boolean; at: number }): Promise<boolean> {
  if (row.on) return (await db.delete(nudgeOptOuts).where(eq(nudgeOptOuts.memberId, row.memberId)).returning({ id: nudgeOptOuts.memberId })).length === 1;
  return (await db.insert(nudgeOptOuts).values({ memberId: row.memberId, teamId: row.teamId, offAt: row.at }).onConflictDoNothing().returning({ id: nudgeOptOuts.memberId })).length === 1;
}

/** Where each team is, for the planner: only teams of active workspaces are nudged. */
const activeTeam = () => eq(workspaces.active, true);

/** Open commitments with a date on or after `fromDate` (YYYY-MM-DD), in every active team. */
export async function datedOpenCommitments(db: Db, fromDate: string) {
  return await db
    .select({ id: commitments.id, teamId: commitments.teamId, dueDate: commitments.dueDate, tz: members.tz })
    .from(commitments)
    .innerJoin(members, eq(members.id, commitments.ownerId))
    .innerJoin(teams, eq(teams.id, commitments.teamId))
    .innerJoin(workspaces, eq(workspaces.id, teams.workspaceId))
    .where(and(activeTeam(), eq(commitments.status, 'open'), isNotNull(commitments.dueDate), gte(commitments.dueDate, fromDate)));
}

/** Decided, not yet carried out decisions with an executor and a date on or after `fromDate`. */
export async function datedOpenExecutions(db: Db, fromDate: string) {
  return await db
    .select({ id: decisions.id, teamId: decisions.teamId, dueDate: decisions.dueDate, tz: members.tz })
    .from(decisions)
    .innerJoin(members, eq(members.id, decisions.executorId))
    .innerJoin(teams, eq(teams.id, decisions.teamId))
    .innerJoin(workspaces, eq(workspaces.id, teams.workspaceId))
    .where(and(activeTeam(), eq(decisions.status, 'decided'), isNotNull(decisions.executorId), isNull(decisions.doneAt), isNotNull(decisions.dueDate), gte(decisions.dueDate, fromDate)));
}

/** Open blockers raised at or after `since` (epoch ms), in every active team. */
export async function recentOpenBlockers(db: Db, since: number) {
  return await db
    .select({ id: blockers.id, teamId: blockers.teamId, unblockerId: blockers.unblockerId, createdAt: blockers.createdAt, agreements: teams.agreements })
    .from(blockers)
    .innerJoin(teams, eq(teams.id, blockers.teamId))
    .innerJoin(workspaces, eq(workspaces.id, teams.workspaceId))
    .where(and(activeTeam(), eq(blockers.status, 'open'), gte(blockers.createdAt, since)));
}

export async function commitmentById(db: Db, id: number) {
  return await first(db.select().from(commitments).where(eq(commitments.id, id)));
}

export async function decisionById(db: Db, id: number) {
  return await first(db.select().from(decisions).where(eq(decisions.id, id)));
}

export async function blockerById(db: Db, id: number) {
  return await first(db.select().from(blockers).where(eq(blockers.id, id)));
}
