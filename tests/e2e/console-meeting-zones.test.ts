// The meeting's agenda in the lead's zone through the built program in the console
// (`npm start < tests/e2e/console-meeting-zones.txt`): a lead in America/Chicago gets it at 15:30
// her time on both sides of the March clock change, with the item not handled carried forward;
// a lead in Asia/Tokyo gets it at 08:00 his time, a day that is another in UTC.
import { describe, expect, it } from 'vitest';
import { consoleRun } from './process.js';

// Run once for the file (on the engine in use), before its tests look at what it printed.
const run = await consoleRun('console-meeting-zones.txt');

describe('the agenda in two zones and across a clock change, in the console', () => {
  const out = run.out;

  it('runs to the end of its input', () => {
    expect(run.status).toBe(0);
    expect(out).not.toMatch(/Something went wrong|"level":/);
    expect(out).toContain('🗓 Team meeting: Tuesdays at 15:30, 60 min (America/Chicago). Next: Tue, Mar 9, 15:30.');
  });

  it('America/Chicago: 24 h ahead at 15:30 local before and after the change; open items carried forward', () => {
    expect(run.after('maria@#leadership> :clock 2027-03-08 15:29')).not.toContain('Agenda:');
    expect(run.after('maria@#leadership> :clock 2027-03-08 15:30')).toMatch(/Agenda: District Leadership, Tue, Mar 9\n│ 🗓 The meeting is at Mar 9, 15:30 \(America\/Chicago\)[\s\S]*A-1 Bus contract: who signs\?[\s\S]*A-2 PD calendar for spring[\s\S]*🕒 Mon, Mar 8 2027, 15:30 CST/);
    expect(run.after('maria@#leadership> :clock 2027-03-15 15:29')).not.toContain('Agenda:');
    const second = run.after('maria@#leadership> :clock 2027-03-15 15:30');
    expect(second).toMatch(/Agenda: District Leadership, Tue, Mar 16\n│ 🗓 The meeting is at Mar 16, 15:30 \(America\/Chicago\)[\s\S]*A-1 Bus contract: who signs\?[\s\S]*🕒 Mon, Mar 15 2027, 15:30 CDT/);
    expect(second).not.toContain('PD calendar for spring');
  });

  it('Asia/Tokyo: the new schedule takes over; its agenda at 08:00 Tokyo time, the item still carried', () => {
    expect(out).toContain('🗓 Team meeting: Wednesdays at 08:00, 60 min (Asia/Tokyo). Next: Wed, Mar 17, 08:00.');
    expect(run.after('sam@#leadership> :clock 2027-03-16 07:59')).not.toContain('Agenda:');
    expect(run.after('sam@#leadership> :clock 2027-03-16 08:00')).toMatch(/Agenda: District Leadership, Wed, Mar 17\n│ 🗓 The meeting is at Mar 17, 08:00 \(Asia\/Tokyo\)[\s\S]*A-1 Bus contract: who signs\?/);
    expect(out.match(/Agenda: District Leadership/g)).toHaveLength(3);
  });
});
