// The context one command runs in: the transaction, the clock's reading, who asked and where,
// and the messages it will send. Messages are only collected here; the bot writes them to the
// outbox in the same transaction as the records, so a message exists iff its records do.
import type { Db } from '../db/client.js';
import type { MemberRow } from '../db/members.js';
import type { TeamRow } from '../db/teams.js';
import type { WorkspaceRow } from '../db/workspaces.js';
import { recordAudit } from '../db/audit.js';
import { type DateOptions, zoneOr } from './language/dates.js';
import type { Message } from './message.js';
import type { Destination, Invocation, Person } from './ports.js';

/** What a message is about: remembered with the posted message (Teams reactions find it). */
export interface Subject {
  teamId: number;
  /** A short id like "C-12", when the message is about one record. */
  ref?: string;
  /** A short summary of what the message records, for a blocker flagged from it. */
  summary?: string;
  [extra: string]: unknown;
}

export interface Outgoing {
  destination: Destination;
  message: Message;
  subject?: Subject;
  /** A stable key part, for messages that must never be sent twice across runs (check-ins). */
  key?: string;
  /** Not before this instant (epoch ms). */
  notBefore?: number;
  /** A record's post to the team's channel, which the team's quiet mode may thread or hold (team/quiet.ts). */
  quiet?: boolean;
}

/** A user's mistake, returned by a handler: nothing it wrote is kept; the caller is told privately. */
export interface Refusal {
  refused: true;
  error: string;
  hint?: string;
  topic?: string;
  /** What the person typed, given back (refused for its length) so nothing typed is lost. */
  given?: string;
}

export function refuse(error: string, hint?: string, topic?: string, given?: string): Refusal {
  return { refused: true, error, ...(hint ? { hint } : {}), ...(topic ? { topic } : {}), ...(given ? { given } : {}) };
}

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && (x as Refusal).refused === true;
}

export class Context {
  readonly outgoing: Outgoing[] = [];
  /** Set once the command's team is known. */
  team!: TeamRow;
  /** How the team's work week and days off read week words ("EOW" is its last working day); set with `team`. */
  dates: DateOptions = {};
  /** The caller as a member of `team`. */
  actor!: MemberRow;
  /** The channel's members, looked up for `setup`. */
  channelMembers: Person[] = [];
  /** Whether the caller is in the channel `broadcast` names, asked before the transaction; null when the platform could not tell. */
  inNamedChannel: boolean | null = null;
  /** The address links to Baton's own pages are built on (BATON_PUBLIC_URL); null where no page is served (the console). */
  publicUrl: string | null = null;

  constructor(
    readonly db: Db,
    readonly now: number,
    readonly inv: Invocation,
    readonly workspace: WorkspaceRow,
    /** People resolved from the platform before the transaction, by user id. */
    readonly people: Map<string, Person>,
    readonly defaultTz: string,
  ) {}

  /** The caller as the platform knows them (display name, zone), resolved before the transaction. */
  get caller(): Person {
    return this.people.get(this.inv.actor.userId) ?? this.inv.actor;
  }

  /** How commands are typed where the caller is ("/baton ", "@Baton ", ""). */
  get prefix(): string {
    return this.inv.commandPrefix ?? '';
  }

  /** A member's time zone, or the default. */
  tz(member?: { tz: string | null } | null): string {
    return zoneOr(member?.tz ?? null, this.defaultTz);
  }

  /** The caller's own zone (for showing dates to them). */
  get actorTz(): string {
    return zoneOr(this.actor?.tz ?? this.caller.tz ?? null, this.defaultTz);
  }

  /** Privately to the caller, where they asked. */
  reply(message: Message): void {
    this.outgoing.push({
      destination: { to: 'reply', userId: this.inv.actor.userId, channelId: this.inv.channelId, ...(this.inv.replyRoute ? { route: this.inv.replyRoute } : {}) },
      message,
    });
  }

  /** To the team's channel, for everyone in it (in the thread the request came from, if any). */
  post(message: Message, subject?: Omit<Subject, 'teamId'>, threadOf?: string): void {
    const thread = threadOf ?? (this.inv.thread && this.inv.channelId === this.team.channelId ? this.inv.thread : undefined);
    this.outgoing.push({
      destination: { to: 'channel', channelId: this.team.channelId, ...(thread ? { threadOf: thread } : {}) },
      message,
      subject: { teamId: this.team.id, ...subject },
    });
  }

