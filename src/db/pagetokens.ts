// Links to the team's page: stored by the sha256 of their token, bound to a team and a member.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from './client.js';
import { members, pageTokens } from './tables.js';
import { first } from './query.js';

export type PageTokenRow = typeof pageTokens.$inferSelect;

export async function insertPageToken(db: Db, values: { hash: string; teamId: number; memberId: number; createdAt: number; expiresAt: number }): Promise<PageTokenRow> {
  return await first(db.insert(pageTokens).values(values).returning());
}

/**
 * The link a hash opens, when it is neither expired nor revoked and the member it was issued to
 * is still in the team; anything else is undefined, alike.
 */
export async function livePageToken(db: Db, hash: string, now: number): Promise<PageTokenRow | undefined> {
  return (await first(db
    .select({ token: pageTokens })
    .from(pageTokens)
    .innerJoin(members, eq(members.id, pageTokens.memberId))
    .where(and(eq(pageTokens.hash, hash), isNull(pageTokens.revokedAt), gt(pageTokens.expiresAt, now), eq(members.status, 'active'), eq(members.teamId, pageTokens.teamId)))))?.token;
}

/** Ends the live links of one member of a team, or (memberId null) of the whole team; how many. */
export async function revokePageTokens(db: Db, teamId: number, memberId: number | null, now: number): Promise<number> {
  const whose = memberId === null ? eq(pageTokens.teamId, teamId) : and(eq(pageTokens.teamId, teamId), eq(pageTokens.memberId, memberId));
  return (await db
    .update(pageTokens)
    .set({ revokedAt: now })
    .where(and(whose, isNull(pageTokens.revokedAt), gt(pageTokens.expiresAt, now)))
    .returning({ id: pageTokens.id })).length;
}
