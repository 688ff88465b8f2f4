// The query code in src/db is one code for both engines (src/db/tables.ts, query.ts, dialect.ts):
// it reads the tables of the engine in use, and says nothing only SQLite understands. A query file
// that imports SQLite's tables directly, or spells something SQLite's way, would work in every
// SQLite test and fail only on PostgreSQL: this catches it on either.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, describe, expect, it } from 'vitest';
import * as lite from '../../src/db/schema.js';
import * as pgSchema from '../../src/db/schema.pg.js';
import * as tables from '../../src/db/tables.js';

const DB = join(import.meta.dirname, '../../src/db');
/** Files that are not query code: the schemas, the engine seams, the SQLite connection and its backup. */
const NOT_QUERIES = new Set(['schema.ts', 'schema.pg.ts', 'tables.ts', 'query.ts', 'dialect.ts', 'client.ts', 'store.ts', 'backup.ts']);
const queryFiles = readdirSync(DB).filter((f) => f.endsWith('.ts') && !NOT_QUERIES.has(f));

const sqliteTables = Object.entries(lite).filter(([, t]) => is(t, SQLiteTable));
const binding = (name: string) => (tables as Record<string, unknown>)[name];

describe('the tables of the engine in use', () => {
  afterAll(() => tables.useEngine('sqlite'));

  it("are SQLite's until the process opens PostgreSQL, then PostgreSQL's, table for table", () => {
    expect(sqliteTables.length).toBeGreaterThan(30);
    tables.useEngine('sqlite');
    for (const [name, t] of sqliteTables) expect(binding(name), name).toBe(t);
    tables.useEngine('postgres', pgSchema);
    expect(tables.tablesEngine()).toBe('postgres');
    for (const [name, t] of sqliteTables) {
      const now = binding(name);
      expect(is(now, PgTable), `${name} is a Postgres table`).toBe(true);
      expect(getTableName(now as PgTable)).toBe(getTableName(t as SQLiteTable));
    }
    tables.useEngine('sqlite');
    for (const [name, t] of sqliteTables) expect(binding(name), name).toBe(t);
  });
});

describe('the query files', () => {
  it('are all looked at', () => {
    expect(queryFiles).toEqual(expect.arrayContaining(['commitments.ts', 'outbox.ts', 'retention.ts', 'checkins.ts']));
  });

  it.each(queryFiles)('%s takes its tables from tables.ts and speaks no SQLite-only SQL', (file) => {
    const text = readFileSync(join(DB, file), 'utf8');
    expect(text).not.toMatch(/from '\.\/schema\.js'/);
    // better-sqlite3's synchronous calls: a builder is awaited, `first(q)` stands for .get().
    expect(text).not.toMatch(/\.(get|all|run)\(\)/);
    expect(text).not.toMatch(/\bdb\.(get|all|run|values)\s*[<(]/);
    // SQLite's spellings of what dialect.ts spells for each engine.
    expect(text).not.toMatch(/json_extract|json_remove|collate nocase|\browid\b|insert or (ignore|replace)|strftime|julianday/i);
  });
});
