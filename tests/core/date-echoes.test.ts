// What people see back when they type a date: the day, its weekday, how far away, and "next year"
// when a date without a year rolled over. The test clock is Monday 2026-11-23.
import { afterEach, describe, expect, it } from 'vitest';
import { findCommitment, listCommitments } from '../../src/db/commitments.js';
import { checkinDms, press, submit } from './checkins/helpers.js';
import { type TestBot, teamBot, where } from '../support/core.js';

let t: TestBot;
afterEach(() => t?.close());

describe('dates said back', () => {
  it('"next Friday" said on a Monday is next week\'s, and the echo says how far that is', async () => {
    t = await teamBot();
    const sent = await t.run('alice', 'commit Budget memo by next Friday');
    expect(where(sent)).toEqual([expect.stringMatching(/^#leadership: C-1 Alice committed to: Budget memo\ndue Fri, Dec 4 — in 11 days$/)]);
  });

  it('"decide … by next Friday" said on a Monday says how far too, in the team\'s channel', async () => {
    t = await teamBot();
    const sent = await t.run('alice', 'decide Adopt the bell schedule by next Friday');
    expect(where(sent)).toEqual([expect.stringMatching(/^#leadership: Decision D-1[\s\S]*By: Fri, Dec 4 — in 11 days\n/)]);
  });

  it('a date whose day has passed this year says "next year"', async () => {
    t = await teamBot();
    const sent = await t.run('alice', 'commit Budget memo by 9/1');
    expect(where(sent)).toEqual([expect.stringMatching(/\ndue Wed, Sep 1, 2027 — next year, in 282 days$/)]);
  });

  it('a weekend day is said with its weekday', async () => {
    t = await teamBot();
    const sent = await t.run('alice', 'commit Budget memo by Dec 5');
    expect(where(sent)).toEqual([expect.stringMatching(/\ndue Sat, Dec 5 — in 12 days$/)]);
  });

  it('reads what administrators type: EOW, COB Friday, end of month, a trailing emoji', async () => {
    t = await teamBot();
    expect(where(await t.run('alice', 'commit One by EOW'))).toEqual([expect.stringMatching(/\ndue Fri, Nov 27 — in 4 days$/)]);
    expect(where(await t.run('alice', 'commit Two by COB Friday'))).toEqual([expect.stringMatching(/\ndue Fri, Nov 27 — in 4 days$/)]);
    expect(where(await t.run('alice', 'commit Three by end of month'))).toEqual([expect.stringMatching(/\ndue Mon, Nov 30 — in 7 days$/)]);
    expect(where(await t.run('alice', 'commit Four by Friday 😅'))).toEqual([expect.stringMatching(/\ndue Fri, Nov 27 — in 4 days$/)]);
  });

  it('refuses a time of day rather than dropping it, and records nothing', async () => {
    t = await teamBot();
    const sent = await t.run('alice', 'commit Budget memo by tomorrow 3pm');
    expect(where(sent)).toEqual([expect.stringMatching(/^reply alice: Baton keeps a due day, not a time: write the day alone, e\.g\. "tomorrow" or "Friday"\./)]);
    expect(await listCommitments(t.database.db, 1)).toHaveLength(0);
  });

  it('refuses a phrase that could mean more than one day, with examples', async () => {
    t = await teamBot();
    const sent = await t.run('alice', 'commit Budget memo by the week after');
    expect(where(sent)).toEqual([expect.stringMatching(/^reply alice: "the week after" could mean more than one day\. Try "Friday", "next Tuesday"/)]);
    expect(await listCommitments(t.database.db, 1)).toHaveLength(0);
  });

  it('a move says how far away the new day is', async () => {
    t = await teamBot();
    await t.run('alice', 'commit Budget memo by Friday');
    const moved = await t.run('alice', 'move C-1 next Friday');
    expect(moved[0]!.text).toBe('↪️ C-1 moved from Fri, Nov 27 to Fri, Dec 4: Budget memo (slip 1) — in 11 days');
  });

  it('"away until" says how long that is, counted from the person\'s own today', async () => {
    t = await teamBot();
    // Sam is in Tokyo, where it is already Tuesday Nov 24: Dec 8 is 14 days away there.
    const away = await t.run('sam', 'checkin away until Dec 8');
    expect(where(away)).toEqual([expect.stringMatching(/^reply sam: You are away until Tue, Dec 8: no check-ins before then — in 14 days\. /)]);
  });

  it('a check-in answer is read the same way: "the week after" is refused, "by December" is its last working day', async () => {
    t = await teamBot();
    await t.run('maria', 'commit Draft the budget memo by Friday');
    await t.run('maria', 'commit Call the bus vendor by Thursday');
    await t.run('alice', 'checkin now');
    const dm = checkinDms(t.sent, 'maria')[0]!;
    const form = (await press(t, 'maria', dm, 'checkin.open'))!;
    const vague = await submit(t, 'maria', form, { c1: 'slipping', c1_date: 'the week after', c2: 'slipping', c2_date: 'tomorrow 3pm' });
    expect(vague).toEqual({
      ok: false,
      errors: {
        c1_date: '"the week after" could mean more than one day. Try "Friday", "next Tuesday", "in 2 weeks", "end of next week" or "Dec 15".',
        c2_date: 'Baton keeps a due day, not a time: write the day alone, e.g. "tomorrow" or "Friday".',
      },
    });
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ dueDate: '2026-11-27', slips: 0 });
    const ok = await submit(t, 'maria', form, { c1: 'slipping', c1_date: 'by December 🙏' });
    expect(ok).toEqual({ ok: true });
    // Dec 31 2026 is a Thursday, a working day.
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ dueDate: '2026-12-31', slips: 1 });
  });
});
