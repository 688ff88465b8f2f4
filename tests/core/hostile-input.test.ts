// Random, Unicode, oversized and injection-like input at the command entry point: no exception
// escapes, every input ends in a record or a clear answer, and nothing is ever recorded half.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_WORDS } from '../../src/core/language/commands.js';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/query.js';
import { type TestBot, teamBot } from '../support/core.js';
import { TEST_ENGINE } from '../support/testdb.js';

let t: TestBot;
beforeAll(async () => {
  t = await teamBot();
  await t.run('alice', 'goal Attendance');
  await t.run('alice', 'commit Seed by Friday <@maria>');
  await t.run('maria', 'blocker Seed blocker');
});
afterAll(() => t.close());

const TABLES = ['goals', 'updates', 'commitments', 'commitment_events', 'blockers', 'decisions', 'members', 'teams', 'counters'];

async function counts(): Promise<Record<string, number>> {
  // One query for all tables, through the query layer, so it counts on either engine (Postgres
  // gives a count as text).
  const [row] = await rows<Record<string, number | string>>(t.database.db, sql.raw(`select ${TABLES.map((table) => `(select count(*) from ${table}) ${table}`).join(', ')}`));
  return Object.fromEntries(TABLES.map((table) => [table, Number(row![table])]));
}

const nasty = fc.constantFrom(
  '<!channel>', '<!here>', '<!everyone>', '<@U0BADBAD>', '<@U1|alice>', '<#C1|general>', '<!subteam^S1|@team>', '@here',
  "'; DROP TABLE commitments; --", '=HYPERLINK("http://x")', '+1', '@SUM(1)', '*bold*', '_it_', '~s~', '`code`', '```',
  '<script>alert(1)</script>', '&amp;', '&lt;', '\u202E', '\u200B', '\u0000', '\u001B[31m', '👩🏽‍🏫', '#G-999999999', 'C-99999999999',
  'E-0', 'by', 'by by', 'with', 'owner', 'because', '\n', '\r\n', '\t', '   ', 'by yesterday', 'by 2026-02-30', 'by next decade',
);

const word = fc.constantFrom(...COMMAND_WORDS, 'members add', 'members remove', 'role', 'list all', 'report weeks', 'checkin schedule', 'agreements set', 'done C-1', 'move C-1', 'drop C-1', 'resolve E-1');
const piece = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 20 }), nasty);
const input = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(word, fc.array(piece, { maxLength: 8 })).map(([w, ps]) => `${w} ${ps.join(' ')}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.tuple(word, fc.integer({ min: 1900, max: 6000 })).map(([w, n]) => `${w} ${'x'.repeat(n)}`) },
);

describe('hostile input at the command entry point', () => {
  it('never throws, always answers, and records whole or not at all', async () => {
    const users = ['alice', 'maria', 'sam'];
    await fc.assert(
      fc.asyncProperty(input, fc.constantFrom(...users), fc.boolean(), async (text, user, direct) => {
        const before = await counts();
        const sent = await t.run(user, text, { direct });
        const after = await counts();
        const changed = TABLES.some((table) => after[table] !== before[table]);
        // Every input is answered: a record announced, or a reply (result or error).
        expect(sent.length, `no answer to ${JSON.stringify(text)}`).toBeGreaterThan(0);
        // A record is never written without the channel hearing of it; a refusal writes nothing.
        if (changed) expect(sent.some((s) => s.destination.to === 'channel' || s.destination.to === 'dm'), JSON.stringify(text)).toBe(true);
        for (const s of sent) {
          // A bug surfaces as the apology; a person's mistake must get a real answer instead.
          expect(s.text, JSON.stringify(text)).not.toMatch(/something went wrong/);
          // What a person typed never becomes a real mention: only mention spans are, and those
          // come from people resolved by id.
          for (const block of s.message.blocks) {
            if (block.type === 'section') for (const l of block.lines) for (const span of l) if (span.mention) expect(span.mention.userId).toMatch(/^(alice|maria|sam|newbie)$/);
          }
        }
      }),
      { numRuns: 400 },
    );
    // SQLite's own checks of the file (Postgres has no such pragma; its constraints are checked on every write).
    if (TEST_ENGINE === 'sqlite') {
      const check = t.database.sqlite.prepare('pragma integrity_check').get() as { integrity_check: string };
      expect(check.integrity_check).toBe('ok');
      expect(t.database.sqlite.prepare('pragma foreign_key_check').all()).toEqual([]);
    }
  }, 120_000); // 400 commands, each a few round trips on PostgreSQL
});
