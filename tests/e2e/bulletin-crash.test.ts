// "Exactly once" for the staff bulletin: the built app (node dist/src/main.js) is killed with -9
// the moment Slack receives the bulletin it was due to post in the staff channel. Started again
// on the same database, it does not post it again: the post is found in the channel by its key,
// and the timer that made it was completed in the same transaction as the post was queued.
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../src/db/tables.js';
import { FakeSlack } from '../fakes/slack-api.js';
import { SlackRequests } from '../fakes/slack-requests.js';
import { CrashRun, until } from './process.js';

const SECRET = 'crash-test-signing-secret-0123456789';
const TOKEN = 'xoxb-crash-test';
const CHANNEL = { id: 'C0CRASH01', name: 'leadership' };
const STAFF = { id: 'C0STAFF01', name: 'staff-announcements' };
const LEAD = { id: 'U00000000', name: 'lead' };
const MARIA = { id: 'U0MARIA01', name: 'maria' };

let fake: FakeSlack;
let run: CrashRun;

const bulletinKey = (m: { metadata?: { event_payload: Record<string, unknown> } }) => String(m.metadata?.event_payload.key ?? '').startsWith('bulletin:');

beforeAll(async () => {
  fake = new FakeSlack(TOKEN);
  await fake.start();
  fake.user({ id: LEAD.id, name: 'lead', display_name: 'Lead', tz: 'UTC' });
  fake.user({ id: MARIA.id, name: 'maria', display_name: 'Maria', tz: 'America/Chicago' });
  fake.user({ id: 'UBATONBOT', name: 'baton', is_bot: true });
  fake.channel(CHANNEL.id, CHANNEL.name, [LEAD.id, MARIA.id, 'UBATONBOT']);
  fake.channel(STAFF.id, STAFF.name, [LEAD.id, 'UBATONBOT']);
  // Faster than the default 10/s so the test is quick; the fake enforces no limit here.
  run = new CrashRun({ fake, token: TOKEN, secret: SECRET, prefix: 'bulletin-crash', env: { SLACK_POST_RATE: '50' } });
});

afterAll(async () => {
  await run?.close();
  await fake?.stop();
});

describe('kill -9 while the staff bulletin is being posted', () => {
  it('after a restart, the staff channel has the bulletin once', async () => {
    const first = await run.start();
    const slack = new SlackRequests(`http://127.0.0.1:${first.port}/slack/events`, SECRET, { id: 'T0001', domain: 'fake-district' });
    const say = async (text: string, expect: string) => {
      await slack.command({ user: LEAD, channel: CHANNEL, text, responseUrl: fake.responseUrl() });
      await until(`"${text}" to be answered`, () => fake.calls.some((c) => JSON.stringify(c.args).includes(expect)) || fake.responses.some((r) => JSON.stringify(r.body).includes(expect)));
    };
    await say('setup District Leadership', 'Baton is set up');
    // It runs on the machine's own clock: a seven-day week, so the bulletin's day is a working day
    // whatever day the test runs (a day off would rightly move it).
    await say('calendar workweek mon-sun', 'The work week is now');
    await say(`broadcast <#${STAFF.id}|${STAFF.name}>`, 'also announced in');
    await say('broadcast each off', 'no longer announced one by one');
    await say(`decide Start school at 8:30 owner <@${MARIA.id}|maria>`, 'Decision D-1');

    // The bulletin at the start of a minute one to two minutes ahead: the ticker runs each minute.
    let killed = false;
    fake.onCall = (call) => {
      if (!killed && call.method === 'chat.postMessage' && bulletinKey({ metadata: call.args.metadata })) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    };
    const at = DateTime.utc().plus({ seconds: 60 }).startOf('minute').plus({ minutes: 1 });
    await say(`broadcast bulletin ${at.toFormat('cccc').toLowerCase()} ${at.toFormat('HH:mm')}`, 'Staff bulletin: ');
    await first.exited;
    fake.onCall = null;
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.channels.get(STAFF.id)!.messages.filter(bulletinKey)).toHaveLength(1);

    const second = await run.start();
    // The restarted process has every chance to post it again: its first tick and the outbox's recovery.
    await run.outboxEmpty();
    expect(await run.count(jobs, and(eq(jobs.kind, 'broadcast.bulletin'), eq(jobs.status, 'done')))).toBe(1);
    await new Promise((r) => setTimeout(r, 1_000));
    second.child.kill('SIGTERM');
    await second.exited;
    const held = fake.channels.get(STAFF.id)!.messages.filter(bulletinKey);
    expect(held).toHaveLength(1);
    expect(JSON.stringify(held[0])).toContain('Start school at 8:30');
    expect(JSON.stringify(held[0])).toContain(`<@${MARIA.id}>`);
    expect(fake.to('chat.postMessage').filter((c) => bulletinKey({ metadata: c.args.metadata }))).toHaveLength(1);
    run.expectNoSecrets();
  }, 240_000);
});
