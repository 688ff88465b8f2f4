import { benchSlackCommands } from './slack.js';
const r = await benchSlackCommands(10, process.argv[2] ? { SLACK_POST_RATE: process.argv[2] } : {});
console.log(JSON.stringify({ steady: { p50: r.steady.p50, p99: r.steady.p99 }, full: { rps: r.full.rps, p50: r.full.p50, p99: r.full.p99 }, recorded: r.recorded, acked: r.acknowledged }));
