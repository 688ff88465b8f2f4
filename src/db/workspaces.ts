// Workspaces: one Slack workspace (or Enterprise Grid org), one Teams tenant, or the console.
import { and, eq, sql } from 'drizzle-orm';
import { type Db, prepared } from './client.js';
import { workspaces } from './schema.js';

export type WorkspaceRow = typeof workspaces.$inferSelect;

/** The workspace for a platform id, created on first sight and reactivated if it came back. */
export function ensureWorkspace(db: Db, platform: string, externalId: string, now: number, name?: string): WorkspaceRow {
  const found = findWorkspace(db, platform, externalId);
  if (found) {
    if (!found.active || (name && name !== found.name)) {
      db.update(workspaces)
        .set({ active: true, deactivatedAt: null, ...(name ? { name } : {}) })
        .where(eq(workspaces.id, found.id))
        .run();
      return { ...found, active: true, deactivatedAt: null, name: name ?? found.name };
    }
    return found;
  }
  return db.insert(workspaces).values({ platform, externalId, name: name ?? null, installedAt: now }).returning().get();
}

export function findWorkspace(db: Db, platform: string, externalId: string): WorkspaceRow | undefined {
  return prepared(db, 'workspaces.find', (c) =>
    c
      .select()
      .from(workspaces)
      .where(and(eq(workspaces.platform, sql.placeholder('platform')), eq(workspaces.externalId, sql.placeholder('externalId'))))
      .prepare(),
  ).get({ platform, externalId });
}

export function getWorkspace(db: Db, id: number): WorkspaceRow | undefined {
  return db.select().from(workspaces).where(eq(workspaces.id, id)).get();
}

/** Uninstalled or tokens revoked: kept, with every record, but marked inactive. */
export function deactivateWorkspace(db: Db, id: number, now: number): void {
  db.update(workspaces).set({ active: false, deactivatedAt: now }).where(eq(workspaces.id, id)).run();
}

export function mergeWorkspaceSettings(db: Db, id: number, patch: Record<string, unknown>): void {
  const row = getWorkspace(db, id);
  if (!row) return;
  db.update(workspaces)
    .set({ settings: { ...row.settings, ...patch } })
    .where(eq(workspaces.id, id))
    .run();
}
