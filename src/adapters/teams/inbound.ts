// Teams activities → what the core understands: who, where, and the command text in the core's
// neutral form. Everything an activity carries is untrusted; the payload shapes of invokes and
// card submits are checked with zod here.
import { type Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Invocation, SourceMessage } from '../../core/ports.js';
import type { RecordKind } from '../../core/records/shortcuts.js';
import { conversationKey, conversationKind, tenantOf, threadRootOf, timeZoneOf } from './directory.js';
import { type MentionEntity, htmlToText, neutralCommand } from './escape.js';

/** How commands are typed in a channel or group chat; a 1:1 chat takes the bare command. */
export const CHANNEL_PREFIX = '@Baton ';

/** Who did something, where: the invocation for any activity from a person. */
export function invocationOf(activity: Activity, opts: { dedupe?: string | false } = {}): Invocation | null {
  const tenant = tenantOf(activity);
  const from = activity.from;
  if (!tenant || !from?.id || !activity.conversation?.id) return null;
  const key = conversationKey(activity.conversation.id);
  const kind = conversationKind(activity);
  const data = activity.channelData as { channel?: { name?: unknown }; team?: { name?: unknown; aadGroupId?: unknown } } | undefined;
  const channelName = typeof data?.channel?.name === 'string' ? data.channel.name : typeof data?.team?.name === 'string' ? data.team.name : activity.conversation.name;
  const tz = timeZoneOf(activity);
  const inv: Invocation = {
    platform: 'teams',
    workspaceId: tenant,
    channelId: key,
    isDirect: kind === 'personal',
    commandPrefix: kind === 'personal' ? '' : CHANNEL_PREFIX,
    actor: {
      userId: from.id,
      name: from.name || from.id,
      ...(from.aadObjectId ? { altId: from.aadObjectId } : {}),
      ...(tz ? { tz } : {}),
    },
    ...(channelName ? { channelName } : {}),
  };
  if (opts.dedupe !== false && activity.id) inv.dedupeKey = `teams:${key}:${activity.id}${opts.dedupe ? `:${opts.dedupe}` : ''}`;
  if (activity.type === 'message' && activity.id) {
    inv.sourceMessageId = activity.id;
    // In a channel, Baton answers in the thread of the message that asked.
    if (kind === 'channel') inv.thread = threadRootOf(activity.conversation.id) ?? activity.id;
    const link = messageLink(activity, tenant);
    if (link) inv.sourceUrl = link;
  }
  return inv;
}

/** A link to a channel message (Teams deep link), when the activity says enough to build one. */
export function messageLink(activity: Activity, tenant: string): string | undefined {
  if (conversationKind(activity) !== 'channel' || !activity.id || !activity.conversation?.id) return undefined;
  const channel = conversationKey(activity.conversation.id);
  const root = threadRootOf(activity.conversation.id) ?? activity.id;
  const group = (activity.channelData as { team?: { aadGroupId?: unknown } } | undefined)?.team?.aadGroupId;
  const q = new URLSearchParams({ tenantId: tenant, ...(typeof group === 'string' ? { groupId: group } : {}), parentMessageId: root });
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(channel)}/${encodeURIComponent(activity.id)}?${q.toString()}`;
}

/** The mention entities of an activity other than the bot's own. */
export function mentionsOf(activity: Activity): MentionEntity[] {
  const out: MentionEntity[] = [];
  for (const e of activity.entities ?? []) {
    if (e.type !== 'mention') continue;
    const m = e as { text?: unknown; mentioned?: { id?: unknown; name?: unknown; conversationIdentityType?: unknown } };
    if (typeof m.text !== 'string' || typeof m.mentioned?.id !== 'string') continue;
    if (m.mentioned.id === activity.recipient?.id) continue;
    out.push({
      text: m.text,
      id: m.mentioned.id,
      name: typeof m.mentioned.name === 'string' ? m.mentioned.name : '',
      kind: typeof m.mentioned.conversationIdentityType === 'string' ? m.mentioned.conversationIdentityType : undefined,
    });
  }
  return out;
}

/** The command a message carries: the bot's mention removed, the rest in the neutral form. */
export function commandText(activity: Activity): string {
  const copy = { ...activity, entities: activity.entities ? [...activity.entities] : [] } as Activity;
  const withoutBot = TurnContext.removeRecipientMention(copy) ?? activity.text ?? '';
  return neutralCommand(withoutBot, mentionsOf(activity));
}

// ——— payloads ———

/** A button's data (Action.Submit): a message's `value`, or task/fetch's `value.data`. */
export const actionDataSchema = z
  .object({
    baton: z.literal('action'),
    actionId: z.string().min(1).max(200),
    value: z.string().max(4000),
  })
  .passthrough();

export const taskValueSchema = z.object({ data: z.unknown() }).passthrough();

export const RECORD_COMMANDS: Record<string, RecordKind> = {
  'record-commitment': 'commitment',
  'record-blocker': 'blocker',
  'record-decision': 'decision',
};

export const messageActionSchema = z
  .object({
    commandId: z.string().max(100),
    commandContext: z.string().max(50).optional(),
    data: z.unknown().optional(),
    messagePayload: z
      .object({
        id: z.string().min(1).max(200),
        replyToId: z.string().max(200).nullish(),
        linkToMessage: z.string().max(2000).nullish(),
        from: z
          .object({
            user: z.object({ id: z.string().max(200), displayName: z.string().max(500).nullish() }).passthrough().nullish(),
          })
          .passthrough()
          .nullish(),
        body: z.object({ contentType: z.string().max(50).nullish(), content: z.string().max(200_000).nullish() }).passthrough().nullish(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

export type MessageAction = z.infer<typeof messageActionSchema>;

/** A Teams message id: digits (the time it was sent). Anything else could name another conversation. */
const MESSAGE_ID = /^\d{1,30}$/;

/**
 * The message a message action was used on, as the core's source message, or null when its id is
 * not a Teams message id. The payload comes from the person's client: its link is kept only when
 * it is Teams' own link to that message in this conversation, else Baton builds that link itself.
 */
export function sourceOf(activity: Activity, payload: NonNullable<MessageAction['messagePayload']>): SourceMessage | null {
  if (!MESSAGE_ID.test(payload.id) || (payload.replyToId && !MESSAGE_ID.test(payload.replyToId))) return null;
  const body = payload.body?.content ?? '';
  const text = payload.body?.contentType === 'text' ? body : htmlToText(body);
  const channelId = conversationKey(activity.conversation.id);
  const url = ownLink(payload.linkToMessage, channelId, payload.id) ?? payloadLink(activity, channelId, payload.id, rootOfPayload(activity, payload));
  return {
    messageId: payload.id,
    channelId,
    ...(payload.from?.user?.id ? { authorId: payload.from.user.id } : {}),
    ...(text ? { text } : {}),
    ...(url ? { url } : {}),
  };
}

/** `link` when it is Teams' deep link to message `id` of `channel`, else undefined. */
function ownLink(link: string | null | undefined, channel: string, id: string): string | undefined {
  if (!link) return undefined;
  try {
    const u = new URL(link);
    const ok = u.protocol === 'https:' && u.host === 'teams.microsoft.com' && !u.username && !u.password && decodeURIComponent(u.pathname) === `/l/message/${channel}/${id}`;
    return ok ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Teams' deep link to a message in a channel, built from what the activity says (none in chats). */
function payloadLink(activity: Activity, channel: string, id: string, root: string): string | undefined {
  const tenant = tenantOf(activity);
  if (conversationKind(activity) !== 'channel' || !tenant) return undefined;
  const group = (activity.channelData as { team?: { aadGroupId?: unknown } } | undefined)?.team?.aadGroupId;
  const q = new URLSearchParams({ tenantId: tenant, ...(typeof group === 'string' ? { groupId: group } : {}), parentMessageId: root });
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(channel)}/${encodeURIComponent(id)}?${q.toString()}`;
}

