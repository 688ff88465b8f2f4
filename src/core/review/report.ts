// The team's numbers, each with its trend, how it is computed, and the records behind it.
import type { Db } from '../../db/client.js';
import { dueInWindow, dueInWindowRecords, executionSlipRecords, executionSlipsInWindow, executionsDueInWindow, executionsDueRecords, resolutionTimes, resolvedBlockerRecords, slipRecords, slipsInWindow, type Window } from '../../db/insights.js';
import { responseRate, responseRecords } from '../checkins/index.js';
import { PULSE_MIN, pulseReport, pulseReportLine } from '../checkins/pulse.js';
import type { Metric } from '../language/commands.js';
import type { Context } from '../context.js';
import { DAY, HOUR, formatDay, formatInstant } from '../language/dates.js';
import { disagreementCounts, disagreementRecords } from '../deescalation/index.js';
import { goalProgressLines, goalTrendLines } from '../records/goals.js';
import type { Handlers } from '../handlers.js';
import { LIST_ROWS } from '../language/limits.js';
import { type Roster, blockerLine, commitmentLine, decisionLine, ref } from '../records/lines.js';
import { roster } from '../team/membership.js';
import { type Block, type Line, actions, bold, button, context, header, line, list, message, section } from '../message.js';

const WEEK = 7 * DAY;
const SHORT: Record<Measured, string> = { checkins: 'check-ins', ontime: 'on time', slips: 'slips', blockers: 'blockers', disagreements: 'disagreements' };

export interface Figure {
  metric: Measured;
  label: string;
  /** The number as shown, or null when there is nothing to compute it from. */
  value: number | null;
  shown: string;
  previous: number | null;
  /** Whether a higher value is better (for the trend arrow's wording). */
  higherIsBetter: boolean;
  how: string;
  /** How many records lie behind the figure, when known, so a list cut at LIST_ROWS says how many more. */
  records?: number;
}

const pct = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 100));

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function duration(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (ms < 2 * DAY) return `${Math.round(ms / HOUR)} h`;
  return `${(ms / DAY).toFixed(1).replace(/\.0$/, '')} days`;
}

function trend(f: Figure): string {
  if (f.value === null) return '';
  if (f.previous === null) return ' · no earlier figure';
  if (f.value === f.previous) return ' · same as before';
  const up = f.value > f.previous;
  const better = up === f.higherIsBetter;
  // The earlier figure in the unit of the figure itself: a count against a count, a share against a share.
  const was = f.metric === 'blockers' ? duration(f.previous) : f.metric === 'slips' || f.metric === 'disagreements' ? String(f.previous) : `${f.previous}%`;
  return ` · ${up ? '↑' : '↓'} from ${was} (${better ? 'better' : 'worse'})`;
}

/** The report's window, up to and including this instant: a record made as the report is asked for counts. */
export function windowEndingAt(now: number, weeks: number): Window {
  return { from: now + 1 - weeks * WEEK, to: now + 1 };
}

function windowOf(ctx: Context, weeks: number): Window {
  return windowEndingAt(ctx.now, weeks);
}

/**
 * The numbers computed from records (`report goals` shows each goal's own trend instead, `report
 * pulse` each check-in's pulse: it has no records behind it to list, only the team's figure).
 */
export type Measured = Exclude<Metric, 'goals' | 'pulse'>;

/** What every number is computed from, for one window. */
export interface Measures {
  /** Check-ins of closed answer windows; `open`: those still being answered, shown apart. */
  checkins: { sent: number; answered: number; open: { sent: number; answered: number } };
  ontime: { total: number; onTime: number };
  slips: number;
  /** How long each blocker resolved in the window stayed open, shortest first. */
  blockers: number[];
  disagreements: { flagged: number; resolved: number };
}

/** `at`: the instant the answer windows are judged open or closed at (now; the window's end by default). */
export async function measure(db: Db, teamId: number, w: Window, at: number = w.to - 1): Promise<Measures> {
  return {
    checkins: await responseRate(db, teamId, w, at),
    // A decision's execution counts like a commitment, in on-time and in slips.
    ontime: plus(await dueInWindow(db, teamId, w), await executionsDueInWindow(db, teamId, w)),
    slips: await slipsInWindow(db, teamId, w) + await executionSlipsInWindow(db, teamId, w),
    blockers: await resolutionTimes(db, teamId, w),
    disagreements: await disagreementCounts(db, teamId, w),
  };
}

