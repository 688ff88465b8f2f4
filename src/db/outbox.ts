// The outbox: messages recorded with the writes they report on, delivered after commit.
import { and, asc, eq, inArray, isNull, like, lt, lte, notExists, or, sql } from 'drizzle-orm';
// drizzle's table alias, the same function in pg-core: it serves both engines' tables.
import { alias } from 'drizzle-orm/sqlite-core';
import { type Db, prepared } from './client.js';
import { outbox, postedMessages } from './tables.js';
import { execute, first, rows } from './query.js';
import { jsonText, jsonWithout, withoutIndex } from './dialect.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type PostedMessageRow = typeof postedMessages.$inferSelect;

/** Adds a message unless one with the same key exists. Returns whether it was added. */
export async function enqueue(
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
): Promise<boolean> {
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
      .returning({ id: outbox.id })
      .prepare(),
  );
  return (await insert.all({ subject: null, ...row, bulk: row.bulk ? 1 : 0 })).length === 1;
}

/**
 * Pending messages due by `now`, oldest first (`onlyReplies`: private answers to someone who just
 * asked, which must not wait behind a fan-out; `onlyInteractive`: everything but bulk sends),
 * leaving out any that wait behind an earlier message to the same destination (still backing
 * off, or being sent): order per place holds.
 */
export async function duePending(db: Db, now: number, limit: number, opts: { onlyReplies?: boolean; onlyInteractive?: boolean } = {}): Promise<OutboxRow[]> {
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
  return await query.all({ now, limit });
}

/**
 * Messages left "sending" by a holder that is gone: its lease ran out, or it is `previousSelf`
 * (this instance before a restart: nothing of it is being sent now), or it predates leases.
 * A live lease of another instance is its business: that message is being sent right now.
 */
export async function abandonedSending(db: Db, now: number, previousSelf?: string): Promise<OutboxRow[]> {
  return await db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.status, 'sending'),
        or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, now), previousSelf === undefined ? undefined : eq(outbox.claimedBy, previousSelf)),
      ),
    )
    .orderBy(asc(outbox.id));
}

/** Marks a pending message as being sent by `owner` until `leaseUntil`; false if another worker took it first. */
export async function claimForSending(db: Db, id: number, owner: string, leaseUntil: number): Promise<boolean> {
  const claim = prepared(db, 'outbox.claim', (c) =>
    c
      .update(outbox)
      .set({ status: 'sending', claimedBy: sql`${sql.placeholder('owner')}`, leaseUntil: sql`${sql.placeholder('leaseUntil')}` })
      .where(and(eq(outbox.id, sql.placeholder('id')), eq(outbox.status, 'pending')))
      .returning({ id: outbox.id })
      .prepare(),
  );
  return (await claim.all({ id, owner, leaseUntil })).length === 1;
}

export async function markSent(db: Db, id: number, now: number, result: Record<string, unknown> | null): Promise<void> {
  const mark = prepared(db, 'outbox.sent', (c) =>
    c
      .update(outbox)
      // A Slack response_url answers one person for 30 minutes: once used, it is not kept.
      .set({ status: 'sent', sentAt: sql`${sql.placeholder('now')}`, result: sql`${sql.placeholder('result')}`, claimedBy: null, leaseUntil: null, destination: jsonWithout(c, outbox.destination, ['route', 'responseUrl']) })
      .where(eq(outbox.id, sql.placeholder('id')))
      .prepare(),
  );
  await mark.run({ id, now, result: result === null ? null : JSON.stringify(result) });
}

export async function markRetry(db: Db, id: number, attempts: number, notBefore: number, error: string): Promise<void> {
  await db.update(outbox).set({ status: 'pending', attempts, notBefore, lastError: error, claimedBy: null, leaseUntil: null }).where(eq(outbox.id, id));
}

