// The team's page for a team with 100,000 records (a year of them, as tests/bench/seed.ts lays
// them out): server time from the link to the finished HTML — the core's read model (the report's
// figures for 12 weekly windows and the 12-week one, the records behind them, goals, decisions,
// commitments by person, open blockers) and the five charts drawn as SVG. Target: under 100 ms.
// Run alone: npx tsx tests/bench/page.ts (saves `page` into results.json).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { forgetCharts } from '../../src/adapters/web/charts.js';
import { pageHtml } from '../../src/adapters/web/render.js';
import { seedTeam } from './seed.js';
import { teamBot } from '../support/core.js';

export interface PageTiming {
  median: number;
  p95: number;
  runs: number;
}

function stats(samples: number[]): PageTiming {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.floor(s.length * 0.95)]!, runs: s.length };
}

export async function benchPage(items = 100_000, runs = 20) {
  const t = await teamBot({ now: '2026-11-23T15:00:00Z' });
  try {
    seedTeam(t.database.sqlite, t.clock.now(), items);
    const sent = await t.run('maria', 'dashboard');
    const token = /\/t\/([A-Za-z0-9_-]{43})/.exec(sent[0]!.text)![1]!;
    const build = async () => {
      const page = (await t.bot.page(token))!;
      return pageHtml(page, { stylesheet: '/assets/page.css', builtBy: 'bench' });
    };
    // The very first page after start: the charting library loads and each chart's runtime is parsed.
    const start = performance.now();
    const html = await build();
    const first = performance.now() - start;
    // Wall time, and this process's CPU time: on a shared machine the wall clock also counts the
    // time other processes held the cores; the CPU time is what building the page costs.
    const wall = { model: [] as number[], drawn: [] as number[], cached: [] as number[] };
    const cpu = { model: [] as number[], drawn: [] as number[], cached: [] as number[] };
    const measure = async (kind: keyof typeof wall, work: () => unknown) => {
      const c = process.cpuUsage();
      const w = performance.now();
      await work();
      wall[kind].push(performance.now() - w);
      const used = process.cpuUsage(c);
      cpu[kind].push((used.user + used.system) / 1000);
    };
    for (let i = 0; i < runs; i++) {
      await measure('model', () => t.bot.page(token));
      // Every chart drawn afresh: a page whose numbers changed since the last visit.
      forgetCharts();
      await measure('drawn', build);
      // The same numbers again (another member's visit, a reload): charts from the cache.
      await measure('cached', build);
    }
    return {
      items,
      htmlKb: Math.round(html.length / 1024),
      firstMs: Math.round(first),
      model: stats(wall.model),
      drawn: stats(wall.drawn),
      cached: stats(wall.cached),
      cpu: { model: stats(cpu.model), drawn: stats(cpu.drawn), cached: stats(cpu.cached) },
    };
  } finally {
    t.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchPage();
  console.log(JSON.stringify(r, null, 2));
  const path = join(import.meta.dirname, 'results.json');
  const results = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(path, `${JSON.stringify({ ...results, page: { date: new Date().toISOString(), ...r } }, null, 2)}\n`);
}
