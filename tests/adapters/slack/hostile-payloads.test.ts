// Hostile and malformed Slack payloads over HTTP, signed as Slack signs them: Events API
// callbacks with random or missing fields, interactivity (buttons with tampered values, modals
// with tampered private_metadata and answers, message shortcuts on hostile messages, payload
// types Baton never asked for) and slash commands with hostile text. For every one:
//   - Slack gets a 2xx or 4xx, never a 5xx, and the process sees no unhandled exception;
//   - nothing is recorded half (integrity, foreign keys, no request left failed in the inbox);
//   - no listener fails on a payload it could not read (it refuses it instead);
// and everything Baton sent Slack meanwhile is within Block Kit's limits and pings or mentions
// no one because of what a person typed.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventId, triggerId } from '../../fakes/slack-requests.js';
import { slackMentionProblems, slackMessageProblems, slackViewProblems } from '../../support/platform-limits.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, STAFF, harness } from './harness.js';
import { TEST_ENGINE, sqlAll } from '../../support/testdb.js';

let h: Harness;
const crashes: unknown[] = [];
const onCrash = (err: unknown) => void crashes.push(err);
/** People a real mention or a real event named: the only ones Baton may mention. */
const named = new Set([ALICE.id, MARIA.id, SAM.id]);

beforeAll(async () => {
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
  await h.run(MARIA, 'commit Draft the budget memo by Friday');
  await h.run(SAM, 'blocker The buses are late');
  await h.run(ALICE, 'checkin now');
});

afterAll(async () => {
  process.off('unhandledRejection', onCrash);
  process.off('uncaughtException', onCrash);
  await h?.close();
});

// ——— the pieces payloads are made of ———

const NASTY = [
  '<!channel>', '<!here>', '<!everyone>', '<!subteam^S0ADMINS|@admins>', '&lt;!channel&gt;', '&lt;@U0TYPED01&gt;', '<@U0TYPED01>',
  '<#C0LEAD001|leadership>', '<https://evil.example|click>', '<javascript:alert(1)|x>', '*bold*', '_it_', '~s~', '`code`', '```block```',
  '> quote', '&amp;', '\u202E', '\u200B', '\u0000', '\u001B[31m', '👩🏽‍🏫', '=HYPERLINK("http://x")', '@here', "'; DROP TABLE teams; --",
  '{"teamId":1}', 'C-1', 'E-1', '#G-1', '\n', '\t',
];
const nasty = fc.constantFrom(...NASTY);
const hostile = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof(nasty, fc.string({ maxLength: 12 })), { maxLength: 8 }).map((p) => p.join(' ')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1900, max: 6000 }).map((n) => `${'x'.repeat(n)} <!channel>`) },
);
const junk = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.string({ maxLength: 20 }), fc.boolean(), fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
const userId = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(ALICE.id, MARIA.id, SAM.id, 'UBATONBOT', 'U0STRANGE', 'W0GRIDUSR') }, { weight: 1, arbitrary: junk });
const channelId = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(LEADERSHIP.id, STAFF.id, 'D0DIRECT1', 'C0NOWHERE', 'G0PRIVATE') }, { weight: 1, arbitrary: junk });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const user = userId.map((id) => ({ id, username: 'someone', name: 'someone', team_id: 'T0001' }));

// ——— Events API ———

const event = fc.record(
  {
    type: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('reaction_added', 'member_joined_channel', 'member_left_channel', 'app_home_opened', 'tokens_revoked', 'reaction_removed', 'message', 'app_mention') }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }),
    user: userId,
    channel: channelId,
    reaction: fc.oneof(fc.constantFrom('rotating_light', 'rotating_light::skin-tone-3', 'scales', 'thumbsup'), fc.string({ maxLength: 30 }), junk),
    item: fc.oneof(fc.record({ type: fc.oneof(fc.constant('message'), junk), channel: channelId, ts: fc.oneof(fc.constant('HERE'), fc.string({ maxLength: 20 }), junk) }, { requiredKeys: [] }), junk),
    item_user: userId,
    tab: fc.oneof(fc.constantFrom('home', 'messages'), junk),
    text: hostile,
    tokens: fc.oneof(fc.record({ bot: fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 }) }, { requiredKeys: [] }), junk),
  },
  { requiredKeys: ['type'] },
);

// ——— interactivity ———

