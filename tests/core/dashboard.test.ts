// `dashboard`: a private link per person, stored only as its hash, ended by `dashboard revoke`
// (one's own), a lead's `dashboard revoke all`, seven days, or leaving the team.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestBot, teamBot, where } from '../support/core.js';
import { sqlAll, sqlGet } from '../support/testdb.js';

let t: TestBot;
afterEach(() => t?.close());

const DAY = 86_400_000;
const tokenOf = (text: string) => /\/t\/([A-Za-z0-9_-]{43})/.exec(text)![1]!;

describe('dashboard', () => {
  it('answers the caller alone with a link and a button to open it; nothing goes to the channel', async () => {
    t = await teamBot();
    const sent = await t.run('maria', 'dashboard');
    expect(where(sent)).toEqual([expect.stringMatching(/^reply maria: Your link to Leadership's page, for you alone: http:\/\/baton\.test\/t\/[A-Za-z0-9_-]{43}\n/)]);
    const buttons = sent[0]!.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
    expect(buttons).toEqual([expect.objectContaining({ label: "Open the team's page", url: expect.stringMatching(/^http:\/\/baton\.test\/t\//) })]);
    expect(sent[0]!.text).toMatch(/It works until Nov 30, 09:00, while you are in the team/);
  });

  it('stores only the sha256 of the token, bound to the team and the person', async () => {
    t = await teamBot();
    const token = tokenOf((await t.run('maria', 'dashboard'))[0]!.text);
    const rows = (await sqlAll(t.database, 'select hash, team_id, member_id, expires_at - created_at as life from page_tokens')) as { hash: string; team_id: number; member_id: number; life: number }[];
    expect(rows).toEqual([{ hash: createHash('sha256').update(token).digest('hex'), team_id: 1, member_id: 2, life: 7 * DAY }]);
    const dump = JSON.stringify((await sqlAll(t.database, "select * from page_tokens"))) + JSON.stringify((await sqlAll(t.database, 'select * from audit')));
    expect(dump).not.toContain(token);
  });

  it('opens the page while valid, and the same nothing once revoked, expired, or its holder removed', async () => {
    t = await teamBot();
    const maria = tokenOf((await t.run('maria', 'dashboard'))[0]!.text);
    const sam = tokenOf((await t.run('sam', 'dashboard'))[0]!.text);
    expect((await t.bot.page(maria))?.team.name).toBe('Leadership');
    expect((await t.bot.page(maria))?.viewer).toBe('Maria');
    expect(await t.bot.page('x'.repeat(43))).toBeNull();
    expect(await t.bot.page(`${maria}x`)).toBeNull();

    expect(where(await t.run('maria', 'dashboard revoke'))).toEqual(['reply maria: Ended 1 link — your links to the team\'s page. They now show "not found".']);
    expect(await t.bot.page(maria)).toBeNull();
    expect(await t.bot.page(sam)).not.toBeNull();

    await t.run('alice', 'members remove <@sam>');
    expect(await t.bot.page(sam)).toBeNull();
    await t.run('alice', 'members add <@sam>');
    // Coming back does not bring an old link back to life.
    expect(await t.bot.page(sam)).toBeNull();

    const fresh = tokenOf((await t.run('maria', 'dashboard'))[0]!.text);
    t.clock.advance(7 * DAY - 1);
    expect(await t.bot.page(fresh)).not.toBeNull();
    t.clock.advance(1);
    expect(await t.bot.page(fresh)).toBeNull();
  });

  it("revoke all is a lead's: it ends every member's links", async () => {
    t = await teamBot();
    const maria = tokenOf((await t.run('maria', 'dashboard'))[0]!.text);
    const alice = tokenOf((await t.run('alice', 'dashboard'))[0]!.text);
    const denied = await t.run('maria', 'dashboard revoke all');
    expect(where(denied)[0]).toMatch(/^reply maria: Only a lead of Leadership can end everyone's links — ask Alice\. To end your own:\nTry: dashboard revoke/);
    expect(await t.bot.page(alice)).not.toBeNull();
    expect(where(await t.run('alice', 'dashboard revoke all'))).toEqual([`reply alice: Ended 2 links — everyone's links to Leadership's page. They now show "not found".`]);
    expect(await t.bot.page(maria)).toBeNull();
    expect(await t.bot.page(alice)).toBeNull();
    expect(where(await t.run('alice', 'dashboard revoke all'))).toEqual([`reply alice: There were no open links to end (everyone's links to Leadership's page).`]);
  });

  it('refuses words it does not know, with the right form', async () => {
    t = await teamBot();
    expect(where(await t.run('maria', 'dashboard please'))[0]).toMatch(/`dashboard` takes nothing, `revoke` or `revoke all` — not "please"\.\nTry: dashboard revoke/);
  });

  it('in the console, where no page is served, says how to get one instead of a dead link', async () => {
    t = await teamBot({ publicUrl: null });
    const sent = await t.run('maria', 'dashboard');
    expect(where(sent)[0]).toMatch(/^reply maria: The team's page is served by Baton's web server/);
    expect((await sqlGet(t.database, 'select count(*) as n from page_tokens'))).toEqual({ n: 0 });
  });

  it("App Home's button issues a link for the team it names, privately", async () => {
    t = await teamBot();
    const home = await t.bot.home(t.invocation('maria', { direct: true }));
    const b = home.blocks.flatMap((x) => (x.type === 'actions' ? x.buttons : [])).find((x) => x.label === "Open the team's page")!;
    expect(b).toMatchObject({ actionId: 'dashboard', value: JSON.stringify({ teamId: 1 }) });
    await t.bot.action(t.invocation('maria', { direct: true }), b.actionId, b.value);
    const sent = await t.flush();
    expect(where(sent)).toEqual([expect.stringMatching(/^reply maria: Your link to Leadership's page/)]);
  });
});
