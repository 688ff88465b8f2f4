// Workspaces: one Slack workspace (or Enterprise Grid org), one Teams tenant, or the console.
import { and, eq, sql } from 'drizzle-orm';
import { type Db, prepared } from './client.js';
import { workspaces } from './schema.js';

export type WorkspaceRow = typeof workspaces.$inferSelect;

/** The workspace for a platform id, created on first sight and reactivated if it came back. */
export async function ensureWorkspace(db: Db, platform: string, externalId: string, now: number, name?: string): Promise<WorkspaceRow> {
  const found = await findWorkspace(db, platform, externalId);
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

export async function findWorkspace(db: Db, platform: string, externalId: string): Promise<WorkspaceRow | undefined> {
  return prepared(db, 'workspaces.find', (c) =>
    c
      .select()
      .from(workspaces)
      .where(and(eq(workspaces.platform, sql.placeholder('platform')), eq(workspaces.externalId, sql.placeholder('externalId'))))
      .prepare(),
  ).get({ platform, externalId });
}

export async function getWorkspace(db: Db, id: number): Promise<WorkspaceRow | undefined> {
  return db.select().from(workspaces).where(eq(workspaces.id, id)).get();
}

/** Uninstalled or tokens revoked: kept, with every record, but marked inactive. */
export async function deactivateWorkspace(db: Db, id: number, now: number): Promise<void> {
  db.update(workspaces).set({ active: false, deactivatedAt: now }).where(eq(workspaces.id, id)).run();
}

export async function mergeWorkspaceSettings(db: Db, id: number, patch: Record<string, unknown>): Promise<void> {
  const row = await getWorkspace(db, id);
  if (!row) return;
  db.update(workspaces)
    .set({ settings: { ...row.settings, ...patch } })
    .where(eq(workspaces.id, id))
    .run();
}
