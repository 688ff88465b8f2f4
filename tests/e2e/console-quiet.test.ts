// Quiet channels in the console, through the built program with piped input (console-quiet.txt):
// `quiet thread` (the day's records under one post of the day, a blocker on its own), `quiet
// digest` (nothing per record in the channel, one roll-up at 17:00) and `quiet off`.
import { describe, expect, it } from 'vitest';
import { consoleRun } from './process.js';

// Run once for the file (on the engine in use), before its tests look at what it printed.
const run = await consoleRun('console-quiet.txt');

describe('quiet channels in the console', () => {
  const out = run.out;

  it('a lead chooses; a member is refused', () => {
    expect(run.status).toBe(0);
    expect(run.after('alice@#leadership> quiet thread')).toContain('🔕 alice set this channel to quiet thread');
    expect(run.after('maria@#leadership> quiet digest')).toMatch(/only maria sees this\n│ Only a lead of District Leadership can do that/);
  });

  it("thread: the day's first record posts the day's post, and each record replies under it; a blocker stands alone", () => {
    const first = run.after('maria@#leadership> update Budget draft shared');
    const m = /┌ Baton → #leadership\n│ 🧵 Today's records — Mon, Nov 23[\s\S]*┌ Baton → #leadership \(thread of (b\d+)\)\n│ 📝 U-1 maria: Budget draft shared/.exec(first);
    expect(m, first).not.toBeNull();
    const parent = m![1]!;
    expect(run.after('maria@#leadership> commit Call the bus vendor by Friday')).toContain(`┌ Baton → #leadership (thread of ${parent})\n│ C-1 maria committed to: Call the bus vendor`);
    expect(run.after('maria@#leadership> agenda add')).toContain(`┌ Baton → #leadership (thread of ${parent})\n│ 📌 A-1 on the agenda: Bus contract: who signs?`);
    const blocker = run.after('maria@#leadership> blocker');
    expect(blocker).toMatch(/┌ Baton → #leadership\n│ [^\n]*E-1/);
    expect(blocker).not.toContain('thread of');
    expect(out.match(/🧵 Today's records/g)).toHaveLength(1);
  });

  it('digest: each record only to its author until one roll-up at 17:00', () => {
    const update = run.after('maria@#leadership> update Bus routes drafted');
    expect(update).toMatch(/┌ Baton → only maria sees this\n│ 📝 U-2 maria: Bus routes drafted\n│ In the channel's roll-up at 17:00/);
    expect(update).not.toContain('Baton → #leadership');
    expect(run.after('maria@#leadership> done C-1')).not.toContain('Baton → #leadership');
    expect(run.after('alice@#leadership> :clock 2026-11-23 16:59')).not.toContain('🗂');
    expect(run.after('alice@#leadership> :clock 2026-11-23 17:01')).toMatch(/┌ Baton → #leadership\n│ 🗂 Today's records — Mon, Nov 23\n│ {3}• 📝 U-2 maria: Bus routes drafted\n│ {3}• ✅ C-1 done: Call the bus vendor[^\n]*\n│ 2 records, gathered under `quiet digest`/);
  });

  it('off: each record on its own again', () => {
    expect(run.after('maria@#leadership> update Enrollment numbers are in')).toMatch(/┌ Baton → #leadership\n│ 📝 U-3 maria: Enrollment numbers are in/);
  });
});
