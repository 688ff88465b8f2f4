// Persisted timers: each fires once, whatever restarts happen in between.
import { and, asc, eq, inArray, isNull, like, lt, lte, or } from 'drizzle-orm';
import type { Db } from './client.js';
import { jobs } from './tables.js';
import { first } from './query.js';

export type JobRow = typeof jobs.$inferSelect;

/** Schedules a job; a job with the same key is left as it is. Returns whether it was added. */
export async function scheduleJob(db: Db, job: { key: string; kind: string; dueAt: number; payload: Record<string, unknown>; createdAt: number }): Promise<boolean> {
  return (await db.insert(jobs).values(job).onConflictDoNothing().returning({ id: jobs.id })).length === 1;
}

/** Schedules or moves a pending job (e.g. a time box that restarts). */
export async function rescheduleJob(db: Db, job: { key: string; kind: string; dueAt: number; payload: Record<string, unknown>; createdAt: number }): Promise<void> {
  await db.insert(jobs)
    .values(job)
    .onConflictDoUpdate({ target: jobs.key, set: { dueAt: job.dueAt, payload: job.payload, status: 'pending', doneAt: null, claimedBy: null, leaseUntil: null } });
}

export async function dueJobs(db: Db, now: number, limit = 500): Promise<JobRow[]> {
  return await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, 'pending'), lte(jobs.dueAt, now)))
    .orderBy(asc(jobs.dueAt), asc(jobs.id))
    .limit(limit);
}

/**
 * Takes up to `limit` due jobs that nobody holds, or whose holder's lease has run out, for
 * `owner` until `now + leaseMs`: two instances never work the same job at the same time, and the
 * jobs of one that died are taken over when its lease ends.
 */
export async function claimDueJobs(db: Db, owner: string, now: number, leaseMs: number, limit: number): Promise<JobRow[]> {
  const due = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, 'pending'), lte(jobs.dueAt, now), or(isNull(jobs.leaseUntil), lt(jobs.leaseUntil, now))))
    .orderBy(asc(jobs.dueAt), asc(jobs.id))
    .limit(limit);
  if (due.length === 0) return [];
  const claimed = await db
    .update(jobs)
    .set({ claimedBy: owner, leaseUntil: now + leaseMs })
    .where(and(inArray(jobs.id, due.map((j) => j.id)), eq(jobs.status, 'pending')))
    .returning();
  return claimed.sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
}

/** Marks a job done; false if it was no longer pending (another run took it). */
export async function completeJob(db: Db, id: number, now: number): Promise<boolean> {
  const done = await db
    .update(jobs)
    .set({ status: 'done', doneAt: now, claimedBy: null, leaseUntil: null })
    .where(and(eq(jobs.id, id), eq(jobs.status, 'pending')))
    .returning({ id: jobs.id });
  return done.length === 1;
}

/** A job whose work threw: kept for inspection, never retried in a loop. */
export async function failJob(db: Db, id: number, now: number): Promise<void> {
  await db.update(jobs).set({ status: 'failed', doneAt: now }).where(eq(jobs.id, id));
}

/** Cancels pending jobs whose key starts with `prefix`. */
export async function cancelJobs(db: Db, prefix: string): Promise<void> {
  await db.update(jobs).set({ status: 'cancelled' }).where(and(eq(jobs.status, 'pending'), like(jobs.key, `${prefix}%`)));
}

export async function findJob(db: Db, key: string): Promise<JobRow | undefined> {
  return await first(db.select().from(jobs).where(eq(jobs.key, key)));
}

/** When the earliest pending job is due, or null. */
export async function nextDueAt(db: Db): Promise<number | null> {
  const row = await first(db.select({ dueAt: jobs.dueAt }).from(jobs).where(eq(jobs.status, 'pending')).orderBy(asc(jobs.dueAt)).limit(1));
  return row ? row.dueAt : null;
}

export async function pendingJobs(db: Db, kind?: string): Promise<JobRow[]> {
  const where = kind ? and(eq(jobs.status, 'pending'), eq(jobs.kind, kind)) : eq(jobs.status, 'pending');
  return await db.select().from(jobs).where(where).orderBy(asc(jobs.dueAt));
}
