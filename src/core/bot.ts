// The core's entry point: (who, where, what) → records and messages. Every adapter calls these
// methods and nothing else; every write of one call happens in one transaction, together with
// the messages it sends (the outbox), and a second delivery of the same call does nothing.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { Store } from '../db/store.js';
import { findMember, knownPerson } from '../db/members.js';
import { completeInbox, releaseLeasesOf } from '../db/inbox.js';
import { completeJob, failJob, nextDueAt } from '../db/jobs.js';
import { claimJobs } from '../db/leases.js';
import { enqueue, findPosted } from '../db/outbox.js';
import { claimReceipt } from '../db/receipts.js';
import { findTeamByChannel, getTeam, teamsOfUser } from '../db/teams.js';
import { type WorkspaceRow, deactivateWorkspace, ensureWorkspace, findWorkspace, getWorkspace } from '../db/workspaces.js';
import { AddressBook } from './addresses.js';
import { agreementHandlers, readAgreements } from './team/agreements.js';
import { flagMessage, blockerHandlers } from './records/blockers.js';
import { browseHandlers } from './review/browse.js';
import { checkinHandlers, questionHandlers } from './checkins/index.js';
import { calendarHandlers } from './team/calendar-commands.js';
import { teamDateOptions } from './team/calendar.js';
import { meetingHandlers, meetingJobs, recapActions, recapFormBuilders, recapForms } from './meeting/index.js';
import { bulletinHandlers, bulletinJobs } from './bulletin/index.js';
import type { Clock } from './clock.js';
import { type Command, inlineMentions, parseCommand } from './language/commands.js';
import { commitmentHandlers } from './records/commitments.js';
import { assignmentActions, assignmentFormBuilders, assignmentForms } from './records/assignments.js';
import { correctionHandlers } from './records/corrections.js';
import { Context, type Refusal, isRefusal, refuse } from './context.js';
import { dashboardHandlers, openLink } from './review/dashboard.js';
import { DECISION_ACTION, decisionActions, decisionFormBuilders, decisionForms, decisionHandlers, decisionJobs, enterAsExecutor } from './records/decisions.js';
import { flowHandlers, flowOnMemberLeft, startFlowFromMessage } from './deescalation/index.js';
import { exportHandlers } from './review/export.js';
import { CONFIRM_ACTION, confirmDataPoint, goalHandlers } from './records/goals.js';
import type { ActionHandler, Awaitable, FormHandler, Handler, Handlers, JobHandler } from './handlers.js';

export type { ActionHandler, FormHandler, JobHandler } from './handlers.js';
import { helpMessage } from './language/help.js';
import { homeView } from './review/home.js';
import { checkAnswers, roughlyBounded } from './language/formcheck.js';
import { Inbox } from './inbox.js';
import { admit, leads, release } from './team/membership.js';
import { type Form, type Message, LINK_ACTION, bold, code, context, line, message, say, section } from './message.js';
import { PERMISSIONS, isLead } from './team/permissions.js';
import type { Destination, Directory, Invocation, Logger, Person, Platform, SourceMessage } from './ports.js';
import { type TeamPage, teamPage } from './review/page.js';
import { recapCommandActions, recapHandlers } from './review/recap.js';
import { reportHandlers } from './review/report.js';
import { type RecordKind, recordForm, recordStateSchema, submitRecord } from './records/shortcuts.js';
import { stripInvisible, stripInvisibleValues, withoutNul } from './language/sanitize.js';
import { teamHandlers } from './team/team.js';
import { nudgeActions, nudgeFormBuilders, nudgeForms, nudgeHandlers, nudgeJobs, nudgePlanner } from './records/nudges.js';
import { updateHandlers } from './records/updates.js';
import { applyQuiet, quietHandlers, quietJobs } from './team/quiet.js';

const HANDLERS: Handlers = {
  help: (ctx, cmd) => ctx.reply(helpMessage(ctx.prefix, cmd.topic)),
  ...teamHandlers,
  ...goalHandlers,
  ...correctionHandlers,
  ...updateHandlers,
  ...commitmentHandlers,
  ...blockerHandlers,
  ...decisionHandlers,
  ...browseHandlers,
  ...recapHandlers,
  ...reportHandlers,
  ...exportHandlers,
  ...dashboardHandlers,
  ...agreementHandlers,
  ...checkinHandlers,
  ...nudgeHandlers,
  ...questionHandlers,
  ...calendarHandlers,
  ...quietHandlers,
  ...meetingHandlers,
  ...bulletinHandlers,
  ...flowHandlers,
};


