// The built app (node dist/src/main.js) as its own process, the way it runs in production:
// started with an environment, read through its stdout/stderr, stopped with a signal or killed.
// For the tests that crash it, fill its disk, or take its database away.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** Starts the built app with exactly this environment (plus PATH). */
/** Baton over Slack HTTP on a free port, against a fake Web API: the environment a process test starts it with. */
export function slackEnv(o: { file: string; apiUrl: string; token: string; secret: string }, extra: Record<string, string> = {}): Record<string, string> {
  return { BATON_DB: o.file, PORT: '0', HOST: '127.0.0.1', SLACK_BOT_TOKEN: o.token, SLACK_SIGNING_SECRET: o.secret, SLACK_API_URL: o.apiUrl, LOG_LEVEL: 'info', ...extra };
}

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

/**
 * A console transcript: `npm start < tests/e2e/<name>` through the built program, on `db`
 * (default: in memory). `after(prompt)` is what one prompt's command printed, up to the next
 * blank line.
 */
export function consoleRun(name: string, db = ':memory:'): { status: number | null; out: string; after(prompt: string): string } {
  const run = spawnSync(process.execPath, [MAIN], {
    input: readFileSync(join(root, 'tests/e2e', name), 'utf8'),
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', BATON_DB: db },
    timeout: 60_000,
  });
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
