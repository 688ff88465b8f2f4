// The frameworks' own floors, measured in the same run as Baton: a bare Bolt app that only acks
// a signed slash command, one that also inserts a row through drizzle into better-sqlite3 (WAL),
// and a bare CloudAdapter echo bot replying to a local connector.
import { createHmac, randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bolt from '@slack/bolt';
import Database from 'better-sqlite3';
import { CloudAdapter, ActivityHandler, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const SIGNING_SECRET = 'bench-signing-secret';

/** A slash command body exactly as Slack sends it, signed. */
export function signedCommand(text: string, opts: { team?: string; user?: string; channel?: string; responseUrl?: string } = {}): { body: string; headers: Record<string, string> } {
  const params = new URLSearchParams({
    token: 'legacy',
    team_id: opts.team ?? 'T0BENCH',
    team_domain: 'bench',
    channel_id: opts.channel ?? 'C0BENCH',
    channel_name: 'leadership',
    user_id: opts.user ?? 'U0BENCH',
    user_name: 'alice',
    command: '/baton',
    text,
    api_app_id: 'A0BENCH',
    is_enterprise_install: 'false',
    response_url: opts.responseUrl ?? 'http://127.0.0.1:9/commands/x',
    trigger_id: `${Date.now()}.${randomUUID()}`,
  });
  const body = params.toString();
  const ts = Math.floor(Date.now() / 1000).toString();
  const sig = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': sig } };
}

const listen = (server: Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));

export interface Running {
  url: string;
  stop(): Promise<void>;
}

/** Bare Bolt (default HTTPReceiver), acking /baton; with `insert`, one drizzle insert first. */
export async function bareBolt(insert: boolean): Promise<Running> {
  const receiver = new bolt.HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events' });
  const app = new bolt.App({ receiver, authorize: async () => ({ botToken: 'xoxb-bench', botId: 'B0', botUserId: 'U0' }) });
  if (insert) {
    const sqlite = new Database(join(mkdtempSync(join(tmpdir(), 'bench-floor-')), 'floor.db'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.exec('create table records (id integer primary key, text text not null, at integer not null)');
    const records = sqliteTable('records', { id: integer('id').primaryKey(), text: text('text').notNull(), at: integer('at').notNull() });
    const db = drizzle(sqlite);
    app.command('/baton', async ({ command, ack }) => {
      db.insert(records).values({ text: command.text, at: Date.now() }).run();
      await ack();
    });
  } else {
    app.command('/baton', async ({ ack }) => {
      await ack();
    });
  }
  const server = createServer((req, res) => receiver.requestListener(req, res));
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Bare Bolt (default HTTPReceiver) acking /baton after one drizzle insert into PostgreSQL through
 * node-postgres: the Postgres leg's floor. A pool of 10, Baton's default (BATON_PG_POOL).
 */
export async function bareBoltPostgres(url: string): Promise<Running> {
  const { drizzle: drizzlePg } = await import('drizzle-orm/node-postgres');
  const { bigint, pgTable, serial, text: pgText } = await import('drizzle-orm/pg-core');
  const { default: pg } = await import('pg');
  const receiver = new bolt.HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events' });
  const app = new bolt.App({ receiver, authorize: async () => ({ botToken: 'xoxb-bench', botId: 'B0', botUserId: 'U0' }) });
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('create table if not exists records (id serial primary key, text text not null, at bigint not null)');
  const records = pgTable('records', { id: serial('id').primaryKey(), text: pgText('text').notNull(), at: bigint('at', { mode: 'number' }).notNull() });
  const db = drizzlePg({ client: pool });
  app.command('/baton', async ({ command, ack }) => {
    await db.insert(records).values({ text: command.text, at: Date.now() });
    await ack();
  });
  const server = createServer((req, res) => receiver.requestListener(req, res));
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => new Promise((r) => server.close(() => void pool.end().then(() => r()))) };
}

/** A connector that accepts replies at once: what the echo bot and Baton reply to. */
export async function fastConnector(): Promise<Running & { received: () => number }> {
  let received = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${received}` }));
    });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/`, received: () => received, stop: () => new Promise((r) => server.close(() => r())) };
}

/** A bare CloudAdapter echo bot without an app id, on node:http. */
export async function bareEchoBot(): Promise<Running> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
    await next();
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      (req as IncomingMessage & { body?: unknown }).body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      void adapter.process(req as never, expressLike(res) as never, (context) => bot.run(context));
    });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/api/messages`, stop: () => new Promise((r) => server.close(() => r())) };
}

/** The response shape CloudAdapter expects (restify/Express-like) over node's ServerResponse. */
function expressLike(res: ServerResponse) {
  const wrapped = {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
      return wrapped;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return wrapped;
    },
    send(body?: unknown) {
      if (body !== undefined) {
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json');
        res.write(typeof body === 'string' ? body : JSON.stringify(body));
      }
      return wrapped;
    },
    end() {
      res.end();
      return wrapped;
    },
  };
  return wrapped;
}

/** A message activity as Teams sends it in a 1:1 chat. */
export function teamsMessage(serviceUrl: string, text: string): { body: string; headers: Record<string, string> } {
  const id = randomUUID();
  const activity = {
    type: 'message',
    id,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: '29:bench-user', name: 'Alice', aadObjectId: '00000000-0000-0000-0000-000000000001' },
    conversation: { id: 'a:bench-conversation', conversationType: 'personal', tenantId: 'tenant-bench' },
    recipient: { id: '28:bench-bot', name: 'Baton' },
    text,
    textFormat: 'plain',
    channelData: { tenant: { id: 'tenant-bench' } },
  };
  return { body: JSON.stringify(activity), headers: { 'content-type': 'application/json' } };
}
