// kill -9 at a random point — while commands are being written and worked through, while a
// check-in fans out — then a restart on the same database. For several seeds (each seed fixes
// the commands, who sends them, when the check-in starts and the moment of the kill):
//   - the database is sound (SQLite: integrity_check and foreign_key_check; PostgreSQL: amcheck);
//   - every command Slack was told was accepted (an empty 200) is recorded, and none twice;
//   - no message is in Slack twice (by the outbox key each post carries in its metadata), and
//     every member holds at most one check-in — exactly one when the check-in was accepted;
//   - nothing Baton printed carries a token or the signing secret.
import { and, eq, inArray, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonText } from '../../src/db/dialect.js';
import { blockers, commitments, inbox, outbox, updates } from '../../src/db/tables.js';
import { FakeSlack, type FakeMessage } from '../fakes/slack-api.js';
import { SlackRequests } from '../fakes/slack-requests.js';
import { CrashRun, alive, seeded, until } from './process.js';

const SECRET = 'kill-nine-signing-secret-0123456789';
const TOKEN = 'xoxb-kill-nine-test';
const MEMBERS = 40;
const COMMANDS = 60;
const SEEDS = [1, 7, 42, 2026];
const CHANNEL = { id: 'C0KILL001', name: 'leadership' };
const ids = Array.from({ length: MEMBERS }, (_, i) => `U${String(i).padStart(8, '0')}`);
const LEAD = { id: ids[0]!, name: 'lead' };

let fake: FakeSlack;
const runs: CrashRun[] = [];

beforeAll(async () => {
  fake = new FakeSlack(TOKEN);
  await fake.start();
  for (const [i, id] of ids.entries()) fake.user({ id, name: `member${i}`, display_name: i === 0 ? 'Lead' : `Member ${i}`, tz: ['UTC', 'America/Chicago', 'Asia/Tokyo'][i % 3] });
  fake.user({ id: 'UBATONBOT', name: 'baton', is_bot: true });
});
afterAll(async () => {
  for (const run of runs) await run.close();
  await fake?.stop();
});

const keyOf = (m: FakeMessage) => String(m.metadata?.event_payload.key ?? '');