export interface BatonOptions {
  /** Where everything is recorded: every unit of work goes through it. */
  store: Store;
  clock: Clock;
  /** People and channel membership per platform. */
  directories: Partial<Record<Platform, Directory>>;
  /** The zone for people whose own is unknown. */
  defaultTz: string;
  log: Logger;
  /** Called after messages were added to the outbox, so they go out at once. */
  onOutbox?: () => void;
  /**
   * The storage failed (disk full, read-only, I/O error): called once; the app stops cleanly
   * rather than answer people with promises it cannot keep.
   */
  onStorageFailure?: (err: unknown) => void;
  /** Extra button, form and job handlers (check-ins, the de-escalation flow). */
  actions?: Record<string, ActionHandler>;
  forms?: Record<string, FormHandler>;
  /**
   * For each form, the action that builds it (for the check-in: its "Answer" button), run again
   * with the submitted state so the answers are checked against the fields the form declares.
   */
  formBuilders?: Record<string, ActionHandler>;
  jobs?: Record<string, JobHandler>;
  /**
   * Idempotent upkeep, run before each round of due jobs (so also at start): rebuilds what must
   * exist from the database, e.g. every team's next check-in timer.
   */
  upkeep?: ((db: Db, now: number, defaultTz: string) => Awaitable<void>)[];
  /**
   * Who this instance is, for the leases it takes. Stable across restarts of the same instance
   * (app.ts: host and port), so at start it takes back what it held before at once; other
   * instances' leases it leaves until they run out.
   */
  instance?: string;
  /** The address links to the team's page are built on (BATON_PUBLIC_URL); unset where no page is served. */
  publicUrl?: () => string | undefined;
}


/** A command writing privately to more people than this is a fan-out: its messages are bulk. */
const FAN_OUT_DMS = 10;

/** The most people one command may name, and how many of them are looked up on the platform. */
const MAX_MENTIONS = 50;
const MAX_LOOKUPS = 20;

/** Due jobs are taken this many at a time, at most this many times per tick. */
const JOB_BATCH = 500;
const MAX_JOB_BATCHES = 20;
/** A batch of due jobs is this instance's for this long (each job is completed in its own transaction). */
const JOB_LEASE_MS = 5 * 60_000;

/** Thrown to roll a transaction back when a handler refused after starting to write. */
class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.error);
  }
}

/** Thrown to roll a transaction back without answering (a form shows its own errors). */
class Rollback extends Error {}

export type FormOutcome = { ok: true } | { ok: false; errors: Record<string, string> };

export class Baton {
  private readonly actions: Record<string, ActionHandler>;
  private readonly forms: Record<string, FormHandler>;
  private readonly formBuilders: Record<string, ActionHandler>;
  private readonly jobs: Record<string, JobHandler>;
  /** Where adapters remember how to reach people and conversations on their platform. */
  readonly addresses: AddressBook;
  /** Requests written down before they are acknowledged (see core/inbox.ts). */
  readonly inbox: Inbox;
  /** The storage failure that stopped recording, once there was one. */
  private storageError: unknown = null;
  /** Who holds the leases this instance takes. */
  readonly owner: string;
  /** Plans every nudge still ahead (its own memory of what it planned, per instance). */
  private readonly planNudges = nudgePlanner();

  constructor(private readonly opts: BatonOptions) {
    this.actions = {
      command: () => undefined, // handled in action() itself: the value is a command line
      // App Home's "Open the team's page": `dashboard` for the team the button names.
      dashboard: (ctx) => dashboardHandlers.dashboard!(ctx, { name: 'dashboard' }),
      // A decision's buttons are the core's own, on every surface.
      ...decisionActions,
      ...assignmentActions,
      ...nudgeActions,
      [CONFIRM_ACTION]: confirmDataPoint,
      ...recapActions,
      ...recapCommandActions,
      ...opts.actions,
    };
    this.forms = {
      record: async (ctx, state, values) => {
        const parsed = recordStateSchema.safeParse(safeJson(state));
        // The state came back from the client: its team and its message's channel must both be
        // this team's, or a member could have Baton announce the record in another team's channel.
        const valid = parsed.success && parsed.data.teamId === ctx.team.id && (await findTeamByChannel(ctx.db, ctx.workspace.id, parsed.data.source.channelId))?.id === ctx.team.id;
        if (!valid) return refuse('That form is no longer valid. Start again from the message.');
        return await submitRecord(ctx, parsed.data, values) ?? undefined;
      },
      ...decisionForms,
      ...assignmentForms,
      ...nudgeForms,
      ...recapForms,
      ...opts.forms,
    };
    this.formBuilders = {
      record: (ctx, state) => {
        const parsed = recordStateSchema.safeParse(safeJson(state));
        if (!parsed.success) return refuse('That form is no longer valid. Start again from the message.');
        return recordForm(ctx, parsed.data.kind, parsed.data.source);
      },
      ...decisionFormBuilders,
      ...assignmentFormBuilders,
      ...nudgeFormBuilders,
      ...recapFormBuilders,
      ...opts.formBuilders,
    };
    // A form without its builder is checked against the rough bound only: say so at start.
    const unchecked = Object.keys(this.forms).filter((id) => !this.formBuilders[id]);
    if (unchecked.length > 0) opts.log.warn({ forms: unchecked }, 'forms whose answers cannot be checked against their fields');
    this.jobs = { ...decisionJobs, ...nudgeJobs, ...meetingJobs, ...bulletinJobs, ...quietJobs, ...opts.jobs };
    this.addresses = new AddressBook(opts.store, opts.clock);
    this.owner = opts.instance ?? `baton-${randomUUID()}`;
    this.inbox = new Inbox(opts.store, opts.clock, opts.log, (err) => this.storageFailed(err), this.owner);
    this.inbox.handle('command', async (inv, payload) => {
      await this.command(inv, String(payload.text ?? ''));
      // The work could not be written: the request must stay pending for the next start, not be
      // marked done by a smaller write that still fits.
      if (this.storageError) throw this.storageError;
    });
  }

  get store(): Store {
    return this.opts.store;
  }

  now(): number {
    return this.opts.clock.now();
  }

