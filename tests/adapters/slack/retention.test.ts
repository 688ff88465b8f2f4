// Data care over HTTP: what Baton keeps of a Slack conversation only as long as it can be needed.
// A response_url (it can post into the channel as Baton for 30 minutes) is not kept once used or
// expired; private answers and DMs are deleted a week after delivery; channel posts (which a
// later version may edit) and what reactions look up stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, type Harness, MARIA, SAM, harness } from './harness.js';
import { sqlAll, sqlJson } from '../../support/testdb.js';

let h: Harness;
const DAY = 24 * 3_600_000;
const rows = async (sql: string) => (await sqlAll(h.app, sql)) as Record<string, unknown>[];

beforeAll(async () => {
  h = await harness();
  await h.run(ALICE, 'setup Leadership');
  await h.run(ALICE, `members add <@${MARIA.id}|maria> <@${SAM.id}|sam>`);
});
afterAll(async () => {
  await h?.close();
});

describe('retention of what Baton sent', () => {
  it('a response_url is gone from the outbox once Baton answered through it, and from the inbox once it has expired (30 minutes, dropped within 10 more)', async () => {
    const r = await h.run(MARIA, 'mine');
    expect(r.ephemerals.length).toBeGreaterThan(0);
    expect(JSON.stringify(await rows('select destination from outbox'))).not.toContain(r.responseUrl);
    h.clock.advance(41 * 60_000);
    await h.app.ticker.tick();
    expect(JSON.stringify(await rows('select invocation from inbox'))).not.toContain(r.responseUrl);
  });

  it('private answers and DMs are deleted a week after delivery; channel posts and posted messages stay', async () => {
    await h.run(SAM, 'blocker The buses are late');
    await h.run(MARIA, 'list');
    const to = () => rows(`select ${sqlJson('destination', 'to')} as t, count(*) as n from outbox group by t order by t`);
    const before = await to();
    expect(before.map((r) => r.t)).toEqual(['channel', 'dm', 'reply']);
    const posted = await rows('select * from posted_messages');
    h.clock.advance(6 * DAY);
    await h.app.ticker.tick();
    expect(await to()).toEqual(before);
    h.clock.advance(2 * DAY);
    await h.app.ticker.tick();
    expect((await to()).map((r) => r.t)).toEqual(['channel']);
    expect((await to())[0]).toEqual(before[0]);
    expect(await rows('select * from posted_messages')).toEqual(posted);
  });
});
