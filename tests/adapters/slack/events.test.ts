// Events API deliveries: reactions, channel membership, App Home, uninstall — and Slack's
// redeliveries, which must never record anything twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findWorkspace } from '../../../src/db/workspaces.js';
import { BOT_USER } from '../../fakes/slack-api.js';
import { eventId, triggerId } from '../../fakes/slack-requests.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
});
afterEach(async () => {
  await h?.close();
});

const reaction = (user: string, emoji: string, channel: string, ts: string, itemUser: string) => ({
  type: 'reaction_added',
  user,
  reaction: emoji,
  item: { type: 'message', channel, ts },
  item_user: itemUser,
});

describe('a reaction on a channel message', () => {
  it('with the blocker emoji opens a blocker, answers in the thread, and tells the lead privately', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'The bus contract is still unsigned & the vendor wants <@U0SAM0001> to call');
    const since = h.mark();
    const reply = await h.slack.event(reaction(SAM.id, 'rotating_light', LEADERSHIP.id, ts, MARIA.id));
    expect(reply.status).toBe(200);
    await h.settle();
    const calls = since();
    const thread = calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id);
    expect(thread?.args.thread_ts).toBe(ts);
    expect(textOf(thread!.args)).toContain('E-1');
    const dm = calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === ALICE.id);
    expect(textOf(dm!.args)).toContain('E-1');
    // The excerpt: the message's text, people by name, not as mentions.
    expect(textOf(dm!.args)).toContain('The bus contract is still unsigned &amp; the vendor wants @Sam to call');
    // The permalink to the message.
    expect(textOf(dm!.args)).toContain(`https://fake.slack.com/archives/${LEADERSHIP.id}/p${ts.replace('.', '')}`);
    expect(calls.map((c) => c.method)).toEqual(expect.arrayContaining(['chat.getPermalink', 'conversations.history']));
  });

  it('from someone who is not a member flags nothing and makes nobody a member', async () => {
    const zoe = h.fake.user({ id: 'U0ZOE0001', name: 'zoe' });
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'The bus contract is still unsigned');
    const since = h.mark();
    await h.slack.event(reaction(zoe.id, 'rotating_light', LEADERSHIP.id, ts, MARIA.id));
    await h.settle();
    const calls = since();
    expect(calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERSHIP.id)).toEqual([]);
    expect(calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === ALICE.id)).toEqual([]);
    expect(calls.map((c) => textOf(c.args)).join('\n')).toMatch(/You are not a member of District Leadership/);
    const members = await h.run(ALICE, 'members');
    expect(JSON.stringify(members)).not.toContain('zoe');
  });

  it('with a skin tone still counts; the same message flagged again finds the first blocker', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'Copier lease expired');
    await h.slack.event(reaction(SAM.id, 'rotating_light::skin-tone-3', LEADERSHIP.id, ts, MARIA.id));
    await h.settle();
    const since = h.mark();
    await h.slack.event(reaction(ALICE.id, 'rotating_light', LEADERSHIP.id, ts, MARIA.id));
    await h.settle();
    const again = since();
    expect(again.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect(textOf(again.find((c) => c.method === 'chat.postEphemeral')!.args)).toContain('already flagged as *E-1*');
  });

  it('on a thread reply answers in that thread, under its parent', async () => {
    const root = h.fake.say(LEADERSHIP.id, ALICE.id, 'Budget thread');
    const replyTs = h.fake.say(LEADERSHIP.id, MARIA.id, 'Finance has not sent the numbers', root);
    await h.slack.event(reaction(SAM.id, 'rotating_light', LEADERSHIP.id, replyTs, MARIA.id));
    await h.settle();
    const thread = h.fake.posts(LEADERSHIP.id).at(-1)!;
    expect(thread.args.thread_ts).toBe(root);
    expect(textOf(h.fake.posts(ALICE.id).at(-1)!.args)).toContain('Finance has not sent the numbers');
  });

  it('with any other emoji costs nothing: the message is not even fetched', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'Lunch is here');
    const since = h.mark();
    await h.slack.event(reaction(SAM.id, 'tada', LEADERSHIP.id, ts, MARIA.id));
    await h.settle();
    expect(since()).toEqual([]);
  });

  it('with a team-chosen emoji after agreements set blocker-emoji', async () => {
    await h.run(ALICE, 'agreements set blocker-emoji fire');
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'Server room is too hot');
    await h.slack.event(reaction(SAM.id, 'rotating_light', LEADERSHIP.id, ts, MARIA.id));
    await h.settle();
    expect(h.fake.posts(ALICE.id)).toEqual([]);
    await h.slack.event(reaction(SAM.id, 'fire', LEADERSHIP.id, ts, MARIA.id));
    await h.settle();
    expect(textOf(h.fake.posts(ALICE.id).at(-1)!.args)).toContain('Server room is too hot');
  });

  it('with the disagreement emoji hands the message to the core’s de-escalation flow', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'We should cut the PD budget');
    const since = h.mark();
    await h.slack.event(reaction(SAM.id, 'scales', LEADERSHIP.id, ts, MARIA.id));
    await h.settle();
    const calls = since();
    expect(calls.map((c) => c.method)).toContain('conversations.history');
    // Whatever the flow answers (it is its own issue), it answers: in the channel or privately.
    expect(calls.filter((c) => c.method.startsWith('chat.')).length).toBeGreaterThan(0);
  });
});

