// The built app when its storage fails: a read-only database, a full disk. It says what is
// wrong in one clear line, exits with code 1 — no stack trace, no crash loop, nothing written
// half — and started again against the same condition, it fails the same clean way. Once the
// condition is fixed, every command Slack was told was accepted is recorded.
//
// A full disk is the process's file size limit (ulimit -f: writes past it fail with EFBIG, as
// they would with ENOSPC). A read-only database is a file Baton's user may not write (when the
// tests run as root, Baton runs as `nobody` so that file permissions hold).
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack-api.js';
import { SlackRequests } from '../fakes/slack-requests.js';
import { expectNoSecrets } from '../support/secrets.js';
import { TEST_ENGINE } from '../support/testdb.js';
import { type BatonProcess, STACK_LINE, slackEnv, spawnBaton, until } from './process.js';

const SECRET = 'storage-exit-signing-secret-0123456789';
const TOKEN = 'xoxb-storage-exit-test';
const CHANNEL = { id: 'C0STORE01', name: 'leadership' };
const LEAD = { id: 'U0LEAD001', name: 'lead' };
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

let fake: FakeSlack;
let dir: string;
const running: BatonProcess[] = [];

beforeAll(async () => {
  fake = new FakeSlack(TOKEN);
  await fake.start();
  fake.user({ id: LEAD.id, name: 'lead', display_name: 'Lead', tz: 'UTC' });
  fake.channel(CHANNEL.id, CHANNEL.name, [LEAD.id]);
});
afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await fake?.stop();
});
afterEach(() => {
  if (dir) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

async function start(file: string, o: Parameters<typeof spawnBaton>[1] = {}): Promise<BatonProcess> {
  const p = spawnBaton(await slackEnv({ file, apiUrl: fake.url, token: TOKEN, secret: SECRET }), o);
  running.push(p);
  return p;
}

/** What a clean stop for a storage failure looks like, whatever the moment it happened. */
function expectCleanExit(p: BatonProcess, exit: { code: number | null; signal: string | null }, message: RegExp): void {
  expect(exit, p.stderr()).toEqual({ code: 1, signal: null });
  expect(p.stderr()).toMatch(message);
  expect(p.stderr()).not.toMatch(STACK_LINE);
  expect(p.stdout()).not.toMatch(STACK_LINE);
  expectNoSecrets(p.stdout() + p.stderr(), [TOKEN, SECRET], 'Baton’s output');
}

const integrity = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check;
  } finally {
    db.close();
  }
};

/** Starts Baton normally once, sets the team up, and stops it: a database with a team in it. */
async function prepared(): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'baton-storage-'));
  const file = join(dir, 'baton.db');
  const first = await start(file);
  const port = await first.listening();
  const slack = new SlackRequests(`http://127.0.0.1:${port}/slack/events`, SECRET, { id: 'T0001', domain: 'district' });
  await slack.command({ user: LEAD, channel: CHANNEL, text: 'setup Leadership', responseUrl: fake.responseUrl() });
  await until('the team to be set up', () => fake.posts(CHANNEL.id).some((c) => String(c.args.text).includes('Baton is set up')));
  first.child.kill('SIGTERM');
  expect(await first.exited).toEqual({ code: 0, signal: null });
  return file;
}

// SQLite's own failures: its file and directory, its WAL, a full disk under ulimit. On PostgreSQL
// (BATON_TEST_DB=pg) a database that takes no more writes stopping Baton in one clear line (exit 1,
// no stack trace), and a lost connection retried without losing an accepted command, are
// tests/e2e/pg-storage.test.ts's, against a real server.
describe.skipIf(TEST_ENGINE === 'postgres')('a read-only database', () => {
  it('Baton exits at once with a message that names BATON_DB; started again, the same', async () => {
    const file = await prepared();
    // Nothing Baton's user may write: not the file, not its directory (the WAL lives there).
    if (asRoot) for (const f of [dir, file]) chownSync(f, 0, 0);
    for (const f of [file]) chmodSync(f, 0o444);
    chmodSync(dir, 0o555);
    const as = asRoot ? { uid: NOBODY, gid: NOBODY } : {};
    for (let attempt = 0; attempt < 2; attempt++) {
      const p = await start(file, as);
      const exit = await p.exited;
      expectCleanExit(p, exit, /BATON_DB|can no longer be written/);
      expect(p.stderr()).toMatch(/readonly|read-only|permission|unable to open/i);
    }
    expect(integrity(file)).toBe('ok');
  });
});

