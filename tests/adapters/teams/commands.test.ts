// Commands in Teams, end to end: activities posted to the running app exactly as Teams sends
// them, answers read at the fake connector service.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, TENANT, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type TeamsHarness, cardOf, cardText, startTeams } from './harness.js';

let h: TeamsHarness;
beforeEach(async () => {
  h = await startTeams();
  h.fake.seat(CHANNEL.id, [alice, maria]);
});
afterEach(async () => {
  await h.close();
});

/** Runs one command as `who` and returns what arrived in the channel and in their 1:1 chat. */
async function run(activity: object, who = alice) {
  const channelBefore = h.fake.postsTo(CHANNEL.id).length;
  const dmBefore = h.fake.dmsTo(who.id).length;
  const r = await h.post(activity);
  expect(r.status).toBe(200);
  await h.drain();
  return {
    channel: h.fake.postsTo(CHANNEL.id).slice(channelBefore).map(cardText).join('\n---\n'),
    dm: h.fake.dmsTo(who.id).slice(dmBefore).map(cardText).join('\n---\n'),
  };
}

const at = (u: { name: string }) => `<at>${u.name}</at>`;

/** Every command, with where its answer shows and a piece of it (null: a reply of some kind). */
const COMMANDS: { text: string; mentions?: (typeof alice)[]; where: 'channel' | 'dm' | 'any'; shows: string | null }[] = [
  { text: 'help', where: 'dm', shows: 'Baton — what you can do' },
  { text: 'help commit', where: 'dm', shows: 'commit <what>' },
  { text: 'members', where: 'dm', shows: '2 members' },
  { text: `members add ${at(sam)}`, mentions: [sam], where: 'channel', shows: 'added Sam Okafor' },
  { text: `role ${at(maria)} recap`, mentions: [maria], where: 'channel', shows: 'recap owner' },
  { text: 'goal Raise attendance to 95%', where: 'channel', shows: 'G-1' },
  { text: 'goals', where: 'dm', shows: 'Raise attendance to 95%' },
  { text: 'update Bus routes finalized #G-1', where: 'channel', shows: 'U-1' },
  { text: `commit Draft the budget memo by Friday ${at(maria)}`, mentions: [maria], where: 'channel', shows: 'C-1' },
  { text: 'done C-1', where: 'channel', shows: 'C-1 done' },
  { text: 'commit Order chairs by next Tuesday', where: 'channel', shows: 'C-2' },
  { text: 'move C-2 in 2 weeks', where: 'channel', shows: 'C-2 moved' },
  { text: 'drop C-2 not needed', where: 'channel', shows: 'C-2 dropped' },
  { text: 'mine', where: 'dm', shows: 'Yours' },
  { text: 'list', where: 'dm', shows: 'District Leadership' },
  { text: 'list decisions all', where: 'dm', shows: 'District Leadership' },
  { text: `blocker Need HR sign-off ${at(maria)}`, mentions: [maria], where: 'channel', shows: 'E-1' },
  { text: 'escalate Roof leak in gym', where: 'channel', shows: 'E-2' },
  { text: 'resolve E-1 signed', where: 'channel', shows: 'E-1 resolved' },
  { text: `decide Adopt the new bell schedule because research owner ${at(maria)} by 2026-12-15`, mentions: [maria], where: 'channel', shows: 'D-1' },
  { text: `disagree bell schedule with ${at(maria)}`, mentions: [maria], where: 'any', shows: null },
  { text: 'checkin now', where: 'any', shows: null },
  { text: 'checkin schedule monday 08:30', where: 'any', shows: null },
  { text: 'checkin off', where: 'any', shows: null },
  { text: 'recap', where: 'channel', shows: 'Recap' },
  { text: 'report', where: 'dm', shows: 'the last 4 weeks' },
  { text: 'agreements', where: 'dm', shows: 'how we handle disagreement' },
  { text: 'agreements set timebox 24h', where: 'channel', shows: 'changed the team' },
  { text: 'broadcast off', where: 'dm', shows: 'no longer announced' },
  { text: 'export', where: 'dm', shows: 'Export of District Leadership' },
  { text: `members remove ${at(sam)}`, mentions: [sam], where: 'channel', shows: 'removed Sam Okafor' },
];

