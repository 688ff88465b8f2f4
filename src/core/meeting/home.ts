// The next meeting and its agenda items, for App Home: the time in the viewer's zone, and where
// the whole agenda is (`meeting`).
import type { Db } from '../../db/client.js';
import { openAgendaPage } from '../../db/agenda.js';
import type { TeamRow } from '../../db/teams.js';
import { formatInstant } from '../language/dates.js';
import { type Block, bold, code, context, line, list, section } from '../message.js';
import { cadenceOf } from './run.js';
import { nextOccurrence } from './schedule.js';

export async function nextMeetingBlocks(db: Db, team: TeamRow, now: number, tz: string, prefix: string, rows: number): Promise<Block[]> {
  const c = await cadenceOf(db, team.id);
  const items = await openAgendaPage(db, team.id, rows);
  if (!c && items.total === 0) return [];
  const blocks: Block[] = [];
  if (c) {
    const next = nextOccurrence(c, now);
    blocks.push(section(line('🗓 Next meeting: ', bold(formatInstant(next.startsAt, tz)), ' your time.')));
  }
  blocks.push(
    list(
      items.rows.map((i) => line(bold(`A-${i.seq}`), ' ', i.text)),
      { title: 'On the agenda', total: items.total, empty: 'Nothing yet.' },
    ),
    context(code(`${prefix}meeting`), ' shows the whole agenda · ', code(`${prefix}agenda add <topic>`)),
  );
  return blocks;
}
