// Slack's "got it" means written down: when the database can no longer be written, a command is
// answered with what happened instead of an empty acknowledgement, and the app is told to stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_RECORDED } from '../../../src/adapters/slack/app.js';
import { listUpdates } from '../../../src/db/updates.js';
import { ALICE, type Harness, LEADERSHIP, MARIA, harness } from './harness.js';
import { sqlGet, TEST_ENGINE } from '../../support/testdb.js';

let h: Harness;

// SQLite's read-only file, made with its pragma. Postgres's storage failures, end to end:
// tests/e2e/pg-storage.test.ts.
describe.skipIf(TEST_ENGINE === 'postgres')('a command Baton cannot write down', () => {
  beforeAll(async () => {
    h = await harness();
    await h.run(ALICE, 'setup District Leadership');
    await h.run(MARIA, 'update Before the disk filled');
  });
  afterAll(async () => {
    h.app.database.sqlite.pragma('query_only = 0');
    await h?.close();
  });

  it('is answered "not recorded" in the acknowledgement, not with an empty "got it"', async () => {
    h.app.database.sqlite.pragma('query_only = 1');
    const reply = await h.slack.command({ user: MARIA, channel: LEADERSHIP, text: 'update Lost to a full disk', responseUrl: h.fake.responseUrl() });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ response_type: 'ephemeral', text: NOT_RECORDED });
    await h.settle();
    expect(h.logs.some((l) => l.msg === 'storage failure: nothing more can be recorded; stopping')).toBe(true);
    h.app.database.sqlite.pragma('query_only = 0');
    expect((await listUpdates(h.app.database.db, 1)).map((u) => u.text)).toEqual(['Before the disk filled']);
    expect((await sqlGet(h.app, "select count(*) n from inbox where payload like '%Lost to a full disk%'"))).toEqual({ n: 0 });
  });
});
