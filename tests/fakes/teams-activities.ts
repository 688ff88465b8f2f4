// Bot Framework activities exactly as Microsoft Teams sends them to a bot, with the serviceUrl
// pointing at the fake connector. Shapes follow what Teams delivers: mention entities and
// <at> tags in channel messages, ";messageid=<root>" thread ids, clientInfo entities, tenant in
// channelData, invokes for task modules and message extensions, conversationUpdate events.

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:9e3b1c2a-5d4f-4e8b-a7c6-1f2e3d4c5b6a', name: 'Baton' };
/** The Teams team; its General channel has the team's id. */
export const TEAM = { id: '19:Ax3Fj8kL2mN9pQ4rS7tU1vW6yZ0bC5dE@thread.tacv2', name: 'District Office', aadGroupId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e' };
export const CHANNEL = { id: '19:9f8e7d6c5b4a39281706f5e4d3c2b1a0@thread.tacv2', name: 'Leadership' };
export const STAFF_CHANNEL = { id: '19:0a1b2c3d4e5f60718293a4b5c6d7e8f9@thread.tacv2', name: 'All Staff' };

export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
  tz?: string;
}

export const alice: TeamsUser = { id: '29:1aLiCeXyZ-superintendent', name: 'Alice Moreno', aadObjectId: '0c1f6a0e-1111-4a4a-9a9a-aaaaaaaaaaaa', tz: 'America/Chicago' };
export const maria: TeamsUser = { id: '29:1mArIaXyZ-finance', name: 'Maria Chen', aadObjectId: '0c1f6a0e-2222-4a4a-9a9a-bbbbbbbbbbbb', tz: 'America/New_York' };
export const sam: TeamsUser = { id: '29:1sAmXyZ-facilities', name: 'Sam Okafor', aadObjectId: '0c1f6a0e-3333-4a4a-9a9a-cccccccccccc' };

export interface Where {
  channel?: { id: string; name?: string };
  /** Reply inside the thread of this root message id. */
  thread?: string;
}

export class TeamsActivities {
  private n = 0;

  constructor(private readonly serviceUrl: string) {}

  private id(): string {
    return `17${String(1_000_000_000_00 + ++this.n)}`;
  }

  private from(u: TeamsUser) {
    return { id: u.id, name: u.name, aadObjectId: u.aadObjectId };
  }

  private channelConversation(where: Where, messageId: string) {
    const ch = where.channel ?? CHANNEL;
    return {
      isGroup: true,
      conversationType: 'channel',
      tenantId: TENANT,
      id: `${ch.id};messageid=${where.thread ?? messageId}`,
    };
  }

  private channelData(where: Where) {
    const ch = where.channel ?? CHANNEL;
    return {
      teamsChannelId: ch.id,
      teamsTeamId: TEAM.id,
      channel: { id: ch.id, ...(ch.name ? { name: ch.name } : {}) },
      team: { id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId },
      tenant: { id: TENANT },
    };
  }

  private base(u: TeamsUser) {
    return {
      timestamp: '2026-11-23T15:00:00.000Z',
      localTimestamp: '2026-11-23T09:00:00.000-06:00',
      ...(u.tz ? { localTimezone: u.tz } : {}),
      serviceUrl: this.serviceUrl,
      channelId: 'msteams',
      from: this.from(u),
      recipient: { ...BOT },
      locale: 'en-US',
    };
  }

  private clientInfo(u: TeamsUser) {
    return { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', ...(u.tz ? { timezone: u.tz } : {}) };
  }

  /** The 1:1 conversation id Teams uses for a person and the bot. */
  personalId(u: TeamsUser): string {
    return `a:1${u.id.replace(/^29:/, '')}`;
  }

  /**
   * "@Baton <text>" in a channel. People mentioned in `text` are written as <at>Name</at> and
   * listed in `mentions`, as Teams does.
   */
  channelMessage(u: TeamsUser, text: string, opts: Where & { mentions?: TeamsUser[]; extraMentions?: object[] } = {}) {
    const id = this.id();
    const full = `<at>Baton</at> ${text}`;
    return {
      type: 'message',
      id,
      ...this.base(u),
      conversation: this.channelConversation(opts, id),
      textFormat: 'plain',
      text: full,
      attachments: [{ contentType: 'text/html', content: `<div><div><span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">Baton</span>&nbsp;${text}</div></div>` }],
      entities: [
        { type: 'mention', text: '<at>Baton</at>', mentioned: { id: BOT.id, name: BOT.name } },
        ...(opts.mentions ?? []).map((m) => ({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name } })),
        ...(opts.extraMentions ?? []),
        this.clientInfo(u),
      ],
      channelData: this.channelData(opts),
    };
  }

