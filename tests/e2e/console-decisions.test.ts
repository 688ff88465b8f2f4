// Decisions through the built program in the console: `npm start < tests/e2e/console-decisions.txt`.
// A proposal answered with its buttons, a consent window closing over an objection, a lead
// deciding anyway, a replacement, the execution done, and a retraction the staff hear of.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { consoleRun } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'baton-decisions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Run once for the file (on the engine in use), before its tests look at what it printed.
const run = await consoleRun('console-decisions.txt', join(dir, 'baton.db'));

describe('decisions in the console', () => {
  const out = run.out;
  const after = run.after;
  const staff = () => out.split('Baton → #staff-announcements').slice(1).map((s) => s.split('\n\n')[0]!);

  it('runs to the end of its input', () => {
    expect(run.status).toBe(0);
    expect(out).not.toMatch(/Something went wrong|"level":/);
  });

  it("a member's decide under consent is a proposal with Agree and Object, not told to the staff", () => {
    const proposed = after('maria@#leadership> decide Move the PD day to Friday');
    expect(proposed).toMatch(/Baton → #leadership\n│ Proposal D-1\n│ Move the PD day to Friday\n│ Why: the bus strike\n│ Executes: @sam\n│ By: Fri, Dec 4/);
    expect(proposed).toMatch(/\[1\] Agree {3}\[2\] Object/);
    expect(proposed).not.toContain('#staff-announcements');
  });

  it('Object asks why, and the team sees the reason; the window closes with the objection standing', () => {
    expect(after('sam@#leadership> :press 2')).toMatch(/Why do you object\?[\s\S]*│ ✋ sam objects to D-1: Move the PD day to Friday\n│ Why: The board meets Thursday; wait for its vote/);
    expect(after('alice@#leadership> :clock +25h')).toMatch(/⏳ D-1's window closed with an objection/);
  });

  it('a lead decides it anyway: the record says so, and only then are the staff told — without the process', () => {
    const decided = after('alice@#leadership> agree D-1');
    expect(decided).toMatch(/Decided in District Leadership · proposed by maria · decided by alice over an objection/);
    expect(staff()[0]).toMatch(/^\n│ Decision D-1\n│ Move the PD day to Friday\n│ Why: the bus strike\n│ Executes: @sam\n│ By: Fri, Dec 4\n│ Decided by District Leadership$/);
  });

  it('a correction is never a new decision', () => {
    expect(after('alice@#leadership> decide undo D-1')).toMatch(/only alice sees this[\s\S]*Try: `retract D-1 <why>`/);
    expect(after('alice@#leadership> decide Move the PD day owner priya')).toMatch(/"priya" is not a mention[\s\S]*owner @priya/);
  });

  it('replaces D-1: the staff hear what it replaces; D-1 is superseded in the list', () => {
    expect(staff()[1]).toMatch(/Decision D-2\n│ Move the PD day to Monday[\s\S]*Replaces: D-1 \(Move the PD day to Friday\)/);
    expect(after('maria@#leadership> list decisions')).toMatch(/D-1 \[superseded by D-2\]/);
  });

  it("the executor's mine lists it; done D-2 closes the execution on time", () => {
    expect(after('sam@#leadership> mine')).toMatch(/Decisions you carry out\n│ {3}• D-2 Move the PD day to Monday/);
    expect(after('sam@#leadership> done D-2')).toMatch(/✅ D-2 carried out: Move the PD day to Monday — on time \(by sam\) — calendar updated/);
  });

  it('a retracted decision is announced as retracted in the staff channel too, with the reason', () => {
    const retracted = after('alice@#leadership> retract D-3');
    expect(retracted).toMatch(/Baton → #leadership\n│ ↩️ Decision D-3 is retracted: Close early on Friday\n│ Why: the buses cannot run early/);
    expect(retracted).toMatch(/Baton → #staff-announcements\n│ ↩️ Retracted: decision D-3 — Close early on Friday\n│ Why: the buses cannot run early/);
  });
});
