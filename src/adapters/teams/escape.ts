// Escaping for Teams, both ways.
//
// Outbound: a person's words shown in a card must never format, link or mention. Teams turns
// `<at>Name</at>` into a mention whenever a mention entity with that exact text is on the card,
// so any "<at" a person wrote is broken with an invisible word joiner; TextBlock markdown is
// backslash-escaped (CommonMark), including the markers that start a list or heading at a line's
// start. TextRun text (RichTextBlock) is never parsed as markdown: it gets only the <at> guard.
//
// Inbound: a command's text becomes the core's neutral form. Real mentions (those with a mention
// entity) become `<@29:…|Name>` / `<#19:…|name>`; anything a person typed that looks like the
// neutral form is broken the same way, so nobody can forge a mention by typing one.

/** U+2060 WORD JOINER: invisible, and enough to stop a tag or token from matching. */
export const JOINER = '\u2060';

/** Breaks `<at>` / `</at>` so no mention entity can ever match a person's words. */
export function guardAt(s: string): string {
  return s.replace(/<(?=\/?\s*at\b)/gi, `<${JOINER}`);
}

/** Literal text for a TextRun (not markdown). */
export function runText(s: string): string {
  return guardAt(stripControl(s));
}

/** Control characters other than newline and tab never reach a card. */
export function stripControl(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
}

/**
 * Text for a TextBlock or Fact (Teams markdown): every character that could start markup is
 * escaped, line-start markers too, and newlines become paragraph breaks.
 *
 * @example markdown('*not bold* [x](http://evil)') === '\\*not bold\\* \\[x\\](http://evil)'
 */
export function markdown(s: string): string {
  const escaped = guardAt(stripControl(s)).replace(/[\\`*_~[\]<>|&#]/g, (c) => `\\${c}`);
  return escaped
    .split(/\r?\n/)
    .map((line) => line.replace(/^(\s*)([-+=>])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2'))
    .join('\n\n');
}

/** A URL safe to put in a markdown link or an OpenUrl action: http(s) only, or null. */
export function safeUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  return u.href.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A display name inside `<at>…</at>`: no tags, no markdown, never empty. */
export function atName(name: string): string {
  const clean = stripControl(name)
    .replace(/[<>[\]*_~`\\|#&]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.slice(0, 100) || 'member';
}

/** Cuts text to `max` characters, ending in "…" when cut. */
export function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

// ——— inbound ———

export interface MentionEntity {
  text: string;
  id: string;
  name: string;
  /** Teams' `mentioned.conversationIdentityType`: "channel", "team" or "tag" when not a person. */
  kind?: string | undefined;
}

const ENTITIES: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/** Decodes the few HTML entities Teams puts in message text. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#\d{1,6}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Breaks `<@…>`, `<#…>` and `<!…>` typed by a person, so the core never reads them as tokens. */
export function guardTokens(s: string): string {
  return s.replace(/<(?=[@#!])/g, `<${JOINER}`);
}

/** An id that can stand in a `<@id|name>` token: no separator, bracket, space or control character. */
function safeId(id: string): boolean {
  return id.length > 0 && id.length <= 200 && !/[|<>\s\u0000-\u001F\u007F]/.test(id);
}

/**
 * A mention entity that names a person. Its id is taken as Teams gives it — `29:…` in a tenant,
 * `user-id-1` in Agents Playground — since it comes from a mention entity of the activity, not
 * from what someone typed; it only has to be a safe token. `19:` is a channel or chat and `28:`
 * another bot: not people.
 */
export function isPersonMention(m: MentionEntity): boolean {
  return (!m.kind || m.kind === 'person') && safeId(m.id) && !/^(19|28):/.test(m.id);
}

function tokenName(name: string): string {
  return name.replace(/[|>\r\n]/g, ' ').trim();
}

/**
 * A Teams message text (the bot's own mention already removed) in the core's neutral form.
 * Mentions of people become `<@id|name>`, of channels `<#id|name>`, of tags or teams plain
 * "@name"; everything else is the person's literal text.
 */
export function neutralCommand(text: string, mentions: MentionEntity[]): string {
  // Private-use characters mark where real mentions go; a person's own are dropped first.
  let s = text.replace(/[\uE000-\uF8FF]/g, '');
  const tokens: string[] = [];
  for (const m of mentions) {
    const at = s.indexOf(m.text);
    if (at < 0 || !m.text) continue;
    const name = tokenName(m.name || m.text.replace(/<\/?at>/gi, ''));
    const person = isPersonMention(m);
    const channel = (m.kind === 'channel' || (!m.kind && m.id.startsWith('19:'))) && safeId(m.id);
    const token = person ? `<@${m.id}|${name}>` : channel ? `<#${m.id}|${name}>` : `@${name}`;
    s = `${s.slice(0, at)}\uE000${tokens.length}\uE001${s.slice(at + m.text.length)}`;
    tokens.push(token);
  }
  s = guardTokens(decodeEntities(s));
  s = s.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => tokens[Number(i)] ?? '');
  return s.replace(/\u00A0/g, ' ').trim();
}

/** A message body (HTML, from a message action) as plain text. */
export function htmlToText(html: string): string {
  const withBreaks = html
    .replace(/<at\b[^>]*>(.*?)<\/at>/gi, '@$1')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(withBreaks)
    .replace(/\u00A0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
