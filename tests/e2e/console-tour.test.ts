// The newcomer's first run: `npm start < tests/e2e/console-tour.txt`, through the built program,
// prints the ids and answers a person expects, and writes the export.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../support/testdb.js';
import { consoleDatabaseEnv, root, runConsole as runBaton } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'baton-tour-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** Every run of the file on one database (on the engine in use): a second run finds the first's records. */
const database = await consoleDatabaseEnv(join(dir, 'baton.db'));

async function runConsole(input: string, env: Record<string, string> = {}) {
  return runBaton(input, { ...database, ...env });
}

const run = await runConsole(readFileSync(join(root, 'tests/e2e/console-tour.txt'), 'utf8'));

describe('the console tour', () => {
  const out = run.stdout;

  it('runs to the end of its input and exits cleanly, with logs kept off the conversation', () => {
    expect(run.status).toBe(0);
    expect(out).not.toMatch(/"level":/);
  });

  it('hands out the ids a person expects', () => {
    expect(out).toContain('🎯 G-1 new goal: Every school reports attendance weekly');
    expect(out).toContain('📝 U-1 maria: Attendance dashboard is live for 12 of 14 schools #G-1');
    expect(out).toMatch(/C-1 maria committed to: Draft the budget memo\n│ due Fri, Nov 27/);
    expect(out).toMatch(/C-2 sam committed to: Call the bus vendor #G-1/);
    expect(out).toMatch(/C-3 alice asked @maria to: Share the PD calendar with principals\n│ due Fri, Dec 4 · waiting for maria to accept/);
    expect(out).toContain('🤝 C-3 maria accepted: Share the PD calendar with principals (asked by alice)');
    expect(out).toMatch(/🚨 Blocker E-1 raised by sam: Bus contract still unsigned/);
    expect(out).toMatch(/🚨 Blocker E-2 raised by sam: Substitute pay rates not approved/);
    expect(out).toMatch(/Decision D-1\n│ Move the PD day to Friday/);
  });

  it('measures goals, and corrects records without losing their history', () => {
    expect(out).toMatch(/🎯 G-1 new goal: Every school reports attendance weekly — added by alice\n│ Owner: @maria\n│ Measure: schools reporting: 9 → no data yet → 14/);
    expect(out).toContain('📈 G-1 schools reporting: 12 (was 9; target 14) — maria, from attendance dashboard');
    expect(out).toMatch(/Baton → #leadership \(updates its earlier post\)\n│ C-2 sam committed to: Call the bus vendor about the spring routes #G-1\n│ due Tue, Dec 1 — in 8 days\n│ ✏️ Edited by sam/);
    expect(out).toContain('🗑️ Blocker E-3 withdrawn by sam: Bus contract still unsigned — raised twice.');
    expect(out).toContain('🔁 C-2 handed over from sam to @maria by alice: Call the bus vendor about the spring routes');
    expect(out).toMatch(/G-1 Every school reports attendance weekly — schools reporting: baseline 9 · Mon, Nov 23: 12 · target 14 · ↑ 3/);
  });

  it('tells the lead privately, posts decisions to the broadcast channel, and answers privately where it should', () => {
    expect(out).toMatch(/Baton → private message to alice\n│ 🚨 sam flagged a blocker in District Leadership/);
    expect(out).toMatch(/Baton → #staff-announcements\n│ Decision D-1/);
    expect(out).toMatch(/Baton → only sam sees this\n│ Only C-1's owner or a lead can do that/);
    expect(out).toMatch(/C-2 moved from Tue, Dec 1 to Mon, Dec 7: Call the bus vendor \(slip 1\)/);
  });

  it('shows the recap and the report after the clock moves', () => {
    expect(out).toMatch(/Recap — District Leadership/);
    expect(out).toMatch(/Commitments done\n│ {3}• C-1 Draft the budget memo — maria/);
    expect(out).toMatch(/Commitments done on time: 100% \(1 of 1\)/);
    expect(out).toMatch(/Slips: 1/);
  });

  it('writes the export as CSV and Markdown', () => {
    expect(out).toMatch(/Export of District Leadership: \d+ records, as CSV and Markdown/);
    const files = readdirSync(join(dir, 'exports'));
    expect(files.some((f) => f.endsWith('.csv'))).toBe(true);
    expect(files.some((f) => f.endsWith('.md'))).toBe(true);
    // The team's records, readable by the account Baton runs as and no one else.
    expect((statSync(join(dir, 'exports')).mode & 0o777).toString(8)).toBe('700');
    for (const f of files) expect((statSync(join(dir, 'exports', f)).mode & 0o777).toString(8), f).toBe('600');
  });

  it('answers mistakes with what to type instead', () => {
    expect(out).toContain('I don\'t know the command "comit". Did you mean `commit`?');
    expect(out).toMatch(/I couldn't read "someday" as a date/);
    expect(out).toMatch(/`done` works on commitments \(C-n\); E-2 is a blocker\.\n│ Try: `resolve E-2`/);
    expect(out).toMatch(/maria@#leadership> export\n┌ Baton → only maria sees this\n│ Only a lead of District Leadership can do that — ask alice\./);
  });

  it("runs decisions as the team's rule says: a member's is a proposal a lead confirms; a replaced one is superseded", () => {
    expect(out).toMatch(/maria@#leadership> decide Publish the new bell schedule owner @sam by next Friday\n┌ Baton → #leadership\n│ Proposal D-2/);
    expect(out).toMatch(/alice@#leadership> agree D-2\n┌ Baton → #leadership\n│ Decision D-2[\s\S]*?proposed by maria · confirmed by alice\n┌ Baton → #staff-announcements\n│ Decision D-2/);
    expect(out).toMatch(/alice@#leadership> decide undo D-2\n┌ Baton → only alice sees this\n│ `decide` records a new decision[\s\S]*?Try: `retract D-2 <why>`/);
    expect(out).toMatch(/D-2 \[superseded by D-3\]/);
    expect(out).toMatch(/✅ D-3 carried out: Publish the bell schedule — on time \(by sam\) — posted on the website/);
  });

  it('keeps what it recorded across runs (a second run continues the numbering)', async () => {
    const again = await runConsole('update One more thing\n');
    expect(again.stdout).toContain('📝 U-2 alice: One more thing');
    // In BATON_DB's file; on PostgreSQL in its database (the U-2 above), and no SQLite file beside it.
    expect(existsSync(join(dir, 'baton.db'))).toBe(TEST_ENGINE === 'sqlite');
  });

  // BATON_DB's file: on PostgreSQL, the next test (a database that cannot be opened, named by DATABASE_URL).
  it.skipIf(TEST_ENGINE === 'postgres')('stops start-up with a clear message when the database cannot be opened', async () => {
    // Its folder would have to be inside a regular file: it can never be created.
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const bad = await runConsole('help\n', { BATON_DB: join(dir, 'not-a-folder', 'baton.db') });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^Baton can't start:\n {2}- BATON_DB: could not open or migrate ".*not-a-folder\/baton.db"/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it.skipIf(TEST_ENGINE === 'sqlite')('stops start-up with a clear message, without printing DATABASE_URL, when PostgreSQL cannot be opened', async () => {
    const url = new URL(database.DATABASE_URL!);
    url.password = 'tour-secret-password';
    url.pathname = '/no_such_database';
    const bad = await runConsole('help\n', { DATABASE_URL: url.href });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^Baton can't start:\n {2}- DATABASE_URL: could not connect to PostgreSQL or migrate it: .*no_such_database/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(bad.stdout + bad.stderr).not.toContain('tour-secret-password');
  });

  it('stops start-up with a message that names a malformed variable', async () => {
    const bad = await runConsole('', { BATON_TIMEZONE: 'Mars/Olympus' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/BATON_TIMEZONE must be an IANA time zone/);
  });
});
