// Requests exactly as Slack sends them to an app's request URL: slash commands form-encoded,
// Events API callbacks as JSON, interactivity as a form field `payload=<json>`, each signed
// `v0=hex(HMAC_SHA256(secret, "v0:" + ts + ":" + body))` with X-Slack-Request-Timestamp.
import { createHmac, randomBytes } from 'node:crypto';
import { BOT_USER } from './slack-api.js';

export interface Team {
  id: string;
  domain: string;
  /** Enterprise Grid, installed org-wide: events and payloads carry the enterprise, team may be null. */
  enterprise?: { id: string; name: string };
}

export interface SlackReply {
  status: number;
  body: string;
}

const APP_ID = 'A0BATON01';
const VERIFICATION_TOKEN = 'legacy-verification-token';

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

const id = (prefix: string) => `${prefix}${randomBytes(6).toString('hex').toUpperCase()}`;
export const triggerId = () => `${Date.now()}.1234567890.${randomBytes(8).toString('hex')}`;
export const eventId = () => id('Ev0');

export interface SendOptions {
  /** Seconds since epoch for the signature; default now. */
  timestamp?: number;
  /** Sign with another secret (a forged request). */
  secret?: string;
  headers?: Record<string, string>;
}

export class SlackRequests {
  constructor(
    private url: string,
    private readonly secret: string,
    readonly team: Team,
  ) {}

  /** The app moved (restarted on another port). */
  retarget(url: string): void {
    this.url = url;
  }

