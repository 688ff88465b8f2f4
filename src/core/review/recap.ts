// The recap for the next meeting: what moved, decisions, commitments due or overdue, open
// blockers, open disagreements. Since the last recap (or the last 7 days).
import { countBlockers, listBlockers } from '../../db/blockers.js';
import { countCommitments, listCommitments } from '../../db/commitments.js';
import { countDecisions, dueExecutions, listDecisions } from '../../db/decisions.js';
import { updateTeam } from '../../db/teams.js';
import { countUpdates, listUpdates } from '../../db/updates.js';
import type { Context } from '../context.js';
import { DAY, formatInstant } from '../language/dates.js';
import { openDisagreementLines } from '../deescalation/index.js';
import { goalProgressLines } from '../records/goals.js';
import type { Handlers } from '../handlers.js';
import { RECAP_ROWS } from '../language/limits.js';
import { blockerLine, commitmentLine, decisionLine, updateLine } from '../records/lines.js';
import { roster } from '../team/membership.js';
import { type Message, context, divider, header, list, message } from '../message.js';

/** The recap as a message; `since` is where "what moved" starts. */
export async function buildRecap(ctx: Context, since: number): Promise<Message> {
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
    context(`Since ${formatInstant(since, tz)} · ${formatInstant(ctx.now, tz)} (${tz})`),
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

export const recapHandlers: Handlers = {
  async recap(ctx) {
    // Exclusive of the last recap's instant: what it showed is not shown again.
    const since = ctx.team.lastRecapAt !== null ? ctx.team.lastRecapAt + 1 : ctx.now - 7 * DAY;
    const recap = await buildRecap(ctx, since);
    await updateTeam(ctx.db, ctx.team.id, { lastRecapAt: ctx.now });
    await ctx.audit('recap.post');
    ctx.announce(recap, { summary: `Recap of ${ctx.team.name}` });
  },
};
