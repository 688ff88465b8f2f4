// People and channel membership from Slack: users.info (names, time zones), conversations.members.
// People are cached for an hour, and a lookup already under way is shared, so a burst of commands
// asks Slack once per person. A lookup that failed is remembered too (an id Slack does not know,
// for an hour; any other failure, for a minute), and a 429 is not waited out: until its
// Retry-After has passed every lookup in that workspace fails at once, and the core uses what it
// has stored instead. Setup's channel members are looked up patiently (a lead waits for them).
import type { Directory, Logger, Person } from '../../core/ports.js';
import { errorText } from './log.js';
import type { WebClient } from './web.js';

const TTL_MS = 60 * 60 * 1000;
/** How long a failed lookup is remembered: an id Slack does not know, and any other failure. */
const UNKNOWN_TTL_MS = 60 * 60 * 1000;
const FAILED_TTL_MS = 60 * 1000;
/** A leadership channel is small; a huge one is cut here rather than looked up person by person. */
const MAX_CHANNEL_MEMBERS = 500;
/** Pages of 1,000 read to find one person in a channel (broadcast): 50,000 members. */
const MAX_MEMBERSHIP_PAGES = 50;

interface SlackUser {
  id?: string;
  name?: string;
  real_name?: string;
  tz?: string;
  is_bot?: boolean;
  deleted?: boolean;
  profile?: { display_name?: string; real_name?: string };
}

interface Cached {
  at: number;
  ttl: number;
  person: Promise<Person & { deleted?: boolean }>;
}

/** A lookup not made because Slack asked to wait (429): the caller uses what it knows. */
export class LookupDeferred extends Error {}

export class SlackDirectory implements Directory {
  private readonly cache = new Map<string, Cached>();
  /** Per workspace: no lookups before this time (epoch ms), Slack's Retry-After. */
  private readonly pausedUntil = new Map<string, number>();

  /**
   * `quick` answers a 429 at once (lookups while a command waits); `patient` waits it out
   * (setup's channel members).
   */
  constructor(
    private readonly quick: WebClient,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly patient: WebClient = quick,
  ) {}

  async person(workspaceId: string, userId: string): Promise<Person> {
    const { deleted: _deleted, ...p } = await this.lookup(workspaceId, userId);
    return p;
  }

  /** The display name of someone already looked up, without asking Slack. */
  async nameIfKnown(workspaceId: string, userId: string): Promise<string | undefined> {
    const hit = this.cache.get(`${workspaceId}:${userId}`);
    if (!hit) return undefined;
    try {
      return (await hit.person).name;
    } catch {
      return undefined;
    }
  }

  /**
   * Whether one person is in a channel: conversations.members page by page (no users.info), up
   * to MAX_MEMBERSHIP_PAGES; a channel larger than that, not yet answered, throws (cannot tell).
   */
  async hasMember(_workspaceId: string, channelId: string, userId: string): Promise<boolean> {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_MEMBERSHIP_PAGES; page++) {
      const r = await this.patient.conversations.members({ channel: channelId, limit: 1000, ...(cursor ? { cursor } : {}) });
      if (r.members?.includes(userId)) return true;
      cursor = r.response_metadata?.next_cursor || undefined;
      if (!cursor) return false;
    }
    throw new Error('channel too large to check membership');
  }

  async channelMembers(workspaceId: string, channelId: string): Promise<Person[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.patient.conversations.members({ channel: channelId, limit: 200, ...(cursor ? { cursor } : {}) });
      ids.push(...(page.members ?? []));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor && ids.length < MAX_CHANNEL_MEMBERS);
    if (ids.length >= MAX_CHANNEL_MEMBERS) this.log.warn({ channelId, kept: MAX_CHANNEL_MEMBERS }, 'channel has more members than Baton looks up at setup');
    const people: Person[] = [];
    // A few at a time: users.info is generous (Tier 4), but not unlimited.
    const queue = ids.slice(0, MAX_CHANNEL_MEMBERS);
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          try {
            const { deleted, ...p } = await this.lookup(workspaceId, id, this.patient);
            if (!deleted) people.push(p);
          } catch (err) {
            this.log.warn({ userId: id, error: errorText(err) }, 'could not look up a channel member');
          }
        }
      }),
    );
    return people;
  }

  private lookup(workspaceId: string, userId: string, client: WebClient = this.quick): Promise<Person & { deleted?: boolean }> {
    const key = `${workspaceId}:${userId}`;
    const hit = this.cache.get(key);
    const now = this.now();
    if (hit && now - hit.at < hit.ttl) return hit.person;
    if (client === this.quick && (this.pausedUntil.get(workspaceId) ?? 0) > now) return Promise.reject(new LookupDeferred('users.info is rate limited'));
    const person = client.users.info({ user: userId }).then((r) => toPerson(userId, r.user as SlackUser | undefined));
    const entry: Cached = { at: now, ttl: TTL_MS, person };
    this.cache.set(key, entry);
    person.catch((err: unknown) => {
      if (this.cache.get(key) !== entry) return;
      const e = err as { code?: string; retryAfter?: number; data?: { error?: string } };
      if (e?.code === 'slack_webapi_rate_limited_error') {
        // Not the person's fault: not remembered; the workspace's lookups pause instead.
        this.pausedUntil.set(workspaceId, this.now() + (e.retryAfter ?? 1) * 1000);
        this.cache.delete(key);
      } else {
        entry.ttl = e?.data?.error === 'user_not_found' ? UNKNOWN_TTL_MS : FAILED_TTL_MS;
      }
    });
    return person;
  }
}

function toPerson(userId: string, u: SlackUser | undefined): Person & { deleted?: boolean } {
  const name = u?.profile?.display_name || u?.profile?.real_name || u?.real_name || u?.name || userId;
  return {
    userId,
    name,
    ...(u?.tz ? { tz: u.tz } : {}),
    ...(u?.is_bot || userId === 'USLACKBOT' ? { isBot: true } : {}),
    ...(u?.deleted ? { deleted: true } : {}),
  };
}
