// Export: every record of the team, as CSV (for spreadsheets) and Markdown (for reading),
// sent privately to the lead who asked.
import { listBlockers } from '../../db/blockers.js';
import { commitmentHistory, dateChange, listCommitments } from '../../db/commitments.js';
import { listDecisions } from '../../db/decisions.js';
import { listGoals, progressOf } from '../../db/goals.js';
import { showNumber } from '../records/goalgrammar.js';
import { listUpdates } from '../../db/updates.js';
import { allAgendaItems } from '../../db/agenda.js';
import { teamMeetings } from '../../db/meetings.js';
import type { Context } from '../context.js';
import { disagreementExportRows } from '../deescalation/index.js';
import { answerRows } from '../checkins/history.js';
import { PULSE_QUESTION, pulseExportRows } from '../checkins/pulse.js';
import { localDate } from '../language/dates.js';
import type { Handlers } from '../handlers.js';
import { decisionStatus, reasonOnly, ref } from '../records/lines.js';
import { roster } from '../team/membership.js';
import { bold, context, line, message, say, section } from '../message.js';

interface Row {
  kind: string;
  id: string;
  status: string;
  text: string;
  person: string;
  due: string;
  goal: string;
  created_by: string;
  created_at: string;
  closed_at: string;
  note: string;
  history: string;
  source: string;
}

const COLUMNS: (keyof Row)[] = ['kind', 'id', 'status', 'text', 'person', 'due', 'goal', 'created_by', 'created_at', 'closed_at', 'note', 'history', 'source'];

/**
 * One CSV cell. Quoted per RFC 4180; a cell a spreadsheet would run as a formula (= + - @, tab,
 * carriage return) gets a leading apostrophe, so an exported record can never execute.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Markdown-safe text for a table cell: no pipes, no line breaks, no HTML or link syntax. */
