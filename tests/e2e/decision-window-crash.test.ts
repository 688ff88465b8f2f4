// A consent window that ends while Baton is down, and a kill -9 right after it is decided. The
// built app (node dist/src/main.js) takes a member's `decide` as proposal D-1 under
// `decide-rule consent 1h` and is killed with -9 while D-1 is open. While it is down the window
// ends (its persisted job and the decision's window_ends_at are moved into the past in the
// database: the app runs on the real clock). Started again, it decides D-1 at start and is killed
// with -9 the moment the staff broadcast reaches Slack, before it knows the post went out.
// Started a third time: D-1 was decided once, announced once in the team's channel and broadcast
// once to the staff channel, and nothing is left in the outbox.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMessage, FakeSlack, type SlackCall } from '../fakes/slack-api.js';
import { SlackRequests } from '../fakes/slack-requests.js';
import { expectNoSecrets } from '../support/secrets.js';
import { type BatonProcess, slackEnv, spawnBaton, until } from './process.js';

const SECRET = 'window-crash-signing-secret-0123456789';
const TOKEN = 'xoxb-window-crash-test';
const LEADERSHIP = { id: 'C0WINLEAD', name: 'leadership' };
const STAFF = { id: 'C0WINSTAF', name: 'staff' };
const LEAD = { id: 'U0WINLEAD', name: 'alice' };
const PRIYA = { id: 'U0WINPRIY', name: 'priya' };
const CARLOS = { id: 'U0WINCARL', name: 'carlos' };
const PROPOSAL = 'Move the PD day to Friday';
const PROBE_KIND = 'test.probe';

let fake: FakeSlack;
let dir: string;
let file: string;
const started: BatonProcess[] = [];

beforeAll(async () => {
  fake = new FakeSlack(TOKEN);
  await fake.start();
  fake.user({ id: LEAD.id, name: LEAD.name, display_name: 'Alice', tz: 'UTC' });
  fake.user({ id: PRIYA.id, name: PRIYA.name, display_name: 'Priya', tz: 'America/Chicago' });
  fake.user({ id: CARLOS.id, name: CARLOS.name, display_name: 'Carlos', tz: 'Europe/Paris' });
  fake.user({ id: 'UBATONBOT', name: 'baton', is_bot: true });
  fake.channel(LEADERSHIP.id, LEADERSHIP.name, [LEAD.id, PRIYA.id, CARLOS.id, 'UBATONBOT']);
  // The lead is in the staff channel, as `broadcast` requires, and so is Baton.
  fake.channel(STAFF.id, STAFF.name, [LEAD.id, 'UBATONBOT']);
  dir = mkdtempSync(join(tmpdir(), 'baton-window-'));
  file = join(dir, 'baton.db');
});

afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function start(): BatonProcess {
  const p = spawnBaton(slackEnv({ file, apiUrl: fake.url, token: TOKEN, secret: SECRET }));
  started.push(p);
  return p;
}

const textOf = (x: { text?: string; blocks?: unknown[] }) => `${x.text ?? ''}\n${JSON.stringify(x.blocks ?? [])}`;
const keyOf = (m: FakeMessage) => String(m.metadata?.event_payload.key ?? '');
/** What Slack holds from Baton in a channel. */
const held = (channel: string) => (fake.channels.get(channel)?.messages ?? []).filter((m) => m.bot_id);
/** Baton's messages that say D-1 is decided ("Decision D-1" is the header of both announcements). */
const decidedIn = (channel: string) => held(channel).filter((m) => textOf(m).includes('Decision D-1'));
const decidedPostsTo = (channel: string) => fake.posts(channel).filter((c: SlackCall) => textOf(c.args).includes('Decision D-1'));

async function killed(p: BatonProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  expect((await p.exited).signal).toBe('SIGKILL');
  fake.onCall = null;
  // Requests already on the wire land in the fake.
  await new Promise((r) => setTimeout(r, 200));
}

function withDb<T>(f: (db: Database.Database) => T, readonly = true): T {
  const db = new Database(file, { readonly });
  try {
    return f(db);
  } finally {
    db.close();
  }
}

const count = (sql: string, ...args: unknown[]) => withDb((db) => (db.prepare(sql).get(...args) as { n: number }).n);
const outboxBusy = () => count("select count(*) n from outbox where status in ('pending', 'sending')") > 0;