  /**
   * At start: what this instance held before a restart is free again (nothing of it is being
   * worked now), and the requests accepted but not worked through are taken up.
   */
  async resume(): Promise<void> {
    await this.store.tx(async (q) => releaseLeasesOf(q, this.owner));
    await this.inbox.takeUp();
  }

  // ——— what adapters call ———

  /**
   * A command line, written down first and worked through right after (call before
   * acknowledging the platform). False when the same delivery was already accepted.
   */
  async acceptCommand(inv: Invocation, text: string): Promise<boolean> {
    try {
      return await this.inbox.accept('command', inv.dedupeKey ?? randomUUID(), inv, { text });
    } catch (err) {
      // Not written down, so not acknowledged as accepted: the adapter says so instead.
      if (this.store.isStorageFailure(err)) this.storageFailed(err);
      throw err;
    }
  }

  /** A command line, typed after `/baton`, `@Baton` or in the console. */
  async command(inv: Invocation, text: string): Promise<void> {
    return this.commandLine(inv, text, true);
  }

  /**
   * A command line; `typed` when the person typed it (only then does typing it in the team's
   * channel make them a member — a button carrying a command line does not).
   */
  private async commandLine(inv: Invocation, text: string, typed: boolean): Promise<void> {
    const parsed = parseCommand(stripInvisible(text));
    const people = await this.resolvePeople(inv, parsed.ok ? parsed.mentions : []);
    const channelMembers = parsed.ok && parsed.command.name === 'setup' && !inv.isDirect ? await this.channelMembers(inv) : [];
    // Who is in the channel `broadcast` names: only someone in it may have Baton announce there.
    const named = parsed.ok && parsed.command.name === 'broadcast' && parsed.command.channelId ? await this.isIn(inv, parsed.command.channelId) : null;
    await this.run(inv, people, (ctx) => {
      if (!parsed.ok) return refuse(parsed.error, parsed.hint, parsed.topic, parsed.given);
      ctx.channelMembers = channelMembers;
      ctx.inNamedChannel = named;
      return this.dispatch(ctx, humanize(parsed.command, people), typed);
    });
  }

  /** A button press. Returns a form to open, if the action opens one. */
  async action(inv: Invocation, actionId: string, value: string): Promise<Form | null> {
    value = stripInvisible(value);
    // A link button opened its address in the browser; Slack still tells us it was clicked.
    if (actionId === LINK_ACTION) return null;
    if (actionId === 'command') {
      await this.commandLine(inv, value, false);
      return null;
    }
    const handler = this.actions[actionId];
    if (!handler) {
      this.opts.log.warn({ actionId }, 'unknown action');
      return null;
    }
    const people = await this.resolvePeople(inv, []);
    const opened: { form: Form | null } = { form: null };
    await this.run(inv, people, async (ctx) => {
      // A button from a private message names its team in its value (someone may be in several).
      // A decision's Done is authorized by being its executor, who may be outside the team.
      const asExecutor = actionId === DECISION_ACTION.done && await enterAsExecutor(ctx, value);
      const denied = asExecutor ? null : await this.enterTeam(ctx, 'member', teamIdOf(value));
      if (denied) return denied;
      const r = await handler(ctx, value);
      if (r && 'formId' in r) opened.form = r;
      else return r;
    });
    return opened.form;
  }

  /** A submitted form. Field errors come back for the form to show; anything else is recorded. */
  async submit(inv: Invocation, formId: string, state: string, values: Record<string, string | undefined>): Promise<FormOutcome> {
    values = stripInvisibleValues(values);
    // The form's state comes back from the platform, so it is as much the sender's as the answers.
    state = stripInvisible(state);
    const handler = this.forms[formId];
    if (!handler) return { ok: false, errors: { _: 'This form is no longer available.' } };
    const rough = roughlyBounded(values);
    if (rough) return { ok: false, errors: rough };
    const people = await this.resolvePeople(inv, []);
    const outcome: { errors: Record<string, string> | null } = { errors: null };
    await this.run(inv, people, async (ctx) => {
      const denied = await this.enterTeam(ctx, 'member', teamIdOf(state));
      if (denied) return denied;
      // The form as the core would show it now: what it declares is what may come back.
      const build = this.formBuilders[formId];
      const shown = build ? await build(ctx, state) : undefined;
      if (isRefusal(shown)) return shown;
      const checked = shown ? checkAnswers(shown.fields, values) : { values };
      if ('errors' in checked) {
        outcome.errors = checked.errors;
        throw new Rollback();
      }
      const r = await handler(ctx, state, checked.values);
      if (isRefusal(r)) return r;
      if (r && Object.keys(r).length > 0) {
        outcome.errors = r;
        throw new Rollback();
      }
    });
    return outcome.errors ? { ok: false, errors: outcome.errors } : { ok: true };
  }

  /** A message shortcut: the form to record that message as a commitment, blocker or decision. */
  async shortcut(inv: Invocation, kind: RecordKind, source: SourceMessage): Promise<Form | null> {
    if (source.text) source = { ...source, text: stripInvisible(source.text) };
    const people = await this.resolvePeople(inv, []);
    const opened: { form: Form | null } = { form: null };
    await this.run({ ...inv, channelId: source.channelId }, people, async (ctx) => {
      const denied = await this.enterTeam(ctx, 'member');
      if (denied) return denied;
      opened.form = await recordForm(ctx, kind, source);
    });
    return opened.form;
  }

