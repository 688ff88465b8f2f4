// Quiet channels in Teams, end to end through the real app and the fake connector. `quiet
// thread`: the day's first record posts one parent in the channel and the day's records reply
// in its reply chain ("<channel>;messageid=<parent>"), once across a restart; a command typed in
// the channel is still answered in its own thread; a blocker stands alone. `quiet digest`:
// nothing per record at the top of the channel, one roll-up at 17:00, once across restarts.
// `quiet off` restores each post.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, type TeamsUser, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type ClockedTeamsHarness, cardText, startTeams } from './harness.js';

let h: ClockedTeamsHarness;
beforeEach(async () => {
  h = await startTeams(undefined, { clock: '2026-11-23T15:00:00Z' });
  h.fake.members.set(CHANNEL.id, [alice, maria, sam].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId })));
  await h.send(h.acts.channelMessage(alice, 'setup District Leadership'));
});
afterEach(async () => {
  await h?.close();
});

/** Baton's own posts at the top of the channel (not in anyone's thread). */
const top = () => h.fake.posted.filter((p) => p.conversationId === CHANNEL.id);
const under = (id: string) => h.fake.posted.filter((p) => p.conversationId === `${CHANNEL.id};messageid=${id}`);
const parents = () => top().filter((p) => cardText(p).includes("Today's records"));
const rollups = () => top().filter((p) => cardText(p).includes('🗂'));

const inChannel = (u: TeamsUser, text: string) => h.send(h.acts.channelMessage(u, text));
const privately = (u: TeamsUser, text: string) => h.send(h.acts.personalMessage(u, text));

async function at(iso: string): Promise<void> {
  h.clock.set(Date.parse(iso));
  await h.tick();
}

describe('quiet channels in Teams', () => {
  it("thread: one parent a day and the day's records in its reply chain, across a restart; a blocker stands alone", async () => {
    await inChannel(alice, 'quiet thread');
    const before = top().length;
    await privately(maria, 'update Budget draft shared with the board');
    await h.restart();
    await privately(sam, 'commit Call the bus vendor by Friday');
    await privately(maria, 'blocker Waiting on the bus contract signature');
    // Typed in the channel, a record is answered in the thread of the message that asked, as always.
    const asked = h.acts.channelMessage(sam, 'done C-1');
    await h.send(asked);

    expect(parents()).toHaveLength(1);
    const day = parents()[0]!;
    expect(cardText(day)).toContain("Today's records — Mon, Nov 23");
    const replies = under(day.id).map(cardText);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toMatch(/U-1[\s\S]*Budget draft shared with the board/);
    expect(replies[1]).toMatch(/C-1[\s\S]*Call the bus vendor/);
    expect(under(asked.id).map(cardText).join('\n')).toMatch(/C-1 done/);
    const since = top().slice(before).map(cardText);
    expect(since).toHaveLength(2);
    expect(since[1]).toMatch(/E-1[\s\S]*Waiting on the bus contract signature/);
    // Whoever asked privately sees it there too.
    expect(h.fake.dmsTo(maria.id).map(cardText).join('\n')).toContain('Budget draft shared with the board');
  });

  it('digest: nothing per record at the top of the channel; one roll-up at 17:00, once across restarts', async () => {
    await inChannel(alice, 'quiet digest');
    const before = top().length;
    await privately(maria, 'update Budget draft shared');
    expect(h.fake.dmsTo(maria.id).map(cardText).join('\n')).toMatch(/U-1[\s\S]*Budget draft shared[\s\S]*In the channel's roll-up at 17:00/);
    const asked = h.acts.channelMessage(sam, 'commit Call the bus vendor by Friday');
    await h.send(asked);
    expect(under(asked.id).map(cardText).join('\n')).toMatch(/C-1[\s\S]*Call the bus vendor/);
    await privately(maria, 'blocker Waiting on the bus contract signature');
    expect(top().slice(before).map(cardText)).toEqual([expect.stringMatching(/E-1[\s\S]*Waiting on the bus contract signature/)]);

    await at('2026-11-23T16:59:00Z');
    expect(rollups()).toHaveLength(0);
    await h.restart();
    await at('2026-11-23T17:00:00Z');
    await h.restart();
    await at('2026-11-23T17:30:00Z');
    expect(rollups()).toHaveLength(1);
    const roll = cardText(rollups()[0]);
    expect(roll).toContain("Today's records — Mon, Nov 23");
    expect(roll).toMatch(/U-1[\s\S]*Budget draft shared/);
    expect(roll).toMatch(/C-1[\s\S]*Call the bus vendor/);
    expect(roll).not.toContain('E-1');
  });

  it('off restores each record at the top of the channel', async () => {
    await inChannel(alice, 'quiet thread');
    await privately(maria, 'update Budget draft shared');
    await inChannel(alice, 'quiet off');
    await privately(maria, 'update Bus routes drafted');
    expect(cardText(top().at(-1))).toMatch(/U-2[\s\S]*Bus routes drafted/);
    expect(under(parents()[0]!.id)).toHaveLength(1);
  });
});
