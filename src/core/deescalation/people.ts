// Who facilitates a disagreement and who a stalled step goes to, from the team's agreements.
//
// facilitator 'lead'  → the first lead (earliest to join) who is not a party; when every lead is
//                       a party, the named escalation contact if they are not a party; else none.
// facilitator @x      → x, unless x is a party or no longer in the team: then as for 'lead'.
// escalation 'lead'   → the first lead who is not a party; else the facilitator.
// escalation @y       → y, unless y is a party or no longer in the team: then as for 'lead'.
//                       Never someone the stalled step waits on (then: nobody, and the
//                       facilitator it waits on is reminded instead).
import type { Db } from '../../db/client.js';
import { type MemberRow, getMember, listMembers } from '../../db/members.js';
import type { Agreements } from '../agreements.js';
import { isLead } from '../permissions.js';

/** Active leads of a team, the earliest to join first. */
function leadsInOrder(db: Db, teamId: number): MemberRow[] {
  return listMembers(db, teamId)
    .filter((m) => isLead(m.roles))
    .sort((a, b) => a.id - b.id);
}

/** A named person (user id in the agreements) who is an active member and not a party. */
function named(db: Db, teamId: number, userId: string, parties: number[]): MemberRow | undefined {
  if (userId === 'lead') return undefined;
  return listMembers(db, teamId).find((m) => (m.userId === userId || m.altId === userId) && !parties.includes(m.id));
}

function firstNeutralLead(db: Db, teamId: number, parties: number[]): MemberRow | undefined {
  return leadsInOrder(db, teamId).find((m) => !parties.includes(m.id));
}

/** Who facilitates a new disagreement between `parties`, or null when nobody neutral can. */
export function pickFacilitator(db: Db, teamId: number, a: Agreements, parties: number[]): MemberRow | null {
  return named(db, teamId, a.facilitator, parties) ?? firstNeutralLead(db, teamId, parties) ?? named(db, teamId, a.escalation, parties) ?? null;
}

/**
 * Who a stalled step goes to: never a party, and never someone the step waits on (with default
 * agreements the lead both facilitates and is the escalation contact, so a stalled common ground
 * would otherwise "escalate" to the person who stalled it). Null when nobody else neutral is left.
 */
export function escalationTarget(db: Db, teamId: number, a: Agreements, parties: number[], facilitatorId: number, waiting: number[] = []): MemberRow | null {
  const facilitator = getMember(db, facilitatorId);
  const excluded = [...parties, ...waiting];
  return named(db, teamId, a.escalation, excluded) ?? firstNeutralLead(db, teamId, excluded) ?? (facilitator?.status === 'active' && !waiting.includes(facilitator.id) ? facilitator : null);
}

/** A neutral member to take over when the facilitator leaves, or null. */
export function replacementFacilitator(db: Db, teamId: number, a: Agreements, parties: number[], leaving: number): MemberRow | null {
  const excluded = [...parties, leaving];
  return named(db, teamId, a.facilitator, excluded) ?? firstNeutralLead(db, teamId, excluded) ?? named(db, teamId, a.escalation, excluded) ?? null;
}
