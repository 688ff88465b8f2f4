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

/** A 1:1 conversation (with Baton, or between two people): never a team channel. */
export function isDirectChannel(channelId: string, channelName?: string): boolean {
  return channelId.startsWith('D') || channelName === 'directmessage';
}
