// The two schemas describe one database: src/db/schema.ts (SQLite) and src/db/schema.pg.ts
// (PostgreSQL) have the same tables, columns (type, nullability, default), keys and indexes, so
// the shared query code means the same thing on both engines. A change to one without the other
// fails here.
import { is, type SQL } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqliteSchema from '../../src/db/schema.js';
import * as pgSchema from '../../src/db/schema.pg.js';

/** In schema.pg.ts and not in schema.ts (none now: `workspace_leases` is on both, the dispatcher asks it on either engine). */
const POSTGRES_ONLY = {
  tables: [] as string[],
  columns: {} as Record<string, string[]>,
};

interface ColumnShape {
  type: string;
  notNull: boolean;
  default: unknown;
}
interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  indexes: Record<string, { unique: boolean; columns: string[]; where: string | null }>;
  foreignKeys: string[];
}

/** SQL text of a default or an index condition (column references by name). */
function sqlText(s: SQL): string {
  return (s.queryChunks as unknown[])
    .map((c) => {
      const chunk = c as { value?: unknown; name?: unknown };
      if (Array.isArray(chunk.value)) return chunk.value.join('');
      if (typeof chunk.name === 'string') return chunk.name;
      return String(c);
    })
    .join('');
}

/** A default as a value: SQLite's JSON defaults are SQL literals ('{}'), Postgres's are values. */
function defaultValue(d: unknown): unknown {
  if (d === undefined) return undefined;
  if (d && typeof d === 'object' && 'queryChunks' in d) {
    const text = sqlText(d as SQL).trim();
    const literal = /^'(.*)'$/s.exec(text)?.[1];
    if (literal === undefined) return `sql:${text}`;
    try {
      return JSON.parse(literal);
    } catch {
      return literal;
    }
  }
  return d;
}

/** The engine-neutral type: number, string, boolean, json; autoincrement ids are `id`. */
function columnType(c: { dataType: string; columnType: string; primary: boolean; hasDefault: boolean } & { autoIncrement?: boolean }): string {
  if (c.columnType === 'PgSerial' || (c.columnType === 'SQLiteInteger' && c.autoIncrement)) return 'id';
  // Postgres's jsonb is a custom type (it writes only what jsonb stores: see schema.pg.ts).
  if (c.columnType === 'PgCustomColumn' && (c as unknown as { getSQLType(): string }).getSQLType() === 'jsonb') return 'json';
  return c.dataType;
}

type AnyConfig = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

function shape(config: AnyConfig, nameOf: (t: never) => string): TableShape {
  const columns: Record<string, ColumnShape> = {};
  for (const c of config.columns) {
    columns[c.name] = { type: columnType(c as never), notNull: c.notNull, default: c.columnType === 'PgSerial' || (c as { autoIncrement?: boolean }).autoIncrement ? 'generated' : defaultValue(c.default) };
  }
  const single = config.columns.filter((c) => c.primary).map((c) => c.name);
  const composite = config.primaryKeys.flatMap((k) => k.columns.map((c) => c.name));
  const indexes: TableShape['indexes'] = {};
  for (const i of config.indexes) {
    const ic = i.config as { name?: string; unique: boolean; columns: { name: string }[]; where?: SQL };
    indexes[ic.name ?? '?'] = { unique: ic.unique, columns: ic.columns.map((c) => c.name), where: ic.where ? sqlText(ic.where) : null };
  }
  const foreignKeys = config.foreignKeys
    .map((f) => f.reference())
    .map((r) => `${r.columns.map((c) => c.name).join(',')} → ${nameOf(r.foreignTable as never)}(${r.foreignColumns.map((c) => c.name).join(',')})`)
    .sort();
  return { columns, primaryKey: [...single, ...composite], indexes, foreignKeys };
}

const sqliteTables = new Map<string, TableShape>();
for (const t of Object.values(sqliteSchema)) {
  if (!is(t, SQLiteTable)) continue;
  const config = sqliteConfig(t);
  sqliteTables.set(config.name, shape(config, (f: SQLiteTable) => sqliteConfig(f).name));
}
const pgTables = new Map<string, TableShape>();
const pgColumnTypes = new Map<string, string>();
for (const t of Object.values(pgSchema)) {
  if (!is(t, PgTable)) continue;
  const config = pgConfig(t);
  pgTables.set(config.name, shape(config, (f: PgTable) => pgConfig(f).name));
  for (const c of config.columns) pgColumnTypes.set(`${config.name}.${c.name}`, c.columnType);
}

describe('SQLite and PostgreSQL schemas', () => {
  it('have the same tables', () => {
    expect([...sqliteTables.keys()].sort()).toEqual([...pgTables.keys()].filter((t) => !POSTGRES_ONLY.tables.includes(t)).sort());
  });

  for (const [table, sqlite] of sqliteTables) {
    it(`${table}: same columns (type, nullability, default), primary key, indexes and foreign keys`, () => {
      const pg = pgTables.get(table);
      expect(pg, `${table} is missing from schema.pg.ts`).toBeDefined();
      const pgOnly = POSTGRES_ONLY.columns[table] ?? [];
      const pgColumns = Object.fromEntries(Object.entries(pg!.columns).filter(([name]) => !(pgOnly.includes(name) && !(name in sqlite.columns))));
      expect(pgColumns).toEqual(sqlite.columns);
      expect(pg!.primaryKey).toEqual(sqlite.primaryKey);
      expect(pg!.indexes).toEqual(sqlite.indexes);
      expect(pg!.foreignKeys).toEqual(sqlite.foreignKeys);
    });
  }

  it('leaves no stale Postgres-only allowance: whatever SQLite has now is compared', () => {
    for (const t of POSTGRES_ONLY.tables) expect(sqliteTables.has(t), `${t} is in schema.ts now: remove it from POSTGRES_ONLY`).toBe(false);
    for (const [table, names] of Object.entries(POSTGRES_ONLY.columns)) {
      for (const n of names) expect(n in (sqliteTables.get(table)?.columns ?? {}), `${table}.${n} is in schema.ts now: remove it from POSTGRES_ONLY`).toBe(false);
      for (const n of names) expect(pgTables.get(table)?.columns[n], `${table}.${n} is not in schema.pg.ts`).toBeDefined();
    }
  });

  it('keeps epoch milliseconds in bigint on Postgres (they outgrow int4), and only them among integers', () => {
    const isTime = (column: string) => /(^|_)(at|until)$|^not_before$|^deadline$/.test(column);
    const wrong: string[] = [];
    for (const [name, type] of pgColumnTypes) {
      const column = name.split('.')[1]!;
      // Text columns such as away_until hold local dates (YYYY-MM-DD), not instants.
      if (!['PgInteger', 'PgSerial', 'PgBigInt53'].includes(type)) continue;
      if (isTime(column) !== (type === 'PgBigInt53')) wrong.push(`${name} (${type})`);
    }
    expect(wrong).toEqual([]);
    // The rule has something to hold: the time columns are many.
    expect([...pgColumnTypes.values()].filter((t) => t === 'PgBigInt53').length).toBeGreaterThan(40);
  });
});
