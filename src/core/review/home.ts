// App Home (and any "my overview" surface): my open commitments, my blockers, my pending
// check-in, and each of my teams' pulse.
import { countBlockers, openBlockersOfMembers } from '../../db/blockers.js';
import { countCommitments, openCommitmentsOfMembers } from '../../db/commitments.js';
import type { Db } from '../../db/client.js';
import { countDecisions, openExecutionsOfMembers } from '../../db/decisions.js';
import { listMembers } from '../../db/members.js';
import { teamsOfUser } from '../../db/teams.js';
import { countUpdates } from '../../db/updates.js';
import { pendingCheckinLines } from '../checkins/index.js';
import { latestPulseLine } from '../checkins/pulse.js';
import { myDisagreementLines } from '../deescalation/index.js';
import { DAY, zoneOr } from '../language/dates.js';
import { LIST_ROWS } from '../language/limits.js';
import { blockerLine, commitmentLine, decisionLine } from '../records/lines.js';
import { roster } from '../team/membership.js';
import { type Block, type Message, actions, bold, button, code, context, divider, fields, header, line, list, message, section } from '../message.js';
import { nextMeetingBlocks } from '../meeting/home.js';

export async function homeView(db: Db, workspaceId: number, userId: string, now: number, defaultTz: string, prefix: string): Promise<Message> {
  const teams = await teamsOfUser(db, workspaceId, userId);
  if (teams.length === 0) {
    return message([
      header('Baton'),
      section(line('Baton keeps a leadership team moving between meetings: updates, commitments, blockers, decisions and a weekly check-in.')),
      context('To start, invite Baton to your team\'s channel and type ', code(`${prefix}setup`), ' there.'),
    ]);
  }
  const blocks: Block[] = [header('Your week in Baton')];
  for (const team of teams) {
    const me = (await listMembers(db, team.id)).find((m) => m.userId === userId || m.altId === userId);
    if (!me) continue;
    const r = await roster(db, team.id);
    const tz = zoneOr(me.tz, defaultTz);
    const commitments = await openCommitmentsOfMembers(db, [me.id]);
    const blockers = await openBlockersOfMembers(db, [me.id]);
    const executions = await openExecutionsOfMembers(db, [me.id]);
    const checkins = await pendingCheckinLines(db, [me.id]);
    const disagreements = await myDisagreementLines(db, team.id, me, tz);
    const weekAgo = now - 7 * DAY;
    const pulse = await latestPulseLine(db, team.id);
    if (teams.length > 1) blocks.push(section(line(bold(team.name))));
    blocks.push(
      list(commitments.slice(0, LIST_ROWS).map((c) => commitmentLine(c, r, now, { owner: false })), { title: 'My open commitments', total: commitments.length, empty: 'None — nice.' }),
      list(blockers.slice(0, LIST_ROWS).map((b) => blockerLine(b, r, tz)), { title: 'Blockers I raised or can unblock', total: blockers.length, empty: 'None.' }),
      ...(executions.length ? [list(executions.slice(0, LIST_ROWS).map((d) => decisionLine(d, r, now)), { title: 'Decisions I carry out', total: executions.length })] : []),
      list(checkins, { title: 'My check-in', empty: 'Nothing waiting.' }),
      ...(disagreements.length ? [list(disagreements, { title: 'Disagreements I am part of (views stay private)' })] : []),
      ...(await nextMeetingBlocks(db, team, now, tz, prefix, LIST_ROWS)),
      fields(
        { label: 'Open commitments', value: line(String(await countCommitments(db, team.id, { status: 'open' }))) },
        { label: 'Overdue', value: line(String(await countCommitments(db, team.id, { status: 'open', dueBefore: now }))) },
        { label: 'Open blockers', value: line(String(await countBlockers(db, team.id, { status: 'open' }))) },
        { label: 'Updates this week', value: line(String(await countUpdates(db, team.id, { since: weekAgo }))) },
        { label: 'Decisions this week', value: line(String(await countDecisions(db, team.id, { since: weekAgo }))) },
      ),
      ...(pulse ? [section(pulse)] : []),
      context(`${team.name}'s pulse · `, code(`${prefix}recap`), ' · ', code(`${prefix}report`), ...(pulse ? [' · ', code(`${prefix}report pulse`)] : [])),
      // A link is issued only when asked for (each is a credential), and comes privately.
      actions(button("Open the team's page", 'dashboard', JSON.stringify({ teamId: team.id }))),
      divider(),
    );
  }
  return message(blocks);
}
