// The one HTTP server: /healthz, and the routes the adapters add (/slack/events, /api/messages,
// the team's page at /t/<token>).
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  /** Routes for every path under a prefix (`/t/` + a token), tried after the exact ones. */
  private readonly prefixes: { method: string; prefix: string; handler: RouteHandler }[] = [];
  readonly server: Server;

  constructor(private readonly health: () => Promise<{ ok: boolean; [k: string]: unknown }>) {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Slack and Teams keep connections alive; keep ours open a little longer than their idle time.
    this.server.keepAliveTimeout = 65_000;
  }

  /** Serve `method path` with a handler. */
  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.set(`${method} ${path}`, handler);
  }

  /** Serve `method` for every path that starts with `prefix`. */
  routePrefix(method: string, prefix: string, handler: RouteHandler): void {
    this.prefixes.push({ method, prefix, handler });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && path === '/healthz') {
      const h = await this.health();
      res.writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(h));
      return;
    }
    const handler = this.routes.get(`${req.method} ${path}`) ?? this.prefixes.find((p) => p.method === req.method && path.startsWith(p.prefix) && path.length > p.prefix.length)?.handler;
    if (!handler) {
      const known = [...this.routes.keys()].some((k) => k.endsWith(` ${path}`));
      res.writeHead(known ? 405 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: known ? 'method not allowed' : 'not found' }));
      return;
    }
    Promise.resolve(handler(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal error' }));
    });
  }
}
