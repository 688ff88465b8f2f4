// Entry point: the environment (and .env) → a console session or the service.
import dotenv from 'dotenv';
import { type ServerApp, runConsole, startServer } from './app.js';
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
  let app: ServerApp | undefined;
  // A stop asked for while starting (a signal, a storage failure) happens once started.
  let asked: { reason: string; code: number } | undefined;
  const shutdown = async (reason: string, code: number) => {
    if (asked) return;
    asked = { reason, code };
    if (!app) return;
    log.info({ reason }, 'shutting down');
    await app.stop().catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
  app = await startServer(config, {
    log,
    onStorageFailure: (err) => {
      storageFailure(err);
      void shutdown('storage failure', 1);
    },
  });
  if (asked) {
    const { reason, code } = asked;
    asked = undefined;
    await shutdown(reason, code);
  }
}

main().catch((err) => {
  const message = err instanceof Error ? err.message : String(err);
  fail([message]);
});
