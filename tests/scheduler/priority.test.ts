// The outbox's order of precedence within a paced workspace: what a person just did goes ahead
// of bulk sends (a fan-out, reminders), and bulk sends keep at least half of the pace however
// much a person does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { FixedClock } from '../../src/core/clock.js';
import type { Delivery, SentRef } from '../../src/core/ports.js';
import { enqueue } from '../../src/db/outbox.js';
import { ensureWorkspace } from '../../src/db/workspaces.js';
import { Dispatcher } from '../../src/scheduler/outbox.js';
import { silentLog } from '../support/core.js';
import { openReadyTestDatabase } from '../support/testdb.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('a fan-out recorded first: the person’s own posts go out within the first pass, the fan-out keeps at least half of each pass', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-priority-'));
  dirs.push(dir);
  const database = await openReadyTestDatabase(join(dir, 'baton.db'));
  const clock = new FixedClock(Date.parse('2026-11-23T15:00:00Z'));
  const ws = await ensureWorkspace(database.db, 'console', 'console', clock.now());
  const got: string[] = [];
  const deliver = async (d: Delivery): Promise<SentRef> => (got.push(d.key), { conversationId: 'x', messageId: d.key });
  const dispatcher = new Dispatcher({ store: database.store, clock, transports: { console: { deliver, pace: { perSecond: 40 } } }, log: silentLog, concurrency: 4 });
  const add = (key: string, destination: Record<string, unknown>, destKey: string, bulk: boolean) =>
    enqueue(database.db, { key, workspaceId: ws.id, platform: 'console', destination, destKey, message: { text: key, blocks: [] }, notBefore: clock.now(), createdAt: clock.now(), bulk });
  for (let i = 0; i < 60; i++) await add(`fan${i}`, { to: 'dm', userId: `u${i}` }, `dm:u${i}`, true);
  // Then people's commands post in 30 places (more than any one person does: the worst case).
  for (let i = 0; i < 30; i++) await add(`post${i}`, { to: 'channel', channelId: `c${i}` }, `ch:c${i}`, false);

  await dispatcher.drain();
  expect(got).toHaveLength(90);
  expect(new Set(got).size).toBe(90);
  // The first posts go out in the first pass (a quarter second's worth: 10), ahead of the fan-out.
  expect(got.slice(0, 5).every((k) => k.startsWith('post'))).toBe(true);
  // And the fan-out is never starved: in every 20 sends while both wait, at least 8 are the fan-out's.
  const both = got.slice(0, got.lastIndexOf('post29'));
  for (let i = 0; i + 20 <= both.length; i += 20) expect(both.slice(i, i + 20).filter((k) => k.startsWith('fan')).length).toBeGreaterThanOrEqual(8);
  database.close();
});
