// The weekly check-in's storage: each team's schedule, its runs, each member's check-in in a
// run, and members' own settings (away, skip). The core's check-in modules reach it only here.
import { and, asc, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { checkinMembers, checkinQuestions, checkinRuns, checkinSchedules, checkins, jobs, members, teams, workspaces } from './tables.js';
import { first } from './query.js';
import { jsonText } from './dialect.js';

export type ScheduleRow = typeof checkinSchedules.$inferSelect;
export type RunRow = typeof checkinRuns.$inferSelect;
export type CheckinRow = typeof checkins.$inferSelect;
export type CheckinMemberRow = typeof checkinMembers.$inferSelect;

// ——— schedules ———

export async function findSchedule(db: Db, teamId: number): Promise<ScheduleRow | undefined> {
  return await first(db.select().from(checkinSchedules).where(eq(checkinSchedules.teamId, teamId)));
}

export async function saveSchedule(db: Db, row: { teamId: number; weekday: number; time: string; enabled: boolean; updatedAt: number; updatedBy: number | null; weekdays?: string | null; everyWeeks?: number; anchor?: string | null }): Promise<void> {
  const extra = {
    ...(row.weekdays !== undefined ? { weekdays: row.weekdays } : {}),
    ...(row.everyWeeks !== undefined ? { everyWeeks: row.everyWeeks } : {}),
    ...(row.anchor !== undefined ? { anchor: row.anchor } : {}),
  };
  await db.insert(checkinSchedules)
    .values(row)
    .onConflictDoUpdate({ target: checkinSchedules.teamId, set: { weekday: row.weekday, time: row.time, enabled: row.enabled, updatedAt: row.updatedAt, updatedBy: row.updatedBy, ...extra } });
}

/** Teams of active workspaces whose check-in is on (no row = the default, on), with their schedule row if any. */
export async function teamsWithCheckins(db: Db): Promise<{ teamId: number; schedule: ScheduleRow | null }[]> {
  return await db
    .select({ teamId: teams.id, schedule: checkinSchedules })
    .from(teams)
    .innerJoin(workspaces, eq(workspaces.id, teams.workspaceId))
    .leftJoin(checkinSchedules, eq(checkinSchedules.teamId, teams.id))
    .where(and(eq(workspaces.active, true), or(sql`${checkinSchedules.teamId} is null`, eq(checkinSchedules.enabled, true))))
    .orderBy(asc(teams.id));
}

/** Teams that have a check-in run timer waiting. */
export async function teamsWithPendingRunJob(db: Db, kind: string): Promise<Set<number>> {
  const rows = await db
    .select({ teamId: sql<number>`${jsonText(db, jobs.payload, ['teamId'])}` })
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.status, 'pending')));
  return new Set(rows.map((r) => Number(r.teamId)));
}

// ——— runs ———

export async function insertRun(db: Db, row: { teamId: number; runKey: string; kind: string; date: string; status?: string; startedAt: number; startedBy?: number | null; digestAt?: number | null; questions?: unknown[] | null }): Promise<RunRow | undefined> {
  return await first(db.insert(checkinRuns).values(row).onConflictDoNothing().returning());
}

export async function getRun(db: Db, id: number): Promise<RunRow | undefined> {
  return await first(db.select().from(checkinRuns).where(eq(checkinRuns.id, id)));
}

export async function findRun(db: Db, teamId: number, runKey: string): Promise<RunRow | undefined> {
  return await first(db.select().from(checkinRuns).where(and(eq(checkinRuns.teamId, teamId), eq(checkinRuns.runKey, runKey))));
}

/** The team's most recent run that actually started (missed runs aside). */
export async function latestRun(db: Db, teamId: number): Promise<RunRow | undefined> {
  return await first(db
    .select()
    .from(checkinRuns)
    .where(and(eq(checkinRuns.teamId, teamId), sql`${checkinRuns.status} != 'missed'`))
    .orderBy(desc(checkinRuns.startedAt), desc(checkinRuns.id))
    .limit(1));
}

