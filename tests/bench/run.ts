// npm run bench: every benchmark in one run, printed as a table of figures and ratios, and
// written to tests/bench/results.json. A benchmark, not a test: nothing here fails on speed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fastConnector, signedCommand, teamsMessage } from './floors.js';
import { serve } from './process.js';
import { load } from './load.js';
import { benchFanout } from './fanout.js';
import { benchRecapReport } from './recap-report.js';
import { benchAgenda } from './agenda.js';
import { benchFootprint, benchStart } from './footprint.js';
import { benchSlackCommands } from './slack.js';
import { benchTeamsActivities } from './teams.js';
import { benchCapacity } from './capacity.js';
import { benchPage } from './page.js';
import { benchPostgres } from './postgres.js';

interface Row {
  name: string;
  figure: string;
  target: string;
  ok: boolean;
}

const rows: Row[] = [];
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
};

/** A steady run's p99 is its 1% slowest: 30 s gives 3,000 samples, enough for a p99 that holds from run to run. */
const STEADY_SECONDS = 30;
const began = performance.now();
/** A line on stderr as each benchmark starts: a run takes minutes, and a stuck one says where. */
process.on('exit', (code) => {
  if (code !== 0) phase(`stopped (exit code ${code})`);
});
const phase = (name: string) => process.stderr.write(`${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s  ${name}\n`);
const ms = (n: number) => `${n.toFixed(1)} ms`;

// ——— PostgreSQL (DATABASE_URL): its own floor, Baton against it, two instances against one ———
async function postgresLeg(): Promise<void> {
  phase('PostgreSQL: floor, Baton, two instances');
  const p = await benchPostgres(10, STEADY_SECONDS);
  results.postgres = p;
  const r = (x: number, floor: number) => (floor > 0 ? x / floor : 0);
  rows.push({ name: 'Postgres floor: bare Bolt + drizzle/node-postgres insert (req/s)', figure: p.floor.rps.toFixed(0), target: 'reference', ok: p.floor.non2xx === 0 });
  rows.push({ name: 'Postgres: Slack /baton commit (req/s)', figure: p.baton.full.rps.toFixed(0), target: '—', ok: p.baton.full.non2xx === 0 && p.baton.full.errors === 0 });
  rows.push({ name: '  ÷ bare Bolt + Postgres insert floor', figure: r(p.baton.full.rps, p.floor.rps).toFixed(2), target: '≥ 0.8', ok: r(p.baton.full.rps, p.floor.rps) >= 0.8 });
  rows.push({ name: 'Postgres: Slack p50 / p99 at a steady 100 req/s', figure: `${p.baton.steady.p50} / ${p.baton.steady.p99} ms`, target: '< 25 ms', ok: p.baton.steady.p99 < 25 });
  rows.push({ name: 'Postgres: commitments recorded / commands acknowledged', figure: `${p.baton.recorded} / ${p.baton.acknowledged}`, target: 'every ack recorded', ok: p.baton.recorded >= p.baton.acknowledged });
  rows.push({ name: 'Postgres: one instance / two instances on one database (req/s, same load)', figure: `${p.one.rps.toFixed(0)} / ${p.two.rps.toFixed(0)} (${r(p.two.rps, p.one.rps).toFixed(2)}×)`, target: 'reference (2 cores shared)', ok: p.one.non2xx === 0 && p.two.a.non2xx + p.two.b.non2xx === 0 });
  rows.push({ name: 'Postgres, two instances: recorded / acknowledged', figure: `${p.twoRecorded} / ${p.twoAcknowledged}`, target: 'every ack recorded', ok: p.twoRecorded >= p.twoAcknowledged });
}

