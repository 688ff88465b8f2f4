// Retention: what Baton keeps only as long as it can be needed (README, "Data care"). Runs from
// the scheduler's upkeep, at most every 10 minutes, each step in bounded batches so one pass never
// holds the process long; what is left is taken on the next pass.
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { jsonText, jsonWithout, rowIdentity } from './dialect.js';
import { dropExpiredResponseUrls, pruneDelivered } from './outbox.js';
import { execute } from './query.js';
import { addresses, inbox } from './tables.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const RETENTION = {
  /** Delivered private answers and DMs, and edits of posts: kept a week (support, "did it go out?"). */
  deliveredMs: 7 * DAY,
  /** A Slack response_url works for 30 minutes; after that it is dropped from what waits. */
  responseUrlMs: 30 * MINUTE,
  /** Teams export files waiting for consent (and the mark left once answered), Slack form metadata parked for a modal. */
  stashMs: 7 * DAY,
  /** How often the pass runs (so an expired response_url is gone within 40 minutes), and how many rows one statement takes. */
  everyMs: 10 * MINUTE,
  batch: 500,
  /** Outbox ids looked at per step of the walk, and how long one pass may walk. */
  span: 2_000,
  walkMs: 15,
} as const;

/**
 * One retention pass at `now`. Delivered messages are walked by id from `cursor.at` (kept by the
 * caller between passes), a range of ids at a time, for at most `RETENTION.walkMs`. Returns what
 * each step removed (for tests and logs).
 */
export async function pruneAtRest(db: Db, now: number, cursor: { at: number } = { at: 0 }, batch: number = RETENTION.batch): Promise<{ delivered: number; responseUrls: number; inboxUrls: number; stashes: number }> {
  let delivered = 0;
  const started = performance.now();
  while (performance.now() - started < RETENTION.walkMs) {
    const r = await pruneDelivered(db, now - RETENTION.deliveredMs, cursor.at, RETENTION.span);
    delivered += r.deleted;
    if (r.upTo === cursor.at) break;
    cursor.at = r.upTo;
  }
  const responseUrls = await dropExpiredResponseUrls(db, now - RETENTION.responseUrlMs, batch);
  // A command's invocation is kept with it in the inbox; its response_url is of no use after 30 minutes.
  const inboxUrls = await execute(
    db,
    sql`update ${inbox} set invocation = ${jsonWithout(db, inbox.invocation, ['replyRoute', 'responseUrl'])}
    where ${inbox.id} in (
      select ${inbox.id} from ${inbox}
      where ${inbox.receivedAt} < ${now - RETENTION.responseUrlMs} and ${jsonText(db, inbox.invocation, ['replyRoute', 'responseUrl'])} is not null
      order by ${inbox.id} limit ${batch}
    )`,
  );
  // Teams export files (file:…) and Slack modal metadata (form:…) parked in the address book.
  const row = rowIdentity(db);
  const stashes = await execute(
    db,
    sql`delete from ${addresses} where ${row} in (
      select ${row} from ${addresses}
      where (${addresses.key} like 'file:%' or ${addresses.key} like 'form:%') and ${addresses.updatedAt} < ${now - RETENTION.stashMs}
      limit ${batch}
    )`,
  );
  return { delivered, responseUrls, inboxUrls, stashes };
}

/** The upkeep step (BatonOptions.upkeep): a retention pass at most once per `RETENTION.everyMs`. */
export function retentionUpkeep(): (db: Db, now: number) => Promise<void> {
  let last = -Infinity;
  // Where the walk of delivered messages got to; after a restart it starts again from the first.
  const cursor = { at: 0 };
  return async (db, now) => {
    if (now - last < RETENTION.everyMs) return;
    last = now;
    await pruneAtRest(db, now, cursor);
  };
}