  /**
   * A reaction on a message in a channel (Slack). The team's blocker emoji flags the message as
   * a blocker; its disagreement emoji starts the de-escalation flow. Other emoji are ignored.
   */
  async reacted(inv: Invocation, emoji: string, source: SourceMessage): Promise<void> {
    if (source.text) source = { ...source, text: stripInvisible(source.text) };
    const team = await this.teamOfChannel(inv, source.channelId);
    if (!team) return;
    const a = readAgreements(team.agreements);
    const name = emoji.replace(/::skin-tone-\d$/, '');
    if (name !== a.blockerEmoji && name !== a.disagreeEmoji) return;
    const people = await this.resolvePeople(inv, source.authorId ? [source.authorId] : []);
    await this.run({ ...inv, channelId: source.channelId }, people, async (ctx) => {
      const denied = await this.enterTeam(ctx, 'member');
      if (denied) return denied;
      if (name === a.blockerEmoji) {
        const { blocker, created } = await flagMessage(ctx, source);
        if (!created) ctx.reply(say('That message is already flagged as ', bold(`E-${blocker.seq}`), '.'));
        return;
      }
      return startFlowFromMessage(ctx, source);
    });
  }

  /**
   * A reaction on one of Baton's own posts (Teams delivers only these). The team's configured
   * reaction flags a blocker about what that post recorded.
   */
  async reactedToOwnPost(inv: Invocation, reaction: string, conversationId: string, messageId: string): Promise<void> {
    const found = await this.store.read(async (q) => {
      const ws = await findWorkspace(q, inv.platform, inv.workspaceId);
      if (!ws) return undefined;
      const posted = await findPosted(q, ws.id, conversationId, messageId);
      const teamId = typeof posted?.subject?.teamId === 'number' ? posted.subject.teamId : undefined;
      const team = teamId ? await getTeam(q, teamId) : undefined;
      return posted && team && team.workspaceId === ws.id ? { posted, team } : undefined;
    });
    if (!found) return;
    const { posted, team } = found;
    if (reaction !== readAgreements(team.agreements).teamsBlockerReaction) return;
    const summary = typeof posted.subject?.summary === 'string' ? posted.subject.summary : 'a message from Baton';
    const people = await this.resolvePeople(inv, []);
    // Run where the reaction was (Baton's post may be in a broadcast channel of the wider staff):
    // a reaction never makes anyone a member, so only members flag.
    await this.run(inv, people, async (ctx) => {
      const denied = await this.enterTeam(ctx, 'member', team.id);
      // Outside the team's channel (staff reacting to an announcement) a reaction from someone
      // not in the team is just a reaction: no answer, which would also name the team to them.
      if (denied) return inv.channelId === team.channelId ? denied : undefined;
      const { blocker, created } = await flagMessage(ctx, { messageId, channelId: conversationId, text: `Blocked: ${summary}` });
      if (!created) ctx.reply(say('That post is already flagged as ', bold(`E-${blocker.seq}`), '.'));
    });
  }

  /** Someone joined the channel of a team: they become a member. */
  async memberJoined(inv: Invocation): Promise<void> {
    const people = await this.resolvePeople(inv, []);
    await this.run(inv, people, async (ctx) => {
      const team = await findTeamByChannel(ctx.db, ctx.workspace.id, inv.channelId);
      if (!team || inv.actor.isBot) return;
      ctx.team = team;
      const m = await admit(ctx.db, team.id, people.get(inv.actor.userId) ?? inv.actor, ctx.now);
      if (m) await ctx.audit('member.join', undefined, { member: m.userId });
    });
  }

  /** Someone left the channel of a team: they stop being a member; their records stay. */
  async memberLeft(inv: Invocation): Promise<void> {
    await this.run(inv, new Map(), async (ctx) => {
      const team = await findTeamByChannel(ctx.db, ctx.workspace.id, inv.channelId);
      const m = team ? await findMember(ctx.db, team.id, inv.actor.userId) : undefined;
      if (!team || !m || m.status !== 'active') return;
      ctx.team = team;
      await release(ctx.db, m, 'left', ctx.now);
      await ctx.audit('member.leave', undefined, { member: m.userId });
      await flowOnMemberLeft(ctx, m);
    });
  }

  /** The app was uninstalled or its tokens revoked: the workspace is kept, marked inactive. */
  async workspaceGone(platform: Platform, externalId: string): Promise<void> {
    await this.store.tx(async (q) => {
      const ws = await findWorkspace(q, platform, externalId);
      if (ws) await deactivateWorkspace(q, ws.id, this.now());
    });
  }

  /**
   * Whether a reaction in this channel is one the team acts on (its blocker or disagreement
   * emoji). Lets an adapter skip fetching the message for every other reaction.
   */
  async reactionMatters(inv: Invocation, emoji: string, channelId: string): Promise<boolean> {
    const team = await this.teamOfChannel(inv, channelId);
    if (!team) return false;
    const a = readAgreements(team.agreements);
    const name = emoji.replace(/::skin-tone-\d$/, '');
    return name === a.blockerEmoji || name === a.disagreeEmoji;
  }