const state = fc.oneof(
  fc.record({ kind: fc.oneof(fc.constantFrom('commitment', 'blocker', 'decision'), junk), teamId: fc.oneof(fc.constantFrom(1, 2, 999), junk), runId: fc.oneof(fc.constantFrom(1, 2), junk), source: fc.oneof(fc.record({ messageId: fc.string({ maxLength: 20 }), channelId: channelId, url: fc.oneof(fc.constant('javascript:alert(1)'), fc.webUrl(), junk) }, { requiredKeys: [] }), junk) }, { requiredKeys: [] }).map((s) => JSON.stringify(s)),
  fc.string({ maxLength: 50 }),
);
const metadata = fc.oneof(
  fc.record({ f: fc.oneof(fc.constantFrom('record', 'checkin', 'nope'), junk), s: fc.oneof(state, junk), c: channelId, d: fc.oneof(fc.constantFrom(0, 1), junk) }, { requiredKeys: [] }).map((m) => JSON.stringify(m)),
  fc.record({ r: fc.oneof(fc.uuid(), junk) }).map((m) => JSON.stringify(m)),
  fc.string({ maxLength: 100 }),
  fc.constant(undefined),
);
const inputValue = fc.oneof(
  fc.record({ type: fc.constant('plain_text_input'), value: fc.oneof(hostile, fc.constant(null)) }),
  fc.record({ type: fc.constant('static_select'), selected_option: fc.oneof(fc.record({ value: fc.oneof(fc.constantFrom(ALICE.id, MARIA.id, 'ontrack', 'done', 'slipping'), fc.string({ maxLength: 30 })) }), fc.constant(null)) }),
  junk,
);
const fieldIds = fc.constantFrom('text', 'owner', 'due', 'unblocker', 'executor', 'rationale', 'moved', 'blocking', 'decide', 'c1', 'c1_date', 'zz');
const values = fc.oneof(fc.dictionary(fieldIds, fc.dictionary(fieldIds, inputValue, { maxKeys: 2 }), { maxKeys: 6 }), junk);

const blockActions = fc.record({
  type: fc.constant('block_actions'),
  user,
  channel: fc.oneof(channelId.map((id) => ({ id, name: 'somewhere' })), junk),
  container: fc.oneof(fc.record({ type: fc.constantFrom('message', 'view'), channel_id: channelId, message_ts: fc.string({ maxLength: 20 }) }, { requiredKeys: ['type'] }), junk),
  response_url: maybe(fc.constant('RESPONSE_URL')),
  trigger_id: fc.oneof(fc.constant('TRIGGER'), junk),
  actions: fc.oneof(
    fc.array(
      fc.record({
        action_id: fc.oneof(fc.constantFrom('b0:command', 'b1:checkin.open', 'b2:checkin.skip', 'b3:nope', 'command'), fc.string({ maxLength: 30 })),
        value: fc.oneof(hostile, fc.constantFrom('mine', 'list all', 'members remove <@U0MARIA01>', 'checkin off', 'export'), fc.record({ teamId: fc.constantFrom(1, 2, 999), runId: fc.constantFrom(1, 2, 999) }).map((v) => JSON.stringify(v)), junk),
        type: fc.oneof(fc.constantFrom('button', 'static_select'), junk),
        block_id: fc.string({ maxLength: 10 }),
      }, { requiredKeys: ['action_id'] }),
      { maxLength: 2 },
    ),
    junk,
  ),
});

const viewSubmission = fc.record({
  type: fc.constant('view_submission'),
  user,
  trigger_id: fc.constant('TRIGGER'),
  view: fc.record({
    id: fc.oneof(fc.constant('V0TAMPER1'), junk),
    hash: fc.string({ maxLength: 12 }),
    type: fc.constant('modal'),
    callback_id: fc.oneof(fc.constant('baton_form'), fc.string({ maxLength: 20 })),
    private_metadata: metadata,
    state: fc.oneof(fc.record({ values }), junk),
  }, { requiredKeys: ['callback_id'] }),
});

