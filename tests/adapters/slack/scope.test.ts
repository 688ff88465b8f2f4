// Scope over HTTP: what one workspace or team can reach of another's. Two workspaces share the
// app (an org-wide install, one signing secret); a second team lives in the first workspace.
// Requests are real signed Slack requests, some made up by a member who copied ids, button
// values and a modal's private_metadata from what they saw elsewhere. Each is refused (or reads
// its own team) and the other team's records stay exactly as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../fakes/slack-api.js';
import { SlackRequests } from '../../fakes/slack-requests.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, SECRET, STAFF, harness, textOf } from './harness.js';
import { sqlAll, sqlGet } from '../../support/testdb.js';

const MALLORY = { id: 'U0MALLORY', name: 'mallory' };
const OTHER_CHANNEL = { id: 'C0OTHER01', name: 'other-leadership' };

let h: Harness;
let other: SlackRequests;

/** Everything the Leadership team has, as the database holds it: unchanged means untouched. */
async function leadershipRecords(): Promise<unknown> {
  const team = (await sqlGet<{ id: number }>(h.app, "select id from teams where name = 'Leadership'"))!;
  const of = (table: string) => sqlAll(h.app, `select * from ${table} where team_id = ? order by id`, team.id);
  return { commitments: await of('commitments'), blockers: await of('blockers'), decisions: await of('decisions'), updates: await of('updates'), members: await of('members') };
}

/** A request from the other workspace; returns its reply and what it sent to Slack. */
async function fromOther(send: () => Promise<{ status: number; body: string }>): Promise<{ status: number; body: string; calls: SlackCall[]; said: string }> {
  const since = h.mark();
  const r = await send();
  await h.settle();
  const calls = since();
  const said = [r.body, ...calls.map((c) => textOf(c.args)), ...h.fake.responses.slice(-5).map((p) => textOf(p.body))].join('\n');
  return { ...r, calls, said };
}

/** A Record-as-commitment modal's state values, as Slack sends them on submit. */
function commitmentAnswers(text: string, owner: string) {
  return {
    text: { text: { type: 'plain_text_input', value: text } },
    owner: { owner: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value: owner } } },
    due: { due: { type: 'plain_text_input', value: 'Friday' } },
  };
}

let openedView: Record<string, any>;
let flaggedTs: string;

beforeAll(async () => {
  h = await harness();
  h.fake.user({ id: MALLORY.id, name: 'mallory', display_name: 'Mallory', tz: 'UTC' });
  h.fake.channel(OTHER_CHANNEL.id, OTHER_CHANNEL.name, [MALLORY.id, 'UBATONBOT']);
  other = new SlackRequests(`http://127.0.0.1:${h.app.port}/slack/events`, SECRET, { id: 'T0OTHER01', domain: 'other-district' });

  await h.run(ALICE, 'setup Leadership');
  await h.run(ALICE, `members add <@${MARIA.id}|maria> <@${SAM.id}|sam>`);
  await h.run(MARIA, 'commit Draft the budget memo by Friday');
  await h.run(SAM, 'blocker The buses are late');
  await h.run(ALICE, 'decide Start school at 8:30');
  // A second team in the same workspace.
  await h.run(ALICE, 'setup Staff', { channel: STAFF });
  // The other workspace's own team.
  await other.command({ user: MALLORY, channel: OTHER_CHANNEL, text: 'setup Other District', responseUrl: h.fake.responseUrl() });
  await h.settle();

  // Mallory will try to reuse a shortcut modal that was opened in Leadership.
  flaggedTs = h.fake.say(LEADERSHIP.id, MARIA.id, 'I will call the bus company');
  const since = h.mark();
  await h.slack.messageShortcut({ callbackId: 'record_commitment', user: ALICE, channel: LEADERSHIP, message: { ts: flaggedTs, user: MARIA.id, text: 'I will call the bus company' }, responseUrl: h.fake.responseUrl() });
  await h.settle();
  openedView = since().find((c) => c.method === 'views.open')!.args.view;
});

afterAll(async () => {
  await h?.close();
});

