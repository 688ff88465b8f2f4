// The team's numbers, each with its trend, how it is computed, and the records behind it.
import { dueInWindow, dueInWindowRecords, resolutionTimes, resolvedBlockerRecords, slipRecords, slipsInWindow, type Window } from '../db/insights.js';
import { responseRate, responseRecords } from './checkins/index.js';
import type { Metric } from './commands.js';
import type { Context } from './context.js';
import { DAY, HOUR, formatDay, formatInstant } from './dates.js';
import { disagreementCounts, disagreementRecords } from './deescalation/index.js';
import type { Handlers } from './handlers.js';
import { LIST_ROWS } from './limits.js';
import { blockerLine, commitmentLine, ref } from './lines.js';
import { roster } from './membership.js';
import { type Block, type Line, actions, bold, button, context, header, line, list, message, section } from './message.js';

const WEEK = 7 * DAY;
const SHORT: Record<Metric, string> = { checkins: 'check-ins', ontime: 'on time', slips: 'slips', blockers: 'blockers', disagreements: 'disagreements' };

interface Figure {
  metric: Metric;
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

function duration(ms: number): string {
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
function windowOf(ctx: Context, weeks: number): Window {
  return { from: ctx.now + 1 - weeks * WEEK, to: ctx.now + 1 };
}

/** Every number for one window, with the window before it for the trend. */
export async function figures(ctx: Context, weeks: number): Promise<Figure[]> {
  const teamId = ctx.team.id;
  const now = windowOf(ctx, weeks);
  const before: Window = { from: now.from - weeks * WEEK, to: now.from };
  const span = `the last ${weeks} week${weeks === 1 ? '' : 's'}`;

  const ci = await responseRate(ctx.db, teamId, now);
  const ciPrev = await responseRate(ctx.db, teamId, before);
  const ot = await dueInWindow(ctx.db, teamId, now);
  const otPrev = await dueInWindow(ctx.db, teamId, before);
  const slips = await slipsInWindow(ctx.db, teamId, now);
  const slipsPrev = await slipsInWindow(ctx.db, teamId, before);
  const times = await resolutionTimes(ctx.db, teamId, now);
  const mTimes = median(times);
  const mPrev = median(await resolutionTimes(ctx.db, teamId, before));
  const dg = await disagreementCounts(ctx.db, teamId, now);
  const dgPrev = await disagreementCounts(ctx.db, teamId, before);

  return [
    {
      metric: 'checkins',
      label: 'Check-in response rate',
      value: pct(ci.answered, ci.sent),
      shown: ci.sent ? `${pct(ci.answered, ci.sent)}% (${ci.answered} of ${ci.sent})` : 'no check-ins sent',
      previous: pct(ciPrev.answered, ciPrev.sent),
      higherIsBetter: true,
      how: `check-ins answered ÷ check-ins sent in ${span}.`,
    },
    {
      metric: 'ontime',
      label: 'Commitments done on time',
      value: pct(ot.onTime, ot.total),
      shown: ot.total ? `${pct(ot.onTime, ot.total)}% (${ot.onTime} of ${ot.total})` : 'none came due',
      previous: pct(otPrev.onTime, otPrev.total),
      higherIsBetter: true,
      how: `of the commitments whose date fell in ${span} (dropped ones aside), the share marked done by the end of that day.`,
      records: ot.total,
    },
    {
      metric: 'slips',
      label: 'Slips',
      value: slips,
      shown: String(slips),
      previous: slipsPrev,
      higherIsBetter: false,
      how: `times a commitment's date was moved later in ${span} (a first date, or a date brought forward, is not a slip).`,
      records: slips,
    },
    {
      metric: 'blockers',
      label: 'Median time to resolve a blocker',
      value: mTimes,
      shown: mTimes === null ? 'none resolved' : `${duration(mTimes)} (${times.length} resolved)`,
      previous: mPrev,
      higherIsBetter: false,
      how: `the middle value of (resolved − raised) over blockers resolved in ${span}.`,
      records: times.length,
    },
    {
      metric: 'disagreements',
      label: 'Disagreements resolved',
      value: dg.resolved,
      shown: dg.flagged || dg.resolved ? `${dg.resolved} resolved · ${dg.flagged} flagged` : 'none',
      previous: dgPrev.flagged || dgPrev.resolved ? dgPrev.resolved : null,
      higherIsBetter: true,
      how: `disagreements whose decision was reached in ${span} and stands (withdrawn or reopened ones are not resolved), and those flagged in it.`,
    },
  ];
}

/** The records behind one number, one line each. */
async function records(ctx: Context, metric: Metric, weeks: number): Promise<{ title: string; lines: Line[] }> {
  const w = windowOf(ctx, weeks);
  const r = await roster(ctx.db, ctx.team.id);
  const tz = ctx.actorTz;
  switch (metric) {
    case 'checkins':
      return { title: 'Check-ins sent', lines: await responseRecords(ctx.db, ctx.team.id, w, LIST_ROWS) };
    case 'ontime':
      return {
        title: 'Commitments that came due',
        lines: (await dueInWindowRecords(ctx.db, ctx.team.id, w, LIST_ROWS)).map((c) => {
          const verdict = c.status === 'done' ? (c.closedAt! <= c.dueAt! ? '✓ on time' : '✗ late') : '✗ not done';
          return [...commitmentLine(c, r, ctx.now), { text: ` — ${verdict}` }];
        }),
      };
    case 'slips':
      return {
        title: 'Slips (dates moved later)',
        lines: (await slipRecords(ctx.db, ctx.team.id, w, LIST_ROWS)).map((s) =>
          line(bold(ref('commitment', s.seq)), ' ', s.text, ` — ${r.get(s.ownerId)?.name ?? 'someone'}: `, s.fromDue && s.tz ? formatDay(s.fromDue, ctx.now, s.tz) : '?', ' → ', s.toDue && s.tz ? formatDay(s.toDue, ctx.now, s.tz) : '?', ` (moved ${formatInstant(s.at, tz)})`),
        ),
      };
    case 'blockers':
      return {
        title: 'Blockers resolved',
        lines: (await resolvedBlockerRecords(ctx.db, ctx.team.id, w, LIST_ROWS)).map((b) => [...blockerLine(b, r, tz), { text: ` — open ${duration(b.resolvedAt! - b.createdAt)}` }]),
      };
    case 'disagreements':
      return { title: 'Disagreements', lines: await disagreementRecords(ctx.db, ctx.team.id, w, LIST_ROWS, tz) };
  }
}

export const reportHandlers: Handlers = {
  async report(ctx, cmd) {
    const weeks = cmd.weeks;
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
    blocks.push(actions(...all.map((f) => button(`Records: ${SHORT[f.metric]}`, 'command', `report ${f.metric} weeks ${weeks}`))));
    ctx.reply(message(blocks));
  },
};