  /** "@Baton <text>" in a group chat Baton was added to. */
  groupMessage(u: TeamsUser, chatId: string, text: string) {
    return {
      type: 'message',
      id: this.id(),
      ...this.base(u),
      conversation: { isGroup: true, conversationType: 'groupChat', tenantId: TENANT, id: chatId },
      textFormat: 'plain',
      text: `<at>Baton</at> ${text}`,
      entities: [{ type: 'mention', text: '<at>Baton</at>', mentioned: { id: BOT.id, name: BOT.name } }, this.clientInfo(u)],
      channelData: { tenant: { id: TENANT } },
    };
  }

  /** A message in the person's 1:1 chat with the bot (no mention needed). */
  personalMessage(u: TeamsUser, text: string, opts: { mentions?: TeamsUser[] } = {}) {
    return {
      type: 'message',
      id: this.id(),
      ...this.base(u),
      conversation: { conversationType: 'personal', tenantId: TENANT, id: this.personalId(u) },
      textFormat: 'plain',
      text,
      entities: [...(opts.mentions ?? []).map((m) => ({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name } })), this.clientInfo(u)],
      channelData: { tenant: { id: TENANT } },
    };
  }

  /** A reaction on one of the bot's messages in a channel (Teams sends no message text). */
  reaction(u: TeamsUser, messageId: string, type: string, opts: Where & { conversationId?: string } = {}) {
    const id = `f:${this.id()}`;
    return {
      type: 'messageReaction',
      id,
      ...this.base(u),
      conversation: opts.conversationId
        ? { conversationType: 'personal', tenantId: TENANT, id: opts.conversationId }
        : { ...this.channelConversation({ ...opts, thread: opts.thread ?? messageId }, messageId) },
      replyToId: messageId,
      reactionsAdded: [{ type }],
      channelData: opts.conversationId ? { tenant: { id: TENANT }, legacy: { replyToId: messageId } } : { ...this.channelData(opts), legacy: { replyToId: messageId } },
    };
  }

  /** An Action.Submit pressed on a card: a message with `value` and no text. */
  cardSubmit(u: TeamsUser, value: object, opts: Where & { personal?: boolean; cardId?: string } = {}) {
    const id = this.id();
    return {
      type: 'message',
      id,
      ...this.base(u),
      conversation: opts.personal ? { conversationType: 'personal', tenantId: TENANT, id: this.personalId(u) } : this.channelConversation({ ...opts, thread: opts.thread ?? opts.cardId ?? id }, id),
      replyToId: opts.cardId ?? '1700000000001',
      value,
      entities: [this.clientInfo(u)],
      channelData: opts.personal ? { tenant: { id: TENANT }, source: { name: 'message' } } : { ...this.channelData(opts), source: { name: 'message' } },
    };
  }

  private invoke(u: TeamsUser, name: string, value: object, opts: Where & { personal?: boolean; replyToId?: string }) {
    const id = `f:${this.id()}`;
    return {
      type: 'invoke',
      name,
      id,
      ...this.base(u),
      conversation: opts.personal ? { conversationType: 'personal', tenantId: TENANT, id: this.personalId(u) } : this.channelConversation({ ...opts, thread: opts.thread ?? opts.replyToId ?? '1700000000001' }, id),
      ...(opts.replyToId ? { replyToId: opts.replyToId } : {}),
      value,
      entities: [this.clientInfo(u)],
      channelData: opts.personal ? { tenant: { id: TENANT }, source: { name: 'message' } } : { ...this.channelData(opts), source: { name: 'message' } },
    };
  }

  /** An Action.Submit with msteams.type "task/fetch": Teams asks for the dialog to open. */
  taskFetch(u: TeamsUser, data: object, opts: Where & { personal?: boolean; replyToId?: string } = {}) {
    return this.invoke(u, 'task/fetch', { type: 'task/fetch', data, context: { theme: 'default' } }, opts);
  }

  /** A dialog's Action.Submit: its data with every input's value. */
  taskSubmit(u: TeamsUser, data: object, opts: Where & { personal?: boolean; replyToId?: string } = {}) {
    return this.invoke(u, 'task/submit', { type: 'task/submit', data, context: { theme: 'default' } }, opts);
  }

  private messagePayload(message: { id: string; author: TeamsUser; html: string; root?: string }, where: Where) {
    const ch = where.channel ?? CHANNEL;
    return {
      id: message.id,
      ...(message.root && message.root !== message.id ? { replyToId: message.root } : {}),
      createdDateTime: '2026-11-23T14:58:12.345Z',
      messageType: 'message',
      importance: 'normal',
      locale: 'en-us',
      linkToMessage: `https://teams.microsoft.com/l/message/${encodeURIComponent(ch.id)}/${message.id}?tenantId=${TENANT}&groupId=${TEAM.aadGroupId}&parentMessageId=${message.root ?? message.id}&createdTime=1795446000000`,
      from: { user: { id: message.author.aadObjectId, displayName: message.author.name, userIdentityType: 'aadUser' } },
      body: { contentType: 'html', content: message.html },
      attachments: [],
      mentions: [],
      reactions: [],
    };
  }

  /** "…" → More actions → Baton → Record as … on someone's channel message. */
  fetchTask(u: TeamsUser, commandId: string, message: { id: string; author: TeamsUser; html: string; root?: string }, where: Where = {}) {
    return this.invoke(
      u,
      'composeExtension/fetchTask',
      { commandId, commandContext: 'message', requestId: 'e1a2', context: { theme: 'default' }, messagePayload: this.messagePayload(message, where) },
      { ...where, thread: message.root ?? message.id },
    );
  }

  /** The message action's dialog submitted. */
  submitAction(u: TeamsUser, commandId: string, data: object, message: { id: string; author: TeamsUser; html: string; root?: string }, where: Where = {}) {
    return this.invoke(
      u,
      'composeExtension/submitAction',
      { commandId, commandContext: 'message', requestId: 'e1a3', context: { theme: 'default' }, botMessagePreviewAction: null, data, messagePayload: this.messagePayload(message, where) },
      { ...where, thread: message.root ?? message.id },
    );
  }

  /** The person accepted or declined a file consent card in their 1:1 chat. */
  fileConsent(u: TeamsUser, action: 'accept' | 'decline', context: object, uploadInfo?: object, replyToId?: string) {
    return this.invoke(u, 'fileConsent/invoke', { type: 'fileUpload', action, context, ...(uploadInfo ? { uploadInfo } : {}) }, { personal: true, ...(replyToId ? { replyToId } : {}) });
  }

  /** Baton installed in a team: a conversationUpdate in the General channel. */
  botInstalledInTeam(installer: TeamsUser) {
    return {
      type: 'conversationUpdate',
      id: `f:${this.id()}`,
      ...this.base(installer),
      membersAdded: [{ id: BOT.id }],
      conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: TEAM.id },
      channelData: { team: { id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId }, eventType: 'teamMemberAdded', tenant: { id: TENANT }, settings: { selectedChannel: { id: TEAM.id } } },
    };
  }

  /** People added to the Teams team (they join every standard channel). */
  teamMembersAdded(by: TeamsUser, added: TeamsUser[]) {
    return {
      type: 'conversationUpdate',
      id: `f:${this.id()}`,
      ...this.base(by),
      membersAdded: added.map((m) => ({ id: m.id, aadObjectId: m.aadObjectId })),
      conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: TEAM.id },
      channelData: { team: { id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId }, eventType: 'teamMemberAdded', tenant: { id: TENANT } },
    };
  }

  /** People removed from the Teams team. */
  teamMembersRemoved(by: TeamsUser, removed: TeamsUser[]) {
    return {
      type: 'conversationUpdate',
      id: `f:${this.id()}`,
      ...this.base(by),
      membersRemoved: removed.map((m) => ({ id: m.id, aadObjectId: m.aadObjectId })),
      conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: TEAM.id },
      channelData: { team: { id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId }, eventType: 'teamMemberRemoved', tenant: { id: TENANT } },
    };
  }

  /** Baton installed for a person (personal scope). */
  botInstalledPersonal(u: TeamsUser) {
    return {
      type: 'conversationUpdate',
      id: `f:${this.id()}`,
      ...this.base(u),
      membersAdded: [{ id: BOT.id }],
      conversation: { conversationType: 'personal', tenantId: TENANT, id: this.personalId(u) },
      channelData: { tenant: { id: TENANT } },
    };
  }
}
