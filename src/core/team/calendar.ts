// The team's working days: the seam every timer asks before it sends (check-ins, reminders,
// nudges, agendas, meetings, time-box escalations). Until the team calendar is built
// (`calendar off …`, `calendar workweek …`), every day is a working day, as in Release 1.
import type { Db } from '../../db/client.js';

/** Whether `localDate` (YYYY-MM-DD, read in the team's zone) is a working day of the team. */
export async function isWorkingDay(_db: Db, _teamId: number, _localDate: string): Promise<boolean> {
  return true;
}

/** The first working day on or after `localDate` (YYYY-MM-DD). */
export async function nextWorkingDay(db: Db, teamId: number, localDate: string): Promise<string> {
  return (await isWorkingDay(db, teamId, localDate)) ? localDate : localDate;
}
