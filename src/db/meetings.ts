// The team's meeting: its schedule and its occurrences (one row per meeting date).
import { and, asc, desc, eq, gt, gte, lt, lte } from 'drizzle-orm';
import type { Db } from './client.js';
import { agendaItems, blockers, commitments, decisions, meetingSchedules, meetings } from './tables.js';
import { first } from './query.js';

export type MeetingScheduleRow = typeof meetingSchedules.$inferSelect;
export type MeetingRow = typeof meetings.$inferSelect;

export async function getMeetingSchedule(db: Db, teamId: number): Promise<MeetingScheduleRow | undefined> {
  return await first(db.select().from(meetingSchedules).where(eq(meetingSchedules.teamId, teamId)));
}

export async function setMeetingSchedule(db: Db, values: typeof meetingSchedules.$inferInsert): Promise<void> {
  const { teamId: _teamId, ...rest } = values;
  await db.insert(meetingSchedules).values(values).onConflictDoUpdate({ target: meetingSchedules.teamId, set: rest });
}

/** The occurrence on a local date, created once (a second caller gets the first's row). */
export async function ensureMeeting(
  db: Db,
  values: Pick<MeetingRow, 'teamId' | 'date' | 'startsAt' | 'endsAt' | 'createdAt'>,
): Promise<MeetingRow> {
  await db.insert(meetings).values(values).onConflictDoNothing({ target: [meetings.teamId, meetings.date] });
  return (await meetingOn(db, values.teamId, values.date))!;
}

export async function meetingOn(db: Db, teamId: number, date: string): Promise<MeetingRow | undefined> {
  return await first(db.select().from(meetings).where(and(eq(meetings.teamId, teamId), eq(meetings.date, date))));
}

export async function findMeeting(db: Db, teamId: number, id: number): Promise<MeetingRow | undefined> {
  return await first(db.select().from(meetings).where(and(eq(meetings.teamId, teamId), eq(meetings.id, id))));
}

/** The latest meeting that has ended by `at` (not cancelled or skipped). */
export async function lastEndedMeeting(db: Db, teamId: number, at: number): Promise<MeetingRow | undefined> {
  return await first(db
    .select()
    .from(meetings)
    .where(and(eq(meetings.teamId, teamId), lte(meetings.endsAt, at), eq(meetings.status, 'held')))
    .orderBy(desc(meetings.startsAt)));
}

/** The meeting in progress at `at`, if any. */
export async function meetingAt(db: Db, teamId: number, at: number): Promise<MeetingRow | undefined> {
  return await first(db
    .select()
    .from(meetings)
    .where(and(eq(meetings.teamId, teamId), lte(meetings.startsAt, at), gt(meetings.endsAt, at)))
    .orderBy(desc(meetings.startsAt)));
}

export async function patchMeeting(
  db: Db,
  id: number,
  patch: Partial<Pick<MeetingRow, 'status' | 'agendaPostedAt' | 'recapDraftSentAt' | 'recapText' | 'recapPostedAt' | 'recapPostedBy'>>,
): Promise<void> {
  await db.update(meetings).set(patch).where(eq(meetings.id, id));
}

/** A not-yet-held occurrence moved to its schedule's new time (or turned back on). */
export async function rescheduleMeeting(db: Db, id: number, patch: Pick<MeetingRow, 'startsAt' | 'endsAt' | 'status'>): Promise<void> {
  await db.update(meetings).set(patch).where(eq(meetings.id, id));
}

/** The team's meetings, newest first, for `list` and the export. */
export async function teamMeetings(db: Db, teamId: number, limit: number): Promise<MeetingRow[]> {
  return await db.select().from(meetings).where(eq(meetings.teamId, teamId)).orderBy(desc(meetings.startsAt)).limit(limit);
}

/**
 * What was recorded in a meeting's window [from, to): decisions decided, commitments made,
 * blockers resolved and agenda items handled — the meeting's own record, by time alone.
 */
export async function recordedIn(db: Db, teamId: number, from: number, to: number): Promise<{ decisions: number[]; commitments: number[]; resolved: number[]; handled: number[] }> {
  const seqs = (rows: { seq: number }[]) => rows.map((r) => r.seq);
  return {
    decisions: seqs(await db.select({ seq: decisions.seq }).from(decisions).where(and(eq(decisions.teamId, teamId), eq(decisions.status, 'decided'), gte(decisions.decidedAt, from), lt(decisions.decidedAt, to))).orderBy(asc(decisions.seq))),
    commitments: seqs(await db.select({ seq: commitments.seq }).from(commitments).where(and(eq(commitments.teamId, teamId), gte(commitments.createdAt, from), lt(commitments.createdAt, to))).orderBy(asc(commitments.seq))),
    resolved: seqs(await db.select({ seq: blockers.seq }).from(blockers).where(and(eq(blockers.teamId, teamId), eq(blockers.status, 'resolved'), gte(blockers.resolvedAt, from), lt(blockers.resolvedAt, to))).orderBy(asc(blockers.seq))),
    handled: seqs(await db.select({ seq: agendaItems.seq }).from(agendaItems).where(and(eq(agendaItems.teamId, teamId), gte(agendaItems.handledAt, from), lt(agendaItems.handledAt, to))).orderBy(asc(agendaItems.seq))),
  };
}
