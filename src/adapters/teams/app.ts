// Microsoft Teams: POST /api/messages, authenticated by botbuilder's CloudAdapter (or, for local
// development against an emulator, not at all), and each activity routed to the core. Invokes
// (task modules, message actions, file consent) answer in the HTTP response; everything else the
// core says goes through the outbox and the transport.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Activity,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type InvokeResponse,
  type TeamsChannelAccount,
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import type { Baton } from '../../core/bot.js';
import type { Form } from '../../core/message.js';
import type { Invocation, Logger } from '../../core/ports.js';
import { Connector } from './connector.js';
import { type StoredConversation, TeamsAddresses, TeamsDirectory, conversationKey, conversationKind, tenantOf } from './directory.js';
import { FileOffers, consentSchema } from './files.js';
import { type FormView, type Submitted, formCard, formValues, parseFormData, taskContinue, taskMessage } from './forms.js';
import { KeptForms } from './shown.js';
import { RECORD_COMMANDS, actionDataSchema, commandText, invocationOf, mentionsOf, messageActionSchema, readableActivity, rootOfPayload, sourceOf, taskValueSchema } from './inbound.js';
import { isPersonMention } from './escape.js';
import { BODY_BYTES } from './limits.js';
import { ADAPTIVE_CARD } from './render.js';
import { FormSeal } from './seal.js';
import { TeamsTransport } from './transport.js';

/** A form that came back with errors, too large to have travelled whole, and no longer kept. */
const LOST_FORM = 'This form is no longer kept, so Baton cannot show it again with your answers. Nothing was recorded: please open it again from its message.';
/** A form whose id or state is not what Baton showed this person (changed on the way back). */
const NOT_OURS = 'That form is not one of Baton’s. Nothing was recorded: please open it again from its message.';

export interface TeamsCredentials {
  appId: string;
  password?: string | undefined;
  tenantId?: string | undefined;
  type?: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI' | undefined;
}

export interface TeamsOptions {
  bot: Baton;
  log: Logger;
  /** Bot Framework credentials; without them every request is accepted (local development only). */
  credentials?: TeamsCredentials | undefined;
  /** How long one call to the connector service may take (limits.ts; tests shorten it). */
  callTimeoutMs?: number;
}

