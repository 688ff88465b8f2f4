// Corrections: every edit of a record keeps the value it replaced (record_edits), and finding
// the channel posts Baton made about a record, so an edit can update them.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { decisions, outbox, recordEdits } from './tables.js';
import { first } from './query.js';
import { jsonText } from './dialect.js';

export type EditRow = typeof recordEdits.$inferSelect;

export async function insertEdit(db: Db, values: typeof recordEdits.$inferInsert): Promise<void> {
  await db.insert(recordEdits).values(values);
}

export async function editsOf(db: Db, teamId: number, ref: string): Promise<EditRow[]> {
  return await db.select().from(recordEdits).where(and(eq(recordEdits.teamId, teamId), eq(recordEdits.ref, ref))).orderBy(asc(recordEdits.id));
}

/**
 * The first channel post about a record in each channel (its announcement there), by outbox
 * key, with the message as posted. Edits of posts (`replaces`) and later posts about the record
 * (done, moved) are not it; the message is the post as it reads now (its latest edit). The JSON fields are read in each engine's own way (dialect.ts).
 */
export async function announcementsOf(db: Db, workspaceId: number, teamId: number, ref: string): Promise<{ key: string; channelId: string; message: Record<string, unknown> }[]> {
  const rows = await db
    .select({ key: outbox.key, destination: outbox.destination, message: outbox.message })
    .from(outbox)
    .where(
      and(
        eq(outbox.workspaceId, workspaceId),
        sql`${jsonText(db, outbox.destination, ['to'])} = 'channel'`,
        sql`${jsonText(db, outbox.destination, ['replaces'])} is null`,
        sql`${jsonText(db, outbox.subject, ['teamId'])} = ${teamId}`,
        sql`${jsonText(db, outbox.subject, ['ref'])} = ${ref}`,
      ),
    )
    .orderBy(asc(outbox.id));
  const seen = new Set<string>();
  const out: { key: string; channelId: string; message: Record<string, unknown> }[] = [];
  for (const r of rows) {
    const channelId = String(r.destination.channelId);
    if (seen.has(channelId)) continue;
    seen.add(channelId);
    // The post as it reads now: its latest edit, if it had one.
    const latest = await first(db
      .select({ message: outbox.message })
      .from(outbox)
      .where(and(eq(outbox.workspaceId, workspaceId), sql`${jsonText(db, outbox.destination, ['replaces'])} = ${r.key}`))
      .orderBy(desc(outbox.id))
      .limit(1));
    out.push({ key: r.key, channelId, message: latest?.message ?? r.message });
  }
  return out;
}

/** A decision's corrected text (its date and executor change by other commands, never by edit). */
export async function setDecisionText(db: Db, id: number, text: string): Promise<void> {
  await db.update(decisions).set({ text }).where(eq(decisions.id, id));
}
