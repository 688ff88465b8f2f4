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
import type { Agreements } from '../team/agreements.js';
import { isLead } from '../team/permissions.js';

/** Active leads of a team, the earliest to join first. */
async function leadsInOrder(db: Db, teamId: number): Promise<MemberRow[]> {
  return (await listMembers(db, teamId))
    .filter((m) => isLead(m.roles))
    .sort((a, b) => a.id - b.id);
}

/** A named person (user id in the agreements) who is an active member and not a party. */
async function named(db: Db, teamId: number, userId: string, parties: number[]): Promise<MemberRow | undefined> {
  if (userId === 'lead') return undefined;
  return (await listMembers(db, teamId)).find((m) => (m.userId === userId || m.altId === userId) && !parties.includes(m.id));
}

async function firstNeutralLead(db: Db, teamId: number, parties: number[]): Promise<MemberRow | undefined> {
  return (await leadsInOrder(db, teamId)).find((m) => !parties.includes(m.id));
}

/** Who facilitates a new disagreement between `parties`, or null when nobody neutral can. */
export async function pickFacilitator(db: Db, teamId: number, a: Agreements, parties: number[]): Promise<MemberRow | null> {
  return await named(db, teamId, a.facilitator, parties) ?? await firstNeutralLead(db, teamId, parties) ?? await named(db, teamId, a.escalation, parties) ?? null;
}

/**
 * Who a stalled step goes to: never a party, and never someone the step waits on (with default
 * agreements the lead both facilitates and is the escalation contact, so a stalled common ground
 * would otherwise "escalate" to the person who stalled it). Null when nobody else neutral is left.
 */
export async function escalationTarget(db: Db, teamId: number, a: Agreements, parties: number[], facilitatorId: number, waiting: number[] = []): Promise<MemberRow | null> {
  const facilitator = await getMember(db, facilitatorId);
  const excluded = [...parties, ...waiting];
  return await named(db, teamId, a.escalation, excluded) ?? await firstNeutralLead(db, teamId, excluded) ?? (facilitator?.status === 'active' && !waiting.includes(facilitator.id) ? facilitator : null);
}

/** A neutral member to take over when the facilitator leaves, or null. */
export async function replacementFacilitator(db: Db, teamId: number, a: Agreements, parties: number[], leaving: number): Promise<MemberRow | null> {
  const excluded = [...parties, leaving];
  return await named(db, teamId, a.facilitator, excluded) ?? await firstNeutralLead(db, teamId, excluded) ?? await named(db, teamId, a.escalation, excluded) ?? null;
}
