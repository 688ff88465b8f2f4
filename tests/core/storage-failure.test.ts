// When the storage itself fails — a full disk, a read-only database — Baton records nothing
// half, answers no one with a promise it can't keep, and asks the app to stop cleanly.
import { afterEach, describe, expect, it } from 'vitest';
import { listUpdates } from '../../src/db/updates.js';
import { type TestBot, teamBot } from '../support/core.js';
import { TEST_ENGINE } from '../support/testdb.js';

let t: TestBot;
afterEach(() => t?.close());

// SQLite's own failures, made with its pragmas. PostgreSQL's (disk full 53100, read-only 25006, a
// lost connection) are tests/db/pg-store.test.ts's and, end to end, tests/e2e/pg-storage.test.ts's.
describe.skipIf(TEST_ENGINE === 'postgres')('storage failures', () => {
  it('a read-only database: the command records nothing, throws nothing, and the app is told once', async () => {
    const failures: unknown[] = [];
    t = await teamBot({ onStorageFailure: (err) => failures.push(err) });
    await t.run('alice', 'update Before');
    t.database.sqlite.pragma('query_only = 1');
    const sent = await t.run('alice', 'update After');
    await t.run('alice', 'update Again');
    expect(sent).toEqual([]);
    expect(failures).toHaveLength(1);
    expect((failures[0] as { code: string }).code).toBe('SQLITE_READONLY');
    t.database.sqlite.pragma('query_only = 0');
    expect((await listUpdates(t.database.db, 1)).map((u) => u.text)).toEqual(['Before']);
  });

  it('a full disk: what was recorded stays whole, the database stays sound', async () => {
    const failures: unknown[] = [];
    t = await teamBot({ onStorageFailure: (err) => failures.push(err) });
    const pages = (t.database.sqlite.pragma('page_count') as { page_count: number }[])[0]!.page_count;
    t.database.sqlite.pragma(`max_page_count = ${pages + 2}`);
    for (let i = 0; i < 40 && failures.length === 0; i++) await t.run('alice', `update ${String(i).padStart(3, '0')} ${'x'.repeat(1900)}`);
    expect(failures.length).toBe(1);
    expect((failures[0] as { code: string }).code).toBe('SQLITE_FULL');
    const texts = (await listUpdates(t.database.db, 1)).map((u) => u.text.slice(0, 3));
    const announced = (t.database.sqlite.prepare("select count(*) n from outbox where message like '%U-%'").get() as { n: number }).n;
    expect(announced).toBe(texts.length);
    expect((t.database.sqlite.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
  });
});
