// Hostile and malformed Teams activities over HTTP, posted to /api/messages as the Bot Framework
// service posts them: messages with random text, <at> tags and mention entities that do or do
// not match; card submits with tampered data; task modules and message extension invokes with
// random values and hostile message bodies; reactions and membership updates with random fields.
// For every one: an answer below 500 and no unhandled exception; afterwards nothing is
// half-written, and every activity Baton posted is within Teams' size, with no <at> that is not
// one of its own mention entities and no link that is not http(s).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, TENANT, type TeamsUser, alice, maria, sam } from '../../fakes/teams-activities.js';
import { teamsActivityProblems } from '../../support/platform-limits.js';
import { type TeamsHarness, startTeams } from './harness.js';
import { TEST_ENGINE } from '../../support/testdb.js';

let h: TeamsHarness;
const crashes: unknown[] = [];
const onCrash = (err: unknown) => void crashes.push(err);

beforeAll(async () => {
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
  h = await startTeams();
  h.fake.seat(CHANNEL.id, [alice, maria, sam]);
  await h.post(h.acts.channelMessage(alice, 'setup District Leadership'));
  await h.post(h.acts.channelMessage(maria, 'commit Draft the budget memo by Friday'));
  await h.post(h.acts.channelMessage(sam, 'blocker The buses are late'));
  await h.drain();
});

afterAll(async () => {
  process.off('unhandledRejection', onCrash);
  process.off('uncaughtException', onCrash);
  await h?.close();
});

const NASTY = [
  '<at>Alice Moreno</at>', '<at>Baton</at>', '</at>', '<at>', '<at id="0">x</at>', '@channel', '@here', '**bold**', '_it_', '[click](javascript:alert(1))',
  '[x](https://evil.example)', '<script>alert(1)</script>', '&lt;at&gt;Alice&lt;/at&gt;', '&amp;', '# heading', '- item', '1. item', '> quote', '|a|b|',
  '\u202E', '\u200B', '\u0000', '\u001B[31m', '👩🏽‍🏫', '=HYPERLINK("http://x")', '<@29:1aLiCeXyZ-superintendent|Alice>', '<#19:x|general>', '<!channel>', '\uE000', '\uE0010\uE001',
];
const hostile = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 12 })), { maxLength: 8 }).map((p) => p.join(' ')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1900, max: 6000 }).map((n) => 'y'.repeat(n)) },
);
const junk = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.string({ maxLength: 20 }), fc.boolean(), fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
const stranger: TeamsUser = { id: '29:1sTrAnGeR', name: 'Stranger <at>x</at> **bold**', aadObjectId: '0c1f6a0e-9999-4a4a-9a9a-999999999999' };
const person = fc.constantFrom(alice, maria, sam, stranger);
const verb = fc.constantFrom('update', 'commit', 'blocker', 'decide', 'goal', 'done C-1', 'resolve E-1', 'members add', 'role', 'disagree', 'setup', 'list', 'mine', 'help', '');
const mention = fc.record({
  type: fc.oneof(fc.constant('mention'), junk),
  text: fc.oneof(fc.constantFrom('<at>Alice Moreno</at>', '<at>Maria Chen</at>', '<at>Nobody</at>', ''), fc.string({ maxLength: 20 }), junk),
  mentioned: fc.oneof(fc.record({ id: fc.oneof(fc.constantFrom(alice.id, maria.id, '29:1nOnE', '19:channel@thread', 'tag-id'), junk), name: fc.oneof(fc.constantFrom('Alice Moreno', 'Maria Chen', '**x**', '<at>y</at>'), junk), conversationIdentityType: fc.oneof(fc.constantFrom('person', 'channel', 'tag', 'team'), junk) }, { requiredKeys: [] }), junk),
}, { requiredKeys: [] });
const where = fc.constantFrom('channel', 'personal', 'group', 'elsewhere');

function messageIn(w: string, u: TeamsUser, text: string, mentions: object[]) {
  if (w === 'personal') return { ...h.acts.personalMessage(u, text), entities: mentions };
  if (w === 'group') return { ...h.acts.groupMessage(u, '19:groupchat@thread.v2', text), entities: mentions };
  const a = h.acts.channelMessage(u, text, w === 'elsewhere' ? { channel: { id: '19:elsewhere@thread.tacv2', name: 'Elsewhere' } } : {});
  return { ...a, entities: [...a.entities, ...mentions] };
}

