// Two Baton processes on one PostgreSQL, as one Baton behind a load balancer (issue 19, shared/
// SCALE.md): signed Slack commands sent to both alternately at 100/s while a check-in fans out to
// 500 members, and the instance sending the workspace's messages killed with SIGKILL mid-run.
// Then:
//   - every command Slack was told was accepted (an empty 200) is recorded, and none twice;
//   - every member holds exactly one check-in, and no message is in Slack twice (by the outbox
//     key each post carries in its metadata);
//   - the workspace's posts never went above SLACK_POST_RATE: the fake enforces it as Slack does
//     (a token bucket, the rate plus the quarter-second burst Baton's pacing allows) and answered
//     no 429 — two instances sending for one workspace at once would have doubled the rate;
//   - the survivor takes the dead instance's workspace over within one lease period.
// Several instances exist only on PostgreSQL: the test runs its own server whichever engine the
// rest of the suite is on (BATON_TEST_DB), so both legs, and a plain `npm test`, cover it.
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_LEASE_MS } from '../../src/scheduler/outbox.js';
import { FakeSlack, type FakeMessage } from '../fakes/slack-api.js';
import { SlackRequests } from '../fakes/slack-requests.js';
import { type TestPostgres, startPostgres } from '../support/postgres.js';
import { expectNoSecrets } from '../support/secrets.js';
import { type BatonProcess, slackEnv, spawnBaton, until } from './process.js';

const SECRET = 'two-instances-signing-secret-0123456789';
const TOKEN = 'xoxb-two-instances-test';
const MEMBERS = 500;
const RATE = 100;
/** Commands per second across both instances, and for how long. */
const COMMANDS_PER_SECOND = 100;
const SECONDS = 8;
const CHANNEL = { id: 'C0TWOINST', name: 'leadership' };
const TEAM = { id: 'T0TWOINST', domain: 'district' };
const ids = Array.from({ length: MEMBERS }, (_, i) => `U${String(i).padStart(8, '0')}`);
const LEAD = { id: ids[0]!, name: 'lead' };

let postgres: TestPostgres;
let fake: FakeSlack;
const started: BatonProcess[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
  fake = new FakeSlack(TOKEN);
  await fake.start();
  for (const [i, id] of ids.entries()) fake.user({ id, name: `member${i}`, display_name: i === 0 ? 'Lead' : `Member ${i}`, tz: ['UTC', 'America/Chicago', 'Asia/Tokyo'][i % 3] });
  fake.user({ id: 'UBATONBOT', name: 'baton', is_bot: true });
  // The bot last: setup looks up at most 500 channel members, and they should all be people.
  fake.channel(CHANNEL.id, CHANNEL.name, [...ids, 'UBATONBOT']);
}, 120_000);
afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await fake?.stop();
  await postgres?.stop();
});