  /**
   * The team's page a link opens, or null for every link that opens nothing — unknown, expired,
   * revoked, or issued to someone no longer in the team — alike, so a guess learns nothing.
   */
  async page(token: string): Promise<TeamPage | null> {
    const now = this.now();
    return this.store.read(async (q) => {
      const opened = await openLink(q, token, now);
      return opened ? await teamPage(q, opened.team, opened.member, now, this.opts.defaultTz) : null;
    });
  }

  /** The person's overview (Slack App Home). */
  async home(inv: Invocation): Promise<Message> {
    const people = await this.resolvePeople(inv, []);
    const tz = people.get(inv.actor.userId)?.tz ?? this.opts.defaultTz;
    return this.store.read(async (q) => {
      const ws = await findWorkspace(q, inv.platform, inv.workspaceId);
      return homeView(q, ws ? ws.id : -1, inv.actor.userId, this.now(), tz, inv.commandPrefix ?? '');
    });
  }

  /** The team whose channel this is, if any. */
  private async teamOfChannel(inv: Invocation, channelId: string) {
    return this.store.read(async (q) => {
      const ws = await findWorkspace(q, inv.platform, inv.workspaceId);
      return ws ? await findTeamByChannel(q, ws.id, channelId) : undefined;
    });
  }

  /** When the next timer is due (epoch ms), or null: lets the console move time through each in turn. */
  async nextJobAt(): Promise<number | null> {
    return this.store.read(async (q) => nextDueAt(q));
  }

  /**
   * Runs every job that is due. Each job is marked done in the same transaction as its work,
   * so it fires once whatever restarts happen; a job whose work throws is marked failed.
   * All at once: for tests and the console, where nothing else waits.
   */
  async runDueJobs(): Promise<number> {
    return this.dueJobs(null);
  }

  /**
   * The same, giving the event loop back every few milliseconds: when thousands of teams' check-ins
   * fall due in one minute the work takes many seconds, and Slack must still be acknowledged
   * within 3 s and /healthz answer meanwhile. Each job is its own transaction, so a command
   * worked in between sees a consistent team.
   */
  async runDueJobsPaced(sliceMs = 20): Promise<number> {
    return this.dueJobs(sliceMs);
  }

  /** The due work, one transaction per step; with `sliceMs`, the event loop gets a turn that often. */
  private async dueJobs(sliceMs: number | null): Promise<number> {
    let since = performance.now();
    const pause = async () => {
      if (sliceMs === null || performance.now() - since < sliceMs) return;
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    };
    const now = this.now();
    let ran = 0;
    // Nudges are the core's own, like decisions' timers: planned on every surface.
    for (const upkeep of [...(this.opts.upkeep ?? []), this.planNudges]) {
      try {
        await this.store.tx(async (tx) => upkeep(tx, now, this.opts.defaultTz));
      } catch (err) {
        if (this.store.isStorageFailure(err)) {
          this.storageFailed(err);
          return ran;
        }
        this.opts.log.error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, 'upkeep failed');
      }
      await pause();
    }
    // Everything due, in batches: a whole time zone of a large team can be due in the same
    // minute. Bounded, so a job that schedules another due at once cannot keep this busy.
    for (let round = 0; round < MAX_JOB_BATCHES; round++) {
      const batch = await this.store.tx(async (q) => claimJobs(q, this.owner, now, JOB_LEASE_MS, JOB_BATCH));
      if (batch.length === 0) break;
      for (const job of batch) {
        const handler = this.jobs[job.kind];
        try {
          // The job's workspace, locked as its commands lock it: a job and a command of one team never interleave.
          const workspace = await this.store.read(async (q) => jobWorkspace(q, job.payload));
          await this.store.tx(async (tx) => {
            if (!await completeJob(tx, job.id, now)) return;
            if (!handler) {
              this.opts.log.warn({ kind: job.kind, key: job.key }, 'no handler for a due job; marked done');
              return;
            }
            const team = typeof job.payload.teamId === 'number' ? await getTeam(tx, job.payload.teamId) : undefined;
            if (!team) return;
            const ws = await workspaceOf(tx, team.workspaceId);
            const inv: Invocation = { platform: ws.platform as Platform, workspaceId: ws.externalId, channelId: team.channelId, isDirect: false, actor: { userId: 'baton', name: 'Baton' } };
            const ctx = new Context(tx, now, inv, ws, new Map(), this.opts.defaultTz);
            ctx.team = team;
            await handler(ctx, job.payload, { key: job.key, kind: job.kind, dueAt: job.dueAt });
            await this.flush(ctx, true);
            ran++;
          }, workspace === undefined ? {} : { workspace });
        } catch (err) {
          if (this.store.isStorageFailure(err)) {
            this.storageFailed(err);
            return ran;
          }
          // The database was out of reach: the job is left as it is, claimed until its lease runs
          // out, then run by whichever instance ticks next. Not a failure of the job.
          if (this.store.isUnreachable(err)) {
            this.opts.log.warn({ kind: job.kind, key: job.key, err: err instanceof Error ? err.message : String(err) }, 'the database could not be reached; the job will be run again');
            return ran;
          }
          try {
            await this.store.tx(async (q) => failJob(q, job.id, now));
          } catch (e) {
            if (this.store.isStorageFailure(e)) {
              this.storageFailed(e);
              return ran;
            }
          }
          this.opts.log.error({ kind: job.kind, key: job.key, err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, 'job failed');
        }
        await pause();
      }
      // What this batch queued can start going out while the next is worked.
      if (ran) this.opts.onOutbox?.();
    }
    return ran;
  }

