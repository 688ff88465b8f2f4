// What Baton remembers to reach people and conversations in Teams, kept in the core's address
// book per tenant: a conversation reference per conversation (channel, group chat, 1:1), each
// person's 1:1 conversation, their name, AAD object id and time zone, the tenant's latest
// serviceUrl and the bot's own account, the channels seen in each Teams team, and the thread
// root of messages that are replies (Teams threads by root message).
//
// A channel's key is its conversation id without the ";messageid=<root>" suffix that Teams adds
// to activities inside a thread: for a channel that is channelData.channel.id, for a group chat
// or a 1:1 the conversation id itself.
import type { Activity, ChannelAccount, ConversationReference, TeamsChannelAccount } from 'botbuilder';
import type { AddressBook } from '../../core/addresses.js';
import { isValidZone } from '../../core/language/dates.js';
import type { Directory, Person } from '../../core/ports.js';

export type ConversationKind = 'channel' | 'groupChat' | 'personal';

export interface StoredConversation {
  reference: Partial<ConversationReference>;
  kind: ConversationKind;
  /** The Teams team a channel belongs to. */
  teamId?: string;
}

export interface StoredPerson {
  name?: string;
  aadObjectId?: string;
  tz?: string;
}

/** A conversation id without its thread suffix. */
export function conversationKey(id: string): string {
  return id.replace(/;messageid=.*$/i, '');
}

/** The thread root in a conversation id (";messageid=<root>"), if any. */
export function threadRootOf(id: string): string | undefined {
  return /;messageid=([^;]+)$/i.exec(id)?.[1];
}

export function conversationKind(activity: Partial<Activity>): ConversationKind {
  const t = activity.conversation?.conversationType;
  return t === 'personal' ? 'personal' : t === 'groupChat' ? 'groupChat' : 'channel';
}

export function tenantOf(activity: Partial<Activity>): string | undefined {
  const data = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const id = typeof data?.tenant?.id === 'string' ? data.tenant.id : activity.conversation?.tenantId;
  return id || undefined;
}

/** The sender's time zone, when Teams says and it is a real IANA zone. */
export function timeZoneOf(activity: Partial<Activity>): string | undefined {
  const fromEntity = (activity.entities ?? []).find((e) => e.type === 'clientInfo' && typeof (e as { timezone?: unknown }).timezone === 'string') as { timezone?: string } | undefined;
  const tz = activity.localTimezone || fromEntity?.timezone;
  return tz && isValidZone(tz) ? tz : undefined;
}

const PLATFORM = 'teams';

export class TeamsAddresses {
  /**
   * What this process last found or wrote for each address, as JSON: an activity that teaches
   * nothing new (nearly all of them) costs no read. Another instance may have written since; what
   * it wrote was learned from the same conversation, so either is right.
   */
  private readonly known = new Map<string, string>();

  constructor(private readonly book: AddressBook) {}

  private async get<T>(tenant: string, key: string): Promise<T | undefined> {
    return await this.book.find(PLATFORM, tenant, key) as T | undefined;
  }

  /** Writes only what changed: every activity passes here. */
  private async put(tenant: string, key: string, data: object): Promise<void> {
    const memo = `${tenant}\u0000${key}`;
    const json = JSON.stringify(data);
    if (this.known.get(memo) === json) return;
    const before = await this.book.find(PLATFORM, tenant, key);
    if (!before || JSON.stringify(before) !== json) await this.book.save(PLATFORM, tenant, key, data as Record<string, unknown>);
    if (this.known.size >= 10_000) this.known.clear();
    this.known.set(memo, json);
  }

  /** Everything an incoming activity teaches about reaching its conversation and its sender. */
  async learn(activity: Partial<Activity>): Promise<void> {
    const tenant = tenantOf(activity);
    if (!tenant || !activity.conversation?.id || !activity.serviceUrl) return;
    const kind = conversationKind(activity);
    const key = conversationKey(activity.conversation.id);
    const team = (activity.channelData as { team?: { id?: unknown } } | undefined)?.team;
    const teamId = typeof team?.id === 'string' ? team.id : undefined;
    const reference = this.reference(activity, key);
    await this.put(tenant, `conv:${key}`, { reference, kind, ...(teamId ? { teamId } : {}) } satisfies StoredConversation);
    await this.put(tenant, 'tenant', { serviceUrl: activity.serviceUrl, bot: reference.bot });
    if (teamId && kind === 'channel') {
      const known = await this.teamChannels(tenant, teamId);
      if (!known.includes(key)) await this.put(tenant, `team:${teamId}`, { channels: [...known, key].slice(-200) });
    }
    const from = activity.from;
    if (from?.id && !from.id.startsWith('28:') && activity.recipient?.id !== from.id) {
      if (kind === 'personal') await this.put(tenant, `user:${from.id}`, { reference, kind } satisfies StoredConversation);
      await this.learnPerson(tenant, from as TeamsChannelAccount, timeZoneOf(activity));
    }
  }

  /** A reference to the conversation, without the activity id (proactive sends are not replies). */
  private reference(activity: Partial<Activity>, key: string): Partial<ConversationReference> {
    const c = activity.conversation!;
    return {
      channelId: activity.channelId ?? 'msteams',
      serviceUrl: activity.serviceUrl!,
      conversation: { id: key, isGroup: c.isGroup, conversationType: c.conversationType, tenantId: c.tenantId, name: c.name } as ConversationReference['conversation'],
      ...(activity.recipient ? { bot: { id: activity.recipient.id, name: activity.recipient.name } } : {}),
    };
  }

