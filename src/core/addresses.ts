// The address book: where a platform can reach a person or a conversation, remembered for the
// adapter that needs it (Teams conversation references for proactive messages, for instance).
// Opaque to the core; keyed by platform, workspace and the adapter's own key.
import type { Db } from '../db/client.js';
import { findAddress, saveAddress } from '../db/addresses.js';
import type { Clock } from './clock.js';
import type { Platform } from './ports.js';

export class AddressBook {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  save(platform: Platform, workspaceId: string, key: string, data: Record<string, unknown>): void {
    saveAddress(this.db, platform, workspaceId, key, data, this.clock.now());
  }

  find(platform: Platform, workspaceId: string, key: string): Record<string, unknown> | undefined {
    return findAddress(this.db, platform, workspaceId, key);
  }
}
