// Baton in Slack: the Bolt app, its listeners, and how it is served — over HTTP on Baton's one
// server (POST /slack/events, through Bolt's HTTPReceiver and its signature check), or over
// Socket Mode.
//
// Every listener acknowledges first (Slack waits 3 s at most), then calls the core; the core
// answers through the outbox, which this adapter's transport sends. The only things done before
// answering Slack are what Slack needs in the acknowledgement itself: a modal's field errors.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, type AuthorizeResult, HTTPReceiver, LogLevel, type Receiver, type ReceiverEvent, SocketModeReceiver } from '@slack/bolt';
import type { Baton } from '../../core/bot.js';
import type { Directory, Invocation, Logger, Person, SourceMessage, Transport } from '../../core/ports.js';
import type { RecordKind } from '../../core/records/shortcuts.js';
import { FORM_CALLBACK_ID, type FormMeta, type MetaStash, decodeMeta, encodeMeta, formErrors, formModal, formValues } from './forms.js';
import { dedupe, commandText, isDirectChannel, isId, mentionedUsers, messageText, routable, workspaceKey } from './inbound.js';
import { boltLogger, errorText, scrub } from './log.js';
import { actionIdOf, renderHome } from './render.js';
import { SlackDirectory } from './directory.js';
import { SLACK_POSTS_PER_SECOND, type SlackAddresses, SlackTransport } from './transport.js';
import { type WebClient, inboundClient, lookupClient, outboundClient } from './web.js';

/** How commands are typed in Slack, for the hints the core writes. */
const DEFAULT_PREFIX = '/baton ';
const RECORD_SHORTCUT = /^record_(commitment|blocker|decision)$/;
/** The answer to a command Baton could not write down (its storage failed). */
export const NOT_RECORDED = "Baton couldn't record that: nothing was saved. Please try again in a few minutes.";

/** The Events API events Baton listens to; manifest/slack.json subscribes to exactly these. */
export const BOT_EVENTS = ['app_home_opened', 'app_uninstalled', 'member_joined_channel', 'member_left_channel', 'reaction_added', 'tokens_revoked'] as const;
/** The message shortcuts' callback ids, as in manifest/slack.json. */
/** How far from now a Slack request's signature timestamp may be (Slack's own advice: 5 minutes). */
const SIGNATURE_WINDOW_S = 5 * 60;

/** True when a request says it was signed more than the window after `nowMs`. */
export function signedInTheFuture(header: string | string[] | undefined, nowMs: number): boolean {
  const ts = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(ts) && ts > Math.floor(nowMs / 1000) + SIGNATURE_WINDOW_S;
}

export const SHORTCUT_CALLBACK_IDS = ['record_commitment', 'record_blocker', 'record_decision'] as const;
/** A modal's answer must reach Slack within 3 s; past this, the modal closes and the work goes on. */
const SUBMIT_DEADLINE_MS = 2_500;
/** How long a shortcut waits for the message's permalink before opening its modal without it. */
const PERMALINK_DEADLINE_MS = 1_000;

export interface SlackOptions {
  bot: Baton;
  log: Logger;
  botToken: string;
  /** HTTP mode: requests are verified with it. */
  signingSecret?: string | undefined;
  /** Socket Mode, when set. */
  appToken?: string | undefined;
  /** Web API base URL, ending in /api/. */
  apiUrl: string;
  /** Messages per second Baton sends to one workspace (chat.postMessage's workspace-wide limit). */
  postsPerSecond?: number;
  logLevel?: string;
  /** HTTP mode: serve a route on Baton's one server. */
  route?: (method: string, path: string, handler: (req: IncomingMessage, res: ServerResponse) => void) => void;
}

export interface SlackAdapter {
  mode: 'http' | 'socket';
  transport: Transport;
  directory: Directory;
  /** Socket Mode: connects (in the background: a slow Slack never holds up start-up). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once every request received so far has been fully handled (for tests and shutdown). */
  idle(): Promise<void>;
}

/** Bolt's App, counting the requests it is handling, so `idle()` can wait for them. */
class TrackedApp extends App {
  readonly inFlight = new Set<Promise<void>>();

