// Reading the team's records: `mine` (privately, across my teams) and `list`.
import { countBlockers, listBlockers, openBlockersOfMembers } from '../../db/blockers.js';
import { countCommitments, listCommitments, openCommitmentsOfMembers } from '../../db/commitments.js';
import { countDecisions, listDecisions, openExecutionsOfMembers } from '../../db/decisions.js';
import { listGoals } from '../../db/goals.js';
import { listMembers, outsideRows } from '../../db/members.js';
import { teamsOfUser } from '../../db/teams.js';
import { countUpdates, listUpdates } from '../../db/updates.js';
import type { ListKind } from '../language/commands.js';
import { checkinHistory } from '../checkins/index.js';
import type { Context } from '../context.js';
import type { Handlers } from '../handlers.js';
import { LIST_ROWS } from '../language/limits.js';
import { goalSummary } from '../records/goals.js';
import { blockerLine, commitmentLine, decisionLine, updateLine } from '../records/lines.js';
import { roster } from '../team/membership.js';
import { agendaListBlock, meetingsListBlock } from '../meeting/lists.js';
import { type Block, type Line, code, context, header, line, list, message } from '../message.js';

async function listBlock(ctx: Context, kind: ListKind, scope: 'open' | 'all'): Promise<Block> {
  const r = await roster(ctx.db, ctx.team.id);
  const tz = ctx.actorTz;
  switch (kind) {
    case 'commitments': {
      const f = scope === 'open' ? { status: 'open' as const } : {};
      const rows = await listCommitments(ctx.db, ctx.team.id, { ...f, limit: LIST_ROWS });
      return list(rows.map((c) => commitmentLine(c, r, ctx.now)), {
        title: scope === 'open' ? 'Open commitments' : 'All commitments',
        total: await countCommitments(ctx.db, ctx.team.id, f),
        empty: 'None.',
      });
    }
    case 'blockers': {
      const f = scope === 'open' ? { status: 'open' as const } : {};
      const rows = await listBlockers(ctx.db, ctx.team.id, { ...f, limit: LIST_ROWS });
      return list(rows.map((b) => blockerLine(b, r, tz)), {
        title: scope === 'open' ? 'Open blockers' : 'All blockers',
        total: await countBlockers(ctx.db, ctx.team.id, f),
        empty: 'None.',
      });
    }
    case 'decisions': {
      const rows = await listDecisions(ctx.db, ctx.team.id, { limit: LIST_ROWS });
      return list(rows.map((d) => decisionLine(d, r, ctx.now)), { title: 'Decisions', total: await countDecisions(ctx.db, ctx.team.id), empty: 'None yet.' });
    }
    case 'updates': {
      const rows = await listUpdates(ctx.db, ctx.team.id, { limit: LIST_ROWS });
      return list(rows.map((u) => updateLine(u, r, tz)), { title: 'Updates', total: await countUpdates(ctx.db, ctx.team.id), empty: 'None yet.' });
    }
    case 'goals': {
      // Open goals, or every goal (achieved and dropped too) with `all`.
      const rows = await listGoals(ctx.db, ctx.team.id, scope === 'open' ? { status: 'open' } : {});
      const lines = [];
      for (const g of rows) lines.push(await goalSummary(ctx, g, r));
      return list(lines, { title: scope === 'open' ? 'Goals' : 'All goals', empty: 'None yet.' });
    }
    case 'checkins':
      // Shown by checkinHistory (several blocks); never reached with one block.
      return list([], { title: 'Check-ins', empty: 'None yet.' });
    case 'agenda':
      return await agendaListBlock(ctx.db, ctx.team.id, scope, LIST_ROWS);
    case 'meetings':
      return await meetingsListBlock(ctx.db, ctx.team.id, tz, LIST_ROWS);
  }
}

export const browseHandlers: Handlers = {
  async list(ctx, cmd) {
    const kinds: ListKind[] = cmd.kind ? [cmd.kind] : ['commitments', 'blockers'];
    const blocks: Block[] = [header(`${ctx.team.name}`.slice(0, 150))];
    for (const k of kinds) blocks.push(...(k === 'checkins' ? await checkinHistory(ctx, cmd.scope === 'all' ? 6 : 2) : [await listBlock(ctx, k, cmd.scope)]));
    if (!cmd.kind) blocks.push(context('More: ', code(`${ctx.prefix}list decisions`), ' · ', code(`${ctx.prefix}list updates`), ' · ', code(`${ctx.prefix}list commitments all`)));
    else if (cmd.scope === 'open' && (cmd.kind === 'commitments' || cmd.kind === 'blockers')) blocks.push(context('Closed ones too: ', code(`${ctx.prefix}list ${cmd.kind} all`)));
    ctx.reply(message(blocks));
  },

  /** Open commitments and blockers of the caller, across their teams in this workspace. */
  async mine(ctx) {
    const teams = await teamsOfUser(ctx.db, ctx.workspace.id, ctx.inv.actor.userId);
    // Someone outside every team may still carry out a team's decision: that, and nothing else.
    const outside = await executionsOutside(ctx);
    if (teams.length === 0 && outside.length > 0) {
      ctx.reply(message([header('Yours'), list(outside, { title: 'Decisions you carry out', empty: 'None.' })]));
      return;
    }
    if (teams.length === 0) {
      ctx.reply(message([context("You aren't in a Baton team here yet. In your team's channel: ", code(`${ctx.prefix}setup`))]));
      return;
    }
    const blocks: Block[] = [header('Yours')];
    for (const team of teams) {
      const me = (await listMembers(ctx.db, team.id)).find((m) => m.userId === ctx.inv.actor.userId || m.altId === ctx.inv.actor.userId);
      if (!me) continue;
      const r = await roster(ctx.db, team.id);
      const label = teams.length > 1 ? ` — ${team.name}` : '';
      const commitments = await openCommitmentsOfMembers(ctx.db, [me.id]);
      const blockers = await openBlockersOfMembers(ctx.db, [me.id]);
      blocks.push(list(commitments.slice(0, LIST_ROWS).map((c) => commitmentLine(c, r, ctx.now, { owner: false })), { title: `Open commitments${label}`, total: commitments.length, empty: 'None.' }));
      blocks.push(list(blockers.slice(0, LIST_ROWS).map((b) => blockerLine(b, r, ctx.tz(me))), { title: `Blockers you raised or can unblock${label}`, total: blockers.length, empty: 'None.' }));
      const executions = await openExecutionsOfMembers(ctx.db, [me.id]);
      if (executions.length > 0) {
        blocks.push(list(executions.slice(0, LIST_ROWS).map((d) => decisionLine(d, r, ctx.now)), { title: `Decisions you carry out${label}`, total: executions.length }));
      }
    }
    if (outside.length > 0) blocks.push(list(outside, { title: 'Decisions you carry out for other teams' }));
    ctx.reply(message(blocks));
  },
};

/** Open executions of decisions of teams the caller is not a member of (named their executor). */
async function executionsOutside(ctx: Context): Promise<Line[]> {
  const out: Line[] = [];
  for (const row of await outsideRows(ctx.db, ctx.workspace.id, ctx.inv.actor.userId)) {
    const r = await roster(ctx.db, row.teamId);
    for (const d of await openExecutionsOfMembers(ctx.db, [row.id])) out.push(line(`${row.teamName}: `, ...decisionLine(d, r, ctx.now)));
  }
  return out;
}
