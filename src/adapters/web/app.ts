// The team's page on Baton's one HTTP server: GET /t/<token> and its stylesheet. No script, no
// third-party request, nothing cached; every link that opens nothing gets the same 404, and an
// address that keeps guessing gets 429.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Baton } from '../../core/bot.js';
import type { Logger } from '../../core/ports.js';
import { Guesses } from './guesses.js';
import { PAGE_CSS } from './style.js';

/** The same page for every link that opens nothing: no hint of why. */
export const NOT_FOUND_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Not found</title></head>
<body><h1>Not found</h1><p>This link does not open anything. Ask Baton for a new one with <code>dashboard</code>.</p></body></html>
`;

export const TOO_MANY_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too many requests</title></head>
<body><h1>Too many requests</h1><p>Wait a few minutes, then try again.</p></body></html>
`;

type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export const PAGE_PREFIX = '/t/';
/** The stylesheet's address carries a digest of its content, so it can be cached for good. */
const CSS_DIGEST = createHash('sha256').update(PAGE_CSS).digest('hex').slice(0, 12);
export const STYLESHEET = `/assets/page-${CSS_DIGEST}.css`;

/** Styles only from Baton; no script at all; no frames, forms, plugins or base rewrites. */
export const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PRIVATE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex, nofollow',
  'cross-origin-resource-policy': 'same-origin',
} as const;

export interface WebPage {
  /** GET /t/<token> */
  page: Route;
  /** GET the stylesheet */
  stylesheet: Route;
}

export function webPage(o: { bot: Baton; log: Logger; now?: () => number }): WebPage {
  const guesses = new Guesses(o.now ?? Date.now);
  const send = (res: ServerResponse, status: number, html: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...PRIVATE_HEADERS, ...extra });
    res.end(html);
  };
  return {
    async page(req, res) {
      const address = req.socket.remoteAddress ?? 'unknown';
      const wait = guesses.admit(address);
      if (wait > 0) return send(res, 429, TOO_MANY_HTML, { 'retry-after': String(Math.ceil(wait / 1000)) });
      const path = (req.url ?? '').split('?')[0]!;
      const token = decodeSafe(path.slice(PAGE_PREFIX.length));
      const started = performance.now();
      const page = token === null ? null : await o.bot.page(token);
      if (!page) {
        guesses.missed(address);
        return send(res, 404, NOT_FOUND_HTML);
      }
      // The charting library loads on the first page asked for, not at start.
      const { pageHtml } = await import('./render.js');
      const html = await pageHtml(page, { stylesheet: STYLESHEET, builtBy: 'Made by Baton' });
      const ms = performance.now() - started;
      o.log.debug({ ms: Math.round(ms * 10) / 10 }, "team's page built");
      send(res, 200, html, { 'server-timing': `page;dur=${ms.toFixed(1)}` });
    },
    stylesheet(_req, res) {
      res.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
      res.end(PAGE_CSS);
    },
  };
}

function decodeSafe(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
