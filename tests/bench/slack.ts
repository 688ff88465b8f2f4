// Baton's /slack/events under load: signed `/baton commit …` requests over loopback, each
// recording a commitment, against a fake Slack Web API. Baton runs in its own process; the load
// generator and the fake Slack run here. Throughput, latency, and p99 at a steady 100/s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FakeSlack } from '../fakes/slack-api.js';
import { SIGNING_SECRET, signedCommand } from './floors.js';
import { type LoadResult, load } from './load.js';
import { serve } from './process.js';

const TOKEN = 'xoxb-bench-token';

export interface SlackBench {
  full: LoadResult;
  steady: LoadResult;
  /** Commitments recorded after the runs, and requests acknowledged: every acknowledged one is recorded. */
  recorded: number;
  acknowledged: number;
  /** How long the work accepted during the full-speed run took to finish after it. */
  drainMs: number;
}

/** Where Baton (another process) keeps its records, as the bench reads them: a count by SQL. */
export interface BenchDatabase {
  /** Baton's variables for it (BATON_DB or DATABASE_URL). */
  env: Record<string, string>;
  count(sql: string): Promise<number>;
}

/** A SQLite file, read-only from here. */
export function sqliteBenchDatabase(file: string): BenchDatabase {
  return {
    env: { BATON_DB: file },
    async count(sql) {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        return (db.prepare(sql).get() as { n: number }).n;
      } finally {
        db.close();
      }
    },
  };
}

/** Waits until Baton has worked through everything it accepted. */
export async function drained(db: BenchDatabase): Promise<void> {
  while ((await db.count("select count(*) n from inbox where status = 'pending'")) > 0) await new Promise((r) => setTimeout(r, 50));
}

export async function benchSlackCommands(durationSec = 10, steadySec = 30, extraEnv: Record<string, string> = {}, database?: BenchDatabase): Promise<SlackBench> {
  const fake = new FakeSlack(TOKEN);
  await fake.start();
  fake.user({ id: 'U0BENCH', name: 'alice', real_name: 'Alice', display_name: 'Alice', tz: 'UTC' });
  fake.channel('C0BENCH', 'leadership', ['U0BENCH']);
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-slack-'));
  const file = database ?? sqliteBenchDatabase(join(dir, 'baton.db'));
  const baton = await serve('baton', { ...file.env, PORT: '0', HOST: '127.0.0.1', SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, LOG_LEVEL: 'silent', ...extraEnv });
  const url = `${baton.url}/slack/events`;
  const command = (text: string) => signedCommand(text, { responseUrl: fake.responseUrl() });
  try {
    const setup = command('setup Leadership');
    await fetch(url, { method: 'POST', body: setup.body, headers: setup.headers });
    await drained(file);
    // A steady 100/s first, after a few seconds of warm-up (JIT, first statements, caches: start-up
    // is measured on its own); then as fast as Slack's requests come back.
    await load({ url, request: () => command('commit Warm up the caches by Friday'), durationSec: 3, rate: 100, connections: 10 });
    await drained(file);
    const steady = await load({ url, request: () => command('commit Call the bus vendor by next Tuesday'), durationSec: steadySec, rate: 100, connections: 10 });
    await drained(file);
    const full = await load({ url, request: () => command('commit Draft the budget memo by Friday'), durationSec });
    const start = performance.now();
    await drained(file);
    const drainMs = performance.now() - start;
    await drained(file);
    await baton.stop();
    const recorded = await file.count('select count(*) n from commitments');
    return { full, steady, recorded, acknowledged: full.requests - full.non2xx + steady.requests - steady.non2xx, drainMs };
  } finally {
    await baton.stop();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
