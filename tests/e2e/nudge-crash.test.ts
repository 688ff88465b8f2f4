// "Exactly once" for nudges: the built app (node dist/src/main.js) starts with a "due tomorrow"
// nudge due this minute for each of 200 members, is killed with -9 in the middle of the fan-out
// (some DMs reached Slack, some were on the wire, some not yet sent), and is started again on the
// same database: every member ends with exactly one nudge in their DM with Baton, and Slack was
// asked to post each once.
import { and, asc, eq, like } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { saveWorkweek } from '../../src/db/calendar.js';
import { insertCommitment } from '../../src/db/commitments.js';
import { scheduleJob } from '../../src/db/jobs.js';
import { insertMember } from '../../src/db/members.js';
import { members, jobs, outbox } from '../../src/db/tables.js';
import { insertTeam, nextSeq } from '../../src/db/teams.js';
import { ensureWorkspace } from '../../src/db/workspaces.js';
import { FakeSlack } from '../fakes/slack-api.js';
import { type BatonProcess, CrashRun, until } from './process.js';

const SECRET = 'nudge-crash-signing-secret-0123456789';
const TOKEN = 'xoxb-nudge-crash-test';
const MEMBERS = 200;
const KILL_AFTER = 80;
const CHANNEL = { id: 'C0NUDGE01', name: 'leadership' };
const ZONES = ['UTC', 'America/Chicago', 'Asia/Tokyo', 'Europe/Paris'];
const ids = Array.from({ length: MEMBERS }, (_, i) => `U${String(i).padStart(8, '0')}`);

let fake: FakeSlack;
let run: CrashRun;

const isNudge = (m: { metadata?: { event_payload: Record<string, unknown> } }) => String(m.metadata?.event_payload.key ?? '').startsWith('nudge:C:');
const held = (id: string) => fake.dm(id).filter(isNudge);

beforeAll(async () => {
  fake = new FakeSlack(TOKEN);
  await fake.start();
  ids.forEach((id, i) => fake.user({ id, name: `member${i}`, display_name: `Member ${i}`, tz: ZONES[i % ZONES.length] }));
  fake.user({ id: 'UBATONBOT', name: 'baton', is_bot: true });
  fake.channel(CHANNEL.id, CHANNEL.name, [...ids, 'UBATONBOT']);
  run = new CrashRun({ fake, token: TOKEN, secret: SECRET, prefix: 'nudge-crash', env: { SLACK_POST_RATE: '50' } });
  // The team, its members and their due nudges, written before Baton starts.
  const now = Date.now();
  const seeded = await run.write(async (q) => {
    const ws = await ensureWorkspace(q, 'slack', 'T0001', now);
    const team = await insertTeam(q, { workspaceId: ws.id, channelId: CHANNEL.id, name: 'District Leadership', createdAt: now, createdBy: ids[0]!, agreements: {} });
    for (const [i, id] of ids.entries()) await insertMember(q, { teamId: team.id, userId: id, name: `Member ${i}`, tz: ZONES[i % ZONES.length]!, roles: i === 0 ? ['lead'] : [], joinedAt: now });
    // It runs on the machine's own clock: every day a working day, so what it checks does not
    // depend on the weekday it runs (a member's Saturday would rightly hold their nudge).
    await saveWorkweek(q, { teamId: team.id, workweek: '1,2,3,4,5,6,7', updatedAt: now, updatedBy: null });
    return seedDueNudges(q, team.id, now);
  });
  expect(seeded).toBe(MEMBERS);
});

/**
 * Nudges due this very minute for every member (tests/support/nudges.ts's, through drizzle on the
 * engine in use): each member's commitment due tomorrow in their zone, and the timer of its "due
 * tomorrow" nudge as the planner (src/core/records/nudges.ts) keys it, due now — a moment the real
 * clock does not reach by itself (08:30 local).
 */
async function seedDueNudges(q: Db, teamId: number, now: number): Promise<number> {
  const active = await q.select({ id: members.id, tz: members.tz }).from(members).where(and(eq(members.teamId, teamId), eq(members.status, 'active'))).orderBy(asc(members.id));
  for (const m of active) {
    const tz = m.tz ?? 'UTC';
    const today = DateTime.fromMillis(now, { zone: tz });
    const due = today.plus({ days: 1 });
    const dueDate = due.toISODate()!;
    const day = today.toISODate()!;
    const seq = await nextSeq(q, teamId, 'C');
    const c = await insertCommitment(q, { teamId, seq, text: `Send the bus plan ${seq}`, ownerId: m.id, dueDate, dueTz: tz, dueAt: due.endOf('day').toMillis(), createdBy: m.id, createdAt: now - 86_400_000, platform: 'slack' });
    await scheduleJob(q, { key: `nudge:C:${c.id}:before:${dueDate}:${day}`, kind: 'nudge', dueAt: now, payload: { teamId, r: 'C', id: c.id, kind: 'before', due: dueDate, day }, createdAt: now });
  }
  return active.length;
}

afterAll(async () => {
  await run?.close();
  await fake?.stop();
});

describe('kill -9 in the middle of a nudge fan-out to 200 members', () => {
  it('after a restart, every member has exactly one nudge', async () => {
    // Kill -9 the moment Slack has received the 80th nudge (others may be on the wire).
    let received = 0;
    let first: BatonProcess | null = null;
    fake.onCall = (call) => {
      if (call.method === 'chat.postMessage' && String(call.args.metadata?.event_payload?.key ?? '').startsWith('nudge:C:') && ++received === KILL_AFTER) first?.child.kill('SIGKILL');
    };
    first = await run.spawn();
    await first.exited;
    fake.onCall = null;
    await new Promise((r) => setTimeout(r, 200));
    const before = ids.filter((id) => held(id).length > 0).length;
    expect(before).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(before).toBeLessThan(MEMBERS);

    const second = await run.spawn();
    await until('every member to have a nudge', () => ids.every((id) => held(id).length > 0));
    await run.outboxEmpty();
    expect(await run.count(outbox, and(like(outbox.key, 'nudge:C:%'), eq(outbox.status, 'sent')))).toBe(MEMBERS);
    expect(await run.count(jobs, and(eq(jobs.kind, 'nudge'), like(jobs.key, '%:before:%'), eq(jobs.status, 'done')))).toBe(MEMBERS);
    second.child.kill('SIGTERM');
    await second.exited;

    expect(ids.map((id) => held(id).length).filter((n) => n !== 1)).toEqual([]);
    const posted = new Map<string, number>();
    for (const c of fake.to('chat.postMessage')) if (String(c.args.metadata?.event_payload?.key ?? '').startsWith('nudge:C:')) posted.set(c.args.channel, (posted.get(c.args.channel) ?? 0) + 1);
    expect([...posted.values()].filter((n) => n !== 1)).toEqual([]);
    expect(posted.size).toBe(MEMBERS);
    run.expectNoSecrets();
  }, 120_000);
});