const messageAction = fc.record({
  type: fc.constant('message_action'),
  callback_id: fc.oneof(fc.constantFrom('record_commitment', 'record_blocker', 'record_decision'), fc.string({ maxLength: 20 })),
  user,
  channel: fc.oneof(channelId.map((id) => ({ id, name: 'somewhere' })), junk),
  trigger_id: fc.constant('TRIGGER'),
  response_url: fc.constant('RESPONSE_URL'),
  message_ts: fc.string({ maxLength: 20 }),
  message: fc.oneof(fc.record({ ts: fc.oneof(fc.constant('1764000000.000001'), fc.string({ maxLength: 20 }), junk), user: userId, text: fc.oneof(hostile, junk), thread_ts: maybe(fc.string({ maxLength: 20 })) }, { requiredKeys: [] }), junk),
});

const otherInteraction = fc.record({ type: fc.oneof(fc.constantFrom('shortcut', 'view_closed', 'block_suggestion', 'dialog_submission', 'interactive_message'), fc.string({ maxLength: 20 })), user, callback_id: fc.string({ maxLength: 20 }), trigger_id: fc.constant('TRIGGER') }, { requiredKeys: ['type'] });

/** Fills in what must be fresh each time (trigger ids, response_urls) and the team, as Slack would. */
function finish(p: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...p, team: { id: 'T0001', domain: 'fake-district' }, api_app_id: 'A0BATON01', token: 'legacy-verification-token', is_enterprise_install: false, enterprise: null };
  if (out.trigger_id === 'TRIGGER') out.trigger_id = triggerId();
  if (out.response_url === 'RESPONSE_URL') out.response_url = h.fake.responseUrl();
  if (out.view && typeof out.view === 'object') out.view = { ...out.view, hash: `${out.view.hash}-${Math.random()}`, team_id: 'T0001', app_id: 'A0BATON01' };
  return out;
}

const commands = fc.record({
  user: fc.constantFrom(ALICE, MARIA, SAM, { id: 'U0STRANGE', name: 'stranger' }),
  channel: fc.constantFrom(LEADERSHIP, STAFF, { id: 'D0DIRECT1', name: 'directmessage' }),
  verb: fc.constantFrom('update', 'commit', 'blocker', 'decide', 'goal', 'done C-1', 'resolve E-1', 'drop C-1', 'move C-1', 'disagree', 'agreements set facilitator', 'setup', 'members add', 'list', 'help'),
  text: hostile,
});

// ——— the checks ———

async function expectAnswered(status: number, what: unknown): Promise<void> {
  expect(status, JSON.stringify(what).slice(0, 500)).toBeGreaterThanOrEqual(200);
  expect(status, JSON.stringify(what).slice(0, 500)).toBeLessThan(500);
  await h.settle();
}

