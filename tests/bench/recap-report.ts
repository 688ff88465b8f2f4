// Recap and report on a team with 100,000 records: the whole command path (parse, permissions,
// queries, render, outbox) on a real SQLite file. Target: under 50 ms each.
import { seedTeam } from './seed.js';
import { type TestBot, teamBot } from '../support/core.js';

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
    const draft = await benchDraft(t, 20);
    return { items, recap, report, report12, draft };
  } finally {
    t.close();
  }
}

/**
 * A meeting's end with its recap draft: each run, a 90-minute meeting that ended an hour ago
 * (a day further back each time, so its window holds other records) and its end timer, due;
 * timed is the round of due timers that marks it held, builds the draft and queues it.
 */
async function benchDraft(t: TestBot, runs: number): Promise<Timing> {
  const sqlite = t.database.sqlite;
  const now = t.clock.now();
  const addMeeting = sqlite.prepare("insert into meetings (team_id, date, starts_at, ends_at, status, created_at) values (1, ?, ?, ?, 'scheduled', ?)");
  const addJob = sqlite.prepare("insert into jobs (key, kind, due_at, payload, status, created_at) values (?, 'meeting.end', ?, ?, 'pending', ?)");
  const samples: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const ends = now - 3_600_000 - i * 86_400_000;
    const date = new Date(ends).toISOString().slice(0, 10);
    addMeeting.run(date, ends - 90 * 60_000, ends, now);
    addJob.run(`bench:meeting:${date}:end`, ends, JSON.stringify({ teamId: 1, date }), now);
    const start = performance.now();
    if ((await t.bot.runDueJobs()) !== 1) throw new Error('the meeting end did not run');
    // The first three warm the statement caches, as a running bot's would be.
    if (i >= 3) samples.push(performance.now() - start);
  }
  const sent = sqlite.prepare("select count(*) as n from meetings where recap_draft_sent_at is not null").get() as { n: number };
  if (sent.n !== runs + 3) throw new Error(`${sent.n} drafts for ${runs + 3} meetings`);
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(runs / 2)]!, p95: samples[Math.floor(runs * 0.95)]!, runs };
}