describe.skipIf(TEST_ENGINE === 'postgres')('a full disk', () => {
  it('Baton stops cleanly while writing; started again on the full disk, it stops the same way; with room again, every accepted command is recorded', async () => {
    const file = await prepared();
    // Room for a few dozen more commands in the database and its WAL, not more (512-byte blocks).
    const blocks = Math.ceil(statSync(file).size / 512) + 200;
    const full = { before: `ulimit -f ${blocks}` };
    const accepted: string[] = [];
    const refused: string[] = [];

    const send = async (p: BatonProcess, slack: SlackRequests, upTo: number) => {
      for (let i = 0; i < upTo && p.child.exitCode === null; i++) {
        const token = `tok${accepted.length + refused.length}x`;
        try {
          const r = await slack.command({ user: LEAD, channel: CHANNEL, text: `update ${token} ${'x'.repeat(1900)}`, responseUrl: fake.responseUrl() });
          // An empty 200 is Slack's "got it": the command was written down.
          if (r.status === 200 && r.body === '') accepted.push(token);
          else refused.push(token);
        } catch {
          refused.push(token); // the process was already gone
        }
      }
    };

    const p1 = await start(file, full);
    const port1 = await p1.listening();
    await send(p1, new SlackRequests(`http://127.0.0.1:${port1}/slack/events`, SECRET, { id: 'T0001', domain: 'district' }), 400);
    const exit1 = await p1.exited;
    expectCleanExit(p1, exit1, /Baton stopped: the database can no longer be written \(SQLITE_(FULL|IOERR)[A-Z_]*\)\. Free disk space/);
    expect(accepted.length).toBeGreaterThan(0);
    expect(integrity(file)).toBe('ok');

    // Started again with the disk still full: it may listen for a moment, and stops at its first write.
    const p2 = await start(file, full);
    const port2 = await p2.listening().catch(() => null);
    if (port2) await send(p2, new SlackRequests(`http://127.0.0.1:${port2}/slack/events`, SECRET, { id: 'T0001', domain: 'district' }), 50);
    const exit2 = await p2.exited;
    expectCleanExit(p2, exit2, /Baton stopped: the database can no longer be written|BATON_DB/);
    expect(integrity(file)).toBe('ok');

    // Room again: what was accepted before the failure is worked through, and nothing is half.
    const p3 = await start(file);
    await p3.listening();
    const db = new Database(file, { readonly: true });
    try {
      await until('the inbox to be worked through', () => (db.prepare("select count(*) n from inbox where status = 'pending'").get() as { n: number }).n === 0);
      const texts = (db.prepare('select text from updates').all() as { text: string }[]).map((r) => r.text.split(' ')[0]);
      const missing = accepted.filter((t) => !texts.includes(t));
      expect(missing, `accepted but not recorded (of ${accepted.length})`).toEqual([]);
      // Each recorded update was announced with it (same transaction): none without the other.
      const announced = (db.prepare("select count(*) n from outbox where message like '%U-%'").get() as { n: number }).n;
      expect(announced).toBe(texts.length);
      expect(db.prepare('pragma foreign_key_check').all()).toEqual([]);
    } finally {
      db.close();
    }
    p3.child.kill('SIGTERM');
    expect(await p3.exited, p3.stderr() + p3.stdout().slice(-3000)).toEqual({ code: 0, signal: null });
    expect(integrity(file)).toBe('ok');
  }, 120_000);
});
