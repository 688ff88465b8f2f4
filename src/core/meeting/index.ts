// The team's meeting: what the rest of the core asks of it.
//   schedule.ts  when (pure: weekday, time, zone, every N weeks; DST-safe)
//   run.ts       the timers of each occurrence: agenda post, end; the next one planned
//   agenda.ts    the agenda: open items and what the records raise
//   commands.ts  the `meeting` and `agenda` commands
//   recap.ts     what happens when a meeting ends (the recap draft)
export { meetingHandlers } from './commands.js';
export { meetingJobs, MEETING_JOB } from './run.js';
export { buildAgenda, agendaBlocks } from './agenda.js';
export { recapActions, recapForms, recapFormBuilders } from './recap.js';