  // ——— inside ———

  /**
   * Who the mentioned people (and the caller) are, from the platform, before the transaction.
   * At most MAX_LOOKUPS are asked of the platform; for the rest, and for any lookup that fails
   * (the directory does not wait out a rate limit), what Baton has stored stands in, or the id.
   */
  private async resolvePeople(inv: Invocation, mentioned: string[]): Promise<Map<string, Person>> {
    const people = new Map<string, Person>();
    const dir = this.opts.directories[inv.platform];
    let ws: WorkspaceRow | undefined | null = null;
    const failed: string[] = [];
    const stored = async (p: Partial<Person> & { userId: string }): Promise<Person> => {
      const known = await this.store.read(async (q) => {
        ws ??= await findWorkspace(q, inv.platform, inv.workspaceId);
        return ws ? await knownPerson(q, ws.id, p.userId) : undefined;
      });
      return { ...(known?.tz ? { tz: known.tz } : {}), ...p, name: p.name || known?.name || p.userId };
    };
    const ask = async (p: Partial<Person> & { userId: string }): Promise<Person> => {
      if (!dir) return { name: p.userId, ...p } as Person;
      try {
        const found = await dir.person(inv.workspaceId, p.userId);
        return { ...found, ...(p.name && !found.name ? { name: p.name } : {}) };
      } catch (err) {
        if (failed.length === 0) failed.push(String(err));
        failed.push(p.userId);
        return stored(p);
      }
    };
    const actor = inv.actor.tz && inv.actor.name ? inv.actor : { ...(await ask(inv.actor)), ...(inv.actor.altId ? { altId: inv.actor.altId } : {}) };
    people.set(inv.actor.userId, actor);
    const unique = [...new Set(mentioned)].filter((id) => id !== inv.actor.userId).slice(0, MAX_MENTIONS);
    const found = await Promise.all(unique.map((id, i) => (i < MAX_LOOKUPS ? ask({ userId: id }) : stored({ userId: id }))));
    for (const p of found) people.set(p.userId, p);
    if (failed.length > 0) this.opts.log.warn({ err: failed[0], failed: failed.length - 1, first: failed[1] }, 'person lookups failed; used what is stored');
    return people;
  }

  private async channelMembers(inv: Invocation): Promise<Person[]> {
    return (await this.membersOf(inv, inv.channelId)) ?? [];
  }

  /** Whether the caller is in a channel, as the platform says; null when it could not tell. */
  private async isIn(inv: Invocation, channelId: string): Promise<boolean | null> {
    const dir = this.opts.directories[inv.platform];
    if (dir?.hasMember) {
      try {
        return await dir.hasMember(inv.workspaceId, channelId, inv.actor.userId);
      } catch (err) {
        this.opts.log.warn({ err: String(err) }, 'channel membership lookup failed');
        return null;
      }
    }
    const members = await this.membersOf(inv, channelId);
    return members ? members.some((p) => p.userId === inv.actor.userId) : null;
  }

  /** A channel's members from the platform, or null when they could not be read. */
  private async membersOf(inv: Invocation, channelId: string): Promise<Person[] | null> {
    const dir = this.opts.directories[inv.platform];
    if (!dir) return null;
    try {
      return await dir.channelMembers(inv.workspaceId, channelId);
    } catch (err) {
      this.opts.log.warn({ err: String(err) }, 'channel members lookup failed');
      return null;
    }
  }