/** CloudAdapter with its activity processing reachable from a plain Node request handler. */
class BatonCloudAdapter extends CloudAdapter {
  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export class TeamsAdapter {
  readonly transport: TeamsTransport;
  readonly directory: TeamsDirectory;
  private readonly addresses: TeamsAddresses;
  private readonly cloud: BatonCloudAdapter;
  private readonly connector: Connector;
  private readonly files: FileOffers;
  /** The forms shown, for showing one again with its errors, whichever instance showed them (see shown.ts). */
  private readonly shown: KeptForms;
  /** Seals each form's id and state for the person it is shown to (see seal.ts). */
  private readonly seal: FormSeal;
  private readonly bot: Baton;
  private readonly log: Logger;

  constructor(opts: TeamsOptions) {
    this.bot = opts.bot;
    this.log = opts.log;
    const c = opts.credentials;
    const settings = c
      ? {
          MicrosoftAppId: c.appId,
          MicrosoftAppPassword: c.password ?? '',
          MicrosoftAppTenantId: c.tenantId ?? '',
          MicrosoftAppType: c.type ?? 'MultiTenant',
        }
      : {};
    const auth = new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings));
    this.cloud = new BatonCloudAdapter(auth);
    this.addresses = new TeamsAddresses(opts.bot.addresses);
    this.seal = new FormSeal(opts.bot.addresses);
    this.shown = new KeptForms(opts.bot.addresses);
    this.connector = new Connector(this.cloud, c?.appId ?? '', undefined, opts.callTimeoutMs);
    this.files = new FileOffers(opts.bot.addresses, !c);
    this.transport = new TeamsTransport(this.addresses, this.connector, this.files, opts.log);
    this.directory = new TeamsDirectory(this.addresses, (tenant, conv) => this.roster(tenant, conv));
    if (!c) {
      opts.log.warn(
        { teams: 'dev' },
        '!!! BATON_TEAMS_DEV=1: /api/messages accepts requests WITHOUT authentication. Anyone who can reach this port can act as anyone. Use it only against a local emulator.',
      );
    }
  }

  /** POST /api/messages */
  readonly route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (err) {
      return reply(res, (err as { status?: number }).status ?? 400, { error: 'the body must be a JSON activity' });
    }
    if (typeof body !== 'object' || body === null || typeof (body as { type?: unknown }).type !== 'string') {
      return reply(res, 400, { error: 'the body must be a JSON activity' });
    }
    const activity = readableActivity(body as Record<string, unknown>);
    if (!activity) return reply(res, 400, { error: 'the activity names no conversation or sender' });
    const header = req.headers.authorization ?? '';
    try {
      const r = await this.cloud.handle(header, activity as unknown as Activity, (ctx) => this.onTurn(ctx));
      reply(res, r?.status ?? 200, r?.body);
    } catch (err) {
      const status = (err as { statusCode?: unknown }).statusCode;
      if (status === 401 || status === 403) return reply(res, 401, { error: 'unauthorized' });
      if (isKeyFetchFailure(err)) {
        // The token could not be checked at all: refused, and the Bot Framework service retries a 503.
        this.log.error({ err: (err as Error).message }, "could not fetch Microsoft's signing keys to check a Teams token; the activity was refused");
        return reply(res, 503, { error: 'cannot verify the token now' });
      }
      this.log.error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, 'a Teams activity failed');
      reply(res, 500, { error: 'internal error' });
    }
  };

  private async onTurn(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    await this.addresses.learn(a);
    switch (a.type) {
      case ActivityTypes.Message:
        if (a.value !== undefined && a.value !== null && !a.text?.trim()) return this.onCardSubmit(ctx);
        return this.onMessage(a);
      case ActivityTypes.MessageReaction:
        return this.onReaction(a);
      case ActivityTypes.Invoke:
        return this.onInvoke(ctx);
      case ActivityTypes.ConversationUpdate:
        return this.onMembers(ctx);
      default:
        return;
    }
  }

  // ——— messages ———

  private async onMessage(a: Activity): Promise<void> {
    const inv = invocationOf(a);
    if (!inv) return;
    const teamId = (a.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
    for (const m of mentionsOf(a)) {
      if (isPersonMention(m)) await this.addresses.learnPerson(inv.workspaceId, { id: m.id, name: m.name });
      else if (m.kind === 'channel' && typeof teamId === 'string') await this.addresses.learnChannelOf(inv.workspaceId, m.id, teamId);
    }
    // Written down before Teams gets its 200, worked through right after: a command Teams was
    // told we have is never lost, and Teams re-sending it finds it already accepted.
    await this.bot.acceptCommand(inv, commandText(a));
  }

  /** An Action.Submit on a card in a chat: a button, or a form shown in the chat. */
  private async onCardSubmit(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const inv = invocationOf(a);
    if (!inv) return;
    const action = actionDataSchema.safeParse(a.value);
    if (action.success) {
      const form = await this.bot.action(inv, action.data.actionId, action.data.value);
      if (form) await this.showForm(ctx, inv, form, await this.firstView(inv, form));
      return;
    }
    const submitted = parseFormData(a.value);
    if (!submitted) return;
    const r = await this.submitForm(inv, submitted);
    if (r === 'done') return;
    if (r === 'not ours') return this.sayPrivately(ctx, inv, NOT_OURS);
    if (r === 'lost') return this.sayPrivately(ctx, inv, LOST_FORM);
    await this.showForm(ctx, inv, r.form, r.view);
  }

  /**
   * A submitted form, recorded if its seal is Baton's for this person: 'done', the form to show
   * again with its errors, 'lost' (it cannot be shown again), or 'not ours' (nothing recorded).
   */
  private async submitForm(inv: Invocation, submitted: Submitted): Promise<'done' | 'lost' | 'not ours' | { form: Form; view: FormView }> {
    const { formId, state } = submitted.form;
    if (!await this.seal.check(formId, state, submitted.seal)) {
      this.log.warn({ formId }, 'a Teams form came back with a state Baton did not give it; nothing was recorded');
      return 'not ours';
    }
    const values = formValues(submitted.form, submitted.data);
    const outcome = await this.bot.submit(inv, formId, state, values);
    if (outcome.ok) {
      await this.shown.forget(inv.workspaceId, submitted.shown);
      return 'done';
    }
    return await this.again(inv, submitted, values, outcome.errors) ?? 'lost';
  }

  /** A form shown for the first time: kept, for showing it again with its errors, and sealed. */
  private async firstView(inv: Invocation, form: Form): Promise<FormView> {
    return { shown: await this.shown.keep(inv.workspaceId, ownerOf(inv), form), seal: await this.seal.seal(form.formId, form.state) };
  }

  /**
   * A submitted form shown again with its answers and errors: the whole form as kept when it was
   * shown (its read-only blocks too), else as it came back — or null when only its fields' ids
   * came back and it is no longer kept (Baton restarted).
   */
  private async again(inv: Invocation, submitted: Submitted, values: Record<string, string | undefined>, errors: Record<string, string>): Promise<{ form: Form; view: FormView } | null> {
    const kept = await this.shown.find(inv.workspaceId, ownerOf(inv), submitted.shown);
    if (kept) return { form: kept, view: { values, errors, shown: submitted.shown!, seal: submitted.seal! } };
    if (submitted.compact) return null;
    return { form: submitted.form, view: { values, errors, ...await this.firstView(inv, submitted.form) } };
  }

  /** A few words privately: here in a 1:1, else in the person's 1:1 chat. */
  private sayPrivately(ctx: TurnContext, inv: Invocation, text: string): Promise<void> {
    return this.privately(ctx, inv, { type: 'message', text, textFormat: 'plain' }, 'could not answer in the 1:1 chat');
  }

  /** A form in the chat, privately. */
  private showForm(ctx: TurnContext, inv: Invocation, form: Form, view: FormView = {}): Promise<void> {
    const activity = { type: 'message', summary: form.title, attachments: [{ contentType: ADAPTIVE_CARD, content: formCard(form, view) }] };
    return this.privately(ctx, inv, activity, 'could not show a form in the 1:1 chat');
  }

  /** An activity here in a 1:1, else in the person's 1:1 chat (Teams has no messages only one person sees). */
  private async privately(ctx: TurnContext, inv: Invocation, activity: Partial<Activity>, failed: string): Promise<void> {
    if (inv.isDirect) {
      await ctx.sendActivity(activity);
      return;
    }
    try {
      await this.transport.sendPrivately(inv.workspaceId, inv.actor.userId, activity);
    } catch (err) {
      this.log.warn({ err: String(err) }, failed);
    }
  }

  // ——— reactions ———

  private async onReaction(a: Activity): Promise<void> {
    const inv = invocationOf(a);
    if (!inv || !a.replyToId) return;
    for (const r of a.reactionsAdded ?? []) {
      if (!r.type) continue;
      await this.bot.reactedToOwnPost({ ...inv, dedupeKey: `${inv.dedupeKey}:${r.type}` }, r.type, inv.channelId, a.replyToId);
    }
  }

  // ——— invokes ———

  private async onInvoke(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const answer = (body?: unknown, status = 200) => ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
    const inv = invocationOf(a);
    if (!inv) return void (await answer({ error: 'no tenant or sender' }, 400));
    const elsewhere = inv.isDirect ? 'Baton answered in this chat.' : 'Baton answered you in your chat with Baton.';
    switch (a.name) {
      case 'task/fetch': {
        const data = taskValueSchema.safeParse(a.value);
        const action = actionDataSchema.safeParse(data.success ? data.data.data : undefined);
        if (!action.success) return void (await answer(taskMessage('That button is not one of Baton’s.')));
        const form = await this.bot.action(inv, action.data.actionId, action.data.value);
        return void (await answer(form ? taskContinue(form, await this.firstView(inv, form)) : taskMessage(elsewhere)));
      }
      case 'task/submit': {
        const data = taskValueSchema.safeParse(a.value);
        const submitted = parseFormData(data.success ? data.data.data : undefined);
        if (!submitted) return void (await answer(taskMessage('That form is not one of Baton’s.')));
        const r = await this.submitForm(inv, submitted);
        if (r === 'done') return void (await answer());
        return void (await answer(r === 'lost' ? taskMessage(LOST_FORM) : r === 'not ours' ? taskMessage(NOT_OURS) : taskContinue(r.form, r.view)));
      }
      case 'composeExtension/fetchTask': {
        const v = messageActionSchema.safeParse(a.value);
        const kind = v.success ? RECORD_COMMANDS[v.data.commandId] : undefined;
        const payload = v.success ? v.data.messagePayload : undefined;
        const source = payload ? sourceOf(a, payload) : null;
        if (!kind || !payload || !source) return void (await answer(taskMessage('Baton can record a message as a commitment, a blocker or a decision.')));
        await this.addresses.saveRoot(inv.workspaceId, payload.id, rootOfPayload(a, payload));
        const { dedupeKey: _ignored, ...shortcut } = inv;
        const form = await this.bot.shortcut(shortcut, kind, source);
        return void (await answer(form ? taskContinue(form, await this.firstView(inv, form)) : taskMessage(elsewhere)));
      }
      case 'composeExtension/submitAction': {
        const v = messageActionSchema.safeParse(a.value);
        const submitted = parseFormData(v.success ? v.data.data : undefined);
        if (!submitted) return void (await answer({}));
        const r = await this.submitForm(inv, submitted);
        if (r === 'done') return void (await answer({}));
        return void (await answer(r === 'lost' ? taskMessage(LOST_FORM) : r === 'not ours' ? taskMessage(NOT_OURS) : taskContinue(r.form, r.view)));
      }
      case 'fileConsent/invoke': {
        const v = consentSchema.safeParse(a.value);
        if (!v.success) return void (await answer(undefined, 400));
        const result = await this.files.answer(inv.workspaceId, inv.actor.userId, conversationKey(a.conversation.id), v.data);
        if (result.shown) await ctx.sendActivity({ type: 'message', attachments: [result.shown] });
        else if (result.note) await ctx.sendActivity({ type: 'message', text: result.note, textFormat: 'plain' });
        return void (await answer());
      }
      default:
        // Not an invoke Baton offers (its manifest declares none other): refused plainly.
        return void (await answer({ error: 'not an invoke Baton handles' }, 400));
    }
  }

  // ——— membership ———

  private async onMembers(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const tenant = tenantOf(a);
    const base = invocationOf(a, { dedupe: false });
    if (!tenant || !base) return;
    const channels = await this.channelsOf(a, tenant);
    const botId = a.recipient?.id;
    for (const m of (a.membersAdded ?? []) as TeamsChannelAccount[]) {
      if (m.id === botId) {
        this.log.info({ tenant, conversation: conversationKey(a.conversation.id), kind: conversationKind(a) }, 'Baton was added to a conversation');
        continue;
      }
      if (m.id.startsWith('28:')) continue;
      const person = await this.memberDetails(ctx, tenant, m);
      for (const channelId of channels) {
        await this.bot.memberJoined({ ...base, channelId, isDirect: false, actor: person, dedupeKey: `teams:${channelId}:${a.id ?? ''}:join:${m.id}` });
      }
    }
    for (const m of (a.membersRemoved ?? []) as TeamsChannelAccount[]) {
      if (m.id === botId) {
        this.log.info({ tenant, conversation: conversationKey(a.conversation.id) }, 'Baton was removed from a conversation');
        continue;
      }
      for (const channelId of channels) {
        await this.bot.memberLeft({ ...base, channelId, isDirect: false, actor: { userId: m.id, name: m.name || m.id }, dedupeKey: `teams:${channelId}:${a.id ?? ''}:leave:${m.id}` });
      }
    }
  }

  /**
   * The Baton channels a membership change applies to: joining a Teams team puts a person in
   * every standard channel of it (the ones Baton has seen); a private or shared channel's and a
   * group chat's changes apply to that conversation only.
   */
  private async channelsOf(a: Activity, tenant: string): Promise<string[]> {
    const kind = conversationKind(a);
    const key = conversationKey(a.conversation.id);
    if (kind === 'personal') return [];
    if (kind === 'groupChat') return [key];
    const data = a.channelData as { eventType?: unknown; channel?: { id?: unknown }; team?: { id?: unknown } } | undefined;
    if (data?.eventType === 'channelMemberAdded' || data?.eventType === 'channelMemberRemoved') {
      return [typeof data.channel?.id === 'string' ? data.channel.id : key];
    }
    const teamId = typeof data?.team?.id === 'string' ? data.team.id : undefined;
    return [...new Set([key, ...(teamId ? await this.addresses.teamChannels(tenant, teamId) : [])])];
  }

  /** A new member's name and AAD id, asked of Teams when the activity does not say. */
  private async memberDetails(ctx: TurnContext, tenant: string, m: TeamsChannelAccount): Promise<Invocation['actor']> {
    await this.addresses.learnPerson(tenant, m);
    let known = await this.addresses.person(tenant, m.id);
    if (!known?.name) {
      try {
        await this.addresses.learnPerson(tenant, await TeamsInfo.getMember(ctx, m.id));
        known = await this.addresses.person(tenant, m.id);
      } catch (err) {
        this.log.warn({ err: String(err) }, 'could not read a new member from Teams');
      }
    }
    return { userId: m.id, name: known?.name ?? m.id, ...(known?.aadObjectId ? { altId: known.aadObjectId } : {}), ...(known?.tz ? { tz: known.tz } : {}) };
  }

  private async roster(tenant: string, conv: StoredConversation) {
    const reference = await this.addresses.fresh(tenant, conv.reference);
    return this.connector.members(tenant, reference, conv.reference.conversation!.id);
  }
}

/** Whom a form is shown to: the tenant and the person. */
function ownerOf(inv: Invocation): string {
  return `${inv.workspaceId}|${inv.actor.userId}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BODY_BYTES) {
        reject(Object.assign(new Error('too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** botbuilder failed to fetch the OpenID metadata or signing keys it checks tokens with. */
function isKeyFetchFailure(err: unknown): boolean {
  const message = err instanceof Error ? err.message : '';
  return /openid|\.well-known|keys/i.test(message) && /fetch|request to|ENOTFOUND|ECONNREFUSED|ETIMEDOUT/i.test(`${(err as Error).name} ${message}`);
}
