// The few SQL fragments SQLite and PostgreSQL spell differently, in one place, so the query code
// stays shared (shared/SCALE.md). Each takes the database (or transaction) the query runs on and
// answers in its dialect. The query files in src/db use these, never an engine's own spelling.
import { type Column, entityKind, sql, type SQL } from 'drizzle-orm';

/**
 * Whether `db` (a database or a transaction) is drizzle's PostgreSQL one. drizzle's own `is(db,
 * PgDatabase)` does this walk, but importing PgDatabase would load pg-core into every process,
 * SQLite's too; its entity kind, a string, says the same.
 */
export function isPostgres(db: object): boolean {
  for (let c: unknown = db.constructor; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    if ((c as { [entityKind]?: string })[entityKind] === 'PgDatabase') return true;
  }
  return false;
}

/** JSON paths are written in code, never taken from input; they are inlined, so they are checked. */
function segments(path: readonly string[]): readonly string[] {
  if (path.length === 0 || path.some((p) => !/^[A-Za-z0-9_]+$/.test(p))) throw new Error(`not a JSON path: ${path.join('.')}`);
  return path;
}

/**
 * A JSON member as text, or null where it is missing: `json_extract` / `#>>`. SQLite gives a
 * number for a JSON number where Postgres gives its text: compare with a number parameter (SQLite
 * compares numbers, Postgres takes the parameter as text) or wrap the result in Number().
 */
export function jsonText(db: object, column: Column | SQL, path: readonly string[]): SQL {
  const p = segments(path);
  return isPostgres(db) ? sql`(${column} #>> ${sql.raw(`'{${p.join(',')}}'`)})` : sql`json_extract(${column}, ${sql.raw(`'$.${p.join('.')}'`)})`;
}

/** The JSON value without one member (unchanged if it has none): `json_remove` / `#-`. */
export function jsonWithout(db: object, column: Column | SQL, path: readonly string[]): SQL {
  const p = segments(path);
  return isPostgres(db) ? sql`(${column} #- ${sql.raw(`'{${p.join(',')}}'`)})` : sql`json_remove(${column}, ${sql.raw(`'$.${p.join('.')}'`)})`;
}

/**
 * For ORDER BY, ignoring case: `collate nocase` / `lower()`. SQLite folds only ASCII letters,
 * lower() folds every letter, so names with accented capitals may sort differently.
 */
export function ignoringCase(db: object, column: Column | SQL): SQL {
  return isPostgres(db) ? sql`lower(${column})` : sql`${column} collate nocase`;
}

/**
 * A column the planner must not pick an index for (SQLite's unary `+`; Postgres has no such
 * hint and no `+` on text, so there it is the column as is).
 */
export function withoutIndex(db: object, column: Column): SQL {
  return isPostgres(db) ? sql`${column}` : sql`+${column}`;
}

/**
 * The hidden identity of a row, for deleting a batch of a table without a single-column key:
 * SQLite's `rowid` / Postgres's `ctid` (stable within the statement that reads it).
 */
export function rowIdentity(db: object): SQL {
  return isPostgres(db) ? sql.raw('ctid') : sql.raw('rowid');
}
