// Nudges in Slack, through the real app and the fake Web API: the private reminder the working
// day before a date at the owner's 08:30, its Done button (pressed twice: recorded once), its
// New date button opening a modal whose bad dates come back as field errors, and `nudges off`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommitment } from '../../../src/db/commitments.js';
import type { SlackCall } from '../../fakes/slack-api.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
});
afterEach(async () => {
  await h?.close();
});

type Person = { id: string; name: string };

const nudgePosts = (p: Person) => h.fake.posts(p.id).filter((c) => String(c.args.metadata?.event_payload?.key ?? '').startsWith('nudge:'));

function button(post: SlackCall, coreAction: string): { action_id: string; value: string } {
  for (const b of post.args.blocks ?? []) {
    for (const e of b.elements ?? []) if (typeof e.action_id === 'string' && e.action_id.endsWith(`:${coreAction}`)) return e;
  }
  throw new Error(`no ${coreAction} button in ${JSON.stringify(post.args.blocks)}`);
}

/** Minutes pass with Baton running: the minute tick plans what was dated, then time moves to `iso`. */
async function until(iso: string): Promise<void> {
  await h.app.ticker.tick();
  h.clock.set(Date.parse(iso));
  await h.app.ticker.tick();
  await h.settle();
}

async function press(p: Person, post: SlackCall, coreAction: string, triggerId?: string) {
  const b = button(post, coreAction);
  const r = await h.slack.buttonPress({ user: p, channel: { id: `D${p.id}`, name: 'directmessage' }, messageTs: '1.1', actionId: b.action_id, value: b.value, responseUrl: h.fake.responseUrl(), ...(triggerId ? { triggerId } : {}) });
  expect(r.status).toBe(200);
  await h.settle();
}

async function submitDate(p: Person, view: Record<string, any>, date: string) {
  const r = await h.slack.viewSubmission({ user: p, view, values: { date: { date: { type: 'plain_text_input', value: date } } } });
  await h.settle();
  return r;
}

describe('nudges in Slack', () => {
  it('the day before, at the owner\'s 08:30: Done closes it once however often it is pressed', async () => {
    await h.run(MARIA, 'commit Draft the budget memo by Wednesday');
    // Maria is in Chicago: Tuesday 08:30 there is 14:30 UTC.
    await until('2026-11-24T14:29:00Z');
    expect(nudgePosts(MARIA)).toEqual([]);
    await until('2026-11-24T14:31:00Z');
    expect(nudgePosts(MARIA)).toHaveLength(1);
    expect(nudgePosts(ALICE)).toEqual([]);
    const post = nudgePosts(MARIA)[0]!;
    expect(post.args.channel).toBe(MARIA.id);
    expect(textOf(post.args)).toContain('C-1 is due tomorrow (Wed, Nov 25) in District Leadership: Draft the budget memo');

    await press(MARIA, post, 'nudge.done');
    await press(MARIA, post, 'nudge.done');
    const done = h.fake.posts(LEADERSHIP.id).filter((c) => textOf(c.args).includes('C-1 done: Draft the budget memo'));
    expect(done).toHaveLength(1);
    expect(JSON.stringify(h.fake.responses)).toContain('C-1 is already done.');
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ status: 'done' });
    await until('2026-11-26T15:00:00Z');
    expect(nudgePosts(MARIA)).toHaveLength(1);
  });

  it('New date opens a modal; a past or unreadable date is a field error; a good one moves it', async () => {
    await h.run(MARIA, 'commit Draft the budget memo by Wednesday');
    await until('2026-11-24T15:00:00Z');
    const post = nudgePosts(MARIA)[0]!;
    const trigger = `${Date.now()}.77.${MARIA.id}`;
    await press(MARIA, post, 'nudge.date', trigger);
    const open = h.fake.to('views.open').at(-1)!;
    expect(open.args.trigger_id).toBe(trigger);
    const view = { ...open.args.view, id: 'VNUDGE', hash: 'h1' };
    expect(view.title.text).toBe('New date for C-1');

    const past = await submitDate(MARIA, view, '2026-11-20');
    expect(JSON.parse(past.body)).toEqual({ response_action: 'errors', errors: { date: '"2026-11-20" is in the past: give a day from today on.' } });
    const unreadable = await submitDate(MARIA, view, 'when pigs fly');
    expect(JSON.parse(unreadable.body).errors.date).toContain('I couldn\'t read "when pigs fly" as a date.');
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ dueDate: '2026-11-25', slips: 0 });

    const ok = await submitDate(MARIA, view, 'next Wednesday');
    expect(ok).toEqual({ status: 200, body: '' });
    expect(await findCommitment(h.app.database.db, 1, 1)).toMatchObject({ dueDate: '2026-12-02', slips: 1 });
    expect(h.fake.posts(LEADERSHIP.id).map((c) => textOf(c.args)).join('\n')).toContain('C-1 moved from Wed, Nov 25 to Wed, Dec 2');
    // The old date's overdue nudge does nothing when it fires; the new date's reminder comes.
    await until('2026-11-26T15:00:00Z');
    expect(nudgePosts(MARIA)).toHaveLength(1);
    await until('2026-12-01T15:00:00Z');
    expect(nudgePosts(MARIA)).toHaveLength(2);
    expect(textOf(nudgePosts(MARIA)[1]!.args)).toContain('C-1 is due tomorrow (Wed, Dec 2)');
  });

  it('`nudges off` is private and stops only that person\'s', async () => {
    await h.run(MARIA, 'commit Draft the budget memo by Wednesday');
    await h.run(SAM, 'commit Book the venue by Wednesday');
    const off = await h.run(MARIA, 'nudges off');
    expect(off.ephemerals.map((e) => JSON.stringify(e.body)).join('\n')).toContain('Nudges off in District Leadership');
    expect(off.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id)).toEqual([]);
    // Sam is in Tokyo (his Tuesday 08:30 is Monday 23:30 UTC), Maria in Chicago.
    await until('2026-11-24T00:00:00Z');
    expect(nudgePosts(SAM)).toHaveLength(1);
    await until('2026-11-24T15:00:00Z');
    expect(nudgePosts(MARIA)).toEqual([]);
  });

  it('a decision\'s executor is nudged and Done marks it carried out; a stale blocker nudges the unblocker once', async () => {
    await h.run(ALICE, `decide Move the PD day to Friday owner <@${MARIA.id}> by Wednesday`);
    await h.run(ALICE, 'agreements set blocker-nudge 1d');
    await h.run(MARIA, `blocker Waiting on the bus contract signature <@${SAM.id}>`);
    await until('2026-11-24T15:00:00Z');
    const decision = nudgePosts(MARIA).find((c) => textOf(c.args).includes('D-1'))!;
    expect(textOf(decision.args)).toContain('The decision you carry out D-1 is due tomorrow (Wed, Nov 25)');
    await press(MARIA, decision, 'decision.done');
    expect(h.fake.posts(LEADERSHIP.id).filter((c) => textOf(c.args).includes('D-1 carried out: Move the PD day to Friday'))).toHaveLength(1);
    // Raised Monday (Tuesday in Tokyo); one working day later, Wednesday 08:30 in Tokyo.
    await until('2026-11-25T00:00:00Z');
    expect(nudgePosts(SAM)).toHaveLength(1);
    expect(textOf(nudgePosts(SAM)[0]!.args)).toContain('E-1 in District Leadership has been open 1 working day');
    await until('2026-11-30T00:00:00Z');
    expect(nudgePosts(SAM)).toHaveLength(1);
    expect(nudgePosts(MARIA).filter((c) => textOf(c.args).includes('D-1'))).toHaveLength(1);
  });
});
