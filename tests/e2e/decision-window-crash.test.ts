// A consent window that ends while Baton is down, and a kill -9 right after it is decided. The
// built app (node dist/src/main.js) takes a member's `decide` as proposal D-1 under
// `decide-rule consent 1h` and is killed with -9 while D-1 is open. While it is down the window
// ends (its persisted job and the decision's window_ends_at are moved into the past in the
// database: the app runs on the real clock). Started again, it decides D-1 at start and is killed
// with -9 the moment the staff broadcast reaches Slack, before it knows the post went out.
// Started a third time: D-1 was decided once, announced once in the team's channel and broadcast
// once to the staff channel, and nothing is left in the outbox.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first as firstRow } from '../../src/db/query.js';
import { scheduleJob } from '../../src/db/jobs.js';
import { audit, decisions, jobs, outbox, teams } from '../../src/db/tables.js';
import { type FakeMessage, FakeSlack, type SlackCall } from '../fakes/slack-api.js';
import { SlackRequests } from '../fakes/slack-requests.js';
import { CrashRun, until } from './process.js';

const SECRET = 'window-crash-signing-secret-0123456789';
const TOKEN = 'xoxb-window-crash-test';
const LEADERSHIP = { id: 'C0WINLEAD', name: 'leadership' };
const STAFF = { id: 'C0WINSTAF', name: 'staff' };
const LEAD = { id: 'U0WINLEAD', name: 'alice' };
const PRIYA = { id: 'U0WINPRIY', name: 'priya' };
const CARLOS = { id: 'U0WINCARL', name: 'carlos' };
const PROPOSAL = 'Move the PD day to Friday';
const PROBE_KIND = 'test.probe';

let fake: FakeSlack;
let run: CrashRun;

beforeAll(async () => {
  fake = new FakeSlack(TOKEN);
  await fake.start();
  fake.user({ id: LEAD.id, name: LEAD.name, display_name: 'Alice', tz: 'UTC' });
  fake.user({ id: PRIYA.id, name: PRIYA.name, display_name: 'Priya', tz: 'America/Chicago' });
  fake.user({ id: CARLOS.id, name: CARLOS.name, display_name: 'Carlos', tz: 'Europe/Paris' });
  fake.user({ id: 'UBATONBOT', name: 'baton', is_bot: true });
  fake.channel(LEADERSHIP.id, LEADERSHIP.name, [LEAD.id, PRIYA.id, CARLOS.id, 'UBATONBOT']);
  // The lead is in the staff channel, as `broadcast` requires, and so is Baton.
  fake.channel(STAFF.id, STAFF.name, [LEAD.id, 'UBATONBOT']);
  run = new CrashRun({ fake, token: TOKEN, secret: SECRET, prefix: 'window' });
});

afterAll(async () => {
  await run?.close();
  await fake?.stop();
});

const textOf = (x: { text?: string; blocks?: unknown[] }) => `${x.text ?? ''}\n${JSON.stringify(x.blocks ?? [])}`;
const keyOf = (m: FakeMessage) => String(m.metadata?.event_payload.key ?? '');
/** What Slack holds from Baton in a channel. */
const held = (channel: string) => (fake.channels.get(channel)?.messages ?? []).filter((m) => m.bot_id);
/** Baton's messages that say D-1 is decided ("Decision D-1" is the header of both announcements). */
const decidedIn = (channel: string) => held(channel).filter((m) => textOf(m).includes('Decision D-1'));
const decidedPostsTo = (channel: string) => fake.posts(channel).filter((c: SlackCall) => textOf(c.args).includes('Decision D-1'));

const outboxBusy = async () => (await run.count(outbox, inArray(outbox.status, ['pending', 'sending']))) > 0;

