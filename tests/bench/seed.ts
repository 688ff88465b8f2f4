// A team with many records, written straight into SQLite (fast), spread over the past year.
import type Database from 'better-sqlite3';

export interface SeedCounts {
  updates: number;
  commitments: number;
  blockers: number;
  decisions: number;
}

/** Seeds team 1 (which must exist with its members) with `n` items in the usual proportions. */
export function seedTeam(sqlite: Database.Database, now: number, total: number): SeedCounts {
  const counts = { updates: Math.round(total * 0.3), commitments: Math.round(total * 0.4), blockers: Math.round(total * 0.2), decisions: Math.round(total * 0.1) };
  const year = 365 * 86_400_000;
  const members = (sqlite.prepare('select id from members where team_id = 1').all() as { id: number }[]).map((m) => m.id);
  const pick = (i: number) => members[i % members.length]!;
  const when = (i: number, n: number) => now - year + Math.floor((i / n) * year);
  const insertUpdate = sqlite.prepare('insert into updates (team_id, seq, text, created_by, created_at, platform) values (1, ?, ?, ?, ?, ?)');
  const insertCommitment = sqlite.prepare(
    'insert into commitments (team_id, seq, text, owner_id, due_date, due_tz, due_at, status, slips, closed_at, closed_by, created_by, created_at, platform) values (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertEvent = sqlite.prepare('insert into commitment_events (commitment_id, team_id, kind, from_due, to_due, by, at) values (?, 1, ?, ?, ?, ?, ?)');
  const insertBlocker = sqlite.prepare('insert into blockers (team_id, seq, text, raised_by, status, resolved_at, resolved_by, created_at, platform) values (1, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertDecision = sqlite.prepare('insert into decisions (team_id, seq, text, created_by, created_at, platform) values (1, ?, ?, ?, ?, ?)');
  const setCounter = sqlite.prepare('insert into counters (team_id, kind, last) values (1, ?, ?) on conflict do update set last = excluded.last');
  sqlite.transaction(() => {
    for (let i = 1; i <= counts.updates; i++) insertUpdate.run(i, `Update number ${i} about the budget and buses`, pick(i), when(i, counts.updates), 'slack');
    for (let i = 1; i <= counts.commitments; i++) {
      const created = when(i, counts.commitments);
      const dueAt = created + 7 * 86_400_000;
      const due = new Date(dueAt).toISOString().slice(0, 10);
      const open = dueAt > now - 14 * 86_400_000 && i % 3 === 0;
      const closedAt = open ? null : created + (i % 10) * 86_400_000;
      const r = insertCommitment.run(i, `Commitment number ${i}`, pick(i), due, 'UTC', dueAt, open ? 'open' : i % 17 === 0 ? 'dropped' : 'done', i % 5 === 0 ? 1 : 0, closedAt, open ? null : pick(i + 1), pick(i), created, 'slack');
      insertEvent.run(r.lastInsertRowid, 'created', null, due, pick(i), created);
      if (i % 5 === 0) insertEvent.run(r.lastInsertRowid, 'moved', due, due, pick(i), created + 86_400_000);
    }
    for (let i = 1; i <= counts.blockers; i++) {
      const created = when(i, counts.blockers);
      const resolved = i % 4 !== 0 || created < now - 30 * 86_400_000;
      insertBlocker.run(i, `Blocker number ${i}`, pick(i), resolved ? 'resolved' : 'open', resolved ? created + (i % 7) * 3_600_000 * 5 : null, resolved ? pick(i + 2) : null, created, 'teams');
    }
    for (let i = 1; i <= counts.decisions; i++) insertDecision.run(i, `Decision number ${i}`, pick(i), when(i, counts.decisions), 'slack');
    setCounter.run('U', counts.updates);
    setCounter.run('C', counts.commitments);
    setCounter.run('E', counts.blockers);
    setCounter.run('D', counts.decisions);
  })();
  sqlite.pragma('optimize');
  return counts;
}