describe('a consent window that ends while Baton is down, and a kill -9 right after it is decided', () => {
  it('D-1 is decided once at start, announced once in the channel and broadcast once to staff', async () => {
    // ——— 1. a proposal under consent ———
    const first = start();
    const slack = new SlackRequests(`http://127.0.0.1:${await first.listening()}/slack/events`, SECRET, { id: 'T0WINDOW1', domain: 'district' });
    const run = async (user: { id: string; name: string }, text: string) => {
      const r = await slack.command({ user, channel: LEADERSHIP, text, responseUrl: fake.responseUrl() });
      expect(r).toEqual({ status: 200, body: '' });
    };
    const inChannel = (what: string) => fake.posts(LEADERSHIP.id).some((c) => textOf(c.args).includes(what));

    await run(LEAD, 'setup District Leadership');
    await until('the team to be set up', () => inChannel('Baton is set up'));
    expect(String(fake.posts(LEADERSHIP.id)[0]!.args.text)).toContain('3 members');
    await run(LEAD, `broadcast <#${STAFF.id}|${STAFF.name}>`);
    await until('the broadcast channel to be set', () => inChannel('decisions are also announced in'));
    await run(LEAD, 'agreements set decide-rule consent 1h');
    await until('the decide-rule to change', () => inChannel('changed the team'));
    await run(PRIYA, `decide ${PROPOSAL} because of the bus strike`);
    await until('proposal D-1 to be posted', () => inChannel('Proposal D-1'));
    const proposal = fake.posts(LEADERSHIP.id).filter((c) => textOf(c.args).includes('Proposal D-1'));
    expect(proposal).toHaveLength(1);
    expect(textOf(proposal[0]!.args)).toContain(PROPOSAL);
    expect(fake.posts(STAFF.id)).toEqual([]);
    await until('the outbox to be empty', () => !outboxBusy());

    // ——— 2. kill -9 while D-1 is open; its window ends while Baton is down ———
    await killed(first);
    const { teamId, jobKey } = withDb((db) => {
      const team = db.prepare('select id from teams').get() as { id: number };
      const d = db.prepare('select status, window_ends_at, created_at from decisions where team_id = ? and seq = 1').get(team.id) as { status: string; window_ends_at: number; created_at: number };
      expect(d.status).toBe('proposed');
      expect(d.window_ends_at - d.created_at).toBe(3_600_000);
      return { teamId: team.id, jobKey: `decision:${team.id}:1:window` };
    });
    const ended = Date.now() - 1000;
    withDb((db) => {
      const job = db.prepare('select kind, status, due_at from jobs where key = ?').get(jobKey) as { kind: string; status: string; due_at: number };
      expect(job).toMatchObject({ kind: 'decision.window', status: 'pending' });
      expect(job.due_at).toBeGreaterThan(Date.now());
      db.prepare('update jobs set due_at = ? where key = ?').run(ended, jobKey);
      db.prepare('update decisions set window_ends_at = ? where team_id = ? and seq = 1').run(ended, teamId);
    }, false);

    // ——— 3. started again: decided at start; kill -9 the moment the broadcast reaches Slack ———
    const second = start();
    fake.onCall = (call) => {
      if (call.method === 'chat.postMessage' && call.args.channel === STAFF.id) second.child.kill('SIGKILL');
    };
    await second.listening();
    await until('the broadcast to reach Slack', () => decidedPostsTo(STAFF.id).length > 0);
    await killed(second);
    // It died before it could record the broadcast as sent.
    expect(count("select count(*) n from outbox where status = 'sending'")).toBeGreaterThan(0);
    expect(count('select count(*) n from decisions where seq = 1 and status = ?', 'decided')).toBe(1);

    // ——— 4. a third start: what was in flight is found, nothing is decided or sent again ———
    // A probe job due just after the window's: once it is done, the start-up tick has been past
    // every job that was due, the window's included (jobs run in due order).
    withDb((db) => {
      db.prepare('insert into jobs (key, kind, due_at, payload, created_at) values (?, ?, ?, ?, ?)').run('test:probe', PROBE_KIND, ended + 1, '{}', Date.now());
    }, false);
    const third = start();
    await third.listening();
    await until('the start-up tick to run the due jobs', () => count("select count(*) n from jobs where key = 'test:probe' and status = 'done'") === 1);
    await until('the outbox to be empty', () => !outboxBusy());
    await until('the announcement to be in the channel', () => decidedIn(LEADERSHIP.id).length > 0);

    // Once in the team's channel, once in the staff channel: as Slack holds them and as posted.
    expect(decidedIn(LEADERSHIP.id)).toHaveLength(1);
    expect(decidedIn(STAFF.id)).toHaveLength(1);
    expect(decidedPostsTo(LEADERSHIP.id)).toHaveLength(1);
    expect(decidedPostsTo(STAFF.id)).toHaveLength(1);
    expect(fake.posts(STAFF.id)).toHaveLength(1);
    const announced = textOf(decidedIn(LEADERSHIP.id)[0]!);
    expect(announced).toContain(PROPOSAL);
    expect(announced).toContain('when its window closed');
    const broadcast = textOf(decidedIn(STAFF.id)[0]!);
    expect(broadcast).toContain(PROPOSAL);
    expect(broadcast).toContain('the bus strike');
    expect(broadcast).not.toContain('proposed by');
    // No message of Baton's is in Slack twice (each carries its outbox key).
    const keys = [...held(LEADERSHIP.id), ...held(STAFF.id)].map(keyOf);
    expect(keys.filter((k) => !k)).toEqual([]);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);

    withDb((db) => {
      const d = db.prepare('select status, decided_at, broadcast_to from decisions where team_id = ? and seq = 1').get(teamId) as { status: string; decided_at: number; broadcast_to: string };
      expect(d).toMatchObject({ status: 'decided', broadcast_to: STAFF.id });
      expect(db.prepare('select count(*) n from decisions').get()).toEqual({ n: 1 });
      // Decided by the window once: one audit entry, the job done once.
      expect(db.prepare("select count(*) n from audit where action = 'decision.decide' and target = 'D-1'").get()).toEqual({ n: 1 });
      expect(db.prepare('select status from jobs where key = ?').all(jobKey)).toEqual([{ status: 'done' }]);
      expect(db.prepare("select count(*) n from outbox where status in ('pending', 'sending', 'failed')").get()).toEqual({ n: 0 });
      expect(db.prepare('pragma integrity_check').get()).toEqual({ integrity_check: 'ok' });
    });

    third.child.kill('SIGTERM');
    expect(await third.exited).toEqual({ code: 0, signal: null });
    for (const p of [first, second, third]) expectNoSecrets(p.stdout() + p.stderr(), [TOKEN, SECRET], 'Baton’s output');
  }, 120_000);
});
