import { benchSlackCommands } from './slack.js';
const r = await benchSlackCommands(3);
console.log(JSON.stringify({ rps: r.full.rps, p50: r.full.p50, p99: r.full.p99, steadyP99: r.steady.p99, recorded: r.recorded, acked: r.acknowledged, drain: r.drainMs }));