/** One seed's plan: the commands in order, when the check-in starts, and when to kill. */
function plan(seed: number) {
  const rnd = seeded(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const commands = Array.from({ length: COMMANDS }, (_, i) => {
    const token = `k${seed}n${i}z`;
    const who = rnd() < 0.5 ? 0 : 1 + Math.floor(rnd() * (MEMBERS - 1));
    const text = pick([`commit ${token} by Friday`, `update ${token}`, `commit ${token}`, `blocker ${token}`]);
    return { token, user: { id: ids[who]!, name: `member${who}` }, text };
  });
  const checkinAt = Math.floor(rnd() * (COMMANDS / 2));
  // Kill either after the n-th command Slack saw accepted, or after the n-th message Baton posted.
  const kill = rnd() < 0.5 ? { after: 'accepted' as const, n: 5 + Math.floor(rnd() * (COMMANDS - 10)) } : { after: 'posted' as const, n: 5 + Math.floor(rnd() * (MEMBERS + COMMANDS / 2)) };
  return { commands, checkinAt, kill };
}

describe('kill -9 at a random point, then a restart', () => {
  it.each(SEEDS)('seed %i: nothing accepted is lost, nothing is recorded or sent twice, the database is sound', async (seed) => {
    const { commands, checkinAt, kill } = plan(seed);
    const run = new CrashRun({ fake, token: TOKEN, secret: SECRET, prefix: 'kill', env: { SLACK_POST_RATE: '200' } });
    runs.push(run);
    const channel = `C0K${seed}`.padEnd(9, '0').slice(0, 9);
    fake.channel(channel, CHANNEL.name, [...ids, 'UBATONBOT']);
    // Each member's DM with Baton is fresh for this seed.
    for (const id of ids) fake.channels.delete(`D${id}`);
    const first = await run.start();
    const slack = new SlackRequests(`http://127.0.0.1:${first.port}/slack/events`, SECRET, { id: `T${seed}`, domain: 'district' });
    await slack.command({ user: LEAD, channel: { id: channel, name: CHANNEL.name }, text: 'setup District Leadership', responseUrl: fake.responseUrl() });
    await until('the team to be set up', () => fake.posts(channel).some((c) => String(c.args.text).includes('Baton is set up')));

    const accepted: string[] = [];
    let checkinAccepted = false;
    let posted = 0;
    fake.onCall = (call) => {
      if (call.method === 'chat.postMessage' && ++posted === kill.n && kill.after === 'posted') first.child.kill('SIGKILL');
    };
    const send = async (user: { id: string; name: string }, text: string): Promise<boolean> => {
      try {
        const r = await slack.command({ user, channel: { id: channel, name: CHANNEL.name }, text, responseUrl: fake.responseUrl() });
        return r.status === 200 && r.body === '';
      } catch {
        return false; // the process is gone
      }
    };
    // Four at a time, so that some are always waiting in the inbox while others are worked.
    for (let i = 0; i < commands.length; i += 4) {
      if (!alive(first)) break;
      if (i <= checkinAt && checkinAt < i + 4) checkinAccepted = await send(LEAD, 'checkin now');
      await Promise.all(
        commands.slice(i, i + 4).map(async (c) => {
          if (!(await send(c.user, c.text))) return;
          accepted.push(c.token);
          if (kill.after === 'accepted' && accepted.length === kill.n) first.child.kill('SIGKILL');
        }),
      );
    }
    // Requests already on the wire land in the fake.
    expect((await run.killed(first, 100)).signal).toBe('SIGKILL');

    // Restart: it works through what was accepted and sends what is due, once.
    const second = await run.start();
    const again = new SlackRequests(`http://127.0.0.1:${second.port}/slack/events`, SECRET, { id: `T${seed}`, domain: 'district' });
    const after = `k${seed}after`;
    const latest = await again.command({ user: LEAD, channel: { id: channel, name: CHANNEL.name }, text: `update ${after}`, responseUrl: fake.responseUrl() });
    expect(latest).toEqual({ status: 200, body: '' });
    await until('the inbox and the outbox to be empty', async () => (await run.count(inbox, eq(inbox.status, 'pending'))) === 0 && (await run.count(outbox, inArray(outbox.status, ['pending', 'sending']))) === 0);
    expect(await run.count(inbox, eq(inbox.status, 'failed'))).toBe(0);
    expect(await run.count(outbox, eq(outbox.status, 'failed'))).toBe(0);

    // Every accepted command recorded, and no command recorded twice.
    const texts = await run.read(async (q) => [...(await q.select({ text: commitments.text }).from(commitments)), ...(await q.select({ text: updates.text }).from(updates)), ...(await q.select({ text: blockers.text }).from(blockers))].map((r) => r.text));
    const times = (token: string) => texts.filter((t) => t.split(/\s+/).includes(token)).length;
    expect(accepted.filter((t) => times(t) !== 1), `accepted: ${accepted.length}, killed after ${kill.n} ${kill.after}`).toEqual([]);
    expect(commands.filter((c) => times(c.token) > 1)).toEqual([]);
    expect(times(after)).toBe(1);
    expect(accepted.length).toBeGreaterThan(0);

    // Nothing in Slack twice: every post carries its outbox key.
    const held = [...fake.channels.entries()].filter(([id]) => id === channel || ids.some((u) => id === `D${u}`)).flatMap(([, c]) => c.messages.filter((m) => m.bot_id));
    const byKey = new Map<string, number>();
    for (const m of held) byKey.set(keyOf(m), (byKey.get(keyOf(m)) ?? 0) + 1);
    expect([...byKey.entries()].filter(([k, n]) => !k || n > 1)).toEqual([]);
    // …and every message Baton recorded as sent is there.
    const sent = await run.read(async (q) => (await q.select({ key: outbox.key }).from(outbox).where(and(eq(outbox.status, 'sent'), ne(jsonText(q, outbox.destination, ['to']), 'reply')))).map((r) => r.key));
    expect(sent.filter((k) => byKey.get(k) !== 1)).toEqual([]);

    // The check-in: at most one per member; one each when it was accepted.
    const checkins = ids.map((id) => fake.dm(id).filter((m) => keyOf(m).startsWith('checkin:send:')).length);
    expect(checkins.filter((n) => n > 1)).toEqual([]);
    if (checkinAccepted) expect(checkins.filter((n) => n !== 1)).toEqual([]);

    expect(await run.soundness()).toEqual({ integrity: 'ok', foreignKeyViolations: [] });
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    run.expectNoSecrets();
  }, 90_000);
});
