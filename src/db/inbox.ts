// The inbox: requests written before they are acknowledged, worked through in order after.
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import { type Db, prepared } from './client.js';
import { inbox } from './schema.js';

export type InboxRow = typeof inbox.$inferSelect;

/** The statements the acknowledgement path runs, prepared once: accepting must cost no more than one insert. */
export function inboxStatements(db: Db) {
  return {
    accept: db
      .insert(inbox)
      .values({
        key: sql.placeholder('key'),
        kind: sql.placeholder('kind'),
        invocation: sql.placeholder('invocation'),
        payload: sql.placeholder('payload'),
        receivedAt: sql.placeholder('receivedAt'),
      })
      .onConflictDoNothing()
      .prepare(),
  };
}

/** The oldest pending requests (after id `after`, when given). */
export function pendingInbox(db: Db, limit: number, after = 0): InboxRow[] {
  return db
    .select()
    .from(inbox)
    .where(and(eq(inbox.status, 'pending'), gt(inbox.id, after)))
    .orderBy(asc(inbox.id))
    .limit(limit)
    .all();
}

/** Marks a request done; false if it already was (its work committed it in the same transaction). */
export function completeInbox(db: Db, id: number, now: number): boolean {
  const complete = prepared(db, 'inbox.complete', (c) =>
    c
      .update(inbox)
      .set({ status: 'done', doneAt: sql`${sql.placeholder('now')}` })
      .where(and(eq(inbox.id, sql.placeholder('id')), eq(inbox.status, 'pending')))
      .prepare(),
  );
  return complete.run({ id, now }).changes === 1;
}

export function retryInbox(db: Db, id: number, attempts: number): void {
  db.update(inbox).set({ attempts }).where(eq(inbox.id, id)).run();
}

export function failInbox(db: Db, id: number, attempts: number, now: number): void {
  db.update(inbox).set({ status: 'failed', attempts, doneAt: now }).where(eq(inbox.id, id)).run();
}

/** Forgets requests done long ago (their records are kept; only the raw request goes). */
export function pruneInbox(db: Db, before: number): void {
  db.delete(inbox).where(and(eq(inbox.status, 'done'), lt(inbox.doneAt, before))).run();
}