describe('hostile Slack payloads over HTTP', () => {
  it('events with random, missing and hostile fields', async () => {
    await fc.assert(
      fc.asyncProperty(event, hostile, async (e, messageText) => {
        const ev: Record<string, any> = { ...e };
        // A reaction on a real message whose text is hostile.
        if (ev.item && typeof ev.item === 'object' && ev.item.ts === 'HERE') ev.item = { ...ev.item, ts: h.fake.say(LEADERSHIP.id, MARIA.id, messageText) };
        for (const id of [ev.user, ev.item_user]) if (typeof id === 'string') named.add(id);
        const r = await h.slack.event(ev, { eventId: eventId() });
        await expectAnswered(r.status, ev);
      }),
      { numRuns: 150 },
    );
  });

  it('buttons with tampered values, modals with tampered private_metadata and answers, shortcuts on hostile messages', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(blockActions, viewSubmission, messageAction, otherInteraction), async (p) => {
        const payload = finish(p);
        if (payload.type === 'message_action' && payload.message && typeof payload.message === 'object' && typeof payload.message.text === 'string') {
          payload.message.ts = h.fake.say(typeof payload.channel?.id === 'string' ? payload.channel.id : LEADERSHIP.id, MARIA.id, payload.message.text);
        }
        const t0 = Date.now();
        const r = await h.slack.interaction(payload);
        await expectAnswered(r.status, payload);
        if (Date.now() - t0 > 500) console.log('SLOW', Date.now() - t0, r.status, JSON.stringify(payload).slice(0, 400));
      }),
      { numRuns: 200 },
    );
  });

  it('slash commands with hostile text, from members, strangers and DMs', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (c) => {
        const text = `${c.verb} ${c.text}`;
        for (const m of text.matchAll(/<@([A-Z0-9]+)/g)) named.add(m[1]!);
        const r = await h.slack.command({ user: c.user, channel: c.channel, text, responseUrl: h.fake.responseUrl() });
        await expectAnswered(r.status, text);
      }),
      { numRuns: 150 },
    );
  });

  it('real forms and buttons, answered with hostile values and tampered metadata', async () => {
    const tamper = fc.constantFrom('none', 'team', 'channel', 'url', 'form', 'direct', 'junk');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('commitment', 'blocker', 'decision'), hostile, tamper, hostile, fc.constantFrom(ALICE.id, MARIA.id, 'U0STRANGE', ''), fc.oneof(fc.constantFrom('Friday', 'yesterday', '2026-13-45'), hostile), fc.constantFrom(ALICE, SAM), async (kind, text, how, answer, person, due, by) => {
        const ts = h.fake.say(LEADERSHIP.id, MARIA.id, text);
        const since = h.mark();
        const r = await h.slack.messageShortcut({ callbackId: `record_${kind}`, user: by, channel: LEADERSHIP, message: { ts, user: MARIA.id, text }, responseUrl: h.fake.responseUrl() });
        await expectAnswered(r.status, text);
        const view = since().find((c) => c.method === 'views.open')?.args.view;
        expect(view, 'the shortcut opened its form').toBeDefined();
        const meta = JSON.parse(view.private_metadata);
        const st = JSON.parse(meta.s);
        if (how === 'team') st.teamId = st.teamId + 1;
        if (how === 'channel') st.source.channelId = STAFF.id;
        if (how === 'url') st.source.url = 'javascript:alert(document.cookie)';
        if (how === 'form') meta.f = 'checkin';
        if (how === 'direct') meta.c = 'D0DIRECT1';
        meta.s = how === 'junk' ? '{"teamId":' : JSON.stringify(st);
        const values = {
          text: { text: { type: 'plain_text_input', value: answer } },
          owner: { owner: { type: 'static_select', selected_option: { value: person } } },
          unblocker: { unblocker: { type: 'static_select', selected_option: person ? { value: person } : null } },
          executor: { executor: { type: 'static_select', selected_option: { value: person } } },
          due: { due: { type: 'plain_text_input', value: due } },
          rationale: { rationale: { type: 'plain_text_input', value: answer } },
        };
        const submitted = await h.slack.viewSubmission({ user: by, view: { ...view, id: `V${Math.random()}`, private_metadata: JSON.stringify(meta) }, values });
        await expectAnswered(submitted.status, { how, answer });
      }),
      { numRuns: 100 },
    );
  });

  it('afterwards: nothing crashed, nothing half-written, and everything sent to Slack was valid and inert', async () => {
    await h.settle();
    expect(crashes).toEqual([]);
    // SQLite's own checks of its file (Postgres checks its constraints on every write).
    if (TEST_ENGINE === 'sqlite') {
      const db = h.app.database.sqlite;
      expect((db.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
      expect(db.prepare('pragma foreign_key_check').all()).toEqual([]);
    }
    expect(await sqlAll(h.app, "select kind, attempts from inbox where status != 'done'")).toEqual([]);
    // A listener that fails on a payload it could not read, or a command that hit a bug.
    const failures = h.logs.filter((l) => l.level === 'error' && /could not be handled|command failed|Slack request failed|inbox request failed|job failed/.test(l.msg ?? ''));
    expect(failures.map((l) => `${l.msg}: ${JSON.stringify(l.obj).slice(0, 300)}`)).toEqual([]);

    const problems: string[] = [];
    for (const [i, c] of h.fake.calls.entries()) {
      const where = `${c.method} #${i}`;
      if (['chat.postMessage', 'chat.postEphemeral', 'chat.update'].includes(c.method)) problems.push(...slackMessageProblems(c.args, where), ...slackMentionProblems(c.args, named, where));
      if (c.method === 'views.open' || c.method === 'views.publish') problems.push(...slackViewProblems(c.args.view, where), ...slackMentionProblems(c.args.view, named, where));
    }
    for (const [i, r] of h.fake.responses.entries()) problems.push(...slackMessageProblems(r.body, `response_url #${i}`), ...slackMentionProblems(r.body, named, `response_url #${i}`));
    expect([...new Set(problems)]).toEqual([]);
    expect(h.fake.calls.length).toBeGreaterThan(100);
  });
});
