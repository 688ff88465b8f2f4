// What a recap reads that no other view does: whether anything was recorded in a window at all
// (a recap with nothing new asks before it posts), and a meeting's own record — its decisions,
// commitments, resolutions and handled agenda items — as rows, a bounded page of each.
import { and, asc, count, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import type { AgendaItemRow } from './agenda.js';
import type { BlockerRow } from './blockers.js';
import type { CommitmentRow } from './commitments.js';
import type { DecisionRow } from './decisions.js';
import { agendaItems, blockers, commitmentEvents, commitments, decisions, disagreements, goalProgress, updates } from './tables.js';
import { first } from './query.js';

/**
 * Whether anything was recorded in [from, to): an update, a commitment made or closed, a
 * decision made, a blocker raised or resolved, a disagreement flagged, a goal's data point, an
 * agenda item added or handled. Each is one indexed look, stopped at its first row.
 */
export async function recordedBetween(db: Db, teamId: number, from: number, to: number): Promise<boolean> {
  const any = (rows: unknown[]) => rows.length > 0;
  const one = { one: sql`1` };
  return (
    any(await db.select(one).from(updates).where(and(eq(updates.teamId, teamId), gte(updates.createdAt, from), lt(updates.createdAt, to), isNull(updates.droppedAt))).limit(1)) ||
    any(await db.select(one).from(commitmentEvents).where(and(eq(commitmentEvents.teamId, teamId), eq(commitmentEvents.kind, 'created'), gte(commitmentEvents.at, from), lt(commitmentEvents.at, to))).limit(1)) ||
    any(await db.select(one).from(commitments).where(and(eq(commitments.teamId, teamId), gte(commitments.closedAt, from), lt(commitments.closedAt, to))).limit(1)) ||
    any(await db.select(one).from(decisions).where(and(eq(decisions.teamId, teamId), gte(decisions.createdAt, from), lt(decisions.createdAt, to))).limit(1)) ||
    // Decided later than proposed: the proposal may be old, its decision new.
    any(await db.select(one).from(decisions).where(and(eq(decisions.teamId, teamId), eq(decisions.status, 'decided'), gte(decisions.decidedAt, from), lt(decisions.decidedAt, to))).limit(1)) ||
    any(await db.select(one).from(blockers).where(and(eq(blockers.teamId, teamId), gte(blockers.resolvedAt, from), lt(blockers.resolvedAt, to))).limit(1)) ||
    any(await db.select(one).from(blockers).where(and(eq(blockers.teamId, teamId), eq(blockers.status, 'open'), gte(blockers.createdAt, from), lt(blockers.createdAt, to))).limit(1)) ||
    any(await db.select(one).from(disagreements).where(and(eq(disagreements.teamId, teamId), gte(disagreements.createdAt, from), lt(disagreements.createdAt, to))).limit(1)) ||
    any(await db.select(one).from(goalProgress).where(and(eq(goalProgress.teamId, teamId), gte(goalProgress.createdAt, from), lt(goalProgress.createdAt, to))).limit(1)) ||
    any(await db.select(one).from(agendaItems).where(and(eq(agendaItems.teamId, teamId), gte(agendaItems.createdAt, from), lt(agendaItems.createdAt, to))).limit(1)) ||
    any(await db.select(one).from(agendaItems).where(and(eq(agendaItems.teamId, teamId), gte(agendaItems.handledAt, from), lt(agendaItems.handledAt, to))).limit(1))
  );
}

export interface Page<T> {
  rows: T[];
  total: number;
}

export interface MeetingRecord {
  decided: Page<DecisionRow>;
  committed: Page<CommitmentRow>;
  resolved: Page<BlockerRow>;
  handled: Page<AgendaItemRow>;
}

/** What was recorded in a meeting's window [from, to), at most `limit` rows of each, oldest first. */
export async function meetingRecord(db: Db, teamId: number, from: number, to: number, limit: number): Promise<MeetingRecord> {
  const decidedWhere = and(eq(decisions.teamId, teamId), eq(decisions.status, 'decided'), gte(decisions.decidedAt, from), lt(decisions.decidedAt, to));
  // A commitment's "created" event is indexed by team and time; the commitment row is not.
  const madeWhere = and(eq(commitmentEvents.teamId, teamId), eq(commitmentEvents.kind, 'created'), gte(commitmentEvents.at, from), lt(commitmentEvents.at, to));
  const resolvedWhere = and(eq(blockers.teamId, teamId), eq(blockers.status, 'resolved'), gte(blockers.resolvedAt, from), lt(blockers.resolvedAt, to));
  const handledWhere = and(eq(agendaItems.teamId, teamId), gte(agendaItems.handledAt, from), lt(agendaItems.handledAt, to));
  const committed = await db
    .select({ c: commitments })
    .from(commitmentEvents)
    .innerJoin(commitments, eq(commitments.id, commitmentEvents.commitmentId))
    .where(madeWhere)
    .orderBy(asc(commitments.seq))
    .limit(limit);
  return {
    decided: {
      rows: await db.select().from(decisions).where(decidedWhere).orderBy(asc(decisions.seq)).limit(limit),
      total: (await first(db.select({ n: count() }).from(decisions).where(decidedWhere)))?.n ?? 0,
    },
    committed: { rows: committed.map((r) => r.c), total: (await first(db.select({ n: count() }).from(commitmentEvents).where(madeWhere)))?.n ?? 0 },
    resolved: {
      rows: await db.select().from(blockers).where(resolvedWhere).orderBy(asc(blockers.seq)).limit(limit),
      total: (await first(db.select({ n: count() }).from(blockers).where(resolvedWhere)))?.n ?? 0,
    },
    handled: {
      rows: await db.select().from(agendaItems).where(handledWhere).orderBy(asc(agendaItems.seq)).limit(limit),
      total: (await first(db.select({ n: count() }).from(agendaItems).where(handledWhere)))?.n ?? 0,
    },
  };
}