describe('redeliveries', () => {
  it('a retried event (X-Slack-Retry-Num, same event_id) records the blocker once', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'Substitute pool is empty');
    const id = eventId();
    const first = await h.slack.event(reaction(SAM.id, 'rotating_light', LEADERSHIP.id, ts, MARIA.id), { eventId: id });
    const retry1 = await h.slack.event(reaction(SAM.id, 'rotating_light', LEADERSHIP.id, ts, MARIA.id), { eventId: id, retry: { num: 1, reason: 'http_timeout' } });
    const retry2 = await h.slack.event(reaction(SAM.id, 'rotating_light', LEADERSHIP.id, ts, MARIA.id), { eventId: id, retry: { num: 2, reason: 'http_error' } });
    expect([first.status, retry1.status, retry2.status]).toEqual([200, 200, 200]);
    await h.settle();
    expect(h.fake.posts(LEADERSHIP.id).filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
    expect(h.fake.posts(ALICE.id)).toHaveLength(1);
    const list = await h.run(ALICE, 'list blockers all');
    expect(textOf(list.ephemerals[0]!.body)).toContain('E-1');
    expect(textOf(list.ephemerals[0]!.body)).not.toContain('E-2');
  });

  it('a retry that is the only delivery (the first one never arrived) is processed', async () => {
    const ts = h.fake.say(LEADERSHIP.id, MARIA.id, 'Gym floor flooded');
    await h.slack.event(reaction(SAM.id, 'rotating_light', LEADERSHIP.id, ts, MARIA.id), { retry: { num: 1, reason: 'http_error' } });
    await h.settle();
    expect(h.fake.posts(ALICE.id)).toHaveLength(1);
  });

  it('a slash command resent with the same trigger_id records once', async () => {
    const trigger = triggerId();
    await h.run(MARIA, 'update Bus routes drafted', { triggerId: trigger });
    await h.run(MARIA, 'update Bus routes drafted', { triggerId: trigger });
    expect(h.fake.posts(LEADERSHIP.id).filter((c) => textOf(c.args).includes('Bus routes drafted'))).toHaveLength(1);
    const list = await h.run(MARIA, 'list updates');
    expect(textOf(list.ephemerals[0]!.body)).toContain('U-1');
    expect(textOf(list.ephemerals[0]!.body)).not.toContain('U-2');
  });
});

describe('channel membership', () => {
  it('someone joining the channel becomes a member; leaving stops it; the bot itself is not a member', async () => {
    h.fake.user({ id: 'U0NEWBIE1', name: 'jo', display_name: 'Jo', tz: 'Europe/London' });
    await h.slack.event({ type: 'member_joined_channel', user: 'U0NEWBIE1', channel: LEADERSHIP.id, channel_type: 'C', team: 'T0001', inviter: ALICE.id });
    await h.slack.event({ type: 'member_joined_channel', user: BOT_USER, channel: LEADERSHIP.id, channel_type: 'C', team: 'T0001' });
    await h.settle();
    let members = await h.run(ALICE, 'members');
    expect(textOf(members.ephemerals[0]!.body)).toContain('4 members');
    expect(textOf(members.ephemerals[0]!.body)).toContain('Jo');
    expect(textOf(members.ephemerals[0]!.body)).toContain('Europe/London');
    await h.slack.event({ type: 'member_left_channel', user: 'U0NEWBIE1', channel: LEADERSHIP.id, channel_type: 'C', team: 'T0001' });
    await h.settle();
    members = await h.run(ALICE, 'members');
    expect(textOf(members.ephemerals[0]!.body)).toContain('3 members');
  });
});