/** One number from its measures, as the report computes it (null: nothing to compute it from). */
export function valueOf(metric: Measured, m: Measures): number | null {
  switch (metric) {
    case 'checkins':
      return pct(m.checkins.answered, m.checkins.sent);
    case 'ontime':
      return pct(m.ontime.onTime, m.ontime.total);
    case 'slips':
      return m.slips;
    case 'blockers':
      return median(m.blockers);
    case 'disagreements':
      return m.disagreements.resolved;
  }
}

/** One number as the report writes it, with what it is made of ("75% (3 of 4)"). */
export function shownOf(metric: Measured, m: Measures): string {
  switch (metric) {
    case 'checkins':
    {
      const o = m.checkins.open;
      const apart = o.sent ? ` · this week: ${o.answered} of ${o.sent} so far` : '';
      return m.checkins.sent
        ? `${pct(m.checkins.answered, m.checkins.sent)}% (${m.checkins.answered} of ${m.checkins.sent})${apart}`
        : `${o.sent ? 'no answer window closed yet' : 'no check-ins sent'}${apart}`;
    }
    case 'ontime':
      return m.ontime.total ? `${pct(m.ontime.onTime, m.ontime.total)}% (${m.ontime.onTime} of ${m.ontime.total})` : 'none came due';
    case 'slips':
      return String(m.slips);
    case 'blockers': {
      const mid = median(m.blockers);
      return mid === null ? 'none resolved' : `${duration(mid)} (${m.blockers.length} resolved)`;
    }
    case 'disagreements':
      return m.disagreements.flagged || m.disagreements.resolved ? `${m.disagreements.resolved} resolved · ${m.disagreements.flagged} flagged` : 'none';
  }
}

/** Every number for one window, with the window before it for the trend. */
export async function figures(ctx: Context, weeks: number): Promise<Figure[]> {
  return await teamFigures(ctx.db, ctx.team.id, ctx.now, weeks);
}

/** The report's figures for a team at an instant (the team's page shows the same). */
export async function teamFigures(db: Db, teamId: number, at: number, weeks: number): Promise<Figure[]> {
  const now = windowEndingAt(at, weeks);
  const before: Window = { from: now.from - weeks * WEEK, to: now.from };
  return figuresOf(await measure(db, teamId, now, at), await measure(db, teamId, before, at), weeks);
}

/**
 * The measures of windows that tile a longer one, added up: the longer window's measures (every
 * count is of records whose instant falls in a window, so none is counted twice or missed).
 */
export function combine(parts: Measures[]): Measures {
  const out: Measures = { checkins: { sent: 0, answered: 0, open: { sent: 0, answered: 0 } }, ontime: { total: 0, onTime: 0 }, slips: 0, blockers: [], disagreements: { flagged: 0, resolved: 0 } };
  for (const m of parts) {
    out.checkins.sent += m.checkins.sent;
    out.checkins.answered += m.checkins.answered;
    out.checkins.open.sent += m.checkins.open.sent;
    out.checkins.open.answered += m.checkins.open.answered;
    out.ontime.total += m.ontime.total;
    out.ontime.onTime += m.ontime.onTime;
    out.slips += m.slips;
    out.blockers.push(...m.blockers);
    out.disagreements.flagged += m.disagreements.flagged;
    out.disagreements.resolved += m.disagreements.resolved;
  }
  out.blockers.sort((a, b) => a - b);
  return out;
}

