// The meeting's agenda items (A-n): added by hand or from check-in answers, open until handled
// or dropped, carried forward from meeting to meeting.
import { and, asc, count, eq, gte, isNotNull, isNull, lt, lte, notExists, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { agendaItems, blockers, commitments, decisions, disagreements, goalProgress, goals, members } from './tables.js';
import { nextSeq } from './teams.js';
import { first } from './query.js';

export type AgendaItemRow = typeof agendaItems.$inferSelect;
export type NewAgendaItem = Omit<typeof agendaItems.$inferInsert, 'id' | 'seq'>;

/** Adds an item with the team's next A-number, in the caller's transaction. */
export async function addAgendaItem(db: Db, values: NewAgendaItem): Promise<AgendaItemRow> {
  const seq = await nextSeq(db, values.teamId, 'A');
  return await first(db.insert(agendaItems).values({ ...values, seq }).returning());
}

/** Items neither handled nor dropped, oldest first (the order they were raised). */
export async function openAgendaItems(db: Db, teamId: number): Promise<AgendaItemRow[]> {
  return await db
    .select()
    .from(agendaItems)
    .where(and(eq(agendaItems.teamId, teamId), isNull(agendaItems.handledAt), isNull(agendaItems.droppedAt)))
    .orderBy(asc(agendaItems.seq));
}

export async function findAgendaItem(db: Db, teamId: number, seq: number): Promise<AgendaItemRow | undefined> {
  return await first(db.select().from(agendaItems).where(and(eq(agendaItems.teamId, teamId), eq(agendaItems.seq, seq))));
}

/** Items raised from one source record (e.g. a check-in's answer), so an edited answer can update its item. */
export async function agendaItemsFrom(db: Db, teamId: number, source: string, sourceRef: string): Promise<AgendaItemRow[]> {
  return await db
    .select()
    .from(agendaItems)
    .where(and(eq(agendaItems.teamId, teamId), eq(agendaItems.source, source), eq(agendaItems.sourceRef, sourceRef)));
}

export async function patchAgendaItem(
  db: Db,
  id: number,
  patch: Partial<Pick<AgendaItemRow, 'text' | 'handledAt' | 'handledBy' | 'handledNote' | 'droppedAt' | 'droppedBy'>>,
): Promise<void> {
  await db.update(agendaItems).set(patch).where(eq(agendaItems.id, id));
}

/** One derived agenda line's record: its id number, text and owner's name. */
export interface AgendaSource {
  seq: number;
  text: string;
  owner: string | null;
  /** Commitments and decision executions: the due instant; blockers: when raised. */
  at: number | null;
}

export interface AgendaPage<T> {
  rows: T[];
  total: number;
}

/** Open items, oldest first, at most `limit` of them, with how many there are in all. */
export async function openAgendaPage(db: Db, teamId: number, limit: number): Promise<AgendaPage<AgendaItemRow & { author: string | null }>> {
  const open = and(eq(agendaItems.teamId, teamId), isNull(agendaItems.handledAt), isNull(agendaItems.droppedAt));
  const rows = await db
    .select({ item: agendaItems, author: members.name })
    .from(agendaItems)
    .leftJoin(members, eq(members.id, agendaItems.createdBy))
    .where(open)
    .orderBy(asc(agendaItems.seq))
    .limit(limit);
  const total = (await first(db.select({ n: count() }).from(agendaItems).where(open)))?.n ?? 0;
  return { rows: rows.map((r) => ({ ...r.item, author: r.author })), total };
}

/**
 * What a meeting at `startsAt` should look at besides its items, each at most `limit` rows with
 * its total: proposals waiting for agreement, commitments and decision executions due by
 * `dueBy`, blockers open since before `blockedBefore`, open disagreements (topic only), and open
 * goals with no data point since `quietSince`.
 */
export async function agendaSources(
  db: Db,
  teamId: number,
  opts: { dueBy: number; blockedBefore: number; quietSince: number; limit: number },
): Promise<Record<'proposals' | 'commitments' | 'executions' | 'blockers' | 'disagreements' | 'goals', AgendaPage<AgendaSource>>> {
  const page = <T>(rows: T[], total: number | undefined): AgendaPage<T> => ({ rows, total: total ?? 0 });
  const proposalsWhere = and(eq(decisions.teamId, teamId), eq(decisions.status, 'proposed'));
  const proposals = page(
    await db.select({ seq: decisions.seq, text: decisions.text, owner: members.name, at: decisions.windowEndsAt }).from(decisions).leftJoin(members, eq(members.id, decisions.createdBy)).where(proposalsWhere).orderBy(asc(decisions.seq)).limit(opts.limit),
    (await first(db.select({ n: count() }).from(decisions).where(proposalsWhere)))?.n,
  );
  const commitmentsWhere = and(eq(commitments.teamId, teamId), eq(commitments.status, 'open'), isNotNull(commitments.dueAt), lte(commitments.dueAt, opts.dueBy));
  const dueCommitments = page(
    await db.select({ seq: commitments.seq, text: commitments.text, owner: members.name, at: commitments.dueAt }).from(commitments).leftJoin(members, eq(members.id, commitments.ownerId)).where(commitmentsWhere).orderBy(asc(commitments.dueAt), asc(commitments.seq)).limit(opts.limit),
    (await first(db.select({ n: count() }).from(commitments).where(commitmentsWhere)))?.n,
  );
  const executionsWhere = and(eq(decisions.teamId, teamId), eq(decisions.status, 'decided'), isNull(decisions.doneAt), isNotNull(decisions.dueAt), lte(decisions.dueAt, opts.dueBy));
  const executions = page(
    await db.select({ seq: decisions.seq, text: decisions.text, owner: members.name, at: decisions.dueAt }).from(decisions).leftJoin(members, eq(members.id, decisions.executorId)).where(executionsWhere).orderBy(asc(decisions.dueAt), asc(decisions.seq)).limit(opts.limit),
    (await first(db.select({ n: count() }).from(decisions).where(executionsWhere)))?.n,
  );
  const blockersWhere = and(eq(blockers.teamId, teamId), eq(blockers.status, 'open'), lt(blockers.createdAt, opts.blockedBefore));
  const oldBlockers = page(
    await db.select({ seq: blockers.seq, text: blockers.text, owner: members.name, at: blockers.createdAt }).from(blockers).leftJoin(members, eq(members.id, blockers.raisedBy)).where(blockersWhere).orderBy(asc(blockers.seq)).limit(opts.limit),
    (await first(db.select({ n: count() }).from(blockers).where(blockersWhere)))?.n,
  );
  const disagreementsWhere = and(eq(disagreements.teamId, teamId), isNull(disagreements.endedAt));
  const openDisagreements = page(
    await db.select({ seq: disagreements.seq, text: disagreements.topic, owner: members.name, at: disagreements.createdAt }).from(disagreements).leftJoin(members, eq(members.id, disagreements.facilitatorId)).where(disagreementsWhere).orderBy(asc(disagreements.seq)).limit(opts.limit),
    (await first(db.select({ n: count() }).from(disagreements).where(disagreementsWhere)))?.n,
  );
  // A goal made in the window has had no time for a point yet; a goal without a measure takes none.
  const recentPoint = db.select({ one: sql`1` }).from(goalProgress).where(and(eq(goalProgress.goalId, goals.id), gte(goalProgress.createdAt, opts.quietSince)));
  const goalsWhere = and(eq(goals.teamId, teamId), eq(goals.status, 'open'), isNotNull(goals.measure), lt(goals.createdAt, opts.quietSince), notExists(recentPoint));
  const quietGoals = page(
    await db.select({ seq: goals.seq, text: goals.text, owner: members.name, at: goals.createdAt }).from(goals).leftJoin(members, eq(members.id, goals.ownerId)).where(goalsWhere).orderBy(asc(goals.seq)).limit(opts.limit),
    (await first(db.select({ n: count() }).from(goals).where(goalsWhere)))?.n,
  );
  return { proposals, commitments: dueCommitments, executions, blockers: oldBlockers, disagreements: openDisagreements, goals: quietGoals };
}

/** Every agenda item of the team, for the export. */
export async function allAgendaItems(db: Db, teamId: number): Promise<AgendaItemRow[]> {
  return await db.select().from(agendaItems).where(eq(agendaItems.teamId, teamId)).orderBy(asc(agendaItems.seq));
}
