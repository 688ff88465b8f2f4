// The team's page as data (the read model a web adapter renders): the report's figures as weekly
// trends over the last 12 weeks, with how each is computed and the records behind it; goals with
// baseline → latest → target and their data points (verified or not); decisions with where each
// stands; open commitments by person; open blockers by age; check-in participation.
//
// Only what every member of the team may see in chat is here. Never a private view or note of
// the de-escalation flow (disagreements appear only as the report's neutral lines), never one
// person's check-in answers.
import type { Db } from '../../db/client.js';
import { countBlockers } from '../../db/blockers.js';
import { countCommitments, listCommitments } from '../../db/commitments.js';
import { type DecisionRow, countDecisions, listDecisions } from '../../db/decisions.js';
import { listGoals, recentProgress } from '../../db/goals.js';
import { listMembers } from '../../db/members.js';
import type { MemberRow } from '../../db/members.js';
import type { TeamRow } from '../../db/teams.js';
import { oldestOpenBlockers, participation } from '../../db/page.js';
import type { Metric } from '../language/commands.js';
import { DAY, HOUR, formatDay, formatInstant, zoneOr } from '../language/dates.js';
import { LIST_ROWS } from '../language/limits.js';
import { showNumber } from '../records/goalgrammar.js';
import { dueSpan, reasonOnly, ref } from '../records/lines.js';
import { roster } from '../team/membership.js';
import type { Line } from '../message.js';
import { type Measured, type Measures, combine, figuresOf, measure, recordsBehind, shownOf, valueOf, windowEndingAt } from './report.js';

export const PAGE_WEEKS = 12;
/** Rows per list on the page; each list says how many more there are. */
export const PAGE_ROWS = 50;
/** A goal's newest data points shown on the page; the rest are counted. */
export const PAGE_POINTS = 12;
const WEEK = 7 * DAY;

export interface WeekPoint {
  /** The week's last day, in the page's zone (YYYY-MM-DD), and as people read it. */
  ends: string;
  label: string;
  /** The number for that week in the chart's unit, or null when there was nothing to compute it from. */
  value: number | null;
  /** The number as the report shows it, with what it is made of ("75% (3 of 4)"). */
  shown: string;
}

export interface Trend {
  metric: Metric;
  label: string;
  /** The chart's unit: a share, a count, or hours. */
  unit: '%' | 'count' | 'hours';
  /** The report's figure over the whole 12 weeks, exactly as `report weeks 12` shows it. */
  shown: string;
  how: string;
  weeks: WeekPoint[];
  records: { title: string; lines: Line[]; total: number };
}

export interface TeamPage {
  team: { name: string };
  /** The member the link was issued to. */
  viewer: string;
  builtAt: number;
  /** The zone dates on the page are shown in (the viewer's). */
  tz: string;
  builtLabel: string;
  trends: Trend[];
  goals: PageGoal[];
  decisions: { items: PageDecision[]; total: number };
  commitments: { person: string; items: { ref: string; text: string; due: string; overdue: boolean; askedBy: string | null }[]; total: number }[];
  blockers: { items: { ref: string; text: string; raisedBy: string; unblocker: string | null; opened: string; ageDays: number }[]; total: number };
  participation: { person: string; sent: number; answered: number }[];
}

/** One data point of a goal's measure, as the goal's own page in chat shows it. */
export interface PagePoint {
  when: string;
  value: string;
  source: string | null;
  by: string;
  verified: boolean;
}

export interface PageGoal {
  ref: string;
  text: string;
  owner: string | null;
  measure: string | null;
  baseline: string | null;
  /** The newest data point, verified or not. */
  latest: PagePoint | null;
  target: string | null;
  due: string | null;
  status: 'open' | 'achieved' | 'dropped';
  /** The newest PAGE_POINTS data points, oldest first; `total` counts them all. */
  points: PagePoint[];
  pointsTotal: number;
}