const formData = fc.record({
  baton: fc.oneof(fc.constantFrom('form', 'action'), junk),
  actionId: fc.oneof(fc.constantFrom('command', 'checkin.open', 'checkin.skip', 'nope'), junk),
  value: fc.oneof(hostile, fc.constantFrom('mine', 'list all', 'export', 'checkin off'), fc.constant(JSON.stringify({ teamId: 1, runId: 1 })), junk),
  form: fc.oneof(
    fc.record({
      formId: fc.oneof(fc.constantFrom('record', 'checkin', 'nope'), junk),
      state: fc.oneof(fc.record({ kind: fc.constantFrom('commitment', 'blocker', 'decision'), teamId: fc.constantFrom(1, 2, 999), source: fc.record({ messageId: fc.string({ maxLength: 10 }), channelId: fc.constantFrom(CHANNEL.id, '19:elsewhere@thread.tacv2'), url: fc.oneof(fc.constant('javascript:alert(1)'), fc.webUrl()) }) }).map((x) => JSON.stringify(x)), fc.string({ maxLength: 30 }), junk),
      title: fc.oneof(hostile, junk),
      submitLabel: fc.oneof(hostile, junk),
      fields: fc.oneof(fc.array(fc.record({ type: fc.constantFrom('text', 'select'), id: fc.constantFrom('text', 'owner', 'due', 'unblocker'), label: hostile, options: fc.constant([]) }), { maxLength: 3 }), junk),
    }, { requiredKeys: [] }),
    junk,
  ),
  f_text: fc.oneof(hostile, junk),
  f_owner: fc.oneof(fc.constantFrom(alice.id, maria.id, '29:1nOnE'), junk),
  f_due: fc.oneof(fc.constantFrom('Friday', 'yesterday'), hostile, junk),
}, { requiredKeys: [] });

const html = fc.oneof(hostile.map((t) => `<div><p>${t}</p></div>`), hostile, fc.constant('<at id="0">Alice</at> <a href="javascript:x">x</a><img src=x onerror=alert(1)>'));
const invokeName = fc.constantFrom('task/fetch', 'task/submit', 'composeExtension/fetchTask', 'composeExtension/submitAction', 'fileConsent/invoke', 'adaptiveCard/action', 'composeExtension/query', 'signin/verifyState', 'nope');

async function expectAnswered(activity: object): Promise<{ status: number; body: any }> {
  const r = await h.post(activity);
  expect(r.status, JSON.stringify(activity).slice(0, 500)).toBeLessThan(500);
  await h.drain();
  return r;
}

const invokeAnswers: { name: string; body: any }[] = [];

