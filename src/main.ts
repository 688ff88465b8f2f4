// Entry point: the environment (and .env) → a console session or the service.
import dotenv from 'dotenv';
import { runConsole, startServer } from './app.js';
import { loadConfig, surfaces } from './config.js';
import { createLogger } from './log.js';

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
    await runConsole(config, { input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY), log });
    return;
  }
  const log = createLogger(config.LOG_LEVEL, 1);
  const app = await startServer(config, { log });
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await app.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  const message = err instanceof Error ? err.message : String(err);
  fail([message]);
});
