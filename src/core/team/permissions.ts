// Who may do what, as one table. Checked by the core for every command, whatever the surface.
import type { CommandName } from '../language/commands.js';

/**
 * anyone: no team needed. member: any member of the team. lead: a lead of the team.
 * owner-or-lead: the record's owner (or, for blockers, who raised it or was named to unblock
 * it) or a lead; the handler checks the owner part, since it needs the record.
 */
export type Rule = 'anyone' | 'member' | 'lead' | 'owner-or-lead';

export const PERMISSIONS: Record<CommandName, Rule> = {
  help: 'anyone',
  setup: 'anyone',
  mine: 'anyone',
  members: 'member',
  'members.add': 'lead',
  'members.remove': 'lead',
  role: 'lead',
  // A member's goal becomes a proposal under the team's decide-rule; until then a lead adds it.
  goal: 'lead',
  goals: 'member',
  'goal.show': 'member',
  // A lead or the goal's owner: the handler checks the owner part.
  'goal.edit': 'owner-or-lead',
  'goal.close': 'owner-or-lead',
  'goal.drop': 'owner-or-lead',
  progress: 'member',
  edit: 'owner-or-lead',
  reassign: 'owner-or-lead',
  withdraw: 'owner-or-lead',
  update: 'member',
  commit: 'member',
  done: 'owner-or-lead',
  move: 'owner-or-lead',
  drop: 'owner-or-lead',
  list: 'member',
  blocker: 'member',
  resolve: 'owner-or-lead',
  decide: 'member',
  // The decision's own rules (a lead, the proposer, the executor) are checked by its handlers.
  agree: 'member',
  object: 'member',
  retract: 'member',
  'done.decision': 'member',
  'move.decision': 'member',
  disagree: 'member',
  checkin: 'member',
  'checkin.now': 'lead',
  'checkin.schedule': 'lead',
  'checkin.off': 'lead',
  'checkin.skip': 'member',
  'checkin.away': 'member',
  'checkin.back': 'member',
  nudges: 'member',
  quiet: 'member',
  'quiet.set': 'lead',
  'checkin.questions': 'member',
  'checkin.question.add': 'lead',
  'checkin.question.drop': 'lead',
  'checkin.question.move': 'lead',
  'checkin.edit': 'member',
  'checkin.pulse': 'lead',
  meeting: 'member',
  'meeting.schedule': 'lead',
  'meeting.off': 'lead',
  'agenda.add': 'member',
  // Its author or a lead: the handler checks the author part.
  'agenda.drop': 'owner-or-lead',
  'agenda.done': 'member',
  recap: 'member',
  calendar: 'member',
  'calendar.off': 'lead',
  'calendar.on': 'lead',
  'calendar.workweek': 'lead',
  report: 'member',
  broadcast: 'lead',
  'broadcast.show': 'member',
  'broadcast.each': 'lead',
  'broadcast.bulletin': 'lead',
  agreements: 'member',
  'agreements.set': 'lead',
  export: 'lead',
  dashboard: 'member',
  // `revoke all` is a lead's; the handler checks that part.
  'dashboard.revoke': 'member',
};

export function isLead(roles: readonly string[]): boolean {
  return roles.includes('lead');
}