  /**
   * A record's post to the team's channel (an update, a commitment and what befalls it, an
   * agenda item, goal progress): under the team's `quiet` mode it goes into the day's thread or
   * waits for the day's roll-up instead (team/quiet.ts). Blockers, decisions and disagreements
   * never come here: they always stand alone.
   */
  postRecord(message: Message, subject?: Omit<Subject, 'teamId'>): void {
    this.post(message, subject);
    this.outgoing[this.outgoing.length - 1]!.quiet = true;
  }

  /** `announce` for a record's post: see postRecord. */
  announceRecord(message: Message, subject?: Omit<Subject, 'teamId'>): void {
    this.postRecord(message, subject);
    if (this.inv.channelId !== this.team.channelId) this.reply(message);
  }

  /**
   * To the team's channel; when the command came from elsewhere (a 1:1 with the bot), the
   * caller also gets it privately, so they see the result where they asked.
   */
  announce(message: Message, subject?: Omit<Subject, 'teamId'>): void {
    this.post(message, subject);
    if (this.inv.channelId !== this.team.channelId) this.reply(message);
  }

  /** To another channel (the broadcast channel, a thread under a flagged message). */
  postTo(channelId: string, message: Message, opts: { threadOf?: string; subject?: Omit<Subject, 'teamId'> } = {}): void {
    this.outgoing.push({
      destination: { to: 'channel', channelId, ...(opts.threadOf ? { threadOf: opts.threadOf } : {}) },
      message,
      subject: { teamId: this.team.id, ...opts.subject },
    });
  }

  /**
   * To a channel of the team, editable later: the first version under a stable outbox `key`; a
   * later version with `replaces` set to that key edits it (a platform that can't edit posts it
   * again). `threadOf` places the first version in a message's thread.
   */
  postEditable(channelId: string, message: Message, opts: ({ key: string; threadOf?: string } | { replaces: string }) & { subject?: Omit<Subject, 'teamId'> }): void {
    const first = 'key' in opts;
    this.outgoing.push({
      destination: { to: 'channel', channelId, ...(first ? (opts.threadOf ? { threadOf: opts.threadOf } : {}) : { replaces: opts.replaces }) },
      message,
      subject: { teamId: this.team.id, ...opts.subject },
      ...(first ? { key: opts.key } : {}),
    });
  }

  /** Privately to one person. */
  dm(userId: string, message: Message, opts: { subject?: Omit<Subject, 'teamId'>; key?: string; notBefore?: number } = {}): void {
    this.outgoing.push({
      destination: { to: 'dm', userId },
      message,
      ...(opts.subject ? { subject: { teamId: this.team.id, ...opts.subject } } : {}),
      ...(opts.key ? { key: opts.key } : {}),
      ...(opts.notBefore ? { notBefore: opts.notBefore } : {}),
    });
  }

  /** One line in the audit trail: who did what, from where. */
  async audit(action: string, target?: string, details?: Record<string, unknown>): Promise<void> {
    await recordAudit(this.db, {
      workspaceId: this.workspace.id,
      teamId: this.team?.id ?? null,
      actor: this.inv.actor.userId,
      platform: this.inv.platform,
      action,
      target: target ?? null,
      at: this.now,
      sourceUrl: this.inv.sourceUrl ?? null,
      details: details ?? null,
    });
  }

  /** Provenance columns for a record made by this command. */
  get provenance() {
    return {
      createdAt: this.now,
      platform: this.inv.platform,
      sourceUrl: this.inv.sourceUrl ?? null,
      sourceMessageId: this.inv.sourceMessageId ?? null,
    };
  }

  /** The display name of a user id: a member's, a resolved person's, or the id itself. */
  nameOf(userId: string, members?: Map<number, MemberRow>): string {
    if (members) for (const m of members.values()) if (m.userId === userId || m.altId === userId) return m.name;
    return this.people.get(userId)?.name ?? userId;
  }
}
