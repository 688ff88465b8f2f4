// "Exactly once" for nudges: the built app (node dist/src/main.js) starts with a "due tomorrow"
// nudge due this minute for each of 200 members, is killed with -9 in the middle of the fan-out
// (some DMs reached Slack, some were on the wire, some not yet sent), and is started again on the
// same database: every member ends with exactly one nudge in their DM with Baton, and Slack was
// asked to post each once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { insertMember } from '../../src/db/members.js';
import { insertTeam } from '../../src/db/teams.js';
import { ensureWorkspace } from '../../src/db/workspaces.js';
import { FakeSlack } from '../fakes/slack-api.js';
import { saveWorkweek } from '../../src/db/calendar.js';
import { seedDueNudges } from '../support/nudges.js';
import { expectNoSecrets } from '../support/secrets.js';
import { type BatonProcess, slackEnv, spawnBaton, until } from './process.js';

const SECRET = 'nudge-crash-signing-secret-0123456789';
const TOKEN = 'xoxb-nudge-crash-test';
const MEMBERS = 200;
const KILL_AFTER = 80;
const CHANNEL = { id: 'C0NUDGE01', name: 'leadership' };
const ZONES = ['UTC', 'America/Chicago', 'Asia/Tokyo', 'Europe/Paris'];
const ids = Array.from({ length: MEMBERS }, (_, i) => `U${String(i).padStart(8, '0')}`);

let fake: FakeSlack;
let dir: string;
const started: BatonProcess[] = [];

const isNudge = (m: { metadata?: { event_payload: Record<string, unknown> } }) => String(m.metadata?.event_payload.key ?? '').startsWith('nudge:C:');
const held = (id: string) => fake.dm(id).filter(isNudge);

beforeAll(async () => {
  fake = new FakeSlack(TOKEN);
  await fake.start();
  ids.forEach((id, i) => fake.user({ id, name: `member${i}`, display_name: `Member ${i}`, tz: ZONES[i % ZONES.length] }));
  fake.user({ id: 'UBATONBOT', name: 'baton', is_bot: true });
  fake.channel(CHANNEL.id, CHANNEL.name, [...ids, 'UBATONBOT']);
  dir = mkdtempSync(join(tmpdir(), 'baton-nudge-crash-'));
  // The team, its members and their due nudges, written before Baton starts.
  const seed = openDatabase(join(dir, 'baton.db'));
  const now = Date.now();
  const ws = await ensureWorkspace(seed.db, 'slack', 'T0001', now);
  const team = await insertTeam(seed.db, { workspaceId: ws.id, channelId: CHANNEL.id, name: 'District Leadership', createdAt: now, createdBy: ids[0]!, agreements: {} });
  seed.sqlite.transaction(() => {
    ids.forEach((id, i) => void insertMember(seed.db, { teamId: team.id, userId: id, name: `Member ${i}`, tz: ZONES[i % ZONES.length]!, roles: i === 0 ? ['lead'] : [], joinedAt: now }));
  })();
  // It runs on the machine's own clock: every day a working day, so what it checks does not
  // depend on the weekday it runs (a member's Saturday would rightly hold their nudge).
  await saveWorkweek(seed.db, { teamId: team.id, workweek: '1,2,3,4,5,6,7', updatedAt: now, updatedBy: null });
  expect(seedDueNudges(seed.sqlite, team.id, now)).toBe(MEMBERS);
  seed.close();
});

afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 in the middle of a nudge fan-out to 200 members', () => {
  it('after a restart, every member has exactly one nudge', async () => {
    const env = slackEnv({ file: join(dir, 'baton.db'), apiUrl: fake.url, token: TOKEN, secret: SECRET }, { SLACK_POST_RATE: '50' });
    // Kill -9 the moment Slack has received the 80th nudge (others may be on the wire).
    let received = 0;
    let first: BatonProcess | null = null;
    fake.onCall = (call) => {
      if (call.method === 'chat.postMessage' && String(call.args.metadata?.event_payload?.key ?? '').startsWith('nudge:C:') && ++received === KILL_AFTER) first?.child.kill('SIGKILL');
    };
    first = spawnBaton(env);
    started.push(first);
    await first.exited;
    fake.onCall = null;
    await new Promise((r) => setTimeout(r, 200));
    const before = ids.filter((id) => held(id).length > 0).length;
    expect(before).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(before).toBeLessThan(MEMBERS);

    const second = spawnBaton(env);
    started.push(second);
    await until('every member to have a nudge', () => ids.every((id) => held(id).length > 0));
    const db = new Database(join(dir, 'baton.db'), { readonly: true });
    try {
      await until('the outbox to be empty', () => (db.prepare("select count(*) as n from outbox where status in ('pending', 'sending')").get() as { n: number }).n === 0);
      expect(db.prepare("select count(*) as n from outbox where key like 'nudge:C:%' and status = 'sent'").get()).toEqual({ n: MEMBERS });
      expect(db.prepare("select count(*) as n from jobs where kind = 'nudge' and key like '%:before:%' and status = 'done'").get()).toEqual({ n: MEMBERS });
    } finally {
      db.close();
    }
    second.child.kill('SIGTERM');
    await second.exited;

    expect(ids.map((id) => held(id).length).filter((n) => n !== 1)).toEqual([]);
    const posted = new Map<string, number>();
    for (const c of fake.to('chat.postMessage')) if (String(c.args.metadata?.event_payload?.key ?? '').startsWith('nudge:C:')) posted.set(c.args.channel, (posted.get(c.args.channel) ?? 0) + 1);
    expect([...posted.values()].filter((n) => n !== 1)).toEqual([]);
    expect(posted.size).toBe(MEMBERS);
    for (const p of started) expectNoSecrets(p.stdout() + p.stderr(), [TOKEN, SECRET], 'Baton’s output');
  }, 120_000);
});