/** `npm run bench -- pg`: the PostgreSQL leg alone. */
const only = process.argv[2];
if (only === 'pg') await postgresLeg();
else {
// ——— framework floors (each server in its own process; load from this one) ———
  phase('framework floors');
  const ack = await serve('bolt-ack');
  const boltAck = await load({ url: ack.url, request: () => signedCommand('commit Draft the memo by Friday') });
  await ack.stop();
  const ins = await serve('bolt-insert');
  const boltInsert = await load({ url: ins.url, request: () => signedCommand('commit Draft the memo by Friday') });
  // The same steady 100/s Baton gets below: how much of a p99 is the load generator and the machine.
  const boltInsertSteady = await load({ url: ins.url, request: () => signedCommand('commit Draft the memo by Friday'), durationSec: STEADY_SECONDS, rate: 100, connections: 10 });
  await ins.stop();
  const connector = await fastConnector();
  const echo = await serve('echo');
  const echoLoad = await load({ url: echo.url, request: () => teamsMessage(connector.url, 'hello') });
  await echo.stop();
  await connector.stop();
  results.floors = { boltAck, boltInsert, boltInsertSteady, echo: echoLoad };
  rows.push({ name: 'floor: bare Bolt, ack only (req/s)', figure: boltAck.rps.toFixed(0), target: 'reference', ok: boltAck.non2xx === 0 });
  rows.push({ name: 'floor: bare Bolt + drizzle insert (req/s)', figure: boltInsert.rps.toFixed(0), target: 'reference', ok: boltInsert.non2xx === 0 });
  rows.push({ name: 'floor: bare Bolt + insert, p50 / p99 at a steady 100 req/s', figure: `${boltInsertSteady.p50} / ${boltInsertSteady.p99} ms`, target: 'reference', ok: boltInsertSteady.non2xx === 0 });
  rows.push({ name: 'floor: bare CloudAdapter echo (activities/s)', figure: echoLoad.rps.toFixed(0), target: 'reference', ok: echoLoad.non2xx === 0 });
  
  // ——— Baton over Slack ———
  phase('Baton over Slack');
  const sl = await benchSlackCommands(10, STEADY_SECONDS);
  results.slack = sl;
  const ratio = (x: number, floor: number) => (floor > 0 ? x / floor : 0);
  rows.push({ name: 'Slack /baton commit (req/s)', figure: sl.full.rps.toFixed(0), target: '—', ok: sl.full.non2xx === 0 && sl.full.errors === 0 });
  rows.push({ name: '  ÷ bare Bolt + insert floor', figure: ratio(sl.full.rps, boltInsert.rps).toFixed(2), target: '≥ 0.8', ok: ratio(sl.full.rps, boltInsert.rps) >= 0.8 });
  rows.push({ name: '  ÷ bare Bolt ack floor', figure: ratio(sl.full.rps, boltAck.rps).toFixed(2), target: 'reference', ok: true });
  rows.push({ name: 'Slack p50 / p99 at full load', figure: `${sl.full.p50} / ${sl.full.p99} ms`, target: 'ack < 3,000 ms', ok: sl.full.p99 < 3000 });
  rows.push({ name: 'Slack p50 / p99 at a steady 100 req/s', figure: `${sl.steady.p50} / ${sl.steady.p99} ms`, target: '< 25 ms', ok: sl.steady.p99 < 25 });
  rows.push({ name: 'Slack: work accepted at full speed, finished after', figure: `${(sl.drainMs / 1000).toFixed(1)} s`, target: 'reference', ok: true });
  rows.push({ name: 'Slack commitments recorded / commands acknowledged', figure: `${sl.recorded} / ${sl.acknowledged}`, target: 'every ack recorded', ok: sl.recorded >= sl.acknowledged });
  
  // ——— Baton over Teams ———
  phase('Baton over Teams');
  const tm = await benchTeamsActivities();
  results.teams = tm;
  rows.push({ name: 'Teams @Baton update (activities/s)', figure: tm.full.rps.toFixed(0), target: '—', ok: tm.full.non2xx === 0 && tm.full.errors === 0 });
  rows.push({ name: '  ÷ bare CloudAdapter echo floor', figure: ratio(tm.full.rps, echoLoad.rps).toFixed(2), target: '≥ 0.8', ok: ratio(tm.full.rps, echoLoad.rps) >= 0.8 });
  rows.push({ name: 'Teams updates recorded / activities acknowledged', figure: `${tm.recorded} / ${tm.acknowledged}`, target: 'every ack recorded', ok: tm.recorded >= tm.acknowledged });
  
  phase('recap and report');
  const rr10k = await benchRecapReport(10_000);
  const rr = await benchRecapReport();
  results.recapReport = rr;
  results.recapReport10k = rr10k;
  rows.push({ name: `recap / report, ${rr10k.items.toLocaleString('en-US')} items (median)`, figure: `${ms(rr10k.recap.median)} / ${ms(rr10k.report.median)}`, target: '< 50 ms', ok: rr10k.recap.p95 < 50 && rr10k.report.p95 < 50 });
  rows.push({ name: `recap, ${rr.items.toLocaleString('en-US')} items (median / p95)`, figure: `${ms(rr.recap.median)} / ${ms(rr.recap.p95)}`, target: '< 50 ms', ok: rr.recap.p95 < 50 });
  rows.push({ name: `report, ${rr.items.toLocaleString('en-US')} items (median / p95)`, figure: `${ms(rr.report.median)} / ${ms(rr.report.p95)}`, target: '< 50 ms', ok: rr.report.p95 < 50 });
  rows.push({ name: 'report weeks 12 (median)', figure: ms(rr.report12.median), target: '< 50 ms', ok: rr.report12.median < 50 });
  rows.push({ name: `a meeting's end with its recap draft, ${rr.items.toLocaleString('en-US')} items (median / p95)`, figure: `${ms(rr.draft.median)} / ${ms(rr.draft.p95)}`, target: '< 50 ms', ok: rr.draft.p95 < 50 });
  phase('meeting and agenda');
  const ag = await benchAgenda();
  results.agenda = ag;
  rows.push({ name: `meeting + agenda, ${ag.items.toLocaleString('en-US')} items, ${ag.agendaItems.toLocaleString('en-US')} agenda items (median / p95)`, figure: `${ms(ag.meeting.median)} / ${ms(ag.meeting.p95)}`, target: '< 50 ms', ok: ag.meeting.p95 < 50 });
  
  // ——— the team's page, 100,000 records: the read model, then the HTML with its five SVG charts ———
  phase("the team's page");
  const pg = await benchPage();
  results.page = { date: new Date().toISOString(), ...pg };
  rows.push({ name: `team's page, ${pg.items.toLocaleString('en-US')} items: first after start (charting library loads)`, figure: `${pg.firstMs} ms`, target: 'reference', ok: true });
  rows.push({ name: "team's page: read model (median / p95)", figure: `${ms(pg.model.median)} / ${ms(pg.model.p95)}`, target: 'reference', ok: true });
  rows.push({ name: "team's page: server time, charts drawn afresh (median / p95; CPU median)", figure: `${ms(pg.drawn.median)} / ${ms(pg.drawn.p95)}; ${ms(pg.cpu.drawn.median)}`, target: '< 100 ms', ok: pg.drawn.median < 100 });
  rows.push({ name: "team's page: server time, same numbers again (charts cached) (median / p95; CPU median)", figure: `${ms(pg.cached.median)} / ${ms(pg.cached.p95)}; ${ms(pg.cpu.cached.median)}`, target: '< 100 ms', ok: pg.cached.median < 100 });
  
  // ——— check-in fan-out against a fake Slack enforcing chat.postMessage's workspace-wide limit ———
  phase('check-in fan-out, 2,000 members');
  const fan2000 = await benchFanout({ members: 2000, enforced: 100, declared: 100 });
  phase('check-in fan-out, 500 members');
  const fan500 = await benchFanout({ members: 500, enforced: 10 });
  phase('check-in fan-out, 1,000 members, Baton told too much');
  const fanOver = await benchFanout({ members: 1000, enforced: 50, declared: 100 });
  // Members recording updates every half second while 2,000 are asked: each post's wait.
  phase("check-in fan-out with members' updates");
  const fanDuring = await benchFanout({ members: 2000, enforced: 100, declared: 100, during: { everyMs: 500 } });
  // Nudges due the same minute as the check-in, one each for 2,000 members: 4,000 messages.
  phase('check-in and nudges due the same minute');
  const fanNudges = await benchFanout({ members: 2000, enforced: 100, declared: 100, nudges: true });
  results.fanout = { fan2000, fan500, fanOver, fanDuring, fanNudges };
  const fanRow = (name: string, f: typeof fan2000, target: string, ok: boolean) =>
    rows.push({ name, figure: `${f.ratio.toFixed(3)} (${f.seconds.toFixed(1)} s / ${f.floorSeconds.toFixed(0)} s, ${f.refused} × 429)`, target, ok });
  fanRow('check-in fan-out, 2,000 members, Slack 100/s (time ÷ floor)', fan2000, '≤ 1.1', fan2000.ratio <= 1.1);
  fanRow('check-in fan-out, 500 members, Slack 10/s, default config', fan500, '≤ 1.1', fan500.ratio <= 1.1);
  fanRow('check-in fan-out, 1,000 members, Slack 50/s, Baton told 100/s', fanOver, 'reference', true);
  fanRow('check-in and nudges due the same minute, 2,000 members, Slack 100/s (time ÷ 2N/R floor)', fanNudges, '≤ 1.1', fanNudges.ratio <= 1.1);
  const d = fanDuring.during!;
  rows.push({ name: `members' updates during a 2,000-member fan-out (Slack 100/s): command → channel, p50 / p95 / max of ${d.commands}`, figure: `${ms(d.p50)} / ${ms(d.p95)} / ${ms(d.max)}`, target: 'p95 < 1,000 ms', ok: d.p95 < 1000 });
  fanRow('  that fan-out, with the updates (time ÷ floor)', fanDuring, '≤ 1.1', fanDuring.ratio <= 1.1);
  
  // ——— start-up and memory (the built program, Slack and Teams on) ———
  phase('start-up and memory');
  const fp = await benchFootprint();
  results.footprint = fp;
  const starts = await benchStart(5);
  const startMedian = starts[Math.floor(starts.length / 2)]!;
  results.start = { runs: starts, median: startMedian };
  rows.push({ name: `start to /healthz answering, median of ${starts.length} (Slack + Teams; npm start's node flags: ${fp.flags.join(' ')})`, figure: `${ms(startMedian)} (${starts[0]!.toFixed(0)}–${starts.at(-1)!.toFixed(0)})`, target: '< 1,000 ms', ok: startMedian < 1000 });
  rows.push({ name: 'RSS after start', figure: `${fp.rssAfterStartMb.toFixed(0)} MB`, target: 'reference', ok: true });
  rows.push({ name: `RSS after ${fp.commands.toLocaleString('en-US')} commands`, figure: `${fp.rssAfterCommandsMb.toFixed(0)} MB`, target: '< 200 MB', ok: fp.rssAfterCommandsMb < 200 });
  
  // ——— capacity: 10,000 teams, 100,000 members in one database (alone: npx tsx tests/bench/capacity.ts) ———
  phase('capacity: 10,000 teams');
  const cap = await benchCapacity();
  results.capacity = { date: new Date().toISOString(), ...cap };
  rows.push({ name: `capacity: start to /healthz, ${cap.teams.toLocaleString('en-US')} teams / ${cap.members.toLocaleString('en-US')} members (first start, writing every timer; later starts) / RSS`, figure: `${cap.start.firstMs} ms; ${cap.start.laterMs.join(', ')} ms / ${cap.start.rssMb} MB`, target: 'reference', ok: true });
  rows.push({ name: `capacity: tick's job processing, ${cap.teams.toLocaleString('en-US')} check-ins due in one minute (sends not included)`, figure: `${(cap.tick.dueTotalMs / 1000).toFixed(1)} s in ${cap.tick.dueTicks.length} tick(s)`, target: 'reference', ok: true });
  rows.push({ name: 'capacity: recap / report p99, a random team with a year of records', figure: `${cap.recap.p99} / ${cap.report.p99} ms`, target: '< 50 ms', ok: cap.recap.p99 < 50 && cap.report.p99 < 50 });
  rows.push({ name: 'capacity: database per team-year / 10,000 team-years', figure: `${cap.size.perTeamYearKb} KB / ${cap.size.tenThousandTeamYearsMb} MB`, target: 'reference', ok: true });
  await postgresLeg();
}

const width = Math.max(...rows.map((r) => r.name.length));
const fig = Math.max(...rows.map((r) => r.figure.length));
console.log(`\nBaton benchmarks — ${results.date} — ${(results.machine as { cpus: number }).cpus} cores, Node ${process.version}\n`);
console.log(`${'measure'.padEnd(width)}  ${'figure'.padEnd(fig)}  target`);
for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.figure.padEnd(fig)}  ${r.target} ${r.ok ? '✓' : '✗'}`);
// Merged into what is there: entries written by a benchmark run on its own are kept.
const resultsPath = join(import.meta.dirname, 'results.json');
const before = existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, unknown>) : {};
writeFileSync(resultsPath, `${JSON.stringify({ ...before, ...results, table: rows }, null, 2)}\n`);