describe('hostile Teams activities over HTTP', () => {
  it('messages with random text, <at> tags and mention entities that may not match', async () => {
    await fc.assert(
      fc.asyncProperty(person, where, verb, hostile, fc.array(mention, { maxLength: 3 }), async (u, w, v, text, mentions) => {
        await expectAnswered(messageIn(w, u, `${v} ${text}`.trim(), mentions));
      }),
      { numRuns: 80 },
    );
  });

  it('card submits with tampered or random data', async () => {
    await fc.assert(
      fc.asyncProperty(person, fc.boolean(), fc.oneof(formData, junk), async (u, personal, value) => {
        await expectAnswered({ ...h.acts.cardSubmit(u, {}, { personal }), value });
      }),
      { numRuns: 120 },
    );
  });

  it('task modules, message extensions, file consent and unknown invokes with random values', async () => {
    await fc.assert(
      fc.asyncProperty(person, invokeName, fc.constantFrom('record-commitment', 'record-blocker', 'record-decision', 'nope'), html, fc.oneof(formData, junk), fc.boolean(), async (u, name, commandId, body, data, personal) => {
        const message = { id: `17${Math.floor(Math.random() * 1e9)}`, author: maria, html: body };
        let activity: Record<string, any>;
        if (name === 'composeExtension/fetchTask') activity = h.acts.fetchTask(u, commandId, message);
        else if (name === 'composeExtension/submitAction') activity = h.acts.submitAction(u, commandId, (data ?? {}) as object, message);
        else if (name === 'task/fetch') activity = h.acts.taskFetch(u, (data ?? {}) as object, { personal });
        else if (name === 'task/submit') activity = h.acts.taskSubmit(u, (data ?? {}) as object, { personal });
        else if (name === 'fileConsent/invoke') activity = h.acts.fileConsent(u, personal ? 'accept' : 'decline', { key: data }, { uploadUrl: 'https://evil.example/upload', name: 'x.csv' });
        else activity = { ...h.acts.taskFetch(u, {}, { personal }), name, value: data };
        const r = await expectAnswered(activity);
        invokeAnswers.push({ name, body: r.body });
      }),
      { numRuns: 150 },
    );
  });

  it('reactions and membership updates with random fields', async () => {
    const posted = () => h.fake.postsTo(CHANNEL.id).map((p) => p.id);
    await fc.assert(
      fc.asyncProperty(person, fc.oneof(fc.constantFrom('surprised', 'like', 'angry'), fc.string({ maxLength: 20 }), junk), fc.boolean(), fc.array(fc.record({ id: fc.oneof(fc.constantFrom(alice.id, stranger.id, '28:bot'), junk), name: fc.oneof(hostile, junk) }, { requiredKeys: [] }), { maxLength: 3 }), async (u, type, onOwn, members) => {
        const ids = posted();
        const target = onOwn && ids.length ? ids[Math.floor(Math.random() * ids.length)]! : '1700000000999';
        await expectAnswered({ ...h.acts.reaction(u, target, 'surprised'), reactionsAdded: [{ type }] });
        const update = h.acts.teamMembersAdded(u, []);
        await expectAnswered({ ...update, membersAdded: members });
        await expectAnswered({ ...h.acts.teamMembersRemoved(u, []), membersRemoved: members.filter((m) => m.id !== alice.id) });
      }),
      { numRuns: 60 },
    );
  });

  it('activities of no known shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom('message', 'invoke', 'messageReaction', 'conversationUpdate', 'installationUpdate', 'event', 'typing'), fc.string({ maxLength: 10 })), fc.dictionary(fc.constantFrom('from', 'conversation', 'channelData', 'value', 'text', 'entities', 'recipient', 'serviceUrl', 'id', 'name', 'replyToId'), junk), async (type, fields) => {
        const base = h.acts.personalMessage(alice, 'help') as Record<string, any>;
        await expectAnswered({ ...base, ...fields, type, serviceUrl: h.fake.url, channelData: fields.channelData ?? { tenant: { id: TENANT } } });
      }),
      { numRuns: 100 },
    );
  });

  it('afterwards: nothing crashed, nothing half-written, and everything Teams got was valid and inert', async () => {
    await h.drain();
    expect(crashes).toEqual([]);
    // SQLite's own checks of its file (Postgres checks its constraints on every write).
    if (TEST_ENGINE === 'sqlite') {
      const db = h.app.database.sqlite;
      expect((db.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
      expect(db.prepare('pragma foreign_key_check').all()).toEqual([]);
    }
    const failures = h.logs.filter((l) => l.level === 'error' && /failed/.test(l.msg ?? '') && !/could not be delivered/.test(l.msg ?? ''));
    expect(failures.map((l) => `${l.msg}: ${JSON.stringify(l.obj).slice(0, 1500)}`)).toEqual([]);
    const problems: string[] = [];
    for (const [i, p] of [...h.fake.posted, ...h.fake.updated].entries()) problems.push(...teamsActivityProblems(p.activity, `activity #${i}`));
    for (const [i, a] of invokeAnswers.entries()) {
      const card = a.body?.task?.value?.card;
      if (card) problems.push(...teamsActivityProblems({ attachments: [card] }, `${a.name} answer #${i}`));
    }
    expect([...new Set(problems)]).toEqual([]);
    expect(h.fake.posted.length).toBeGreaterThan(50);
  });
});
