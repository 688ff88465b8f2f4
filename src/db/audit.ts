// The audit trail: who did what, when, from which platform and source message.
import { asc, eq, sql } from 'drizzle-orm';
import { type Db, prepared } from './client.js';
import { audit } from './tables.js';

export type AuditRow = typeof audit.$inferSelect;

export async function recordAudit(db: Db, entry: typeof audit.$inferInsert): Promise<void> {
  const insert = prepared(db, 'audit.record', (c) =>
    c
      .insert(audit)
      .values({
        workspaceId: sql.placeholder('workspaceId'),
        teamId: sql.placeholder('teamId'),
        actor: sql.placeholder('actor'),
        platform: sql.placeholder('platform'),
        action: sql.placeholder('action'),
        target: sql.placeholder('target'),
        at: sql.placeholder('at'),
        sourceUrl: sql.placeholder('sourceUrl'),
        details: sql.placeholder('details'),
      })
      .prepare(),
  );
  await insert.run({ teamId: null, target: null, sourceUrl: null, details: null, ...entry });
}

export async function auditOfTeam(db: Db, teamId: number): Promise<AuditRow[]> {
  return await db.select().from(audit).where(eq(audit.teamId, teamId)).orderBy(asc(audit.id));
}
