// Capacity of one instance: 10,000 teams and 100,000 members in one database — how far one
// machine goes before a district or a state network needs more. Run alone with
//   npm run build && npx tsx tests/bench/capacity.ts
// (it merges its figures into tests/bench/results.json under "capacity"); `npm run bench` runs it
// too. Measured:
//   - start: the built program (node dist/src/main.js) on that database, to /healthz answering,
//     and its RSS then;
//   - the scheduler tick when all 10,000 teams' check-ins fall due in the same minute (Monday
//     08:30, everyone in America/Chicago): the tick's job processing only (Baton.runDueJobsPaced, as the scheduler runs it, with the
//     longest event-loop pause meanwhile —
//     upkeep and the due jobs, which write the check-ins and queue their messages in the
//     outbox). The sends themselves go through the outbox at the platform's pace and are not
//     part of these figures;
//   - recap and report for a random team (p99 over 200 runs, each a different random team
//     with a year of records);
//   - database size per team-year: a realistic year of records seeded for a sample of teams,
//     the file's growth divided by the sample, times 10,000.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { testBot } from '../support/core.js';
import { startFlags } from './footprint.js';

const root = join(import.meta.dirname, '..', '..');
const TZ = 'America/Chicago';
/** Friday 2026-12-04 in Chicago: the Monday that follows is the check-in everyone shares. */
const SEEDED_AT = Date.parse('2026-12-04T15:00:00Z');
/** Monday 2026-12-07 08:30 in Chicago (CST, UTC−6). */
const CHECKIN = Date.parse('2026-12-07T14:30:00Z');
const WEEK = 7 * 86_400_000;

