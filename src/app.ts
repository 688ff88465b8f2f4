// Assembling Baton: database → core → dispatcher → adapters → server → scheduler. main.ts runs
// it from the environment; tests start it the same way with their own configuration.
import { randomUUID } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ConsoleAdapter } from './adapters/console/console.js';
import type { SlackAdapter } from './adapters/slack/app.js';
import type { TeamsAdapter } from './adapters/teams/app.js';
import { type Config, surfaces } from './config.js';
import { Baton } from './core/bot.js';
import { checkinOptions } from './core/checkins/index.js';
import { flowActions, flowForms, flowJobs } from './core/deescalation/index.js';
import { type Clock, MovableClock, systemClock } from './core/clock.js';
import type { Directory, Logger, Platform, Transport } from './core/ports.js';
import { type Database_, openDatabase, startCheckpoints } from './db/client.js';
import { retentionUpkeep } from './db/retention.js';
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
  /** The address links to the team's page are built on: none until a server listens (never in the console). */
  publicUrl: { current: () => string | undefined };
}

/** The platform-independent part: database, core, outbox dispatcher, scheduler tick. */
export interface CoreDeps {
  log: Logger;
  clock?: Clock;
  /** The storage failed (disk full, read-only file): stop cleanly. */
  onStorageFailure?: (err: unknown) => void;
  /** Who this instance is, for the leases it takes (see BatonOptions.instance); a new one by default. */
  instance?: string;
}

