// The audit trail: who did what, when, from which platform and source message.
import { asc, eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { audit } from './schema.js';

export type AuditRow = typeof audit.$inferSelect;

export function recordAudit(db: Db, entry: typeof audit.$inferInsert): void {
  db.insert(audit).values(entry).run();
}

export function auditOfTeam(db: Db, teamId: number): AuditRow[] {
  return db.select().from(audit).where(eq(audit.teamId, teamId)).orderBy(asc(audit.id)).all();
}
