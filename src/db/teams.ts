// Teams (each bound to one channel) and their per-team short-id counters.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Db, prepared } from './client.js';
import { counters, members, teams } from './tables.js';
import { first } from './query.js';

export type TeamRow = typeof teams.$inferSelect;

export async function findTeamByChannel(db: Db, workspaceId: number, channelId: string): Promise<TeamRow | undefined> {
  return await prepared(db, 'teams.byChannel', (c) =>
    c
      .select()
      .from(teams)
      .where(and(eq(teams.workspaceId, sql.placeholder('workspaceId')), eq(teams.channelId, sql.placeholder('channelId'))))
      .prepare(),
  ).get({ workspaceId, channelId });
}

export async function getTeam(db: Db, id: number): Promise<TeamRow | undefined> {
  return await prepared(db, 'teams.get', (c) => c.select().from(teams).where(eq(teams.id, sql.placeholder('id'))).prepare()).get({ id });
}

/** Teams of a workspace in which this person is an active member. */
export async function teamsOfUser(db: Db, workspaceId: number, userId: string): Promise<TeamRow[]> {
  const mine = db
    .select({ id: members.teamId })
    .from(members)
    .where(and(eq(members.userId, userId), eq(members.status, 'active')));
  return await db
    .select()
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, mine)));
}

export async function allTeams(db: Db): Promise<TeamRow[]> {
  return await db.select().from(teams);
}

export async function insertTeam(
  db: Db,
  values: { workspaceId: number; channelId: string; name: string; createdAt: number; createdBy: string; agreements: Record<string, unknown> },
): Promise<TeamRow> {
  return await first(db.insert(teams).values(values).returning());
}

export async function updateTeam(
  db: Db,
  id: number,
  patch: Partial<Pick<TeamRow, 'name' | 'broadcastChannelId' | 'agreements' | 'lastRecapAt'>>,
): Promise<void> {
  await db.update(teams).set(patch).where(eq(teams.id, id));
}

/**
 * The next short number of a kind in a team (C-1, C-2, …). An upsert in the caller's
 * transaction: two commands racing for a number serialize on the write lock.
 */
export async function nextSeq(db: Db, teamId: number, kind: string): Promise<number> {
  const row = await prepared(db, 'counters.next', (c) =>
    c
      .insert(counters)
      .values({ teamId: sql.placeholder('teamId'), kind: sql.placeholder('kind'), last: 1 })
      .onConflictDoUpdate({ target: [counters.teamId, counters.kind], set: { last: sql`${counters.last} + 1` } })
      .returning({ last: counters.last })
      .prepare(),
  ).get({ teamId, kind });
  return row!.last;
}
