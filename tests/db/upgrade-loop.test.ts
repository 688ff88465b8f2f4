// A database made by the previous release (migrations 0000–0004: the meeting, the calendar and
// custom check-in questions) with a check-in, a meeting and an agenda item in it, opened by this
// one: the pulse, the staff bulletin and quiet channels arrive with values that mean "as before" —
// no pulse asked, each decision announced, no bulletin, every record on its own — and nothing is lost.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { getBroadcastSettings } from '../../src/db/bulletin.js';
import { getRun } from '../../src/db/checkins.js';
import { pulseTally } from '../../src/db/pulse.js';
import { heldPosts, quietModeOf } from '../../src/db/quiet.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function previousMigrations(dir: string): string {
  const folder = join(dir, 'migrations');
  cpSync(join(import.meta.dirname, '../../migrations'), folder, { recursive: true });
  const journalFile = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 4);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

const TABLES = ['workspaces', 'teams', 'members', 'decisions', 'checkin_runs', 'checkins', 'meetings', 'agenda_items'];

it("the previous release's database upgrades in place: no pulse, each decision announced, no bulletin, nothing lost", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-upgrade-loop-'));
  dirs.push(dir);
  const file = join(dir, 'baton.db');
  const old = new Database(file);
  migrate(drizzle(old), { migrationsFolder: previousMigrations(dir) });
  expect(old.prepare("select count(*) n from pragma_table_info('checkin_runs') where name = 'pulse'").get()).toEqual({ n: 0 });
  old.exec(`
    insert into workspaces (platform, external_id, name, active, installed_at) values ('slack', 'T0001', 'District', 1, 1);
    insert into teams (workspace_id, channel_id, name, created_at, created_by, agreements) values (1, 'C0LEAD001', 'Leadership', 1, 'U1', '{}');
    insert into members (team_id, user_id, name, tz, roles, joined_at) values (1, 'U1', 'alice', 'UTC', '["lead"]', 1);
    insert into decisions (team_id, seq, text, status, created_by, created_at, decided_at, platform) values (1, 1, 'Adopt the new bell schedule', 'decided', 1, 1, 1, 'slack');
    insert into checkin_runs (team_id, run_key, kind, date, status, started_at, questions) values (1, '2026-11-30', 'scheduled', '2026-11-30', 'done', 1, '[]');
    insert into checkins (run_id, team_id, member_id, status, due_at, answered_at, answers) values (1, 1, 1, 'answered', 1, 2, '{"moved":"Bus routes"}');
    insert into meetings (team_id, date, starts_at, ends_at, status, created_at) values (1, '2026-12-01', 10, 20, 'ended', 1);
    insert into agenda_items (team_id, seq, text, source, created_at, platform) values (1, 1, 'Budget calendar', 'added', 1, 'slack');
  `);
  const count = (db: Database.Database, table: string) => (db.prepare(`select count(*) n from ${table}`).get() as { n: number }).n;
  const before = Object.fromEntries(TABLES.map((t) => [t, count(old, t)]));
  old.close();

  const upgraded = openDatabase(file);
  try {
    expect(Object.fromEntries(TABLES.map((t) => [t, count(upgraded.sqlite, t)]))).toEqual(before);
    const db = upgraded.db;
    expect(await getRun(db, 1)).toMatchObject({ runKey: '2026-11-30', status: 'done', pulse: false });
    expect(await pulseTally(db, 1)).toEqual({ answers: 0, sum: 0, min: null, max: null });
    // No settings row: each decision announced as before, no bulletin.
    expect(await getBroadcastSettings(db, 1)).toBeUndefined();
    // Every record posts on its own, as before; nothing waits for a roll-up.
    expect(await quietModeOf(db, 1)).toBe('off');
    expect(await heldPosts(db, 1, Number.MAX_SAFE_INTEGER)).toEqual([]);
  } finally {
    upgraded.close();
  }
});
