// The hard case of "exactly once": the built app (node dist/src/main.js) sends a check-in to 200
// people over Slack, and is killed with -9 in the middle of the fan-out — some DMs reached Slack,
// some were on the wire, some not yet sent. Started again on the same database, it finishes the
// fan-out, and every member has exactly one check-in message in their DM with Baton.
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/tables.js';
import { FakeSlack } from '../fakes/slack-api.js';
import { SlackRequests } from '../fakes/slack-requests.js';
import { CrashRun, until } from './process.js';

const SECRET = 'crash-test-signing-secret-0123456789';
const TOKEN = 'xoxb-crash-test';
const MEMBERS = 200;
const KILL_AFTER = 80;
const CHANNEL = { id: 'C0CRASH01', name: 'leadership' };
const LEAD = { id: 'U00000000', name: 'lead' };
const ids = Array.from({ length: MEMBERS }, (_, i) => (i === 0 ? LEAD.id : `U${String(i).padStart(8, '0')}`));

let fake: FakeSlack;
let run: CrashRun;

const checkinKey = (m: { metadata?: { event_payload: Record<string, unknown> } }) => String(m.metadata?.event_payload.key ?? '').startsWith('checkin:send:');
/** Check-in messages Slack holds in a member's DM with Baton. */
const held = (id: string) => fake.dm(id).filter(checkinKey);

beforeAll(async () => {
  fake = new FakeSlack(TOKEN);
  await fake.start();
  for (const [i, id] of ids.entries()) fake.user({ id, name: i === 0 ? 'lead' : `member${i}`, display_name: i === 0 ? 'Lead' : `Member ${i}`, tz: ['UTC', 'America/Chicago', 'Asia/Tokyo', 'Europe/Paris'][i % 4] });
  fake.user({ id: 'UBATONBOT', name: 'baton', is_bot: true });
  fake.channel(CHANNEL.id, CHANNEL.name, [...ids, 'UBATONBOT']);
  // Faster than the default 10/s so the test is quick; the fake enforces no limit here.
  run = new CrashRun({ fake, token: TOKEN, secret: SECRET, prefix: 'crash', env: { SLACK_POST_RATE: '50' } });
});

afterAll(async () => {
  await run?.close();
  await fake?.stop();
});

describe('kill -9 in the middle of a check-in fan-out to 200 members', () => {
  it('after a restart, every member has exactly one check-in message', async () => {
    const first = await run.start();
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
    expect(await run.count(outbox, and(like(outbox.key, 'checkin:send:%'), eq(outbox.status, 'sending')))).toBeGreaterThan(0);

    const second = await run.start();
    await until('every member to have a check-in', () => ids.every((id) => held(id).length > 0));
    // Let the restarted process finish everything it has to send.
    await run.outboxEmpty();
    expect(await run.count(outbox, and(like(outbox.key, 'checkin:send:%'), eq(outbox.status, 'sent')))).toBe(MEMBERS);
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
    run.expectNoSecrets();
  }, 120_000);
});
