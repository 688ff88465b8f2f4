// The staff bulletin: the week's decisions, posted to the broadcast channel on a weekly timer.
//   content.ts   what it says (decided, retracted, corrected in its window)
//   run.ts       its timer: one per scheduled date, moved off days off, the next one planned
//   commands.ts  `broadcast` (what the staff hear), `broadcast each on|off`, `broadcast bulletin …`
export { bulletinHandlers, describeBroadcast } from './commands.js';
export { bulletinJobs, BULLETIN_JOB } from './run.js';
