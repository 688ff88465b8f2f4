// The team's meeting: its schedule and its occurrences (one row per meeting date).
import { and, desc, eq, gt, lte } from 'drizzle-orm';
import type { Db } from './client.js';
import { meetingSchedules, meetings } from './schema.js';

export type MeetingScheduleRow = typeof meetingSchedules.$inferSelect;
export type MeetingRow = typeof meetings.$inferSelect;

export async function getMeetingSchedule(db: Db, teamId: number): Promise<MeetingScheduleRow | undefined> {
  return db.select().from(meetingSchedules).where(eq(meetingSchedules.teamId, teamId)).get();
}

export async function setMeetingSchedule(db: Db, values: typeof meetingSchedules.$inferInsert): Promise<void> {
  const { teamId: _teamId, ...rest } = values;
  db.insert(meetingSchedules).values(values).onConflictDoUpdate({ target: meetingSchedules.teamId, set: rest }).run();
}

/** The occurrence on a local date, created once (a second caller gets the first's row). */
export async function ensureMeeting(
  db: Db,
  values: Pick<MeetingRow, 'teamId' | 'date' | 'startsAt' | 'endsAt' | 'createdAt'>,
): Promise<MeetingRow> {
  db.insert(meetings).values(values).onConflictDoNothing({ target: [meetings.teamId, meetings.date] }).run();
  return (await meetingOn(db, values.teamId, values.date))!;
}

export async function meetingOn(db: Db, teamId: number, date: string): Promise<MeetingRow | undefined> {
  return db.select().from(meetings).where(and(eq(meetings.teamId, teamId), eq(meetings.date, date))).get();
}

export async function findMeeting(db: Db, teamId: number, id: number): Promise<MeetingRow | undefined> {
  return db.select().from(meetings).where(and(eq(meetings.teamId, teamId), eq(meetings.id, id))).get();
}

/** The latest meeting that has ended by `at` (not cancelled or skipped). */
export async function lastEndedMeeting(db: Db, teamId: number, at: number): Promise<MeetingRow | undefined> {
  return db
    .select()
    .from(meetings)
    .where(and(eq(meetings.teamId, teamId), lte(meetings.endsAt, at), eq(meetings.status, 'held')))
    .orderBy(desc(meetings.startsAt))
    .get();
}

/** The meeting in progress at `at`, if any. */
export async function meetingAt(db: Db, teamId: number, at: number): Promise<MeetingRow | undefined> {
  return db
    .select()
    .from(meetings)
    .where(and(eq(meetings.teamId, teamId), lte(meetings.startsAt, at), gt(meetings.endsAt, at)))
    .orderBy(desc(meetings.startsAt))
    .get();
}

export async function patchMeeting(
  db: Db,
  id: number,
  patch: Partial<Pick<MeetingRow, 'status' | 'agendaPostedAt' | 'recapDraftSentAt' | 'recapText' | 'recapPostedAt' | 'recapPostedBy'>>,
): Promise<void> {
  db.update(meetings).set(patch).where(eq(meetings.id, id)).run();
}

/** A not-yet-held occurrence moved to its schedule's new time (or turned back on). */
export async function rescheduleMeeting(db: Db, id: number, patch: Pick<MeetingRow, 'startsAt' | 'endsAt' | 'status'>): Promise<void> {
  db.update(meetings).set(patch).where(eq(meetings.id, id)).run();
}

/** The team's meetings, newest first, for `list` and the export. */
export async function teamMeetings(db: Db, teamId: number, limit: number): Promise<MeetingRow[]> {
  return db.select().from(meetings).where(eq(meetings.teamId, teamId)).orderBy(desc(meetings.startsAt)).limit(limit).all();
}
