// Quiet channels in Slack, end to end through the real app and the fake Web API. `quiet thread`:
// the day's first record posts one parent and every record of the day replies under it
// (thread_ts), once across racing commands and a restart, while a blocker and a decision stand
// alone. `quiet digest`: nothing per record in the channel (the person sees theirs privately),
// one roll-up at 17:00 of a working day, once across restarts. `quiet off` restores each post.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, type Harness, LEADERSHIP, MARIA, SAM, harness, textOf } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await h.run(ALICE, 'setup District Leadership');
});
afterEach(async () => {
  await h?.close();
});

/** The channel as people see it: top-level posts, each with the replies under it. */
function channel(): { text: string; ts: string; replies: string[] }[] {
  const all = h.fake.channels.get(LEADERSHIP.id)!.messages;
  return all
    .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
    .map((m) => ({ text: textOf(m), ts: m.ts, replies: all.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts).map((r) => textOf(r)) }));
}
const parents = () => channel().filter((p) => p.text.includes("Today's records"));
const rollups = () => channel().filter((p) => p.text.includes('🗂'));

async function at(iso: string): Promise<void> {
  h.clock.set(Date.parse(iso));
  await h.app.ticker.tick();
  await h.settle();
}

describe('quiet channels in Slack', () => {
  it('a member sees the mode and cannot change it; a lead can, and the channel is told', async () => {
    expect(textOf((await h.run(MARIA, 'quiet')).ephemerals[0]!.body)).toMatch(/District Leadership's channel: quiet off: every record posts on its own\./);
    expect(textOf((await h.run(MARIA, 'quiet thread')).ephemerals[0]!.body)).toMatch(/Only a lead of District Leadership can do that/);
    expect(textOf((await h.run(ALICE, 'quiet loud')).ephemerals[0]!.body)).toMatch(/quiet. takes .thread., .digest. or .off. — not "loud"[\s\S]*\/baton quiet thread/);
    await h.run(ALICE, 'quiet thread');
    expect(channel().at(-1)!.text).toMatch(/🔕 Alice set this channel to quiet thread[\s\S]*Blockers, decisions and disagreements still post on their own\./);
    expect(textOf((await h.run(MARIA, 'quiet')).ephemerals[0]!.body)).toMatch(/quiet thread: each day's updates/);
  });

  it("thread: one parent a day, the day's records reply under it, across a race and a restart; a blocker and a decision stand alone", async () => {
    await h.run(ALICE, 'quiet thread');
    const before = channel().length;
    // Two records in the same instant, racing.
    await Promise.all([h.run(MARIA, 'update Budget draft shared with the board'), h.run(SAM, 'commit Call the bus vendor by Friday')]);
    await h.run(SAM, `blocker Waiting on the bus contract signature <@${ALICE.id}|alice>`);
    await h.run(ALICE, 'decide Move the PD day to Friday because of the bus strike');
    await h.restart();
    await h.run(SAM, 'done C-1');

    expect(parents()).toHaveLength(1);
    const day = parents()[0]!;
    expect(day.text).toContain("Today's records — Mon, Nov 23");
    expect(day.replies).toHaveLength(3);
    expect(day.replies.join('\n')).toMatch(/U-1[\s\S]*Budget draft shared with the board/);
    expect(day.replies.join('\n')).toMatch(/C-1[\s\S]*Call the bus vendor/);
    expect(day.replies.join('\n')).toMatch(/C-1 done/);
    // Top level: the parent, the blocker and the decision — nothing else since quiet thread.
    const top = channel().slice(before).map((p) => p.text);
    expect(top).toHaveLength(3);
    expect(top[1]).toMatch(/E-1[\s\S]*Waiting on the bus contract signature/);
    expect(top[2]).toMatch(/D-1[\s\S]*Move the PD day to Friday/);

    // The next day has its own thread.
    h.clock.set(Date.parse('2026-11-24T14:00:00Z'));
    await h.run(MARIA, 'update Bus routes drafted');
    expect(parents()).toHaveLength(2);
    expect(parents()[1]!.text).toContain("Today's records — Tue, Nov 24");
    expect(parents()[1]!.replies.join('\n')).toContain('Bus routes drafted');
  });

  it('digest: nothing per record, privately to its author; one roll-up at 17:00, once across restarts; a blocker stands alone', async () => {
    await h.run(ALICE, 'quiet digest');
    const before = channel().length;
    const mine = await h.run(MARIA, 'update Budget draft shared');
    expect(textOf(mine.ephemerals[0]!.body)).toMatch(/U-1[\s\S]*Budget draft shared[\s\S]*In the channel's roll-up at 17:00/);
    await h.run(SAM, 'commit Call the bus vendor by Friday');
    await h.run(MARIA, 'edit U-1 Budget draft v2 shared with the board');
    await h.run(SAM, 'blocker Waiting on the bus contract signature');
    expect(channel().slice(before).map((p) => p.text)).toEqual([expect.stringMatching(/E-1[\s\S]*Waiting on the bus contract signature/)]);

    await at('2026-11-23T16:59:00Z');
    expect(rollups()).toHaveLength(0);
    await h.restart();
    await at('2026-11-23T17:00:00Z');
    await h.restart();
    await at('2026-11-23T17:05:00Z');
    expect(rollups()).toHaveLength(1);
    const roll = rollups()[0]!.text;
    expect(roll).toContain("Today's records — Mon, Nov 23");
    expect(roll).toContain('Budget draft v2 shared with the board');
    expect(roll).not.toContain('Budget draft shared');
    expect(roll).toMatch(/C-1[\s\S]*Call the bus vendor/);
    expect(roll).toContain('2 records');
    expect(roll).not.toContain('E-1');
  });

  it("digest waits for a working day: Friday evening's record rolls up Monday at 17:00, not over the weekend", async () => {
    await h.run(ALICE, 'quiet digest');
    h.clock.set(Date.parse('2026-11-27T18:00:00Z'));
    await h.run(MARIA, 'update Enrollment numbers are in');
    await at('2026-11-28T17:00:00Z');
    await at('2026-11-29T17:00:00Z');
    await at('2026-11-30T16:00:00Z');
    expect(rollups()).toHaveLength(0);
    await at('2026-11-30T17:00:00Z');
    expect(rollups()).toHaveLength(1);
    expect(rollups()[0]!.text).toMatch(/Records — Fri, Nov 27 to Mon, Nov 30[\s\S]*Enrollment numbers are in/);
  });

  it('off restores each record on its own, at the top of the channel', async () => {
    await h.run(ALICE, 'quiet thread');
    await h.run(MARIA, 'update Budget draft shared');
    await h.run(ALICE, 'quiet off');
    expect(channel().at(-1)!.text).toMatch(/🔔 Alice set this channel to quiet off: every record posts on its own\./);
    await h.run(MARIA, 'update Bus routes drafted');
    expect(channel().at(-1)!.text).toMatch(/U-2[\s\S]*Bus routes drafted/);
    expect(parents()[0]!.replies).toHaveLength(1);
    expect(textOf((await h.run(ALICE, 'quiet off')).ephemerals[0]!.body)).toMatch(/already quiet off/);
  });
});
