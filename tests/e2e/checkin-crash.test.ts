// The hard case of "exactly once": the built app (node dist/src/main.js) sends a check-in to 200
// people over Slack, and is killed with -9 in the middle of the fan-out — some DMs reached Slack,
// some were on the wire, some not yet sent. Started again on the same database, it finishes the
// fan-out, and every member has exactly one check-in message in their DM with Baton.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack-api.js';
import { SlackRequests } from '../fakes/slack-requests.js';
import { expectNoSecrets } from '../support/secrets.js';

const root = join(import.meta.dirname, '..', '..');
const MAIN = join(root, 'dist/src/main.js');
const SECRET = 'crash-test-signing-secret-0123456789';
const TOKEN = 'xoxb-crash-test';
const MEMBERS = 200;
const KILL_AFTER = 80;
const CHANNEL = { id: 'C0CRASH01', name: 'leadership' };
const LEAD = { id: 'U00000000', name: 'lead' };
const ids = Array.from({ length: MEMBERS }, (_, i) => (i === 0 ? LEAD.id : `U${String(i).padStart(8, '0')}`));

let fake: FakeSlack;
let dir: string;
const children: ChildProcess[] = [];
/** Everything each process printed, scanned for secrets at the end. */
const printed: { out: string; err: string }[] = [];

/** Starts the built app against the fake Slack; resolves with its HTTP port once it listens. */
function startBaton(): Promise<{ child: ChildProcess; port: number; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      BATON_DB: join(dir, 'baton.db'),
      PORT: '0',
      HOST: '127.0.0.1',
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
      // Faster than the default 10/s so the test is quick; the fake enforces no limit here.
      SLACK_POST_RATE: '50',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const p = { out: '', err: '' };
    printed.push(p);
    child.stderr!.on('data', (b: Buffer) => (p.err += b.toString()));
    child.stdout!.on('data', (b: Buffer) => {
      p.out += b.toString();
      const m = /"port":(\d+)[^\n]*"msg":"Baton is listening"/.exec(p.out);
      if (m) resolve({ child, port: Number(m[1]), exited });
    });
    child.once('exit', (code) => reject(new Error(`Baton exited (${code}) before listening:\n${p.err}${p.out}`)));
  });
}

/** Waits (bounded) for a condition the child process brings about on its own time. */
async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const checkinKey = (m: { metadata?: { event_payload: Record<string, unknown> } }) => String(m.metadata?.event_payload.key ?? '').startsWith('checkin:send:');
/** Check-in messages Slack holds in a member's DM with Baton. */
const held = (id: string) => fake.dm(id).filter(checkinKey);

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error('dist/src/main.js is missing: run `npm run build` (npm test does it first)');
  fake = new FakeSlack(TOKEN);
  await fake.start();
  for (const [i, id] of ids.entries()) fake.user({ id, name: i === 0 ? 'lead' : `member${i}`, display_name: i === 0 ? 'Lead' : `Member ${i}`, tz: ['UTC', 'America/Chicago', 'Asia/Tokyo', 'Europe/Paris'][i % 4] });
  fake.user({ id: 'UBATONBOT', name: 'baton', is_bot: true });
  fake.channel(CHANNEL.id, CHANNEL.name, [...ids, 'UBATONBOT']);
  dir = mkdtempSync(join(tmpdir(), 'baton-crash-'));
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 in the middle of a check-in fan-out to 200 members', () => {
  it('after a restart, every member has exactly one check-in message', async () => {
    const first = await startBaton();
    const slack = new SlackRequests(`http://127.0.0.1:${first.port}/slack/events`, SECRET, { id: 'T0001', domain: 'fake-district' });
    await slack.command({ user: LEAD, channel: CHANNEL, text: 'setup District Leadership', responseUrl: fake.responseUrl() });
    await until('the team to be set up', () => fake.posts(CHANNEL.id).some((c) => String(c.args.text).includes('Baton is set up')));
    expect(String(fake.posts(CHANNEL.id)[0]!.args.text)).toContain(`${MEMBERS} members`);

    // Kill -9 the moment Slack has received the 80th check-in DM (others may be on the wire).
    let received = 0;
    fake.onCall = (call) => {
      if (call.method === 'chat.postMessage' && String(call.args.metadata?.event_payload?.key ?? '').startsWith('checkin:send:') && ++received === KILL_AFTER) {
        first.child.kill('SIGKILL');
      }
    };
    await slack.command({ user: LEAD, channel: CHANNEL, text: 'checkin now', responseUrl: fake.responseUrl() });
    await first.exited;
    fake.onCall = null;
    // Give requests that were already on the wire the moment to land in the fake.
    await new Promise((r) => setTimeout(r, 200));
    const before = ids.filter((id) => held(id).length > 0).length;
    expect(before).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(before).toBeLessThan(MEMBERS);

    // The 80th DM reached Slack after the process died: Baton never learnt it was sent.
    const db0 = new Database(join(dir, 'baton.db'), { readonly: true });
    const inFlight = db0.prepare("select count(*) as n from outbox where key like 'checkin:send:%' and status = 'sending'").get() as { n: number };
    db0.close();
    expect(inFlight.n).toBeGreaterThan(0);

    const second = await startBaton();
    await until('every member to have a check-in', () => ids.every((id) => held(id).length > 0));
    // Let the restarted process finish everything it has to send.
    const db = new Database(join(dir, 'baton.db'), { readonly: true });
    try {
      await until('the outbox to be empty', () => (db.prepare("select count(*) as n from outbox where status in ('pending', 'sending')").get() as { n: number }).n === 0);
      expect(db.prepare("select count(*) as n from outbox where key like 'checkin:send:%' and status = 'sent'").get()).toEqual({ n: MEMBERS });
    } finally {
      db.close();
    }
    second.child.kill('SIGTERM');
    await second.exited;

    const counts = ids.map((id) => held(id).length);
    expect(counts.filter((n) => n !== 1)).toEqual([]);
    // And Slack was asked to post each of them once: the ones that landed before the kill were
    // found again (conversations.history / conversations.open), not re-sent.
    const posted = new Map<string, number>();
    for (const c of fake.to('chat.postMessage')) if (String(c.args.metadata?.event_payload?.key ?? '').startsWith('checkin:send:')) posted.set(c.args.channel, (posted.get(c.args.channel) ?? 0) + 1);
    expect([...posted.values()].filter((n) => n !== 1)).toEqual([]);
    expect(posted.size).toBe(MEMBERS);
    expect(fake.to('conversations.open').length).toBeGreaterThan(0);
    for (const p of printed) expectNoSecrets(p.out + p.err, [TOKEN, SECRET], 'Baton’s output');
  }, 120_000);
});