  override processEvent(event: ReceiverEvent): Promise<void> {
    // A payload no listener could take: answered at once, and dropped.
    const p = routable(event.body) ? super.processEvent(event) : event.ack().catch(() => undefined);
    this.inFlight.add(p);
    const done = () => this.inFlight.delete(p);
    p.then(done, done);
    return p;
  }
}

function boltLevel(level: string | undefined): LogLevel {
  if (level === 'trace' || level === 'debug') return LogLevel.DEBUG;
  if (level === 'warn') return LogLevel.WARN;
  if (level === 'error' || level === 'fatal' || level === 'silent') return LogLevel.ERROR;
  return LogLevel.INFO;
}

export function connectSlack(o: SlackOptions): SlackAdapter {
  const { bot, log } = o;
  const level = boltLevel(o.logLevel);
  const web = { token: o.botToken, apiUrl: o.apiUrl, log, logLevel: level };
  const client = inboundClient(web);
  const directory = new SlackDirectory(lookupClient(web), log, Date.now, client);
  const addresses = {
    save: (ws: string, key: string, data: Record<string, unknown>) => bot.addresses.save('slack', ws, key, data),
    find: (ws: string, key: string) => bot.addresses.find('slack', ws, key),
  };
  const transport = new SlackTransport(outboundClient(web), addresses, log, fetch, o.postsPerSecond ?? SLACK_POSTS_PER_SECOND);
  const mode = o.appToken ? 'socket' : 'http';
  const logger = boltLogger(log, level);

  let receiver: Receiver;
  if (o.appToken) {
    receiver = new SocketModeReceiver({ appToken: o.appToken, logger, installerOptions: { clientOptions: { slackApiUrl: o.apiUrl } } });
  } else {
    if (!o.signingSecret || !o.route) throw new Error('Slack over HTTP needs SLACK_SIGNING_SECRET and the HTTP server');
    // processBeforeResponse stays false: Slack gets its answer at ack(), before any slow work.
    receiver = new HTTPReceiver({
      signingSecret: o.signingSecret,
      logger,
      processBeforeResponse: false,
      endpoints: ['/slack/events'],
      // A signed payload Bolt could not read (a shape Slack never sends) is the sender's mistake:
      // 400, not 500 — and never a second answer to one already acknowledged.
      processEventErrorHandler: async ({ error, response }) => {
        if (response.headersSent) return false;
        const unauthorized = (error as { code?: unknown }).code === 'slack_bolt_authorization_error';
        if (!unauthorized) log.warn({ error: errorText(error) }, 'a Slack payload Baton could not read was refused');
        response.writeHead(unauthorized ? 401 : 400);
        response.end();
        return unauthorized;
      },
      // Bolt's timer for requests never acknowledged: one refused above was answered already.
      unhandledRequestHandler: ({ response }) => {
        if (response.headersSent) return;
        log.warn({}, 'a Slack request was not acknowledged within 3 seconds');
        response.writeHead(404);
        response.end();
      },
    });
  }

  // Who the bot is, asked once, in the background: Bolt uses it to skip the bot's own events.
  // No auth.test at start, and none blocking a request.
  let identity: { botId?: string; botUserId?: string } = {};
  let asking = false;
  let nextTry = 0;
  const authorize = async (source: { teamId?: string; enterpriseId?: string }): Promise<AuthorizeResult> => {
    if (!identity.botUserId && !asking && Date.now() >= nextTry) {
      asking = true;
      client.auth
        .test()
        .then((r) => {
          identity = { ...(r.bot_id ? { botId: r.bot_id } : {}), ...(r.user_id ? { botUserId: r.user_id } : {}) };
        })
        .catch((err) => {
          nextTry = Date.now() + 60_000;
          log.warn({ error: errorText(err) }, 'Slack auth.test failed; is SLACK_BOT_TOKEN right?');
        })
        .finally(() => {
          asking = false;
        });
    }
    return { botToken: o.botToken, ...identity, ...(source.teamId ? { teamId: source.teamId } : {}), ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : {}) };
  };

  const app = new TrackedApp({ receiver, authorize, convoStore: false, logger, clientOptions: { slackApiUrl: o.apiUrl } });
  app.error(async (err) => {
    log.error({ error: scrub(err instanceof Error ? err.message : String(err)) }, 'Slack request failed');
  });

  const listeners = new Listeners(bot, client, directory, addresses, log);
  listeners.register(app);
  listeners.registerOthers(app);

  if (mode === 'http') {
    const http = receiver as HTTPReceiver;
    o.route!('POST', '/slack/events', (req, res) => {
      // Bolt refuses a signature more than 5 minutes old; one more than 5 minutes ahead could be
      // replayed for that long, so it is refused the same way.
      if (signedInTheFuture(req.headers['x-slack-request-timestamp'], Date.now())) {
        res.writeHead(401);
        res.end();
        return;
      }
      http.requestListener(req, res);
    });
  }

  return {
    mode,
    transport,
    directory,
    async start() {
      if (mode === 'socket') {
        app.start().catch((err: unknown) => log.error({ error: errorText(err) }, 'Slack Socket Mode could not connect; is SLACK_APP_TOKEN right?'));
      }
    },
    async stop() {
      if (mode === 'socket') await app.stop().catch(() => undefined);
      await this.idle();
    },
    async idle() {
      // Requests being handled, then the commands they wrote into the core's inbox.
      do {
        await Promise.allSettled([...app.inFlight]);
        await bot.inbox.idle();
      } while (app.inFlight.size > 0);
    },
  };
}

