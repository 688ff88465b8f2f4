// The recap for the next meeting: what moved, decisions, commitments due or overdue, open
// blockers, open disagreements. Since the last meeting when the team has one (the last meeting's
// period), else since the last recap (or the last 7 days); it says which. One with nothing new
// since the last recap asks before it posts, so a second `recap` never posts an empty one.
import { countBlockers, listBlockers } from '../../db/blockers.js';
import { countCommitments, listCommitments } from '../../db/commitments.js';
import { countDecisions, dueExecutions, listDecisions } from '../../db/decisions.js';
import { lastEndedMeeting } from '../../db/meetings.js';
import { recordedBetween } from '../../db/recaps.js';
import { updateTeam } from '../../db/teams.js';
import { countUpdates, listUpdates } from '../../db/updates.js';
import type { Context } from '../context.js';
import { DAY, formatInstant } from '../language/dates.js';
import { openDisagreementLines } from '../deescalation/index.js';
import { goalProgressLines } from '../records/goals.js';
import type { ActionHandler, Handlers } from '../handlers.js';
import { RECAP_ROWS } from '../language/limits.js';
import { blockerLine, commitmentLine, decisionLine, updateLine } from '../records/lines.js';
import { roster } from '../team/membership.js';
import { type Message, actions, bold, context, divider, header, line, list, message, section } from '../message.js';
import { cadenceOf } from '../meeting/run.js';
import { DateTime } from 'luxon';

/** Where a recap starts, and how it says so. */
export interface RecapWindow {
  since: number;
  /** "Since Tuesday's meeting (Nov 3)", "Since the last recap (Nov 23, 15:00)", "The last 7 days". */
  label: string;
}

/**
 * The last meeting's period when the team meets on a schedule and has met; else since the last
 * recap, exclusive of its instant (what it showed is not shown again); else the last 7 days.
 */
export async function recapWindow(ctx: Context): Promise<RecapWindow> {
  const tz = ctx.actorTz;
  if (await cadenceOf(ctx.db, ctx.team.id)) {
    const m = await lastEndedMeeting(ctx.db, ctx.team.id, ctx.now);
    if (m) {
      const day = DateTime.fromISO(m.date, { zone: 'UTC' });
      return { since: m.startsAt, label: `Since ${day.toFormat('cccc', { locale: 'en-US' })}'s meeting (${day.toFormat('LLL d', { locale: 'en-US' })})` };
    }
  }
  if (ctx.team.lastRecapAt !== null) return { since: ctx.team.lastRecapAt + 1, label: `Since the last recap (${formatInstant(ctx.team.lastRecapAt, tz)})` };
  return { since: ctx.now - 7 * DAY, label: 'The last 7 days' };
}