  async learnPerson(tenant: string, account: Partial<TeamsChannelAccount>, tz?: string): Promise<void> {
    if (!account.id) return;
    const before = await this.person(tenant, account.id) ?? {};
    const next: StoredPerson = {
      ...before,
      ...(account.name ? { name: account.name } : {}),
      ...(account.aadObjectId ? { aadObjectId: account.aadObjectId } : {}),
      ...(tz ? { tz } : {}),
    };
    await this.put(tenant, `person:${account.id}`, next);
  }

  async conversation(tenant: string, key: string): Promise<StoredConversation | undefined> {
    return await this.get<StoredConversation>(tenant, `conv:${conversationKey(key)}`);
  }

  async personal(tenant: string, userId: string): Promise<StoredConversation | undefined> {
    return await this.get<StoredConversation>(tenant, `user:${userId}`);
  }

  async savePersonal(tenant: string, userId: string, reference: Partial<ConversationReference>): Promise<void> {
    const stored: StoredConversation = { reference, kind: 'personal' };
    await this.put(tenant, `user:${userId}`, stored);
    await this.put(tenant, `conv:${reference.conversation!.id}`, stored);
  }

  async person(tenant: string, userId: string): Promise<StoredPerson | undefined> {
    return await this.get<StoredPerson>(tenant, `person:${userId}`);
  }

  /** The tenant's latest serviceUrl and the bot's account there. */
  async tenant(tenant: string): Promise<{ serviceUrl: string; bot?: ChannelAccount } | undefined> {
    return await this.get(tenant, 'tenant');
  }

  /**
   * A channel named in a message of a Teams team (a channel mention): the team it belongs to, kept
   * so its members can be read before Baton hears from it. Never overwrites what is known.
   */
  async learnChannelOf(tenant: string, channelId: string, teamId: string): Promise<void> {
    const key = conversationKey(channelId);
    if (await this.conversation(tenant, key) || await this.channelTeam(tenant, key)) return;
    await this.put(tenant, `chanteam:${key}`, { teamId });
  }

  async channelTeam(tenant: string, channelId: string): Promise<string | undefined> {
    return (await this.get<{ teamId: string }>(tenant, `chanteam:${conversationKey(channelId)}`))?.teamId;
  }

  async teamChannels(tenant: string, teamId: string): Promise<string[]> {
    return (await this.get<{ channels: string[] }>(tenant, `team:${teamId}`))?.channels ?? [];
  }

  /** The root of the thread a message is in (itself when it is a root or unknown). */
  async root(tenant: string, messageId: string): Promise<string> {
    return (await this.get<{ root: string }>(tenant, `root:${messageId}`))?.root ?? messageId;
  }

  async saveRoot(tenant: string, messageId: string, root: string): Promise<void> {
    if (root && root !== messageId) await this.put(tenant, `root:${messageId}`, { root });
  }

  /** A reference with the tenant's latest serviceUrl (it can change; Teams says to prefer the last one seen). */
  async fresh(tenant: string, reference: Partial<ConversationReference>): Promise<Partial<ConversationReference>> {
    const latest = (await this.tenant(tenant))?.serviceUrl;
    return latest ? { ...reference, serviceUrl: latest } : reference;
  }
}

/** Reads a conversation's members from Teams (the connector's paged members). */
export type RosterReader = (tenant: string, conversation: StoredConversation) => Promise<Partial<TeamsChannelAccount>[]>;

/** People and channel members for the core, from what Teams told us and the conversation roster. */
export class TeamsDirectory implements Directory {
  constructor(
    private readonly addresses: TeamsAddresses,
    private readonly roster: RosterReader,
  ) {}

  async person(workspaceId: string, userId: string): Promise<Person> {
    const p = await this.addresses.person(workspaceId, userId);
    return {
      userId,
      name: p?.name ?? userId,
      ...(p?.tz ? { tz: p.tz } : {}),
      ...(p?.aadObjectId ? { altId: p.aadObjectId } : {}),
      ...(userId.startsWith('28:') ? { isBot: true } : {}),
    };
  }

  /**
   * A conversation's members. A standard channel Baton has not heard from yet (named in a
   * message of its team) has its team's members: read from a channel of that team Baton knows.
   * Throws when Baton knows no way to ask.
   */
  async channelMembers(workspaceId: string, channelId: string): Promise<Person[]> {
    const teamId = await this.addresses.conversation(workspaceId, channelId) ? undefined : await this.addresses.channelTeam(workspaceId, channelId);
    let via: string | undefined = teamId ? undefined : channelId;
    if (teamId) {
      for (const c of await this.addresses.teamChannels(workspaceId, teamId)) {
        if (await this.addresses.conversation(workspaceId, c)) {
          via = c;
          break;
        }
      }
    }
    const conversation = via ? await this.addresses.conversation(workspaceId, via) : undefined;
    if (!conversation) throw new Error('Baton has not heard from that conversation, so it cannot read its members');
    const members = await this.roster(workspaceId, conversation);
    const out: Person[] = [];
    for (const m of members) {
      if (!m.id) continue;
      await this.addresses.learnPerson(workspaceId, m);
      const known = await this.addresses.person(workspaceId, m.id);
      out.push({
        userId: m.id,
        name: m.name ?? known?.name ?? m.id,
        ...(known?.tz ? { tz: known.tz } : {}),
        ...(m.aadObjectId ? { altId: m.aadObjectId } : {}),
        ...(m.id.startsWith('28:') ? { isBot: true } : {}),
      });
    }
    return out;
  }
}
