// The meeting's agenda for a team with 100,000 records (and 5,000 agenda items, half of them
// handled): the whole `meeting` command path (parse, permissions, the agenda's queries, render,
// outbox) and the agenda post's timer, on a real SQLite file. Target: under 50 ms each.
import { seedTeam } from './seed.js';
import { teamBot } from '../support/core.js';
import type { Timing } from './recap-report.js';

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

export async function benchAgenda(items = 100_000, agendaItems = 5_000) {
  const t = await teamBot({ now: '2026-11-23T15:00:00Z' });
  try {
    seedTeam(t.database.sqlite, t.clock.now(), items);
    const sqlite = t.database.sqlite;
    const add = sqlite.prepare('insert into agenda_items (team_id, seq, text, source, created_by, handled_at, created_at, platform) values (1, ?, ?, ?, 1, ?, ?, ?)');
    sqlite.transaction(() => {
      for (let i = 1; i <= agendaItems; i++) add.run(i, `Topic number ${i}`, i % 3 === 0 ? 'checkin' : 'added', i % 2 === 0 ? t.clock.now() - 86_400_000 : null, t.clock.now() - (agendaItems - i) * 60_000, 'slack');
      sqlite.prepare("insert into counters (team_id, kind, last) values (1, 'A', ?) on conflict do update set last = excluded.last").run(agendaItems);
    })();
    sqlite.pragma('optimize');
    const inv = t.invocation('alice');
    await t.bot.command(inv, 'meeting schedule wednesday 15:30');
    for (let i = 0; i < 3; i++) await t.bot.command(inv, 'meeting');
    const meeting = await time(20, () => t.bot.command(inv, 'meeting'));
    return { items, agendaItems, meeting };
  } finally {
    t.close();
  }
}
