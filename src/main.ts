// Entry point: the environment (and .env) → a console session or the service.
import dotenv from 'dotenv';
import { type ServerApp, runConsole, startServer } from './app.js';
import { loadConfig, surfaces } from './config.js';
import { createLogger } from './log.js';

function storageFailure(err: unknown, postgres: boolean): void {
  const code = errorCode(err) ?? 'storage error';
  process.stderr.write(
    postgres
      ? `Baton stopped: PostgreSQL can no longer be written (${code}). Free disk space on the database server, or point DATABASE_URL at a writable primary (not a standby), then start again.\n`
      : `Baton stopped: the database can no longer be written (${code}). Free disk space or fix BATON_DB's permissions, then start again.\n`,
  );
}

/** The SQLite or PostgreSQL code of a storage failure, looking through the query layer's wrapping. */
function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
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
        storageFailure(err, config.DATABASE_URL !== undefined);
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
      storageFailure(err, config.DATABASE_URL !== undefined);
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
