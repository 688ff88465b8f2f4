// The check-in in the console, through the built program with piped input: `checkin now` prints
// each member's private message with numbered buttons; `:press N` asks each question in turn;
// the answers update the records and the digest is printed once everyone has answered.
import { describe, expect, it } from 'vitest';
import { consoleRun } from './process.js';


// Run once for the file (on the engine in use), before its tests look at what it printed.
const run = await consoleRun('console-checkin.txt');

describe('the check-in in the console', () => {
  const out = run.out;

  it('prints each private message with its buttons', () => {
    expect(run.status).toBe(0);
    expect(out).toMatch(/Baton → private message to maria\n│ 👋 Hi maria — time for the weekly check-in of District Leadership/);
    expect(out).toContain('[3] Answer check-in   [4] Skip this week');
  });

  it('asks each question in turn, and records the answers', () => {
    expect(out).toMatch(/C-1 Draft the budget memo \(optional, empty to skip\): \[1\] On track {2}\[2\] Done {2}\[3\] Slipping — new date below \(empty: On track\)/);
    expect(out).toContain('C-1 moved from Fri, Nov 27 to Wed, Dec 2: Draft the budget memo (slip 1)');
    expect(out).toContain('🚨 Blocker E-1 raised by maria: Waiting on the finance numbers');
    expect(out).toMatch(/Thanks, maria — your check-in is in\.\n│ Recorded\n│ {3}• C-1 now due Wed, Dec 2 \(a slip\)/);
  });

  it('asks for a new date only after "Slipping": "On track" goes straight to the next question', () => {
    expect(out).toContain('New date for C-1, if slipping');
    expect(out).toMatch(/C-2 Call the bus vendor \(optional, empty to skip\): \[1\] On track/);
    expect(out).not.toContain('New date for C-2');
  });

  it('prints the digest in the channel once both have answered', () => {
    expect(out).toMatch(/Baton → #leadership\n│ Check-in digest — District Leadership\n│ Check-in of Mon, Nov 23 · 2 of 2 answered/);
    expect(out).toContain('• maria: Move the PD day?');
  });
});
