// Bolt's and the Web API client's logs, into Baton's JSON log, with anything that looks like a
// token, a signing secret or a response_url scrubbed out of the text first.
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/ports.js';

const SECRETS: [RegExp, string][] = [
  [/xox[a-z]-[A-Za-z0-9-]+/g, 'xox…[redacted]'],
  [/xapp-[A-Za-z0-9-]+/g, 'xapp-…[redacted]'],
  [/(Bearer\s+)\S+/gi, '$1[redacted]'],
  // response_url and upload URLs are capabilities: whoever holds one can post.
  [/https?:\/\/[^\s"']*\/(?:commands|actions|upload)\/[^\s"']+/g, '[url redacted]'],
];

/** Text with tokens and capability URLs removed. */
export function scrub(text: string): string {
  let out = text;
  for (const [re, by] of SECRETS) out = out.replace(re, by);
  return out;
}

function describe(part: unknown): string {
  if (part instanceof Error) return `${part.name}: ${part.message}`;
  if (typeof part === 'string') return part;
  try {
    return JSON.stringify(part) ?? String(part);
  } catch {
    return String(part);
  }
}

const LEVELS: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** A Bolt logger writing to Baton's logger (component "slack"). */
export function boltLogger(log: Logger, level: LogLevel = LogLevel.INFO): BoltLogger {
  let current = level;
  let name = 'slack';
  const at = (l: LogLevel) => LEVELS.indexOf(l) >= LEVELS.indexOf(current);
  const write = (l: LogLevel, parts: unknown[]) => {
    if (!at(l)) return;
    const msg = scrub(parts.map(describe).join(' ')).slice(0, 2_000);
    const fn = l === LogLevel.DEBUG ? log.debug : l === LogLevel.INFO ? log.info : l === LogLevel.WARN ? log.warn : log.error;
    fn.call(log, { component: name }, msg);
  };
  return {
    debug: (...m: unknown[]) => write(LogLevel.DEBUG, m),
    info: (...m: unknown[]) => write(LogLevel.INFO, m),
    warn: (...m: unknown[]) => write(LogLevel.WARN, m),
    error: (...m: unknown[]) => write(LogLevel.ERROR, m),
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: (n: string) => {
      name = n;
    },
  };
}

/** A Web API error as a short loggable description (never the request, which carries the token). */
export function errorText(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: string; data?: { error?: string }; statusCode?: number; retryAfter?: number; message?: string };
    if (e.data?.error) return e.data.error;
    if (e.retryAfter !== undefined) return `rate limited (retry after ${e.retryAfter}s)`;
    if (e.statusCode) return `HTTP ${e.statusCode}`;
    if (e.message) return scrub(e.message);
  }
  return scrub(String(err));
}