describe('another workspace cannot reach this one', () => {
  it("/baton in the other workspace naming this workspace's channel finds no team there", async () => {
    const before = await leadershipRecords();
    for (const text of ['list all', 'done C-1', 'drop C-1', 'resolve E-1', 'move C-1 to Monday', 'recap', 'export']) {
      const r = await fromOther(() => other.command({ user: MALLORY, channel: LEADERSHIP, text, responseUrl: h.fake.responseUrl() }));
      expect(r.status).toBe(200);
      expect(r.said, text).not.toMatch(/budget memo|buses are late|8:30/);
      expect(r.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id), text).toEqual([]);
    }
    expect(await leadershipRecords()).toEqual(before);
  });

  it("ids in the other workspace's own team are that team's: C-1 there is not this C-1", async () => {
    const before = await leadershipRecords();
    const r = await fromOther(() => other.command({ user: MALLORY, channel: OTHER_CHANNEL, text: 'done C-1', responseUrl: h.fake.responseUrl() }));
    expect(r.said).toMatch(/C-1/);
    expect(r.said).not.toMatch(/budget memo/);
    expect(await leadershipRecords()).toEqual(before);
  });

  it("a shortcut modal's private_metadata from this workspace, submitted from the other, records nothing", async () => {
    const before = await leadershipRecords();
    const values = commitmentAnswers('Sneaky commitment', MALLORY.id);
    const r = await fromOther(() => other.viewSubmission({ user: MALLORY, view: { ...openedView, id: 'V999' }, values }));
    expect(r.status).toBe(200);
    expect(r.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect(await leadershipRecords()).toEqual(before);
    expect(JSON.stringify((await sqlAll(h.app, 'select text from commitments')))).not.toContain('Sneaky');
  });

  it("a reaction in the other workspace on this workspace's message flags nothing here", async () => {
    const before = await leadershipRecords();
    const r = await fromOther(() =>
      other.event({ type: 'reaction_added', user: MALLORY.id, reaction: 'rotating_light', item: { type: 'message', channel: LEADERSHIP.id, ts: flaggedTs }, item_user: MARIA.id, event_ts: `${Date.now() / 1000}` }),
    );
    expect(r.status).toBe(200);
    expect(r.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect(await leadershipRecords()).toEqual(before);
  });

  it("a button pressed in the other workspace with this team's values acts on nothing here", async () => {
    const before = await leadershipRecords();
    for (const value of ['done C-1', 'resolve E-1', 'list all']) {
      const r = await fromOther(() => other.buttonPress({ user: MALLORY, channel: LEADERSHIP, messageTs: '1700000000.000100', actionId: 'command', value, responseUrl: h.fake.responseUrl() }));
      expect(r.status).toBeLessThan(500);
      expect(r.said, value).not.toMatch(/budget memo|buses are late/);
    }
    expect(await leadershipRecords()).toEqual(before);
  });
});

describe('another team in the same workspace cannot reach this one', () => {
  it("ids typed in Staff's channel are Staff's", async () => {
    const before = await leadershipRecords();
    const r = await h.run(ALICE, 'done C-1', { channel: STAFF });
    expect(textOf(r.ephemerals.at(-1)?.body ?? {})).toMatch(/C-1/);
    expect(await leadershipRecords()).toEqual(before);
  });

  it("the Leadership modal submitted with Staff's channel in its metadata records nothing in either team", async () => {
    const before = await leadershipRecords();
    const meta = openedView.private_metadata as string;
    const swapped = meta.split(LEADERSHIP.id).join(STAFF.id);
    const values = commitmentAnswers('Swapped channel', SAM.id);
    const since = h.mark();
    await h.slack.viewSubmission({ user: SAM, view: { ...openedView, id: 'V998', private_metadata: swapped }, values });
    await h.settle();
    expect(since().filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect(await leadershipRecords()).toEqual(before);
  });

  it('a modal whose message link was changed to a script link is refused', async () => {
    const before = await leadershipRecords();
    const meta = openedView.private_metadata as string;
    const tampered = meta.replace(/https:\/\/fake\.slack\.com\/archives\/[^"\\]+/, 'javascript:alert(1)');
    expect(tampered).toContain('javascript:');
    const values = commitmentAnswers('Scripted link', SAM.id);
    const since = h.mark();
    await h.slack.viewSubmission({ user: SAM, view: { ...openedView, id: 'V997', private_metadata: tampered }, values });
    await h.settle();
    expect(since().filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect(await leadershipRecords()).toEqual(before);
  });

  it('a person outside the team is refused what needs a member or lead, and sees no private items', async () => {
    const before = await leadershipRecords();
    h.fake.user({ id: 'U0VISITOR', name: 'visitor', display_name: 'Visitor', tz: 'UTC' });
    const visitor = { id: 'U0VISITOR', name: 'visitor' };
    for (const text of ['done C-1', 'drop C-1', 'move C-1 to Monday', 'resolve E-1', `role <@${MARIA.id}|maria> lead`]) {
      const r = await h.run(visitor, text);
      expect(textOf(r.ephemerals.at(-1)?.body ?? {}), text).toMatch(/only|lead|owner|member|not/i);
    }
    expect(await leadershipRecords()).toEqual(before);
  });
});

describe("broadcast speaks only where the lead may speak", () => {
  const MARIAS = { id: 'C0MARIA01', name: 'marias-team' };
  const ALL_STAFF = { id: 'C0ALLSTF1', name: 'all-staff' };
  const privately = (r: { ephemerals: { body: any }[] }) => r.ephemerals.map((e) => textOf(e.body)).join('\n');
  const postedTo = (r: { calls: SlackCall[] }, channel: string) => r.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel).map((c) => textOf(c.args)).join('\n');

  beforeAll(async () => {
    h.fake.channel(MARIAS.id, MARIAS.name, [MARIA.id, 'UBATONBOT']);
    h.fake.channel(ALL_STAFF.id, ALL_STAFF.name, [ALICE.id, SAM.id, 'UBATONBOT']);
    await h.run(MARIA, 'setup Marias Team', { channel: MARIAS });
  });

  it("a team's lead cannot point broadcast at another team's channel; decisions then stay home", async () => {
    const r = await h.run(MARIA, `broadcast <#${LEADERSHIP.id}|${LEADERSHIP.name}>`, { channel: MARIAS });
    expect(privately(r)).toMatch(/channel of another team \(Leadership\)/);
    const d = await h.run(MARIA, 'decide Everyone works Saturdays', { channel: MARIAS });
    expect(postedTo(d, MARIAS.id)).toContain('Everyone works Saturdays');
    expect(postedTo(d, LEADERSHIP.id)).toBe('');
  });

  it('nor at a channel they are not in', async () => {
    const r = await h.run(MARIA, `broadcast <#${ALL_STAFF.id}|${ALL_STAFF.name}>`, { channel: MARIAS });
    expect(privately(r)).toMatch(/You aren't in #all-staff/);
    const d = await h.run(MARIA, 'decide Everyone works Sundays', { channel: MARIAS });
    expect(postedTo(d, ALL_STAFF.id)).toBe('');
  });

  it("a channel whose members Slack won't list is refused with what to do, not allowed", async () => {
    const r = await h.run(MARIA, 'broadcast <#C0NOSUCH1|secret>', { channel: MARIAS });
    expect(privately(r)).toMatch(/Baton couldn't see who is in #secret.*Add Baton to that channel/s);
    const d = await h.run(MARIA, 'decide Everyone works holidays', { channel: MARIAS });
    expect(postedTo(d, 'C0NOSUCH1')).toBe('');
  });

  it('a lead in a channel of 2,000 people is found there without asking Slack about each of them', async () => {
    const big = { id: 'C0BIGSTF1', name: 'everyone' };
    const crowd = Array.from({ length: 2000 }, (_, i) => `U0CROWD${String(i).padStart(4, '0')}`);
    h.fake.channel(big.id, big.name, [...crowd.slice(0, 1999), MARIA.id, 'UBATONBOT']);
    const r = await h.run(MARIA, `broadcast <#${big.id}|${big.name}>`, { channel: MARIAS });
    expect(privately(r)).toContain(`<#${big.id}>`);
    expect(r.calls.filter((c) => c.method === 'users.info').length).toBeLessThan(10);
    await h.run(MARIA, 'broadcast off', { channel: MARIAS });
  });

  it('a lead who is in the channel sets it, and the team is told where its decisions now go', async () => {
    const r = await h.run(ALICE, `broadcast <#${ALL_STAFF.id}|${ALL_STAFF.name}>`);
    expect(privately(r)).toContain(`<#${ALL_STAFF.id}>`);
    expect(postedTo(r, LEADERSHIP.id)).toMatch(new RegExp(`decisions are also announced in <#${ALL_STAFF.id}>`));
    const off = await h.run(ALICE, 'broadcast off');
    expect(postedTo(off, LEADERSHIP.id)).toMatch(/decisions are no longer announced outside this channel/);
  });
});
