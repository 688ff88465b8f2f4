// The pulse in Slack, through the real app and the fake Web API: `/baton checkin pulse on` (a lead)
// → the check-in modal asks "How are you doing this week?" last as a static_select of 1 to 5 →
// a view_submission carrying a value the modal does not offer (0, 6, 3.5, "abc") is refused on the
// field with nothing recorded → the digest shows the average, range and trend; two answers, no
// figure. Privacy, as indistinguishability: the same check-in answered 1, 2, 5 by Alice, Maria and
// Sam, and again with the scores swapped between them — everything Slack was asked to show
// (messages, edits, private answers, modals, App Home, the export's files) and the team's page
// read the same.
import { afterEach, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../fakes/slack-api.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';
import { sqlAll, sqlGet } from '../../support/testdb.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

type Person = { id: string; name: string };

const checkinPosts = (p: Person) => h.fake.posts(p.id).filter((c) => c.args.metadata?.event_payload?.key?.startsWith('checkin:send:'));
const digests = () => h.fake.posts(LEADERSHIP.id).filter((c) => String(c.args.metadata?.event_payload?.key ?? '').match(/^checkin:digest:\d+:[^:]+$/));

function button(post: SlackCall, coreAction: string): { action_id: string; value: string } {
  for (const b of post.args.blocks ?? []) {
    for (const e of b.elements ?? []) if (typeof e.action_id === 'string' && e.action_id.endsWith(`:${coreAction}`)) return e;
  }
  throw new Error(`no ${coreAction} button in ${JSON.stringify(post.args.blocks)}`);
}

let triggers = 0;

/** Presses "Answer check-in" in the person's DM; returns the modal Baton opened. */
async function openCheckin(p: Person): Promise<Record<string, any>> {
  const b = button(checkinPosts(p).at(-1)!, 'checkin.open');
  const trigger = `1764000000.${++triggers}.${p.id}`;
  await h.slack.buttonPress({ user: p, channel: { id: `D${p.id}`, name: 'directmessage' }, messageTs: h.fake.dm(p.id).at(-1)!.ts, actionId: b.action_id, value: b.value, responseUrl: h.fake.responseUrl(), triggerId: trigger });
  await h.settle();
  const open = h.fake.to('views.open').at(-1)!;
  expect(open.args.trigger_id).toBe(trigger);
  // Each modal Slack opens is a view of its own (Baton takes a second submission of one view as a retry).
  return { ...open.args.view, id: `V${triggers}${p.id}`, hash: 'h1' };
}

/** Submits the modal with answers by field id (a select's value as given, offered or not). */
async function submitCheckin(p: Person, view: Record<string, any>, answers: Record<string, string>) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks as { type: string; block_id?: string; element?: { type: string } }[]) {
    if (block.type !== 'input' || !block.block_id) continue;
    const v = answers[block.block_id];
    values[block.block_id] = {
      [block.block_id]: block.element?.type === 'static_select' ? { type: 'static_select', selected_option: v ? { value: v } : null } : { type: 'plain_text_input', value: v ?? null },
    };
  }
  const r = await h.slack.viewSubmission({ user: p, view, values, triggerId: `1764000000.${++triggers}.submit` });
  await h.settle();
  return r;
}

const said = (r: Awaited<ReturnType<Harness['run']>>) => r.ephemerals.map((e) => textOf(e.body)).join('\n');
const channelText = (r: Awaited<ReturnType<Harness['run']>>) => r.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id).map((c) => textOf(c.args)).join('\n');
const pulseRows = async () => ((await sqlGet(h.app, 'select count(*) as n from checkin_pulses')) as { n: number }).n;

