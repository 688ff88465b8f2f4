// Fairness over HTTP: one person's hostile or slow request must not hold up anyone else. A
// submission full of oversized answers is refused by field without freezing the process; the
// event loop's delay is measured (perf_hooks) while it happens.
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommitment, insertCommitment } from '../../../src/db/commitments.js';
import { insertMember } from '../../../src/db/members.js';
import { nextSeq } from '../../../src/db/teams.js';
import type { SlackCall } from '../../fakes/slack-api.js';
import { SlackRequests, triggerId } from '../../fakes/slack-requests.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, SECRET, harness } from './harness.js';

/**
 * The longest the event loop may be held while the hostile submissions are handled. Before the
 * fix a single one held it for seconds; a loaded 2-core machine adds tens of milliseconds of its
 * own (GC, the other test files), hence not the 50 ms the code itself keeps to.
 */
const MAX_LOOP_DELAY_MS = 150;

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
});
afterEach(async () => {
  await h?.close();
});

type Person = { id: string; name: string };

/** Maria's C-1…C-40: one through Slack, the rest like it straight into the database. */
async function fortyCommitments(): Promise<void> {
  await h.run(MARIA, 'commit Item 1 of the facilities plan by Friday');
  const { id: _id, ...like } = (await findCommitment(h.app.database.db, 1, 1))!;
  for (let i = 2; i <= 40; i++) await insertCommitment(h.app.database.db, { ...like, seq: await nextSeq(h.app.database.db, 1, 'C'), text: `Item ${i} of the facilities plan` });
}

function button(post: SlackCall, coreAction: string): { action_id: string; value: string } {
  for (const b of post.args.blocks ?? []) {
    for (const e of b.elements ?? []) if (typeof e.action_id === 'string' && e.action_id.endsWith(`:${coreAction}`)) return e;
  }
  throw new Error(`no ${coreAction} button`);
}

/** Presses "Answer check-in" in the person's DM; returns the modal Baton opened. */
async function openCheckin(p: Person): Promise<Record<string, any>> {
  const post = h.fake.posts(p.id).filter((c) => String(c.args.metadata?.event_payload?.key ?? '').startsWith('checkin:send:')).at(-1)!;
  const b = button(post, 'checkin.open');
  await h.slack.buttonPress({ user: p, channel: { id: `D${p.id}`, name: 'directmessage' }, messageTs: h.fake.dm(p.id).at(-1)!.ts, actionId: b.action_id, value: b.value, responseUrl: h.fake.responseUrl(), triggerId: triggerId() });
  await h.settle();
  return { ...h.fake.to('views.open').at(-1)!.args.view, id: `V${p.id}`, hash: 'h1' };
}

/** The modal's state values as Slack sends them, with answers by field id. */
function valuesOf(view: Record<string, any>, answers: Record<string, string>): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks as { type: string; block_id?: string; element?: { type: string } }[]) {
    if (block.type !== 'input' || !block.block_id) continue;
    const v = answers[block.block_id];
    values[block.block_id] = {
      [block.block_id]: block.element?.type === 'static_select' ? { type: 'static_select', selected_option: v ? { value: v } : null } : { type: 'plain_text_input', value: v ?? null },
    };
  }
  return values;
}

/** Every commitment slipping, each "new date" being `date`. */
function allSlipping(date: string): Record<string, string> {
  const answers: Record<string, string> = { moved: 'Budget timeline approved' };
  for (let i = 1; i <= 40; i++) Object.assign(answers, { [`c${i}`]: 'slipping', [`c${i}_date`]: date });
  return answers;
}

