// The address book: where a platform can reach a person or a conversation, remembered for the
// adapter that needs it (Teams conversation references for proactive messages, for instance).
// Opaque to the core; keyed by platform, workspace and the adapter's own key. What a platform
// says of a person (a name) is kept without NUL characters, which PostgreSQL cannot store.
import { findAddress, saveAddress, saveAddressOnce } from '../db/addresses.js';
import type { Store } from '../db/store.js';
import type { Clock } from './clock.js';
import { withoutNul } from './language/sanitize.js';
import type { Platform } from './ports.js';

export class AddressBook {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async save(platform: Platform, workspaceId: string, key: string, data: Record<string, unknown>): Promise<void> {
    const now = this.clock.now();
    await this.store.tx(async (q) => saveAddress(q, platform, workspaceId, withoutNul(key), withoutNul(data), now));
  }

  /** Saves `data` unless the key holds something already; what it holds now (the same for every instance). */
  async keepFirst(platform: Platform, workspaceId: string, key: string, data: Record<string, unknown>): Promise<Record<string, unknown>> {
    const now = this.clock.now();
    return this.store.tx(async (q) => saveAddressOnce(q, platform, workspaceId, withoutNul(key), withoutNul(data), now));
  }

  async find(platform: Platform, workspaceId: string, key: string): Promise<Record<string, unknown> | undefined> {
    return this.store.read(async (q) => findAddress(q, platform, workspaceId, key));
  }
}
