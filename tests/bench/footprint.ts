// Start-up and memory of the built program (node dist/src/main.js) with both Slack and Teams on:
// time from process start to /healthz answering, resident memory after start and after 10,000
// commands.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FakeSlack } from '../fakes/slack-api.js';
import { SIGNING_SECRET, signedCommand } from './floors.js';
import { load } from './load.js';

const root = join(import.meta.dirname, '..', '..');
const TOKEN = 'xoxb-bench-token';

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

export interface Footprint {
  flags: string[];
  startMs: number;
  rssAfterStartMb: number;
  rssAfterCommandsMb: number;
  commands: number;
}

/** The node flags `npm start` runs Baton with (its heap settings), read from package.json. */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((w) => w.startsWith('--max-'));
}

export async function benchFootprint(commands = 10_000, nodeFlags: string[] = startFlags()): Promise<Footprint> {
  const fake = new FakeSlack(TOKEN);
  await fake.start();
  fake.user({ id: 'U0BENCH', name: 'alice', real_name: 'Alice', display_name: 'Alice', tz: 'UTC' });
  fake.channel('C0BENCH', 'leadership', ['U0BENCH']);
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-footprint-'));
  const file = join(dir, 'baton.db');
  const port = 31000 + Math.floor(Math.random() * 2000);
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, join(root, 'dist/src/main.js')], {
    env: { PATH: process.env.PATH ?? '', BATON_DB: file, PORT: String(port), HOST: '127.0.0.1', SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, BATON_TEAMS_DEV: '1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    let startMs = 0;
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.status === 200) {
          startMs = performance.now() - started;
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 500));
    const rssAfterStartMb = rssMb(child.pid!);
    const url = `http://127.0.0.1:${port}/slack/events`;
    const setup = signedCommand('setup Leadership', { responseUrl: fake.responseUrl() });
    await fetch(url, { method: 'POST', body: setup.body, headers: setup.headers });
    let sent = 0;
    await load({ url, connections: 20, durationSec: 120, amount: commands, request: () => signedCommand(`update Progress note ${++sent}`, { responseUrl: fake.responseUrl() }) });
    const db = new Database(file, { readonly: true });
    for (;;) {
      const { n } = db.prepare("select count(*) n from inbox where status = 'pending'").get() as { n: number };
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    db.close();
    const rssAfterCommandsMb = rssMb(child.pid!);
    return { flags: nodeFlags, startMs, rssAfterStartMb, rssAfterCommandsMb, commands };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
