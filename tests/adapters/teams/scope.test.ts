// Scope over HTTP in Teams: what one tenant or team can reach of another's. Activities are posted
// to /api/messages as the Bot Framework service posts them; some come from another tenant naming
// this one's channel, some carry card data copied and changed by a member. Each is refused (or
// reads its own team), and the other team's records stay exactly as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, STAFF_CHANNEL, TENANT, type TeamsUser, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type TeamsHarness, cardText, startTeams, submitsOf } from './harness.js';
import { sqlAll, sqlGet } from '../../support/testdb.js';

const OTHER_TENANT = '5b1d6c2e-0000-4000-8000-000000000bad';
const mallory: TeamsUser = { id: '29:1mAlLoRy-elsewhere', name: 'Mallory', aadObjectId: '0c1f6a0e-9999-4a4a-9a9a-dddddddddddd' };
const mariasMessage = { id: '1700000000500', author: maria, html: '<p>I will draft the budget memo</p>' };

let h: TeamsHarness;

/** An activity as if it came from another tenant: every place Teams names the tenant. */
function fromOtherTenant<T extends Record<string, any>>(a: T): T {
  const json = JSON.stringify(a).split(TENANT).join(OTHER_TENANT);
  return JSON.parse(json) as T;
}

/** Everything the Leadership team has: unchanged means untouched. */
async function leadershipRecords(): Promise<unknown> {
  const team = (await sqlGet<{ id: number }>(h.app, "select id from teams where name = 'Leadership'"))!;
  const of = (table: string) => sqlAll(h.app, `select * from ${table} where team_id = ? order by id`, team.id);
  return { commitments: await of('commitments'), blockers: await of('blockers'), decisions: await of('decisions'), updates: await of('updates'), members: await of('members') };
}

/** What Baton sent anywhere since `from`, as text. */
const saidSince = (from: number) => h.fake.posted.slice(from).map(cardText).join('\n');

beforeAll(async () => {
  h = await startTeams();
  h.fake.seat(CHANNEL.id, [alice, maria, sam]);
  await h.post(h.acts.channelMessage(alice, 'setup Leadership'));
  await h.post(h.acts.channelMessage(maria, 'commit Draft the budget memo by Friday'));
  await h.post(h.acts.channelMessage(sam, 'blocker The buses are late'));
  await h.post(h.acts.channelMessage(alice, 'setup Staff', { channel: STAFF_CHANNEL }));
  await h.drain();
});

afterAll(async () => {
  await h?.close();
});

describe('another tenant cannot reach this one', () => {
  it("@Baton in another tenant naming this tenant's channel finds no team there", async () => {
    const before = await leadershipRecords();
    for (const text of ['list all', 'done C-1', 'drop C-1', 'resolve E-1', 'recap', 'export']) {
      const from = h.fake.posted.length;
      const r = await h.post(fromOtherTenant(h.acts.channelMessage(mallory, text)));
      await h.drain();
      expect(r.status).toBeLessThan(500);
      expect(saidSince(from), text).not.toMatch(/budget memo|buses are late/);
    }
    expect(await leadershipRecords()).toEqual(before);
  });

  it("a card button pressed in another tenant with this team's commands acts on nothing here", async () => {
    const before = await leadershipRecords();
    for (const value of ['done C-1', 'resolve E-1', 'list all']) {
      const from = h.fake.posted.length;
      await h.post(fromOtherTenant(h.acts.cardSubmit(mallory, { baton: 'action', actionId: 'command', value })));
      await h.drain();
      expect(saidSince(from), value).not.toMatch(/budget memo|buses are late/);
    }
    expect(await leadershipRecords()).toEqual(before);
  });

  it("a Record-as dialog opened here and submitted from another tenant records nothing", async () => {
    const before = await leadershipRecords();
    const opened = await h.post(h.acts.fetchTask(alice, 'record-commitment', mariasMessage));
    const submit = submitsOf(opened.body.task.value.card.content)[0];
    const r = await h.post(fromOtherTenant(h.acts.submitAction(mallory, 'record-commitment', { ...submit.data, f_text: 'Sneaky', f_owner: maria.id, f_due: 'Friday' }, mariasMessage)));
    await h.drain();
    expect(r.status).toBeLessThan(500);
    expect(await leadershipRecords()).toEqual(before);
    expect(h.fake.posted.map(cardText).join('\n')).not.toContain('Sneaky');
  });
});