/** Where a decision stands; `done` is a decided decision whose execution was carried out. */
export type DecisionState = 'proposed' | 'decided' | 'done' | 'superseded' | 'retracted' | 'rejected';

export interface PageDecision {
  ref: string;
  text: string;
  why: string | null;
  executor: string | null;
  /** When it was decided; for one never decided, when it was proposed ("proposed Nov 23, 09:00"). */
  date: string;
  /** The execution's date. */
  by: string | null;
  state: DecisionState;
  /** The state as a person reads it: "superseded by D-4", "done Nov 30, 10:00". */
  status: string;
  replaces: string | null;
}

const UNIT: Record<Measured, Trend['unit']> = { checkins: '%', ontime: '%', slips: 'count', blockers: 'hours', disagreements: 'count' };

function weekLabel(endMs: number, tz: string): { ends: string; label: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(endMs);
  const label = new Intl.DateTimeFormat('en-US', { timeZone: tz, month: 'short', day: 'numeric' }).format(endMs);
  return { ends: parts, label };
}

/** One week's number in the chart's unit (blockers: hours), and as the report writes it. */
function point(metric: Measured, m: Measures): { value: number | null; shown: string } {
  const v = valueOf(metric, m);
  return { value: metric === 'blockers' && v !== null ? Math.round((v / HOUR) * 10) / 10 : v, shown: shownOf(metric, m) };
}

function decisionState(d: DecisionRow): DecisionState {
  switch (d.status) {
    case 'proposed':
    case 'superseded':
    case 'retracted':
    case 'rejected':
      return d.status;
    default:
      return d.doneAt !== null ? 'done' : 'decided';
  }
}

function stateWords(d: DecisionRow, state: DecisionState, tz: string): string {
  switch (state) {
    case 'proposed':
      return 'proposed, not decided yet';
    case 'superseded':
      return d.supersededBySeq !== null ? `superseded by ${ref('decision', d.supersededBySeq)}` : 'superseded';
    case 'retracted':
      return d.retractedAt !== null ? `retracted ${formatInstant(d.retractedAt, tz)}` : 'retracted';
    case 'rejected':
      // A proposal whose window closed with more objections than agreements.
      return 'not decided';
    case 'done':
      return `done ${formatInstant(d.doneAt!, tz)}`;
    default:
      return 'decided';
  }
}