function expectAnswer(got: { channel: string; dm: string }, c: (typeof COMMANDS)[number]) {
  const where = c.where === 'any' ? `${got.channel}\n${got.dm}` : got[c.where];
  expect(where, `${c.text} → ${c.where}`).not.toBe('');
  if (c.shows) expect(where, c.text).toContain(c.shows);
}

describe('commands in a Teams channel (@Baton <command>)', () => {
  it('setup binds the channel, takes its members from the roster and posts to the channel', async () => {
    const got = await run(h.acts.channelMessage(alice, 'setup District Leadership'));
    expect(got.channel).toContain('Baton is set up for District Leadership');
    expect(got.channel).toContain('<at>Alice Moreno</at> · 2 members');
    const card = cardOf(h.fake.postsTo(CHANNEL.id)[0]);
    expect(card.version).toBe('1.5');
    expect(card.msteams.entities).toEqual([{ type: 'mention', text: '<at>Alice Moreno</at>', mentioned: { id: alice.id, name: alice.name } }]);
    expect(h.fake.postsTo(CHANNEL.id)[0]!.activity.summary).toBe('Baton is set up for District Leadership');
    expect(card.fallbackText).toContain('Lead: @Alice Moreno');
  });

  it('every command answers: records in the channel, private answers in the 1:1 chat', async () => {
    await run(h.acts.channelMessage(alice, 'setup District Leadership'));
    for (const c of COMMANDS) {
      const got = await run(h.acts.channelMessage(alice, c.text, { mentions: c.mentions ?? [] }));
      expectAnswer(got, c);
      if (c.where === 'dm') expect(got.channel, `${c.text} stays private`).toBe('');
    }
    // The lead's private answers went to a 1:1 chat Baton opened once (Maria's for the blocker she can unblock).
    expect(h.fake.created.filter((c) => c.params.members[0].id === alice.id)).toHaveLength(1);
    expect(h.fake.created[0]!.params).toMatchObject({ isGroup: false, tenantId: TENANT, channelData: { tenant: { id: TENANT } } });
  });

  it('a mention becomes the owner; hints read "@Baton …"', async () => {
    await run(h.acts.channelMessage(alice, 'setup District Leadership'));
    const got = await run(h.acts.channelMessage(alice, `commit Draft the budget memo by Friday ${at(maria)}`, { mentions: [maria] }));
    expect(got.channel).toContain('**C-1** Alice Moreno asked <at>Maria Chen</at> to: Draft the budget memo');
    const bad = await run(h.acts.channelMessage(alice, 'commit'));
    expect(bad.dm).toContain('Try: @Baton commit');
  });

  it('an update of 3,709 characters is refused privately with its length, and what was typed comes back whole', async () => {
    await run(h.acts.channelMessage(alice, 'setup District Leadership'));
    const words = Array.from({ length: 412 }, (_, i) => `note${String(i).padStart(4, '0')}`);
    const long = `${words.join(' ')} k`;
    expect(long).toHaveLength(3709);
    const got = await run(h.acts.channelMessage(maria, `update ${long}`), maria);
    expect(got.channel).toBe('');
    expect(got.dm).toContain('The update is 3,709 characters; the limit is 2,000.');
    expect(got.dm).toContain('What you typed, to copy, shorten and send again');
    for (const w of words) expect(got.dm).toContain(w);
  });

  it('a command typed in a thread is answered for the channel it belongs to', async () => {
    await run(h.acts.channelMessage(alice, 'setup District Leadership'));
    const got = await run(h.acts.channelMessage(maria, 'update Contract signed', { thread: '1700000000123' }), maria);
    expect(got.channel).toContain('U-1 Maria Chen: Contract signed');
  });

  it('a re-sent activity (same id) is recorded once', async () => {
    await run(h.acts.channelMessage(alice, 'setup District Leadership'));
    const a = h.acts.channelMessage(alice, 'update Only once');
    await run(a);
    const again = await run(a);
    expect(again.channel).toBe('');
    const list = await run(h.acts.channelMessage(alice, 'list updates all'));
    expect(list.dm.match(/Only once/g)).toHaveLength(1);
  });

  it("a person's text cannot mention, format or link, while Baton's real mentions still work", async () => {
    await run(h.acts.channelMessage(alice, 'setup District Leadership'));
    const hostile = `update <at>Maria Chen</at> **urgent** [click](https://evil.example) _x_ &lt;at&gt;Sam&lt;/at&gt; <@29:forged|Boss> - item`;
    // Only the Baton mention is real: the <at>Maria Chen</at> above has no entity.
    const got = await run(h.acts.channelMessage(alice, hostile));
    const post = h.fake.postsTo(CHANNEL.id).at(-1)!;
    const card = cardOf(post);
    expect(card.msteams.entities ?? []).toEqual([]);
    const shown = JSON.stringify(card.body);
    expect(shown).not.toContain('<at>');
    expect(shown).not.toContain('<@29:forged');
    expect(got.channel).toContain('**urgent**'); // literal in a TextRun, never markdown
    // A real mention in the same message: the typed tag still can't match its entity.
    await run(h.acts.channelMessage(alice, `blocker <at>Maria Chen</at> said so ${at(maria)}`, { mentions: [maria] }));
    const blockerCard = cardOf(h.fake.postsTo(CHANNEL.id).at(-1));
    const texts = JSON.stringify(blockerCard.body);
    expect(blockerCard.msteams.entities).toHaveLength(1);
    expect(texts.match(/<at>Maria Chen<\/at>/g)).toHaveLength(1);
  });
});

