// Members: joining (by setup, by a lead, by being in the channel), leaving, and the roster.
import type { Db } from '../../db/client.js';
import { type MemberRow, findMember, insertMember, listMembers, updateMember } from '../../db/members.js';
import { revokePageTokens } from '../../db/pagetokens.js';
import type { Roster } from '../records/lines.js';
import type { Person } from '../ports.js';

/**
 * The person as an active member of the team: added if new, brought back if they had left.
 * A person a lead removed is brought back only when `readmit` is set (a lead adding them).
 */
export async function admit(db: Db, teamId: number, person: Person, now: number, opts: { readmit?: boolean; roles?: string[] } = {}): Promise<MemberRow | null> {
  const found = await findMember(db, teamId, person.userId) ?? (person.altId ? await findMember(db, teamId, person.altId) : undefined);
  if (!found) {
    return await insertMember(db, {
      teamId,
      userId: person.userId,
      altId: person.altId ?? null,
      name: person.name,
      tz: person.tz ?? null,
      roles: opts.roles ?? [],
      joinedAt: now,
    });
  }
  const patch: Parameters<typeof updateMember>[2] = {};
  if (person.name && person.name !== found.userId && person.name !== found.name) patch.name = person.name;
  if (person.tz && person.tz !== found.tz) patch.tz = person.tz;
  if (person.altId && person.altId !== found.altId) patch.altId = person.altId;
  if (found.status !== 'active') {
    if (found.status === 'removed' && !opts.readmit) return null;
    patch.status = 'active';
    patch.leftAt = null;
  }
  if (Object.keys(patch).length > 0) await updateMember(db, found.id, patch);
  return { ...found, ...patch };
}

/** Marks a member as gone (left the channel, or removed by a lead); their records stay. */
export async function release(db: Db, member: MemberRow, status: 'left' | 'removed', now: number): Promise<void> {
  await updateMember(db, member.id, { status, leftAt: now });
  // Their links to the team's page end for good: coming back later does not revive them.
  await revokePageTokens(db, member.teamId, member.id, now);
}

/** Every member the team ever had, active or not, by id: names for old records. */
export async function roster(db: Db, teamId: number): Promise<Roster> {
  return new Map((await listMembers(db, teamId, { all: true })).map((m) => [m.id, m]));
}

export async function leads(db: Db, teamId: number): Promise<MemberRow[]> {
  return (await listMembers(db, teamId)).filter((m) => m.roles.includes('lead'));
}
