// Data care: a backup taken while Baton writes is consistent; a restore brings it back.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listCommitments } from '../../src/db/commitments.js';
import { openDatabase } from '../../src/db/client.js';
import { teamBot } from '../support/core.js';
import { TEST_ENGINE } from '../support/testdb.js';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'baton-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], db: string) =>
  spawnSync(process.execPath, [join(root, 'dist/src/cli.js'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', BATON_DB: db } });

// SQLite's online backup of its file. On PostgreSQL the backup is pg_dump's (README, "Running several
// instances"), not Baton's: nothing of Baton's to test there.
describe.skipIf(TEST_ENGINE === 'postgres')('backup and restore (npm run baton -- backup <file>)', () => {
  it('backs up a database in use, and restores it after a loss', async () => {
    const t = await teamBot();
    const live = join(t.dir, 'baton.db');
    await t.run('alice', 'commit Before the backup by Friday');
    const backup = join(dir, 'backup.db');
    const b = cli(['backup', backup], live);
    expect(b.stderr).toBe('');
    expect(b.stdout).toMatch(/Backed up .* \(\d+ pages, integrity ok\)/);
    expect(b.status).toBe(0);
    expect(cli(['backup', backup], live).stderr).toMatch(/already exists/);
    await t.run('alice', 'commit After the backup by Friday');
    const copy = t.dir;
    t.database.close();
    const r = cli(['restore', backup], live);
    expect(r.stdout).toMatch(/Restored .* The previous database is kept as .*before-restore/);
    const restored = openDatabase(live);
    expect((await listCommitments(restored.db, 1)).map((c) => c.text)).toEqual(['Before the backup']);
    restored.close();
    expect(cli(['check'], live).stdout).toMatch(/: ok/);
    rmSync(copy, { recursive: true, force: true });
  });

  it('refuses to restore a file that is not a sound database, and changes nothing', () => {
    const junk = join(dir, 'junk.db');
    spawnSync('sh', ['-c', `echo not a database > ${junk}`]);
    const r = cli(['restore', junk], join(dir, 'target.db'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not a sound database .* nothing was changed/);
  });

  it('explains its usage', () => {
    const r = cli([], join(dir, 'x.db'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/backup <file>/);
  });
});
