// The inbox: requests written before they are acknowledged, worked through in order after.
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { type Db, prepared } from './client.js';
import { inbox, jobs } from './tables.js';

export type InboxRow = typeof inbox.$inferSelect;

/**
 * Writes a request down, taken by `owner` until `leaseUntil` (the instance that accepts a request
 * works it); its id, or undefined when one with the same key was already accepted. Prepared once:
 * accepting is on the acknowledgement path and must cost no more than one insert.
 */
export async function acceptInbox(
  db: Db,
  row: { key: string; kind: string; invocation: Record<string, unknown>; payload: Record<string, unknown>; receivedAt: number; owner: string; leaseUntil: number },
): Promise<number | undefined> {
  const accept = prepared(db, 'inbox.accept', (c) =>
    c
      .insert(inbox)
      .values({
        key: sql.placeholder('key'),
        kind: sql.placeholder('kind'),
        invocation: sql.placeholder('invocation'),
        payload: sql.placeholder('payload'),
        receivedAt: sql.placeholder('receivedAt'),
        claimedBy: sql.placeholder('owner'),
        leaseUntil: sql.placeholder('leaseUntil'),
      })
      .onConflictDoNothing()
      .returning({ id: inbox.id })
      .prepare(),
  );
  return (await accept.all(row))[0]?.id;
}

/**
 * The oldest pending requests nobody holds (or whose holder's lease ran out), taken by `owner`
 * until `now + leaseMs`. A request is still worked once: its work completes it (completeInbox)
 * in the same transaction, and a second worker finds it done.
 */
export async function claimPendingInbox(db: Db, owner: string, now: number, leaseMs: number, limit: number): Promise<InboxRow[]> {
  const free = await db
    .select({ id: inbox.id })
    .from(inbox)
    .where(and(eq(inbox.status, 'pending'), or(isNull(inbox.leaseUntil), lt(inbox.leaseUntil, now))))
    .orderBy(asc(inbox.id))
    .limit(limit);
  if (free.length === 0) return [];
  const claimed = await db
    .update(inbox)
    .set({ claimedBy: owner, leaseUntil: now + leaseMs })
    .where(and(inArray(inbox.id, free.map((r) => r.id)), eq(inbox.status, 'pending')))
    .returning();
  return claimed.sort((a, b) => a.id - b.id);
}

/** Marks a request done; false if it already was (its work committed it in the same transaction). */
export async function completeInbox(db: Db, id: number, now: number): Promise<boolean> {
  const complete = prepared(db, 'inbox.complete', (c) =>
    c
      .update(inbox)
      .set({ status: 'done', doneAt: sql`${sql.placeholder('now')}`, claimedBy: null, leaseUntil: null })
      .where(and(eq(inbox.id, sql.placeholder('id')), eq(inbox.status, 'pending')))
      .returning({ id: inbox.id })
      .prepare(),
  );
  return (await complete.all({ id, now })).length === 1;
}

export async function retryInbox(db: Db, id: number, attempts: number): Promise<void> {
  await db.update(inbox).set({ attempts }).where(eq(inbox.id, id));
}

/**
 * At start, whatever this instance held in its previous life is free again: nothing of it is
 * being worked now. Another instance's live leases are left alone.
 */
export async function releaseLeasesOf(db: Db, owner: string): Promise<void> {
  await db.update(inbox).set({ claimedBy: null, leaseUntil: null }).where(and(eq(inbox.claimedBy, owner), eq(inbox.status, 'pending')));
  await db.update(jobs).set({ claimedBy: null, leaseUntil: null }).where(and(eq(jobs.claimedBy, owner), eq(jobs.status, 'pending')));
}

export async function failInbox(db: Db, id: number, attempts: number, now: number): Promise<void> {
  await db.update(inbox).set({ status: 'failed', attempts, doneAt: now }).where(eq(inbox.id, id));
}

/** Forgets requests done long ago (their records are kept; only the raw request goes). */
export async function pruneInbox(db: Db, before: number): Promise<void> {
  await db.delete(inbox).where(and(eq(inbox.status, 'done'), lt(inbox.doneAt, before)));
}
