// npm run test:load — signed slash commands at 100/s for 30 s against Baton running in its own
// process, while a check-in fans out to 500 members. Prints a summary (acknowledgement p50/p99,
// counts) and exits non-zero when any command was not acknowledged within Slack's 3 s, when an
// acknowledged command is not recorded (or recorded twice), or when a member's check-in is
// missing or doubled. Override with: tsx tests/load/run.ts [members] [rate] [seconds]
import { problems, runLoad, summary } from './scenario.js';

const [members = '500', rate = '100', seconds = '30'] = process.argv.slice(2);
const report = await runLoad({ members: Number(members), rate: Number(rate), seconds: Number(seconds) });
console.log(`\n${summary(report)}\n`);
const wrong = problems(report);
if (report.latency.max >= 3000) wrong.push(`the slowest acknowledgement took ${report.latency.max} ms (Slack waits 3,000 ms)`);
if (wrong.length) {
  console.log(`FAILED:\n${wrong.map((w) => `  - ${w}`).join('\n')}`);
  process.exit(1);
}
console.log('OK: every command acknowledged within 3 s and recorded once; every member got one check-in.');
process.exit(0);
