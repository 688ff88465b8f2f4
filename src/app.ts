// Assembling Baton: database → core → dispatcher → adapters → server → scheduler. main.ts runs
// it from the environment; tests start it the same way with their own configuration.
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ConsoleAdapter } from './adapters/console/console.js';
import { TeamsAdapter } from './adapters/teams/app.js';
import { type Config, surfaces } from './config.js';
import { Baton } from './core/bot.js';
import { type Clock, MovableClock, systemClock } from './core/clock.js';
import type { Directory, Logger, Platform, Transport } from './core/ports.js';
import { type Database_, isReachable, openDatabase } from './db/client.js';
import { Dispatcher } from './scheduler/outbox.js';
import { Ticker } from './scheduler/ticker.js';
import { HttpServer } from './server.js';

export interface Core {
  config: Config;
  database: Database_;
  clock: Clock;
  log: Logger;
  bot: Baton;
  dispatcher: Dispatcher;
  ticker: Ticker;
  transports: Partial<Record<Platform, Transport>>;
  directories: Partial<Record<Platform, Directory>>;
}

/** The platform-independent part: database, core, outbox dispatcher, scheduler tick. */
export function createCore(config: Config, deps: { log: Logger; clock?: Clock }): Core {
  const database = openDatabase(config.BATON_DB);
  const clock = deps.clock ?? systemClock;
  const transports: Partial<Record<Platform, Transport>> = {};
  const directories: Partial<Record<Platform, Directory>> = {};
  const dispatcher = new Dispatcher({ db: database.db, clock, transports, log: deps.log });
  const bot = new Baton({
    db: database.db,
    clock,
    directories,
    defaultTz: config.BATON_TIMEZONE,
    log: deps.log,
    onOutbox: () => dispatcher.kick(),
  });
  const ticker = new Ticker(bot, dispatcher, deps.log);
  return { config, database, clock, log: deps.log, bot, dispatcher, ticker, transports, directories };
}

export interface ServerApp extends Core {
  server: HttpServer;
  port: number;
  stop(): Promise<void>;
}

/** Baton as a service: the HTTP server with the configured platforms, and the scheduler. */
export async function startServer(config: Config, deps: { log: Logger; clock?: Clock }): Promise<ServerApp> {
  const core = createCore(config, deps);
  const on = surfaces(config);
  const { database, dispatcher, ticker, log } = core;
  const server = new HttpServer(() => {
    const ok = isReachable(database.sqlite);
    return { ok, database: ok ? 'ok' : 'unreachable', slack: on.slack, teams: on.teams };
  });
  const stops: (() => Promise<void> | void)[] = [];
  if (on.slack) log.warn({ slack: on.slack }, 'platform adapters are not part of this build yet');
  if (on.teams) {
    const credentials =
      on.teams === 'auth'
        ? { appId: config.MICROSOFT_APP_ID!, password: config.MICROSOFT_APP_PASSWORD, tenantId: config.MICROSOFT_APP_TENANT_ID, type: config.MICROSOFT_APP_TYPE }
        : undefined;
    const teams = new TeamsAdapter({ bot: core.bot, log, credentials });
    server.route('POST', '/api/messages', teams.route);
    core.transports.teams = teams.transport;
    core.directories.teams = teams.directory;
  }
  await dispatcher.recover();
  const port = await server.listen(config.PORT, config.HOST);
  ticker.start();
  dispatcher.start();
  void ticker.tick();
  log.info({ port, host: config.HOST, slack: on.slack, teams: on.teams }, 'Baton is listening');
  return {
    ...core,
    server,
    port,
    async stop() {
      ticker.stop();
      dispatcher.stop();
      for (const stop of stops) await stop();
      await server.close();
      database.close();
    },
  };
}

/** Baton in a terminal: reads commands until the input ends. */
export async function runConsole(config: Config, io: { input: Readable; output: Writable; interactive: boolean; log: Logger }): Promise<void> {
  const clock = new MovableClock();
  const core = createCore(config, { log: io.log, clock });
  const adapter = new ConsoleAdapter({
    input: io.input,
    output: io.output,
    interactive: io.interactive,
    clock,
    defaultTz: config.BATON_TIMEZONE,
    exportDir: config.BATON_DB === ':memory:' ? join(tmpdir(), 'baton-exports') : join(dirname(resolve(config.BATON_DB)), 'exports'),
    settle: () => core.ticker.tick(),
  });
  adapter.attach(core.bot);
  core.transports.console = adapter.transport;
  core.directories.console = adapter.directory;
  await core.dispatcher.recover();
  await adapter.run();
  core.database.close();
}
