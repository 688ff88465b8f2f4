// The staff bulletin through the built program in the console: `npm start < tests/e2e/console-bulletin.txt`.
// Set by a lead once there is a broadcast channel; on Fridays at 15:00 the week's decisions —
// executor, date, what they replace, retractions, corrections — reach #staff-announcements; a week
// with none posts nothing; a snow day moves it to Monday; `broadcast each off` and `on`.
import { describe, expect, it } from 'vitest';
import { consoleRun } from './process.js';

// Run once for the file (on the engine in use), before its tests look at what it printed.
const run = await consoleRun('console-bulletin.txt');

describe('the staff bulletin in the console', () => {
  const out = run.out;
  // Each bulletin as printed: its first line, then its lines that start with │.
  const bulletins = () =>
    out
      .split('┌ Baton → #staff-announcements\n│ Staff bulletin: ')
      .slice(1)
      .map((s) => {
        const lines = s.split('\n');
        const end = lines.findIndex((l, i) => i > 0 && !l.startsWith('│'));
        return lines.slice(0, end === -1 ? undefined : end).join('\n');
      });

  it('runs to the end of its input', () => {
    expect(run.status).toBe(0);
    expect(out).not.toMatch(/Something went wrong|"level":/);
  });

  it('is refused privately without a broadcast channel, for a member, and for a word that is not a weekday', () => {
    expect(run.after('alice@#leadership> broadcast bulletin friday 15:00')).toMatch(/only alice sees this\n│ The staff bulletin is posted in the team's broadcast channel, and there is none yet\.[\s\S]*Try: `broadcast #staff-announcements`/);
    expect(run.after('sam@#leadership> broadcast bulletin friday 16:00')).toMatch(/only sam sees this\n│ Only a lead of District Leadership can do that/);
    expect(run.after('alice@#leadership> broadcast bulletin fryday 15:00')).toMatch(/only alice sees this\n│ "fryday" is not a weekday/);
  });

  it('a lead sets it; anyone sees it', () => {
    expect(out).toMatch(/📰 Staff bulletin: Fridays at 15:00 \(UTC\) in #staff-announcements — the week's decided decisions[\s\S]*First: Fri, Nov 27, 15:00\./);
    expect(run.after('sam@#leadership> broadcast\n')).toMatch(/Broadcast channel: #staff-announcements\n│ Each decision: announced there as it is decided\n│ Staff bulletin: Fridays at 15:00 \(UTC\), the week's decisions; next Nov 27, 15:00 your time/);
  });

  it("posts the week's decisions on Friday: executor, date, what it replaces, the retraction — and nothing one by one before", () => {
    expect(run.after('alice@#leadership> decide Start school at 8:30')).not.toContain('#staff-announcements');
    expect(run.after('alice@#leadership> retract D-3 the board kept it open')).not.toContain('#staff-announcements');
    expect(bulletins()[0]).toBe(
      [
        'District Leadership',
        "│ The week's decisions, Fri, Nov 20 to Fri, Nov 27.",
        '│ Decided',
        '│   • D-1 Start school at 8:30 · no executor named yet · since replaced by D-2',
        '│   • D-2 Buses leave at 7:40 — why: the bus strike · executes @maria · by Fri, Dec 11 · replaces D-1 (Start school at 8:30)',
        '│ Retracted',
        '│   • D-3 Close the pool in January — why: the board kept it open',
        '│ From District Leadership · 2 decided, 1 retracted',
      ].join('\n'),
    );
  });

  it('a week with none posts nothing; a snow day moves the next to Monday, with the correction', () => {
    expect(run.after('alice@#leadership> :clock 2026-12-04 15:00')).not.toContain('Staff bulletin');
    expect(bulletins()).toHaveLength(2);
    expect(bulletins()[1]).toMatch(/^District Leadership\n│ The week's decisions, Fri, Dec 4 to Mon, Dec 14\.\n│ Corrected\n│ {3}• D-2 now reads: Buses leave at 7:45 \(it read: Buses leave at 7:40\)/);
    expect(run.after('alice@#leadership> :clock 2026-12-14 15:00')).toContain('Staff bulletin: District Leadership');
  });

  it('each on: a decision reaches the staff channel at once again', () => {
    expect(run.after('alice@#leadership> decide Open the library at 7:30')).toMatch(/Baton → #staff-announcements\n│ Decision D-4\n│ Open the library at 7:30/);
  });
});
