// The team's working days: the seam every timer asks before it sends (check-ins, reminders,
// nudges, agendas, meetings, time-box escalations). Until the team calendar is built
// (`calendar off …`, `calendar workweek …`), every day is a working day, as in Release 1.
import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';

/** Whether `localDate` (YYYY-MM-DD, read in the team's zone) is a working day of the team. */
export async function isWorkingDay(_db: Db, _teamId: number, _localDate: string): Promise<boolean> {
  return true;
}

/** The first working day on or after `localDate` (YYYY-MM-DD). */
export async function nextWorkingDay(db: Db, teamId: number, localDate: string): Promise<string> {
  return (await isWorkingDay(db, teamId, localDate)) ? localDate : localDate;
}

/** The last working day strictly before `localDate` (YYYY-MM-DD); a month back at most. */
export async function previousWorkingDay(db: Db, teamId: number, localDate: string): Promise<string> {
  let day = shiftDay(localDate, -1);
  for (let i = 0; i < 31 && !(await isWorkingDay(db, teamId, day)); i++) day = shiftDay(day, -1);
  return day;
}

function shiftDay(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}
