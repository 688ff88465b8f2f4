// Members of a team: who they are on the platform, their roles and whether they are still in.
import { and, asc, eq, ne, or, sql } from 'drizzle-orm';
import { type Db, prepared } from './client.js';
import { members, teams } from './tables.js';
import { first } from './query.js';
import { ignoringCase } from './dialect.js';

export type MemberRow = typeof members.$inferSelect;

export async function findMember(db: Db, teamId: number, userId: string): Promise<MemberRow | undefined> {
  return await prepared(db, 'members.find', (c) =>
    c
      .select()
      .from(members)
      .where(and(eq(members.teamId, sql.placeholder('teamId')), or(eq(members.userId, sql.placeholder('userId')), eq(members.altId, sql.placeholder('userId')))))
      .orderBy(sql`${members.userId} = ${sql.placeholder('userId')} desc`)
      .prepare(),
  ).get({ teamId, userId });
}

export async function getMember(db: Db, id: number): Promise<MemberRow | undefined> {
  return await first(db.select().from(members).where(eq(members.id, id)));
}

/** Members of a team, active ones only unless `all`. */
export async function listMembers(db: Db, teamId: number, opts: { all?: boolean } = {}): Promise<MemberRow[]> {
  const where = opts.all ? eq(members.teamId, teamId) : and(eq(members.teamId, teamId), eq(members.status, 'active'));
  return await db.select().from(members).where(where).orderBy(ignoringCase(db, members.name), asc(members.id));
}

export async function insertMember(
  db: Db,
  values: { teamId: number; userId: string; altId?: string | null; name: string; tz?: string | null; roles?: string[]; joinedAt: number },
): Promise<MemberRow> {
  return await first(db.insert(members).values(values).returning());
}

export async function updateMember(
  db: Db,
  id: number,
  patch: Partial<Pick<MemberRow, 'name' | 'tz' | 'altId' | 'roles' | 'status' | 'leftAt' | 'joinedAt'>>,
): Promise<void> {
  await db.update(members).set(patch).where(eq(members.id, id));
}

/**
 * The name and zone a person last had in any team of a workspace (the latest row), when the
 * platform cannot be asked: what Baton already knows stands in for a lookup.
 */
export async function knownPerson(db: Db, workspaceId: number, userId: string): Promise<{ name: string; tz: string | null } | undefined> {
  return await prepared(db, 'members.known', (c) =>
    c
      .select({ name: members.name, tz: members.tz })
      .from(members)
      .innerJoin(teams, eq(teams.id, members.teamId))
      .where(and(eq(teams.workspaceId, sql.placeholder('workspaceId')), eq(members.userId, sql.placeholder('userId'))))
      .orderBy(sql`${members.id} desc`)
      .limit(1)
      .prepare(),
  ).get({ workspaceId, userId });
}

/**
 * The person's rows in teams of a workspace where they are not an active member (an executor
 * named from outside, or someone who left): what they may still carry out there.
 */
export async function outsideRows(db: Db, workspaceId: number, userId: string): Promise<(MemberRow & { teamName: string })[]> {
  return (await db
    .select({ m: members, teamName: teams.name })
    .from(members)
    .innerJoin(teams, eq(teams.id, members.teamId))
    .where(and(eq(teams.workspaceId, workspaceId), or(eq(members.userId, userId), eq(members.altId, userId)), ne(members.status, 'active')))
    .orderBy(asc(members.id)))
    .map((r) => ({ ...r.m, teamName: r.teamName }));
}
