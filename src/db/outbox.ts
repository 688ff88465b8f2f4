// The outbox: messages recorded with the writes they report on, delivered after commit.
import { and, asc, eq, inArray, like, lt, lte, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { type Db, prepared } from './client.js';
import { outbox, postedMessages } from './schema.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type PostedMessageRow = typeof postedMessages.$inferSelect;

/** Adds a message unless one with the same key exists. Returns whether it was added. */
export function enqueue(
  db: Db,
  row: {
    key: string;
    workspaceId: number;
    platform: string;
    destination: Record<string, unknown>;
    destKey: string;
    message: Record<string, unknown>;
    subject?: Record<string, unknown> | null;
    notBefore: number;
    createdAt: number;
    /** A fan-out's or a timer's message: sent after what a person just did. */
    bulk?: boolean;
  },
): boolean {
  const insert = prepared(db, 'outbox.enqueue', (c) =>
    c
      .insert(outbox)
      .values({
        key: sql.placeholder('key'),
        workspaceId: sql.placeholder('workspaceId'),
        platform: sql.placeholder('platform'),
        destination: sql.placeholder('destination'),
        destKey: sql.placeholder('destKey'),
        message: sql.placeholder('message'),
        subject: sql.placeholder('subject'),
        notBefore: sql.placeholder('notBefore'),
        createdAt: sql.placeholder('createdAt'),
        bulk: sql.placeholder('bulk'),
      })
      .onConflictDoNothing()
      .prepare(),
  );
  return insert.run({ subject: null, ...row, bulk: row.bulk ? 1 : 0 }).changes === 1;
}

/**
 * Pending messages due by `now`, oldest first (`onlyReplies`: private answers to someone who just
 * asked, which must not wait behind a fan-out; `onlyInteractive`: everything but bulk sends),
 * leaving out any that wait behind an earlier message to the same destination (still backing
 * off, or being sent): order per place holds.
 */
export function duePending(db: Db, now: number, limit: number, opts: { onlyReplies?: boolean; onlyInteractive?: boolean } = {}): OutboxRow[] {
  const name = opts.onlyReplies ? 'outbox.duePendingReplies' : opts.onlyInteractive ? 'outbox.duePendingInteractive' : 'outbox.duePending';
  const query = prepared(db, name, (c) => {
    const earlier = alias(outbox, 'earlier');
    // Anything earlier to the same destination still unsent (pending, backing off, or being sent)
    // holds this one back. The condition is written as the partial index's is, so SQLite uses it.
    const blocked = c
      .select({ one: sql`1` })
      .from(earlier)
      .where(and(eq(earlier.destKey, outbox.destKey), lt(earlier.id, outbox.id), sql`${earlier.status} in ('pending', 'sending')`));
    return c
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.status, 'pending'),
          lte(outbox.notBefore, sql.placeholder('now')),
          opts.onlyReplies ? like(outbox.destKey, '%:reply:%') : undefined,
          opts.onlyInteractive ? eq(outbox.bulk, false) : undefined,
          notExists(blocked),
        ),
      )
      .orderBy(asc(outbox.id))
      .limit(sql.placeholder('limit'))
      .prepare();
  });
  return query.all({ now, limit });
}

/** Messages that were being sent when the process stopped. */
export function inFlight(db: Db): OutboxRow[] {
  return db.select().from(outbox).where(eq(outbox.status, 'sending')).orderBy(asc(outbox.id)).all();
}

/** Marks a pending message as being sent; false if another worker took it first. */
export function claimForSending(db: Db, id: number): boolean {
  const claim = prepared(db, 'outbox.claim', (c) =>
    c
      .update(outbox)
      .set({ status: 'sending' })
      .where(and(eq(outbox.id, sql.placeholder('id')), eq(outbox.status, 'pending')))
      .prepare(),
  );
  return claim.run({ id }).changes === 1;
}

export function markSent(db: Db, id: number, now: number, result: Record<string, unknown> | null): void {
  const mark = prepared(db, 'outbox.sent', (c) =>
    c
      .update(outbox)
      .set({ status: 'sent', sentAt: sql`${sql.placeholder('now')}`, result: sql`${sql.placeholder('result')}` })
      .where(eq(outbox.id, sql.placeholder('id')))
      .prepare(),
  );
  mark.run({ id, now, result: result === null ? null : JSON.stringify(result) });
}

export function markRetry(db: Db, id: number, attempts: number, notBefore: number, error: string): void {
  db.update(outbox).set({ status: 'pending', attempts, notBefore, lastError: error }).where(eq(outbox.id, id)).run();
}

export function markFailed(db: Db, id: number, attempts: number, error: string): void {
  db.update(outbox).set({ status: 'failed', attempts, lastError: error }).where(eq(outbox.id, id)).run();
}

export function findOutbox(db: Db, key: string): OutboxRow | undefined {
  return db.select().from(outbox).where(eq(outbox.key, key)).get();
}

export function outboxByStatus(db: Db, statuses: string[]): OutboxRow[] {
  return db.select().from(outbox).where(inArray(outbox.status, statuses)).orderBy(asc(outbox.id)).all();
}

export function recordPosted(db: Db, row: typeof postedMessages.$inferInsert): void {
  const insert = prepared(db, 'posted.record', (c) =>
    c
      .insert(postedMessages)
      .values({
        workspaceId: sql.placeholder('workspaceId'),
        platform: sql.placeholder('platform'),
        conversationId: sql.placeholder('conversationId'),
        messageId: sql.placeholder('messageId'),
        outboxKey: sql.placeholder('outboxKey'),
        subject: sql.placeholder('subject'),
        at: sql.placeholder('at'),
      })
      .onConflictDoNothing()
      .prepare(),
  );
  insert.run({ subject: null, ...row });
}

export function findPosted(db: Db, workspaceId: number, conversationId: string, messageId: string): PostedMessageRow | undefined {
  return db
    .select()
    .from(postedMessages)
    .where(
      and(
        eq(postedMessages.workspaceId, workspaceId),
        eq(postedMessages.conversationId, conversationId),
        eq(postedMessages.messageId, messageId),
      ),
    )
    .get();
}
