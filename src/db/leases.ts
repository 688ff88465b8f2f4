// Leases, on either engine (shared/SCALE.md): which instance works a request or a job, and which
// sends a workspace's messages, until when. An instance that dies stops renewing; what it held
// is taken over when its lease runs out, never while it is live.
//
// One sender per workspace: pacing, 429 pauses and per-destination order are kept in the
// sender's memory, so they stay exact only while one instance at a time sends a workspace's
// messages.
import { eq, lte, or } from 'drizzle-orm';
import type { Db } from './client.js';
import { isPostgres } from './dialect.js';
import { type InboxRow, claimPendingInbox } from './inbox.js';
import { type JobRow, claimDueJobs } from './jobs.js';
import { workspaceLeases } from './tables.js';

/**
 * Takes up to `limit` pending requests nobody holds (or whose holder's lease ran out) for `owner`
 * until `now + leaseMs`, oldest first. On PostgreSQL with `FOR UPDATE SKIP LOCKED`: instances
 * claiming at once pass over each other's rows instead of waiting for them and then finding them
 * taken. SQLite has one writer, so its conditional update never races.
 */
/** Postgres's claims, loaded with the first one: a process on SQLite never needs them (nor pg-core). */
let pgClaims: Promise<typeof import('./pg/claims.js')> | undefined;
async function claimDue(...args: Parameters<typeof import('./pg/claims.js').claimDue>): Promise<unknown[]> {
  pgClaims ??= import('./pg/claims.js');
  return (await pgClaims).claimDue(...args);
}

export async function claimRequests(db: Db, owner: string, now: number, leaseMs: number, limit: number): Promise<InboxRow[]> {
  // The rows come back in Postgres's types, which schema.pg.ts keeps the same as SQLite's.
  return isPostgres(db) ? ((await claimDue(db, 'inbox', owner, now, leaseMs, limit)) as unknown as InboxRow[]) : claimPendingInbox(db, owner, now, leaseMs, limit);
}

/** The same for due jobs, oldest due first. */
export async function claimJobs(db: Db, owner: string, now: number, leaseMs: number, limit: number): Promise<JobRow[]> {
  return isPostgres(db) ? ((await claimDue(db, 'jobs', owner, now, leaseMs, limit)) as unknown as JobRow[]) : claimDueJobs(db, owner, now, leaseMs, limit);
}

export interface Held {
  /** Whether `owner` holds it now. */
  mine: boolean;
  /** Until when its holder (`owner` or another) may send the workspace's messages (epoch ms). */
  until: number;
  /** The instance that held it before, when it was another one whose lease had run out. */
  tookOverFrom?: string;
}

/**
 * Takes or renews `owner`'s lease on the workspace until `now + leaseMs`: granted when nobody
 * holds it, `owner` holds it already, or the holder's lease ran out. Two instances asking at once
 * cannot both get it: the conditional update is decided on the row as it stands when each writes
 * (the loser learns nothing of the winner's term and is told to look again in a second).
 */
export async function holdWorkspace(db: Db, workspaceId: number, owner: string, now: number, leaseMs: number): Promise<Held> {
  const t = workspaceLeases;
  const [before] = await db.select().from(t).where(eq(t.workspaceId, workspaceId)).limit(1);
  if (before && before.owner !== owner && before.until > now) return { mine: false, until: before.until };
  const until = now + leaseMs;
  const taken = await db
    .insert(t)
    .values({ workspaceId, owner, until })
    .onConflictDoUpdate({ target: t.workspaceId, set: { owner, until }, setWhere: or(eq(t.owner, owner), lte(t.until, now)) })
    .returning({ owner: t.owner });
  if (taken.length !== 1) return { mine: false, until: now + 1_000 };
  return before && before.owner !== owner ? { mine: true, until, tookOverFrom: before.owner } : { mine: true, until };
}

/** On a clean stop: the workspaces `owner` holds are free at once, for another instance to take over without waiting. */
export async function releaseWorkspaces(db: Db, owner: string): Promise<void> {
  const t = workspaceLeases;
  await db.delete(t).where(eq(t.owner, owner));
}

/** Who holds the workspace's lease and until when, if anyone ever did. */
export async function workspaceHolder(db: Db, workspaceId: number): Promise<{ owner: string; until: number } | undefined> {
  const t = workspaceLeases;
  const [row] = await db.select({ owner: t.owner, until: t.until }).from(t).where(eq(t.workspaceId, workspaceId)).limit(1);
  return row;
}
