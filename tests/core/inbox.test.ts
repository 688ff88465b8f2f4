// A command written down before it is acknowledged is never lost and never done twice.
import { afterEach, describe, expect, it } from 'vitest';
import { Baton } from '../../src/core/bot.js';
import { listCommitments } from '../../src/db/commitments.js';
import { openDatabase } from '../../src/db/client.js';
import { type TestBot, silentLog, teamBot } from '../support/core.js';

let t: TestBot;
afterEach(() => t?.close());

describe('the inbox', () => {
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
    const database = openDatabase(file);
    try {
      const bot = new Baton({ store: database.store, clock: t.clock, defaultTz: 'UTC', log: silentLog, directories: {} });
      bot.inbox.kick();
      await bot.inbox.idle();
      expect((await listCommitments(database.db, 1)).map((c) => c.text)).toEqual(['First']);
      expect(database.sqlite.prepare("select status from inbox order by id").all()).toEqual([{ status: 'done' }, { status: 'done' }]);
      // A second start finds nothing left to do.
      const again = new Baton({ store: database.store, clock: t.clock, defaultTz: 'UTC', log: silentLog, directories: {} });
      again.inbox.kick();
      await again.inbox.idle();
      expect(await listCommitments(database.db, 1)).toHaveLength(1);
    } finally {
      database.close();
      t.database = openDatabase(file);
    }
  });
});
