// The whole command language through /baton, as Slack delivers it (form-encoded, signed, text
// escaped with mentions as <@U…|name>), checked at the fake Web API and response_urls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, type Harness, LEADERSHIP, MARIA, type Ran, SAM, STAFF, harness, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h?.close();
});

const m = (u: { id: string; name: string }) => `<@${u.id}|${u.name}>`;

/** The private answers of a command, as text. */
const privately = (r: Ran): string => r.ephemerals.map((e) => textOf(e.body)).join('\n');
/** What a command posted to a channel (or DM) through chat.postMessage. */
const posted = (r: Ran, where: string = LEADERSHIP.id): string =>
  r.calls
    .filter((c) => c.method === 'chat.postMessage' && c.args.channel === where)
    .map((c) => textOf(c.args))
    .join('\n');

/** Every answer is acknowledged at once with an empty 200, and nothing Slack refused. */
function acked(r: Ran): void {
  expect(r.reply).toEqual({ status: 200, body: '' });
}

describe('/baton, every command', () => {
  it('help, and help for one command, answer privately', async () => {
    const r = await h.run(ALICE, 'help');
    acked(r);
    expect(privately(r)).toContain('what you can do');
    expect(r.ephemerals[0]!.body.response_type).toBe('ephemeral');
    const one = await h.run(ALICE, 'help commit');
    expect(privately(one)).toMatch(/commit/);
    expect(posted(one)).toBe('');
  });

  it('setup binds the channel, makes the caller lead, and takes the channel members (not the bot)', async () => {
    const r = await h.run(ALICE, 'setup District Leadership');
    acked(r);
    expect(posted(r)).toContain('Baton is set up for District Leadership');
    expect(posted(r)).toContain(`<@${ALICE.id}>`);
    expect(posted(r)).toContain('3 members');
    expect(r.calls.map((c) => c.method)).toContain('conversations.members');
  });

  it('members lists people by their Slack display names and zones', async () => {
    const r = await h.run(MARIA, 'members');
    expect(privately(r)).toContain('3 members');
    expect(privately(r)).toMatch(/Alice[^]*lead/);
    expect(privately(r)).toContain('America/Chicago');
  });

  it('members remove / members add', async () => {
    const out = await h.run(ALICE, `members remove ${m(SAM)}`);
    expect(posted(out)).toContain('removed Sam');
    const back = await h.run(ALICE, `members add ${m(SAM)}`);
    expect(posted(back)).toContain('added Sam');
  });

  it('role gives a role, with a real mention of the person', async () => {
    const r = await h.run(ALICE, `role ${m(MARIA)} recap`);
    expect(posted(r)).toContain(`<@${MARIA.id}> is now the recap owner`);
    const denied = await h.run(MARIA, `role ${m(SAM)} lead`);
    expect(privately(denied)).toContain('Only a lead');
    const removed = await h.run(ALICE, `role ${m(MARIA)} remove recap`);
    expect(posted(removed)).toContain('no longer has the recap role');
    await h.run(ALICE, `role ${m(MARIA)} recap`);
  });

  it('goal and goals', async () => {
    const r = await h.run(ALICE, 'goal Every school reports attendance weekly');
    expect(posted(r) + privately(r)).toContain('G-1');
    const list = await h.run(MARIA, 'goals');
    expect(privately(list)).toContain('Every school reports attendance weekly');
  });

  it('update, tagged with a goal', async () => {
    const r = await h.run(MARIA, 'update Bus routes for the new year are drafted #G-1');
    expect(posted(r)).toContain('U-1');
    expect(posted(r)).toContain('Bus routes for the new year are drafted');
  });

  it("commit reads the date in the owner's time zone", async () => {
    const mine = await h.run(MARIA, 'commit Draft the budget memo by Friday');
    expect(posted(mine)).toContain('*C-1*');
    expect(posted(mine)).toContain('due Fri, Nov 27');
    // 15:00 UTC on Monday is already Tuesday in Tokyo: Sam's "tomorrow" is Wednesday.
    const sams = await h.run(ALICE, `commit Call the bus company by tomorrow ${m(SAM)}`);
    expect(posted(sams)).toContain('C-2');
    expect(posted(sams)).toContain('Wed, Nov 25');
  });

  it('move, done, drop', async () => {
    const moved = await h.run(MARIA, 'move C-1 next Tuesday');
    expect(posted(moved)).toContain('C-1');
    const done = await h.run(MARIA, 'done C-1');
    expect(posted(done)).toContain('C-1');
    await h.run(ALICE, 'commit Order new laptops by Dec 10');
    const dropped = await h.run(ALICE, 'drop C-3 budget freeze');
    expect(posted(dropped)).toContain('C-3');
    const notYours = await h.run(MARIA, 'done C-2');
    expect(privately(notYours)).toMatch(/owner|lead/i);
  });

  it('a date brought forward is said so in the channel, and is not a slip', async () => {
    const made = posted(await h.run(ALICE, 'commit Order the chairs by Dec 18'));
    const id = /C-\d+/.exec(made)![0];
    const forward = posted(await h.run(ALICE, `move ${id} Dec 11`));
    expect(forward).toContain(`*${id}* brought forward from Fri, Dec 18 to Fri, Dec 11`);
    expect(forward).toContain('(not a slip)');
    expect(forward).not.toMatch(/slip \d/);
  });

  it('mine and list answer privately', async () => {
    const mine = await h.run(SAM, 'mine');
    expect(privately(mine)).toContain('Call the bus company');
    expect(posted(mine)).toBe('');
    for (const line of ['list', 'list commitments all', 'list updates', 'list decisions', 'list goals', 'list blockers open']) {
      const r = await h.run(MARIA, line);
      acked(r);
      expect(r.ephemerals.length, line).toBe(1);
      expect(posted(r), line).toBe('');
    }
    const all = await h.run(MARIA, 'list commitments all');
    expect(privately(all)).toContain('Order new laptops');
  });

  it('blocker (and escalate) tells the channel, the lead privately, and whoever can unblock it', async () => {
    const r = await h.run(SAM, `blocker Waiting on the bus contract signature ${m(MARIA)}`);
    expect(posted(r)).toContain('E-1');
    expect(posted(r, ALICE.id)).toContain('Waiting on the bus contract signature');
    expect(posted(r, MARIA.id)).toContain('named you');
    const alias = await h.run(MARIA, 'escalate The copier lease ran out');
    expect(posted(alias)).toContain('E-2');
  });

  it('blocker naming someone outside the team (IT) is kept, and the answer says the lead will see it instead', async () => {
    h.fake.user({ id: 'U0JORGE01', name: 'jorge', real_name: 'Jorge Ruiz', display_name: 'Jorge', tz: 'UTC' });
    const r = await h.run(SAM, 'blocker Wifi down in the board room <@U0JORGE01|jorge>');
    acked(r);
    expect(posted(r)).toContain('Wifi down in the board room');
    expect(privately(r)).toMatch(/Jorge isn't in District Leadership, so \*?E-\d+\*? has no one named to unblock it and the lead will see it instead/);
    expect(privately(r)).not.toContain('add them first');
  });

  it('resolve', async () => {
    const r = await h.run(MARIA, 'resolve E-1 contract signed');
    expect(posted(r)).toContain('E-1');
    expect(posted(r)).toContain('contract signed');
  });

  it('broadcast, then decide posts to the channel and the broadcast channel', async () => {
    const b = await h.run(ALICE, `broadcast <#${STAFF.id}|${STAFF.name}>`);
    expect(privately(b)).toContain(`<#${STAFF.id}>`);
    const d = await h.run(ALICE, `decide Move the PD day to Friday because of the bus strike owner ${m(MARIA)} by Dec 4`);
    expect(posted(d)).toContain('D-1');
    expect(posted(d, STAFF.id)).toContain('Move the PD day to Friday');
    const off = await h.run(ALICE, 'broadcast off');
    expect(privately(off)).toContain('no longer announced');
    const d2 = await h.run(ALICE, 'decide Keep the Tuesday meeting');
    expect(posted(d2)).toContain('D-2');
    expect(posted(d2, STAFF.id)).toBe('');
  });

  it('disagree and the check-in commands get an answer (their flows are other parts of Baton)', async () => {
    for (const line of [`disagree Next year's PD calendar with ${m(MARIA)}`, 'checkin now', 'checkin schedule monday 08:30', 'checkin off', 'checkin skip', 'checkin away until Dec 14', 'checkin back']) {
      const r = await h.run(ALICE, line);
      acked(r);
      expect(r.ephemerals.length + r.calls.filter((c) => c.method === 'chat.postMessage').length, line).toBeGreaterThan(0);
    }
  });

  it('recap posts to the channel; report answers privately', async () => {
    const recap = await h.run(MARIA, 'recap');
    expect(posted(recap)).toMatch(/recap/i);
    for (const line of ['report', 'report weeks 8', 'report ontime']) {
      const r = await h.run(MARIA, line);
      expect(r.ephemerals.length, line).toBe(1);
      expect(posted(r), line).toBe('');
    }
  });

  it('agreements, and agreements set by a lead', async () => {
    const show = await h.run(MARIA, 'agreements');
    expect(privately(show)).toContain('Time box per step');
    const set = await h.run(ALICE, 'agreements set timebox 72h');
    expect(posted(set)).toMatch(/Time box per step: 3 ?d|72 ?h/);
  });

  it('export sends CSV and Markdown files to the lead privately', async () => {
    const r = await h.run(ALICE, 'export');
    expect(privately(r)).toContain('sent you the export privately');
    expect(posted(r, ALICE.id)).toContain('Export of');
    const complete = r.calls.find((c) => c.method === 'files.completeUploadExternal');
    expect(complete?.args.channel_id).toBe(`D${ALICE.id}`);
    expect(complete?.args.files.map((f: { title: string }) => f.title)).toEqual([expect.stringMatching(/\.csv$/), expect.stringMatching(/\.md$/)]);
    const csv = h.fake.uploads.find((u) => u.filename.endsWith('.csv'))!;
    expect(csv.content).toMatch(/^kind,id,status,text/);
    expect(csv.content).toContain('Draft the budget memo');
    expect(h.fake.uploads.find((u) => u.filename.endsWith('.md'))!.content).toContain('# District Leadership');
  });

  it('an unknown command gets a private hint', async () => {
    const r = await h.run(MARIA, 'comit Draft the memo');
    expect(privately(r)).toContain('Did you mean');
    expect(privately(r)).toContain('/baton commit');
  });

  it('an update of 3,709 characters is refused with its length, and what was typed comes back whole, within Slack\'s section limit', async () => {
    const words = Array.from({ length: 412 }, (_, i) => `note${String(i).padStart(4, '0')}`);
    const long = `${words.join(' ')} k`;
    expect(long).toHaveLength(3709);
    const r = await h.run(MARIA, `update ${long}`);
    acked(r);
    expect(privately(r)).toContain('The update is 3,709 characters; the limit is 2,000.');
    expect(privately(r)).toContain('What you typed, to copy, shorten and send again');
    const sections = (r.ephemerals[0]!.body.blocks as { type: string; text?: { text: string } }[]).filter((b) => b.type === 'section').map((b) => b.text!.text);
    for (const text of sections) expect(text.length).toBeLessThanOrEqual(3000);
    const given = sections.join('\n');
    for (const w of words) expect(given).toContain(w);
    expect(posted(r)).toBe('');
  });

  it('in a DM with Baton, commands go to the only team', async () => {
    const r = await h.run(MARIA, 'mine', { channel: { id: `D${MARIA.id}`, name: 'directmessage' } });
    expect(privately(r)).toContain('Yours');
  });

  it('never sent anything Slack refused', () => {
    expect(h.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('looked each person up once (users.info is cached)', () => {
    for (const u of [ALICE, MARIA, SAM]) expect(h.fake.to('users.info').filter((c) => c.args.user === u.id), u.name).toHaveLength(1);
  });
});
