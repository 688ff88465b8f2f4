// "Exactly once" for the recap owner's draft: the built app (node dist/src/main.js) is killed
// with -9 the moment Slack receives the draft it was due to send when a meeting ended. Started
// again on the same database, it does not send it again: the DM is found by its key, and the
// meeting's end timer was completed in the same transaction as the draft was queued.
//
// A meeting lasts at least 5 minutes and is scheduled ahead of the clock, and the process runs on
// the machine's clock: so the test schedules one, stops Baton, and moves that meeting (and its
// end timer) into the past in the database, as if Baton had been down through it.
import { and, eq, isNotNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs, meetings } from '../../src/db/tables.js';
import { FakeSlack } from '../fakes/slack-api.js';
import { SlackRequests } from '../fakes/slack-requests.js';
import { type BatonProcess, CrashRun, until } from './process.js';

const SECRET = 'recap-crash-signing-secret-0123456789';
const TOKEN = 'xoxb-recap-crash';
const CHANNEL = { id: 'C0CRASH02', name: 'leadership' };
const LEAD = { id: 'U00000000', name: 'lead' };
const MARIA = { id: 'U0MARIA01', name: 'maria' };

let fake: FakeSlack;
let run: CrashRun;

const draftKey = (m: { metadata?: { event_payload: Record<string, unknown> } }) => String(m.metadata?.event_payload.key ?? '').startsWith('meeting:recap:');

beforeAll(async () => {
  fake = new FakeSlack(TOKEN);
  await fake.start();
  fake.user({ id: LEAD.id, name: 'lead', display_name: 'Lead', tz: 'UTC' });
  fake.user({ id: MARIA.id, name: 'maria', display_name: 'Maria', tz: 'America/Chicago' });
  fake.user({ id: 'UBATONBOT', name: 'baton', is_bot: true });
  fake.channel(CHANNEL.id, CHANNEL.name, [LEAD.id, MARIA.id, 'UBATONBOT']);
  run = new CrashRun({ fake, token: TOKEN, secret: SECRET, prefix: 'recap-crash', env: { SLACK_POST_RATE: '50' } });
});

afterAll(async () => {
  await run?.close();
  await fake?.stop();
});

describe('kill -9 while the recap draft is being sent', () => {
  it('after a restart, the recap owner has the draft once', async () => {
    const first = await run.start();
    const slack = new SlackRequests(`http://127.0.0.1:${first.port}/slack/events`, SECRET, { id: 'T0001', domain: 'fake-district' });
    const said = (text: string) => () => fake.posts(CHANNEL.id).some((c) => String(c.args.text).includes(text));
    await slack.command({ user: LEAD, channel: CHANNEL, text: 'setup District Leadership', responseUrl: fake.responseUrl() });
    await until('the team to be set up', said('Baton is set up'));
    // A seven-day week: the meeting is on a working day whatever day the test runs.
    await slack.command({ user: LEAD, channel: CHANNEL, text: 'calendar workweek mon-sun', responseUrl: fake.responseUrl() });
    await until('the work week to be set', said('The work week is now'));
    await slack.command({ user: LEAD, channel: CHANNEL, text: `role <@${MARIA.id}|maria> recap`, responseUrl: fake.responseUrl() });
    await until('the recap owner to be named', said('is now the recap owner'));
    await slack.command({ user: MARIA, channel: CHANNEL, text: 'agenda add Bus contract: who signs?', responseUrl: fake.responseUrl() });
    await until('the item to be posted', said('A-1 on the agenda'));
    const at = DateTime.utc().plus({ hours: 3 });
    await slack.command({ user: LEAD, channel: CHANNEL, text: `meeting schedule ${at.toFormat('cccc').toLowerCase()} ${at.toFormat('HH:mm')}`, responseUrl: fake.responseUrl() });
    await until('the agenda to be posted', said('Agenda: District Leadership'));
    first.child.kill('SIGTERM');
    await first.exited;

    // Baton was down through the meeting: it ended an hour ago, and its end timer is due.
    const now = Date.now();
    const moved = await run.write(async (q) => ({
      meetings: (await q.update(meetings).set({ startsAt: now - 2 * 3_600_000, endsAt: now - 3_600_000 }).where(eq(meetings.status, 'scheduled')).returning({ id: meetings.id })).length,
      timers: (await q.update(jobs).set({ dueAt: now - 3_600_000 }).where(and(eq(jobs.kind, 'meeting.end'), eq(jobs.status, 'pending'))).returning({ id: jobs.id })).length,
    }));
    expect(moved).toEqual({ meetings: 1, timers: 1 });

    let killed = false;
    let second: BatonProcess | null = null;
    fake.onCall = (call) => {
      if (!killed && call.method === 'chat.postMessage' && draftKey({ metadata: call.args.metadata })) {
        killed = true;
        second?.child.kill('SIGKILL');
      }
    };
    // Started on its own: the draft may go out before it says it listens.
    second = await run.spawn();
    await second.exited;
    fake.onCall = null;
    expect(killed).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.dm(MARIA.id).filter(draftKey)).toHaveLength(1);

    const third = await run.start();
    await run.outboxEmpty();
    expect(await run.count(meetings, isNotNull(meetings.recapDraftSentAt))).toBe(1);
    await new Promise((r) => setTimeout(r, 1_000));
    third.child.kill('SIGTERM');
    await third.exited;
    const held = fake.dm(MARIA.id).filter(draftKey);
    expect(held).toHaveLength(1);
    expect(JSON.stringify(held[0])).toContain('Bus contract: who signs?');
    expect(fake.to('chat.postMessage').filter((c) => draftKey({ metadata: c.args.metadata }))).toHaveLength(1);
    expect(fake.dm(LEAD.id).filter(draftKey)).toEqual([]);
    run.expectNoSecrets();
  }, 120_000);
});
