// A fake of the Bot Framework connector service (Teams' side of a bot) on 127.0.0.1: the
// serviceUrl of every activity the tests post. It records what Baton sends, answers like the
// service does, creates 1:1 conversations, lists members, accepts file uploads, and can throttle
// (429 with Retry-After) or refuse (403) on demand.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';

export interface Posted {
  /** The conversation id it was posted to (a thread: "<channel>;messageid=<root>"). */
  conversationId: string;
  /** The activity id it answered, when posted as a reply (…/activities/{replyToId}). */
  replyToId?: string;
  /** The id the service gave it. */
  id: string;
  activity: any;
}

export interface Request {
  method: string;
  path: string;
  status: number;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface Member {
  id: string;
  name: string;
  aadObjectId?: string;
  userPrincipalName?: string;
}

export class FakeConnector {
  private server!: Server;
  url = '';
  /** Every request, throttled and refused ones too. */
  readonly requests: Request[] = [];
  /** Activities the service accepted (posts). */
  readonly posted: Posted[] = [];
  /** Activities replaced (PUT). */
  readonly updated: Posted[] = [];
  /** 1:1 conversations created: the parameters Baton sent, and the id given. */
  readonly created: { id: string; params: any }[] = [];
  readonly uploads: { path: string; body: string; headers: IncomingMessage['headers'] }[] = [];
  /** Members per conversation (or team) id. */
  readonly members = new Map<string, Member[]>();

  /** These people are the members of a conversation (or team), as Teams lists them. */
  seat(conversationId: string, people: Member[]): void {
    this.members.set(conversationId, people.map((p) => ({ id: p.id, name: p.name, ...(p.aadObjectId ? { aadObjectId: p.aadObjectId } : {}), ...(p.userPrincipalName ? { userPrincipalName: p.userPrincipalName } : {}) })));
  }
  private throttles: { left: number; retryAfter: string; match: (r: { method: string; path: string }) => boolean }[] = [];
  private readonly blocked = new Set<string>();
  private failures: { left: number; status: number; match: (r: { method: string; path: string }) => boolean }[] = [];
  private holds: { match: (r: { method: string; path: string }) => boolean; until: Promise<void> }[] = [];
  private seq = 1_700_000_000_000;

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** The next `times` requests that match get 429 with this Retry-After (seconds). */
  throttle(times: number, opts: { retryAfter?: string; match?: (r: { method: string; path: string }) => boolean } = {}): void {
    this.throttles.push({ left: times, retryAfter: opts.retryAfter ?? '0', match: opts.match ?? (() => true) });
  }

  /** The next `times` requests that match fail with this status (500, 502, 503 …): the service failing. */
  fail(times: number, status = 500, match: (r: { method: string; path: string }) => boolean = () => true): void {
    this.failures.push({ left: times, status, match });
  }

  /**
   * Requests that match get no answer until the returned function is called (the service hanging);
   * then they are served as usual — the post happens, though the caller may have stopped waiting.
   */
  hold(match: (r: { method: string; path: string }) => boolean = () => true): () => void {
    let release!: () => void;
    const h = { match, until: new Promise<void>((r) => (release = r)) };
    this.holds.push(h);
    return () => {
      this.holds = this.holds.filter((x) => x !== h);
      release();
    };
  }

  /** The person blocked the bot: creating or posting to their 1:1 answers 403. */
  block(userId: string): void {
    this.blocked.add(userId);
  }

  /** The 1:1 conversation id the service gives a person. */
  personalId(userId: string): string {
    return `a:1${userId.replace(/^29:/, '')}`;
  }

  /** Posts to one conversation (any thread of it), in order. */
  postsTo(conversationId: string): Posted[] {
    return this.posted.filter((p) => p.conversationId === conversationId || p.conversationId.startsWith(`${conversationId};messageid=`));
  }

  /** Posts to a person's 1:1 chat. */
  dmsTo(userId: string): Posted[] {
    return this.postsTo(this.personalId(userId));
  }

  /** Waits (bounded, polling) until `check` returns a value that is not undefined/false. */
  async waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v !== undefined && v !== null && v !== false) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const held = this.holds.find((h) => h.match({ method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]! }));
      if (held) await held.until;
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0]!;
      let body: any = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // uploads are not JSON
      }
      const method = req.method ?? 'GET';
      const answer = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
        this.requests.push({ method, path, status, headers: req.headers, body });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(json === undefined ? '' : JSON.stringify(json));
      };
      const f = this.failures.find((x) => x.left > 0 && x.match({ method, path }));
      if (f) {
        f.left--;
        return answer(f.status, { error: { code: 'ServiceError', message: `HTTP ${f.status}` } });
      }
      const t = this.throttles.find((x) => x.left > 0 && x.match({ method, path }));
      if (t) {
        t.left--;
        return answer(429, { error: { code: 'TooManyRequests', message: 'Too many requests' } }, { 'retry-after': t.retryAfter });
      }
      const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
      if (parts[0] === 'upload' && method === 'PUT') {
        this.uploads.push({ path, body: raw, headers: req.headers });
        return answer(201, { id: 'file-1' });
      }
      if (parts[0] !== 'v3' || parts[1] !== 'conversations') return answer(404, { error: { code: 'NotFound', message: path } });
      // POST v3/conversations: open a 1:1
      if (parts.length === 2 && method === 'POST') {
        const userId = body?.members?.[0]?.id as string | undefined;
        if (!userId) return answer(400, { error: { code: 'BadArgument', message: 'members are required' } });
        if (this.blocked.has(userId)) return answer(403, { error: { code: 'MessageWritesBlocked', message: 'Bot is not allowed to send messages to this user.' } });
        const id = this.personalId(userId);
        this.created.push({ id, params: body });
        return answer(201, { id });
      }
      const conversationId = parts[2]!;
      const rest = parts.slice(3);
      if (rest[0] === 'activities' && method === 'POST') {
        const blockedUser = [...this.blocked].find((u) => this.personalId(u) === conversationId);
        if (blockedUser) return answer(403, { error: { code: 'MessageWritesBlocked', message: 'Bot is not allowed to send messages to this user.' } });
        const id = String(++this.seq);
        this.posted.push({ conversationId, ...(rest[1] ? { replyToId: rest[1] } : {}), id, activity: body });
        return answer(201, { id });
      }
      if (rest[0] === 'activities' && rest[1] && method === 'PUT') {
        this.updated.push({ conversationId, id: rest[1], activity: body });
        return answer(200, { id: rest[1] });
      }
      if (rest[0] === 'pagedmembers' && method === 'GET') {
        const base = conversationId.replace(/;messageid=.*$/, '');
        return answer(200, { members: this.members.get(base) ?? [] });
      }
      if (rest[0] === 'members' && rest[1] && method === 'GET') {
        const base = conversationId.replace(/;messageid=.*$/, '');
        const m = (this.members.get(base) ?? []).find((x) => x.id === rest[1]);
        return m ? answer(200, m) : answer(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
      }
      return answer(404, { error: { code: 'NotFound', message: path } });
    });
  }
}
