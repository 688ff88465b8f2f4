// The Web API clients: one bot token, the configured base URL (GovSlack and tests use another),
// and three retry policies. Calls made while answering a person (conversations.history,
// views.open, setup's channel members) let the client retry a 429 after its Retry-After; looking
// a person up (users.info) and sends from the outbox give the 429 back at once: the directory
// then answers from what is stored, and the outbox waits out Retry-After itself and keeps its
// per-place order.
import { type LogLevel, webApi } from '@slack/bolt';
import type { Logger } from '../../core/ports.js';
import { boltLogger } from './log.js';

export type WebClient = InstanceType<typeof webApi.WebClient>;

export interface WebOptions {
  token: string;
  apiUrl: string;
  log: Logger;
  logLevel?: LogLevel;
  /** How long one call may take before it counts as failed (tests shorten it). */
  timeoutMs?: number;
}

/** For calls on the way in: retried (429 after Retry-After; network errors twice). */
export function inboundClient(o: WebOptions): WebClient {
  return new webApi.WebClient(o.token, {
    slackApiUrl: o.apiUrl,
    logger: boltLogger(o.log, o.logLevel),
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    timeout: 10_000,
  });
}

/**
 * For looking people up while a command waits (users.info): a 429 comes back at once (the
 * directory then uses what is stored until Retry-After has passed) rather than holding the
 * command, and the lookup gives up sooner than a send.
 */
export function lookupClient(o: WebOptions): WebClient {
  return new webApi.WebClient(o.token, {
    slackApiUrl: o.apiUrl,
    logger: boltLogger(o.log, o.logLevel),
    retryConfig: { retries: 1, factor: 2, minTimeout: 200, maxTimeout: 1_000 },
    rejectRateLimitedCalls: true,
    timeout: o.timeoutMs ?? 5_000,
  });
}

/** For the outbox: every failure comes back at once, 429s with their Retry-After. */
export function outboundClient(o: WebOptions): WebClient {
  return new webApi.WebClient(o.token, {
    slackApiUrl: o.apiUrl,
    logger: boltLogger(o.log, o.logLevel),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: o.timeoutMs ?? 15_000,
  });
}

/** The Slack error code of a failed call (`channel_not_found`, …), if it was one. */
export function slackError(err: unknown): string | undefined {
  const e = err as { code?: string; data?: { error?: unknown } } | null;
  return e && e.code === webApi.ErrorCode.PlatformError && typeof e.data?.error === 'string' ? e.data.error : undefined;
}