type Ids = { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string };

/** The listeners: each acknowledges, builds an Invocation, calls the core, then does Slack's part. */
class Listeners {
  constructor(
    private readonly bot: Baton,
    private readonly client: WebClient,
    private readonly directory: SlackDirectory,
    private readonly addresses: SlackAddresses,
    private readonly log: Logger,
  ) {}

  register(app: App): void {
    // /baton <command> — whatever the command is called in this app's manifest. The hot path, so
    // taken in global middleware: a command then skips the matching of every listener below,
    // which Bolt runs for each request (measured: 14 listeners halve bare Bolt's throughput).
    app.use(async (args) => {
      if (!('command' in args) || !args.command) return args.next();
      const { command, ack, context } = args;
      // Written down before Slack hears "got it": an acknowledged command survives a crash.
      // The person's name and zone are looked up (users.info, cached) when it is worked.
      const ws = this.workspace(context);
      if (ws) {
        try {
          await this.bot.acceptCommand(
            {
              ...this.base(ws, command.channel_id, command.channel_name),
              ...(command.team_domain ? { workspaceName: command.team_domain } : {}),
              actor: { userId: command.user_id, name: command.user_name },
              commandPrefix: `${command.command} `,
              dedupeKey: dedupe.trigger(command.trigger_id),
              replyRoute: { responseUrl: command.response_url },
            },
            commandText(command.text ?? ''),
          );
        } catch (err) {
          this.log.error({ error: errorText(err) }, 'a Slack command could not be written down');
          // Never "got it" for what was not written down: the person sees it was not taken.
          await ack({ response_type: 'ephemeral', text: NOT_RECORDED });
          return;
        }
      }
      await ack();
    });

    app.event('reaction_added', async ({ event, body, context }) => {
      await this.guard('reaction', async () => {
        const ws = this.workspace(context);
        const item = event.item as { type?: unknown; channel?: unknown; ts?: unknown } | undefined;
        if (!ws || item?.type !== 'message' || !isId(item.channel) || !isId(item.ts) || !isId(event.user) || typeof event.reaction !== 'string') return this.unreadable('reaction_added');
        const inv: Invocation = {
          ...this.base(ws, item.channel),
          isDirect: false,
          actor: { userId: event.user, name: event.user },
          dedupeKey: dedupe.event(body.event_id),
        };
        // Most reactions mean nothing to Baton: only the team's own emoji fetch the message.
        if (!await this.bot.reactionMatters(inv, event.reaction, item.channel)) return;
        const source = await this.sourceMessage(ws, item.channel, item.ts, isId(event.item_user) ? event.item_user : undefined);
        await this.bot.reacted(inv, event.reaction, source);
      });
    });

    app.event('member_joined_channel', async ({ event, body, context }) => {
      await this.guard('member joined', async () => {
        const ws = this.workspace(context);
        if (!ws || !isId(event.user) || !isId(event.channel)) return this.unreadable('member_joined_channel');
        // Looked up first, so the core knows whether it is a person or a bot.
        const actor = await this.person(ws, event.user, event.user);
        await this.bot.memberJoined({ ...this.base(ws, event.channel), isDirect: false, actor, dedupeKey: dedupe.event(body.event_id) });
      });
    });

    app.event('member_left_channel', async ({ event, body, context }) => {
      await this.guard('member left', async () => {
        const ws = this.workspace(context);
        if (!ws || !isId(event.user) || !isId(event.channel)) return this.unreadable('member_left_channel');
        await this.bot.memberLeft({ ...this.base(ws, event.channel), isDirect: false, actor: { userId: event.user, name: event.user }, dedupeKey: dedupe.event(body.event_id) });
      });
    });

    app.event('app_home_opened', async ({ event, context }) => {
      await this.guard('app home', async () => {
        const ws = this.workspace(context);
        if (!ws || (event.tab && event.tab !== 'home')) return;
        if (!isId(event.user)) return this.unreadable('app_home_opened');
        const home = await this.bot.home({ ...this.base(ws, isId(event.channel) ? event.channel : event.user), isDirect: true, actor: { userId: event.user, name: event.user } });
        await this.client.views.publish({ user_id: event.user, view: renderHome(home) });
      });
    });

    app.event('app_uninstalled', async ({ context }) => {
      const ws = this.workspace(context);
      if (ws) await this.bot.workspaceGone('slack', ws);
      this.log.warn({ workspace: ws }, 'Baton was uninstalled from a Slack workspace; its records are kept');
    });

    app.event('tokens_revoked', async ({ event, context }) => {
      const ws = this.workspace(context);
      if (!ws || !Array.isArray(event.tokens?.bot) || !event.tokens.bot.length) return;
      await this.bot.workspaceGone('slack', ws);
      this.log.warn({ workspace: ws }, "Baton's Slack token was revoked; the workspace is marked inactive, its records are kept");
    });

    // "Record as commitment / blocker / decision" on a message.
    app.shortcut({ type: 'message_action', callback_id: RECORD_SHORTCUT }, async ({ shortcut, ack, context }) => {
      await ack();
      await this.guard('shortcut', async () => {
        const ws = this.workspace(context);
        if (!ws || shortcut.type !== 'message_action') return;
        const msg = shortcut.message as typeof shortcut.message | undefined;
        if (!isId(shortcut.channel?.id) || !isId(shortcut.user?.id) || !msg || !isId(msg.ts) || !isId(shortcut.trigger_id)) return this.unreadable('message_action');
        const kind = RECORD_SHORTCUT.exec(shortcut.callback_id)![1] as RecordKind;
        const channel = shortcut.channel.id;
        if (isId(msg.thread_ts) && msg.thread_ts !== msg.ts) await this.addresses.save(ws, `thread:${channel}:${msg.ts}`, { root: msg.thread_ts });
        // The trigger expires 3 s after the click: only what the form needs happens before it opens.
        const [url, actor] = await Promise.all([
          this.permalink(channel, msg.ts, PERMALINK_DEADLINE_MS),
          this.person(ws, shortcut.user.id, shortcut.user.name ?? shortcut.user.username),
          ...mentionedUsers(typeof msg.text === 'string' ? msg.text : '').slice(0, 10).map((id) => this.directory.person(ws, id).catch(() => undefined)),
        ]);
        const inv: Invocation = {
          ...this.base(ws, channel, shortcut.channel.name),
          actor: actor as Person,
          dedupeKey: dedupe.trigger(shortcut.trigger_id),
          replyRoute: { responseUrl: shortcut.response_url },
        };
        const source: SourceMessage = {
          messageId: msg.ts,
          channelId: channel,
          ...(isId(msg.user) ? { authorId: msg.user } : {}),
          text: await this.plainMessage(ws, typeof msg.text === 'string' ? msg.text : ''),
          ...(url ? { url } : {}),
        };
        const form = await this.bot.shortcut(inv, kind, source);
        if (!form) return;
        const meta: FormMeta = { formId: form.formId, state: form.state, channelId: channel, isDirect: inv.isDirect };
        await this.openModal(ws, shortcut.trigger_id, formModal(form, await encodeMeta(meta, this.stash(ws))), shortcut.response_url);
      });
    });

    // Buttons: the core's actions; some answer with a form to open at once.
    app.action(/.*/, async ({ action, body, ack, context }) => {
      await ack();
      await this.guard('button', async () => {
        const ws = this.workspace(context);
        if (!ws || body.type !== 'block_actions' || action.type !== 'button') return;
        const channelId = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id;
        const value = (action as { value?: unknown }).value;
        if (!isId(body.user?.id) || (channelId !== undefined && !isId(channelId)) || (value !== undefined && typeof value !== 'string') || typeof (action as { action_id?: unknown }).action_id !== 'string') return this.unreadable('block_actions');
        const inv: Invocation = {
          ...this.base(ws, channelId ?? body.user.id),
          isDirect: !channelId || isDirectChannel(channelId),
          actor: await this.person(ws, body.user.id, body.user.name ?? body.user.username),
          dedupeKey: dedupe.trigger(body.trigger_id),
          // From App Home there is no conversation to answer in: privately means a DM.
          replyRoute: body.response_url ? { responseUrl: body.response_url } : channelId ? {} : { dm: true },
        };
        const button = action as { action_id: string; value?: string };
        const form = await this.bot.action(inv, actionIdOf(button.action_id), button.value ?? '');
        if (!form) return;
        const meta: FormMeta = { formId: form.formId, state: form.state, channelId: inv.channelId, isDirect: inv.isDirect };
        await this.openModal(ws, body.trigger_id, formModal(form, await encodeMeta(meta, this.stash(ws))), body.response_url);
      });
    });

    // A submitted modal: errors go back in the acknowledgement; anything else closes it.
    app.view(FORM_CALLBACK_ID, async ({ view, body, ack, context }) => {
      const ws = this.workspace(context);
      const meta = ws ? await decodeMeta(view.private_metadata, this.stash(ws)) : null;
      const state = (view.state as { values?: unknown } | undefined)?.values;
      if (!ws || !meta || !isId(body.user?.id) || !state || typeof state !== 'object') {
        if (ws) this.unreadable('view_submission');
        await ack();
        return;
      }
      const inv: Invocation = {
        ...this.base(ws, meta.channelId),
        isDirect: meta.isDirect,
        actor: await this.person(ws, body.user.id, body.user.name),
        dedupeKey: dedupe.view(view.id, view.hash),
        ...(meta.channelId.startsWith('U') || meta.channelId.startsWith('W') ? { replyRoute: { dm: true } } : {}),
      };
      const values = view.state.values as Parameters<typeof formValues>[0];
      const submitting = this.bot.submit(inv, meta.formId, meta.state, formValues(values));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), SUBMIT_DEADLINE_MS);
      });
      try {
        const outcome = await Promise.race([submitting, late]);
        if (outcome !== 'late' && !outcome.ok) {
          const errors = formErrors(outcome.errors, values);
          if (Object.keys(errors).length) {
            await ack({ response_action: 'errors', errors });
            return;
          }
        }
        await ack();
        if (outcome === 'late') await submitting;
      } catch (err) {
        this.log.error({ error: errorText(err) }, 'a Slack form submission failed');
      } finally {
        clearTimeout(timer);
      }
    });
  }

  /**
   * Payloads Baton never asks for (another modal, a global shortcut, a closed modal, options)
   * are acknowledged at once rather than left for Bolt to answer 404 after 3 s.
   */
  registerOthers(app: App): void {
    app.view({ callback_id: /^(?!baton_form$)/ }, async ({ ack }) => {
      await ack();
    });
    app.view({ type: 'view_closed', callback_id: /.*/ }, async ({ ack }) => {
      await ack();
    });
    app.shortcut({ callback_id: /^(?!record_(commitment|blocker|decision)$)/ }, async ({ ack }) => {
      await ack();
    });
    app.options(/.*/, async ({ ack }) => {
      await ack({ options: [] });
    });
  }

  /** A payload missing what it must carry: nothing is done, and the log says so (without its content). */
  private unreadable(what: string): void {
    this.log.warn({ what }, 'a Slack payload Baton could not read was ignored');
  }

  // ——— helpers ———

  /** Runs a listener's work; a failure is logged (without tokens) instead of reaching Bolt. */
  private async guard(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.log.error({ error: errorText(err), what }, 'Slack request could not be handled');
    }
  }

  /**
   * The person acting, with their display name and time zone from users.info (cached): the core
   * records members by these, and reads their dates in their zone.
   */
  private async person(ws: string, userId: string, fallbackName?: string): Promise<Person> {
    return this.directory.person(ws, userId).catch(() => ({ userId, name: fallbackName || userId }));
  }

  private workspace(context: Ids): string | null {
    return workspaceKey(context);
  }

  private base(workspaceId: string, channelId: string, channelName?: string): Omit<Invocation, 'actor'> {
    const named = channelName && channelName !== 'directmessage' && channelName !== 'privategroup' && !channelName.startsWith('mpdm-');
    return {
      platform: 'slack',
      workspaceId,
      channelId,
      isDirect: isDirectChannel(channelId, channelName),
      ...(named ? { channelName } : {}),
      commandPrefix: DEFAULT_PREFIX,
    };
  }

  /** Text of a chat message as plain text, people by their names where already known. */
  private async plainMessage(ws: string, text: string): Promise<string> {
    const names = new Map<string, string>();
    for (const id of mentionedUsers(text)) {
      const n = await this.directory.nameIfKnown(ws, id);
      if (n) names.set(id, n);
    }
    return messageText(text, (id) => names.get(id));
  }

  private async permalink(channel: string, ts: string, deadlineMs?: number): Promise<string | undefined> {
    const ask = this.client.chat
      .getPermalink({ channel, message_ts: ts })
      .then((r) => r.permalink)
      .catch((err) => {
        this.log.warn({ error: errorText(err) }, 'could not get a message permalink');
        return undefined;
      });
    if (!deadlineMs) return ask;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), deadlineMs);
    });
    try {
      return await Promise.race([ask, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The message a reaction was put on: its text, author, permalink, and the thread it is in. */
  private async sourceMessage(ws: string, channel: string, ts: string, itemUser: string | undefined): Promise<SourceMessage> {
    const [url, found] = await Promise.all([this.permalink(channel, ts), this.findMessage(channel, ts)]);
    if (found?.thread_ts && found.thread_ts !== ts) await this.addresses.save(ws, `thread:${channel}:${ts}`, { root: found.thread_ts });
    const text = found?.text ?? '';
    await Promise.all(mentionedUsers(text).slice(0, 10).map((id) => this.directory.person(ws, id).catch(() => undefined)));
    const author = isId(found?.user) ? found.user : itemUser;
    return {
      messageId: ts,
      channelId: channel,
      ...(author ? { authorId: author } : {}),
      ...(text ? { text: await this.plainMessage(ws, text) } : {}),
      ...(url ? { url } : {}),
    };
  }

  /** A message by ts: conversations.history for one in the channel, conversations.replies for a thread reply. */
  private async findMessage(channel: string, ts: string): Promise<{ ts?: string; text?: string; user?: string; thread_ts?: string } | undefined> {
    try {
      const h = await this.client.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
      const top = h.messages?.find((m) => m.ts === ts);
      if (top) return top;
      const r = await this.client.conversations.replies({ channel, ts, latest: ts, oldest: ts, inclusive: true, limit: 10 });
      return r.messages?.find((m) => m.ts === ts);
    } catch (err) {
      this.log.warn({ error: errorText(err) }, 'could not read the reacted message');
      return undefined;
    }
  }

  private async openModal(ws: string, triggerId: string, view: ReturnType<typeof formModal>, responseUrl?: string): Promise<void> {
    try {
      await this.client.views.open({ trigger_id: triggerId, view });
    } catch (err) {
      this.log.warn({ error: errorText(err), workspace: ws }, 'could not open a Slack modal');
      // The person clicked and saw nothing: say so where they are, if Slack gave a way.
      if (responseUrl) {
        await fetch(responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', text: 'Slack closed the form before it could open. Please try again.' }),
        }).catch(() => undefined);
      }
    }
  }

  /** Form metadata too long for a modal, parked in the address book. */
  private stash(ws: string): MetaStash {
    return {
      put: async (meta) => {
        const ref = randomUUID();
        await this.addresses.save(ws, `form:${ref}`, { ...meta });
        return ref;
      },
      take: async (ref) => {
        const m = await this.addresses.find(ws, `form:${ref}`);
        if (!m || typeof m.formId !== 'string' || typeof m.state !== 'string' || typeof m.channelId !== 'string') return undefined;
        return { formId: m.formId, state: m.state, channelId: m.channelId, isDirect: m.isDirect === true };
      },
    };
  }
}
