// A database made by today's release (migrations 0000–0002) with goals, updates, commitments
// and blockers in it, opened by this one: the goal and correction columns arrive with values
// that mean "as before" — an open goal without a measure, a commitment that is its owner's own,
// nothing withdrawn — and nothing is lost.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { listBlockers } from '../../src/db/blockers.js';
import { findCommitment } from '../../src/db/commitments.js';
import { findGoal, progressOf } from '../../src/db/goals.js';
import { listUpdates } from '../../src/db/updates.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function todaysMigrations(dir: string): string {
  const folder = join(dir, 'migrations');
  cpSync(join(import.meta.dirname, '../../migrations'), folder, { recursive: true });
  const journalFile = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 2);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

it("today's database upgrades in place: goals open and unmeasured, commitments their owners' own, nothing withdrawn", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-upgrade-goals-'));
  dirs.push(dir);
  const file = join(dir, 'baton.db');
  const old = new Database(file);
  migrate(drizzle(old), { migrationsFolder: todaysMigrations(dir) });
  expect(old.prepare("select count(*) n from pragma_table_info('goals') where name = 'measure'").get()).toEqual({ n: 0 });
  old.exec(`
    insert into workspaces (platform, external_id, name, active, installed_at) values ('slack', 'T0001', 'District', 1, 1);
    insert into teams (workspace_id, channel_id, name, created_at, created_by, agreements) values (1, 'C0LEAD001', 'Leadership', 1, 'U1', '{}');
    insert into members (team_id, user_id, name, tz, roles, joined_at) values (1, 'U1', 'alice', 'UTC', '["lead"]', 1);
    insert into goals (team_id, seq, text, created_by, created_at, platform) values (1, 1, 'Every school reports attendance', 1, 1, 'slack');
    insert into updates (team_id, seq, text, goal_seq, created_by, created_at, platform) values (1, 1, 'Bus routes drafted', 1, 1, 1, 'slack');
    insert into commitments (team_id, seq, text, owner_id, created_by, created_at, platform) values (1, 1, 'Draft the memo', 1, 1, 1, 'slack');
    insert into blockers (team_id, seq, text, raised_by, created_at, platform) values (1, 1, 'Contract unsigned', 1, 1, 'slack');
  `);
  old.close();

  const upgraded = openDatabase(file);
  try {
    const db = upgraded.db;
    expect(await findGoal(db, 1, 1)).toMatchObject({ text: 'Every school reports attendance', status: 'open', measure: null, baseline: null, target: null, ownerId: null });
    expect(await progressOf(db, (await findGoal(db, 1, 1))!.id)).toEqual([]);
    expect((await listUpdates(db, 1)).map((u) => [u.text, u.droppedAt])).toEqual([['Bus routes drafted', null]]);
    expect(await findCommitment(db, 1, 1)).toMatchObject({ text: 'Draft the memo', status: 'open', assignment: null });
    expect((await listBlockers(db, 1, { status: 'open' })).map((b) => [b.text, b.droppedAt])).toEqual([['Contract unsigned', null]]);
  } finally {
    upgraded.close();
  }
});