export interface CapacityOptions {
  teams?: number;
  membersPerTeam?: number;
  /** Teams given a full year of records (recap/report and the size per team-year). */
  sampleTeams?: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function fileBytes(sqlite: Database.Database, file: string): number {
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(file).size;
}

/** Workspace, teams and members, in one transaction, straight into SQLite. */
export function seedTeams(sqlite: Database.Database, teams: number, perTeam: number): void {
  const ws = sqlite.prepare("insert into workspaces (platform, external_id, name, installed_at) values ('console', 'console', 'District', ?)");
  const team = sqlite.prepare('insert into teams (workspace_id, channel_id, name, created_at, created_by) values (?, ?, ?, ?, ?)');
  const member = sqlite.prepare('insert into members (team_id, user_id, name, tz, roles, joined_at) values (?, ?, ?, ?, ?, ?)');
  sqlite.transaction(() => {
    const wsId = Number(ws.run(SEEDED_AT - 400 * 86_400_000).lastInsertRowid);
    for (let t = 1; t <= teams; t++) {
      const teamId = Number(team.run(wsId, `team-${t}`, `School ${t} Leadership`, SEEDED_AT - 400 * 86_400_000, `u${t}-1`).lastInsertRowid);
      for (let m = 1; m <= perTeam; m++) member.run(teamId, `u${t}-${m}`, `Person ${m} of school ${t}`, TZ, m === 1 ? '["lead"]' : '[]', SEEDED_AT - 400 * 86_400_000);
    }
  })();
}

/**
 * A year of one team's records, at the pace a 10-person leadership team keeps: each week one
 * check-in run with 10 check-ins (8 answered, with a few lines each), 8 updates, 5 commitments
 * (each with its "created" event, one in four moved, most closed), one blocker and one decision.
 */
function seedYear(sqlite: Database.Database, teamIds: number[]): void {
  const ids = sqlite.prepare('select id from members where team_id = ? order by id');
  const run = sqlite.prepare("insert into checkin_runs (team_id, run_key, kind, date, status, started_at, digest_at, digest_posted_at) values (?, ?, 'scheduled', ?, 'done', ?, ?, ?)");
  const checkin = sqlite.prepare('insert into checkins (run_id, team_id, member_id, status, due_at, sent_at, answered_at, answers) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const update = sqlite.prepare("insert into updates (team_id, seq, text, created_by, created_at, platform) values (?, ?, ?, ?, ?, 'teams')");
  const commitment = sqlite.prepare(
    "insert into commitments (team_id, seq, text, owner_id, due_date, due_tz, due_at, status, slips, closed_at, closed_by, created_by, created_at, platform) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'teams')",
  );
  const event = sqlite.prepare('insert into commitment_events (commitment_id, team_id, kind, from_due, to_due, by, at) values (?, ?, ?, ?, ?, ?, ?)');
  const blocker = sqlite.prepare("insert into blockers (team_id, seq, text, raised_by, status, resolved_at, resolved_by, created_at, platform) values (?, ?, ?, ?, ?, ?, ?, ?, 'teams')");
  const decision = sqlite.prepare("insert into decisions (team_id, seq, text, created_by, created_at, platform) values (?, ?, ?, ?, ?, 'teams')");
  const counter = sqlite.prepare('insert into counters (team_id, kind, last) values (?, ?, ?) on conflict do update set last = excluded.last');
  const answers = JSON.stringify({
    done: 'Finished the bus route review with transportation; sent the draft to principals.',
    next: 'Budget memo for the board packet, PD calendar draft.',
    stuck: 'Waiting on HR for the two open counselor positions.',
  });
  sqlite.transaction(() => {
    for (const teamId of teamIds) {
      const members = (ids.all(teamId) as { id: number }[]).map((r) => r.id);
      const who = (i: number) => members[i % members.length]!;
      let u = 0;
      let c = 0;
      let e = 0;
      let d = 0;
      for (let w = 0; w < 52; w++) {
        const at = SEEDED_AT - (52 - w) * WEEK;
        const date = new Date(at).toISOString().slice(0, 10);
        const runId = Number(run.run(teamId, date, date, at, at + 6 * 3_600_000, at + 6 * 3_600_000).lastInsertRowid);
        members.forEach((m, i) => {
          const answered = i % 5 !== 4;
          checkin.run(runId, teamId, m, answered ? 'answered' : 'sent', at, at, answered ? at + 3_600_000 : null, answered ? answers : null);
        });
        for (let k = 0; k < 8; k++) update.run(teamId, ++u, `Bus routes for the spring term finalized with transportation (${u})`, who(u), at + k * 3_600_000);
        for (let k = 0; k < 5; k++) {
          c++;
          const dueAt = at + WEEK;
          const due = new Date(dueAt).toISOString().slice(0, 10);
          const open = w > 48 && k % 2 === 0;
          const r = commitment.run(teamId, c, `Draft the budget memo for the board packet (${c})`, who(c), due, TZ, dueAt, open ? 'open' : 'done', c % 4 === 0 ? 1 : 0, open ? null : dueAt - 86_400_000, open ? null : who(c), who(c + 1), at + k * 3_600_000);
          event.run(r.lastInsertRowid, teamId, 'created', null, due, who(c + 1), at + k * 3_600_000);
          if (c % 4 === 0) event.run(r.lastInsertRowid, teamId, 'moved', due, due, who(c), at + 2 * 86_400_000);
        }
        e++;
        blocker.run(teamId, e, `Waiting on the bus contract signature from the vendor (${e})`, who(e), w > 50 ? 'open' : 'resolved', w > 50 ? null : at + 2 * 86_400_000, w > 50 ? null : who(e + 1), at);
        d++;
        decision.run(teamId, d, `Move the PD day to Friday because of the bus strike (${d})`, who(d), at + 86_400_000);
      }
      counter.run(teamId, 'U', u);
      counter.run(teamId, 'C', c);
      counter.run(teamId, 'E', e);
      counter.run(teamId, 'D', d);
    }
  })();
}

/** The built program on `file`: ms from spawn to /healthz answering 200, and its RSS then. */
async function startOn(file: string): Promise<{ startMs: number; rssMb: number }> {
  const port = 33000 + Math.floor(Math.random() * 2000);
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...startFlags(), join(root, 'dist/src/main.js')], {
    env: { PATH: process.env.PATH ?? '', BATON_DB: file, PORT: String(port), HOST: '127.0.0.1', BATON_TEAMS_DEV: '1', NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`Baton exited with ${child.exitCode} before /healthz answered`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const startMs = performance.now() - started;
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return { startMs, rssMb: Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024 };
  } finally {
    await new Promise<void>((r) => {
      if (child.exitCode !== null) return r();
      child.once('exit', () => r());
      child.kill('SIGTERM');
    });
  }
}

export async function benchCapacity(o: CapacityOptions = {}) {
  const teams = o.teams ?? 10_000;
  const perTeam = o.membersPerTeam ?? 10;
  const sample = o.sampleTeams ?? 200;
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-capacity-'));
  const file = join(dir, 'baton.db');
  try {
    // ——— seed ———
    let t = testBot({ now: new Date(SEEDED_AT).toISOString(), defaultTz: TZ, file });
    const sqlite = t.database.sqlite;
    const seedStart = performance.now();
    seedTeams(sqlite, teams, perTeam);
    const seedTeamsMs = performance.now() - seedStart;
    const bytesTeams = fileBytes(sqlite, file);
    // A random sample of teams gets a year of records.
    const sampleIds = new Set<number>();
    while (sampleIds.size < Math.min(sample, teams)) sampleIds.add(1 + Math.floor(Math.random() * teams));
    const yearStart = performance.now();
    seedYear(sqlite, [...sampleIds]);
    const seedYearMs = performance.now() - yearStart;
    sqlite.pragma('optimize');
    const bytesAfterYear = fileBytes(sqlite, file);
    const perTeamYear = (bytesAfterYear - bytesTeams) / sampleIds.size;
    t.database.close();

    // ——— start-up on the full database, three times in a row ———
    // The first start after seeding also writes every team's next check-in timer (start-up runs
    // one tick before /healthz can answer, and its upkeep finds none): a database restored or
    // filled from outside starts like that once. Later starts find the timers in place.
    const starts: { startMs: number; rssMb: number }[] = [];
    for (let i = 0; i < 3; i++) starts.push(await startOn(file));
    const later = starts.slice(1).sort((a, b) => a.startMs - b.startMs);

    // ——— the tick when every team's check-in is due in the same minute ———
    t = testBot({ now: new Date(CHECKIN - 30 * 60_000).toISOString(), defaultTz: TZ, file });
    const outboxCount = t.database.sqlite.prepare('select count(*) as n from outbox');
    const checkinCount = t.database.sqlite.prepare('select count(*) as n from checkins where due_at = ?');
    // 08:00: upkeep makes sure every team has its next check-in timer (nothing is due yet).
    let s = performance.now();
    await t.bot.runDueJobs();
    const quietTickMs = performance.now() - s;
    t.clock.set(CHECKIN);
    const outboxBefore = (outboxCount.get() as { n: number }).n;
    const ticks: { ms: number; jobs: number }[] = [];
    // As the scheduler runs it (runDueJobsPaced): the longest the event loop was held meanwhile
    // is how long a Slack request or /healthz could have waited during that minute.
    let beatAt = performance.now();
    let longestPauseMs = 0;
    const beat = setInterval(() => {
      const at = performance.now();
      longestPauseMs = Math.max(longestPauseMs, at - beatAt);
      beatAt = at;
    }, 1);
    for (let i = 0; i < 10; i++) {
      s = performance.now();
      const jobs = await t.bot.runDueJobsPaced();
      const ms = performance.now() - s;
      if (jobs === 0 && i > 0) break;
      ticks.push({ ms, jobs });
    }
    clearInterval(beat);
    longestPauseMs = Math.max(longestPauseMs, performance.now() - beatAt);
    const queued = (outboxCount.get() as { n: number }).n - outboxBefore;
    const checkinsWritten = (checkinCount.get(CHECKIN) as { n: number }).n;
    // A quiet minute after, with 10,000 teams' rows in place (upkeep only).
    t.clock.set(CHECKIN + 60_000);
    s = performance.now();
    await t.bot.runDueJobs();
    const quietAfterMs = performance.now() - s;

    // ——— recap and report for a random team with a year of records ———
    const ids = [...sampleIds];
    const inv = (teamId: number) => {
      const p = t.person(`u${teamId}-1`, TZ, `Person 1 of school ${teamId}`);
      return { ...t.invocation(p.userId, { channel: `team-${teamId}` }) };
    };
    for (let i = 0; i < 5; i++) {
      await t.bot.command(inv(ids[i % ids.length]!), 'recap');
      await t.bot.command(inv(ids[i % ids.length]!), 'report');
    }
    const recap: number[] = [];
    const report: number[] = [];
    for (let i = 0; i < 200; i++) {
      const id = ids[Math.floor(Math.random() * ids.length)]!;
      s = performance.now();
      await t.bot.command(inv(id), 'recap');
      recap.push(performance.now() - s);
      s = performance.now();
      await t.bot.command(inv(id), 'report');
      report.push(performance.now() - s);
    }
    recap.sort((a, b) => a - b);
    report.sort((a, b) => a - b);
    const dbBytes = fileBytes(t.database.sqlite, file);
    t.database.close();

    return {
      teams,
      members: teams * perTeam,
      seed: { teamsMs: Math.round(seedTeamsMs), sampleYearMs: Math.round(seedYearMs), sampleTeams: sampleIds.size },
      start: {
        firstMs: Math.round(starts[0]!.startMs),
        laterMs: later.map((x) => Math.round(x.startMs)),
        rssMb: Math.round(Math.max(...starts.map((x) => x.rssMb))),
      },
      tick: {
        quietBeforeMs: Math.round(quietTickMs),
        dueTicks: ticks.map((x) => ({ ms: Math.round(x.ms), jobs: x.jobs })),
        dueTotalMs: Math.round(ticks.reduce((a, x) => a + x.ms, 0)),
        longestPauseMs: Math.round(longestPauseMs),
        quietAfterMs: Math.round(quietAfterMs),
        checkinsWritten,
        outboxQueued: queued,
      },
      recap: { p50: +percentile(recap, 0.5).toFixed(1), p99: +percentile(recap, 0.99).toFixed(1), runs: recap.length },
      report: { p50: +percentile(report, 0.5).toFixed(1), p99: +percentile(report, 0.99).toFixed(1), runs: report.length },
      size: {
        teamsAndMembersMb: +(bytesTeams / 2 ** 20).toFixed(1),
        perTeamYearKb: Math.round(perTeamYear / 1024),
        tenThousandTeamYearsMb: Math.round((perTeamYear * teams) / 2 ** 20),
        finalFileMb: +(dbBytes / 2 ** 20).toFixed(1),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Merges `capacity` into results.json, keeping every other entry. */
export function saveCapacity(capacity: unknown): void {
  const path = join(import.meta.dirname, 'results.json');
  const results = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(path, `${JSON.stringify({ ...results, capacity: { date: new Date().toISOString(), ...(capacity as object) } }, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // --teams N: a smaller run to try things out (not saved).
  const at = process.argv.indexOf('--teams');
  const small = at > 0;
  const r = await benchCapacity(small ? { teams: Number(process.argv[at + 1]), sampleTeams: 20 } : {});
  console.log(JSON.stringify(r, null, 2));
  if (!small) saveCapacity(r);
}