export async function updateRun(db: Db, id: number, patch: Partial<Pick<RunRow, 'status' | 'digestAt' | 'digestPostedAt'>>): Promise<void> {
  await db.update(checkinRuns).set(patch).where(eq(checkinRuns.id, id));
}

/** Open runs of a team other than `keep` become done: a newer run supersedes them. */
export async function closeOlderRuns(db: Db, teamId: number, keep: number): Promise<void> {
  await db.update(checkinRuns)
    .set({ status: 'done' })
    .where(and(eq(checkinRuns.teamId, teamId), eq(checkinRuns.status, 'open'), sql`${checkinRuns.id} != ${keep}`));
}

// ——— members' check-ins ———

export async function insertCheckin(db: Db, row: { runId: number; teamId: number; memberId: number; status: string; dueAt: number }): Promise<CheckinRow | undefined> {
  return await first(db.insert(checkins).values(row).onConflictDoNothing().returning());
}

export async function findCheckin(db: Db, runId: number, memberId: number): Promise<CheckinRow | undefined> {
  return await first(db.select().from(checkins).where(and(eq(checkins.runId, runId), eq(checkins.memberId, memberId))));
}

export async function runCheckins(db: Db, runId: number): Promise<CheckinRow[]> {
  return await db.select().from(checkins).where(eq(checkins.runId, runId)).orderBy(asc(checkins.id));
}

/** Sets a check-in's status only if it still has one of `from`: false if something else changed it first. */
export async function moveCheckin(db: Db, id: number, from: string[], patch: Partial<Pick<CheckinRow, 'status' | 'sentAt' | 'remindedAt' | 'answeredAt' | 'answers'>>): Promise<boolean> {
  return (await db.update(checkins).set(patch).where(and(eq(checkins.id, id), inArray(checkins.status, from))).returning({ id: checkins.id })).length === 1;
}

/** Moves a check-in not yet sent to a later moment (its day became a day off). */
export async function setCheckinDue(db: Db, id: number, dueAt: number): Promise<void> {
  await db.update(checkins).set({ dueAt }).where(and(eq(checkins.id, id), eq(checkins.status, 'pending')));
}

/** A member's check-ins in open runs that have one of these statuses. */
export async function openCheckinsOfMembers(db: Db, memberIds: number[], statuses: string[]): Promise<{ checkin: CheckinRow; run: RunRow }[]> {
  if (memberIds.length === 0) return [];
  return await db
    .select({ checkin: checkins, run: checkinRuns })
    .from(checkins)
    .innerJoin(checkinRuns, eq(checkinRuns.id, checkins.runId))
    .where(and(inArray(checkins.memberId, memberIds), inArray(checkins.status, statuses), eq(checkinRuns.status, 'open')))
    .orderBy(asc(checkins.dueAt));
}

/**
 * Sent and answered check-ins due in [from, to): the response rate. Only runs whose answer window
 * had closed at `at` (run done, digest posted, or digest time passed) count; the rest come back
 * apart as `open`, so a week still being answered does not drag the rate down.
 */
export async function checkinCounts(
  db: Db,
  teamId: number,
  from: number,
  to: number,
  at: number,
): Promise<{ sent: number; answered: number; open: { sent: number; answered: number } }> {
  const closed = sql`(${checkinRuns.status} != 'open' or ${checkinRuns.digestPostedAt} is not null or (${checkinRuns.digestAt} is not null and ${checkinRuns.digestAt} <= ${at}))`;
  const row = await first(db
    .select({
      sent: sql<number>`coalesce(sum(case when ${closed} and ${checkins.status} in ('sent', 'answered') then 1 else 0 end), 0)`,
      answered: sql<number>`coalesce(sum(case when ${closed} and ${checkins.status} = 'answered' then 1 else 0 end), 0)`,
      openSent: sql<number>`coalesce(sum(case when not ${closed} and ${checkins.status} in ('sent', 'answered') then 1 else 0 end), 0)`,
      openAnswered: sql<number>`coalesce(sum(case when not ${closed} and ${checkins.status} = 'answered' then 1 else 0 end), 0)`,
    })
    .from(checkins)
    .innerJoin(checkinRuns, eq(checkinRuns.id, checkins.runId))
    // By the time it was due, as checkinRecords lists them: one sent late after downtime belongs to its week.
    .where(and(eq(checkins.teamId, teamId), gte(checkins.dueAt, from), lt(checkins.dueAt, to))));
  return {
    sent: Number(row?.sent ?? 0),
    answered: Number(row?.answered ?? 0),
    open: { sent: Number(row?.openSent ?? 0), answered: Number(row?.openAnswered ?? 0) },
  };
}

