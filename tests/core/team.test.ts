import { afterEach, describe, expect, it } from 'vitest';
import { listMembers } from '../../src/db/members.js';
import { auditOfTeam } from '../../src/db/audit.js';
import { type TestBot, teamBot, testBot, where } from '../support/core.js';

let t: TestBot;
afterEach(() => t?.close());

describe('setting up a team', () => {
  it("binds the channel, makes the caller lead and the channel's people members", async () => {
    t = testBot();
    t.person('alice', 'UTC', 'Alice');
    t.person('maria', 'America/Chicago', 'Maria');
    const sent = await t.run('alice', 'setup District Leadership');
    expect(where(sent)).toEqual([expect.stringMatching(/^#leadership: Baton is set up for District Leadership\nLead: @Alice · 2 members/)]);
    const members = await listMembers(t.database.db, 1);
    expect(members.map((m) => [m.name, m.roles, m.tz])).toEqual([
      ['Alice', ['lead'], 'UTC'],
      ['Maria', [], 'America/Chicago'],
    ]);
    expect((await auditOfTeam(t.database.db, 1))[0]).toMatchObject({ action: 'team.setup', actor: 'alice', platform: 'console' });
  });

  it('refuses a second setup in the same channel, and setup in a 1:1 chat', async () => {
    t = await teamBot();
    expect((await t.run('maria', 'setup Again'))[0]!.text).toMatch(/already the team "Leadership"/);
    expect((await t.run('maria', 'setup Mine', { direct: true }))[0]!.text).toMatch(/A team lives in a channel/);
  });
});

describe('members and roles', () => {
  it('lets a lead add and remove members; a removed member cannot rejoin by typing', async () => {
    t = await teamBot();
    t.person('zoe', 'Europe/London', 'Zoe');
    expect((await t.run('alice', 'members add <@zoe>'))[0]!.text).toBe('Alice added Zoe to the team.');
    expect((await t.run('alice', 'members remove <@zoe>'))[0]!.text).toMatch(/Alice removed Zoe from the team. Their records stay./);
    expect((await t.run('zoe', 'update I am back'))[0]!.text).toMatch(/You are not a member of Leadership/);
  });

  it('refuses membership changes and roles from a non-lead, naming the leads', async () => {
    t = await teamBot();
    expect(where(await t.run('maria', 'members add <@sam>'))).toEqual(['reply maria: Only a lead of Leadership can do that — ask Alice.']);
    expect((await t.run('maria', 'role <@sam> lead'))[0]!.text).toMatch(/Only a lead/);
  });

  it('gives and takes roles, and keeps at least one lead', async () => {
    t = await teamBot();
    expect((await t.run('alice', 'role <@maria> recap'))[0]!.text).toMatch(/@Maria is now the recap owner: owns the recap/);
    expect((await t.run('alice', 'role <@alice> remove lead'))[0]!.text).toMatch(/at least one lead/);
    await t.run('alice', 'role <@maria> lead');
    expect((await t.run('alice', 'role <@alice> remove lead'))[0]!.text).toBe('Alice no longer has the lead role.');
    expect((await t.run('alice', 'members add <@sam>'))[0]!.text).toMatch(/Only a lead/);
  });

  it('recap and data have one holder: giving recap to someone else moves it, says so, and tells the one who had it privately; lead may be several', async () => {
    t = await teamBot();
    await t.run('alice', 'role <@maria> recap');
    const moved = where(await t.run('alice', 'role <@sam> recap'));
    expect(moved).toEqual([
      '#leadership: @Sam is now the recap owner: owns the recap. It moves from Maria, who no longer has the recap role.',
      'dm maria: Alice gave the recap role in Leadership to Sam, so you no longer have it.',
    ]);
    const roles = new Map((await listMembers(t.database.db, 1)).map((m) => [m.userId, m.roles]));
    expect(roles.get('maria')).toEqual([]);
    expect(roles.get('sam')).toEqual(['recap']);
    await t.run('alice', 'role <@maria> lead');
    expect((await listMembers(t.database.db, 1)).filter((m) => m.roles.includes('lead')).map((m) => m.userId).sort()).toEqual(['alice', 'maria']);
  });

  it('lists members with their roles, privately', async () => {
    t = await teamBot();
    const sent = await t.run('sam', 'members');
    expect(where(sent)).toEqual([expect.stringMatching(/^reply sam: Leadership: 3 members\n {2}• Alice — lead · UTC\n {2}• Maria — member · America\/Chicago/)]);
  });

  it('makes someone who types in the team channel a member', async () => {
    t = await teamBot();
    t.person('newbie', 'UTC', 'Newbie');
    await t.run('newbie', 'update Hello team');
    expect((await listMembers(t.database.db, 1)).map((m) => m.name)).toContain('Newbie');
  });

  it('keeps members in step with the channel: joining and leaving', async () => {
    t = await teamBot();
    t.person('zoe', 'UTC', 'Zoe');
    await t.bot.memberJoined(t.invocation('zoe'));
    expect((await listMembers(t.database.db, 1)).map((m) => m.name)).toContain('Zoe');
    await t.bot.memberLeft(t.invocation('zoe'));
    expect((await listMembers(t.database.db, 1)).map((m) => m.name)).not.toContain('Zoe');
    expect((await listMembers(t.database.db, 1, { all: true })).find((m) => m.name === 'Zoe')?.status).toBe('left');
  });
});

describe('help', () => {
  it('lists every command, and explains one with examples', async () => {
    t = testBot();
    const all = (await t.run('alice', 'help'))[0]!.text;
    for (const word of ['setup', 'members', 'role', 'goal', 'update', 'commit', 'done', 'move', 'drop', 'mine', 'list', 'blocker', 'resolve', 'decide', 'disagree', 'checkin', 'recap', 'report', 'broadcast', 'agreements', 'export']) {
      expect(all).toContain(`${word}`);
    }
    const one = (await t.run('alice', 'help commit'))[0]!.text;
    expect(one).toMatch(/^commit <what> \[by <when>\] \[@owner\] \[#G-n\]/);
    expect(one).toContain('commit Draft the budget memo by Friday');
  });
});
