// Sending the outbox to Slack.
//
// reply   → ephemeral through the command's response_url; without one (or once it expired),
//           chat.postEphemeral; where the bot can't post (someone else's DM), a DM instead.
// channel → chat.postMessage (in a thread for `threadOf`), or chat.update for `replaces`.
// dm      → chat.postMessage to the user id: Slack posts it in the app's DM with them.
// Files (the export) are uploaded into the same conversation after the message.
//
// Every post carries the outbox key as message metadata, so after a crash `confirm` can look in
// the conversation for a message that went out without being marked sent.
import type { Attachment } from '../../core/message.js';
import { type Delivery, type Logger, type Pace, RetryableError, type SentRef, type Transport } from '../../core/ports.js';
import { PermanentError } from '../../scheduler/outbox.js';
import { errorText } from './log.js';
import { renderMessage } from './render.js';
import { slackError, type WebClient } from './web.js';

/** Where the transport remembers a person's DM channel and the thread a reply belongs to. */
export interface SlackAddresses {
  save(workspaceId: string, key: string, data: Record<string, unknown>): Promise<void>;
  find(workspaceId: string, key: string): Promise<Record<string, unknown> | undefined>;
}

export const METADATA_EVENT = 'baton_outbox';

/** Errors that no retry will fix. */
const PERMANENT = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'user_not_found', 'user_not_in_channel', 'user_disabled',
  'account_inactive', 'token_revoked', 'token_expired', 'invalid_auth', 'not_authed', 'missing_scope', 'no_permission',
  'restricted_action', 'restricted_action_read_only_channel', 'restricted_action_thread_only_channel', 'cannot_dm_bot',
  'messages_tab_disabled', 'msg_too_long', 'no_text', 'invalid_blocks', 'invalid_blocks_format', 'invalid_arguments',
  'invalid_metadata_format', 'invalid_metadata_schema', 'message_not_found', 'cant_update_message', 'edit_window_closed',
  'team_access_not_granted', 'ekm_access_denied', 'as_user_not_supported', 'invalid_thread_ts', 'thread_locked',
  'not_allowed_token_type', 'method_deprecated', 'team_not_found', 'org_login_required',
]);

/** Where an ephemeral can't go: then the person gets a DM. */
const NOT_POSTABLE = new Set(['channel_not_found', 'not_in_channel', 'user_not_in_channel', 'is_archived']);

/** The outbox's view of a failed call: retry later (honouring Retry-After) or give up. */
export function classify(err: unknown): Error {
  if (err instanceof RetryableError || err instanceof PermanentError) return err;
  const e = err as { code?: string; retryAfter?: number; statusCode?: number } | null;
  if (e?.code === 'slack_webapi_rate_limited_error') return new RetryableError('rate limited', (e.retryAfter ?? 1) * 1000);
  const code = slackError(err);
  if (code) return PERMANENT.has(code) ? new PermanentError(code) : new RetryableError(code);
  if (e?.code === 'slack_webapi_http_error' && e.statusCode && e.statusCode < 500) return new PermanentError(`HTTP ${e.statusCode}`);
  return new RetryableError(errorText(err));
}

/**
 * Where a message posted before its files were uploaded is remembered, in the address book, so a
 * retry by any instance (the one that posted may have died) uploads without posting again. Under
 * `file:`, which retention prunes after a week (src/db/retention.ts).
 */
const progressKey = (outboxKey: string) => `file:posted:${outboxKey}`;

/**
 * chat.postMessage's workspace-wide limit, as Baton assumes it by default (SLACK_POST_RATE):
 * Slack documents about one message per second per channel and "several hundred per minute"
 * across a workspace. Every DM is its own channel, so a fan-out meets the workspace limit; when
 * Slack answers 429 all the same, the outbox pauses for Retry-After and slows down.
 */
export const SLACK_POSTS_PER_SECOND = 10;

/** How long a post to a response_url or an upload URL may take before it counts as failed (and is retried). */
const RESPONSE_URL_TIMEOUT_MS = 15_000;

export class SlackTransport implements Transport {
  /** DM channels already remembered, so each is written to the address book once. */
  private readonly knownDms = new Set<string>();
  readonly pace: Pace;

  constructor(
    private readonly client: WebClient,
    private readonly addresses: SlackAddresses,
    private readonly log: Logger,
    private readonly fetchFn: typeof fetch = fetch,
    postsPerSecond = SLACK_POSTS_PER_SECOND,
  ) {
    this.pace = { perSecond: postsPerSecond };
  }

