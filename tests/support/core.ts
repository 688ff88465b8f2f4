// A real Baton on a real SQLite file (a PostgreSQL database with BATON_TEST_DB=pg: testdb.ts), with
// a fake platform transport that records what would be sent. For driving the core through its
// entry points exactly as an adapter does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Baton } from '../../src/core/bot.js';
import { checkinOptions } from '../../src/core/checkins/index.js';
import { flowActions, flowForms, flowJobs } from '../../src/core/deescalation/index.js';
import { FixedClock } from '../../src/core/clock.js';
import { plainText } from '../../src/core/message.js';
import type { Delivery, Invocation, Person, SentRef, Transport } from '../../src/core/ports.js';
import type { Database_ } from '../../src/db/client.js';
import { Dispatcher } from '../../src/scheduler/outbox.js';
import { openTestDatabase } from './testdb.js';

export const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

export interface Sent extends Delivery {
  /** The message as plain text, as a person would read it. */
  text: string;
}

export interface TestBot {
  bot: Baton;
  database: Database_;
  clock: FixedClock;
  dispatcher: Dispatcher;
  dir: string;
  /** Everything delivered so far. */
  sent: Sent[];
  /** Registers a person the fake platform knows. */
  person(userId: string, tz?: string, name?: string): Person;
  /** Runs a command as `userId` in `channel` (default: the team channel) and returns what it sent. */
  run(userId: string, text: string, where?: { channel?: string; direct?: boolean; dedupeKey?: string }): Promise<Sent[]>;
  invocation(userId: string, where?: { channel?: string; direct?: boolean; dedupeKey?: string }): Invocation;
  /** Delivers pending messages and returns those delivered since the last call. */
  flush(): Promise<Sent[]>;
  close(): void;
}

export const TEAM_CHANNEL = 'leadership';

/** The instance a test bot is; a bot started again on its file with this id is the same instance, restarted. */
export const TEST_INSTANCE = 'test-host:3000';

/** A fresh bot on a fresh database file. The clock starts on Monday 2026-11-23 15:00 UTC. */
export function testBot(opts: { now?: string; defaultTz?: string; transport?: Transport; onStorageFailure?: (err: unknown) => void; graceMs?: number; file?: string; publicUrl?: string | null } = {}): TestBot {
  const dir = mkdtempSync(join(tmpdir(), 'baton-test-'));
  const database = openTestDatabase(opts.file ?? join(dir, 'baton.db'));
  const clock = new FixedClock(Date.parse(opts.now ?? '2026-11-23T15:00:00Z'));
  const people = new Map<string, Person>();
  const sent: Sent[] = [];
  let seen = 0;
  let counter = 0;
  const transport: Transport = opts.transport ?? {
    async deliver(d: Delivery): Promise<SentRef> {
      sent.push({ ...d, text: plainText(d.message.blocks) });
      const conversationId = d.destination.to === 'channel' ? d.destination.channelId : `dm-${d.destination.userId}`;
      return { conversationId, messageId: `m${++counter}` };
    },
  };
  const dispatcher = new Dispatcher({ store: database.store, instance: TEST_INSTANCE, clock, transports: { console: transport }, log: silentLog });
  // The check-in's buttons, form and timers, wired as src/app.ts wires them (grace: 6 h unless given).
  const checkins = checkinOptions(opts.graceMs ?? 6 * 3_600_000);
  const bot = new Baton({
    store: database.store,
    instance: TEST_INSTANCE,
    clock,
    defaultTz: opts.defaultTz ?? 'UTC',
    log: silentLog,
    ...(opts.onStorageFailure ? { onStorageFailure: opts.onStorageFailure } : {}),
    actions: { ...checkins.actions, ...flowActions },
    forms: { ...checkins.forms, ...flowForms },
    jobs: { ...checkins.jobs, ...flowJobs },
    upkeep: [checkins.upkeep],
    // Where links to the team's page point (null: as in the console, where no page is served).
    ...(opts.publicUrl === null ? {} : { publicUrl: () => opts.publicUrl ?? 'http://baton.test' }),
    directories: {
      console: {
        person: async (_ws, userId) => people.get(userId) ?? { userId, name: userId },
        channelMembers: async () => [...people.values()],
      },
    },
  });
  const person = (userId: string, tz?: string, name?: string): Person => {
    const p: Person = { userId, name: name ?? userId, ...(tz ? { tz } : {}) };
    people.set(userId, p);
    return p;
  };
  const invocation = (userId: string, where: { channel?: string; direct?: boolean; dedupeKey?: string } = {}): Invocation => {
    const p = people.get(userId) ?? person(userId);
    return {
      platform: 'console',
      workspaceId: 'console',
      channelId: where.direct ? `dm-${userId}` : (where.channel ?? TEAM_CHANNEL),
      isDirect: Boolean(where.direct),
      actor: { ...p },
      ...(where.dedupeKey ? { dedupeKey: where.dedupeKey } : {}),
    };
  };
  const flush = async (): Promise<Sent[]> => {
    await dispatcher.drain();
    const fresh = sent.slice(seen);
    seen = sent.length;
    return fresh;
  };
  return {
    bot,
    database,
    clock,
    dispatcher,
    dir,
    sent,
    person,
    invocation,
    flush,
    async run(userId, text, where) {
      await bot.command(invocation(userId, where), text);
      return flush();
    },
    close() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A bot with a team set up by `alice` (lead) with members `maria` and `sam`. */
export async function teamBot(opts: Parameters<typeof testBot>[0] = {}): Promise<TestBot> {
  const t = testBot(opts);
  t.person('alice', 'UTC', 'Alice');
  t.person('maria', 'America/Chicago', 'Maria');
  t.person('sam', 'Asia/Tokyo', 'Sam');
  await t.run('alice', 'setup Leadership');
  return t;
}

/** Texts of what was sent, each prefixed by where it went: "#leadership: …", "dm maria: …", "reply alice: …". */
export function where(sent: Sent[]): string[] {
  return sent.map((s) => {
    const d = s.destination;
    const to = d.to === 'channel' ? `#${d.channelId}${d.threadOf ? ` thread ${d.threadOf}` : ''}` : d.to === 'dm' ? `dm ${d.userId}` : `reply ${d.userId}`;
    return `${to}: ${s.text}`;
  });
}
