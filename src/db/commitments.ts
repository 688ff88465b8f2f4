// Commitments (C-n) and their history of dates.
import { and, asc, count, desc, eq, gte, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { type Db, prepared } from './client.js';
import { commitmentEvents, commitments } from './tables.js';
import { first } from './query.js';

export type CommitmentRow = typeof commitments.$inferSelect;
export type NewCommitment = typeof commitments.$inferInsert;
export type CommitmentEventRow = typeof commitmentEvents.$inferSelect;

/**
 * The one definition of a slip, used by the move answer, the `slips` count, the report, the digest
 * and the export: a date moved later. A first date is not a slip, and neither is a date brought
 * forward (moved earlier). Dates are YYYY-MM-DD, so they compare as text.
 */
export type DateChange = 'first' | 'slip' | 'forward';
export function dateChange(from: string | null | undefined, to: string): DateChange {
  if (!from) return 'first';
  return to > from ? 'slip' : 'forward';
}
/** The same definition over commitment_events, for counting slips in SQL (built per query: the tables are the engine's, src/db/tables.ts). */
export const slipEvent = (): SQL => sql`(${commitmentEvents.kind} = 'moved' and ${commitmentEvents.toDue} > ${commitmentEvents.fromDue})`;

export async function insertCommitment(db: Db, values: NewCommitment): Promise<CommitmentRow> {
  const insert = prepared(db, 'commitments.insert', (c) =>
    c
      .insert(commitments)
      .values({
        teamId: sql.placeholder('teamId'),
        seq: sql.placeholder('seq'),
        text: sql.placeholder('text'),
        ownerId: sql.placeholder('ownerId'),
        dueDate: sql.placeholder('dueDate'),
        dueTz: sql.placeholder('dueTz'),
        dueAt: sql.placeholder('dueAt'),
        goalSeq: sql.placeholder('goalSeq'),
        assignment: sql.placeholder('assignment'),
        createdBy: sql.placeholder('createdBy'),
        createdAt: sql.placeholder('createdAt'),
        platform: sql.placeholder('platform'),
        sourceUrl: sql.placeholder('sourceUrl'),
        sourceMessageId: sql.placeholder('sourceMessageId'),
      })
      .returning()
      .prepare(),
  );
  return (await insert.get({ dueDate: null, dueTz: null, dueAt: null, goalSeq: null, assignment: null, sourceUrl: null, sourceMessageId: null, ...values }))!;
}

export async function findCommitment(db: Db, teamId: number, seq: number): Promise<CommitmentRow | undefined> {
  return await first(db
    .select()
    .from(commitments)
    .where(and(eq(commitments.teamId, teamId), eq(commitments.seq, seq))));
}

export async function updateCommitment(
  db: Db,
  id: number,
  patch: Partial<Pick<CommitmentRow, 'text' | 'ownerId' | 'assignment' | 'status' | 'dueDate' | 'dueTz' | 'dueAt' | 'slips' | 'closedAt' | 'closedBy' | 'closeNote'>>,
): Promise<void> {
  await db.update(commitments).set(patch).where(eq(commitments.id, id));
}

export async function insertCommitmentEvent(db: Db, values: typeof commitmentEvents.$inferInsert): Promise<void> {
  const insert = prepared(db, 'commitmentEvents.insert', (c) =>
    c
      .insert(commitmentEvents)
      .values({
        commitmentId: sql.placeholder('commitmentId'),
        teamId: sql.placeholder('teamId'),
        kind: sql.placeholder('kind'),
        fromDue: sql.placeholder('fromDue'),
        toDue: sql.placeholder('toDue'),
        note: sql.placeholder('note'),
        by: sql.placeholder('by'),
        at: sql.placeholder('at'),
      })
      .prepare(),
  );
  await insert.run({ fromDue: null, toDue: null, note: null, ...values });
}

export async function commitmentHistory(db: Db, commitmentId: number): Promise<CommitmentEventRow[]> {
  return await db.select().from(commitmentEvents).where(eq(commitmentEvents.commitmentId, commitmentId)).orderBy(asc(commitmentEvents.id));
}

export interface CommitmentFilter {
  status?: 'open' | 'done' | 'dropped';
  ownerId?: number;
  /** Open and due before this instant. */
  dueBefore?: number;
  /** Closed at or after this instant. */
  closedSince?: number;
  limit?: number;
}

function where(teamId: number, f: CommitmentFilter): SQL | undefined {
  return and(
    eq(commitments.teamId, teamId),
    f.status ? eq(commitments.status, f.status) : undefined,
    f.ownerId !== undefined ? eq(commitments.ownerId, f.ownerId) : undefined,
    f.dueBefore !== undefined ? and(isNotNull(commitments.dueAt), lt(commitments.dueAt, f.dueBefore)) : undefined,
    f.closedSince !== undefined ? gte(commitments.closedAt, f.closedSince) : undefined,
  );
}

/** Open ones soonest-due first (undated last); closed ones most recently closed first. */
export async function listCommitments(db: Db, teamId: number, f: CommitmentFilter = {}): Promise<CommitmentRow[]> {
  const order =
    f.status === 'open'
      ? [sql`${commitments.dueAt} is null`, asc(commitments.dueAt), asc(commitments.seq)]
      : f.closedSince !== undefined
        ? [desc(commitments.closedAt)]
        : [desc(commitments.seq)];
  const q = db.select().from(commitments).where(where(teamId, f)).orderBy(...order);
  return f.limit === undefined ? await q : await q.limit(f.limit);
}

export async function countCommitments(db: Db, teamId: number, f: CommitmentFilter = {}): Promise<number> {
  return (await first(db.select({ n: count() }).from(commitments).where(where(teamId, f))))?.n ?? 0;
}

/** Open commitments of a person across every team (for `mine` and App Home). */
export async function openCommitmentsOfMembers(db: Db, memberIds: number[]): Promise<CommitmentRow[]> {
  if (memberIds.length === 0) return [];
  return await db
    .select()
    .from(commitments)
    .where(and(eq(commitments.status, 'open'), sql`${commitments.ownerId} in ${memberIds}`))
    .orderBy(sql`${commitments.dueAt} is null`, asc(commitments.dueAt));
}