  async deliver(d: Delivery): Promise<SentRef | null> {
    try {
      return await this.send(d);
    } catch (err) {
      const e = classify(err);
      if (e.message === 'not_in_channel' || e.message === 'channel_not_found') {
        const where = d.destination.to === 'channel' ? d.destination.channelId : undefined;
        this.log.warn({ channel: where, error: e.message }, 'Baton is not in that channel: invite it there with /invite @Baton');
      }
      throw e;
    }
  }

  async confirm(d: Delivery): Promise<SentRef | null | 'unknown'> {
    const dest = d.destination;
    // Ephemerals leave no trace to look for; an edit done twice is the same edit.
    if (dest.to === 'reply' || (dest.to === 'channel' && dest.replaces)) return 'unknown';
    // A first DM to someone may have gone out just before the crash, before its channel was
    // remembered: conversations.open finds Baton's DM with them (it exists once a message is in it).
    const channel = dest.to === 'channel' ? dest.channelId : (await this.dmChannel(d.workspaceExternalId, dest.userId) ?? (await this.openDm(d.workspaceExternalId, dest.userId)));
    if (!channel) return 'unknown';
    const thread = dest.to === 'channel' && dest.threadOf ? await this.threadRoot(d.workspaceExternalId, channel, dest.threadOf) : undefined;
    let page: { messages?: { ts?: string }[] };
    try {
      page = thread
        ? await this.client.conversations.replies({ channel, ts: thread, limit: 100, include_all_metadata: true })
        : await this.client.conversations.history({ channel, limit: 100, include_all_metadata: true });
    } catch (err) {
      // Slack said no (no access, no such channel): nothing to find, send. Slack unreachable or
      // failing: try again later rather than risk sending twice.
      const e = classify(err);
      if (e instanceof PermanentError) return 'unknown';
      throw e;
    }
    const found = (page.messages ?? []).find((m) => {
      const meta = (m as { metadata?: { event_type?: string; event_payload?: { key?: unknown } } }).metadata;
      return meta?.event_type === METADATA_EVENT && meta.event_payload?.key === d.key;
    });
    return found?.ts ? { conversationId: channel, messageId: found.ts } : null;
  }

  private async send(d: Delivery): Promise<SentRef | null> {
    const { text, blocks } = renderMessage(d.message);
    // An empty blocks array is an error to Slack; a text-only message leaves it out.
    const rich = blocks.length ? { blocks } : {};
    const dest = d.destination;
    const ws = d.workspaceExternalId;
    const files = d.message.attachments ?? [];

    if (dest.to === 'reply') {
      const route = dest.route ?? {};
      if (route.dm === true) return this.postDm(d, dest.userId, text, blocks, files);
      const url = typeof route.responseUrl === 'string' ? route.responseUrl : undefined;
      let answered = Boolean(url && (await this.respond(url, { response_type: 'ephemeral', replace_original: false, text, ...rich })));
      if (!answered) {
        try {
          await this.client.chat.postEphemeral({ channel: dest.channelId, user: dest.userId, text, ...rich });
          answered = true;
        } catch (err) {
          const code = slackError(err);
          if (!code || !NOT_POSTABLE.has(code)) throw err;
        }
      }
      if (!answered) return this.postDm(d, dest.userId, text, blocks, files);
      // An ephemeral can't carry files: they go to the person's DM with Baton.
      if (files.length) await this.postDm(d, dest.userId, 'Your files from Baton:', [], files);
      return null;
    }

    if (dest.to === 'channel') {
      const ref = d.replacesRef;
      if (dest.replaces && typeof ref?.conversationId === 'string' && typeof ref.messageId === 'string') {
        await this.client.chat.update({ channel: ref.conversationId, ts: ref.messageId, text, ...rich });
        return { conversationId: ref.conversationId, messageId: ref.messageId };
      }
      const thread = dest.threadOf ? await this.threadRoot(ws, dest.channelId, dest.threadOf) : undefined;
      return this.postWithFiles(d, dest.channelId, text, blocks, files, thread);
    }

    return this.postDm(d, dest.userId, text, blocks, files);
  }

