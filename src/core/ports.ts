// What the core receives from an adapter, and what it asks of one. Adapters translate their
// platform's payloads into an `Invocation` and implement `Directory` and `Transport`; the core
// never sees a Slack or Teams type.
import type { Message } from './message.js';

export type Platform = 'slack' | 'teams' | 'console';

/** A person as the platform knows them. */
export interface Person {
  userId: string;
  name: string;
  /** IANA zone, when the platform tells it. */
  tz?: string | undefined;
  /** A second stable id (Teams AAD object id). */
  altId?: string | undefined;
  isBot?: boolean;
}

/** Where and by whom something was asked of the core. */
export interface Invocation {
  platform: Platform;
  /** Slack: enterprise id ?? team id; Teams: tenant id; console: "console". */
  workspaceId: string;
  workspaceName?: string;
  /** The conversation it came from: a channel, a group chat or a 1:1 with the bot. */
  channelId: string;
  /** True in a 1:1 conversation with the bot. */
  isDirect: boolean;
  /** The channel's name, when the platform says (a default team name for `setup`). */
  channelName?: string;
  /** How commands are typed here, for hints: "/baton ", "@Baton " or "". */
  commandPrefix?: string;
  actor: Person;
  /** Platform delivery id (event_id, trigger_id, activity id): a second delivery is ignored. */
  dedupeKey?: string;
  /** Link to and id of the source message, when there is one. */
  sourceUrl?: string;
  sourceMessageId?: string;
  /** How to answer the caller privately, in the adapter's own terms (e.g. a response_url). */
  replyRoute?: Record<string, unknown>;
  /**
   * The message thread the request came from (a Teams channel message): what the team's channel
   * is told in answer goes in that thread, where the person asked.
   */
  thread?: string;
  /** Set by the inbox: the request this work comes from, marked done in the work's transaction. */
  inboxId?: number;
}

/** A message of someone else's that a person acted on (a reaction, a shortcut). */
export interface SourceMessage {
  /** Platform message id (Slack ts, Teams activity id). */
  messageId: string;
  channelId: string;
  authorId?: string;
  text?: string;
  url?: string;
}

/** Where an outgoing message goes. */
export type Destination =
  /** Privately to the person who asked, where they asked (Slack ephemeral, Teams 1:1, console). */
  | { to: 'reply'; userId: string; channelId: string; route?: Record<string, unknown> }
  /**
   * A channel everyone in it sees; `threadOf` replies under a message; `replaces` edits an earlier
   * post. `threadUnder` replies under an earlier outbox post by its key (the day's thread of a
   * quiet channel): the dispatcher turns it into `threadOf` once that post is sent, so a
   * transport never sees it.
   */
  | { to: 'channel'; channelId: string; threadOf?: string; replaces?: string; threadUnder?: string }
  /** A private message to one person. */
  | { to: 'dm'; userId: string };

/** An outbox row as an adapter's transport sees it. */
export interface Delivery {
  key: string;
  workspaceExternalId: string;
  destination: Destination;
  message: Message;
  /** Platform reference of the message a `replaces` destination edits, if it was sent. */
  replacesRef?: Record<string, unknown> | undefined;
}

/** What a transport reports after a send: the platform's reference to the message. */
export interface SentRef {
  conversationId: string;
  messageId: string;
  [extra: string]: unknown;
}

/** A transient failure; the outbox retries after `retryAfterMs` when given. */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryableError';
  }
}

/**
 * How fast a platform takes messages from one workspace (Slack workspace, Teams tenant): the
 * dispatcher paces each workspace's sends to it, so a fan-out runs at the limit instead of into 429s.
 */
export interface Pace {
  perSecond: number;
}

/** Sends outbox messages on one platform. */
export interface Transport {
  deliver(delivery: Delivery): Promise<SentRef | null>;
  /** The platform's sending limit per workspace, if it has one worth pacing to. */
  pace?: Pace;
  /**
   * After a crash, a message may have reached the platform without being marked sent. A
   * transport that can look (e.g. by metadata on the message) says whether it arrived.
   */
  confirm?(delivery: Delivery): Promise<SentRef | null | 'unknown'>;
}

/** People and channel membership, as the platform knows them. */
export interface Directory {
  person(workspaceId: string, userId: string): Promise<Person>;
  channelMembers(workspaceId: string, channelId: string): Promise<Person[]>;
  /** Whether one person is in a channel, when the platform can say without listing everyone (a large channel); throws when it cannot tell. */
  hasMember?(workspaceId: string, channelId: string, userId: string): Promise<boolean>;
}

/** Structured logging (pino's shape). Never give it a token or a secret. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
