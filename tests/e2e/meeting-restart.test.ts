// A restart, not a crash, while the meeting's agenda is due: the built app (node
// dist/src/main.js) is stopped with SIGTERM — as a deploy or a service manager stops it — the
// moment Slack receives the agenda post, and started again on the same database. The channel has
// the agenda once: what the stopping process had sent is recorded or found by its key, and the
// timer is not fired again. (tests/e2e/meeting-crash.test.ts does the same with kill -9.)
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
const LEAD = { id: 'U00000000', name: 'lead' };
const MARIA = { id: 'U0MARIA01', name: 'maria' };

let fake: FakeSlack;
let run: CrashRun;

const agendaKey = (m: { metadata?: { event_payload: Record<string, unknown> } }) => String(m.metadata?.event_payload.key ?? '').startsWith('meeting:agenda:');

beforeAll(async () => {
  fake = new FakeSlack(TOKEN);
  await fake.start();
  fake.user({ id: LEAD.id, name: 'lead', display_name: 'Lead', tz: 'UTC' });
  fake.user({ id: MARIA.id, name: 'maria', display_name: 'Maria', tz: 'America/Chicago' });
  fake.user({ id: 'UBATONBOT', name: 'baton', is_bot: true });
  fake.channel(CHANNEL.id, CHANNEL.name, [LEAD.id, MARIA.id, 'UBATONBOT']);
  // Faster than the default 10/s so the test is quick; the fake enforces no limit here.
  run = new CrashRun({ fake, token: TOKEN, secret: SECRET, prefix: 'meeting-restart', env: { SLACK_POST_RATE: '50' } });
});

afterAll(async () => {
  await run?.close();
  await fake?.stop();
});

describe('a restart (SIGTERM) while the agenda is being posted', () => {
  it('after a restart, the channel has the agenda once', async () => {
    const first = await run.start();
    const slack = new SlackRequests(`http://127.0.0.1:${first.port}/slack/events`, SECRET, { id: 'T0001', domain: 'fake-district' });
    await slack.command({ user: LEAD, channel: CHANNEL, text: 'setup District Leadership', responseUrl: fake.responseUrl() });
    await until('the team to be set up', () => fake.posts(CHANNEL.id).some((c) => String(c.args.text).includes('Baton is set up')));
    await slack.command({ user: MARIA, channel: CHANNEL, text: 'agenda add Bus contract: who signs?', responseUrl: fake.responseUrl() });
    await until('the item to be posted', () => fake.posts(CHANNEL.id).some((c) => String(c.args.text).includes('A-1 on the agenda')));

    // It runs on the machine's own clock: a seven-day week, so three hours from now is a working
    // day whatever day the test runs (a weekend meeting is rightly skipped).
    await slack.command({ user: LEAD, channel: CHANNEL, text: 'calendar workweek mon-sun', responseUrl: fake.responseUrl() });
    await until('the work week to be set', () => fake.posts(CHANNEL.id).some((c) => String(c.args.text).includes('The work week is now')));

    // A meeting three hours from now: its agenda (24 h before) is due at once.
    let killed = false;
    fake.onCall = (call) => {
      if (!killed && call.method === 'chat.postMessage' && agendaKey({ metadata: call.args.metadata })) {
        killed = true;
        first.child.kill('SIGTERM');
      }
    };
    const at = DateTime.utc().plus({ hours: 3 });
    await slack.command({ user: LEAD, channel: CHANNEL, text: `meeting schedule ${at.toFormat('cccc').toLowerCase()} ${at.toFormat('HH:mm')}`, responseUrl: fake.responseUrl() });
    await first.exited;
    fake.onCall = null;
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.channels.get(CHANNEL.id)!.messages.filter(agendaKey)).toHaveLength(1);

    const second = await run.start();
    // The restarted process has every chance to post it again: its first tick and the outbox's recovery.
    await run.outboxEmpty();
    expect(await run.count(jobs, and(eq(jobs.kind, 'meeting.agenda'), eq(jobs.status, 'done')))).toBe(1);
    await new Promise((r) => setTimeout(r, 1_000));
    second.child.kill('SIGTERM');
    await second.exited;
    const held = fake.channels.get(CHANNEL.id)!.messages.filter(agendaKey);
    expect(held).toHaveLength(1);
    expect(JSON.stringify(held[0])).toContain('Bus contract: who signs?');
    expect(fake.to('chat.postMessage').filter((c) => agendaKey({ metadata: c.args.metadata }))).toHaveLength(1);
    run.expectNoSecrets();
  }, 150_000);
});