/** The page for the team a link was issued for, as `viewer` sees it at `now`. */
export async function teamPage(db: Db, team: TeamRow, viewer: MemberRow, now: number, defaultTz: string): Promise<TeamPage> {
  const tz = zoneOr(viewer.tz, defaultTz);
  const r = await roster(db, team.id);
  const name = (id: number | null) => (id === null ? null : (r.get(id)?.name ?? 'someone who left'));

  // Twelve weekly windows that tile the report's 12-week window exactly, oldest first.
  const weekly: { end: number; m: Measures }[] = [];
  for (let k = PAGE_WEEKS - 1; k >= 0; k--) {
    const end = now - k * WEEK;
    weekly.push({ end, m: await measure(db, team.id, windowEndingAt(end, 1), now) });
  }
  const trends: Trend[] = [];
  // The 12-week figures are the weekly windows added up: the same numbers `report weeks 12` gives, read once.
  const whole = combine(weekly.map((w) => w.m));
  for (const f of figuresOf(whole, null, PAGE_WEEKS)) {
    const rec = await recordsBehind(db, team.id, now, tz, f.metric, windowEndingAt(now, PAGE_WEEKS), r);
    trends.push({
      metric: f.metric,
      label: f.label,
      unit: UNIT[f.metric],
      shown: f.shown,
      how: f.how,
      weeks: weekly.map((w) => ({ ...weekLabel(w.end, tz), ...point(f.metric, w.m) })),
      records: { title: rec.title, lines: rec.lines, total: Math.max(rec.lines.length, f.records ?? 0) },
    });
  }

  const goals: TeamPage['goals'] = [];
  for (const g of await listGoals(db, team.id)) {
    const recent = await recentProgress(db, g.id, PAGE_POINTS);
    const points = recent.points
      .map((p): PagePoint => ({ when: formatInstant(p.createdAt, tz), value: showNumber(p.value), source: p.source, by: name(p.recordedBy) ?? 'someone', verified: p.verifiedAt !== null }))
      .reverse();
    goals.push({
      ref: ref('goal', g.seq),
      text: g.text,
      owner: name(g.ownerId),
      measure: g.measure,
      baseline: g.baseline === null ? null : showNumber(g.baseline),
      latest: points.at(-1) ?? null,
      target: g.target === null ? null : showNumber(g.target),
      due: g.dueDate && g.dueTz ? formatDay(g.dueDate, now, g.dueTz) : null,
      status: g.status === 'achieved' || g.status === 'dropped' ? g.status : 'open',
      points,
      pointsTotal: recent.total,
    });
  }

  const decisions: TeamPage['decisions'] = { items: [], total: await countDecisions(db, team.id) };
  for (const d of await listDecisions(db, team.id, { limit: PAGE_ROWS })) {
    const state = decisionState(d);
    decisions.items.push({
      ref: ref('decision', d.seq),
      text: d.text,
      why: d.rationale ? reasonOnly(d.rationale) : null,
      executor: name(d.executorId),
      date: d.decidedAt !== null ? formatInstant(d.decidedAt, tz) : `proposed ${formatInstant(d.createdAt, tz)}`,
      by: d.dueDate && d.dueTz ? formatDay(d.dueDate, now, d.dueTz) : null,
      state,
      status: stateWords(d, state, tz),
      replaces: d.replacesSeq !== null ? ref('decision', d.replacesSeq) : null,
    });
  }

  const commitments: TeamPage['commitments'] = [];
  for (const m of await listMembers(db, team.id)) {
    const open = await listCommitments(db, team.id, { status: 'open', ownerId: m.id, limit: LIST_ROWS });
    if (open.length === 0) continue;
    commitments.push({
      person: m.name,
      total: open.length < LIST_ROWS ? open.length : await countCommitments(db, team.id, { status: 'open', ownerId: m.id }),
      // An ask the person has not accepted yet is listed under them, saying so, as `list` does.
      items: open.map((c) => ({
        ref: ref('commitment', c.seq),
        text: c.text,
        due: dueSpan(c, now).text,
        overdue: c.dueAt !== null && c.dueAt < now,
        askedBy: c.assignment === 'pending' ? (name(c.createdBy) ?? 'someone') : null,
      })),
    });
  }

  const blockers: TeamPage['blockers'] = { items: [], total: await countBlockers(db, team.id, { status: 'open' }) };
  for (const b of await oldestOpenBlockers(db, team.id, PAGE_ROWS)) {
    blockers.items.push({
      ref: ref('blocker', b.seq),
      text: b.text,
      raisedBy: name(b.raisedBy) ?? 'someone',
      unblocker: name(b.unblockerId),
      opened: formatInstant(b.createdAt, tz),
      ageDays: Math.floor((now - b.createdAt) / DAY),
    });
  }

  const w = windowEndingAt(now, PAGE_WEEKS);
  const shares: TeamPage['participation'] = [];
  for (const p of await participation(db, team.id, w.from, w.to)) {
    if (p.sent > 0) shares.push({ person: name(p.memberId) ?? 'someone', sent: p.sent, answered: p.answered });
  }
  shares.sort((a, b) => a.person.localeCompare(b.person));

  return {
    team: { name: team.name },
    viewer: viewer.name,
    builtAt: now,
    tz,
    builtLabel: new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now),
    trends,
    goals,
    decisions,
    commitments,
    blockers,
    participation: shares,
  };
}