  /**
   * One transaction: the delivery's receipt, the work, its messages. A refusal rolls the work
   * back and answers the caller privately instead; a bug does the same with an apology.
   */
  private async run(inv: Invocation, people: Map<string, Person>, work: (ctx: Context) => Awaitable<Refusal | void>): Promise<void> {
    const now = this.now();
    let refusal: Refusal | null = null;
    let failed = false;
    try {
      await this.once(inv, people, now, async (ctx) => {
        const r = await work(ctx);
        if (isRefusal(r)) throw new Refused(r);
      });
    } catch (err) {
      if (err instanceof Refused) refusal = err.refusal;
      else if (err instanceof Rollback) return;
      else if (this.store.isStorageFailure(err)) {
        this.storageFailed(err);
        return;
      } else {
        failed = true;
        this.opts.log.error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err), platform: inv.platform }, 'command failed');
      }
    }
    if (refusal || failed) {
      const answer = refusal ? refusalMessage(refusal, inv.commandPrefix ?? '') : say("Sorry — something went wrong on Baton's side, and nothing was recorded. Please try again in a moment.");
      try {
        await this.once(inv, people, now, (ctx) => ctx.reply(answer));
      } catch (err) {
        this.opts.log.error({ err: String(err) }, 'could not record the answer to a refused command');
      }
    }
    this.opts.onOutbox?.();
  }

  storageFailed(err: unknown): void {
    if (this.storageError) return;
    this.storageError = err;
    this.opts.log.error({ code: (err as { code?: string }).code, err: err instanceof Error ? err.message : String(err) }, 'storage failure: nothing more can be recorded; stopping');
    const notify = this.opts.onStorageFailure;
    this.opts.onStorageFailure = undefined;
    notify?.(err);
  }

  /**
   * A transaction for one delivery: the inbox request is marked done and the delivery's receipt
   * claimed with the work, so a second delivery (or a restart) never does it again; the work's
   * messages go to the outbox in the same transaction.
   */
  private async once(inv: Invocation, people: Map<string, Person>, now: number, work: (ctx: Context) => Awaitable<void>): Promise<void> {
    // One workspace's work one at a time, whichever instance took it (PostgreSQL: see Store.tx).
    await this.store.tx(async (tx) => {
      // Whoever completed the request first did its work: a second worker (a restart, another
      // instance whose lease ran out) must not do it again, receipt or not.
      if (inv.inboxId !== undefined && !await completeInbox(tx, inv.inboxId, now)) return;
      if (inv.dedupeKey && !await claimReceipt(tx, inv.dedupeKey, now)) return;
      const ws = await ensureWorkspace(tx, inv.platform, inv.workspaceId, now, inv.workspaceName);
      const ctx = new Context(tx, now, visibleNames(inv), ws, visiblePeople(people), this.opts.defaultTz);
      ctx.publicUrl = this.opts.publicUrl?.() ?? null;
      await work(ctx);
      await this.flush(ctx);
    }, { workspace: workspaceLock(inv.platform, inv.workspaceId) });
    // Committed: the request is done (by this work or by whoever found it first).
    if (inv.inboxId !== undefined) this.inbox.completedByWork(inv.inboxId);
  }

  /** Finds the team, checks the caller's membership and role, then runs the handler. */
  private async dispatch(ctx: Context, cmd: Command, typed: boolean): Promise<Refusal | void> {
    const rule = PERMISSIONS[cmd.name];
    if (rule !== 'anyone') {
      const denied = await this.enterTeam(ctx, rule === 'lead' ? 'lead' : 'member', undefined, typed);
      if (denied) return denied;
    }
    const handler = HANDLERS[cmd.name] as Handler<typeof cmd.name> | undefined;
    if (!handler) return refuse(`\`${cmd.name}\` is not available yet.`, 'help', 'help');
    return handler(ctx, cmd as never);
  }

  /**
   * Sets ctx.team and ctx.actor: the team of this channel (or, in a 1:1 with the bot, the
   * caller's only team). Someone who types a command in the team's own channel and is not yet a
   * member becomes one (`admitHere`); nothing else admits anyone — not a reaction (Teams delivers
   * those from any channel Baton posted in, the wider staff's too), a button, a form or a message
   * shortcut, whose channel or team may be another than the one the person is in.
   */
  private async enterTeam(ctx: Context, need: 'member' | 'lead', teamId?: number, admitHere = false): Promise<Refusal | null> {
    const inv = ctx.inv;
    let team = teamId !== undefined ? await getTeam(ctx.db, teamId) : await findTeamByChannel(ctx.db, ctx.workspace.id, inv.channelId);
    if (team && team.workspaceId !== ctx.workspace.id) team = undefined;
    if (!team && teamId === undefined) {
      const mine = await teamsOfUser(ctx.db, ctx.workspace.id, inv.actor.userId);
      if (inv.isDirect && mine.length === 1) team = mine[0];
      else if (inv.isDirect && mine.length > 1) {
        return refuse(`You are in ${mine.length} teams (${mine.map((t) => t.name).join(', ')}). Run this in the channel of the team you mean.`);
      } else if (!inv.isDirect) {
        return refuse("This channel isn't a Baton team yet. To make it one, type:", 'setup', 'setup');
      } else {
        return refuse("You aren't in a Baton team yet. Invite Baton to your team's channel and run setup there.", 'setup', 'setup');
      }
    }
    if (!team) return refuse('That team no longer exists here.', 'help');
    ctx.team = team;
    ctx.dates = await teamDateOptions(ctx.db, team.id);
    let member = await findMember(ctx.db, team.id, inv.actor.userId) ?? (inv.actor.altId ? await findMember(ctx.db, team.id, inv.actor.altId) : undefined);
    if (!member || member.status !== 'active') {
      const inChannel = admitHere && inv.channelId === team.channelId && !inv.isDirect;
      if (member?.status === 'removed' || !inChannel) {
        return refuse(`You are not a member of ${team.name}. A lead can add you with:`, `members add @${ctx.caller.name || 'you'}`, 'members');
      }
      member = await admit(ctx.db, team.id, ctx.caller, ctx.now) ?? undefined;
      if (!member) return refuse(`You are not a member of ${team.name}.`, 'members', 'members');
    } else {
      const person = ctx.people.get(inv.actor.userId);
      if (person && ((person.tz && person.tz !== member.tz) || (person.name && person.name !== member.name && person.name !== person.userId))) {
        member = await admit(ctx.db, team.id, person, ctx.now) ?? member;
      }
    }
    ctx.actor = member;
    if (need === 'lead' && !isLead(member.roles)) {
      const names = (await leads(ctx.db, team.id)).map((l) => l.name);
      return refuse(`Only a lead of ${team.name} can do that${names.length ? ` — ask ${names.join(' or ')}` : ''}.`);
    }
    return null;
  }

  /**
   * Writes the context's messages to the outbox (same transaction as its records). Bulk sends —
   * everything a timer made, and the private messages of a command that writes to many people
   * (`checkin now`) — are marked so: the dispatcher lets what a person just did (their answers,
   * the channel posts of their command) go ahead of them.
   */
  private async flush(ctx: Context, madeByTimer = false): Promise<void> {
    await applyQuiet(ctx);
    const base = ctx.inv.dedupeKey ?? randomUUID();
    const toOthers = (d: Destination) => d.to === 'dm' && d.userId !== ctx.inv.actor.userId;
    const fanOut = ctx.outgoing.filter((o) => toOthers(o.destination)).length > FAN_OUT_DMS;
    for (const [i, o] of ctx.outgoing.entries()) {
      const bulk = madeByTimer || (fanOut && toOthers(o.destination));
      await enqueue(ctx.db, {
        key: o.key ?? `${base}:${i}`,
        workspaceId: ctx.workspace.id,
        platform: ctx.workspace.platform,
        destination: o.destination as unknown as Record<string, unknown>,
        destKey: destinationKey(ctx.workspace.id, o.destination),
        message: o.message as unknown as Record<string, unknown>,
        subject: o.subject ?? null,
        notBefore: o.notBefore ?? ctx.now,
        createdAt: ctx.now,
        bulk,
      });
    }
  }
}

