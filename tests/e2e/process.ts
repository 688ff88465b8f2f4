// The built app (node dist/src/main.js) as its own process, the way it runs in production:
// started with an environment, read through its stdout/stderr, stopped with a signal or killed.
// For the tests that crash it, fill its disk, or take its database away.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SQL, count, inArray, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database_, Db } from '../../src/db/client.js';
import { rows } from '../../src/db/query.js';
import { outbox } from '../../src/db/tables.js';
import type { FakeSlack } from '../fakes/slack-api.js';
import { expectNoSecrets } from '../support/secrets.js';
import { TEST_ENGINE, TEST_PG_POOL, openTestDatabase, testDatabaseEnv } from '../support/testdb.js';

export const root = join(import.meta.dirname, '..', '..');
export const MAIN = join(root, 'dist/src/main.js');

export interface BatonProcess {
  child: ChildProcess;
  /** Resolves when the process has ended: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
  /** Resolves with the HTTP port once Baton logged that it listens; rejects if it ends first. */
  listening(): Promise<number>;
}

export interface SpawnOptions {
  /** Run as this user and group (a non-root user for whom file permissions hold). */
  uid?: number;
  gid?: number;
  /** A shell line run before exec'ing node in the same process, e.g. `ulimit -f 400`. */
  before?: string;
}

/**
 * The database variables Baton starts with for the test's `file`, on the engine the tests run on
 * (tests/support/testdb.ts): `BATON_DB=file`, or (BATON_TEST_DB=pg) the `DATABASE_URL` of the
 * PostgreSQL database standing for that file, with a short pool. The same file gives the same
 * database: a restarted Baton finds its records.
 */
export async function databaseEnv(file: string): Promise<Record<string, string>> {
  const env = await testDatabaseEnv(file);
  return 'DATABASE_URL' in env ? { ...env, BATON_PG_POOL: TEST_PG_POOL } : env;
}

/**
 * Baton over Slack HTTP on a free port, against a fake Web API: the environment a process test
 * starts it with. Its database: the test's `file` on the engine in use, or a `databaseUrl` the
 * test runs its own PostgreSQL for (its pool then left at Baton's default).
 */
export async function slackEnv(
  o: { apiUrl: string; token: string; secret: string } & ({ file: string } | { databaseUrl: string }),
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  const database = 'file' in o ? await databaseEnv(o.file) : { DATABASE_URL: o.databaseUrl };
  return { ...database, PORT: '0', HOST: '127.0.0.1', SLACK_BOT_TOKEN: o.token, SLACK_SIGNING_SECRET: o.secret, SLACK_API_URL: o.apiUrl, LOG_LEVEL: 'info', ...extra };
}

/** Starts the built app with exactly this environment (plus PATH). */
export function spawnBaton(env: Record<string, string>, o: SpawnOptions = {}): BatonProcess {
  if (!existsSync(MAIN)) throw new Error('dist/src/main.js is missing: run `npm run build` (npm test does it first)');
  const full = { PATH: process.env.PATH ?? '', ...env };
  const options = { env: full, stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'], ...(o.uid !== undefined ? { uid: o.uid } : {}), ...(o.gid !== undefined ? { gid: o.gid } : {}) };
  const child = o.before
    ? spawn('/bin/sh', ['-c', `${o.before} && exec "$0" "$1"`, process.execPath, MAIN], options)
    : spawn(process.execPath, [MAIN], options);
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    stdout: () => out,
    stderr: () => err,
    listening: () =>
      new Promise<number>((resolve, reject) => {
        const look = () => {
          const m = /"port":(\d+)[^\n]*"msg":"Baton is listening"/.exec(out);
          if (m) {
            child.stdout!.off('data', look);
            resolve(Number(m[1]));
          }
        };
        child.stdout!.on('data', look);
        look();
        void exited.then(({ code, signal }) => reject(new Error(`Baton ended (${code ?? signal}) before listening:\n${err}${out}`)));
      }),
  };
}

/** Waits (bounded) for a condition another process brings about on its own time. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A tiny seeded generator (mulberry32): the same seed gives the same run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stack trace line, as Node prints them. */
export const STACK_LINE = /\n\s+at .+\(?.+:\d+:\d+\)?/;

let memories = 0;

/**
 * The database variables of a console run on `db`: on PostgreSQL, the database standing for it
 * (a fresh one for each run in memory), with BATON_DB kept for where the console writes its
 * exports (beside BATON_DB, as on SQLite).
 */
export async function consoleDatabaseEnv(db: string): Promise<Record<string, string>> {
  if (TEST_ENGINE === 'sqlite') return { BATON_DB: db };
  const file = db === ':memory:' ? `:memory:${++memories}` : db;
  return { BATON_DB: db, ...(await databaseEnv(file)) };
}