/** The recap as a message; `since` is where "what moved" starts. */
export async function buildRecap(ctx: Context, window: RecapWindow): Promise<Message> {
  const since = window.since;
  const teamId = ctx.team.id;
  const r = await roster(ctx.db, teamId);
  const tz = ctx.actorTz;
  const soon = ctx.now + 7 * DAY;

  const updates = await listUpdates(ctx.db, teamId, { since, limit: RECAP_ROWS });
  const doneRows = await listCommitments(ctx.db, teamId, { status: 'done', closedSince: since, limit: RECAP_ROWS });
  const decisions = await listDecisions(ctx.db, teamId, { since, limit: RECAP_ROWS });
  const due = await listCommitments(ctx.db, teamId, { status: 'open', dueBefore: soon, limit: RECAP_ROWS });
  const blockers = await listBlockers(ctx.db, teamId, { status: 'open', limit: RECAP_ROWS });
  const executions = await dueExecutions(ctx.db, teamId, soon);
  const disagreements = await openDisagreementLines(ctx.db, teamId, ctx.now, tz);
  const goals = await goalProgressLines(ctx, since);

  return message([
    header(`Recap — ${ctx.team.name}`.slice(0, 150)),
    context(`${window.label} · ${formatInstant(since, tz)} to ${formatInstant(ctx.now, tz)} (${tz})`),
    list(updates.map((u) => updateLine(u, r, tz)), { title: 'Updates', total: await countUpdates(ctx.db, teamId, { since }), empty: 'No updates.' }),
    list(doneRows.map((c) => commitmentLine(c, r, ctx.now)), {
      title: 'Commitments done',
      total: await countCommitments(ctx.db, teamId, { status: 'done', closedSince: since }),
      empty: 'None closed.',
    }),
    list(decisions.map((d) => decisionLine(d, r, ctx.now)), { title: 'Decisions', total: await countDecisions(ctx.db, teamId, { since }), empty: 'No decisions.' }),
    divider(),
    list(due.map((c) => commitmentLine(c, r, ctx.now)), {
      title: 'Due in the next 7 days or overdue',
      total: await countCommitments(ctx.db, teamId, { status: 'open', dueBefore: soon }),
      empty: 'Nothing due.',
    }),
    // A decision's execution is tracked like a commitment: its executor owes it by its date.
    ...(executions.length > 0
      ? [list(executions.slice(0, RECAP_ROWS).map((d) => decisionLine(d, r, ctx.now)), { title: 'Decisions to carry out, due in the next 7 days or overdue', total: executions.length })]
      : []),
    list(blockers.map((b) => blockerLine(b, r, tz)), { title: 'Open blockers', total: await countBlockers(ctx.db, teamId, { status: 'open' }), empty: 'No open blockers.' }),
    list(disagreements.slice(0, RECAP_ROWS), { title: 'Open disagreements', total: disagreements.length, empty: 'None.' }),
    ...(goals.length ? [list(goals.slice(0, RECAP_ROWS), { title: 'Goals since then', total: goals.length })] : []),
  ]);
}

export const RECAP_ANYWAY = 'recap.anyway';

/** Posts the recap; unless `anyway`, one with nothing recorded since the last recap asks first. */
async function recap(ctx: Context, anyway: boolean): Promise<void> {
  const window = await recapWindow(ctx);
  const shown = await buildRecap(ctx, window);
  const last = ctx.team.lastRecapAt;
  // New is what no recap showed yet: since the window's start, or the last recap if later.
  const fresh = last !== null ? Math.max(window.since, last + 1) : window.since;
  if (!anyway && !(await recordedBetween(ctx.db, ctx.team.id, fresh, ctx.now + 1))) {
    const nothing = last !== null && last + 1 >= window.since
      ? line('Nothing new was recorded since the last recap (', bold(formatInstant(last, ctx.actorTz)), '), so this is not posted yet. Post it anyway?')
      : line('Nothing was recorded in this period, so this is not posted yet. Post it anyway?');
    ctx.reply(
      message([
        section(nothing),
        ...shown.blocks,
        actions({ label: 'Post anyway', actionId: RECAP_ANYWAY, value: JSON.stringify({ teamId: ctx.team.id, last }) }),
      ]),
    );
    return;
  }
  await updateTeam(ctx.db, ctx.team.id, { lastRecapAt: ctx.now });
  await ctx.audit('recap.post');
  ctx.announce(shown, { summary: `Recap of ${ctx.team.name}` });
}

export const recapHandlers: Handlers = {
  async recap(ctx) {
    await recap(ctx, false);
  },
};

/**
 * "Post anyway", under a recap that had nothing new. Pressed again (or after someone else posted
 * one), the recap it answered is no longer the last: it looks again, and asks again if still nothing is new.
 */
const postAnyway: ActionHandler = async (ctx, value) => {
  let asked: unknown;
  try {
    asked = (JSON.parse(value) as { last?: unknown }).last;
  } catch {
    asked = undefined;
  }
  await recap(ctx, asked === ctx.team.lastRecapAt);
};

export const recapCommandActions: Record<string, ActionHandler> = { [RECAP_ANYWAY]: postAnyway };