  /** POSTs a body signed as Slack signs it. */
  async send(body: string, contentType: string, o: SendOptions = {}): Promise<SlackReply> {
    const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': sign(o.secret ?? this.secret, ts, body),
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        ...o.headers,
      },
      body,
    });
    return { status: res.status, body: await res.text() };
  }

  // ——— slash commands ———

  commandBody(c: Parameters<SlackRequests['commandFields']>[0]): string {
    return new URLSearchParams(this.commandFields(c)).toString();
  }

  /** A slash command's fields (form-encoded over HTTP; the payload object over Socket Mode). */
  commandFields(c: { user: { id: string; name: string }; channel: { id: string; name: string }; text: string; responseUrl: string; triggerId?: string; command?: string }): Record<string, string> {
    const e = this.team.enterprise;
    const fields: Record<string, string> = {
      token: VERIFICATION_TOKEN,
      team_id: this.team.id,
      team_domain: this.team.domain,
      ...(e ? { enterprise_id: e.id, enterprise_name: e.name } : {}),
      channel_id: c.channel.id,
      channel_name: c.channel.name,
      user_id: c.user.id,
      user_name: c.user.name,
      command: c.command ?? '/baton',
      text: c.text,
      api_app_id: APP_ID,
      is_enterprise_install: e ? 'true' : 'false',
      response_url: c.responseUrl,
      trigger_id: c.triggerId ?? triggerId(),
    };
    return fields;
  }

  command(c: Parameters<SlackRequests['commandBody']>[0], o?: SendOptions): Promise<SlackReply> {
    return this.send(this.commandBody(c), 'application/x-www-form-urlencoded', o);
  }

  // ——— Events API ———

  eventBody(event: Record<string, unknown>, o: { eventId?: string } = {}): string {
    const e = this.team.enterprise;
    return JSON.stringify({
      token: VERIFICATION_TOKEN,
      team_id: this.team.id,
      ...(e ? { enterprise_id: e.id, context_enterprise_id: e.id } : {}),
      context_team_id: this.team.id,
      api_app_id: APP_ID,
      event: { ...event, event_ts: event.event_ts ?? `${Math.floor(Date.now() / 1000)}.000100` },
      type: 'event_callback',
      event_id: o.eventId ?? eventId(),
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: e?.id ?? null, team_id: e ? null : this.team.id, user_id: BOT_USER, is_bot: true, is_enterprise_install: Boolean(e) }],
      is_ext_shared_channel: false,
      event_context: `4-${randomBytes(12).toString('base64url')}`,
    });
  }

  /** An event; `retry` adds Slack's redelivery headers. */
  event(event: Record<string, unknown>, o: { eventId?: string; retry?: { num: number; reason: string } } & SendOptions = {}): Promise<SlackReply> {
    const headers = o.retry ? { 'x-slack-retry-num': String(o.retry.num), 'x-slack-retry-reason': o.retry.reason, ...o.headers } : o.headers;
    return this.send(this.eventBody(event, o), 'application/json', { ...o, ...(headers ? { headers } : {}) });
  }

  // ——— interactivity ———

  private who(user: { id: string; name: string }) {
    return { id: user.id, username: user.name, name: user.name, team_id: this.team.id };
  }

  private teamField() {
    const e = this.team.enterprise;
    return e ? null : { id: this.team.id, domain: this.team.domain };
  }

  interaction(payload: Record<string, unknown>, o?: SendOptions): Promise<SlackReply> {
    return this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', o);
  }

  /** A message shortcut on someone's message. */
  messageShortcut(s: {
    callbackId: string;
    user: { id: string; name: string };
    channel: { id: string; name: string };
    message: { ts: string; user: string; text: string; thread_ts?: string };
    responseUrl: string;
    triggerId?: string;
  }): Promise<SlackReply> {
    const e = this.team.enterprise;
    return this.interaction({
      type: 'message_action',
      token: VERIFICATION_TOKEN,
      action_ts: `${Math.floor(Date.now() / 1000)}.123456`,
      team: this.teamField(),
      user: this.who(s.user),
      channel: s.channel,
      is_enterprise_install: Boolean(e),
      enterprise: e ?? null,
      callback_id: s.callbackId,
      trigger_id: s.triggerId ?? triggerId(),
      response_url: s.responseUrl,
      message_ts: s.message.ts,
      message: { client_msg_id: id('m'), type: 'message', team: this.team.id, ...s.message },
    });
  }

  /** A modal submitted with its state values (block_id → action_id → value). */
  viewSubmission(v: { user: { id: string; name: string }; view: Record<string, any>; values: Record<string, Record<string, unknown>>; triggerId?: string }): Promise<SlackReply> {
    const e = this.team.enterprise;
    return this.interaction({
      type: 'view_submission',
      team: this.teamField(),
      user: this.who(v.user),
      api_app_id: APP_ID,
      token: VERIFICATION_TOKEN,
      trigger_id: v.triggerId ?? triggerId(),
      view: {
        id: v.view.id ?? 'V0001',
        team_id: this.team.id,
        type: 'modal',
        blocks: v.view.blocks,
        private_metadata: v.view.private_metadata,
        callback_id: v.view.callback_id,
        state: { values: v.values },
        hash: v.view.hash ?? '1700000000.abcdef',
        title: v.view.title,
        clear_on_close: false,
        notify_on_close: false,
        close: v.view.close,
        submit: v.view.submit,
        previous_view_id: null,
        root_view_id: v.view.id ?? 'V0001',
        app_id: APP_ID,
        external_id: '',
        app_installed_team_id: this.team.id,
        bot_id: 'BBATONBOT',
      },
      response_urls: [],
      is_enterprise_install: Boolean(e),
      enterprise: e ?? null,
    });
  }

  /** A button pressed on a message Baton posted. */
  buttonPress(b: { user: { id: string; name: string }; channel: { id: string; name: string }; messageTs: string; actionId: string; value: string; responseUrl: string; triggerId?: string }): Promise<SlackReply> {
    const e = this.team.enterprise;
    return this.interaction({
      type: 'block_actions',
      user: this.who(b.user),
      api_app_id: APP_ID,
      token: VERIFICATION_TOKEN,
      container: { type: 'message', message_ts: b.messageTs, channel_id: b.channel.id, is_ephemeral: false },
      trigger_id: b.triggerId ?? triggerId(),
      team: this.teamField(),
      enterprise: e ?? null,
      is_enterprise_install: Boolean(e),
      channel: b.channel,
      response_url: b.responseUrl,
      actions: [{ action_id: b.actionId, block_id: 'b1', text: { type: 'plain_text', text: 'Button', emoji: true }, value: b.value, type: 'button', action_ts: `${Math.floor(Date.now() / 1000)}.5` }],
    });
  }
}
