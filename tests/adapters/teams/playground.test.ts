// Baton driven the way Microsoft 365 Agents Playground (@microsoft/m365agentsplayground 0.2.28,
// the official local Teams test client) drives a bot. Its activities differ from a real tenant's:
// people are `user-id-0` … (not `29:…`), the channel is `channel-announcements-id` (not `19:…`),
// a channel message's conversation id has no `;messageid=`, channelData's team has no name, and
// there is no HTML attachment. The shapes below are copied from the Playground's own source
// (MessageActivityGenerator.generateMessageActivityFromMessage, BaseActivityGenerator
// .generateBaseActivity and TeamsStrategy.getMessageProps in its dist/index.js), with the users of
// manifest/teams/playground.yml.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TeamsHarness, cardText, startTeams } from './harness.js';

interface PlaygroundUser {
  id: string;
  name: string;
  aadObjectId: string;
}

const TENANT = '00000000-0000-0000-0000-0000000000001';
const BOT = { id: '00000000-0000-0000-0000-00000000000011', name: 'Baton' };
const TEAM_ID = 'team-id';
const CHANNEL_ID = 'channel-leadership-id';
const alex: PlaygroundUser = { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' };
const megan: PlaygroundUser = { id: 'user-id-1', name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-0000000000021' };
const adele: PlaygroundUser = { id: 'user-id-2', name: 'Adele Vance', aadObjectId: '00000000-0000-0000-0000-0000000000022' };

let seq = 0;
const guid = () => `6f1c2a3b-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

/**
 * A message typed in the Playground's channel view, "@Baton" picked first. `mentions` are the
 * people picked from the @ list: the text carries `<at>Name</at>` and an entity names them.
 */
function channelMessage(serviceUrl: string, from: PlaygroundUser, text: string, mentions: PlaygroundUser[] = []) {
  const timestamp = new Date().toISOString();
  return {
    id: guid(),
    timestamp,
    channelId: 'msteams',
    serviceUrl,
    recipient: { id: BOT.id, name: BOT.name },
    conversation: { id: CHANNEL_ID, isGroup: true, conversationType: 'channel', tenantId: TENANT },
    from: { id: from.id, aadObjectId: from.aadObjectId, name: from.name },
    type: 'message',
    text: `<at>${BOT.name}</at> ${text}`,
    textFormat: 'plain',
    attachments: [],
    localTimestamp: timestamp,
    locale: 'en-US',
    localTimezone: 'America/Chicago',
    channelData: { teamsChannelId: CHANNEL_ID, teamsTeamId: TEAM_ID, tenant: { id: TENANT }, team: { id: TEAM_ID }, channel: { id: CHANNEL_ID } },
    entities: [
      { type: 'mention', mentioned: { id: BOT.id, name: BOT.name }, text: `<at>${BOT.name}</at>` },
      ...mentions.map((m) => ({ type: 'mention', mentioned: { id: m.id, name: m.name }, text: `<at>${m.name}</at>` })),
      { locale: 'en-US', country: 'US', timezone: 'America/Chicago', type: 'clientInfo' },
    ],
  };
}

let h: TeamsHarness;
let say: (from: PlaygroundUser, text: string, mentions?: PlaygroundUser[]) => Promise<{ channel: string; dm: string }>;

beforeEach(async () => {
  h = await startTeams();
  // The Playground's connector answers the roster from its config file's users.
  h.fake.seat(CHANNEL_ID, [alex, megan, adele]);
  h.fake.seat(TEAM_ID, [alex, megan, adele]);
  say = async (from, text, mentions = []) => {
    const channelBefore = h.fake.postsTo(CHANNEL_ID).length;
    const dmBefore = h.fake.dmsTo(from.id).length;
    await h.send(channelMessage(h.fake.url, from, text, mentions));
    return {
      channel: h.fake.postsTo(CHANNEL_ID).slice(channelBefore).map(cardText).join('\n---\n'),
      dm: h.fake.dmsTo(from.id).slice(dmBefore).map(cardText).join('\n---\n'),
    };
  };
  const set = await say(alex, 'setup District Leadership');
  expect(set.channel).toContain('Baton is set up for District Leadership');
});
afterEach(async () => {
  await h.close();
});

const at = (u: PlaygroundUser) => `<at>${u.name}</at>`;

describe('Baton in Microsoft 365 Agents Playground (its default user ids)', () => {
  it('role takes a person picked from the @ list', async () => {
    const got = await say(alex, `role ${at(megan)} lead`, [megan]);
    expect(got.channel).toContain('Megan Bowen');
    expect(got.channel).toContain('lead');
    expect(got.dm).toBe('');
  });

  it('commit … by Friday @Megan makes Megan the owner', async () => {
    const got = await say(alex, `commit Draft the budget memo by Friday ${at(megan)}`, [megan]);
    expect(got.channel).toContain('C-1');
    expect(got.channel).toContain('**C-1** Alex Wilber asked <at>Megan Bowen</at> to: Draft the budget memo');
  });

  it('disagree … with @Megan starts a flow with her as the other party', async () => {
    // The lead is a party, so someone neutral has to be named to facilitate first.
    const named = await say(alex, `agreements set facilitator ${at(adele)}`, [adele]);
    expect(named.channel).toContain('Adele Vance');
    await say(alex, `disagree PD calendar with ${at(megan)}`, [megan]);
    const toMegan = h.fake.dmsTo(megan.id).map(cardText).join('\n');
    expect(toMegan).toContain('PD calendar');
  });

  it('a typed "@Megan" that was not picked from the list is named as not a mention, not as a bad date', async () => {
    const got = await say(alex, 'commit Draft the budget memo by Friday @Megan');
    expect(got.dm).toContain('"@Megan" is not a mention');
    expect(got.dm).toContain('type @ and pick the person');
    expect(got.dm).not.toContain("couldn't read");
    expect(got.channel).toBe('');
  });

  it('disagree with a typed name hints the command with the topic alone', async () => {
    const got = await say(alex, 'disagree PD calendar with Megan');
    expect(got.dm).toContain('disagree PD calendar with @someone');
    expect(got.dm).not.toContain('with Megan with');
    expect(got.dm).toContain('"Megan" is not a mention');
  });
});

describe('a typed "@name" where a person is needed says it is not a mention', () => {
  it('role @Megan lead', async () => {
    const got = await say(alex, 'role @Megan lead');
    expect(got.dm).toContain('"@Megan" is not a mention: type @ and pick the person');
    expect(got.channel).toBe('');
  });

  it('decide … owner @Megan records nothing and says why', async () => {
    const got = await say(alex, 'decide Adopt the new bell schedule owner @Megan by Friday');
    expect(got.dm).toContain('"@Megan" is not a mention: type @ and pick the person');
    expect(got.channel).toBe('');
  });
});
