// A database made by the previous release (migrations 0000 and 0001 only), with records and
// messages in it, opened by this one: migrated in place, nothing lost, and what it held is sent.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { duePending } from '../../src/db/outbox.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** migrations/ as the previous release had it: its first two migrations. */
function previousMigrations(dir: string): string {
  const folder = join(dir, 'migrations');
  cpSync(join(import.meta.dirname, '../../migrations'), folder, { recursive: true });
  const journalFile = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

it('a database of the previous release upgrades in place: every row kept, its messages still sent, none of them bulk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-upgrade-'));
  dirs.push(dir);
  const file = join(dir, 'baton.db');
  const old = new Database(file);
  migrate(drizzle(old), { migrationsFolder: previousMigrations(dir) });
  expect(old.prepare("select count(*) n from pragma_table_info('outbox') where name = 'bulk'").get()).toEqual({ n: 0 });
  old.exec(`
    insert into workspaces (platform, external_id, name, active, installed_at) values ('slack', 'T0001', 'District', 1, 1);
    insert into teams (workspace_id, channel_id, name, created_at, created_by, agreements) values (1, 'C0LEAD001', 'Leadership', 1, 'U1', '{}');
    insert into members (team_id, user_id, name, tz, roles, joined_at) values (1, 'U1', 'alice', 'UTC', '["lead"]', 1);
    insert into updates (team_id, seq, text, created_by, created_at, platform) values (1, 1, 'Bus routes drafted', 1, 1, 'slack');
    insert into outbox (key, workspace_id, platform, destination, dest_key, message, not_before, created_at)
      values ('k1', 1, 'slack', '{"to":"dm","userId":"U1"}', '1:dm:U1', '{"text":"hi","blocks":[]}', 1, 1),
             ('k2', 1, 'slack', '{"to":"channel","channelId":"C0LEAD001"}', '1:ch:C0LEAD001', '{"text":"U-1","blocks":[]}', 1, 1);
  `);
  const count = (db: Database.Database, table: string) => (db.prepare(`select count(*) n from ${table}`).get() as { n: number }).n;
  const before = Object.fromEntries(['workspaces', 'teams', 'members', 'updates', 'outbox'].map((t) => [t, count(old, t)]));
  old.close();

  const upgraded = openDatabase(file);
  try {
    expect(Object.fromEntries(Object.keys(before).map((t) => [t, count(upgraded.sqlite, t)]))).toEqual(before);
    expect(upgraded.sqlite.prepare('select text from updates').get()).toEqual({ text: 'Bus routes drafted' });
    const due = await duePending(upgraded.db, 2, 10);
    expect(due.map((r) => [r.key, r.bulk])).toEqual([
      ['k1', false],
      ['k2', false],
    ]);
    expect((await duePending(upgraded.db, 2, 10, { onlyInteractive: true })).map((r) => r.key)).toEqual(['k1', 'k2']);
  } finally {
    upgraded.close();
  }
});
