// Corrections: every edit of a record keeps the value it replaced (record_edits), and finding
// the channel posts Baton made about a record, so an edit can update them.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { decisions, outbox, recordEdits } from './schema.js';

export type EditRow = typeof recordEdits.$inferSelect;

export async function insertEdit(db: Db, values: typeof recordEdits.$inferInsert): Promise<void> {
  db.insert(recordEdits).values(values).run();
}

export async function editsOf(db: Db, teamId: number, ref: string): Promise<EditRow[]> {
  return db.select().from(recordEdits).where(and(eq(recordEdits.teamId, teamId), eq(recordEdits.ref, ref))).orderBy(asc(recordEdits.id)).all();
}

/**
 * The first channel post about a record in each channel (its announcement there), by outbox
 * key, with the message as posted. Edits of posts (`replaces`) and later posts about the record
 * (done, moved) are not it; the message is the post as it reads now (its latest edit). SQLite's json_extract: the PostgreSQL store reads the same fields with ->>.
 */
export async function announcementsOf(db: Db, workspaceId: number, teamId: number, ref: string): Promise<{ key: string; channelId: string; message: Record<string, unknown> }[]> {
  const rows = db
    .select({ key: outbox.key, destination: outbox.destination, message: outbox.message })
    .from(outbox)
    .where(
      and(
        eq(outbox.workspaceId, workspaceId),
        sql`json_extract(${outbox.destination}, '$.to') = 'channel'`,
        sql`json_extract(${outbox.destination}, '$.replaces') is null`,
        sql`json_extract(${outbox.subject}, '$.teamId') = ${teamId}`,
        sql`json_extract(${outbox.subject}, '$.ref') = ${ref}`,
      ),
    )
    .orderBy(asc(outbox.id))
    .all();
  const seen = new Set<string>();
  const out: { key: string; channelId: string; message: Record<string, unknown> }[] = [];
  for (const r of rows) {
    const channelId = String(r.destination.channelId);
    if (seen.has(channelId)) continue;
    seen.add(channelId);
    // The post as it reads now: its latest edit, if it had one.
    const latest = db
      .select({ message: outbox.message })
      .from(outbox)
      .where(and(eq(outbox.workspaceId, workspaceId), sql`json_extract(${outbox.destination}, '$.replaces') = ${r.key}`))
      .orderBy(desc(outbox.id))
      .limit(1)
      .get();
    out.push({ key: r.key, channelId, message: latest?.message ?? r.message });
  }
  return out;
}

/** A decision's corrected text (its date and executor change by other commands, never by edit). */
export async function setDecisionText(db: Db, id: number, text: string): Promise<void> {
  db.update(decisions).set({ text }).where(eq(decisions.id, id)).run();
}
