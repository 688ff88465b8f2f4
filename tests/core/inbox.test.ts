// A command written down before it is acknowledged is never lost and never done twice.
import { afterEach, describe, expect, it } from 'vitest';
import { Baton } from '../../src/core/bot.js';
import { listCommitments } from '../../src/db/commitments.js';
import { acceptInbox } from '../../src/db/inbox.js';
import { TEST_INSTANCE, type TestBot, silentLog, teamBot } from '../support/core.js';
import { openTestDatabase, sqlAll } from '../support/testdb.js';

let t: TestBot;
afterEach(() => t?.close());

describe('the inbox', () => {
  it('writes a request carrying NUL characters down without them, on either engine (PostgreSQL stores none)', async () => {
    t = await teamBot();
    const inv = { ...t.invocation('alice'), dedupeKey: 'nul-1' };
    expect(await t.bot.acceptCommand(inv, 'commit Bus\u0000 routes by Friday')).toBe(true);
    await t.bot.inbox.idle();
    expect((await listCommitments(t.database.db, 1)).map((c) => c.text)).toEqual(['Bus routes']);
    expect(JSON.stringify(await sqlAll(t.database, 'select payload from inbox'))).not.toContain('u0000');
  });

  it('answers a request whose reply cuts an emoji in half, on either engine (PostgreSQL stores no half surrogate in jsonb)', async () => {
    t = await teamBot();
    // The help topic is quoted back cut at 40 UTF-16 units: the middle of the 4-byte "𐀀".
    const sent = await t.run('alice', `help x${'𐀀'.repeat(30)}`);
    expect(sent.map((s) => s.text).join('\n')).not.toMatch(/something went wrong/);
    expect(sent.length).toBeGreaterThan(0);
  });

  it('works an accepted command through, once, and refuses the same delivery twice', async () => {
    t = await teamBot();
    const inv = { ...t.invocation('alice'), dedupeKey: 'trigger-7' };
    expect(await t.bot.acceptCommand(inv, 'commit Budget memo by Friday')).toBe(true);
    expect(await t.bot.acceptCommand(inv, 'commit Budget memo by Friday')).toBe(false);
    await t.bot.inbox.idle();
    expect((await t.flush()).map((s) => s.text)).toEqual([expect.stringMatching(/^C-1 Alice committed to: Budget memo/)]);
    expect(await listCommitments(t.database.db, 1)).toHaveLength(1);
  });

  it('keeps commands accepted before a crash and works them after the restart', async () => {
    t = await teamBot();
    // Accepted, then the process dies before the work ran (the worker runs on the next turn).
    await t.bot.acceptCommand({ ...t.invocation('alice'), dedupeKey: 'a' }, 'commit First by Friday');
    await t.bot.acceptCommand({ ...t.invocation('maria'), dedupeKey: 'b' }, 'update Second');
    const file = `${t.dir}/baton.db`;
    t.database.close();
    const database = openTestDatabase(file);
    try {
      // The same instance, started again: what it had taken is free again at once.
      const bot = new Baton({ store: database.store, instance: TEST_INSTANCE, clock: t.clock, defaultTz: 'UTC', log: silentLog, directories: {} });
      await bot.resume();
      await bot.inbox.idle();
      expect((await listCommitments(database.db, 1)).map((c) => c.text)).toEqual(['First']);
      expect(await sqlAll(database, 'select status from inbox order by id')).toEqual([{ status: 'done' }, { status: 'done' }]);
      // A second start finds nothing left to do.
      const again = new Baton({ store: database.store, instance: TEST_INSTANCE, clock: t.clock, defaultTz: 'UTC', log: silentLog, directories: {} });
      await again.resume();
      await again.inbox.idle();
      expect(await listCommitments(database.db, 1)).toHaveLength(1);
    } finally {
      database.close();
      t.database = openTestDatabase(file);
    }
  });

  it("leaves a request another live instance has taken to it; once that instance's lease runs out, works it, once", async () => {
    t = await teamBot();
    const inv = t.invocation('alice');
    // Instance B wrote the request down and took it; it is alive, still looking people up.
    const id = await t.bot.store.tx(async (q) =>
      acceptInbox(q, { key: 'from-b', kind: 'command', invocation: inv as unknown as Record<string, unknown>, payload: { text: 'commit Budget memo by Friday' }, receivedAt: t.clock.now(), owner: 'host-b:3000', leaseUntil: t.clock.now() + 60_000 }),
    );
    t.bot.inbox.kick();
    await t.bot.inbox.idle();
    expect(await listCommitments(t.database.db, 1)).toHaveLength(0);
    // B died. Its lease runs out; this instance takes the request over on its next pass.
    t.clock.advance(61_000);
    t.bot.inbox.kick();
    await t.bot.inbox.idle();
    expect((await listCommitments(t.database.db, 1)).map((c) => c.text)).toEqual(['Budget memo']);
    // B was only slow, not dead: it finishes its work late. The request is done, so nothing is recorded twice.
    const b = new Baton({ store: t.database.store, instance: 'host-b:3000', clock: t.clock, defaultTz: 'UTC', log: silentLog, directories: {} });
    await b.command({ ...inv, inboxId: id! }, 'commit Budget memo by Friday');
    expect(await listCommitments(t.database.db, 1)).toHaveLength(1);
    expect((await t.flush()).filter((s) => /committed to/.test(s.text))).toHaveLength(1);
  });
});
