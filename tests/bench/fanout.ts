// Check-in fan-out against a fake Slack that enforces chat.postMessage's limit: the real app
// (src/app.ts startServer, HTTP mode) with a team of N members seeded in its database, a lead's
// signed `/baton checkin now`, and the time until Slack holds every member's check-in DM.
//
// The fake enforces a workspace-wide rate R as a token bucket (burst: one second's worth) and
// answers 429 with Retry-After beyond it, as Slack does. The floor is N ÷ R: no sender can do
// better on average. The figure is (time from the command to the last DM) ÷ that floor.
//
// With `nudges`, every member also has a "due tomorrow" nudge due the same minute (seeded as the
// planner keys it, due a moment after start; the scheduler's tick runs them as the command arrives): twice the messages, so the
// floor is 2N ÷ R, and the figure is the time until Slack holds both for every member.
//
// With `during`, members also record `/baton update …` every `everyMs` while the fan-out runs:
// the time from each command to its post in the team's channel (what the person waits for).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { saveWorkweek } from '../../src/db/calendar.js';
import { openDatabase } from '../../src/db/client.js';
import { insertMember } from '../../src/db/members.js';
import { insertTeam } from '../../src/db/teams.js';
import { ensureWorkspace } from '../../src/db/workspaces.js';
import { FakeSlack } from '../fakes/slack-api.js';
import { seedDueNudges } from '../support/nudges.js';
import { SlackRequests } from '../fakes/slack-requests.js';

const SECRET = 'bench-fanout-signing-secret';
const TOKEN = 'xoxb-bench-fanout';
const CHANNEL = { id: 'C0BENCH01', name: 'leadership' };
const silent = { debug() {}, info() {}, warn() {}, error() {} };

export interface FanoutResult {
  members: number;
  /** The rate the fake Slack enforces (chat.postMessage per second, workspace-wide). */
  enforced: number;
  /** The rate Baton was told (SLACK_POST_RATE). */
  declared: number;
  seconds: number;
  floorSeconds: number;
  ratio: number;
  /** 429s the fake answered. */
  refused: number;
  /** Nudges due the same minute as the check-in, one per member. */
  nudges?: boolean;
  /** Members' updates recorded during the fan-out: command → its post in the channel (ms). */
  during?: { commands: number; p50: number; p95: number; max: number };
}

