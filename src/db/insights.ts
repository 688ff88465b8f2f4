// The aggregate queries behind the report: each number and the records it is computed from.
// Written to stay fast on teams with 100,000 records (see tests/bench).
import { and, asc, count, eq, gte, isNotNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client.js';
import { blockers, commitmentEvents, commitments, decisionEvents, decisions } from './tables.js';
import type { DecisionRow } from './decisions.js';
import type { BlockerRow } from './blockers.js';
import { type CommitmentRow, slipEvent } from './commitments.js';
import { first } from './query.js';

export interface Window {
  from: number;
  to: number;
}

/** Dated commitments due in the window, dropped ones aside: the base of "done on time". */
function dueWithin(teamId: number, w: Window) {
  return and(
    eq(commitments.teamId, teamId),
    isNotNull(commitments.dueAt),
    gte(commitments.dueAt, w.from),
    lt(commitments.dueAt, w.to),
    ne(commitments.status, 'dropped'),
  );
}

/** How many commitments came due in the window, and how many of them were done by their day. */
export async function dueInWindow(db: Db, teamId: number, w: Window): Promise<{ total: number; onTime: number }> {
  const row = await first(db
    .select({
      total: count(),
      onTime: sql<number>`coalesce(sum(case when ${commitments.status} = 'done' and ${commitments.closedAt} <= ${commitments.dueAt} then 1 else 0 end), 0)`,
    })
    .from(commitments)
    .where(dueWithin(teamId, w)));
  return { total: row?.total ?? 0, onTime: Number(row?.onTime ?? 0) };
}

export async function dueInWindowRecords(db: Db, teamId: number, w: Window, limit: number): Promise<CommitmentRow[]> {
  return await db
    .select()
    .from(commitments)
    .where(dueWithin(teamId, w))
    .orderBy(asc(commitments.dueAt))
    .limit(limit);
}

/** Slips (dates moved later, see dateChange) in the window. */
export async function slipsInWindow(db: Db, teamId: number, w: Window): Promise<number> {
  return (
    (await first(db
      .select({ n: count() })
      .from(commitmentEvents)
      .where(and(eq(commitmentEvents.teamId, teamId), eq(commitmentEvents.kind, 'moved'), slipEvent(), gte(commitmentEvents.at, w.from), lt(commitmentEvents.at, w.to)))))?.n ?? 0
  );
}

export async function slipRecords(db: Db, teamId: number, w: Window, limit: number) {
  return await db
    .select({ seq: commitments.seq, text: commitments.text, ownerId: commitments.ownerId, fromDue: commitmentEvents.fromDue, toDue: commitmentEvents.toDue, at: commitmentEvents.at, tz: commitments.dueTz })
    .from(commitmentEvents)
    .innerJoin(commitments, eq(commitments.id, commitmentEvents.commitmentId))
    .where(and(eq(commitmentEvents.teamId, teamId), eq(commitmentEvents.kind, 'moved'), slipEvent(), gte(commitmentEvents.at, w.from), lt(commitmentEvents.at, w.to)))
    .orderBy(asc(commitmentEvents.at))
    .limit(limit);
}

/** Blockers resolved in the window; one withdrawn as a mistake (`drop E-n`) is not a resolution. */
function resolvedWithin(teamId: number, w: Window) {
  return and(eq(blockers.teamId, teamId), gte(blockers.resolvedAt, w.from), lt(blockers.resolvedAt, w.to), ne(blockers.status, 'dropped'));
}

/** How long each blocker resolved in the window stayed open, in ms, shortest first. */
export async function resolutionTimes(db: Db, teamId: number, w: Window): Promise<number[]> {
  return (await db
    .select({ ms: sql<number>`${blockers.resolvedAt} - ${blockers.createdAt}` })
    .from(blockers)
    .where(resolvedWithin(teamId, w))
    .orderBy(sql`${blockers.resolvedAt} - ${blockers.createdAt}`))
    .map((r) => Number(r.ms));
}

export async function resolvedBlockerRecords(db: Db, teamId: number, w: Window, limit: number): Promise<BlockerRow[]> {
  return await db
    .select()
    .from(blockers)
    .where(resolvedWithin(teamId, w))
    .orderBy(asc(blockers.resolvedAt))
    .limit(limit);
}

/**
 * Decisions' executions are counted like commitments: one in force (decided, not superseded or
 * retracted) with an executor and a date in the window, done by the end of its day or not.
 */
function executionsDueWithin(teamId: number, w: Window) {
  return and(eq(decisions.teamId, teamId), eq(decisions.status, 'decided'), isNotNull(decisions.executorId), isNotNull(decisions.dueAt), gte(decisions.dueAt, w.from), lt(decisions.dueAt, w.to));
}

export async function executionsDueInWindow(db: Db, teamId: number, w: Window): Promise<{ total: number; onTime: number }> {
  const row = await first(db
    .select({
      total: count(),
      onTime: sql<number>`coalesce(sum(case when ${decisions.doneAt} is not null and ${decisions.doneAt} <= ${decisions.dueAt} then 1 else 0 end), 0)`,
    })
    .from(decisions)
    .where(executionsDueWithin(teamId, w)));
  return { total: row?.total ?? 0, onTime: Number(row?.onTime ?? 0) };
}

export async function executionsDueRecords(db: Db, teamId: number, w: Window, limit: number): Promise<DecisionRow[]> {
  return await db.select().from(decisions).where(executionsDueWithin(teamId, w)).orderBy(asc(decisions.dueAt)).limit(limit);
}

/** The same definition of a slip (a date moved later) over decision_events. */
const decisionSlip = (): SQL => sql`(${decisionEvents.kind} = 'moved' and ${decisionEvents.toDue} > ${decisionEvents.fromDue})`;

export async function executionSlipsInWindow(db: Db, teamId: number, w: Window): Promise<number> {
  return (
    (await first(db
      .select({ n: count() })
      .from(decisionEvents)
      .where(and(eq(decisionEvents.teamId, teamId), decisionSlip(), gte(decisionEvents.at, w.from), lt(decisionEvents.at, w.to)))))?.n ?? 0
  );
}

export async function executionSlipRecords(db: Db, teamId: number, w: Window, limit: number) {
  return await db
    .select({ seq: decisions.seq, text: decisions.text, executorId: decisions.executorId, fromDue: decisionEvents.fromDue, toDue: decisionEvents.toDue, at: decisionEvents.at, tz: decisions.dueTz })
    .from(decisionEvents)
    .innerJoin(decisions, eq(decisions.id, decisionEvents.decisionId))
    .where(and(eq(decisionEvents.teamId, teamId), decisionSlip(), gte(decisionEvents.at, w.from), lt(decisionEvents.at, w.to)))
    .orderBy(asc(decisionEvents.at))
    .limit(limit);
}