/** The invocation with the names the platform gave (person, channel, workspace) free of invisible controls. */
function visibleNames(inv: Invocation): Invocation {
  // Ids too may carry a NUL from a hostile payload; PostgreSQL would refuse the whole write.
  inv = withoutNul(inv);
  const clean = (x: string | undefined) => (x === undefined ? x : stripInvisible(x));
  return {
    ...inv,
    actor: { ...inv.actor, name: stripInvisible(inv.actor.name) || inv.actor.userId },
    ...(inv.channelName !== undefined ? { channelName: clean(inv.channelName)! } : {}),
    ...(inv.workspaceName !== undefined ? { workspaceName: clean(inv.workspaceName)! } : {}),
  };
}

function visiblePeople(people: Map<string, Person>): Map<string, Person> {
  const out = new Map<string, Person>();
  for (const [id, p] of people) out.set(id, { ...p, name: stripInvisible(p.name) || p.userId });
  return out;
}

/** One string per place messages go, so the outbox keeps their order there. */
function destinationKey(workspaceId: number, d: Destination): string {
  const where = d.to === 'dm' ? `dm:${d.userId}` : d.to === 'channel' ? `ch:${d.channelId}` : `reply:${d.userId}:${d.channelId}`;
  return `${workspaceId}:${where}`;
}

async function workspaceOf(db: Db, id: number): Promise<WorkspaceRow> {
  const ws = await getWorkspace(db, id);
  if (!ws) throw new Error(`workspace ${id} is missing`);
  return ws;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** The team a form's state names, if it names one (checked against the workspace later). */
function teamIdOf(state: string): number | undefined {
  const parsed = safeJson(state) as { teamId?: unknown } | null;
  return parsed && typeof parsed.teamId === 'number' ? parsed.teamId : undefined;
}

/** Mentions inside free text become inert "@name"; channels "#name". */
function humanize(cmd: Command, people: Map<string, Person>): Command {
  const fix = (s: string) =>
    inlineMentions(s, (id, label) => people.get(id)?.name ?? label ?? id).replace(/<#([^>|\s]+)(?:\|([^>]*))?>/g, (_a, id: string, name?: string) => `#${name || id}`);
  const out: Record<string, unknown> = { ...cmd };
  for (const key of ['text', 'note', 'reason', 'rationale', 'topic', 'teamName', 'source'] as const) {
    if (typeof out[key] === 'string') out[key] = fix(out[key] as string);
  }
  // A goal's measure is free text too.
  const fields = out.fields as { measure?: unknown } | undefined;
  if (fields && typeof fields.measure === 'string') out.fields = { ...fields, measure: fix(fields.measure) };
  return out as Command;
}

export function refusalMessage(r: Refusal, prefix: string): Message {
  const blocks = [section(line(r.error))];
  if (r.hint) blocks.push(context('Try: ', code(`${prefix}${r.hint}`)));
  if (r.topic && r.topic !== 'help') blocks.push(context('More: ', code(`${prefix}help ${r.topic}`)));
  if (r.given) {
    blocks.push(context('What you typed, to copy, shorten and send again:'));
    blocks.push(section(...givenBack(r.given).map((piece) => line(piece))));
  }
  return message(blocks);
}

/** Pieces small enough for any platform's text block even once escaped, cut at a space when one is near. */
const GIVEN_PIECE = 500;

function givenBack(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > GIVEN_PIECE) {
    let cut = rest.lastIndexOf(' ', GIVEN_PIECE);
    if (cut < GIVEN_PIECE / 2) cut = GIVEN_PIECE;
    // Never between the two halves of a surrogate pair (an emoji).
    if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut -= 1;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  if (rest) out.push(rest);
  return out;
}

/** The name a workspace's lock goes by: the platform's own id, known before the work reads anything. */
function workspaceLock(platform: string, externalId: string): string {
  return `${platform}:${externalId}`;
}

/** The lock name of the workspace a job's team is in; none when the job names no team (it touches no team's records). */
async function jobWorkspace(db: Db, payload: Record<string, unknown>): Promise<string | undefined> {
  const team = typeof payload.teamId === 'number' ? await getTeam(db, payload.teamId) : undefined;
  const ws = team ? await getWorkspace(db, team.workspaceId) : undefined;
  return ws ? workspaceLock(ws.platform, ws.externalId) : undefined;
}