describe('App Home', () => {
  it('shows my open commitments, my blockers, my check-in and the team pulse', async () => {
    await h.run(MARIA, 'commit Draft the budget memo by Friday');
    await h.run(MARIA, 'blocker Waiting on the auditors');
    const since = h.mark();
    await h.slack.event({ type: 'app_home_opened', user: MARIA.id, channel: `D${MARIA.id}`, tab: 'home' });
    await h.settle();
    const publish = since().find((c) => c.method === 'views.publish')!;
    expect(publish.args.user_id).toBe(MARIA.id);
    expect(publish.args.view.type).toBe('home');
    const home = JSON.stringify(publish.args.view.blocks);
    expect(home).toContain('My open commitments');
    expect(home).toContain('Draft the budget memo');
    expect(home).toContain('Waiting on the auditors');
    expect(home).toContain('My check-in');
    expect(home).toContain('Open blockers');
    expect(home).toContain('pulse');
  });

  it('the Messages tab opening publishes nothing', async () => {
    const since = h.mark();
    await h.slack.event({ type: 'app_home_opened', user: MARIA.id, channel: `D${MARIA.id}`, tab: 'messages' });
    await h.settle();
    expect(since()).toEqual([]);
  });
});

describe('uninstall', () => {
  it('app_uninstalled marks the workspace inactive and deletes nothing; using Baton again reactivates it', async () => {
    await h.run(MARIA, 'update Still here');
    await h.slack.event({ type: 'app_uninstalled' });
    await h.settle();
    const ws = (await findWorkspace(h.app.database.db, 'slack', 'T0001'))!;
    expect(ws.active).toBe(false);
    const list = await h.run(MARIA, 'list updates');
    expect(textOf(list.ephemerals[0]!.body)).toContain('Still here');
    expect((await findWorkspace(h.app.database.db, 'slack', 'T0001'))!.active).toBe(true);
  });

  it('tokens_revoked for the bot token marks it inactive; for user tokens only, nothing changes', async () => {
    await h.slack.event({ type: 'tokens_revoked', tokens: { oauth: ['U0ALICE01'] } });
    await h.settle();
    expect((await findWorkspace(h.app.database.db, 'slack', 'T0001'))!.active).toBe(true);
    await h.slack.event({ type: 'tokens_revoked', tokens: { bot: [BOT_USER] } });
    await h.settle();
    expect((await findWorkspace(h.app.database.db, 'slack', 'T0001'))!.active).toBe(false);
  });
});

describe('Enterprise Grid, installed org-wide', () => {
  it('keys the workspace on the enterprise id; user ids may start with W', async () => {
    const g = await harness({ team: { id: 'T0GRID01', domain: 'district-west', enterprise: { id: 'E0DISTRICT', name: 'District' } } });
    try {
      g.fake.user({ id: 'W0GRIDLEAD', name: 'pat', display_name: 'Pat', tz: 'America/Denver' });
      const r = await g.run({ id: 'W0GRIDLEAD', name: 'pat' }, 'setup West Leadership');
      expect(textOf(g.fake.posts(LEADERSHIP.id).at(-1)!.args)).toContain('<@W0GRIDLEAD>');
      expect(r.reply.status).toBe(200);
      expect(await findWorkspace(g.app.database.db, 'slack', 'E0DISTRICT')).toBeDefined();
      expect(await findWorkspace(g.app.database.db, 'slack', 'T0GRID01')).toBeUndefined();
      const ts = g.fake.say(LEADERSHIP.id, MARIA.id, 'Grid-wide blocker');
      await g.slack.event(reaction(SAM.id, 'rotating_light', LEADERSHIP.id, ts, MARIA.id));
      await g.settle();
      expect(textOf(g.fake.posts('W0GRIDLEAD').at(-1)!.args)).toContain('Grid-wide blocker');
    } finally {
      await g.close();
    }
  });
});
