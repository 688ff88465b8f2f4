// The team calendar's storage: each team's work week and its non-working date ranges. The core
// reads both in one query (core/team/calendar.ts), since every timer that sends asks it.
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { type Db, prepared } from './client.js';
import { calendarDays, teamCalendars, teams } from './tables.js';
import { first } from './query.js';

export type CalendarDayRow = typeof calendarDays.$inferSelect;

/** The team's work week ("1,2,3,4,5", null: none set) and its off ranges, in one query. */
export async function loadCalendarRows(db: Db, teamId: number): Promise<{ workweek: string | null; off: CalendarDayRow[] }> {
  // Prepared once: every command reads it (for "EOW" and friends), so it must cost no more than a lookup.
  const query = prepared(db, 'calendar.rows', (c) =>
    c
      .select({ workweek: teamCalendars.workweek, day: calendarDays })
      .from(teams)
      .leftJoin(teamCalendars, eq(teamCalendars.teamId, teams.id))
      .leftJoin(calendarDays, eq(calendarDays.teamId, teams.id))
      .where(eq(teams.id, sql.placeholder('teamId')))
      .orderBy(asc(calendarDays.startDate), asc(calendarDays.id))
      .prepare(),
  );
  const rows = await query.all({ teamId });
  const off: CalendarDayRow[] = [];
  for (const r of rows) if (r.day) off.push(r.day);
  return { workweek: rows[0]?.workweek ?? null, off };
}

export async function saveWorkweek(db: Db, row: { teamId: number; workweek: string; updatedAt: number; updatedBy: number | null }): Promise<void> {
  await db.insert(teamCalendars)
    .values(row)
    .onConflictDoUpdate({ target: teamCalendars.teamId, set: { workweek: row.workweek, updatedAt: row.updatedAt, updatedBy: row.updatedBy } });
}

export async function addOffRange(db: Db, row: { teamId: number; startDate: string; endDate: string; reason: string | null; createdAt: number; createdBy: number | null }): Promise<CalendarDayRow> {
  return await first(db.insert(calendarDays).values(row).returning());
}

/** The off ranges that contain `date`. */
export async function rangesOn(db: Db, teamId: number, date: string): Promise<CalendarDayRow[]> {
  return await db
    .select()
    .from(calendarDays)
    .where(and(eq(calendarDays.teamId, teamId), lte(calendarDays.startDate, date), gte(calendarDays.endDate, date)))
    .orderBy(asc(calendarDays.id));
}

export async function deleteRange(db: Db, id: number): Promise<void> {
  await db.delete(calendarDays).where(eq(calendarDays.id, id));
}
