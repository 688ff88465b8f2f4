// Start-up and memory of the built program (node dist/src/main.js) with both Slack and Teams on:
// time from process start to /healthz answering, resident memory after start and after 10,000
// commands.
import { type ChildProcess, spawn } from 'node:child_process';
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

/**
 * Baton built, started with both platforms on a fresh database; resolves once /healthz answers 200.
 * The port is picked below Linux's ephemeral range (32768–60999), where the load generator's own
 * connections would sometimes hold it; a start that fails anyway (the port taken) is tried again on
 * another one instead of being waited for forever.
 */
async function startBuilt(fakeUrl: string, file: string, nodeFlags: string[], attempts = 5): Promise<{ child: ChildProcess; port: number; startMs: number }> {
  const port = 20000 + Math.floor(Math.random() * 10000);
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, join(root, 'dist/src/main.js')], {
    env: { PATH: process.env.PATH ?? '', BATON_DB: file, PORT: String(port), HOST: '127.0.0.1', SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fakeUrl, BATON_TEAMS_DEV: '1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  for (;;) {
    if (exited !== undefined) {
      if (attempts <= 1) throw new Error(`Baton exited with code ${exited} before /healthz answered`);
      return startBuilt(fakeUrl, file, nodeFlags, attempts - 1);
    }
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.status === 200) return { child, port, startMs: performance.now() - started };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

const stopped = (child: ChildProcess) =>
  new Promise<void>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });

/** Start to /healthz, `runs` times, each on a fresh database: sorted, fastest first. */
export async function benchStart(runs = 5, nodeFlags: string[] = startFlags()): Promise<number[]> {
  const fake = new FakeSlack(TOKEN);
  await fake.start();
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-start-'));
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const { child, startMs } = await startBuilt(fake.url, join(dir, `baton-${i}.db`), nodeFlags);
      times.push(startMs);
      await stopped(child);
    }
    return times.sort((a, b) => a - b);
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchFootprint(commands = 10_000, nodeFlags: string[] = startFlags()): Promise<Footprint> {
  const fake = new FakeSlack(TOKEN);
  await fake.start();
  fake.user({ id: 'U0BENCH', name: 'alice', real_name: 'Alice', display_name: 'Alice', tz: 'UTC' });
  fake.channel('C0BENCH', 'leadership', ['U0BENCH']);
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-footprint-'));
  const file = join(dir, 'baton.db');
  const { child, port, startMs } = await startBuilt(fake.url, file, nodeFlags);
  try {
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
    await stopped(child);
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
