// The meeting's agenda items (A-n): added by hand or from check-in answers, open until handled
// or dropped, carried forward from meeting to meeting.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from './client.js';
import { agendaItems } from './schema.js';
import { nextSeq } from './teams.js';

export type AgendaItemRow = typeof agendaItems.$inferSelect;
export type NewAgendaItem = Omit<typeof agendaItems.$inferInsert, 'id' | 'seq'>;

/** Adds an item with the team's next A-number, in the caller's transaction. */
export async function addAgendaItem(db: Db, values: NewAgendaItem): Promise<AgendaItemRow> {
  const seq = await nextSeq(db, values.teamId, 'A');
  return db.insert(agendaItems).values({ ...values, seq }).returning().get();
}

/** Items neither handled nor dropped, oldest first (the order they were raised). */
export async function openAgendaItems(db: Db, teamId: number): Promise<AgendaItemRow[]> {
  return db
    .select()
    .from(agendaItems)
    .where(and(eq(agendaItems.teamId, teamId), isNull(agendaItems.handledAt), isNull(agendaItems.droppedAt)))
    .orderBy(asc(agendaItems.seq))
    .all();
}

export async function findAgendaItem(db: Db, teamId: number, seq: number): Promise<AgendaItemRow | undefined> {
  return db.select().from(agendaItems).where(and(eq(agendaItems.teamId, teamId), eq(agendaItems.seq, seq))).get();
}

/** Items raised from one source record (e.g. a check-in's answer), so an edited answer can update its item. */
export async function agendaItemsFrom(db: Db, teamId: number, source: string, sourceRef: string): Promise<AgendaItemRow[]> {
  return db
    .select()
    .from(agendaItems)
    .where(and(eq(agendaItems.teamId, teamId), eq(agendaItems.source, source), eq(agendaItems.sourceRef, sourceRef)))
    .all();
}

export async function patchAgendaItem(
  db: Db,
  id: number,
  patch: Partial<Pick<AgendaItemRow, 'text' | 'handledAt' | 'handledBy' | 'handledNote' | 'droppedAt' | 'droppedBy'>>,
): Promise<void> {
  db.update(agendaItems).set(patch).where(eq(agendaItems.id, id)).run();
}
