// Who becomes a member of a team: someone who types a command in the team's own channel (and
// someone who joins it). Nothing else — not a reaction, a button, a form or a message shortcut,
// even when it arrives from the team's channel — admits anyone; a non-member is told privately.
import { afterEach, describe, expect, it } from 'vitest';
import { findMember } from '../../src/db/members.js';
import { type TestBot, teamBot, where } from '../support/core.js';

let t: TestBot;
afterEach(() => t?.close());

const isMember = async (userId: string): Promise<boolean> => (await findMember(t.database.db, 1, userId))?.status === 'active';
const notMember = /You are not a member of Leadership/;

async function withOutsider(): Promise<void> {
  t = await teamBot();
  t.person('zoe', 'UTC', 'Zoe');
}

describe('only a command typed in the team’s channel admits', () => {
  it('a reaction with the blocker or disagreement emoji on a message in the team’s channel (Slack) does not', async () => {
    await withOutsider();
    for (const emoji of ['rotating_light', 'scales']) {
      await t.bot.reacted({ ...t.invocation('zoe'), dedupeKey: `r-${emoji}` }, emoji, { messageId: '1700.1', channelId: 'leadership', authorId: 'maria', text: 'We should cut the PD budget' });
      const sent = await t.flush();
      expect(where(sent)).toEqual([expect.stringMatching(/^reply zoe: You are not a member of Leadership/)]);
    }
    expect(await isMember('zoe')).toBe(false);
  });

  it('a reaction on one of Baton’s own posts (Teams) does not', async () => {
    await withOutsider();
    await t.run('alice', 'decide Adopt the bell schedule');
    await t.bot.reactedToOwnPost({ ...t.invocation('zoe'), dedupeKey: 'react-1' }, 'surprised', 'leadership', 'm1');
    expect(where(await t.flush()).join('\n')).toMatch(notMember);
    expect(await isMember('zoe')).toBe(false);
  });

  it('a button pressed in the team’s channel — one carrying a command line too — does not', async () => {
    await withOutsider();
    expect(await t.bot.action(t.invocation('zoe'), 'command', 'update I am in')).toBeNull();
    expect(where(await t.flush())).toEqual([expect.stringMatching(/^reply zoe: You are not a member of Leadership/)]);
    expect(await t.bot.action(t.invocation('zoe'), 'flow.views', JSON.stringify({ teamId: 1, r: 1 }))).toBeNull();
    expect(where(await t.flush()).join('\n')).toMatch(notMember);
    expect(await isMember('zoe')).toBe(false);
  });

  it('a message shortcut and a submitted form in the team’s channel do not', async () => {
    await withOutsider();
    expect(await t.bot.shortcut(t.invocation('zoe'), 'blocker', { messageId: '1700.2', channelId: 'leadership', authorId: 'maria', text: 'Buses are late' })).toBeNull();
    expect(where(await t.flush()).join('\n')).toMatch(notMember);
    const state = JSON.stringify({ teamId: 1, kind: 'blocker', source: { messageId: '1700.2', channelId: 'leadership' } });
    await t.bot.submit(t.invocation('zoe'), 'record', state, { text: 'Buses are late' });
    expect(where(await t.flush()).join('\n')).toMatch(notMember);
    expect(await isMember('zoe')).toBe(false);
  });

  it('typing a command in the team’s channel still does; typing it elsewhere does not', async () => {
    await withOutsider();
    expect((await t.run('zoe', 'members', { direct: true }))[0]!.text).toMatch(/You aren't in a Baton team yet/);
    expect(await isMember('zoe')).toBe(false);
    await t.run('zoe', 'update Glad to be here');
    expect(await isMember('zoe')).toBe(true);
  });
});