/** The figures from a window's measures and, for the trend, the window's before it (null: no trend). */
export function figuresOf(cur: Measures, prev: Measures | null, weeks: number): Figure[] {
  const span = `the last ${weeks} week${weeks === 1 ? '' : 's'}`;
  const dg = cur.disagreements;
  const dgPrev = prev?.disagreements;
  const before = (metric: Measured) => (prev ? valueOf(metric, prev) : null);

  return [
    {
      metric: 'checkins',
      label: 'Check-in response rate',
      value: valueOf('checkins', cur),
      shown: shownOf('checkins', cur),
      previous: before('checkins'),
      higherIsBetter: true,
      how: `check-ins answered ÷ check-ins sent in ${span}, counting only runs whose answer window has closed (digest posted or its time passed); a run still open is shown apart.`,
    },
    {
      metric: 'ontime',
      label: 'Commitments done on time',
      value: valueOf('ontime', cur),
      shown: shownOf('ontime', cur),
      previous: before('ontime'),
      higherIsBetter: true,
      how: `of the commitments whose date fell in ${span} (dropped ones aside), and the executions of decisions in force dated in it, the share marked done by the end of that day.`,
      records: cur.ontime.total,
    },
    {
      metric: 'slips',
      label: 'Slips',
      value: cur.slips,
      shown: shownOf('slips', cur),
      previous: before('slips'),
      higherIsBetter: false,
      how: `times a commitment's or a decision's execution date was moved later in ${span} (a first date, or a date brought forward, is not a slip).`,
      records: cur.slips,
    },
    {
      metric: 'blockers',
      label: 'Median time to resolve a blocker',
      value: valueOf('blockers', cur),
      shown: shownOf('blockers', cur),
      previous: before('blockers'),
      higherIsBetter: false,
      how: `the middle value of (resolved − raised) over blockers resolved in ${span}.`,
      records: cur.blockers.length,
    },
    {
      metric: 'disagreements',
      label: 'Disagreements resolved',
      value: dg.resolved,
      shown: shownOf('disagreements', cur),
      previous: dgPrev && (dgPrev.flagged || dgPrev.resolved) ? dgPrev.resolved : null,
      higherIsBetter: true,
      how: `disagreements whose decision was reached in ${span} and stands (withdrawn or reopened ones are not resolved), and those flagged in it.`,
    },
  ];
}

/** The records behind one number, one line each. */
async function records(ctx: Context, metric: Metric, weeks: number): Promise<{ title: string; lines: Line[] }> {
  return await recordsBehind(ctx.db, ctx.team.id, ctx.now, ctx.actorTz, metric, windowOf(ctx, weeks));
}

/** The records behind one number over a window, one line each (at most LIST_ROWS), dates in `tz`. */
export async function recordsBehind(db: Db, teamId: number, now: number, tz: string, metric: Metric, w: Window, members?: Roster): Promise<{ title: string; lines: Line[] }> {
  const r = members ?? await roster(db, teamId);
  switch (metric) {
    case 'checkins':
      return { title: 'Check-ins sent', lines: await responseRecords(db, teamId, w, LIST_ROWS) };
    case 'ontime': {
      const lines: Line[] = (await dueInWindowRecords(db, teamId, w, LIST_ROWS)).map((c) => {
        const verdict = c.status === 'done' ? (c.closedAt! <= c.dueAt! ? '✓ on time' : '✗ late') : '✗ not done';
        return [...commitmentLine(c, r, now), { text: ` — ${verdict}` }];
      });
      for (const d of await executionsDueRecords(db, teamId, w, LIST_ROWS)) {
        const verdict = d.doneAt !== null ? (d.doneAt <= d.dueAt! ? '✓ on time' : '✗ late') : '✗ not done';
        lines.push([...decisionLine(d, r, now), { text: ` — ${verdict}` }]);
      }
      // Up to LIST_ROWS of each kind, so a decision is never hidden behind a long list of commitments.
      return { title: 'Commitments and decisions to carry out that came due', lines };
    }
    case 'slips': {
      const lines = (await slipRecords(db, teamId, w, LIST_ROWS)).map((s) =>
        line(bold(ref('commitment', s.seq)), ' ', s.text, ` — ${r.get(s.ownerId)?.name ?? 'someone'}: `, s.fromDue && s.tz ? formatDay(s.fromDue, now, s.tz) : '?', ' → ', s.toDue && s.tz ? formatDay(s.toDue, now, s.tz) : '?', ` (moved ${formatInstant(s.at, tz)})`),
      );
      for (const s of await executionSlipRecords(db, teamId, w, LIST_ROWS)) {
        lines.push(line(bold(ref('decision', s.seq)), ' ', s.text, ` — ${(s.executorId !== null ? r.get(s.executorId)?.name : undefined) ?? 'someone'}: `, s.fromDue && s.tz ? formatDay(s.fromDue, now, s.tz) : '?', ' → ', s.toDue && s.tz ? formatDay(s.toDue, now, s.tz) : '?', ` (moved ${formatInstant(s.at, tz)})`));
      }
      return { title: 'Slips (dates moved later)', lines };
    }
    case 'blockers':
      return {
        title: 'Blockers resolved',
        lines: (await resolvedBlockerRecords(db, teamId, w, LIST_ROWS)).map((b) => [...blockerLine(b, r, tz), { text: ` — open ${duration(b.resolvedAt! - b.createdAt)}` }]),
      };
    case 'disagreements':
      return { title: 'Disagreements', lines: await disagreementRecords(db, teamId, w, LIST_ROWS, tz) };
    case 'goals':
      return { title: 'Measured goals', lines: await goalTrendLines(db, teamId, now, tz, w.from) };
    case 'pulse':
      // Never one person's answer: the pulse's "records" are each check-in's figure (`report pulse`).
      return { title: 'Pulse', lines: [] };
  }
}