describe('a consent window that ends while Baton is down, and a kill -9 right after it is decided', () => {
  it('D-1 is decided once at start, announced once in the channel and broadcast once to staff', async () => {
    // ——— 1. a proposal under consent ———
    const first = await run.start();
    const slack = new SlackRequests(`http://127.0.0.1:${first.port}/slack/events`, SECRET, { id: 'T0WINDOW1', domain: 'district' });
    const command = async (user: { id: string; name: string }, text: string) => {
      const r = await slack.command({ user, channel: LEADERSHIP, text, responseUrl: fake.responseUrl() });
      expect(r).toEqual({ status: 200, body: '' });
    };
    const inChannel = (what: string) => fake.posts(LEADERSHIP.id).some((c) => textOf(c.args).includes(what));

    await command(LEAD, 'setup District Leadership');
    await until('the team to be set up', () => inChannel('Baton is set up'));
    expect(String(fake.posts(LEADERSHIP.id)[0]!.args.text)).toContain('3 members');
    await command(LEAD, `broadcast <#${STAFF.id}|${STAFF.name}>`);
    await until('the broadcast channel to be set', () => inChannel('decisions are also announced in'));
    await command(LEAD, 'agreements set decide-rule consent 1h');
    await until('the decide-rule to change', () => inChannel('changed the team'));
    await command(PRIYA, `decide ${PROPOSAL} because of the bus strike`);
    await until('proposal D-1 to be posted', () => inChannel('Proposal D-1'));
    const proposal = fake.posts(LEADERSHIP.id).filter((c) => textOf(c.args).includes('Proposal D-1'));
    expect(proposal).toHaveLength(1);
    expect(textOf(proposal[0]!.args)).toContain(PROPOSAL);
    expect(fake.posts(STAFF.id)).toEqual([]);
    await until('the outbox to be empty', async () => !(await outboxBusy()));

    // ——— 2. kill -9 while D-1 is open; its window ends while Baton is down ———
    expect((await run.killed(first)).signal).toBe('SIGKILL');
    const { teamId, jobKey } = await run.read(async (q) => {
      const team = (await firstRow(q.select({ id: teams.id }).from(teams)))!;
      const d = (await firstRow(q.select({ status: decisions.status, windowEndsAt: decisions.windowEndsAt, createdAt: decisions.createdAt }).from(decisions).where(and(eq(decisions.teamId, team.id), eq(decisions.seq, 1)))))!;
      expect(d.status).toBe('proposed');
      expect(d.windowEndsAt! - d.createdAt).toBe(3_600_000);
      return { teamId: team.id, jobKey: `decision:${team.id}:1:window` };
    });
    const ended = Date.now() - 1000;
    await run.write(async (q) => {
      const job = (await firstRow(q.select({ kind: jobs.kind, status: jobs.status, dueAt: jobs.dueAt }).from(jobs).where(eq(jobs.key, jobKey))))!;
      expect(job).toMatchObject({ kind: 'decision.window', status: 'pending' });
      expect(job.dueAt).toBeGreaterThan(Date.now());
      await q.update(jobs).set({ dueAt: ended }).where(eq(jobs.key, jobKey));
      await q.update(decisions).set({ windowEndsAt: ended }).where(and(eq(decisions.teamId, teamId), eq(decisions.seq, 1)));
    });

    // ——— 3. started again: decided at start; kill -9 the moment the broadcast reaches Slack ———
    const second = await run.spawn();
    fake.onCall = (call) => {
      if (call.method === 'chat.postMessage' && call.args.channel === STAFF.id) second.child.kill('SIGKILL');
    };
    await second.listening();
    await until('the broadcast to reach Slack', () => decidedPostsTo(STAFF.id).length > 0);
    expect((await run.killed(second)).signal).toBe('SIGKILL');
    // It died before it could record the broadcast as sent.
    expect(await run.count(outbox, eq(outbox.status, 'sending'))).toBeGreaterThan(0);
    expect(await run.count(decisions, and(eq(decisions.seq, 1), eq(decisions.status, 'decided')))).toBe(1);

    // ——— 4. a third start: what was in flight is found, nothing is decided or sent again ———
    // A probe job due just after the window's: once it is done, the start-up tick has been past
    // every job that was due, the window's included (jobs run in due order).
    expect(await run.write(async (q) => scheduleJob(q, { key: 'test:probe', kind: PROBE_KIND, dueAt: ended + 1, payload: {}, createdAt: Date.now() }))).toBe(true);
    const third = await run.start();
    await until('the start-up tick to run the due jobs', async () => (await run.count(jobs, and(eq(jobs.key, 'test:probe'), eq(jobs.status, 'done')))) === 1);
    await until('the outbox to be empty', async () => !(await outboxBusy()));
    await until('the announcement to be in the channel', () => decidedIn(LEADERSHIP.id).length > 0);

    // Once in the team's channel, once in the staff channel: as Slack holds them and as posted.
    expect(decidedIn(LEADERSHIP.id)).toHaveLength(1);
    expect(decidedIn(STAFF.id)).toHaveLength(1);
    expect(decidedPostsTo(LEADERSHIP.id)).toHaveLength(1);
    expect(decidedPostsTo(STAFF.id)).toHaveLength(1);
    expect(fake.posts(STAFF.id)).toHaveLength(1);
    const announced = textOf(decidedIn(LEADERSHIP.id)[0]!);
    expect(announced).toContain(PROPOSAL);
    expect(announced).toContain('when its window closed');
    const broadcast = textOf(decidedIn(STAFF.id)[0]!);
    expect(broadcast).toContain(PROPOSAL);
    expect(broadcast).toContain('the bus strike');
    expect(broadcast).not.toContain('proposed by');
    // No message of Baton's is in Slack twice (each carries its outbox key).
    const keys = [...held(LEADERSHIP.id), ...held(STAFF.id)].map(keyOf);
    expect(keys.filter((k) => !k)).toEqual([]);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);

    const d = await run.read(async (q) => firstRow(q.select({ status: decisions.status, decidedAt: decisions.decidedAt, broadcastTo: decisions.broadcastTo }).from(decisions).where(and(eq(decisions.teamId, teamId), eq(decisions.seq, 1)))));
    expect(d).toMatchObject({ status: 'decided', broadcastTo: STAFF.id });
    expect(await run.count(decisions)).toBe(1);
    // Decided by the window once: one audit entry, the job done once.
    expect(await run.count(audit, and(eq(audit.action, 'decision.decide'), eq(audit.target, 'D-1')))).toBe(1);
    expect(await run.read(async (q) => q.select({ status: jobs.status }).from(jobs).where(eq(jobs.key, jobKey)))).toEqual([{ status: 'done' }]);
    expect(await run.count(outbox, inArray(outbox.status, ['pending', 'sending', 'failed']))).toBe(0);
    expect(await run.soundness()).toEqual({ integrity: 'ok', foreignKeyViolations: [] });

    third.child.kill('SIGTERM');
    expect(await third.exited).toEqual({ code: 0, signal: null });
    run.expectNoSecrets();
  }, 120_000);
});