  /**
   * chat.postMessage with the outbox key as metadata, then the files. When the upload fails, the
   * retry uploads again without posting the message twice.
   */
  private async postWithFiles(d: Delivery, channel: string, text: string, blocks: unknown[], files: Attachment[], threadTs?: string): Promise<SentRef> {
    const earlier = files.length ? await this.addresses.find(d.workspaceExternalId, progressKey(d.key)) : undefined;
    let sent: SentRef;
    if (typeof earlier?.channel === 'string' && typeof earlier.ts === 'string') sent = { conversationId: earlier.channel, messageId: earlier.ts };
    else {
      const r = await this.client.chat.postMessage({
        channel,
        text,
        ...(blocks.length ? { blocks: blocks as never } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        metadata: { event_type: METADATA_EVENT, event_payload: { key: d.key } },
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!r.channel || !r.ts) throw new RetryableError('chat.postMessage answered without channel or ts');
      sent = { conversationId: r.channel, messageId: r.ts };
    }
    if (files.length) {
      await this.addresses.save(d.workspaceExternalId, progressKey(d.key), { channel: sent.conversationId, ts: sent.messageId });
      await this.upload(sent.conversationId, files, threadTs);
      await this.addresses.save(d.workspaceExternalId, progressKey(d.key), { uploaded: true });
    }
    return sent;
  }

  /** A DM: chat.postMessage to the user id lands in the app's DM with them. */
  private async postDm(d: Delivery, userId: string, text: string, blocks: unknown[], files: Attachment[] = []): Promise<SentRef> {
    const sent = await this.postWithFiles(d, userId, text, blocks, files);
    await this.rememberDm(d.workspaceExternalId, userId, sent.conversationId);
    return sent;
  }

  /** Uploads files into a conversation (files.getUploadURLExternal → upload → completeUploadExternal). */
  private async upload(channel: string, files: Attachment[], threadTs?: string): Promise<void> {
    const done: { id: string; title: string }[] = [];
    for (const f of files) {
      const bytes = Buffer.from(f.content, 'utf8');
      const target = await this.client.files.getUploadURLExternal({ filename: f.filename, length: bytes.length });
      if (!target.upload_url || !target.file_id) throw new RetryableError('files.getUploadURLExternal answered without a URL');
      const form = new FormData();
      form.append('file', new Blob([bytes], { type: f.mimeType }), f.filename);
      const res = await this.fetchFn(target.upload_url, { method: 'POST', body: form, signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS) });
      if (!res.ok) throw new RetryableError(`file upload failed: HTTP ${res.status}`);
      done.push({ id: target.file_id, title: f.filename });
    }
    await this.client.files.completeUploadExternal({ files: done as [{ id: string; title: string }], channel_id: channel, ...(threadTs ? { thread_ts: threadTs } : {}) });
  }

  /** Posts to a response_url. False when it can no longer be used (expired, used up). */
  private async respond(url: string, body: Record<string, unknown>): Promise<boolean> {
    let res: Response;
    try {
      res = await this.fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS) });
    } catch (err) {
      throw new RetryableError(`response_url unreachable: ${errorText(err)}`);
    }
    if (res.status === 429) throw new RetryableError('response_url rate limited', retryAfterMs(res.headers.get('retry-after')));
    if (res.status >= 500) throw new RetryableError(`response_url: HTTP ${res.status}`);
    if (!res.ok) {
      this.log.info({ status: res.status }, 'response_url refused; answering another way');
      return false;
    }
    return true;
  }

  private async rememberDm(workspaceId: string, userId: string, channel: string): Promise<void> {
    const key = `${workspaceId}:${userId}`;
    if (this.knownDms.has(key)) return;
    await this.addresses.save(workspaceId, `dm:${userId}`, { channel });
    this.knownDms.add(key);
  }

  private async openDm(workspaceId: string, userId: string): Promise<string | undefined> {
    const r = await this.client.conversations.open({ users: userId });
    const channel = r.channel?.id;
    if (channel) await this.rememberDm(workspaceId, userId, channel);
    return channel;
  }

  private async dmChannel(workspaceId: string, userId: string): Promise<string | undefined> {
    const c = (await this.addresses.find(workspaceId, `dm:${userId}`))?.channel;
    return typeof c === 'string' ? c : undefined;
  }

  /** The parent of the thread a message is in (itself when it is not a reply). */
  private async threadRoot(workspaceId: string, channel: string, ts: string): Promise<string> {
    const root = (await this.addresses.find(workspaceId, `thread:${channel}:${ts}`))?.root;
    return typeof root === 'string' ? root : ts;
  }
}

function retryAfterMs(header: string | null): number | undefined {
  const s = Number(header);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}
