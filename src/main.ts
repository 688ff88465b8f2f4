// Entry point: the environment (and .env) → a console session or the service.
import dotenv from 'dotenv';
import { runConsole, startServer } from './app.js';
import { loadConfig, surfaces } from './config.js';
import { createLogger } from './log.js';

function storageFailure(err: unknown): void {
  process.stderr.write(`Baton stopped: the database can no longer be written (${(err as { code?: string }).code ?? 'storage error'}). Free disk space or fix BATON_DB's permissions, then start again.\n`);
}

function fail(lines: string[]): never {
  process.stderr.write(`Baton can't start:\n${lines.map((l) => `  - ${l}`).join('\n')}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const result = loadConfig(process.env);
  if (!result.ok) fail(result.problems);
  const config = result.config;
  if (surfaces(config).console) {
    // In the console, stdout is the conversation: logs go to stderr.
    const log = createLogger(config.LOG_LEVEL, 2);
    await runConsole(config, {
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      log,
      onStorageFailure: (err) => {
        storageFailure(err);
        process.exit(1);
      },
    });
    return;
  }
  const log = createLogger(config.LOG_LEVEL, 1);
  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    await app.stop().catch(() => undefined);
    process.exit(code);
  };
  const app = await startServer(config, {
    log,
    onStorageFailure: (err) => {
      storageFailure(err);
      void shutdown('storage failure', 1);
    },
  });
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
}

main().catch((err) => {
  const message = err instanceof Error ? err.message : String(err);
  fail([message]);
});