/** The thread root of the message an action was used on. */
export function rootOfPayload(activity: Activity, payload: NonNullable<MessageAction['messagePayload']>): string {
  return payload.replyToId || threadRootOf(activity.conversation.id) || payload.id;
}

// ——— the activity itself ———

const isObject = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * An activity as botbuilder and the handlers can read it, or null when it lacks what every
 * activity carries (a conversation, the bot it is for, a sender when it names one). Malformed parts Teams never sends are dropped
 * rather than left to fail deep inside the SDK: entities that are not objects and mentions
 * without their text or id, members and reactions without an id or a type.
 */
export function readableActivity(a: Record<string, unknown>): Record<string, unknown> | null {
  if (!isObject(a.conversation) || typeof a.conversation.id !== 'string' || !a.conversation.id) return null;
  if (a.from !== undefined && (!isObject(a.from) || typeof a.from.id !== 'string')) return null;
  if (!isObject(a.recipient) || typeof a.recipient.id !== 'string') return null;
  if (a.serviceUrl !== undefined && typeof a.serviceUrl !== 'string') return null;
  const out: Record<string, unknown> = { ...a };
  const strings = (o: Record<string, any>, keys: string[]) => {
    const copy = { ...o };
    for (const k of keys) if (copy[k] !== undefined && typeof copy[k] !== 'string') delete copy[k];
    return copy;
  };
  if (isObject(a.from)) out.from = strings(a.from, ['name', 'aadObjectId', 'role']);
  out.conversation = strings(a.conversation, ['name', 'conversationType', 'tenantId']);
  if (a.entities !== undefined) {
    out.entities = Array.isArray(a.entities)
      ? a.entities.filter((e) => isObject(e) && typeof e.type === 'string' && (e.type !== 'mention' || (typeof e.text === 'string' && isObject(e.mentioned) && typeof e.mentioned.id === 'string')))
      : [];
  }
  for (const key of ['membersAdded', 'membersRemoved'] as const) {
    if (a[key] !== undefined) {
      out[key] = Array.isArray(a[key])
        ? (a[key] as unknown[]).filter((m): m is Record<string, any> => isObject(m) && typeof m.id === 'string' && m.id.length > 0).map((m) => strings(m, ['name', 'aadObjectId']))
        : [];
    }
  }
  if (a.reactionsAdded !== undefined) out.reactionsAdded = Array.isArray(a.reactionsAdded) ? a.reactionsAdded.filter((r) => isObject(r) && typeof r.type === 'string') : [];
  for (const key of ['text', 'name', 'replyToId', 'id', 'localTimezone'] as const) if (a[key] !== undefined && typeof a[key] !== 'string') delete out[key];
  for (const key of ['channelData'] as const) if (a[key] !== undefined && !isObject(a[key])) delete out[key];
  return out;
}
