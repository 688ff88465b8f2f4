// Finding the records and people a command names, with the friendly refusal when they are not
// there. An id from another team is simply not found: ids are per team.
import { findMember } from '../../db/members.js';
import type { MemberRow } from '../../db/members.js';
import { type Context, type Refusal, refuse } from '../context.js';

/** A mentioned person who must be an active member of the team. */
export async function memberNamed(ctx: Context, userId: string, role: string): Promise<MemberRow | Refusal> {
  const m = await findMember(ctx.db, ctx.team.id, userId);
  if (m && m.status === 'active') return m;
  const name = ctx.people.get(userId)?.name ?? userId;
  return refuse(`${name} is not a member of ${ctx.team.name}, so they can't be the ${role}. A lead can add them first.`, `members add @${name}`, 'members');
}

/** A record by short id in this team, or a refusal that says where to look. */
export function found<T>(row: T | undefined, id: string, listHint: string): T | Refusal {
  return row ?? refuse(`There is no ${id} in this team.`, listHint, 'list');
}

/** The owner (or raiser / unblocker) or a lead may change a record. */
export function ownerOrLead(ctx: Context, ownerIds: (number | null)[], what: string): Refusal | null {
  if (ownerIds.includes(ctx.actor.id) || ctx.actor.roles.includes('lead')) return null;
  return refuse(`Only ${what} or a lead can do that.`, 'mine', 'mine');
}
