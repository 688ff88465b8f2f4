// Delivers the outbox to Teams. Teams has no ephemeral messages: a private answer to a command
// typed in a channel or group chat goes to the person's 1:1 chat with Baton (opened when they
// have none yet); in a 1:1 chat it is answered there. Channel posts go to the channel, thread
// replies to "<channel>;messageid=<root>". A 429 that botbuilder's own retries did not get past
// becomes a RetryableError with Retry-After, so the outbox tries again later and never twice.
import type { Activity, ConversationReference } from 'botbuilder';
import type { Delivery, Logger, SentRef, Transport } from '../../core/ports.js';
import { RetryableError } from '../../core/ports.js';
import { PermanentError } from '../../scheduler/outbox.js';
import type { Connector } from './connector.js';
import type { StoredConversation, TeamsAddresses } from './directory.js';
import type { FileOffers } from './files.js';
import { MIN_RETRY_MS } from './limits.js';
import { messageActivity } from './render.js';

interface Target {
  stored: StoredConversation;
  /** Where the message is posted (a thread id for thread replies). */
  sendTo: string;
  /** The conversation's own key (what SentRef.conversationId reports). */
  key: string;
  root?: string;
}

export class TeamsTransport implements Transport {
  constructor(
    private readonly addresses: TeamsAddresses,
    private readonly connector: Connector,
    private readonly files: FileOffers,
    private readonly log: Logger,
  ) {}

  async deliver(d: Delivery): Promise<SentRef | null> {
    const tenant = d.workspaceExternalId;
    try {
      const dest = d.destination;
      if (dest.to === 'channel' && dest.replaces && d.replacesRef) {
        const ref = d.replacesRef as Partial<SentRef> & { sentTo?: string };
        const stored = typeof ref.conversationId === 'string' ? await this.addresses.conversation(tenant, ref.conversationId) : undefined;
        if (stored && typeof ref.messageId === 'string' && ref.messageId) {
          const reference = await this.addresses.fresh(tenant, stored.reference);
          await this.connector.update(tenant, ref.conversationId!, reference, ref.sentTo ?? ref.conversationId!, ref.messageId, messageActivity(d.message));
          return { conversationId: ref.conversationId!, messageId: ref.messageId, ...(ref.sentTo ? { sentTo: ref.sentTo } : {}) };
        }
      }
      const target = await this.target(tenant, d);
      const reference = await this.addresses.fresh(tenant, target.stored.reference);
      const activity: Partial<Activity> = messageActivity(d.message);
      if (d.message.attachments?.length) {
        if (target.stored.kind === 'personal') {
          const userId = d.destination.to === 'channel' ? '' : d.destination.userId;
          activity.attachments = [...(activity.attachments ?? []), ...await this.files.offer(tenant, d.key, d.message.attachments, { userId, conversationId: target.key })];
        } else {
          this.log.warn({ key: d.key }, 'files can be offered only in a 1:1 chat; sent without them');
        }
      }
      const id = await this.connector.send(tenant, target.key, reference, target.sendTo, activity);
      if (target.root) await this.addresses.saveRoot(tenant, id, target.root);
      return { conversationId: target.key, messageId: id, ...(target.sendTo !== target.key ? { sentTo: target.sendTo } : {}) };
    } catch (err) {
      throw classify(err);
    }
  }

  /** An activity straight to a person's 1:1 chat (a form shown in the chat, not a core message). */
  async sendPrivately(tenant: string, userId: string, activity: Partial<Activity>): Promise<void> {
    try {
      const target = await this.personal(tenant, userId);
      await this.connector.send(tenant, target.key, await this.addresses.fresh(tenant, target.stored.reference), target.sendTo, activity);
    } catch (err) {
      throw classify(err);
    }
  }

  private async target(tenant: string, d: Delivery): Promise<Target> {
    const dest = d.destination;
    if (dest.to === 'dm') return this.personal(tenant, dest.userId);
    if (dest.to === 'reply') {
      const here = await this.addresses.conversation(tenant, dest.channelId);
      if (here?.kind === 'personal') return { stored: here, sendTo: here.reference.conversation!.id, key: here.reference.conversation!.id };
      return this.personal(tenant, dest.userId);
    }
    const stored = await this.addresses.conversation(tenant, dest.channelId) ?? await this.teamChannel(tenant, dest.channelId);
    if (!stored) throw new PermanentError(`Baton has no conversation reference for ${dest.channelId}: it was never used there`);
    const key = stored.reference.conversation!.id;
    if (dest.threadOf && stored.kind === 'channel') {
      const root = await this.addresses.root(tenant, dest.threadOf);
      return { stored, key, sendTo: `${key};messageid=${root}`, root };
    }
    return { stored, key, sendTo: key };
  }

  /**
   * A channel of a Teams team that Baton has had no activity from (e.g. the broadcast channel,
   * named with a channel mention): a bot in a team may post to any of its channels by the
   * channel's id. If Baton is not in that team, Teams refuses and the outbox gives up.
   */
  private async teamChannel(tenant: string, channelId: string): Promise<StoredConversation | undefined> {
    const t = await this.addresses.tenant(tenant);
    if (!t || !/^19:[^;\s]+@thread\.(tacv2|skype)$/i.test(channelId)) return undefined;
    return {
      kind: 'channel',
      reference: {
        channelId: 'msteams',
        serviceUrl: t.serviceUrl,
        conversation: { id: channelId, isGroup: true, conversationType: 'channel', tenantId: tenant } as ConversationReference['conversation'],
        ...(t.bot ? { bot: t.bot } : {}),
      },
    };
  }

  /** The person's 1:1 chat with Baton, opened when they have none yet. */
  private async personal(tenant: string, userId: string): Promise<Target> {
    let stored = await this.addresses.personal(tenant, userId);
    if (!stored) {
      const t = await this.addresses.tenant(tenant);
      if (!t) throw new PermanentError(`no serviceUrl is known for tenant ${tenant}`);
      const reference = await this.connector.createPersonal(tenant, t.serviceUrl, t.bot, userId);
      await this.addresses.savePersonal(tenant, userId, reference);
      stored = { reference, kind: 'personal' };
    }
    const id = stored.reference.conversation!.id;
    return { stored, sendTo: id, key: id };
  }
}

/** Statuses retrying cannot fix: bad request, blocked or removed (403), gone (404). */
const PERMANENT = new Set([400, 403, 404, 405, 413]);

/** A connector failure as the outbox's retry or permanent error. */
export function classify(err: unknown): Error {
  if (err instanceof RetryableError || err instanceof PermanentError) return err;
  const e = err as { statusCode?: unknown; code?: unknown; message?: unknown; response?: { headers?: { get?: (name: string) => string | undefined } } };
  const status = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = `${status ?? 'error'}${code ? ` ${code}` : ''}: ${typeof e?.message === 'string' ? e.message : String(err)}`;
  if (status === 429) return new RetryableError(`Teams is throttling Baton (${message})`, retryAfterMs(e.response?.headers?.get?.('retry-after')));
  if (status !== undefined && PERMANENT.has(status)) {
    return new PermanentError(`Teams refused the message (${message})`);
  }
  return err instanceof Error ? err : new Error(message);
}

function retryAfterMs(header: string | undefined): number {
  if (!header) return MIN_RETRY_MS;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(MIN_RETRY_MS, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(MIN_RETRY_MS, at - Date.now()) : MIN_RETRY_MS;
}