/** The built program in the console: `input` typed into it, the environment plus PATH; what it printed, once it ended. */
export function runConsole(input: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/**
 * A console transcript: `npm start < tests/e2e/<name>` through the built program, on `db`
 * (default: in memory) on the engine in use. `after(prompt)` is what one prompt's command
 * printed, up to the next blank line.
 */
export async function consoleRun(name: string, db = ':memory:'): Promise<{ status: number | null; out: string; after(prompt: string): string }> {
  const run = await runConsole(readFileSync(join(root, 'tests/e2e', name), 'utf8'), await consoleDatabaseEnv(db));
  const out = run.stdout;
  return {
    status: run.status,
    out,
    after(prompt: string): string {
      const i = out.indexOf(prompt);
      if (i < 0) throw new Error(`the transcript has no "${prompt}"`);
      const next = out.indexOf('\n\n', i + prompt.length);
      return out.slice(i, next === -1 ? undefined : next);
    },
  };
}

/** Whether a process has not ended yet. */
export const alive = (p: BatonProcess): boolean => p.child.exitCode === null && p.child.signalCode === null;

/**
 * What the crash tests share: Baton started, killed (-9) and started again on one database of a
 * temp directory, against a fake Slack; and that database read and changed between runs through
 * drizzle on the engine in use (tests/support/testdb.ts: the SQLite file, or the PostgreSQL
 * database standing for it). `close()` in afterAll kills what still runs and removes the directory.
 */
export class CrashRun {
  readonly dir: string;
  /** The database Baton runs on (on PostgreSQL, the name of the database that stands for it). */
  readonly file: string;
  /** Every process started, for the secrets scan and the clean-up. */
  readonly started: BatonProcess[] = [];
  private database: Database_ | undefined;

  constructor(private readonly o: { fake: FakeSlack; token: string; secret: string; prefix: string; env?: Record<string, string> }) {
    this.dir = mkdtempSync(join(tmpdir(), `baton-${o.prefix}-`));
    this.file = join(this.dir, 'baton.db');
  }

  /** Starts Baton on the run's database without waiting for it to listen (what it sends at start may come first). */
  async spawn(): Promise<BatonProcess> {
    const p = spawnBaton(await slackEnv({ file: this.file, apiUrl: this.o.fake.url, token: this.o.token, secret: this.o.secret }, this.o.env));
    this.started.push(p);
    return p;
  }

  /** Starts Baton and resolves once it listens, with its port. */
  async start(): Promise<BatonProcess & { port: number }> {
    const p = await this.spawn();
    return { ...p, port: await p.listening() };
  }

  /** Kills `p` with -9 (unless it already died), and lets the requests it had on the wire land in the fake. */
  async killed(p: BatonProcess, settleMs = 200): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (alive(p)) p.child.kill('SIGKILL');
    const exit = await p.exited;
    this.o.fake.onCall = null;
    await new Promise((r) => setTimeout(r, settleMs));
    return exit;
  }

  private opened(): Database_ {
    this.database ??= openTestDatabase(this.file);
    return this.database;
  }

  /** Reads the run's database (drizzle, the tables of src/db/tables.ts). */
  read<T>(work: (q: Db) => Promise<T>): Promise<T> {
    return this.opened().store.read(work);
  }

  /** Changes the run's database in one transaction, as if time had passed while Baton was down. */
  write<T>(work: (q: Db) => Promise<T>): Promise<T> {
    return this.opened().store.tx(work);
  }

  /** How many rows of `table` match `where`. */
  count(table: SQLiteTable, where?: SQL): Promise<number> {
    return this.read(async (q) => (await q.select({ n: count() }).from(table).where(where)).at(0)?.n ?? 0);
  }

  /** Waits until nothing is left to send: no message pending or being sent. */
  async outboxEmpty(timeoutMs = 60_000): Promise<void> {
    await until('the outbox to be empty', async () => (await this.count(outbox, inArray(outbox.status, ['pending', 'sending']))) === 0, timeoutMs);
  }

  /**
   * Whether the database is sound after the kills: SQLite's integrity and foreign key checks; on
   * PostgreSQL (whose foreign keys are enforced at every write) every B-tree index checked
   * against its table by amcheck, and no foreign key left unvalidated.
   */
  soundness(): Promise<{ integrity: string; foreignKeyViolations: unknown[] }> {
    if (TEST_ENGINE === 'sqlite') {
      return this.read(async (q) => ({
        integrity: (await rows<{ integrity_check: string }>(q, sql`pragma integrity_check`)).map((r) => r.integrity_check).join('\n'),
        foreignKeyViolations: await rows(q, sql`pragma foreign_key_check`),
      }));
    }
    return this.write(async (q) => {
      await rows(q, sql`create extension if not exists amcheck`);
      const indexes = await rows<{ name: string }>(
        q,
        sql`select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam where a.amname = 'btree' and c.relnamespace = 'public'::regnamespace`,
      );
      // heapallindexed: every row of the table is found in its index, not only the index's own order. A broken one throws.
      for (const { name } of indexes) await rows(q, sql`select bt_index_check(${name}::regclass, true)`);
      return {
        integrity: indexes.length > 0 ? 'ok' : 'no indexes to check',
        foreignKeyViolations: await rows(q, sql`select conname from pg_constraint where contype = 'f' and not convalidated`),
      };
    });
  }

  /** Nothing any process printed carries the token or the signing secret. */
  expectNoSecrets(): void {
    for (const p of this.started) expectNoSecrets(p.stdout() + p.stderr(), [this.o.token, this.o.secret], 'Baton’s output');
  }

  async close(): Promise<void> {
    for (const p of this.started) if (alive(p)) p.child.kill('SIGKILL');
    await Promise.all(this.started.map((p) => p.exited));
    this.database?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