describe('commands in a group chat', () => {
  it('setup binds the chat with its members; records are posted there, private answers go to the 1:1 chat', async () => {
    const chat = '19:meeting_a1b2c3d4e5f6@thread.v2';
    h.fake.members.set(chat, [
      { id: alice.id, name: alice.name, aadObjectId: alice.aadObjectId },
      { id: sam.id, name: sam.name, aadObjectId: sam.aadObjectId },
    ]);
    await h.post(h.acts.groupMessage(alice, chat, 'setup Principals'));
    await h.post(h.acts.groupMessage(sam, chat, 'update Gym floor fixed'));
    await h.post(h.acts.groupMessage(sam, chat, 'mine'));
    await h.drain();
    const inChat = h.fake.postsTo(chat).map(cardText).join('\n');
    expect(inChat).toContain('Baton is set up for Principals');
    expect(inChat).toContain('2 members');
    expect(inChat).toContain('U-1 Sam Okafor: Gym floor fixed');
    expect(h.fake.dmsTo(sam.id).map(cardText).join('\n')).toContain('Yours');
  });
});

describe('commands in a 1:1 chat with Baton (the bare command)', () => {
  it('every command answers: private ones in the 1:1 chat, records in the team channel', async () => {
    await run(h.acts.channelMessage(alice, 'setup District Leadership'));
    const setupHere = await run(h.acts.personalMessage(alice, 'setup Another team'));
    expect(setupHere.dm).toContain('A team lives in a channel');
    for (const c of COMMANDS) {
      const got = await run(h.acts.personalMessage(alice, c.text, { mentions: c.mentions ?? [] }));
      expect(`${got.dm}${got.channel}`, `${c.text} answers`).not.toBe('');
      if (c.where === 'dm') expect(got.dm, `${c.text} answers in the 1:1 chat`).not.toBe('');
      if (c.shows) expect(`${got.dm}\n${got.channel}`, c.text).toContain(c.shows);
      if (c.where === 'channel') expect(got.channel, `${c.text} is posted to the team channel too`).toContain(c.shows!);
    }
    // Hints in a 1:1 chat show the bare command.
    const bad = await run(h.acts.personalMessage(alice, 'commit'));
    expect(bad.dm).toContain('Try: commit');
    // The 1:1 chat Teams gave is used; Baton never had to open one for Alice.
    expect(h.fake.created.filter((c) => c.params.members[0].id === alice.id)).toEqual([]);
  });

  it('someone in no team is told how to start', async () => {
    const got = await run(h.acts.personalMessage(sam, 'mine'), sam);
    expect(got.dm).toContain("You aren't in a Baton team");
  });
});
