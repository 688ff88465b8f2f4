// Backups: SQLite's online backup API copies a consistent snapshot while Baton keeps running.
import { closeSync, existsSync, openSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { PRIVATE_FILE } from './client.js';

/** A new, empty, owner-only file for SQLite to copy into (a backup holds everything the database does). */
function createPrivate(file: string): void {
  closeSync(openSync(file, 'wx', PRIVATE_FILE));
}

/** Copies the live database at `source` into `target` (a new file), consistently. */
export async function backupDatabase(source: string, target: string): Promise<{ pages: number }> {
  if (existsSync(target)) throw new Error(`${target} already exists; choose a new file name`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    createPrivate(target);
    const result = await db.backup(target);
    return { pages: result.totalPages };
  } finally {
    db.close();
  }
}

/** True when the file is a readable SQLite database that passes its integrity check. */
export function checkDatabase(file: string): { ok: boolean; detail: string } {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('pragma integrity_check').get() as { integrity_check: string };
      return { ok: row.integrity_check === 'ok', detail: row.integrity_check };
    } finally {
      db.close();
    }
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Restores `backup` as the database at `target`. Baton must be stopped. The backup is checked
 * first; the old database is kept beside it as `<target>.before-restore`.
 */
export async function restoreDatabase(backup: string, target: string): Promise<{ kept?: string }> {
  const check = checkDatabase(backup);
  if (!check.ok) throw new Error(`${backup} is not a sound database (${check.detail}); nothing was changed`);
  const staging = `${target}.restoring`;
  rmSync(staging, { force: true });
  createPrivate(staging);
  const src = new Database(backup, { readonly: true });
  try {
    await src.backup(staging);
  } finally {
    src.close();
  }
  let kept: string | undefined;
  if (existsSync(target)) {
    kept = `${target}.before-restore`;
    rmSync(kept, { force: true });
    renameSync(target, kept);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staging, target);
  return kept ? { kept } : {};
}
