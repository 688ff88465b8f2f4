// The meeting's agenda: the open items (A-n, added or raised in a check-in, carried forward until
// handled or dropped) and what the team's records say needs the meeting — proposals waiting for
// agreement, work due by the meeting, blockers stuck past the nudge delay, disagreements under
// way (their neutral line only, never anyone's view) and goals with no data point in four weeks.
import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';
import { type AgendaPage, type AgendaSource, agendaSources, openAgendaPage } from '../../db/agenda.js';
import type { TeamRow } from '../../db/teams.js';
import { readAgreements } from '../team/agreements.js';
import { loadCalendar, previousWorking } from '../team/calendar.js';
import { DAY, formatInstant } from '../language/dates.js';
import { type Block, type Line, bold, line, list } from '../message.js';

/** Lines per part of the agenda: Block Kit caps a section's text, and a meeting cannot take more. */
export const AGENDA_LINES = 15;

/** Four weeks without a data point puts a measured goal on the agenda. */
const GOAL_QUIET_MS = 28 * DAY;

/**
 * Blockers raised before this instant are the meeting's: open longer than the team's
 * `blocker-nudge` (working days, counted back from the meeting's day in `tz`). With `none`, no
 * blocker is on the agenda for its age alone.
 */
export async function blockedBefore(db: Db, team: TeamRow, startsAt: number, tz: string): Promise<number> {
  const days = readAgreements(team.agreements).blockerNudgeDays;
  if (days === 0) return 0;
  const calendar = await loadCalendar(db, team.id);
  let day = DateTime.fromMillis(startsAt, { zone: tz }).toISODate()!;
  for (let i = 0; i < days; i++) day = previousWorking(calendar, DateTime.fromISO(day, { zone: tz }).minus({ days: 1 }).toISODate()!);
  // Open since before that working day's end: a whole `days` working days have passed.
  return DateTime.fromISO(day, { zone: tz }).plus({ days: 1 }).toMillis();
}

export interface AgendaParts {
  items: Line[];
  itemsTotal: number;
  derived: { title: string; lines: Line[]; total: number }[];
}

const owned = (name: string | null, role: string): string => (name ? ` — ${role}${name}` : '');

function part(title: string, page: AgendaPage<AgendaSource>, each: (r: AgendaSource) => Line): AgendaParts['derived'][number] {
  const lines: Line[] = [];
  for (const r of page.rows) lines.push(each(r));
  return { title, lines, total: page.total };
}

/** The agenda of a meeting starting at `startsAt`, as read at `now` (what is late by then is overdue); instants shown in `tz`. */
export async function buildAgenda(db: Db, team: TeamRow, startsAt: number, now: number, tz: string): Promise<AgendaParts> {
  const items = await openAgendaPage(db, team.id, AGENDA_LINES);
  const s = await agendaSources(db, team.id, {
    // Due on the meeting's day counts: a due instant is the end of its local day.
    dueBy: startsAt + DAY,
    blockedBefore: await blockedBefore(db, team, startsAt, tz),
    quietSince: startsAt - GOAL_QUIET_MS,
    limit: AGENDA_LINES,
  });
  const itemLines: Line[] = [];
  for (const i of items.rows) {
    itemLines.push(line(bold(`A-${i.seq}`), ' ', i.text, i.source === 'checkin' ? ' (from a check-in)' : '', owned(i.author, '')));
  }
  const derived = [
    part('Proposals waiting for agreement', s.proposals, (r) => line(bold(`D-${r.seq}`), ' ', r.text, owned(r.owner, 'proposed by '))),
    part('Commitments due or overdue', s.commitments, (r) => line(bold(`C-${r.seq}`), ' ', r.text, r.at !== null && r.at <= now ? ' (overdue)' : ' (due by the meeting)', owned(r.owner, ''))),
    part('Decisions to carry out, due or overdue', s.executions, (r) => line(bold(`D-${r.seq}`), ' ', r.text, r.at !== null && r.at <= now ? ' (overdue)' : ' (due by the meeting)', owned(r.owner, 'executor: '))),
    part('Blockers still open', s.blockers, (r) => line(bold(`E-${r.seq}`), ' ', r.text, r.at !== null ? ` (since ${formatInstant(r.at, tz)})` : '', owned(r.owner, 'raised by '))),
    part('Disagreements being worked through', s.disagreements, (r) => line(bold(`R-${r.seq}`), ' ', r.text, owned(r.owner, 'facilitator: '))),
    part('Goals with no data point in four weeks', s.goals, (r) => line(bold(`G-${r.seq}`), ' ', r.text, owned(r.owner, 'owner: '))),
  ].filter((p) => p.total > 0);
  return { items: itemLines, itemsTotal: items.total, derived };
}

/** The agenda as blocks: the items first (what people asked for), then what the records raise. */
export function agendaBlocks(a: AgendaParts, prefix: string): Block[] {
  const blocks: Block[] = [list(a.items, { title: 'Agenda items', total: a.itemsTotal, empty: `None yet — ${prefix}agenda add <topic>` })];
  for (const p of a.derived) blocks.push(list(p.lines, { title: p.title, total: p.total }));
  return blocks;
}
