// Recap and report on a team with 100,000 records: the whole command path (parse, permissions,
// queries, render, outbox) on a real SQLite file. Target: under 50 ms each.
import { seedTeam } from './seed.js';
import { teamBot } from '../support/core.js';

export interface Timing {
  median: number;
  p95: number;
  runs: number;
}

async function time(runs: number, work: () => Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(runs / 2)]!, p95: samples[Math.floor(runs * 0.95)]!, runs };
}

export async function benchRecapReport(items = 100_000) {
  const t = await teamBot({ now: '2026-11-23T15:00:00Z' });
  try {
    seedTeam(t.database.sqlite, t.clock.now(), items);
    const inv = t.invocation('alice');
    // Warm up statement caches and the page cache, as a running bot would be.
    for (let i = 0; i < 3; i++) {
      await t.bot.command(inv, 'recap');
      await t.bot.command(inv, 'report');
    }
    const recap = await time(20, () => t.bot.command(inv, 'recap'));
    const report = await time(20, () => t.bot.command(inv, 'report'));
    const report12 = await time(10, () => t.bot.command(inv, 'report weeks 12'));
    return { items, recap, report, report12 };
  } finally {
    t.close();
  }
}
