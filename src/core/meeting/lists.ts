// `list agenda [all]` and `list meetings`: the agenda items and the meetings as records.
import type { Db } from '../../db/client.js';
import { allAgendaItems, openAgendaPage } from '../../db/agenda.js';
import { teamMeetings } from '../../db/meetings.js';
import { formatInstant } from '../language/dates.js';
import { type Block, type Line, bold, line, list } from '../message.js';

const STATUS: Record<string, string> = { scheduled: 'planned', held: 'held', skipped: 'skipped (not a working day)', cancelled: 'cancelled' };

export async function agendaListBlock(db: Db, teamId: number, scope: 'open' | 'all', rows: number): Promise<Block> {
  if (scope === 'open') {
    const page = await openAgendaPage(db, teamId, rows);
    return list(page.rows.map((i) => line(bold(`A-${i.seq}`), ' ', i.text, i.author ? ` — ${i.author}` : '')), { title: 'Open agenda items', total: page.total, empty: 'None.' });
  }
  const all = await allAgendaItems(db, teamId);
  const lines: Line[] = [];
  for (const i of all.slice(-rows).reverse()) {
    const state = i.handledAt !== null ? `handled${i.handledNote ? `: ${i.handledNote}` : ''}` : i.droppedAt !== null ? 'dropped' : 'open';
    lines.push(line(bold(`A-${i.seq}`), ' ', i.text, ` — ${state}`));
  }
  return list(lines, { title: 'All agenda items', total: all.length, empty: 'None yet.' });
}

export async function meetingsListBlock(db: Db, teamId: number, tz: string, rows: number): Promise<Block> {
  const ms = await teamMeetings(db, teamId, rows);
  return list(
    ms.map((m) => line(bold(formatInstant(m.startsAt, tz)), ` — ${STATUS[m.status] ?? m.status}`, m.agendaPostedAt !== null ? ' · agenda posted' : '', m.recapPostedAt !== null ? ' · recap posted' : '')),
    { title: 'Meetings', empty: 'None yet.' },
  );
}
