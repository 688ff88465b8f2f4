// A fake of Slack's Web API on 127.0.0.1: the platform, not our code. It answers the methods
// Baton calls the way Slack does (form-encoded requests with a Bearer token, `{ ok, … }` JSON
// answers), keeps the channels' messages so history, replies and permalinks work, serves
// response_urls and file upload URLs, and records every call with its arguments. Failures
// (Slack errors, 429 with Retry-After, an expired response_url) are queued on demand.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { FakeSocketLink } from './slack-socket.js';

export interface FakeUser {
  id: string;
  name: string;
  real_name?: string;
  display_name?: string;
  tz?: string;
  is_bot?: boolean;
  deleted?: boolean;
}

export interface FakeMessage {
  ts: string;
  user?: string;
  text: string;
  thread_ts?: string;
  bot_id?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  blocks?: unknown[];
}

export interface SlackCall {
  method: string;
  args: Record<string, any>;
  /** The Bearer token the call carried (checked, never printed). */
  token: string | undefined;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, any>;
}

export interface Upload {
  fileId: string;
  filename: string;
  content: string;
}

type Failure = { status: 429; retryAfter: number } | { error: string } | { status: number };

/**
 * A method's rate limit as Slack enforces it: a token bucket of `burst` calls refilled at
 * `perSecond`; beyond it, 429 with Retry-After in whole seconds (at least 1), as Slack sends it.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

const JSON_ARGS = new Set(['blocks', 'metadata', 'view', 'files', 'attachments']);

export const BOT_USER = 'UBATONBOT';
export const BOT_ID = 'BBATONBOT';

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly uploads: Upload[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, { name: string; members: string[]; messages: FakeMessage[] }>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly holds = new Map<string, Promise<void>>();
  private readonly expiredResponseUrls = new Set<string>();
  private readonly limits = new Map<string, RateLimit & { tokens: number; at: number }>();
  /** Calls refused with 429 by `limit`, per method. */
  readonly limited = new Map<string, number>();
  /** Called with each Web API call as it arrives, before it is answered (tests act at an exact point). */
  onCall: ((call: SlackCall) => void) | null = null;
  private server: Server | null = null;
  private port = 0;
  private tsCounter = 0;
  private fileCounter = 0;
  private viewCounter = 0;
  private responseCounter = 0;

  /** Socket Mode: the WebSocket the app opens after apps.connections.open. */
  readonly socket = new FakeSocketLink();

  constructor(
    readonly expectedToken = 'xoxb-test-token',
    readonly appToken = 'xapp-1-A0BATON01-test',
  ) {}

  /** The Web API base URL, as SLACK_API_URL wants it. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.socket.attach(this.server);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.socket.close();
    await new Promise<void>((resolve) => {
      this.server!.close(() => resolve());
      this.server!.closeAllConnections();
    });
  }

  // ——— the world ———

  user(u: FakeUser): FakeUser {
    this.users.set(u.id, u);
    return u;
  }

  channel(id: string, name: string, members: string[]): void {
    this.channels.set(id, { name, members: [...members], messages: [] });
  }

  /** A message someone wrote in a channel; returns its ts. */
  say(channel: string, user: string, text: string, threadTs?: string): string {
    const ts = this.nextTs();
    this.conversation(channel).messages.push({ ts, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    if (threadTs) {
      const root = this.conversation(channel).messages.find((m) => m.ts === threadTs);
      if (root && !root.thread_ts) root.thread_ts = threadTs;
    }
    return ts;
  }

  /** A fresh response_url for a command or an interaction. */
  responseUrl(): string {
    return `http://127.0.0.1:${this.port}/commands/T0001/${++this.responseCounter}/secret${this.responseCounter}`;
  }

  /** The response_url stops working (Slack: after 30 minutes or 5 uses). */
  expire(responseUrl: string): void {
    this.expiredResponseUrls.add(new URL(responseUrl).pathname);
  }

  /** The next call of `method` fails this way (queued; each failure is used once). */
  fail(method: string, failure: Failure): void {
    const q = this.failures.get(method) ?? [];
    q.push(failure);
    this.failures.set(method, q);
  }

  /** Enforces a rate limit on `method` from now on (see RateLimit). */
  limit(method: string, l: RateLimit): void {
    this.limits.set(method, { ...l, tokens: l.burst, at: performance.now() });
  }

  /** Seconds until the next call of `method` would be allowed, or 0 when it is allowed (and counted). */
  private overLimit(method: string): number {
    const l = this.limits.get(method);
    if (!l) return 0;
    const t = performance.now();
    l.tokens = Math.min(l.burst, l.tokens + ((t - l.at) * l.perSecond) / 1000);
    l.at = t;
    if (l.tokens >= 1) {
      l.tokens -= 1;
      return 0;
    }
    this.limited.set(method, (this.limited.get(method) ?? 0) + 1);
    return Math.max(1, Math.ceil((1 - l.tokens) / l.perSecond));
  }

  /** Baton's DM with a person (Slack names it D…; here D + the user id), once Baton has posted there. */
  dm(userId: string): FakeMessage[] {
    return this.channels.get(`D${userId}`)?.messages ?? [];
  }

  /**
   * Calls of `method` get no answer until the returned function is called: Slack being slow,
   * without any clock. Shows what the app does before and after its Web API calls.
   */
  hold(method: string): () => void {
    let release!: () => void;
    this.holds.set(method, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.holds.delete(method);
      release();
    };
  }

  // ——— what was received ———

  to(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages Baton posted (chat.postMessage), optionally into one channel or DM (a user id). */
  posts(where?: string): SlackCall[] {
    return this.to('chat.postMessage').filter((c) => !where || c.args.channel === where);
  }

  /** The JSON of everything Baton sent since call number `from`, for "never this" checks. */
  sentSince(from = 0): string {
    return JSON.stringify([...this.calls.slice(from).map((c) => c.args), ...this.responses.map((r) => r.body)]);
  }

  /** Waits (bounded) until `check` passes; for what arrives on the fake's own schedule (retries). */
  async waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const r = check();
      if (r) return r;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  // ——— serving ———

  private nextTs(): string {
    this.tsCounter++;
    return `1764000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private conversation(id: string) {
    let c = this.channels.get(id);
    if (!c) {
      c = { name: id, members: [], messages: [] };
      this.channels.set(id, c);
    }
    return c;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.serve(req, res);
    } catch {
      // The caller went away mid-request (a process killed with -9): nothing to answer.
      res.destroy();
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/commands/')) return this.respondUrl(path, raw, res);
    if (path.startsWith('/upload/')) return this.upload(path, raw, req.headers['content-type'] ?? '', res);
    if (!path.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = path.slice('/api/'.length);
    const args = parseArgs(raw.toString('utf8'), req.headers['content-type'] ?? '');
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const call = { method, args, token };
    this.calls.push(call);
    this.onCall?.(call);
    const wait = this.overLimit(method);
    if (wait > 0) {
      res.writeHead(429, { 'retry-after': String(wait), 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const held = this.holds.get(method);
    if (held) await held;
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      if ('retryAfter' in failure) {
        res.writeHead(429, { 'retry-after': String(failure.retryAfter), 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      } else if ('error' in failure) this.json(res, { ok: false, error: failure.error });
      else res.writeHead(failure.status).end();
      return;
    }
    if (method === 'apps.connections.open') {
      // Socket Mode: only the app-level token opens a connection.
      if (token !== this.appToken) return this.json(res, { ok: false, error: 'invalid_auth' });
      return this.json(res, { ok: true, url: `ws://127.0.0.1:${this.port}/link/?ticket=${Date.now()}&app_id=A0BATON01` });
    }
    if (token !== this.expectedToken) return this.json(res, { ok: false, error: 'invalid_auth' });
    this.json(res, this.answer(method, args));
  }

  private answer(method: string, a: Record<string, any>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake District', user: 'baton', team_id: 'T0001', user_id: BOT_USER, bot_id: BOT_ID };
      case 'users.info': {
        const u = this.users.get(a.user);
        if (!u) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: u.id, team_id: 'T0001', name: u.name, deleted: Boolean(u.deleted), real_name: u.real_name ?? u.name, tz: u.tz ?? 'America/Los_Angeles',
            tz_label: 'Pacific Standard Time', tz_offset: -28800, is_bot: Boolean(u.is_bot),
            profile: { real_name: u.real_name ?? u.name, display_name: u.display_name ?? '', display_name_normalized: u.display_name ?? '' },
          },
        };
      }
      case 'conversations.members': {
        const c = this.channels.get(a.channel);
        return c ? { ok: true, members: c.members, response_metadata: { next_cursor: '' } } : { ok: false, error: 'channel_not_found' };
      }
      case 'conversations.history': {
        const c = this.channels.get(a.channel);
        if (!c) return { ok: false, error: 'channel_not_found' };
        const top = c.messages.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
        return { ok: true, messages: window(top, a).slice(0, Number(a.limit ?? 100)).map((m) => present(m, a.include_all_metadata)), has_more: false };
      }
      case 'conversations.replies': {
        const c = this.channels.get(a.channel);
        if (!c) return { ok: false, error: 'channel_not_found' };
        const asked = c.messages.find((m) => m.ts === a.ts);
        if (!asked) return { ok: false, error: 'thread_not_found' };
        const root = asked.thread_ts ?? asked.ts;
        const thread = c.messages.filter((m) => m.ts === root || m.thread_ts === root).sort((x, y) => x.ts.localeCompare(y.ts));
        const [parent, ...replies] = thread;
        return { ok: true, messages: [parent!, ...window(replies, a).reverse()].slice(0, Number(a.limit ?? 100)).map((m) => present(m, a.include_all_metadata)), has_more: false };
      }
      case 'chat.getPermalink': {
        const c = this.channels.get(a.channel);
        const m = c?.messages.find((x) => x.ts === a.message_ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        const thread = m.thread_ts && m.thread_ts !== m.ts ? `?thread_ts=${m.thread_ts}&cid=${a.channel}` : '';
        return { ok: true, channel: a.channel, permalink: `https://fake.slack.com/archives/${a.channel}/p${m.ts.replace('.', '')}${thread}` };
      }
      case 'chat.postMessage': {
        const channel = /^[UW]/.test(a.channel) ? `D${a.channel}` : a.channel;
        if (/^C/.test(channel) && !this.channels.has(channel)) return { ok: false, error: 'channel_not_found' };
        const ts = this.nextTs();
        const m: FakeMessage = { ts, text: a.text ?? '', bot_id: BOT_ID, ...(a.thread_ts ? { thread_ts: a.thread_ts } : {}), ...(a.metadata ? { metadata: a.metadata } : {}), ...(a.blocks ? { blocks: a.blocks } : {}) };
        this.conversation(channel).messages.push(m);
        return { ok: true, channel, ts, message: { ...m, type: 'message' } };
      }
      case 'conversations.open': {
        // Baton's DM with one person: D + their user id, as chat.postMessage to a user id makes it.
        const user = String(a.users ?? '').split(',')[0] ?? '';
        if (!this.users.has(user)) return { ok: false, error: 'user_not_found' };
        this.conversation(`D${user}`);
        return { ok: true, channel: { id: `D${user}` } };
      }
      case 'chat.postEphemeral':
        return this.channels.has(a.channel) || /^D/.test(a.channel) ? { ok: true, message_ts: this.nextTs() } : { ok: false, error: 'channel_not_found' };
      case 'chat.update':
        return { ok: true, channel: a.channel, ts: a.ts, text: a.text };
      case 'views.open':
      case 'views.publish':
        return { ok: true, view: { ...a.view, id: `V${++this.viewCounter}`, hash: `h${this.viewCounter}` } };
      case 'files.getUploadURLExternal': {
        const id = `F${++this.fileCounter}`;
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: (a.files ?? []).map((f: { id: string; title: string }) => ({ id: f.id, title: f.title })) };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private respondUrl(path: string, raw: Buffer, res: ServerResponse): void {
    if (this.expiredResponseUrls.has(path)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('expired_url');
      return;
    }
    let body: Record<string, any> = {};
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      res.writeHead(400).end('invalid_payload');
      return;
    }
    this.responses.push({ id: path, body });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }

  private async upload(path: string, raw: Buffer, contentType: string, res: ServerResponse): Promise<void> {
    const fileId = path.slice('/upload/'.length);
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const file = form.get('file');
    if (!(file instanceof Blob)) {
      res.writeHead(400).end('no file');
      return;
    }
    this.uploads.push({ fileId, filename: (file as File).name, content: await file.text() });
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
  }

  private json(res: ServerResponse, body: Record<string, unknown>): void {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }
}

function parseArgs(body: string, contentType: string): Record<string, any> {
  if (contentType.includes('application/json')) return body ? JSON.parse(body) : {};
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    out[k] = JSON_ARGS.has(k) ? safeJson(v) : v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** Messages between `oldest` and `latest` (inclusive when asked), newest first, like Slack. */
function window(messages: FakeMessage[], a: Record<string, any>): FakeMessage[] {
  const inclusive = a.inclusive === true || a.inclusive === 'true' || a.inclusive === '1';
  return messages
    .filter((m) => {
      if (a.latest && (inclusive ? m.ts > a.latest : m.ts >= a.latest)) return false;
      if (a.oldest && (inclusive ? m.ts < a.oldest : m.ts <= a.oldest)) return false;
      return true;
    })
    .sort((x, y) => y.ts.localeCompare(x.ts));
}

function present(m: FakeMessage, withMetadata: unknown): Record<string, unknown> {
  const { metadata, ...rest } = m;
  return { type: 'message', ...rest, ...(metadata && withMetadata ? { metadata } : {}) };
}