describe('the pulse in Slack', () => {
  it('a lead turns it on; the modal asks it last as a 1–5 static_select; values it does not offer are refused on the field, nothing recorded', async () => {
    h = await harness();
    await h.run(ALICE, 'setup District Leadership');
    expect(said(await h.run(MARIA, 'checkin pulse on'))).toContain('Only a lead of District Leadership can do that');
    const on = await h.run(ALICE, 'checkin pulse on');
    expect(channelText(on)).toContain('The check-in pulse is on');
    await h.run(ALICE, 'checkin now');
    const view = await openCheckin(MARIA);
    const input = view.blocks.filter((b: { type: string }) => b.type === 'input').at(-1);
    expect(input).toMatchObject({ block_id: 'pulse', optional: true, label: { text: 'How are you doing this week?' }, element: { type: 'static_select', action_id: 'pulse' } });
    expect(input.element.options.map((o: { value: string }) => o.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(input.element.initial_option).toBeUndefined();

    for (const v of ['0', '6', '3.5', 'abc']) {
      const r = await submitCheckin(MARIA, view, { moved: 'Routes drafted', pulse: v });
      expect(JSON.parse(r.body), v).toEqual({ response_action: 'errors', errors: { pulse: 'Choose 1 to 5, or leave it empty.' } });
    }
    expect(await pulseRows()).toBe(0);
    expect((await sqlGet(h.app, 'select count(*) as n from updates'))).toEqual({ n: 0 });
    expect(await submitCheckin(MARIA, view, { moved: 'Routes drafted', pulse: '3' })).toEqual({ status: 200, body: '' });
    expect(await pulseRows()).toBe(1);
    expect((await sqlAll(h.app, 'select text from updates'))).toEqual([{ text: 'Routes drafted' }]);
    // Nor is an answer written to the logs (debug level here), where an operator would read it beside a user id.
    expect(JSON.stringify(h.logs)).not.toMatch(/selected_option/);
  });

  it('the digest: 3 answers give the average, range and trend; 2 give no figure; `report pulse` lists each check-in', async () => {
    h = await harness();
    await h.run(ALICE, 'setup District Leadership');
    await h.run(ALICE, 'checkin pulse on');
    await h.run(ALICE, 'checkin now');
    for (const [p, v] of [[ALICE, '1'], [MARIA, '2'], [SAM, '5']] as const) await submitCheckin(p, await openCheckin(p), { pulse: v });
    expect(textOf(digests()[0]!.args)).toContain('2.7 average · range 1–5 · 3 answers · no earlier figure');

    h.clock.advance(24 * 3_600_000);
    await h.run(ALICE, 'checkin now');
    for (const [p, v] of [[ALICE, '5'], [MARIA, '4'], [SAM, '']] as const) await submitCheckin(p, await openCheckin(p), { pulse: v });
    const second = textOf(digests()[1]!.args);
    expect(second).toContain('not enough answers to show (fewer than 3)');
    expect(second).not.toMatch(/\d\.\d average/);

    h.clock.advance(24 * 3_600_000);
    await h.run(ALICE, 'checkin now');
    for (const [p, v] of [[ALICE, '4'], [MARIA, '4'], [SAM, '5']] as const) await submitCheckin(p, await openCheckin(p), { pulse: v });
    expect(textOf(digests()[2]!.args)).toContain('4.3 average · range 4–5 · 3 answers · ↑ from 2.7 (check-in of Mon, Nov 23)');

    const report = said(await h.run(SAM, 'report pulse'));
    expect(report).toContain('Pulse: 4.3 average (check-in of Wed, Nov 25) · ↑ from 2.7 (check-in of Mon, Nov 23)');
    expect(report).toContain('Check-in of Tue, Nov 24');
    expect(report).toContain('not enough answers to show (fewer than 3)');
  });
});

describe('pulse privacy in Slack', () => {
  /**
   * One check-in answered with these pulses, then everything a person can be shown: the digest,
   * `list checkins`, `report pulse`, `report`, `checkin`, App Home for each, the lead's export
   * (its files) and the team's page (its HTML). Returns all the text Slack was asked to show.
   */
  async function world(scores: [Person, string][]): Promise<string> {
    triggers = 0;
    h = await harness();
    await h.run(ALICE, 'setup District Leadership', { triggerId: 'T.setup' });
    await h.run(ALICE, 'checkin pulse on', { triggerId: 'T.on' });
    await h.run(ALICE, 'checkin now', { triggerId: 'T.now' });
    for (const [p, v] of scores) await submitCheckin(p, await openCheckin(p), { pulse: v });
    for (const p of [ALICE, MARIA, SAM]) {
      for (const c of ['list checkins', 'report pulse', 'report', 'checkin']) await h.run(p, c, { triggerId: `T.${p.id}.${c}` });
      await h.slack.event({ type: 'app_home_opened', user: p.id, channel: `D${p.id}`, tab: 'home' });
      await h.settle();
    }
    await h.run(ALICE, 'export', { triggerId: 'T.export' });
    const link = said(await h.run(MARIA, 'dashboard', { triggerId: 'T.dash' }));
    const token = /\/t\/([A-Za-z0-9_-]{43})/.exec(link)![1]!;
    const page = await (await fetch(`http://127.0.0.1:${h.app.port}/t/${token}`)).text();
    expect(page).toContain('District Leadership');
    // What a person reads: each call's text and blocks (or view), never its delivery metadata.
    const shown = h.fake.calls
      .filter((c) => ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.open', 'views.publish', 'views.update'].includes(c.method))
      .map((c) => `${c.method} ${c.args.channel ?? c.args.user_id ?? ''}: ${c.args.text ?? ''} ${JSON.stringify(c.args.blocks ?? c.args.view?.blocks ?? [])}`)
      // Sorted: what is shown is compared, not the order in which two conversations' messages arrived.
      .sort();
    const all = [...shown, ...h.fake.responses.map((r) => textOf(r.body)), ...h.fake.uploads.map((u) => `${u.filename}\n${u.content}`), page].join('\n');
    await h.close();
    h = undefined as unknown as Harness;
    return all.replace(/\/t\/[^\s|>"\\]+/g, '/t/TOKEN').replace(/\d{10}\.\d{6}/g, 'TS').replace(/localhost:\d+|127\.0\.0\.1:\d+/g, 'HOST');
  }

  it('1, 2 and 5 from three people: the digest has the figure, and nothing shown tells who gave which', async () => {
    const a = await world([[ALICE, '1'], [MARIA, '2'], [SAM, '5']]);
    const b = await world([[ALICE, '5'], [MARIA, '1'], [SAM, '2']]);
    expect(a).toContain('2.7 average · range 1–5 · 3 answers');
    expect(a).toContain('pulse,'); // the export's aggregate row
    expect(b).toBe(a);
  });

  it('two answers: no figure anywhere, and nothing shown tells who gave which', async () => {
    const a = await world([[ALICE, '1'], [MARIA, '5'], [SAM, '']]);
    const b = await world([[ALICE, '5'], [MARIA, '1'], [SAM, '']]);
    expect(a).toContain('not enough answers to show (fewer than 3)');
    expect(a).not.toMatch(/\d\.\d average|range \d/);
    expect(b).toBe(a);
  });
});
