// The PostgreSQL leg of `npm run bench` (alone: `npm run bench -- pg`): on a throwaway server from
// tests/support/postgres.ts with durable commits (fsync on), as production runs it. Its own floor
// (bare Bolt + one drizzle/node-postgres insert), Baton with DATABASE_URL against that floor,
// p99 at a steady 100/s, and two Baton instances on one database against one.
import pg from 'pg';
import { FakeSlack } from '../fakes/slack-api.js';
import { type TestPostgres, startPostgres } from '../support/postgres.js';
import { SIGNING_SECRET, signedCommand } from './floors.js';
import { type LoadResult, load } from './load.js';
import { serve } from './process.js';
import { type BenchDatabase, type SlackBench, benchSlackCommands, drained } from './slack.js';

const TOKEN = 'xoxb-bench-token';

export interface PostgresBench {
  floor: LoadResult;
  baton: SlackBench;
  /** One instance, then two on the same database (load split between them), same load, this run. */
  one: LoadResult;
  two: { a: LoadResult; b: LoadResult; rps: number };
  /** Commitments recorded by the two instances / their requests acknowledged. */
  twoRecorded: number;
  twoAcknowledged: number;
}

function postgresBenchDatabase(url: string): BenchDatabase & { end(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  return {
    env: { DATABASE_URL: url },
    async count(sql) {
      const r = await pool.query<{ n: string }>(sql);
      return Number(r.rows[0]!.n);
    },
    end: () => pool.end(),
  };
}

/** Full-speed load on each URL at once (the connections split between them): the combined rate. */
async function loadSplit(urls: string[], request: () => { body: string; headers: Record<string, string> }, durationSec: number): Promise<LoadResult[]> {
  return Promise.all(urls.map((url) => load({ url, request, durationSec, connections: Math.ceil(50 / urls.length) })));
}

export async function benchPostgres(durationSec = 10, steadySec = 30): Promise<PostgresBench> {
  const server: TestPostgres = await startPostgres();
  try {
    // The floor, on its own database.
    const floorServer = await serve('bolt-insert-pg', { DATABASE_URL: await server.freshDatabase() });
    const floor = await load({ url: floorServer.url, request: () => signedCommand('commit Draft the memo by Friday') });
    await floorServer.stop();

    // Baton on Postgres: the same runs as the SQLite leg (benchSlackCommands).
    const batonDb = postgresBenchDatabase(await server.freshDatabase());
    const baton = await benchSlackCommands(durationSec, steadySec, {}, batonDb).finally(() => batonDb.end());

    // One instance, then two, on a fresh database each; the load is the same in both.
    const fake = new FakeSlack(TOKEN);
    await fake.start();
    fake.user({ id: 'U0BENCH', name: 'alice', real_name: 'Alice', display_name: 'Alice', tz: 'UTC' });
    fake.channel('C0BENCH', 'leadership', ['U0BENCH']);
    const command = (text: string) => signedCommand(text, { responseUrl: fake.responseUrl() });
    const instances = async (n: number) => {
      const db = postgresBenchDatabase(await server.freshDatabase());
      const env = { ...db.env, HOST: '127.0.0.1', SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, LOG_LEVEL: 'silent' };
      const started = [];
      // Each its own port: an instance is named by its host and port (src/app.ts).
      for (let i = 0; i < n; i++) started.push(await serve('baton', { ...env, PORT: String(21000 + Math.floor(Math.random() * 8000)) }));
      const urls = started.map((b) => `${b.url}/slack/events`);
      const setup = command('setup Leadership');
      await fetch(urls[0]!, { method: 'POST', body: setup.body, headers: setup.headers });
      await drained(db);
      await loadSplit(urls, () => command('commit Warm up the caches by Friday'), 3);
      await drained(db);
      const runs = await loadSplit(urls, () => command('commit Draft the budget memo by Friday'), durationSec);
      await drained(db);
      for (const b of started) await b.stop();
      const recorded = await db.count("select count(*) n from commitments where text like 'Draft the budget memo%'");
      await db.end();
      return { runs, recorded };
    };
    try {
      const single = await instances(1);
      const pair = await instances(2);
      const [a, b] = pair.runs as [LoadResult, LoadResult];
      return {
        floor,
        baton,
        one: single.runs[0]!,
        two: { a, b, rps: a.rps + b.rps },
        twoRecorded: pair.recorded,
        twoAcknowledged: a.requests - a.non2xx + b.requests - b.non2xx,
      };
    } finally {
      await fake.stop();
    }
  } finally {
    await server.stop();
  }
}
