// One sender per workspace, as two dispatchers (two instances) on one database see it: only the
// holder of a workspace's lease sends its messages, the other sends those of workspaces it holds;
// when the holder stops cleanly the other takes over at once, when it dies at the end of its lease.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/core/clock.js';
import type { Delivery, SentRef, Transport } from '../../src/core/ports.js';
import { enqueue, outboxByStatus } from '../../src/db/outbox.js';
import { ensureWorkspace } from '../../src/db/workspaces.js';
import { Dispatcher, WORKSPACE_LEASE_MS } from '../../src/scheduler/outbox.js';
import { silentLog } from '../support/core.js';
import { openReadyTestDatabase } from '../support/testdb.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'baton-leases-'));
  dirs.push(dir);
  const database = await openReadyTestDatabase(join(dir, 'baton.db'));
  const clock = new FixedClock(Date.parse('2026-11-23T15:00:00Z'));
  const east = await ensureWorkspace(database.db, 'console', 'east', clock.now());
  const west = await ensureWorkspace(database.db, 'console', 'west', clock.now());
  const sent: { by: string; key: string }[] = [];
  const dispatcher = (instance: string) => {
    const transport: Transport = { deliver: async (d: Delivery): Promise<SentRef> => (sent.push({ by: instance, key: d.key }), { conversationId: 'c', messageId: d.key }) };
    return new Dispatcher({ store: database.store, instance, clock, transports: { console: transport }, log: silentLog });
  };
  let n = 0;
  const add = (workspaceId: number) =>
    enqueue(database.db, { key: `m${++n}`, workspaceId, platform: 'console', destination: { to: 'channel', channelId: `c${workspaceId}` }, destKey: `ch:${workspaceId}`, message: { text: 'x', blocks: [] }, notBefore: clock.now(), createdAt: clock.now() });
  return { database, clock, east, west, sent, dispatcher, add };
}

describe('one sender per workspace', () => {
  it('the first instance to send a workspace’s messages keeps it; the other sends only for workspaces nobody holds', async () => {
    const { east, west, sent, dispatcher, add, database } = await setup();
    const a = dispatcher('host-a:3000');
    const b = dispatcher('host-b:3000');
    await add(east.id);
    await a.drain();
    await add(east.id);
    await add(west.id);
    await b.drain();
    await a.drain();
    expect(sent).toEqual([
      { by: 'host-a:3000', key: 'm1' },
      { by: 'host-b:3000', key: 'm3' },
      { by: 'host-a:3000', key: 'm2' },
    ]);
    expect(await outboxByStatus(database.db, ['pending', 'sending'])).toEqual([]);
  });

  it('a holder that stops cleanly hands its workspaces over at once', async () => {
    const { east, sent, dispatcher, add } = await setup();
    const a = dispatcher('host-a:3000');
    const b = dispatcher('host-b:3000');
    await add(east.id);
    await a.drain();
    a.stop();
    await a.release();
    await add(east.id);
    await b.drain();
    expect(sent.map((s) => s.by)).toEqual(['host-a:3000', 'host-b:3000']);
  });

  it('a holder that died is taken over when its lease runs out, not before; a restart of it under the same name takes its workspaces straight back', async () => {
    const { east, clock, sent, dispatcher, add } = await setup();
    const a = dispatcher('host-a:3000');
    await add(east.id);
    await a.drain();
    // host-a dies (nothing handed back). host-b waits out its lease.
    const b = dispatcher('host-b:3000');
    await add(east.id);
    clock.advance(WORKSPACE_LEASE_MS - 1);
    await b.drain();
    expect(sent.map((s) => s.by)).toEqual(['host-a:3000']);
    clock.advance(1);
    await b.drain();
    expect(sent.map((s) => s.by)).toEqual(['host-a:3000', 'host-b:3000']);
    // And so on: host-b holds it now; host-a restarted does not send for it while host-b lives.
    const again = dispatcher('host-a:3000');
    await add(east.id);
    await again.drain();
    expect(sent.map((s) => s.by)).toEqual(['host-a:3000', 'host-b:3000']);
    await b.drain();
    expect(sent.map((s) => s.by)).toEqual(['host-a:3000', 'host-b:3000', 'host-b:3000']);
  });

  it('a restart under the same name sends at once what the previous life held', async () => {
    const { east, sent, dispatcher, add } = await setup();
    await add(east.id);
    await dispatcher('host-a:3000').drain();
    await add(east.id);
    await dispatcher('host-a:3000').drain();
    expect(sent.map((s) => s.by)).toEqual(['host-a:3000', 'host-a:3000']);
  });
});