/** Opens the configured database, or fails with a message that names BATON_DB. */
function openConfigured(file: string): Database_ {
  try {
    return openDatabase(file);
  } catch (err) {
    throw new Error(`BATON_DB: could not open or migrate "${file}": ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function createCore(config: Config, deps: CoreDeps): Core {
  const database = openConfigured(config.BATON_DB);
  const clock = deps.clock ?? systemClock;
  const transports: Partial<Record<Platform, Transport>> = {};
  const directories: Partial<Record<Platform, Directory>> = {};
  const onStorageFailure = (err: unknown) => deps.onStorageFailure?.(err);
  const publicUrl: Core['publicUrl'] = { current: () => undefined };
  const instance = deps.instance ?? `baton-${randomUUID()}`;
  const dispatcher = new Dispatcher({ store: database.store, instance, clock, transports, log: deps.log, onStorageFailure });
  const checkins = checkinOptions(config.BATON_CHECKIN_GRACE);
  const bot = new Baton({
    store: database.store,
    instance,
    clock,
    directories,
    defaultTz: config.BATON_TIMEZONE,
    log: deps.log,
    onOutbox: () => dispatcher.kick(),
    onStorageFailure,
    actions: { ...checkins.actions, ...flowActions },
    forms: { ...checkins.forms, ...flowForms },
    // Each flow form is built by the button of the same name, from a state its button value reads.
    formBuilders: { ...checkins.formBuilders, ...flowActions },
    jobs: { ...checkins.jobs, ...flowJobs },
    upkeep: [checkins.upkeep, retentionUpkeep()],
    publicUrl: () => publicUrl.current(),
  });
  const ticker = new Ticker(bot, dispatcher, deps.log);
  return { config, database, clock, log: deps.log, bot, dispatcher, ticker, transports, directories, publicUrl };
}

export interface ServerApp extends Core {
  server: HttpServer;
  port: number;
  /** The Slack adapter, when Slack is configured. */
  slack?: SlackAdapter;
  /** The Teams adapter, when Teams is configured. */
  teams?: TeamsAdapter;
  stop(): Promise<void>;
}

/** Baton as a service: the HTTP server with the configured platforms, and the scheduler. */
export async function startServer(config: Config, deps: CoreDeps): Promise<ServerApp> {
  // The same host and port after a restart is the same instance: what it held, it takes back at once.
  const core = createCore(config, { ...deps, instance: deps.instance ?? `${hostname()}:${config.PORT}` });
  const on = surfaces(config);
  const { database, dispatcher, ticker, log } = core;
  const server = new HttpServer(async () => {
    const ok = await database.store.healthy();
    return { ok, database: ok ? 'ok' : 'unreachable', slack: on.slack, teams: on.teams };
  });
  const stops: (() => Promise<void> | void)[] = [];
  // The team's page, on this same server; links point at BATON_PUBLIC_URL, else at the port listened on.
  const { webPage, PAGE_PREFIX, STYLESHEET } = await import('./adapters/web/app.js');
  const web = webPage({ bot: core.bot, log });
  server.routePrefix('GET', PAGE_PREFIX, web.page);
  server.route('GET', STYLESHEET, web.stylesheet);
  let listening: number | undefined;
  core.publicUrl.current = () => config.BATON_PUBLIC_URL ?? (listening === undefined ? undefined : `http://localhost:${listening}`);
  // Each platform's SDK is loaded only when it is configured (botbuilder alone takes 0.2–0.3 s).
  const slack = config.SLACK_BOT_TOKEN
    ? (await import('./adapters/slack/app.js')).connectSlack({
        bot: core.bot,
        log,
        botToken: config.SLACK_BOT_TOKEN,
        signingSecret: config.SLACK_SIGNING_SECRET,
        appToken: config.SLACK_APP_TOKEN,
        apiUrl: config.SLACK_API_URL,
        postsPerSecond: config.SLACK_POST_RATE,
        logLevel: config.LOG_LEVEL,
        route: (method, path, handler) => server.route(method, path, handler),
      })
    : undefined;
  if (slack) {
    core.transports.slack = slack.transport;
    core.directories.slack = slack.directory;
    stops.push(() => slack.stop());
  }
  let teams: TeamsAdapter | undefined;
  if (on.teams) {
    const credentials =
      on.teams === 'auth'
        ? { appId: config.MICROSOFT_APP_ID!, password: config.MICROSOFT_APP_PASSWORD, tenantId: config.MICROSOFT_APP_TENANT_ID, type: config.MICROSOFT_APP_TYPE }
        : undefined;
    const { TeamsAdapter } = await import('./adapters/teams/app.js');
    teams = new TeamsAdapter({ bot: core.bot, log, credentials });
    server.route('POST', '/api/messages', teams.route);
    core.transports.teams = teams.transport;
    core.directories.teams = teams.directory;
  }
  await dispatcher.recover();
  const stopCheckpoints = startCheckpoints(config.BATON_DB);
  // Requests accepted before a restart and not yet worked through.
  await core.bot.resume();
  const port = await server.listen(config.PORT, config.HOST);
  listening = port;
  await slack?.start();
  ticker.start();
  dispatcher.start();
  void ticker.tick();
  log.info({ port, host: config.HOST, slack: on.slack, teams: on.teams }, 'Baton is listening');
  return {
    ...core,
    server,
    port,
    ...(slack ? { slack } : {}),
    ...(teams ? { teams } : {}),
    async stop() {
      ticker.stop();
      dispatcher.stop();
      for (const stop of stops) await stop();
      await server.close();
      // Work under way finishes (and records what it did and sent) before the database closes.
      await core.bot.inbox.idle();
      await dispatcher.idle();
      await stopCheckpoints();
      await database.store.close();
    },
  };
}

/** Baton in a terminal: reads commands until the input ends. */
export async function runConsole(
  config: Config,
  io: { input: Readable; output: Writable; interactive: boolean; log: Logger; onStorageFailure?: (err: unknown) => void },
): Promise<void> {
  const clock = new MovableClock();
  const core = createCore(config, { log: io.log, clock, instance: `${hostname()}:console`, ...(io.onStorageFailure ? { onStorageFailure: io.onStorageFailure } : {}) });
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
  await core.bot.resume();
  await adapter.run();
  // What the last lines asked for, and a pass the tick started, finish before the database closes.
  await core.bot.inbox.idle();
  await core.database.store.close();
}
