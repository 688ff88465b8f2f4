// The load scenario: Baton in its own process (tests/bench/serve.ts) over HTTP, a fake Slack in
// this one with a team of N members (the channel's members, looked up with users.info at setup),
// a check-in fan-out to all of them started with `checkin now`, and signed `/baton commit …` /
// `/baton update …` at a steady rate while it runs. Every command carries a unique token, so
// afterwards each acknowledged command can be found among the records — once.
//
// `npm run test:load` runs the full version (500 members, 100/s for 30 s) and prints a summary;
// tests/e2e/load.test.ts runs a short one inside `npm test`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { count as rowCount, eq, like } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { commitments, inbox, updates } from '../../src/db/tables.js';
import { FakeSlack } from '../fakes/slack-api.js';
import { SIGNING_SECRET, signedCommand } from '../bench/floors.js';
import { serve } from '../bench/process.js';
import { openTestDatabase, testDatabaseEnv } from '../support/testdb.js';

const TOKEN = 'xoxb-load-test-token';
const TEAM = 'T0LOAD001';
const CHANNEL = 'C0LOAD001';

export interface LoadScenario {
  members: number;
  /** Commands per second, across all connections. */
  rate: number;
  seconds: number;
  /** Slack's 3 s: a command not answered by then counts as failed. */
  ackTimeoutSec?: number;
}

export interface LoadReport {
  members: number;
  rate: number;
  seconds: number;
  /** Requests sent; answered (the rest were still in flight when the run stopped); answered with an empty 200 (Slack's "got it"). */
  sent: number;
  answered: number;
  acknowledged: number;
  /** A few answers that were not "got it", to show what went wrong. */
  odd: string[];
  /** Answers other than 2xx, connection errors and answers later than the timeout. */
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p90: number; p99: number; max: number };
  /** Acknowledged commands found among the records once / not found / found more than once. */
  recorded: number;
  missing: string[];
  duplicated: string[];
  /** Check-in DMs Slack held when the load stopped, and in the end (each member once). */
  checkinsDuringLoad: number;
  checkinsInTheEnd: number;
  membersWithMoreThanOne: number;
  /** Milliseconds after the load until every acknowledged command was worked through. */
  drainMs: number;
}

