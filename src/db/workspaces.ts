// Workspaces: one Slack workspace (or Enterprise Grid org), one Teams tenant, or the console.
import { and, eq, sql } from 'drizzle-orm';
import { type Db, prepared } from './client.js';
import { workspaces } from './tables.js';
import { first } from './query.js';

export type WorkspaceRow = typeof workspaces.$inferSelect;

/** The workspace for a platform id, created on first sight and reactivated if it came back. */
export async function ensureWorkspace(db: Db, platform: string, externalId: string, now: number, name?: string): Promise<WorkspaceRow> {
  const found = await findWorkspace(db, platform, externalId);
  if (found) {
    if (!found.active || (name && name !== found.name)) {
      await db.update(workspaces)
        .set({ active: true, deactivatedAt: null, ...(name ? { name } : {}) })
        .where(eq(workspaces.id, found.id));
      return { ...found, active: true, deactivatedAt: null, name: name ?? found.name };
    }
    return found;
  }
  return await first(db.insert(workspaces).values({ platform, externalId, name: name ?? null, installedAt: now }).returning());
}

export async function findWorkspace(db: Db, platform: string, externalId: string): Promise<WorkspaceRow | undefined> {
  return await prepared(db, 'workspaces.find', (c) =>
    c
      .select()
      .from(workspaces)
      .where(and(eq(workspaces.platform, sql.placeholder('platform')), eq(workspaces.externalId, sql.placeholder('externalId'))))
      .prepare(),
  ).get({ platform, externalId });
}

export async function getWorkspace(db: Db, id: number): Promise<WorkspaceRow | undefined> {
  return await first(db.select().from(workspaces).where(eq(workspaces.id, id)));
}

/** Uninstalled or tokens revoked: kept, with every record, but marked inactive. */
export async function deactivateWorkspace(db: Db, id: number, now: number): Promise<void> {
  await db.update(workspaces).set({ active: false, deactivatedAt: now }).where(eq(workspaces.id, id));
}

export async function mergeWorkspaceSettings(db: Db, id: number, patch: Record<string, unknown>): Promise<void> {
  const row = await getWorkspace(db, id);
  if (!row) return;
  await db.update(workspaces)
    .set({ settings: { ...row.settings, ...patch } })
    .where(eq(workspaces.id, id));
}
