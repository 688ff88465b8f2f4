import { afterEach, describe, expect, it } from 'vitest';
import { listCommitments, commitmentHistory } from '../../src/db/commitments.js';
import { type TestBot, teamBot, testBot, where } from '../support/core.js';

let t: TestBot;
afterEach(() => t?.close());

const DAY = 86_400_000;

describe('commitments', () => {
  it("records a commitment with an id and a date read in the owner's time zone, and tells the channel", async () => {
    t = await teamBot();
    const sent = await t.run('alice', 'commit Draft the budget memo by Friday');
    expect(where(sent)).toEqual([expect.stringMatching(/^#leadership: C-1 Alice committed to: Draft the budget memo\ndue Fri, Nov 27/)]);
  });

  it('reads "tomorrow" in the owner\'s zone: Tokyo is already a day ahead of Chicago', async () => {
    // Monday 2026-11-23 15:00 UTC is Monday 09:00 in Chicago and Tuesday 00:00 in Tokyo.
    t = await teamBot();
    await t.run('alice', 'commit Chicago task by tomorrow <@maria>');
    await t.run('alice', 'commit Tokyo task by tomorrow <@sam>');
    const rows = await listCommitments(t.database.db, 1, { status: 'open' });
    const byText = Object.fromEntries(rows.map((r) => [r.text, r]));
    expect(byText['Chicago task']).toMatchObject({ dueDate: '2026-11-24', dueTz: 'America/Chicago' });
    expect(byText['Tokyo task']).toMatchObject({ dueDate: '2026-11-25', dueTz: 'Asia/Tokyo' });
  });

  it('numbers commitments per team: C-1 in one team is not C-1 in another', async () => {
    t = await teamBot();
    await t.run('alice', 'commit First by Friday');
    await t.run('alice', 'setup Principals', { channel: 'principals' });
    const other = await t.run('alice', 'commit Other team thing by Friday', { channel: 'principals' });
    expect(other[0]!.text).toMatch(/^C-1 /);
    const second = await t.run('alice', 'commit Second by Friday');
    expect(second[0]!.text).toMatch(/^C-2 /);
  });

  it('lets the owner or a lead close, move and drop — nobody else', async () => {
    t = await teamBot();
    await t.run('alice', 'commit Call the bus vendor by Friday <@maria>');
    const denied = await t.run('sam', 'done C-1');
    expect(where(denied)).toEqual([expect.stringMatching(/^reply sam: Only C-1's owner or a lead can do that/)]);
    const moved = await t.run('maria', 'move C-1 2026-12-04');
    expect(moved[0]!.text).toMatch(/C-1 moved from Fri, Nov 27 to Fri, Dec 4: Call the bus vendor \(slip 1\)/);
    const done = await t.run('alice', 'done C-1 signed');
    expect(done[0]!.text).toMatch(/✅ C-1 done: Call the bus vendor — on time \(signed\)/);
    const again = await t.run('maria', 'drop C-1');
    expect(again[0]!.text).toMatch(/C-1 is already done/);
  });

  it('keeps every date move in the history and counts it as a slip; setting a first date is not a slip', async () => {
    t = await teamBot();
    await t.run('alice', 'commit Undated thing');
    const dated = await t.run('alice', 'move C-1 Friday');
    expect(dated[0]!.text).toMatch(/C-1 now due Fri, Nov 27/);
    await t.run('alice', 'move C-1 next Wednesday');
    await t.run('alice', 'move C-1 2026-12-10');
    const [c] = await listCommitments(t.database.db, 1);
    expect(c!.slips).toBe(2);
    expect((await commitmentHistory(t.database.db, c!.id)).map((e) => [e.kind, e.fromDue, e.toDue])).toEqual([
      ['created', null, null],
      ['dated', null, '2026-11-27'],
      ['moved', '2026-11-27', '2026-12-02'],
      ['moved', '2026-12-02', '2026-12-10'],
    ]);
  });

  it('says a commitment done after its day is late', async () => {
    t = await teamBot();
    await t.run('alice', 'commit Budget memo by Tuesday');
    t.clock.advance(3 * DAY);
    const done = await t.run('alice', 'done C-1');
    expect(done[0]!.text).toMatch(/C-1 done: Budget memo — 2 days late/);
  });

  it('refuses a date it cannot read, or one in the past, and records nothing', async () => {
    t = await teamBot();
    const bad = await t.run('alice', 'commit Budget memo by Fridya');
    expect(where(bad)).toEqual([expect.stringMatching(/^reply alice: I couldn't read "Fridya" as a date.*\nTry: commit Budget memo by Friday/s)]);
    const past = await t.run('alice', 'commit Budget memo by 2026-01-05');
    expect(past[0]!.text).toMatch(/is in the past/);
    expect(await listCommitments(t.database.db, 1)).toHaveLength(0);
  });

  it('refuses an owner who is not a member, and an id that is not in this team', async () => {
    t = await teamBot();
    t.person('zoe');
    const notMember = await t.run('alice', 'commit Thing by Friday <@zoe|zoe>');
    expect(notMember[0]!.text).toMatch(/zoe is not a member of Leadership/);
    const missing = await t.run('alice', 'done C-99');
    expect(missing[0]!.text).toMatch(/There is no C-99 in this team/);
  });

  it('records nothing twice when the same delivery arrives again', async () => {
    t = await teamBot();
    const first = await t.run('alice', 'commit Budget memo by Friday', { dedupeKey: 'trigger-1' });
    const retry = await t.run('alice', 'commit Budget memo by Friday', { dedupeKey: 'trigger-1' });
    expect(first).toHaveLength(1);
    expect(retry).toHaveLength(0);
    expect(await listCommitments(t.database.db, 1)).toHaveLength(1);
  });

  it('records from a 1:1 conversation with the bot into the caller\'s only team, and confirms privately too', async () => {
    t = await teamBot();
    const sent = await t.run('maria', 'commit Visit the new school by Friday', { direct: true });
    expect(where(sent).map((s) => s.split(':')[0])).toEqual(['reply maria', '#leadership']);
  });

  it('asks for a team before anything is recorded in a channel without one', async () => {
    t = testBot();
    const sent = await t.run('alice', 'commit Budget memo by Friday', { channel: 'random' });
    expect(where(sent)).toEqual([expect.stringMatching(/^reply alice: This channel isn't a Baton team yet.*\nTry: setup/s)]);
  });
});