/** A port nobody listens on now: each instance needs its own (host and port name an instance). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const keyOf = (m: FakeMessage) => String(m.metadata?.event_payload.key ?? '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two instances on one PostgreSQL, one killed mid-run', () => {
  it('records every accepted command once, sends every check-in once, keeps the pace, and the survivor takes over within one lease period', async () => {
    const url = await postgres.freshDatabase();
    const db = new pg.Client({ connectionString: url });
    const start = async () => {
      const port = await freePort();
      const p = spawnBaton(await slackEnv({ databaseUrl: url, apiUrl: fake.url, token: TOKEN, secret: SECRET }, { BATON_PG_POOL: '10', PORT: String(port), SLACK_POST_RATE: String(RATE) }));
      started.push(p);
      return { p, port: await p.listening() };
    };
    // One after the other, so the second finds the schema migrated (starting together is covered by tests/db/pg-store.test.ts).
    const a = await start();
    const b = await start();
    await db.connect();
    try {
      const count = async (q: string) => Number((await db.query<{ n: string }>(q)).rows[0]!.n);
      const instances = [a, b].map((x) => ({ ...x, slack: new SlackRequests(`http://127.0.0.1:${x.port}/slack/events`, SECRET, TEAM) }));
      const alive = (x: { p: BatonProcess }) => x.p.child.exitCode === null && x.p.child.signalCode === null;

      await instances[0]!.slack.command({ user: LEAD, channel: CHANNEL, text: 'setup District Leadership', responseUrl: fake.responseUrl() });
      await until('the team to be set up', () => fake.posts(CHANNEL.id).some((c) => String(c.args.text).includes('Baton is set up')), 120_000);
      // From here Slack's limit holds: a workspace posting faster than Baton's pacing allows gets a 429.
      fake.limit('chat.postMessage', { perSecond: RATE, burst: Math.ceil(RATE / 4) + 5 });
      const postTimes: number[] = [];
      fake.onCall = (call) => {
        if (call.method === 'chat.postMessage') postTimes.push(performance.now());
      };

      const checkin = await instances[1]!.slack.command({ user: LEAD, channel: CHANNEL, text: 'checkin now', responseUrl: fake.responseUrl() });
      expect(checkin).toEqual({ status: 200, body: '' });
      const checkinsHeld = () => ids.filter((id) => fake.dm(id).some((m) => keyOf(m).startsWith('checkin:send:'))).length;
      await until('the check-in to start going out', () => checkinsHeld() >= 50, 120_000);

      // The load: a command every 10 ms, to the two instances in turn; the sender is killed a third of the way in.
      const accepted: string[] = [];
      const inFlight: Promise<void>[] = [];
      let killedAt = 0;
      let checkinsAtKill = 0;
      let victim: (typeof instances)[number] | undefined;
      const total = COMMANDS_PER_SECOND * SECONDS;
      const began = performance.now();
      for (let i = 0; i < total; i++) {
        if (i === Math.floor(total / 3)) {
          const holder = (await db.query<{ owner: string }>('select owner from workspace_leases')).rows[0]?.owner ?? '';
          victim = instances.find((x) => holder.endsWith(`:${x.port}`));
          expect(victim, `the workspace's sender (${holder}) is one of the two`).toBeDefined();
          victim!.p.child.kill('SIGKILL');
          killedAt = performance.now();
          checkinsAtKill = checkinsHeld();
        }
        // A load balancer stops sending to an instance whose health check fails.
        const target = instances.filter(alive)[i % instances.filter(alive).length]!;
        const token = `tw${i}x`;
        const text = i % 2 === 0 ? `commit ${token} by next Friday` : `update ${token} progress on the bus contract`;
        const user = { id: ids[i % MEMBERS]!, name: `member${i % MEMBERS}` };
        inFlight.push(
          target.slack
            .command({ user, channel: CHANNEL, text, responseUrl: fake.responseUrl() })
            .then((r) => {
              if (r.status === 200 && r.body === '') accepted.push(token);
            })
            .catch(() => undefined), // the process is gone
        );
        const next = began + ((i + 1) * 1000) / COMMANDS_PER_SECOND;
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
      }
      await Promise.all(inFlight);
      expect((await victim!.p.exited).signal).toBe('SIGKILL');
      const survivor = instances.find(alive)!;
      expect(checkinsHeld(), 'the check-in was still going out when the sender died').toBeLessThan(MEMBERS);

      // The survivor takes the workspace over: its first post comes within one lease period (and a pass).
      // (Posts the dead instance had on the wire land within a few milliseconds of the kill.)
      await until('a post after the kill', () => postTimes.some((t) => t > killedAt + 500), WORKSPACE_LEASE_MS + 30_000);
      const firstAfterKill = postTimes.find((t) => t > killedAt + 500)!;
      expect(firstAfterKill - killedAt).toBeLessThan(WORKSPACE_LEASE_MS + 5_000);
      expect((await db.query<{ owner: string }>('select owner from workspace_leases')).rows[0]!.owner.endsWith(`:${survivor.port}`)).toBe(true);

      // Everything settles: what the dead instance had taken is taken over once its leases run out
      // (requests: 60 s; a message it was sending: 150 s, then looked for in Slack before any resend).
      await until(
        'the inbox and the outbox to be empty',
        async () => (await count("select count(*) n from inbox where status = 'pending'")) === 0 && (await count("select count(*) n from outbox where status in ('pending', 'sending')")) === 0,
        240_000,
      );
      expect(await count("select count(*) n from inbox where status = 'failed'")).toBe(0);
      expect(await count("select count(*) n from outbox where status = 'failed'")).toBe(0);

      // Every accepted command recorded, and no command recorded twice.
      const texts = (await db.query<{ text: string }>("select text from commitments where text like 'tw%' union all select text from updates where text like 'tw%'")).rows.map((r) => r.text);
      const times = new Map<string, number>();
      for (const t of texts) times.set(t.split(' ')[0]!, (times.get(t.split(' ')[0]!) ?? 0) + 1);
      expect(accepted.length, 'most commands were accepted').toBeGreaterThan(total / 2);
      expect(accepted.filter((t) => times.get(t) !== 1)).toEqual([]);
      expect([...times.entries()].filter(([, n]) => n > 1)).toEqual([]);

      // Nothing in Slack twice; every member holds exactly one check-in.
      const held = [...fake.channels.entries()].filter(([id]) => id === CHANNEL.id || id.startsWith('DU')).flatMap(([, c]) => c.messages.filter((m) => m.bot_id));
      const byKey = new Map<string, number>();
      for (const m of held) byKey.set(keyOf(m), (byKey.get(keyOf(m)) ?? 0) + 1);
      expect([...byKey.entries()].filter(([k, n]) => !k || n > 1)).toEqual([]);
      const checkins = ids.map((id) => fake.dm(id).filter((m) => keyOf(m).startsWith('checkin:send:')).length);
      expect(checkins.filter((n) => n !== 1)).toEqual([]);

      // The workspace's pace: Slack never had to say "too fast".
      expect(fake.limited.get('chat.postMessage') ?? 0).toBe(0);
      let busiest = 0;
      for (let i = 0, j = 0; i < postTimes.length; i++) {
        while (postTimes[i]! - postTimes[j]! >= 1_000) j++;
        busiest = Math.max(busiest, i - j + 1);
      }
      console.log(
        `two instances: ${accepted.length} of ${total} commands accepted (each recorded once), ${MEMBERS} check-ins sent once each, ` +
          `sender killed with ${checkinsAtKill} check-ins out, survivor's first post ${Math.round(firstAfterKill - killedAt)} ms after the kill, ` +
          `busiest second ${busiest} posts (SLACK_POST_RATE ${RATE}), no 429`,
      );

      survivor.p.child.kill('SIGTERM');
      expect(await survivor.p.exited).toEqual({ code: 0, signal: null });
      for (const x of instances) expectNoSecrets(x.p.stdout() + x.p.stderr(), [TOKEN, SECRET, url], 'Baton’s output');
    } finally {
      await db.end();
    }
  }, 420_000);
});
