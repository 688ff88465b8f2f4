import { afterEach, describe, expect, it } from 'vitest';
import { listBlockers } from '../../src/db/blockers.js';
import { listDecisions } from '../../src/db/decisions.js';
import { listCommitments } from '../../src/db/commitments.js';
import { type TestBot, teamBot, where } from '../support/core.js';

let t: TestBot;
afterEach(() => t?.close());

describe('blockers', () => {
  it('flags a blocker in the channel and tells the lead and the person who can unblock it, privately', async () => {
    t = await teamBot();
    const sent = await t.run('sam', 'blocker Waiting on the bus contract signature <@maria>');
    expect(where(sent)).toEqual([
      expect.stringMatching(/^#leadership: 🚨 Blocker E-1 raised by Sam: Waiting on the bus contract signature\nTo unblock: @Maria/),
      expect.stringMatching(/^dm alice: 🚨 Sam flagged a blocker in Leadership:\nE-1 Waiting on the bus contract signature/),
      expect.stringMatching(/^dm maria: Sam named you as the person who can unblock this in Leadership/),
    ]);
  });

  it('lets who raised it, who can unblock it, or a lead resolve it — with a note', async () => {
    t = await teamBot();
    t.person('zoe', 'UTC', 'Zoe');
    await t.run('alice', 'members add <@zoe>');
    await t.run('sam', 'blocker Contract unsigned <@maria>');
    expect((await t.run('zoe', 'resolve E-1'))[0]!.text).toMatch(/Only who raised E-1, who can unblock it, or a lead/);
    const ok = await t.run('maria', 'resolve E-1 signed this morning');
    expect(ok[0]!.text).toBe('✅ Blocker E-1 resolved by Maria: Contract unsigned — signed this morning');
    expect((await listBlockers(t.database.db, 1))[0]).toMatchObject({ status: 'resolved', resolution: 'signed this morning' });
    expect((await t.run('alice', 'resolve E-1'))[0]!.text).toMatch(/already resolved/);
  });

  it('flags a reacted message once: a blocker with its link and excerpt, a reply in its thread, the lead told', async () => {
    t = await teamBot();
    const source = { messageId: '1700.01', channelId: 'leadership', authorId: 'maria', text: 'The bus contract is still not signed and routes start Monday', url: 'https://example.slack.com/archives/C1/p1700' };
    await t.bot.reacted(t.invocation('sam'), 'rotating_light', source);
    const sent = await t.flush();
    expect(where(sent)).toEqual([
      '#leadership thread 1700.01: 🚨 Flagged as blocker E-1 by Sam. The lead has been told.',
      expect.stringMatching(/^dm alice: 🚨 Sam flagged a blocker in Leadership:\nE-1 The bus contract is still not signed/),
    ]);
    expect((await listBlockers(t.database.db, 1))[0]).toMatchObject({ sourceUrl: source.url, sourceMessageId: '1700.01', excerpt: source.text });
    await t.bot.reacted(t.invocation('maria'), 'rotating_light', source);
    expect(where(await t.flush())).toEqual(['reply maria: That message is already flagged as E-1.']);
    await t.bot.reacted(t.invocation('maria'), 'thumbsup', source);
    expect(await t.flush()).toEqual([]);
    expect(await listBlockers(t.database.db, 1)).toHaveLength(1);
  });

  it("a lead flagging a message is not told the lead has been told; with a second lead, that lead is", async () => {
    t = await teamBot();
    const source = { messageId: '1700.01', channelId: 'leadership', authorId: 'maria', text: 'The bus contract is still not signed', url: 'https://example.slack.com/archives/C1/p1700' };
    await t.bot.reacted(t.invocation('alice'), 'rotating_light', source);
    expect(where(await t.flush())).toEqual(['#leadership thread 1700.01: 🚨 Flagged as blocker E-1 by Alice.']);
    await t.run('alice', 'role <@maria> lead');
    await t.flush();
    await t.bot.reacted(t.invocation('alice'), 'rotating_light', { ...source, messageId: '1700.02' });
    expect(where(await t.flush())).toEqual([
      '#leadership thread 1700.02: 🚨 Flagged as blocker E-2 by Alice. The other lead has been told.',
      expect.stringMatching(/^dm maria: 🚨 Alice flagged a blocker/),
    ]);
  });

  it('a blocker naming someone outside the team (IT\'s jorge) is kept, without an unblocker, and says the lead will see it', async () => {
    t = await teamBot();
    t.person('jorge', 'UTC', 'Jorge');
    const sent = where(await t.run('sam', 'blocker Wifi down in the board room <@jorge>'));
    expect((await listBlockers(t.database.db, 1))[0]).toMatchObject({ text: 'Wifi down in the board room', unblockerId: null, status: 'open' });
    expect(sent).toContain("reply sam: Jorge isn't in Leadership, so E-1 has no one named to unblock it and the lead will see it instead. Only members can be named to unblock a blocker.");
    expect(sent.join('\n')).not.toMatch(/add them first/);
    expect(sent).toContainEqual(expect.stringMatching(/^dm alice: 🚨 Sam flagged a blocker in Leadership:\nE-1 Wifi down in the board room/));
    const byLead = where(await t.run('alice', 'blocker Projector broken <@jorge>'));
    expect(byLead).toContain("reply alice: Jorge isn't in Leadership, so E-2 has no one named to unblock it and it is yours to follow as the lead. Only members can be named to unblock a blocker.");
  });

  it("uses the team's own blocker emoji", async () => {
    t = await teamBot();
    await t.run('alice', 'agreements set blocker-emoji :fire:');
    const source = { messageId: '9.9', channelId: 'leadership', text: 'stuck' };
    await t.bot.reacted(t.invocation('sam'), 'rotating_light', source);
    expect(await t.flush()).toEqual([]);
    await t.bot.reacted(t.invocation('sam'), 'fire', source);
    expect(where(await t.flush())[0]).toMatch(/Flagged as blocker E-1/);
  });

  it("flags one of Baton's own posts (Teams reactions) as a blocker about what it recorded", async () => {
    t = await teamBot();
    const [post] = await t.run('maria', 'commit Budget memo by Friday');
    await t.bot.reactedToOwnPost(t.invocation('sam'), 'surprised', 'leadership', 'm2');
    expect(post!.key).toBeDefined();
    const sent = await t.flush();
    expect(where(sent)[0]).toMatch(/^#leadership thread m2: 🚨 Flagged as blocker E-1 by Sam/);
    expect((await listBlockers(t.database.db, 1))[0]!.text).toBe('Blocked: C-1 Budget memo');
    await t.bot.reactedToOwnPost(t.invocation('sam'), 'like', 'leadership', 'm2');
    expect(await t.flush()).toEqual([]);
  });
});

describe('decisions', () => {
  it('records a decision with rationale, executor and date, in the channel and the broadcast channel', async () => {
    t = await teamBot();
    await t.run('alice', 'broadcast <#staff|staff>');
    // A lead's decide is decided at once under the default decide-rule (a member's is a proposal).
    const sent = await t.run('alice', 'decide Move the PD day to Friday because of the bus strike owner <@sam> by 2026-12-04');
    expect(where(sent)).toEqual([
      expect.stringMatching(/^#leadership: Decision D-1\nMove the PD day to Friday\nWhy: the bus strike\nExecutes: @Sam\nBy: Fri, Dec 4 — in 10 days\nDecided in Leadership · recorded by Alice/),
      expect.stringMatching(/^#staff: Decision D-1\nMove the PD day to Friday/),
    ]);
    expect((await listDecisions(t.database.db, 1))[0]).toMatchObject({ text: 'Move the PD day to Friday', dueDate: '2026-12-04' });
    await t.run('alice', 'broadcast off');
    const quiet = await t.run('alice', 'decide Keep the budget calendar');
    expect(where(quiet).map((s) => s.split(':')[0])).toEqual(['#leadership']);
  });

  it('says why once: "Why: the bus strike", not "Why: because of the bus strike", in the post, the list and the stored record', async () => {
    t = await teamBot();
    const sent = await t.run('maria', 'decide Move the PD day to Friday because of the bus strike');
    expect(sent[0]!.text).toContain('Why: the bus strike');
    expect(sent[0]!.text).not.toMatch(/because/i);
    await t.run('maria', 'decide Keep the calendar Because we promised families');
    expect((await listDecisions(t.database.db, 1)).map((d) => d.rationale).sort()).toEqual(['the bus strike', 'we promised families']);
    const list = await t.run('maria', 'list decisions');
    expect(list[0]!.text).toContain('Move the PD day to Friday (why: the bus strike)');
    expect(list[0]!.text).not.toMatch(/because/i);
  });

  it('only a lead sets the broadcast channel', async () => {
    t = await teamBot();
    expect((await t.run('maria', 'broadcast <#staff>'))[0]!.text).toMatch(/Only a lead/);
  });
});

describe('updates and goals', () => {
  it('records goals and updates tagged with them; a tag must name a real goal', async () => {
    t = await teamBot();
    expect((await t.run('alice', 'goal Every school reports attendance weekly'))[0]!.text).toMatch(/🎯 G-1 new goal: Every school reports attendance weekly/);
    expect((await t.run('sam', 'update Attendance dashboard live #G-1'))[0]!.text).toBe('📝 U-1 Sam: Attendance dashboard live #G-1');
    expect((await t.run('sam', 'update Other #G-7'))[0]!.text).toMatch(/There is no G-7/);
    expect((await t.run('sam', 'goals'))[0]!.text).toMatch(/G-1 Every school reports attendance weekly/);
  });

  it('shows mentions inside a text as plain names that ping nobody', async () => {
    t = await teamBot();
    const sent = await t.run('sam', 'update Met <@maria|maria> and <#C55|finance> about buses');
    expect(sent[0]!.text).toBe('📝 U-1 Sam: Met @Maria and #finance about buses');
    const spans = sent[0]!.message.blocks.flatMap((b) => (b.type === 'section' ? b.lines.flat() : []));
    expect(spans.some((s) => s.mention)).toBe(false);
  });
});

describe('message shortcuts', () => {
  const source = { messageId: '1700.5', channelId: 'leadership', authorId: 'maria', text: 'I will send the survey to principals by Friday', url: 'https://x/p1' };

  it('opens a form prefilled from the message, and records a commitment linked to it', async () => {
    t = await teamBot();
    const form = await t.bot.shortcut(t.invocation('alice'), 'commitment', source);
    expect(form).toMatchObject({ formId: 'record', title: 'Record as commitment' });
    expect(form!.fields.find((f) => f.id === 'text')).toMatchObject({ initial: source.text });
    expect(form!.fields.find((f) => f.id === 'owner')).toMatchObject({ initial: 'maria' });
    const bad = await t.bot.submit(t.invocation('alice'), 'record', form!.state, { text: 'Send the survey', owner: 'maria', due: 'someday soon' });
    expect(bad).toEqual({ ok: false, errors: { due: expect.stringMatching(/Try "Friday"/) } });
    expect(await listCommitments(t.database.db, 1)).toHaveLength(0);
    const ok = await t.bot.submit(t.invocation('alice'), 'record', form!.state, { text: 'Send the survey', owner: 'maria', due: 'Friday' });
    expect(ok).toEqual({ ok: true });
    expect((await listCommitments(t.database.db, 1))[0]).toMatchObject({ text: 'Send the survey', dueDate: '2026-11-27', sourceUrl: 'https://x/p1', sourceMessageId: '1700.5' });
    expect(where(await t.flush())[0]).toMatch(/^#leadership thread 1700.5: C-1 Alice asked @Maria to: Send the survey/);
  });

  it('records a blocker and a decision from a message', async () => {
    t = await teamBot();
    const b = await t.bot.shortcut(t.invocation('sam'), 'blocker', source);
    expect(await t.bot.submit(t.invocation('sam'), 'record', b!.state, { text: 'Survey stuck in legal', unblocker: 'alice' })).toEqual({ ok: true });
    const d = await t.bot.shortcut(t.invocation('sam'), 'decision', source);
    expect(await t.bot.submit(t.invocation('sam'), 'record', d!.state, { text: 'Survey goes out Friday', rationale: 'principals asked', executor: 'maria', due: '' })).toEqual({ ok: true });
    expect((await listBlockers(t.database.db, 1))[0]).toMatchObject({ text: 'Survey stuck in legal', sourceMessageId: '1700.5' });
    expect((await listDecisions(t.database.db, 1))[0]).toMatchObject({ text: 'Survey goes out Friday', rationale: 'principals asked', sourceUrl: 'https://x/p1' });
    // A "Why" typed with its "because" reads once, as from the command.
    const again = await t.bot.shortcut(t.invocation('sam'), 'decision', { ...source, messageId: '1700.6' });
    await t.bot.submit(t.invocation('sam'), 'record', again!.state, { text: 'Survey in Spanish too', rationale: 'Because of the new families', executor: '', due: '' });
    expect(where(await t.flush()).join('\n')).toContain('Why: the new families');
    expect((await listDecisions(t.database.db, 1)).find((x) => x.text === 'Survey in Spanish too')).toMatchObject({ rationale: 'the new families' });
  });

  it("refuses a form whose state names another workspace's team", async () => {
    t = await teamBot();
    const form = await t.bot.shortcut(t.invocation('alice'), 'commitment', source);
    const foreign = { ...t.invocation('alice'), workspaceId: 'other-workspace' };
    await t.bot.submit(foreign, 'record', form!.state, { text: 'sneaky', owner: 'alice' });
    expect(await listCommitments(t.database.db, 1)).toHaveLength(0);
    expect(where(await t.flush())).toEqual([expect.stringMatching(/^reply alice: That team no longer exists here/)]);
  });
});