const pending = async (q: Db) => (await q.select({ n: rowCount() }).from(inbox).where(eq(inbox.status, 'pending')))[0]?.n ?? 0;

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function runLoad(s: LoadScenario): Promise<LoadReport> {
  const fake = new FakeSlack(TOKEN);
  await fake.start();
  const ids = Array.from({ length: s.members }, (_, i) => `U${String(i).padStart(8, '0')}`);
  const zones = ['UTC', 'America/Chicago', 'Asia/Tokyo', 'Europe/Paris'];
  ids.forEach((id, i) => fake.user({ id, name: `m${i}`, display_name: `Member ${i}`, tz: zones[i % zones.length]! }));
  fake.user({ id: 'UBATONBOT', name: 'baton', is_bot: true });
  // The bot last: setup looks up at most 500 channel members, and they should all be people.
  fake.channel(CHANNEL, 'leadership', [...ids, 'UBATONBOT']);
  const dir = mkdtempSync(join(tmpdir(), 'baton-load-'));
  const file = join(dir, 'baton.db');
  // The engine the tests run on (BATON_TEST_DB): the SQLite file, or the PostgreSQL database standing for it (Baton's own pool size).
  const baton = await serve('baton', { ...(await testDatabaseEnv(file)), PORT: '0', HOST: '127.0.0.1', SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, LOG_LEVEL: 'silent' });
  const url = `${baton.url}/slack/events`;
  const command = (text: string, user = ids[0]!) => signedCommand(text, { team: TEAM, channel: CHANNEL, user, responseUrl: fake.responseUrl() });
  const post = async (text: string) => {
    const c = command(text);
    const r = await fetch(url, { method: 'POST', body: c.body, headers: c.headers });
    return { status: r.status, body: await r.text() };
  };
  const database = openTestDatabase(file);
  try {
    if ((await post('setup District Leadership')).status !== 200) throw new Error('setup was not acknowledged');
    await waitFor('the team to be set up', () => fake.posts(CHANNEL).some((c) => String(c.args.text).includes('Baton is set up')), 60_000);
    const setUp = String(fake.posts(CHANNEL)[0]!.args.text);
    if (!setUp.includes(`${s.members} member`)) throw new Error(`setup did not take every member: ${setUp}`);
    const checkin = await post('checkin now');
    if (checkin.status !== 200 || checkin.body !== '') throw new Error('checkin now was not acknowledged');
    await waitFor('the check-in to start going out', () => ids.some((id) => fake.dm(id).length > 0), 60_000);

    // The load: each request a fresh signed command with its own token, from one of the members.
    const acknowledged = new Set<string>();
    let answered = 0;
    const odd: string[] = [];
    let n = 0;
    const result = await autocannon({
      url,
      connections: 20,
      duration: s.seconds,
      overallRate: s.rate,
      timeout: s.ackTimeoutSec ?? 3,
      requests: [
        {
          method: 'POST',
          setupRequest: (req, context) => {
            const i = n++;
            const token = `ld${i}x`;
            (context as { token?: string }).token = token;
            const text = i % 2 === 0 ? `commit ${token} by next Friday` : `update ${token} progress on the bus contract`;
            const { body, headers } = command(text, ids[i % ids.length]!);
            return { ...req, method: 'POST', body, headers: { ...req.headers, ...headers } };
          },
          onResponse: (status, body, context) => {
            const token = (context as { token?: string }).token;
            answered++;
            if (token && status === 200 && !body) acknowledged.add(token);
            else if (odd.length < 5) odd.push(`${status} ${String(body).slice(0, 200)}`);
          },
        },
      ],
    });
    const checkinsDuringLoad = ids.filter((id) => fake.dm(id).length > 0).length;

    // Everything acknowledged is worked through; then every acknowledged token is looked up.
    const start = performance.now();
    await waitFor('the inbox to be worked through', async () => (await database.store.read(pending)) === 0, 300_000);
    const drainMs = performance.now() - start;
    const found = new Map<string, number>();
    const texts = await database.store.read(async (q) => [
      ...(await q.select({ text: commitments.text }).from(commitments).where(like(commitments.text, 'ld%'))),
      ...(await q.select({ text: updates.text }).from(updates).where(like(updates.text, 'ld%'))),
    ]);
    for (const { text } of texts) {
      const token = text.split(' ')[0]!;
      found.set(token, (found.get(token) ?? 0) + 1);
    }
    const missing = [...acknowledged].filter((t) => !found.has(t));
    const duplicated = [...found.entries()].filter(([, k]) => k > 1).map(([t]) => t);

    // The fan-out finishes (its messages were recorded before the load's, so they go first).
    await waitFor('every member to have a check-in', () => ids.every((id) => fake.dm(id).length > 0), 300_000);
    const checkinsInTheEnd = ids.filter((id) => fake.dm(id).length > 0).length;
    const membersWithMoreThanOne = ids.filter((id) => fake.dm(id).filter((m) => String(m.metadata?.event_payload.key ?? '').startsWith('checkin:send:')).length > 1).length;

    return {
      members: s.members,
      rate: s.rate,
      seconds: s.seconds,
      sent: n,
      answered,
      acknowledged: acknowledged.size,
      odd,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      recorded: acknowledged.size - missing.length,
      missing,
      duplicated,
      checkinsDuringLoad,
      checkinsInTheEnd,
      membersWithMoreThanOne,
      drainMs,
    };
  } finally {
    database.close();
    await baton.stop();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What must hold, whatever the machine: every request answered "got it", each recorded once, one check-in each. */
export function problems(r: LoadReport): string[] {
  const out: string[] = [];
  if (r.errors || r.timeouts || r.non2xx) out.push(`${r.errors} connection errors, ${r.timeouts} answers later than Slack's 3 s, ${r.non2xx} non-2xx answers`);
  if (r.acknowledged !== r.answered) out.push(`${r.answered - r.acknowledged} of ${r.answered} answers were not an empty 200 (${r.odd.join(' | ')})`);
  if (r.answered < r.sent - 25) out.push(`only ${r.answered} of ${r.sent} commands were answered`);
  if (r.missing.length) out.push(`${r.missing.length} acknowledged commands are not recorded (e.g. ${r.missing.slice(0, 3).join(', ')})`);
  if (r.duplicated.length) out.push(`${r.duplicated.length} commands were recorded twice`);
  if (r.checkinsInTheEnd !== r.members || r.membersWithMoreThanOne) out.push(`check-ins: ${r.checkinsInTheEnd} of ${r.members} members got one, ${r.membersWithMoreThanOne} more than one`);
  return out;
}

export function summary(r: LoadReport): string {
  return [
    `Baton under load: signed /baton commit|update at ${r.rate}/s for ${r.seconds} s, while a check-in fans out to ${r.members} members`,
    `  commands sent            ${r.sent} (${r.sent - r.answered} cut off unanswered when autocannon closed its connections at the end)`,
    `  acknowledged (200)       ${r.acknowledged} of ${r.answered} answered   non-2xx ${r.non2xx}, errors ${r.errors}, later than 3 s ${r.timeouts}`,
    `  acknowledgement latency  p50 ${r.latency.p50} ms · p90 ${r.latency.p90} ms · p99 ${r.latency.p99} ms · max ${r.latency.max} ms`,
    `  recorded                 ${r.recorded} of ${r.acknowledged} acknowledged; missing ${r.missing.length}; recorded twice ${r.duplicated.length}`,
    `  worked through           ${(r.drainMs / 1000).toFixed(1)} s after the load stopped`,
    `  check-in DMs             ${r.checkinsDuringLoad} of ${r.members} while under load; ${r.checkinsInTheEnd} in the end; more than one: ${r.membersWithMoreThanOne}`,
  ].join('\n');
}
