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
import type { PgStore } from './db/pg/store.js';
import type { Store } from './db/store.js';
import { retentionUpkeep } from './db/retention.js';
import { Dispatcher } from './scheduler/outbox.js';
import { Ticker } from './scheduler/ticker.js';
import { HttpServer } from './server.js';

export interface Core {
  config: Config;
  /** Where everything is recorded: SQLite (BATON_DB) or PostgreSQL (DATABASE_URL). */
  store: Store;
  /** The PostgreSQL store, when DATABASE_URL is set (its pool, for /healthz). */
  postgres?: PgStore;
  /**
   * The SQLite database (BATON_DB), for tests and tools that look into it. On PostgreSQL there
   * is none: any use of it throws, saying so.
   */
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

/** Stands in for the SQLite database when Baton runs on PostgreSQL: whatever reaches for it learns why there is none. */
function noSqlite(): Database_ {
  return new Proxy({} as Database_, {
    get(_, prop) {
      // Only what a SQLite database has: await, printers and the like look for other things, and must not fail.
      if (prop === 'store' || prop === 'db' || prop === 'sqlite' || prop === 'close') throw new Error(`Baton runs on PostgreSQL (DATABASE_URL): there is no SQLite database (database.${prop})`);
      return undefined;
    },
  });
}

/** Opens PostgreSQL at DATABASE_URL (its migrations applied), or fails with a message that names DATABASE_URL and never prints it (it holds a password). */
async function openPostgres(config: Config, log: Logger): Promise<PgStore> {
  const { openPgStore } = await import('./db/pg/store.js');
  try {
    return await openPgStore({
      url: config.DATABASE_URL!,
      poolSize: config.BATON_PG_POOL,
      // The pool replaces a broken connection; the work that was on it is tried again.
      onConnectionError: (err) => log.warn({ err: err.message }, 'lost a connection to PostgreSQL; the pool opens a new one'),
    });
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).replaceAll(config.DATABASE_URL!, '<DATABASE_URL>');
    throw new Error(`DATABASE_URL: could not connect to PostgreSQL or migrate it: ${message}`);
  }
}

export async function createCore(config: Config, deps: CoreDeps): Promise<Core> {
  // PostgreSQL's driver is loaded only when it is configured; SQLite stays the two-command set-up.
  const postgres = config.DATABASE_URL ? await openPostgres(config, deps.log) : undefined;
  const database = postgres ? noSqlite() : openConfigured(config.BATON_DB);
  const store: Store = postgres ?? database.store;
  const clock = deps.clock ?? systemClock;
  const transports: Partial<Record<Platform, Transport>> = {};
  const directories: Partial<Record<Platform, Directory>> = {};
  const onStorageFailure = (err: unknown) => deps.onStorageFailure?.(err);
  const publicUrl: Core['publicUrl'] = { current: () => undefined };
  const instance = deps.instance ?? `baton-${randomUUID()}`;
  const dispatcher = new Dispatcher({ store, instance, clock, transports, log: deps.log, onStorageFailure });
  const checkins = checkinOptions(config.BATON_CHECKIN_GRACE);
  const bot = new Baton({
    store,
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
  return { config, store, ...(postgres ? { postgres } : {}), database, clock, log: deps.log, bot, dispatcher, ticker, transports, directories, publicUrl };
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
  // The same host and port after a restart is the same instance: what it held, it takes back at
  // once. Two instances on one machine (one database) therefore need two ports.
  const core = await createCore(config, { ...deps, instance: deps.instance ?? `${hostname()}:${config.PORT}` });
  const on = surfaces(config);
  const { store, postgres, dispatcher, ticker, log } = core;
  const server = new HttpServer(async () => {
    const ok = await store.healthy();
    // On PostgreSQL, the pool as well: connections open, idle, and requests waiting for one.
    const pool = postgres ? { size: config.BATON_PG_POOL, open: postgres.pool.totalCount, idle: postgres.pool.idleCount, waiting: postgres.pool.waitingCount } : undefined;
    return { ok, database: ok ? 'ok' : 'unreachable', engine: store.engine, ...(pool ? { pool } : {}), slack: on.slack, teams: on.teams };
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
  const stopCheckpoints = postgres ? async () => undefined : startCheckpoints(config.BATON_DB);
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
      // Another instance takes this one's workspaces over at once rather than after their leases.
      await dispatcher.release().catch((err: unknown) => log.warn({ err: String(err) }, 'could not hand back the workspaces this instance sent for'));
      await stopCheckpoints();
      await store.close();
    },
  };
}

/** Baton in a terminal: reads commands until the input ends. */
export async function runConsole(
  config: Config,
  io: { input: Readable; output: Writable; interactive: boolean; log: Logger; onStorageFailure?: (err: unknown) => void },
): Promise<void> {
  const clock = new MovableClock();
  const core = await createCore(config, { log: io.log, clock, instance: `${hostname()}:console`, ...(io.onStorageFailure ? { onStorageFailure: io.onStorageFailure } : {}) });
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
  await core.store.close();
}
