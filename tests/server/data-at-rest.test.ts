// Data care: what Baton keeps on disk (the private views, notes, live response URLs, pending
// export files) is readable by the account Baton runs as, and no one else — whatever the umask.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { TEST_ENGINE } from '../support/testdb.js';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'baton-at-rest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);
const cli = (args: string[], db: string) =>
  spawnSync(process.execPath, [join(root, 'dist/src/cli.js'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', BATON_DB: db } });

// SQLite's files on disk. On PostgreSQL the data lives in the server's files, which are its operator's.
describe.skipIf(TEST_ENGINE === 'postgres')('files Baton writes are its own', () => {
  it('a new database, its WAL and shared-memory files, and the data directory it creates are owner-only', () => {
    const data = join(dir, 'fresh', 'data');
    const file = join(data, 'baton.db');
    const d = openDatabase(file);
    d.sqlite.prepare("insert into workspaces (platform, external_id, installed_at) values ('console', 'w', 0)").run();
    expect(mode(data)).toBe('700');
    expect(mode(file)).toBe('600');
    expect(mode(`${file}-wal`)).toBe('600');
    expect(mode(`${file}-shm`)).toBe('600');
    d.close();
  });

  it('a database an older Baton left world-readable is made owner-only when opened', () => {
    const file = join(dir, 'old.db');
    openDatabase(file).close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      writeFileSync(f, '', { flag: 'a' });
      chmodSync(f, 0o644);
    }
    const d = openDatabase(file);
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['600', '600', '600']);
    d.close();
  });

  it('a backup, and a database restored from it, are owner-only', () => {
    const live = join(dir, 'live.db');
    openDatabase(live).close();
    const backup = join(dir, 'backup.db');
    expect(cli(['backup', backup], live).status).toBe(0);
    expect(mode(backup)).toBe('600');
    const r = cli(['restore', backup], live);
    expect(r.status).toBe(0);
    expect(mode(live)).toBe('600');
  });
});
