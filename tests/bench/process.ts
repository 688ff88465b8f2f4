// Starting a server under test in a child process and stopping it cleanly.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startFlags } from './footprint.js';

export interface Child {
  url: string;
  process: ChildProcess;
  /** SIGTERM, then wait for it to finish what it accepted and exit. */
  stop(): Promise<void>;
}

const root = join(import.meta.dirname, '..', '..');

export async function serve(kind: string, env: Record<string, string> = {}): Promise<Child> {
  // Baton runs with npm start's node flags (its heap settings), as in production.
  const flags = [...(kind === 'baton' ? startFlags() : []), ...(env.BENCH_NODE_FLAGS ? env.BENCH_NODE_FLAGS.split(' ') : [])];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', join(root, 'tests/bench/serve.ts'), kind], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} exited with ${code} before listening`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