/** A step that never ends is a defect to report, not a wait. */
async function within<T>(ms: number, what: string, step: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`fan-out: waited ${ms / 1000} s for ${what}`)), ms);
  });
  try {
    return await Promise.race([step, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `declared` unset: Baton's default SLACK_POST_RATE. */
export async function benchFanout(o: { members: number; enforced: number; declared?: number; during?: { everyMs: number }; nudges?: boolean }): Promise<FanoutResult> {
  const step = (what: string) => process.env.BENCH_VERBOSE && process.stderr.write(`  fan-out ${o.members}: ${what}\n`);
  const fake = new FakeSlack(TOKEN);
  await fake.start();
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-fanout-'));
  const ids = Array.from({ length: o.members }, (_, i) => `U${String(i).padStart(8, '0')}`);
  const zones = ['UTC', 'America/Chicago', 'Asia/Tokyo', 'Europe/Paris'];
  ids.forEach((id, i) => fake.user({ id, name: `m${i}`, display_name: `Member ${i}`, tz: zones[i % zones.length]! }));
  fake.channel(CHANNEL.id, CHANNEL.name, ids);

  // The team, seeded: setup through Slack reads at most 500 channel members.
  step('seeding');
  const file = join(dir, 'baton.db');
  const seed = openDatabase(file);
  const now = Date.now();
  const ws = await ensureWorkspace(seed.db, 'slack', 'T0001', now);
  const team = await insertTeam(seed.db, { workspaceId: ws.id, channelId: CHANNEL.id, name: 'Bench District', createdAt: now, createdBy: ids[0]!, agreements: {} });
  seed.sqlite.transaction(() => {
    ids.forEach((id, i) => insertMember(seed.db, { teamId: team.id, userId: id, name: `Member ${i}`, tz: zones[i % zones.length]!, roles: i === 0 ? ['lead'] : [], joinedAt: now }));
  })();
  // Due shortly after start, so the start-up tick leaves them to the tick beside the command.
  const nudgesDueAt = Date.now() + 5_000;
  if (o.nudges) {
    // Nudges wait for each owner's next working day: on a Friday evening (UTC) the Tokyo quarter is
    // already in its weekend and the run would wait until Monday. Every day is a working day here.
    await saveWorkweek(seed.db, { teamId: team.id, workweek: '1,2,3,4,5,6,7', updatedAt: now, updatedBy: null });
    seedDueNudges(seed.sqlite, team.id, Date.now(), { dueAt: nudgesDueAt });
  }
  seed.close();

  step('starting Baton');
  const loaded = loadConfig({
    BATON_DB: file,
    PORT: '0',
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    ...(o.declared !== undefined ? { SLACK_POST_RATE: String(o.declared) } : {}),
    LOG_LEVEL: 'error',
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const app = await within(60_000, 'Baton to start', startServer(loaded.config, { log: silent }));
  try {
    const slack = new SlackRequests(`http://127.0.0.1:${app.port}/slack/events`, SECRET, { id: 'T0001', domain: 'bench' });
    fake.limit('chat.postMessage', { perSecond: o.enforced, burst: o.enforced });
    if (o.nudges) await new Promise((r) => setTimeout(r, Math.max(0, nudgesDueAt - Date.now())));
    step('checkin now');
    const start = performance.now();
    const ticked = o.nudges ? app.ticker.tick() : Promise.resolve();
    await within(10_000, '`checkin now` to be acknowledged', slack.command({ user: { id: ids[0]!, name: 'm0' }, channel: CHANNEL, text: 'checkin now', responseUrl: fake.responseUrl() }));
    const keyOf = (m: { metadata?: { event_payload: Record<string, unknown> } }) => String(m.metadata?.event_payload.key ?? '');
    const checkins = (id: string) => fake.dm(id).filter((m) => keyOf(m).startsWith('checkin:send:')).length;
    const nudges = (id: string) => fake.dm(id).filter((m) => keyOf(m).startsWith('nudge:')).length;
    const done = o.nudges ? () => ids.every((id) => checkins(id) > 0 && nudges(id) > 0) : () => ids.every((id) => fake.dm(id).length > 0);
    const sentAt: number[] = [];
    const latencies: number[] = [];
    const channel = fake.channels.get(CHANNEL.id)!;
    let read = 0;
    let next = start + (o.during?.everyMs ?? 0);
    // A run that never finishes is a defect to report, not a wait: ten times the floor, plus a minute.
    const giveUpAt = start + (10 * (o.nudges ? 2 : 1) * o.members * 1000) / o.enforced + 60_000;
    while (!done()) {
      await new Promise((r) => setTimeout(r, 5));
      if (performance.now() > giveUpAt) {
        const missing = ids.filter((id) => (o.nudges ? checkins(id) === 0 || nudges(id) === 0 : fake.dm(id).length === 0));
        throw new Error(`fan-out of ${o.members} did not finish: ${missing.length} members without their messages (first: ${missing.slice(0, 3).join(', ')})`);
      }
      if (o.during && performance.now() >= next && sentAt.length < o.members - 1) {
        next += o.during.everyMs;
        const n = sentAt.length;
        sentAt.push(performance.now());
        const member = ids[1 + n]!;
        void slack.command({ user: { id: member, name: `m${1 + n}` }, channel: CHANNEL, text: `update Bench note ${n} is done`, responseUrl: fake.responseUrl() });
      }
      for (; read < channel.messages.length; read++) {
        const m = /Bench note (\d+) is done/.exec(JSON.stringify(channel.messages[read]));
        if (m) latencies[Number(m[1])] = performance.now() - sentAt[Number(m[1])]!;
      }
    }
    step('all sent');
    const seconds = (performance.now() - start) / 1000;
    await ticked;
    if (o.during) {
      // Commands sent near the end: their posts may come after the last DM.
      const until = performance.now() + 5_000;
      while (latencies.filter((x) => x !== undefined).length < sentAt.length && performance.now() < until) {
        await new Promise((r) => setTimeout(r, 5));
        for (; read < channel.messages.length; read++) {
          const m = /Bench note (\d+) is done/.exec(JSON.stringify(channel.messages[read]));
          if (m) latencies[Number(m[1])] = performance.now() - sentAt[Number(m[1])]!;
        }
      }
    }
    const floorSeconds = (o.nudges ? 2 : 1) * o.members / o.enforced;
    const exact = o.nudges ? ids.every((id) => checkins(id) === 1 && nudges(id) === 1) : ids.every((id) => fake.dm(id).length === 1);
    if (!exact) throw new Error(o.nudges ? 'a member got more than one check-in or nudge' : 'a member got more than one check-in');
    const result: FanoutResult = { members: o.members, enforced: o.enforced, declared: loaded.config.SLACK_POST_RATE, seconds, floorSeconds, ratio: seconds / floorSeconds, refused: fake.limited.get('chat.postMessage') ?? 0, ...(o.nudges ? { nudges: true } : {}) };
    if (o.during) {
      // A post that never came counts as the longest wait.
      const waits = sentAt.map((_, i) => latencies[i] ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
      const at = (q: number) => waits[Math.min(waits.length - 1, Math.floor(q * waits.length))]!;
      result.during = { commands: waits.length, p50: at(0.5), p95: at(0.95), max: waits.at(-1)! };
    }
    return result;
  } finally {
    await app.stop();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run on its own: npx tsx tests/bench/fanout.ts [members] [enforced] [declared] [a member's update every N ms | nudges]
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [members = '2000', enforced = '100', declared = enforced, extra] = process.argv.slice(2);
  const more = extra === 'nudges' ? { nudges: true } : extra ? { during: { everyMs: Number(extra) } } : {};
  console.log(await benchFanout({ members: Number(members), enforced: Number(enforced), declared: Number(declared), ...more }));
}
