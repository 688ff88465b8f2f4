// Nudges due this very minute for every member of a team, written straight into SQLite: each
// member's commitment due tomorrow in their zone, and the timer of its "due tomorrow" nudge as
// the planner (src/core/records/nudges.ts) keys it, due now. For the tests and the benchmark that
// need a nudge fan-out at a moment the real clock does not reach by itself (08:30 local).
import type Database from 'better-sqlite3';
import { DateTime } from 'luxon';

/** Seeds one commitment and one nudge timer due at `dueAt` (default: now) per active member of `teamId`; returns how many. */
export function seedDueNudges(sqlite: Database.Database, teamId: number, now: number, o: { dueAt?: number; defaultTz?: string } = {}): number {
  const defaultTz = o.defaultTz ?? 'UTC';
  const members = sqlite.prepare("select id, tz from members where team_id = ? and status = 'active' order by id").all(teamId) as { id: number; tz: string | null }[];
  const last = (sqlite.prepare("select last from counters where team_id = ? and kind = 'C'").get(teamId) as { last: number } | undefined)?.last ?? 0;
  const insertCommitment = sqlite.prepare(
    "insert into commitments (team_id, seq, text, owner_id, due_date, due_tz, due_at, status, slips, created_by, created_at, platform) values (?, ?, ?, ?, ?, ?, ?, 'open', 0, ?, ?, 'slack') returning id",
  );
  const insertJob = sqlite.prepare("insert into jobs (key, kind, due_at, payload, status, created_at) values (?, 'nudge', ?, ?, 'pending', ?)");
  const setCounter = sqlite.prepare("insert into counters (team_id, kind, last) values (?, 'C', ?) on conflict do update set last = excluded.last");
  sqlite.transaction(() => {
    members.forEach((m, i) => {
      const tz = m.tz ?? defaultTz;
      const today = DateTime.fromMillis(now, { zone: tz });
      const due = today.plus({ days: 1 });
      const dueDate = due.toISODate()!;
      const day = today.toISODate()!;
      const seq = last + i + 1;
      const { id } = insertCommitment.get(teamId, seq, `Send the bus plan ${seq}`, m.id, dueDate, tz, due.endOf('day').toMillis(), m.id, now - 86_400_000) as { id: number };
      insertJob.run(`nudge:C:${id}:before:${dueDate}:${day}`, o.dueAt ?? now, JSON.stringify({ teamId, r: 'C', id, kind: 'before', due: dueDate, day }), now);
    });
    setCounter.run(teamId, last + members.length);
  })();
  return members.length;
}
