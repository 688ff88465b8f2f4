// Slack payloads → what the core understands: the workspace key, delivery ids for de-duplication,
// and text in the core's neutral form.
//
// Slack text arrives with `&`, `<`, `>` escaped and with markup in angle brackets. People and
// channels keep the neutral forms the core parses (`<@U…|name>`, `<#C…|name>`); broadcast
// mentions (`<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^…>`) become inert "@here" text;
// links become "label (url)". Entities are decoded last, so what a person typed is kept as typed.

/** The workspace key: the enterprise for an org-wide install (Enterprise Grid), else the team. */
export function workspaceKey(ids: { isEnterpriseInstall?: boolean | undefined; enterpriseId?: string | null | undefined; teamId?: string | null | undefined }): string | null {
  if (ids.isEnterpriseInstall && ids.enterpriseId) return ids.enterpriseId;
  return ids.teamId || ids.enterpriseId || null;
}

/** Delivery ids, namespaced so they never meet another platform's ids in the receipts. */
export const dedupe = {
  event: (eventId: string) => `slack:event:${eventId}`,
  trigger: (triggerId: string) => `slack:trigger:${triggerId}`,
  view: (viewId: string, hash: string) => `slack:view:${viewId}:${hash}`,
};

function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** One `<…>` token of Slack markup → neutral text. */
function token(inner: string, people: (userId: string, label?: string) => string | null): string {
  const [target = '', ...rest] = inner.split('|');
  const label = rest.join('|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const named = people(id, label || undefined);
    return named ?? `<${inner}>`;
  }
  if (target.startsWith('#')) return `<${inner}>`;
  if (target.startsWith('!')) {
    const word = target.slice(1).split('^')[0]!;
    if (word === 'here' || word === 'channel' || word === 'everyone') return `@${word}`;
    if (word === 'subteam') return label ? (label.startsWith('@') ? label : `@${label}`) : '@group';
    return label || `@${word}`;
  }
  // A link: <url> or <url|label>; mailto: links show the address.
  const url = target;
  if (url.startsWith('mailto:')) return label || url.slice('mailto:'.length);
  return label && label !== url ? `${label} (${url})` : url;
}

/**
 * A command's text (or a form's) → the core's command line. Mentions of people and channels
 * stay tokens (the core resolves them by id); everything else becomes plain text.
 */
export function commandText(slackText: string): string {
  return decodeEntities(slackText.replace(/<([^<>]*)>/g, (_all, inner: string) => token(inner, () => null)));
}

/**
 * A chat message's text → plain text for an excerpt: people shown as "@name" (`nameOf` may know
 * them), channels as "#name", links as "label (url)".
 */
export function messageText(slackText: string, nameOf: (userId: string) => string | undefined): string {
  const replaced = slackText.replace(/<([^<>]*)>/g, (_all, inner: string) => {
    const [target = '', ...rest] = inner.split('|');
    const label = rest.join('|');
    if (target.startsWith('#')) return `#${label || target.slice(1)}`;
    return token(inner, (id, lbl) => `@${nameOf(id) ?? lbl ?? id}`);
  });
  return decodeEntities(replaced);
}

/** Every user id mentioned in a chat message's text. */
export function mentionedUsers(slackText: string): string[] {
  return [...slackText.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!);
}

/** A Slack id (user, channel, ts, trigger) as a payload must carry it: a non-empty string of sane length. */
export function isId(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= 255;
}

/** A 1:1 conversation (with Baton, or between two people): never a team channel. */
export function isDirectChannel(channelId: string, channelName?: string): boolean {
  return channelId.startsWith('D') || channelName === 'directmessage';
}

const obj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Whether a signed payload has the shape Bolt needs to route it to a listener. Slack sends no
 * other; anything else is acknowledged and dropped at once (Bolt would leave it unanswered for
 * 3 s and then answer 404, or fail on it).
 */
export function routable(body: unknown): boolean {
  if (!obj(body)) return false;
  if (typeof body.command === 'string') return true;
  switch (body.type) {
    case 'event_callback':
      return obj(body.event) && typeof body.event.type === 'string' && body.event.type.length > 0;
    case 'block_actions': {
      const first = Array.isArray(body.actions) ? body.actions[0] : undefined;
      return obj(first) && typeof first.action_id === 'string';
    }
    case 'view_submission':
    case 'view_closed':
      return obj(body.view) && typeof body.view.callback_id === 'string';
    case 'message_action':
    case 'shortcut':
      return typeof body.callback_id === 'string';
    case 'block_suggestion':
      return typeof body.action_id === 'string';
    default:
      return false;
  }
}