export async function markFailed(db: Db, id: number, attempts: number, error: string): Promise<void> {
  await db.update(outbox).set({ status: 'failed', attempts, lastError: error, claimedBy: null, leaseUntil: null }).where(eq(outbox.id, id));
}

export async function findOutbox(db: Db, key: string): Promise<OutboxRow | undefined> {
  return await first(db.select().from(outbox).where(eq(outbox.key, key)));
}

export async function outboxByStatus(db: Db, statuses: string[]): Promise<OutboxRow[]> {
  return await db.select().from(outbox).where(inArray(outbox.status, statuses)).orderBy(asc(outbox.id));
}

export async function recordPosted(db: Db, row: typeof postedMessages.$inferInsert): Promise<void> {
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
  await insert.run({ subject: null, ...row });
}

export async function findPosted(db: Db, workspaceId: number, conversationId: string, messageId: string): Promise<PostedMessageRow | undefined> {
  return await first(db
    .select()
    .from(postedMessages)
    .where(
      and(
        eq(postedMessages.workspaceId, workspaceId),
        eq(postedMessages.conversationId, conversationId),
        eq(postedMessages.messageId, messageId),
      ),
    ));
}

/**
 * Retention of what was delivered (see README, "Data care"), over the ids `after` < id ≤
 * `after + span` (a range of the primary key, so one call costs the same however large the
 * outbox is). Deletes rows sent before `before` that nothing can need again — private answers
 * and DMs (which carry the private views and notes), and edits of an earlier post. A channel post
 * is kept: a later version may edit it (its `result` is the edit's `replacesRef`), and it says
 * nothing the channel did not see. Pending, sending and failed rows are never touched
 * (confirm-before-resend reads them), nor posted_messages (reactions on Baton's posts find what
 * they were about there). Returns how many were deleted and the id up to which every row is
 * settled (the next call starts there): the first row of the range that may still change —
 * still to be sent, or sent after `before` — holds it back.
 */
export async function pruneDelivered(db: Db, before: number, after: number, span: number): Promise<{ deleted: number; upTo: number }> {
  const to = after + span;
  // Status without its index: the range of ids is the one to walk (SQLite's planner would pick the status index).
  const status = withoutIndex(db, outbox.status);
  const deleted = await execute(
    db,
    sql`delete from ${outbox}
    where ${outbox.id} > ${after} and ${outbox.id} <= ${to} and ${status} = 'sent' and ${outbox.sentAt} < ${before}
      and (${jsonText(db, outbox.destination, ['to'])} in ('reply', 'dm') or ${jsonText(db, outbox.destination, ['replaces'])} is not null)`,
  );
  const [open] = await rows<{ id: number | null }>(
    db,
    sql`select min(${outbox.id}) as id from ${outbox}
    where ${outbox.id} > ${after} and ${outbox.id} <= ${to}
      and ((${status} in ('pending', 'sending') and ${outbox.createdAt} >= ${before}) or (${status} = 'sent' and ${outbox.sentAt} >= ${before}))`,
  );
  const [last] = await rows<{ id: number | null }>(db, sql`select max(${outbox.id}) as id from ${outbox}`);
  const upTo = open?.id ? open.id - 1 : Math.max(after, Math.min(to, last?.id ?? after));
  return { deleted, upTo };
}

/** Drops the response_url of messages recorded before `before` and not sent: Slack no longer takes it. */
export async function dropExpiredResponseUrls(db: Db, before: number, limit: number): Promise<number> {
  return execute(
    db,
    sql`update ${outbox} set destination = ${jsonWithout(db, outbox.destination, ['route', 'responseUrl'])}
    where ${outbox.id} in (
      select ${outbox.id} from ${outbox}
      where ${outbox.status} in ('pending', 'failed') and ${outbox.createdAt} < ${before}
        and ${jsonText(db, outbox.destination, ['route', 'responseUrl'])} is not null
      order by ${outbox.id} limit ${limit}
    )`,
  );
}