export const reportHandlers: Handlers = {
  async report(ctx, cmd) {
    const weeks = cmd.weeks;
    if (cmd.metric === 'goals') {
      const rec = await records(ctx, 'goals', weeks);
      ctx.reply(
        message([
          header(`${ctx.team.name}: goals over the last ${weeks} week${weeks === 1 ? '' : 's'}`.slice(0, 150)),
          context('How: each measured goal from its value when the period began (or its baseline) through every data point in it; unverified points are marked.'),
          list(rec.lines.slice(0, LIST_ROWS), { title: rec.title, total: rec.lines.length, empty: 'No goal has a measure yet.' }),
        ]),
      );
      return;
    }
    if (cmd.metric === 'pulse') {
      ctx.reply(await pulseReport(ctx, weeks));
      return;
    }
    if (cmd.metric) {
      const f = (await figures(ctx, weeks)).find((x) => x.metric === cmd.metric)!;
      const rec = await records(ctx, cmd.metric, weeks);
      ctx.reply(
        message([
          header(`${f.label}: ${f.shown}`.slice(0, 150)),
          context(`How: ${f.how}`),
          list(rec.lines, { title: rec.title, empty: 'No records in this period.', total: Math.max(rec.lines.length, f.records ?? 0) }),
        ]),
      );
      return;
    }
    const all = await figures(ctx, weeks);
    const blocks: Block[] = [header(`${ctx.team.name} — the last ${weeks} week${weeks === 1 ? '' : 's'}`.slice(0, 150))];
    for (const f of all) {
      blocks.push(section(line(bold(`${f.label}: `), f.shown, trend(f))), context(`How: ${f.how}`));
    }
    const pulse = await pulseReportLine(ctx, weeks);
    if (pulse) blocks.push(section(pulse), context(`How: the average of the latest check-in's 1–5 pulse answers, from ${PULSE_MIN} answers up; one person's answer is never shown.`));
    // Goals since the last recap (the last meeting's summary), else over the report's window.
    const since = ctx.team.lastRecapAt !== null ? ctx.team.lastRecapAt + 1 : windowOf(ctx, weeks).from;
    const goals = await goalProgressLines(ctx, since);
    if (goals.length) blocks.push(list(goals.slice(0, LIST_ROWS), { title: `Goals since ${formatInstant(since, ctx.actorTz)}`, total: goals.length }));
    const buttons = all.map((f) => button(`Records: ${SHORT[f.metric]}`, 'command', `report ${f.metric} weeks ${weeks}`));
    if (goals.length) buttons.push(button('Goals: trend', 'command', `report goals weeks ${weeks}`));
    if (pulse) buttons.push(button('Pulse: by check-in', 'command', `report pulse weeks ${weeks}`));
    blocks.push(actions(...buttons));
    ctx.reply(message(blocks));
  },
};

function plus(a: { total: number; onTime: number }, b: { total: number; onTime: number }): { total: number; onTime: number } {
  return { total: a.total + b.total, onTime: a.onTime + b.onTime };
}