/** Check-ins due in [from, to), with the member's name and zone and the run's date: the records behind the rate. */
export async function checkinRecords(db: Db, teamId: number, from: number, to: number, limit: number) {
  return await db
    .select({ checkin: checkins, name: members.name, tz: members.tz, runDate: checkinRuns.date, runKind: checkinRuns.kind })
    .from(checkins)
    .innerJoin(members, eq(members.id, checkins.memberId))
    .innerJoin(checkinRuns, eq(checkinRuns.id, checkins.runId))
    .where(and(eq(checkins.teamId, teamId), gte(checkins.dueAt, from), lt(checkins.dueAt, to), sql`${checkins.status} != 'pending'`))
    .orderBy(asc(checkins.dueAt), asc(members.name))
    .limit(limit);
}

/** The team's latest runs that started (missed ones aside), newest first. */
export async function recentRuns(db: Db, teamId: number, limit: number): Promise<RunRow[]> {
  return await db
    .select()
    .from(checkinRuns)
    .where(and(eq(checkinRuns.teamId, teamId), sql`${checkinRuns.status} != 'missed'`))
    .orderBy(desc(checkinRuns.startedAt), desc(checkinRuns.id))
    .limit(limit);
}

/** Every answered check-in of a team with its run, oldest first: the export. */
export async function answeredCheckins(db: Db, teamId: number): Promise<{ checkin: CheckinRow; run: RunRow }[]> {
  return await db
    .select({ checkin: checkins, run: checkinRuns })
    .from(checkins)
    .innerJoin(checkinRuns, eq(checkinRuns.id, checkins.runId))
    .where(and(eq(checkins.teamId, teamId), eq(checkins.status, 'answered')))
    .orderBy(asc(checkinRuns.startedAt), asc(checkins.id));
}

/** Changes an answered check-in's answers (an edit): false if it is no longer answered. */
export async function editAnswers(db: Db, id: number, answers: Record<string, unknown>): Promise<boolean> {
  return (await db.update(checkins).set({ answers }).where(and(eq(checkins.id, id), eq(checkins.status, 'answered'))).returning({ id: checkins.id })).length === 1;
}

// ——— the team's questions ———

export async function findQuestions(db: Db, teamId: number): Promise<unknown[] | undefined> {
  return (await first(db.select().from(checkinQuestions).where(eq(checkinQuestions.teamId, teamId))))?.questions;
}

export async function saveQuestions(db: Db, row: { teamId: number; questions: unknown[]; updatedAt: number; updatedBy: number | null }): Promise<void> {
  await db.insert(checkinQuestions)
    .values(row)
    .onConflictDoUpdate({ target: checkinQuestions.teamId, set: { questions: row.questions, updatedAt: row.updatedAt, updatedBy: row.updatedBy } });
}

// ——— members' own settings ———

export async function findCheckinMember(db: Db, memberId: number): Promise<CheckinMemberRow | undefined> {
  return await first(db.select().from(checkinMembers).where(eq(checkinMembers.memberId, memberId)));
}

export async function saveCheckinMember(db: Db, row: { memberId: number; teamId: number; awayUntil?: string | null; awayTz?: string | null; skipDate?: string | null; updatedAt: number }): Promise<void> {
  const { memberId, teamId, updatedAt, ...patch } = row;
  await db.insert(checkinMembers)
    .values(row)
    .onConflictDoUpdate({ target: checkinMembers.memberId, set: { ...patch, updatedAt, teamId } });
}
