// The few reads only the team's page needs: open blockers oldest first, and check-in
// participation per member. Bounded, so a team with 100,000 records is read in milliseconds.
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { blockers, checkins } from './tables.js';
import type { BlockerRow } from './blockers.js';

/** Open blockers, the longest open first. */
export async function oldestOpenBlockers(db: Db, teamId: number, limit: number): Promise<BlockerRow[]> {
  return await db
    .select()
    .from(blockers)
    .where(and(eq(blockers.teamId, teamId), eq(blockers.status, 'open')))
    .orderBy(asc(blockers.createdAt), asc(blockers.seq))
    .limit(limit);
}

/** Check-ins sent and answered per member, due in [from, to) — the response rate's base, per person. */
export async function participation(db: Db, teamId: number, from: number, to: number): Promise<{ memberId: number; sent: number; answered: number }[]> {
  return (await db
    .select({
      memberId: checkins.memberId,
      sent: sql<number>`coalesce(sum(case when ${checkins.status} in ('sent', 'answered') then 1 else 0 end), 0)`,
      answered: sql<number>`coalesce(sum(case when ${checkins.status} = 'answered' then 1 else 0 end), 0)`,
    })
    .from(checkins)
    .where(and(eq(checkins.teamId, teamId), gte(checkins.dueAt, from), lt(checkins.dueAt, to)))
    .groupBy(checkins.memberId))
    .map((r) => ({ memberId: r.memberId, sent: Number(r.sent), answered: Number(r.answered) }));
}