describe('another team of the same tenant cannot reach this one', () => {
  it("ids typed in Staff's channel are Staff's", async () => {
    const before = await leadershipRecords();
    const from = h.fake.posted.length;
    await h.post(h.acts.channelMessage(alice, 'done C-1', { channel: STAFF_CHANNEL }));
    await h.drain();
    expect(saidSince(from)).toMatch(/C-1/);
    expect(saidSince(from)).not.toMatch(/budget memo/);
    expect(await leadershipRecords()).toEqual(before);
  });

  it("a Leadership dialog whose state was changed to name Staff's channel records nothing in either team", async () => {
    const before = await leadershipRecords();
    const opened = await h.post(h.acts.fetchTask(alice, 'record-commitment', mariasMessage));
    const submit = submitsOf(opened.body.task.value.card.content)[0];
    const swapped = JSON.parse(JSON.stringify(submit.data).split(CHANNEL.id).join(STAFF_CHANNEL.id));
    expect(JSON.stringify(swapped)).toContain(STAFF_CHANNEL.id);
    const from = h.fake.posted.length;
    await h.post(h.acts.submitAction(sam, 'record-commitment', { ...swapped, f_text: 'Swapped channel', f_owner: sam.id, f_due: 'Friday' }, mariasMessage));
    await h.drain();
    expect(h.fake.postsTo(STAFF_CHANNEL.id).map(cardText).join('\n')).not.toContain('Swapped channel');
    expect(saidSince(from)).not.toContain('committed to: Swapped channel');
    expect(await leadershipRecords()).toEqual(before);
  });

  it('a dialog whose message link was changed to a script link records nothing', async () => {
    const before = await leadershipRecords();
    const opened = await h.post(h.acts.fetchTask(alice, 'record-blocker', mariasMessage));
    const submit = submitsOf(opened.body.task.value.card.content)[0];
    const tampered = JSON.parse(JSON.stringify(submit.data).replace(/https:\/\/teams\.microsoft\.com\/l\/message\/[^"\\]+/, 'javascript:alert(1)'));
    expect(JSON.stringify(tampered)).toContain('javascript:');
    await h.post(h.acts.submitAction(sam, 'record-blocker', { ...tampered, f_text: 'Scripted', f_unblocker: '' }, mariasMessage));
    await h.drain();
    expect(await leadershipRecords()).toEqual(before);
  });
});

describe("a Record-as dialog cannot plant a link or a thread in Baton's posts", () => {
  /** The dialog's submit data with its state's source changed as a member's client could change it. */
  async function tamperedDialog(kind: string, change: (source: Record<string, unknown>) => void) {
    const opened = await h.post(h.acts.fetchTask(maria, kind, mariasMessage));
    const data = submitsOf(opened.body.task.value.card.content)[0].data;
    const state = JSON.parse(data.form.state);
    change(state.source);
    return { ...data, form: { ...data.form, state: JSON.stringify(state) } };
  }
  const everything = () => h.fake.posted.map((p) => JSON.stringify(p.activity)).join('\n');

  it("a link changed in the dialog's state reaches no one: not the lead's DM, not the channel", async () => {
    const before = await leadershipRecords();
    const data = await tamperedDialog('record-blocker', (s) => (s.url = 'https://evil.example/login'));
    await h.post(h.acts.submitAction(maria, 'record-blocker', { ...data, f_text: 'Planted link', f_unblocker: '' }, mariasMessage));
    await h.drain();
    expect(everything()).not.toContain('evil.example');
    expect(await leadershipRecords()).toEqual(before);
  });

  it("a message id changed in the dialog's state posts in no thread of the attacker's choosing", async () => {
    const before = await leadershipRecords();
    const data = await tamperedDialog('record-commitment', (s) => (s.messageId = '1699999999999'));
    await h.post(h.acts.submitAction(maria, 'record-commitment', { ...data, f_text: 'Planted thread', f_owner: maria.id, f_due: 'Friday' }, mariasMessage));
    await h.drain();
    expect(h.fake.postsTo(`${CHANNEL.id};messageid=1699999999999`)).toEqual([]);
    expect(await leadershipRecords()).toEqual(before);
  });

  it("a message action whose link is not Teams' own link to that message records Teams' link instead", async () => {
    const action = h.acts.fetchTask(maria, 'record-blocker', mariasMessage) as any;
    action.value.messagePayload.linkToMessage = 'https://evil.example/l/message/x';
    const opened = await h.post(action);
    const data = submitsOf(opened.body.task.value.card.content)[0].data;
    await h.post(h.acts.submitAction(maria, 'record-blocker', { ...data, f_text: 'Linked from a forged action', f_unblocker: '' }, mariasMessage));
    await h.drain();
    expect(everything()).not.toContain('evil.example');
    const stored = (await sqlGet(h.app, "select source_url from blockers where text = 'Linked from a forged action'")) as { source_url: string };
    expect(stored.source_url).toMatch(new RegExp(`^https://teams\\.microsoft\\.com/l/message/${encodeURIComponent(CHANNEL.id).replace(/[%.]/g, '\\$&')}/${mariasMessage.id}\\?`));
  });

  it('a message action naming a message id that is not a Teams message id opens no dialog', async () => {
    const action = h.acts.fetchTask(maria, 'record-commitment', { ...mariasMessage, id: '1700000000500;messageid=1' }) as any;
    const opened = await h.post(action);
    expect(opened.body.task.type).toBe('message');
  });
});

describe('broadcast speaks only where the lead may speak', () => {
  const channelMention = (ch: { id: string; name: string }) => ({ extraMentions: [{ type: 'mention', text: `<at>${ch.name}</at>`, mentioned: { id: ch.id, name: ch.name, conversationIdentityType: 'channel' } }] });
  /** A standard channel of the Teams team Baton has never heard from: its members are the team's. */
  const EVERYONE = { id: '19:a11sTaFf0000000000000000000000@thread.tacv2', name: 'Everyone' };
  const MARIAS = { id: '19:mAr1a5000000000000000000000000@thread.tacv2', name: 'Marias Team' };
  const GUESTS = { id: '19:gUe5t5000000000000000000000000@thread.tacv2', name: 'Guests' };
  const lee: TeamsUser = { id: '29:1lEeXyZ-guest', name: 'Lee Park', aadObjectId: '0c1f6a0e-4444-4a4a-9a9a-eeeeeeeeeeee' };
  const dmsSince = (u: TeamsUser, from: number) => h.fake.posted.slice(from).filter((p) => h.fake.dmsTo(u.id).includes(p)).map(cardText).join('\n');

  beforeAll(async () => {
    h.fake.seat(CHANNEL.id, [alice, maria, sam]);
    h.fake.seat(MARIAS.id, [maria]);
    h.fake.seat(GUESTS.id, [lee]);
    await h.post(h.acts.channelMessage(maria, 'setup Marias Team', { channel: MARIAS }));
    await h.post(h.acts.channelMessage(lee, 'setup Guests', { channel: GUESTS }));
    await h.drain();
  });

  it("a team's lead cannot point broadcast at another team's channel; decisions then stay home", async () => {
    const from = h.fake.posted.length;
    await h.post(h.acts.channelMessage(maria, `broadcast <at>${CHANNEL.name}</at>`, { channel: MARIAS, ...channelMention(CHANNEL) }));
    await h.post(h.acts.channelMessage(maria, 'decide Everyone works Saturdays', { channel: MARIAS }));
    await h.drain();
    expect(dmsSince(maria, from)).toMatch(/channel of another team \(Leadership\)/);
    expect(saidSince(from)).toContain('Everyone works Saturdays');
    expect(h.fake.postsTo(CHANNEL.id).map(cardText).join('\n')).not.toContain('Everyone works Saturdays');
  });

  it('nor at a channel of the Teams team they are not in (its members as Teams lists them)', async () => {
    const from = h.fake.posted.length;
    await h.post(h.acts.channelMessage(lee, `broadcast <at>${EVERYONE.name}</at>`, { channel: GUESTS, ...channelMention(EVERYONE) }));
    await h.post(h.acts.channelMessage(lee, 'decide Everyone works Sundays', { channel: GUESTS }));
    await h.drain();
    expect(dmsSince(lee, from)).toMatch(/You aren't in #Everyone/);
    expect(h.fake.postsTo(EVERYONE.id)).toEqual([]);
  });

  it('a channel Baton knows no way to read is refused with what to do', async () => {
    const from = h.fake.posted.length;
    const elsewhere = { id: '19:nOwHeRe0000000000000000000000@thread.tacv2', name: 'Nowhere' };
    // Named in a message that does not say which Teams team it came from: nothing tells whose channel it is.
    const a = h.acts.channelMessage(lee, 'broadcast <at>Nowhere</at>', { channel: GUESTS, extraMentions: [{ type: 'mention', text: '<at>Nowhere</at>', mentioned: { id: elsewhere.id, name: 'Nowhere', conversationIdentityType: 'channel' } }] }) as any;
    delete a.channelData.team;
    await h.post(a);
    await h.drain();
    expect(dmsSince(lee, from)).toMatch(/Baton couldn't see who is in #Nowhere/);
  });

  it('a lead in the channel sets it (a channel of the team Baton has not heard from), and the team is told', async () => {
    const from = h.fake.posted.length;
    await h.post(h.acts.channelMessage(alice, `broadcast <at>${EVERYONE.name}</at>`, channelMention(EVERYONE)));
    await h.drain();
    expect(saidSince(from)).not.toMatch(/aren't in|couldn't see/);
    expect(h.fake.postsTo(CHANNEL.id).slice(-3).map(cardText).join('\n')).toMatch(/decisions are also announced in/);
  });
});
