// Claims for several instances on one PostgreSQL (prototype, issue 19): an instance takes due rows
// of the inbox, jobs or outbox with a lease — `claimed_by` itself, `lease_until` now + leaseMs —
// in one statement whose `FOR UPDATE SKIP LOCKED` lets instances claiming at once pass over each
// other's rows instead of waiting for them or taking them twice. A row whose lease ran out (its
// instance died) is due again; a live lease is never taken over, so recovery takes back only what
// a dead instance left, never what another instance is still working on.
//
// Not decided here: status changes stay the caller's (done, sent, …, in the same transaction as
// the work where there is one). Per-destination order of the outbox is kept by one sender per
// workspace (workspace_leases), not by this claim.
import { and, asc, inArray, isNull, lte, or } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../client.js';
import { inbox, jobs, outbox } from '../schema.pg.js';
import type { PgDb } from './store.js';

export type ClaimTable = 'inbox' | 'jobs' | 'outbox';

interface Claimable {
  table: typeof jobs;
  id: PgColumn;
  status: PgColumn;
  /** When a row becomes due. */
  due: PgColumn;
  leaseUntil: PgColumn;
  /** Statuses a row can be claimed in: `sending` is what an instance was in the middle of. */
  statuses: string[];
  /** The due column's property in a returned row. */
  dueKey: string;
}

// One shape for the three tables; each has id, status, claimed_by and lease_until. The casts only
// let one query builder serve them; drizzle builds each query from the table it is given.
const CLAIMABLE: Record<ClaimTable, Claimable> = {
  inbox: { table: inbox as unknown as typeof jobs, id: inbox.id, status: inbox.status, due: inbox.receivedAt, leaseUntil: inbox.leaseUntil, statuses: ['pending'], dueKey: 'receivedAt' },
  jobs: { table: jobs, id: jobs.id, status: jobs.status, due: jobs.dueAt, leaseUntil: jobs.leaseUntil, statuses: ['pending'], dueKey: 'dueAt' },
  outbox: { table: outbox as unknown as typeof jobs, id: outbox.id, status: outbox.status, due: outbox.notBefore, leaseUntil: outbox.leaseUntil, statuses: ['pending', 'sending'], dueKey: 'notBefore' },
};

type Rows = { inbox: (typeof inbox.$inferSelect)[]; jobs: (typeof jobs.$inferSelect)[]; outbox: (typeof outbox.$inferSelect)[] };

/**
 * Claims up to `limit` due rows of `table` for `owner` until `now + leaseMs`, oldest due first,
 * and returns them as claimed. Rows another claimer holds locked at this moment are skipped, not
 * waited for; a row whose lease has not run out is left alone.
 */
export async function claimDue<T extends ClaimTable>(db: Db | PgDb, table: T, owner: string, now: number, leaseMs: number, limit: number): Promise<Rows[T]> {
  const pg = db as unknown as PgDb;
  const c = CLAIMABLE[table];
  const due = pg
    .select({ id: c.id })
    .from(c.table)
    .where(and(inArray(c.status, c.statuses), lte(c.due, now), or(isNull(c.leaseUntil), lte(c.leaseUntil, now))))
    .orderBy(asc(c.due), asc(c.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed = await pg
    .update(c.table)
    .set({ claimedBy: owner, leaseUntil: now + leaseMs })
    .where(inArray(c.id, due))
    .returning();
  // `returning()` gives the rows in no particular order: oldest due first, as they were chosen.
  const rows = claimed as unknown as Record<string, number>[];
  rows.sort((a, b) => a[c.dueKey]! - b[c.dueKey]! || a.id! - b.id!);
  return rows as unknown as Rows[T];
}
