// Proactive messages and Teams' limits: 1:1 chats Baton opens, 429s, blocked people, fan-out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT, CHANNEL, TENANT, type TeamsUser, alice, maria } from '../../fakes/teams-activities.js';
import { type TeamsHarness, cardText, startTeams } from './harness.js';

let h: TeamsHarness;
beforeEach(async () => {
  h = await startTeams();
  h.fake.seat(CHANNEL.id, [alice, maria]);
  await h.post(h.acts.channelMessage(alice, 'setup District Leadership'));
  await h.drain();
});
afterEach(async () => {
  await h.close();
});


const activityPosts = (r: { method: string; path: string }) => r.method === 'POST' && /\/activities$/.test(r.path);

describe('proactive messages', () => {
  it('a member with no 1:1 chat yet is reached in one Baton opens, and it is reused after', async () => {
    // Alice (the lead) has only ever written in the channel.
    await h.send(h.acts.channelMessage(maria, 'blocker The roof leaks in the gym'));
    expect(h.fake.created).toHaveLength(1);
    expect(h.fake.created[0]!.params).toMatchObject({
      isGroup: false,
      bot: { id: BOT.id },
      members: [{ id: alice.id }],
      tenantId: TENANT,
      channelData: { tenant: { id: TENANT } },
    });
    const created = h.fake.requests.findIndex((r) => r.method === 'POST' && r.path === '/v3/conversations');
    const dm = h.fake.requests.findIndex((r) => r.path === `/v3/conversations/${encodeURIComponent(h.fake.personalId(alice.id))}/activities`);
    expect(created).toBeGreaterThanOrEqual(0);
    expect(dm).toBeGreaterThan(created);
    expect(cardText(h.fake.dmsTo(alice.id)[0])).toContain('Maria Chen flagged a blocker in District Leadership');

    await h.send(h.acts.channelMessage(maria, 'blocker No buses on Monday'));
    expect(h.fake.created).toHaveLength(1);
    expect(h.fake.dmsTo(alice.id)).toHaveLength(2);
  });

  it('a message that replaces an earlier post edits it in place (PUT), in its thread', async () => {
    const transport = h.app.transports.teams!;
    const message = (t: string) => ({ text: t, blocks: [{ type: 'section' as const, lines: [[{ text: t }]] }] });
    const first = await transport.deliver({ key: 'k1', workspaceExternalId: TENANT, destination: { to: 'channel', channelId: CHANNEL.id, threadOf: '1700000000042' }, message: message('Digest: 1 of 3 answered') });
    expect(first).toMatchObject({ conversationId: CHANNEL.id, sentTo: `${CHANNEL.id};messageid=1700000000042` });
    const again = await transport.deliver({
      key: 'k2',
      workspaceExternalId: TENANT,
      destination: { to: 'channel', channelId: CHANNEL.id, replaces: 'k1' },
      message: message('Digest: 3 of 3 answered'),
      replacesRef: first!,
    });
    expect(again).toEqual(first);
    expect(h.fake.updated).toHaveLength(1);
    expect(h.fake.updated[0]).toMatchObject({ conversationId: `${CHANNEL.id};messageid=1700000000042`, id: first!.messageId });
    expect(cardText(h.fake.updated[0])).toContain('3 of 3 answered');
  });

  it('someone who blocked Baton (403) is not retried', async () => {
    h.fake.block(alice.id);
    await h.send(h.acts.channelMessage(maria, 'blocker The roof leaks in the gym'));
    await h.drain();
    const attempts = h.fake.requests.filter((r) => r.path === '/v3/conversations');
    expect(attempts.map((r) => r.status)).toEqual([403]);
    expect(h.logs.some((l) => l.msg === 'message could not be delivered')).toBe(true);
  });
});

describe("Teams' rate limits", () => {
  it('a 429 followed by success delivers the message exactly once', async () => {
    const mark = h.fake.requests.length;
    h.fake.throttle(1, { retryAfter: '0', match: activityPosts });
    await h.send(h.acts.channelMessage(alice, 'update Buses ordered'));
    const posts = h.fake.requests.slice(mark).filter(activityPosts);
    expect(posts.map((r) => r.status)).toEqual([429, 201]);
    expect(h.fake.postsTo(CHANNEL.id).filter((p) => cardText(p).includes('Buses ordered'))).toHaveLength(1);
  });

  it('throttled past botbuilder’s own retries, the outbox tries again later and sends once', async () => {
    const mark = h.fake.requests.length;
    h.fake.throttle(4, { retryAfter: '0', match: activityPosts });
    await h.send(h.acts.channelMessage(alice, 'update Chairs ordered'));
    expect(h.logs.some((l) => l.msg === 'message delivery will be retried')).toBe(true);
    const post = await h.fake.waitFor(() => h.fake.postsTo(CHANNEL.id).find((p) => cardText(p).includes('Chairs ordered')), 'the retried post');
    expect(post).toBeDefined();
    await h.drain();
    expect(h.fake.requests.slice(mark).filter(activityPosts).map((r) => r.status)).toEqual([429, 429, 429, 429, 201]);
    expect(h.fake.postsTo(CHANNEL.id).filter((p) => cardText(p).includes('Chairs ordered'))).toHaveLength(1);
  });

  it("a large team's fan-out completes under throttling: every lead told once", async () => {
    const leads: TeamsUser[] = Array.from({ length: 9 }, (_, i) => ({ id: `29:1lead${i}`, name: `Lead ${i}`, aadObjectId: `aad-lead-${i}` }));
    h.fake.members.set(CHANNEL.id, [...h.fake.members.get(CHANNEL.id)!, ...leads.map((l) => ({ id: l.id, name: l.name, aadObjectId: l.aadObjectId }))]);
    for (const l of leads) await h.send(h.acts.channelMessage(alice, `members add <at>${l.name}</at>`, { mentions: [l] }));
    for (const l of leads) await h.send(h.acts.channelMessage(alice, `role <at>${l.name}</at> lead`, { mentions: [l] }));
    // Every third request is refused with 429 while the blocker fans out to ten leads.
    let n = 0;
    h.fake.throttle(1000, { retryAfter: '0', match: () => ++n % 3 === 0 });
    await h.send(h.acts.channelMessage(maria, 'blocker The district network is down'));
    for (const lead of [alice, ...leads]) {
      await h.fake.waitFor(() => h.fake.dmsTo(lead.id).length > 0, `${lead.name}'s message`);
    }
    await h.drain();
    for (const lead of [alice, ...leads]) {
      const got = h.fake.dmsTo(lead.id).filter((p) => cardText(p).includes('The district network is down'));
      expect(got, lead.name).toHaveLength(1);
    }
    expect(h.fake.requests.some((r) => r.status === 429)).toBe(true);
  });
});
