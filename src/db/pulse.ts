// The pulse's storage: each 1–5 answer kept apart from the check-in's own answers, and read back
// only as a run's aggregate (count, sum, lowest, highest). No function here returns one person's
// answer: whatever the core builds from the pulse, it cannot show one.
import { and, desc, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import type { RunRow } from './checkins.js';
import { checkinPulses, checkinRuns } from './tables.js';
import { first } from './query.js';

/** A run's pulse answers, as a whole. */
export interface PulseTally {
  answers: number;
  sum: number;
  /** The lowest and highest answers (null: none). */
  min: number | null;
  max: number | null;
}

/** Records (or changes, before the digest) the pulse answer of one check-in. */
export async function savePulse(db: Db, row: { checkinId: number; runId: number; teamId: number; score: number }): Promise<void> {
  await db.insert(checkinPulses).values(row).onConflictDoUpdate({ target: checkinPulses.checkinId, set: { score: row.score } });
}

/** The aggregate of a run's pulse answers. */
export async function pulseTally(db: Db, runId: number): Promise<PulseTally> {
  const row = await first(
    db
    .select({
      answers: sql<number>`count(${checkinPulses.score})`,
      sum: sql<number>`coalesce(sum(${checkinPulses.score}), 0)`,
      min: sql<number | null>`min(${checkinPulses.score})`,
      max: sql<number | null>`max(${checkinPulses.score})`,
    })
    .from(checkinPulses)
    .where(eq(checkinPulses.runId, runId)),
  );
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { answers: Number(row?.answers ?? 0), sum: Number(row?.sum ?? 0), min: n(row?.min), max: n(row?.max) };
}

/**
 * The team's runs that asked the pulse and whose digest is posted (their pulse is closed), newest
 * first: started in [from, to) when given, or before `before` (a run's start) when given.
 */
export async function closedPulseRuns(db: Db, teamId: number, o: { from?: number; to?: number; before?: number; limit: number }): Promise<RunRow[]> {
  return await db
    .select()
    .from(checkinRuns)
    .where(
      and(
        eq(checkinRuns.teamId, teamId),
        eq(checkinRuns.pulse, true),
        isNotNull(checkinRuns.digestPostedAt),
        o.from !== undefined ? gte(checkinRuns.startedAt, o.from) : undefined,
        o.to !== undefined ? lt(checkinRuns.startedAt, o.to) : undefined,
        o.before !== undefined ? lt(checkinRuns.startedAt, o.before) : undefined,
      ),
    )
    .orderBy(desc(checkinRuns.startedAt), desc(checkinRuns.id))
    .limit(o.limit);
}