function mdCell(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/([|*_`[\]<>#~])/g, '\\$1').replace(/\r?\n/g, ' ');
}

async function collect(ctx: Context): Promise<Row[]> {
  const teamId = ctx.team.id;
  const r = await roster(ctx.db, teamId);
  const name = (id: number | null) => (id === null ? '' : (r.get(id)?.name ?? ''));
  const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
  const rows: Row[] = [];
  const base = { status: '', person: '', due: '', goal: '', closed_at: '', note: '', history: '' };
  const n = (x: number | null) => (x === null ? '?' : showNumber(x));
  for (const g of await listGoals(ctx.db, teamId)) {
    const id = ref('goal', g.seq);
    rows.push({
      ...base, kind: 'goal', id, status: g.status, text: g.text, person: name(g.ownerId), due: g.dueDate ?? '', closed_at: iso(g.closedAt),
      note: g.measure ? `${g.measure}: baseline ${n(g.baseline)}, target ${n(g.target)}` : '', history: g.closeNote ?? '',
      created_by: name(g.createdBy), created_at: iso(g.createdAt), source: g.sourceUrl ?? '',
    });
    // Each data point, with who gave it and whether the data owner confirmed it.
    for (const p of await progressOf(ctx.db, g.id)) {
      rows.push({
        ...base, kind: 'data point', id, status: p.verifiedAt === null ? 'unverified' : 'verified', text: showNumber(p.value), goal: id,
        person: name(p.verifiedBy), note: p.note ?? '', history: p.source ?? '', created_by: name(p.recordedBy), created_at: iso(p.createdAt), source: p.sourceUrl ?? '',
      });
    }
  }
  // Withdrawn updates stay in the export, marked: the history keeps them.
  for (const u of (await listUpdates(ctx.db, teamId, { withDropped: true })).reverse()) {
    rows.push({
      ...base, kind: 'update', id: ref('update', u.seq), status: u.droppedAt === null ? '' : 'withdrawn', text: u.text, goal: u.goalSeq ? `G-${u.goalSeq}` : '',
      closed_at: iso(u.droppedAt), note: u.dropReason ?? '', created_by: name(u.createdBy), created_at: iso(u.createdAt), source: u.sourceUrl ?? '',
    });
  }
  for (const c of (await listCommitments(ctx.db, teamId)).reverse()) {
    const moves = (await commitmentHistory(ctx.db, c.id))
      .filter((e) => e.kind === 'moved' || e.kind === 'dated')
      .map((e) => `${e.fromDue ?? 'none'}→${e.toDue}${e.toDue && dateChange(e.fromDue, e.toDue) === 'forward' ? ' brought forward' : ''} (${localDate(e.at, ctx.actorTz)})`)
      .join('; ');
    rows.push({
      kind: 'commitment', id: ref('commitment', c.seq), status: c.status, text: c.text, person: name(c.ownerId), due: c.dueDate ?? '',
      goal: c.goalSeq ? `G-${c.goalSeq}` : '', created_by: name(c.createdBy), created_at: iso(c.createdAt), closed_at: iso(c.closedAt),
      note: c.closeNote ?? '', history: moves, source: c.sourceUrl ?? '',
    });
  }
  for (const b of (await listBlockers(ctx.db, teamId)).reverse()) {
    rows.push({
      kind: 'blocker', id: ref('blocker', b.seq), status: b.status, text: b.text, person: name(b.unblockerId), due: '',
      goal: b.goalSeq ? `G-${b.goalSeq}` : '', created_by: name(b.raisedBy), created_at: iso(b.createdAt), closed_at: iso(b.resolvedAt),
      note: b.status === 'dropped' ? `withdrawn${b.dropReason ? `: ${b.dropReason}` : ''}` : (b.resolution ?? ''), history: '', source: b.sourceUrl ?? '',
    });
  }
  for (const d of (await listDecisions(ctx.db, teamId)).reverse()) {
    rows.push({
      kind: 'decision', id: ref('decision', d.seq), status: decisionStatus(d) ?? 'decided', text: d.text, person: name(d.executorId), due: d.dueDate ?? '',
      goal: '', created_by: name(d.createdBy), created_at: iso(d.createdAt), closed_at: iso(d.doneAt ?? d.retractedAt),
      note: [d.rationale ? reasonOnly(d.rationale) : '', d.retractReason ? `retracted: ${d.retractReason}` : '', d.doneNote ? `done: ${d.doneNote}` : ''].filter(Boolean).join('; '),
      history: [d.origin ?? '', d.replacesSeq !== null ? `replaces D-${d.replacesSeq}` : '', d.slips ? `${d.slips} slip${d.slips === 1 ? '' : 's'}` : ''].filter(Boolean).join('; '),
      source: d.sourceUrl ?? '',
    });
  }
  // Disagreements: the neutral record only — never a view, a note or an option.
  for (const d of await disagreementExportRows(ctx.db, teamId)) {
    rows.push({
      ...base, kind: 'disagreement', id: d.id, status: d.status, text: d.topic, person: d.facilitator, created_by: d.createdBy,
      created_at: iso(d.createdAt), closed_at: iso(d.endedAt), note: `between ${d.parties}${d.decision ? `; decision ${d.decision}` : ''}`, history: d.history, source: d.source,
    });
  }
  // Check-in answers, each under the question its run asked (not the team's questions now).
  for (const a of await answerRows(ctx)) {
    rows.push({ ...base, kind: 'checkin answer', id: a.record, text: a.answer, person: a.person, note: a.question, history: a.run, created_by: a.person, created_at: iso(a.answeredAt), source: '' });
  }
  // The pulse: the team's figure per check-in, never one person's answer (those are not exported).
  for (const p of await pulseExportRows(ctx.db, teamId)) {
    rows.push({ ...base, kind: 'pulse', id: p.run, text: p.figure, note: PULSE_QUESTION, history: p.run, created_by: '', created_at: iso(p.closedAt), source: '' });
  }
  // The meeting: its agenda items (handled, dropped or open) and its occurrences.
  for (const a of await allAgendaItems(ctx.db, teamId)) {
    rows.push({
      ...base, kind: 'agenda item', id: `A-${a.seq}`, status: a.handledAt !== null ? 'handled' : a.droppedAt !== null ? 'dropped' : 'open', text: a.text,
      person: name(a.handledBy ?? a.droppedBy), created_by: name(a.createdBy), created_at: iso(a.createdAt), closed_at: iso(a.handledAt ?? a.droppedAt),
      note: a.handledNote ?? '', history: a.source === 'checkin' ? 'from a check-in' : '', source: a.sourceUrl ?? '',
    });
  }
  for (const m of (await teamMeetings(ctx.db, teamId, 10_000)).reverse()) {
    rows.push({ ...base, kind: 'meeting', id: m.date, status: m.status, created_by: '', source: '', text: `${iso(m.startsAt)} – ${iso(m.endsAt)}`, created_at: iso(m.createdAt), closed_at: iso(m.endsAt), note: m.agendaPostedAt !== null ? `agenda posted ${iso(m.agendaPostedAt)}` : '' });
    // Its recap as posted (a draft never posted is its owner's, not yet the team's record).
    if (m.recapPostedAt !== null) {
      rows.push({ ...base, kind: 'recap', id: m.date, status: 'posted', text: m.recapText ?? '', person: name(m.recapPostedBy), created_by: name(m.recapPostedBy), created_at: iso(m.recapPostedAt), source: '' });
    }
  }
  return rows;
}

export function toCsv(rows: Row[]): string {
  return [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((c) => csvCell(row[c])).join(','))].join('\r\n') + '\r\n';
}

export function toMarkdown(teamName: string, rows: Row[], when: string): string {
  const out = [`# ${mdCell(teamName)} — Baton export`, '', `Exported ${when}.`, ''];
  const sections: [string, string, (keyof Row)[], Partial<Record<keyof Row, string>>?][] = [
    ['goal', 'Goals', ['id', 'status', 'text', 'person', 'note', 'due', 'created_by', 'created_at']],
    ['data point', 'Goal data points', ['goal', 'text', 'history', 'status', 'created_by', 'created_at', 'note']],
    ['update', 'Updates', ['id', 'status', 'text', 'goal', 'created_by', 'created_at']],
    ['commitment', 'Commitments', ['id', 'status', 'text', 'person', 'due', 'history', 'closed_at']],
    ['blocker', 'Blockers', ['id', 'status', 'text', 'created_by', 'person', 'created_at', 'closed_at', 'note']],
    ['decision', 'Decisions', ['id', 'status', 'text', 'note', 'person', 'due', 'created_at']],
    ['disagreement', 'Disagreements', ['id', 'status', 'text', 'person', 'note', 'created_at', 'closed_at']],
    ['checkin answer', 'Check-in answers', ['history', 'note', 'person', 'text', 'id'], { history: 'check-in', note: 'question', person: 'who', text: 'answer', id: 'record' }],
    ['pulse', 'Pulse (the team\'s figure per check-in; no one\'s own answer)', ['id', 'text', 'created_at'], { id: 'check-in', text: 'figure', created_at: 'digest posted' }],
    ['agenda item', 'Agenda items', ['id', 'status', 'text', 'created_by', 'created_at', 'closed_at', 'note']],
    ['meeting', 'Meetings', ['id', 'status', 'text', 'note']],
    ['recap', 'Meeting recaps', ['id', 'text', 'person', 'created_at'], { id: 'meeting', person: 'posted by', created_at: 'posted' }],
  ];
  const label: Partial<Record<keyof Row, string>> = { person: 'owner / executor / facilitator', note: 'note / why', created_by: 'by', created_at: 'created', closed_at: 'closed' };
  for (const [kind, title, cols, own] of sections) {
    const mine = rows.filter((r) => r.kind === kind);
    // A team that never asked the pulse has no pulse to speak of, not an empty table of it.
    if (kind === 'pulse' && mine.length === 0) continue;
    out.push(`## ${title} (${mine.length})`, '');
    if (mine.length === 0) {
      out.push('None.', '');
      continue;
    }
    out.push(`| ${cols.map((c) => own?.[c] ?? label[c] ?? c).join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`);
    for (const r of mine) out.push(`| ${cols.map((c) => mdCell(r[c])).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}

export const exportHandlers: Handlers = {
  async export(ctx) {
    const rows = await collect(ctx);
    const day = localDate(ctx.now, ctx.actorTz);
    const slug = ctx.team.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'team';
    await ctx.audit('team.export', undefined, { rows: rows.length });
    ctx.dm(
      ctx.actor.userId,
      message(
        [section(line('Export of ', bold(ctx.team.name), `: ${rows.length} record${rows.length === 1 ? '' : 's'}, as CSV and Markdown.`)), context('Private views from the de-escalation flow are not included.')],
        [
          { filename: `baton-${slug}-${day}.csv`, mimeType: 'text/csv', content: toCsv(rows) },
          { filename: `baton-${slug}-${day}.md`, mimeType: 'text/markdown', content: toMarkdown(ctx.team.name, rows, day) },
        ],
      ),
    );
    if (!ctx.inv.isDirect) ctx.reply(say('I sent you the export privately.'));
  },
};