async function measured<T>(work: () => Promise<T>): Promise<{ result: T; maxDelayMs: number }> {
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  try {
    const result = await work();
    return { result, maxDelayMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

describe('a hostile check-in submission', () => {
  it('40 dates of 4,000, 2,000 and 40 characters: refused by field at once, the event loop never held, another person answered meanwhile', async () => {
    await fortyCommitments();
    await h.run(ALICE, 'checkin now');
    const view = await openCheckin(MARIA);
    expect(view.blocks.find((b: any) => b.block_id === 'c1_date').element.max_length).toBe(40);
    const bodies = ['1h '.repeat(1330), '1h '.repeat(666), '1h '.repeat(14).slice(0, 40)].map((date) => valuesOf(view, allSlipping(date)));

    // The date parser compiles its patterns on first use, once per process (100–250 ms here,
    // whatever the input): one hostile submission first, so what is measured is what any
    // number of them costs after that.
    await h.slack.viewSubmission({ user: MARIA, view, values: bodies[2]! });
    await h.settle();

    const { result, maxDelayMs } = await measured(async () => {
      const answers = [];
      const others = [];
      for (const values of bodies) {
        const submitted = h.slack.viewSubmission({ user: MARIA, view, values });
        // Sam, in the same moment: his command is acknowledged, and /healthz answers.
        const started = performance.now();
        const sam = h.slack.command({ user: SAM, channel: LEADERSHIP, text: 'update Routes drafted', responseUrl: h.fake.responseUrl(), triggerId: triggerId() }).then((r) => ({ r, ms: performance.now() - started }));
        const health = fetch(`http://127.0.0.1:${h.app.port}/healthz`).then((r) => ({ status: r.status, ms: performance.now() - started }));
        answers.push(await submitted);
        others.push({ sam: await sam, health: await health });
        await h.settle();
      }
      return { answers, others };
    });

    // The two oversized ones: every date field says how long it may be; nothing was moved.
    for (const r of result.answers.slice(0, 2)) {
      expect(r.status).toBe(200);
      const body = JSON.parse(r.body);
      expect(body.response_action).toBe('errors');
      expect(body.errors.c1_date).toMatch(/^At most [\d,]+ characters\.$/);
      expect(body.errors.c40_date).toMatch(/^At most [\d,]+ characters\.$/);
    }
    // At the limit the dates are read (and are not dates): each one's own error.
    expect(JSON.parse(result.answers[2]!.body).errors.c1_date).toContain("couldn't read");
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ slips: 0, dueDate: expect.any(String) });
    for (const o of result.others) {
      expect(o.sam.r.status).toBe(200);
      expect(o.health.status).toBe(200);
      expect(o.sam.ms).toBeLessThan(1_000);
      expect(o.health.ms).toBeLessThan(1_000);
    }
    console.log(`hostile check-in submissions: event loop held at most ${maxDelayMs.toFixed(1)} ms; Sam's ack ${result.others.map((o) => o.sam.ms.toFixed(0)).join('/')} ms`);
    expect(maxDelayMs).toBeLessThan(MAX_LOOP_DELAY_MS);
  });

  it('an ordinary answer still records, with a slipping date', async () => {
    await fortyCommitments();
    await h.run(ALICE, 'checkin now');
    const view = await openCheckin(MARIA);
    const r = await h.slack.viewSubmission({ user: MARIA, view, values: valuesOf(view, { c2: 'slipping', c2_date: 'next Friday', c3: 'done' }) });
    await h.settle();
    expect(r.body).toBeFalsy();
    expect(await findCommitment(h.app.database.db, 1, 2)).toMatchObject({ slips: 1 });
    expect(await findCommitment(h.app.database.db, 1, 3)).toMatchObject({ status: 'done' });
  });
});

describe('hostile dates in commands', () => {
  it('move and checkin away with 4,000 characters of "date": refused at once, the parser never reached', async () => {
    await h.run(MARIA, 'commit Item 1 of the facilities plan by Friday');
    const { result, maxDelayMs } = await measured(async () => [
      await h.run(MARIA, `move C-1 ${'1h '.repeat(1300)}`),
      await h.run(MARIA, `checkin away until ${'1h '.repeat(1300)}`),
      await h.run(MARIA, `commit Something by ${'1h '.repeat(1300)}`),
    ]);
    expect(JSON.stringify(result[0]!.ephemerals)).toContain('A date is at most 40 characters');
    expect(JSON.stringify(result[1]!.ephemerals)).toContain('A date is at most 40 characters');
    expect(JSON.stringify(result[2]!.ephemerals)).toContain("couldn't read");
    expect(maxDelayMs).toBeLessThan(MAX_LOOP_DELAY_MS);
  });
});

describe('every form', () => {
  it('is checked against the fields it declares: each form Baton can open has the builder that rebuilds it at submission', () => {
    expect(h.logs.filter((l) => l.msg === 'forms whose answers cannot be checked against their fields')).toEqual([]);
  });
});

describe('one member naming many unknown people', () => {
  const BOB = { id: 'U0BOB0001', name: 'bob' };
  const OTHER_CHANNEL = { id: 'C0OTHER01', name: 'cabinet' };
  const unknown = (from: number) => Array.from({ length: 50 }, (_, i) => `<@U0NOBODY${String(from + i).padStart(3, '0')}>`).join(' ');

  /** A second workspace on the same Baton, with its own team. */
  async function otherWorkspace(): Promise<SlackRequests> {
    h.fake.user({ id: BOB.id, name: 'bob', real_name: 'Bob Brown', tz: 'America/New_York' });
    h.fake.channel(OTHER_CHANNEL.id, OTHER_CHANNEL.name, [BOB.id, 'UBATONBOT']);
    const other = new SlackRequests(`http://127.0.0.1:${h.app.port}/slack/events`, SECRET, { id: 'T0002', domain: 'other-district' });
    await other.command({ user: BOB, channel: OTHER_CHANNEL, text: 'setup Cabinet', responseUrl: h.fake.responseUrl(), triggerId: triggerId() });
    await h.settle();
    return other;
  }

  it("three commands naming 50 unknown people each, with Slack answering 429: another workspace's command is in its channel within 2 s", async () => {
    const other = await otherWorkspace();
    // Slack's users.info allows a few calls, then 429 with Retry-After.
    h.fake.limit('users.info', { perSecond: 0.5, burst: 3 });
    for (let n = 0; n < 3; n++) {
      await h.slack.command({ user: MARIA, channel: LEADERSHIP, text: `update Talked with ${unknown(n * 50)}`, responseUrl: h.fake.responseUrl(), triggerId: triggerId() });
    }
    const started = performance.now();
    const reply = await other.command({ user: BOB, channel: OTHER_CHANNEL, text: 'update Budget draft is out', responseUrl: h.fake.responseUrl(), triggerId: triggerId() });
    expect(reply.status).toBe(200);
    await h.fake.waitFor("Bob's update in his channel", () => h.fake.posts(OTHER_CHANNEL.id).some((c) => JSON.stringify(c.args).includes('Budget draft is out')));
    const ms = performance.now() - started;
    console.log(`another workspace's update reached its channel after ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(2_000);
    // Maria's three are recorded too, in order, with the ids Slack could not name.
    await h.settle();
    const posted = h.fake.posts(LEADERSHIP.id).map((c) => JSON.stringify(c.args)).filter((t) => t.includes('Talked with'));
    expect(posted).toHaveLength(3);
    expect(posted[0]).toContain('U0NOBODY000');
    expect(posted[2]).toContain('U0NOBODY100');
  });

  it("while Slack is slow to answer about a person, that team's later commands wait their turn and another team's go ahead", async () => {
    const other = await otherWorkspace();
    const release = h.fake.hold('users.info');
    const at = h.fake.posts(LEADERSHIP.id).length;
    await h.slack.command({ user: MARIA, channel: LEADERSHIP, text: 'update Met <@U0NEWPERS1> about the buses', responseUrl: h.fake.responseUrl(), triggerId: triggerId() });
    await h.slack.command({ user: ALICE, channel: LEADERSHIP, text: 'update Second in line', responseUrl: h.fake.responseUrl(), triggerId: triggerId() });
    await other.command({ user: BOB, channel: OTHER_CHANNEL, text: 'update Budget draft is out', responseUrl: h.fake.responseUrl(), triggerId: triggerId() });
    await h.fake.waitFor("Bob's update in his channel", () => h.fake.posts(OTHER_CHANNEL.id).some((c) => JSON.stringify(c.args).includes('Budget draft is out')));
    expect(h.fake.posts(LEADERSHIP.id).length).toBe(at);
    release();
    await h.settle();
    const order = h.fake.posts(LEADERSHIP.id).slice(at).map((c) => (JSON.stringify(c.args).includes('Second in line') ? 'alice' : 'maria'));
    expect(order).toEqual(['maria', 'alice']);
  });

  it('a person Slack does not know is asked about once, not at every command', async () => {
    await h.run(MARIA, `update Talked with ${unknown(0)}`);
    const asked = h.fake.to('users.info').length;
    await h.run(MARIA, `update Talked again with ${unknown(0)}`);
    expect(h.fake.to('users.info').length - asked).toBe(0);
  });

  it('a command asks Slack about at most 20 people; the others are named by what Baton knows, or their id', async () => {
    const since = h.mark();
    await h.run(MARIA, `update Talked with ${unknown(0)}`);
    expect(since().filter((c) => c.method === 'users.info').length).toBeLessThanOrEqual(20);
  });
});

describe("a person's own post during a check-in fan-out", () => {
  it("200 members asked at Slack's default 10 posts/s: a member's update is in the channel within 2 s, the fan-out still under way", async () => {
    const others = Array.from({ length: 197 }, (_, i) => ({ id: `U0FAN${String(i).padStart(4, '0')}`, name: `member${i}` }));
    for (const p of others) {
      h.fake.user({ id: p.id, name: p.name, tz: 'UTC' });
      await insertMember(h.app.database.db, { teamId: 1, userId: p.id, name: p.name, tz: 'UTC', joinedAt: h.clock.now() });
    }
    const everyone = [ALICE, MARIA, SAM, ...others];
    const asked = () => everyone.filter((p) => h.fake.dm(p.id).length > 0).length;
    await h.slack.command({ user: ALICE, channel: LEADERSHIP, text: 'checkin now', responseUrl: h.fake.responseUrl(), triggerId: triggerId() });
    await h.fake.waitFor('the fan-out to be under way', () => asked() >= 20);

    const started = performance.now();
    await h.slack.command({ user: MARIA, channel: LEADERSHIP, text: 'update Bus routes are drafted', responseUrl: h.fake.responseUrl(), triggerId: triggerId() });
    await h.fake.waitFor("Maria's update in the channel", () => h.fake.posts(LEADERSHIP.id).some((c) => JSON.stringify(c.args).includes('Bus routes are drafted')), 30_000);
    const ms = performance.now() - started;
    console.log(`a member's update reached the channel ${ms.toFixed(0)} ms after the command, with ${asked()} of 200 check-ins sent`);
    expect(ms).toBeLessThan(2_000);
    expect(asked()).toBeLessThan(200);
  }, 60_000);
});
