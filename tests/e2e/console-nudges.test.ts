// Nudges in the console, through the built program with piped input (console-nudges.txt): the
// private message the working day before at 08:30 the owner's time with numbered Done and New
// date buttons, Done pressed twice recorded once, a past date asked again, `nudges off|on`.
import { describe, expect, it } from 'vitest';
import { consoleRun } from './process.js';

// Run once for the file (on the engine in use), before its tests look at what it printed.
const run = await consoleRun('console-nudges.txt');

describe('nudges in the console', () => {
  const out = run.out;

  it('nothing before 08:30; at 08:30 one private message per item, with Done and New date', () => {
    expect(run.status).toBe(0);
    expect(run.after('maria@#leadership> :clock 2026-11-24 08:29')).not.toContain('Baton →');
    const at = run.after('maria@#leadership> :clock 2026-11-24 08:31');
    expect(at).toContain('Baton → private message to maria\n│ ⏰ Your commitment C-1 is due tomorrow (Wed, Nov 25) in District Leadership: Draft the budget memo\n│ [1] Done   [2] New date');
    expect(at).toContain('C-2 is due tomorrow (Wed, Nov 25)');
    expect(at).toContain('[3] Done   [4] New date');
  });

  it('Done closes it once; pressed again, a private word', () => {
    expect(out.match(/✅ C-1 done: Draft the budget memo — on time/g)).toHaveLength(1);
    expect(out).toMatch(/Baton → only maria sees this\n│ C-1 is already done\./);
  });

  it('New date asks again for a past date, then moves it', () => {
    expect(out).toContain('⚠ New date: "2026-11-20" is in the past: give a day from today on.');
    expect(out).toContain('C-2 moved from Wed, Nov 25 to Fri, Dec 4: Call the bus vendor (slip 1)');
    // The old date's overdue nudge does not come; the new date's reminder does, after `nudges on`.
    expect(out).not.toContain('was due Wed, Nov 25');
    expect(run.after('maria@#leadership> nudges off')).toContain('🔕 Nudges off in District Leadership');
    expect(run.after('maria@#leadership> :clock 2026-11-27 09:00')).not.toContain('Baton →');
    expect(run.after('maria@#leadership> :clock 2026-12-03 09:00')).toContain('C-2 is due tomorrow (Fri, Dec 4)');
  });
});
