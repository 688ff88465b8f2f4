// Composition root: config → database → core → adapters → server → scheduler. The only file
// that knows every part.
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import dotenv from 'dotenv';
import { ConsoleAdapter } from './adapters/console/console.js';
import { type Config, loadConfig, surfaces } from './config.js';
import { Baton } from './core/bot.js';
import { type Clock, MovableClock, systemClock } from './core/clock.js';
import type { Directory, Platform, Transport } from './core/ports.js';
import { isReachable, openDatabase } from './db/client.js';
import { createLogger } from './log.js';
import { Dispatcher } from './scheduler/outbox.js';
import { Ticker } from './scheduler/ticker.js';
import { HttpServer } from './server.js';

function fail(lines: string[]): never {
  process.stderr.write(`Baton can't start:\n${lines.map((l) => `  - ${l}`).join('\n')}\n`);
  process.exit(1);
}

function openOrFail(config: Config) {
  try {
    return openDatabase(config.BATON_DB);
  } catch (err) {
    return fail([`BATON_DB: could not open "${config.BATON_DB}": ${err instanceof Error ? err.message : String(err)}`]);
  }
}

async function start(): Promise<void> {
  dotenv.config({ quiet: true });
  const result = loadConfig(process.env);
  if (!result.ok) fail(result.problems);
  const config = result.config;
  const on = surfaces(config);
  // In the console, stdout is the conversation: logs go to stderr.
  const log = createLogger(config.LOG_LEVEL, on.console ? 2 : 1);
  const database = openOrFail(config);
  const clock: Clock = on.console ? new MovableClock() : systemClock;
  const transports: Partial<Record<Platform, Transport>> = {};
  const directories: Partial<Record<Platform, Directory>> = {};
  const dispatcher = new Dispatcher({ db: database.db, clock, transports, log });
  const bot = new Baton({
    db: database.db,
    clock,
    directories,
    defaultTz: config.BATON_TIMEZONE,
    log,
    onOutbox: () => dispatcher.kick(),
  });
  const ticker = new Ticker(bot, dispatcher, log);

  if (on.console) {
    const adapter = new ConsoleAdapter({
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      clock: clock as MovableClock,
      defaultTz: config.BATON_TIMEZONE,
      exportDir: config.BATON_DB === ':memory:' ? join(tmpdir(), 'baton-exports') : join(dirname(resolve(config.BATON_DB)), 'exports'),
      settle: () => ticker.tick(),
    });
    adapter.attach(bot);
    transports.console = adapter.transport;
    directories.console = adapter.directory;
    await dispatcher.recover();
    await adapter.run();
    database.close();
    return;
  }

  const server = new HttpServer(() => ({ ok: isReachable(database.sqlite), database: isReachable(database.sqlite) ? 'ok' : 'unreachable', slack: on.slack, teams: on.teams }));
  if (on.slack || on.teams) {
    log.warn({ slack: on.slack, teams: on.teams }, 'platform adapters are not part of this build yet');
  }
  await dispatcher.recover();
  const port = await server.listen(config.PORT, config.HOST);
  ticker.start();
  dispatcher.start();
  void ticker.tick();
  log.info({ port, host: config.HOST, slack: on.slack, teams: on.teams }, 'Baton is listening');

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    ticker.stop();
    dispatcher.stop();
    await server.close();
    database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

start().catch((err) => {
  process.stderr.write(`Baton stopped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
