// Calls to the Bot Framework connector service (Teams' side), through botbuilder's CloudAdapter
// so authentication and clouds are handled as configured. Every call is paced per conversation
// and per tenant (ratelimit.ts). botbuilder retries a 429 up to three times honouring Retry-After;
// what still fails is thrown to the transport, which turns it into a retry or a permanent error.
import { type Activity, type CloudAdapter, type ConversationParameters, type ConversationReference, type TeamsChannelAccount, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { CALL_TIMEOUT_MS, CONVERSATION_RATE, ROSTER_PAGE, ROSTER_PAGES, TENANT_RATE } from './limits.js';
import { type LimiterClock, RateLimiter, realTime } from './ratelimit.js';

export class Connector {
  private readonly perConversation: RateLimiter;
  private readonly perTenant: RateLimiter;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    clock: LimiterClock = realTime,
    private readonly timeoutMs: number = CALL_TIMEOUT_MS,
  ) {
    this.perConversation = new RateLimiter(CONVERSATION_RATE, clock);
    this.perTenant = new RateLimiter(TENANT_RATE, clock);
  }

  private async pace(tenant: string, conversation?: string): Promise<void> {
    if (conversation) await this.perConversation.acquire(`${tenant}|${conversation}`);
    await this.perTenant.acquire(tenant);
  }

  private async withClient<T>(reference: Partial<ConversationReference>, fn: (client: ConnectorClient) => Promise<T>): Promise<T> {
    let out: { value: T } | null = null;
    await this.adapter.continueConversationAsync(this.appId, reference, async (ctx) => {
      const client = ctx.turnState.get(this.adapter.ConnectorClientKey) as ConnectorClient;
      out = { value: await fn(client) };
    });
    if (!out) throw new Error('the connector call did not run');
    return (out as { value: T }).value;
  }

  /** Posts an activity to a conversation (a thread: "<channel>;messageid=<root>"); returns its id. */
  async send(tenant: string, paceKey: string, reference: Partial<ConversationReference>, conversationId: string, activity: Partial<Activity>): Promise<string> {
    await this.pace(tenant, paceKey);
    return this.withClient(reference, async (client) => {
      const full = { ...activity, from: reference.bot, conversation: { ...reference.conversation, id: conversationId } } as Activity;
      const r = await client.conversations.sendToConversation(conversationId, full, { timeout: this.timeoutMs });
      return r.id ?? '';
    });
  }

  /** Replaces an activity Baton posted earlier. */
  async update(tenant: string, paceKey: string, reference: Partial<ConversationReference>, conversationId: string, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.pace(tenant, paceKey);
    await this.withClient(reference, async (client) => {
      const full = { ...activity, id: activityId, from: reference.bot, conversation: { ...reference.conversation, id: conversationId } } as Activity;
      await client.conversations.updateActivity(conversationId, activityId, full, { timeout: this.timeoutMs });
    });
  }

  /** Opens (or finds) the 1:1 conversation between the bot and a person; returns its reference. */
  async createPersonal(tenant: string, serviceUrl: string, bot: Partial<ConversationReference>['bot'], userId: string): Promise<Partial<ConversationReference>> {
    await this.pace(tenant);
    const params = {
      isGroup: false,
      ...(bot ? { bot } : {}),
      members: [{ id: userId }],
      tenantId: tenant,
      channelData: { tenant: { id: tenant } },
    } as unknown as ConversationParameters;
    let reference: Partial<ConversationReference> | null = null;
    await this.adapter.createConversationAsync(this.appId, 'msteams', serviceUrl, undefined as unknown as string, params, async (ctx) => {
      const r = TurnContext.getConversationReference(ctx.activity);
      reference = {
        channelId: 'msteams',
        serviceUrl,
        conversation: { id: r.conversation!.id, isGroup: false, conversationType: 'personal', tenantId: tenant } as ConversationReference['conversation'],
        ...(bot ? { bot } : {}),
      };
    });
    if (!reference) throw new Error('the conversation was not created');
    return reference;
  }

  /** Everyone in a conversation (a channel: its team's or private channel's members), page by page. */
  async members(tenant: string, reference: Partial<ConversationReference>, conversationId: string): Promise<TeamsChannelAccount[]> {
    const out: TeamsChannelAccount[] = [];
    let token: string | undefined;
    for (let page = 0; page < ROSTER_PAGES; page++) {
      await this.pace(tenant);
      const options: { pageSize: number; continuationToken?: string; timeout: number } = { pageSize: ROSTER_PAGE, timeout: this.timeoutMs };
      if (token) options.continuationToken = token;
      const r = await this.withClient(reference, (client) => client.conversations.getConversationPagedMembers(conversationId, options as { pageSize: number; continuationToken: string; timeout: number }));
      out.push(...((r.members ?? []) as TeamsChannelAccount[]));
      token = r.continuationToken ?? undefined;
      if (!token) break;
    }
    return out;
  }

  /** One member of a conversation. */
  async member(tenant: string, reference: Partial<ConversationReference>, conversationId: string, userId: string): Promise<TeamsChannelAccount> {
    await this.pace(tenant);
    return this.withClient(reference, async (client) => (await client.conversations.getConversationMember(conversationId, userId, { timeout: this.timeoutMs })) as TeamsChannelAccount);
  }
}
