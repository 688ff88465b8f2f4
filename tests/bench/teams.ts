// Baton's /api/messages under load: `@Baton update …` activities in a team channel, as Teams
// sends them, each recording an update and replying through a local connector — next to the
// bare CloudAdapter echo bot's floor. Baton runs in its own process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TeamsActivities, alice } from '../fakes/teams-activities.js';
import { fastConnector } from './floors.js';
import { type LoadResult, load } from './load.js';
import { serve } from './process.js';

export interface TeamsBench {
  full: LoadResult;
  recorded: number;
  acknowledged: number;
}

export async function benchTeamsActivities(durationSec = 10): Promise<TeamsBench> {
  const connector = await fastConnector();
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-teams-'));
  const file = join(dir, 'baton.db');
  const baton = await serve('baton', { BATON_DB: file, PORT: '0', HOST: '127.0.0.1', BATON_TEAMS_DEV: '1', NODE_ENV: 'development', LOG_LEVEL: 'silent', ...(process.env.BENCH_NODE_FLAGS ? { BENCH_NODE_FLAGS: process.env.BENCH_NODE_FLAGS } : {}) });
  const url = `${baton.url}/api/messages`;
  const activities = new TeamsActivities(connector.url);
  const post = (activity: object) => ({ body: JSON.stringify(activity), headers: { 'content-type': 'application/json' } });
  try {
    const setup = post(activities.channelMessage(alice, 'setup Leadership'));
    await fetch(url, { method: 'POST', body: setup.body, headers: setup.headers });
    const full = await load({ url, request: () => post(activities.channelMessage(alice, 'update Bus routes drafted')), durationSec });
    await baton.stop();
    const db = new Database(file, { readonly: true });
    const recorded = (db.prepare('select count(*) n from updates').get() as { n: number }).n;
    db.close();
    return { full, recorded, acknowledged: full.requests - full.non2xx };
  } finally {
    await baton.stop();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
