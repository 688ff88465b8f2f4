// Making text literal for Slack. `&`, `<` and `>` are Slack's control characters: escaped (`&`
// first), a person's `<!channel>` or `<@U…>` can never become a mention or a link again.
// Formatting markers (* _ ~ `) have no escape in mrkdwn, so at a word's edge — the only place
// where Slack reads them as formatting — they become look-alike characters; inside a word
// (`rotating_light`, `2*3`) they stay, because Slack leaves them alone there too.

const MARKER_LOOKALIKE: Record<string, string> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02CD', // ˍ modifier letter low macron
  '~': '\u223C', // ∼ tilde operator
  '`': '\u02CB', // ˋ modifier letter grave accent
};

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;` — in that order. */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Formatting markers at a word's edge → look-alikes, so they can't open or close formatting. */
export function neutralizeMarkers(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const swap = MARKER_LOOKALIKE[c];
    if (swap && (!WORD_CHAR.test(s[i - 1] ?? ' ') || !WORD_CHAR.test(s[i + 1] ?? ' '))) out += swap;
    else out += c;
  }
  return out;
}

/** Control characters other than newline and tab are dropped: they have no business in a message. */
function dropControls(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

/** A person's text, to show literally inside mrkdwn. */
export function literal(s: string): string {
  return escapeText(neutralizeMarkers(dropControls(s)));
}

/** Text inside `code`: only a backtick could end it early. */
export function literalCode(s: string): string {
  return escapeText(dropControls(s).replace(/`/g, MARKER_LOOKALIKE['`']!));
}

/**
 * A line of rendered mrkdwn that starts with `&gt;` would show as a block quote: a soft hyphen
 * (invisible) in front keeps it a plain line.
 */
export function noQuoteAtLineStart(mrkdwn: string): string {
  return mrkdwn.replace(/(^|\n)&gt;/g, '$1\u00AD&gt;');
}

/** Text for `plain_text` objects (headers, buttons, labels): never parsed, only cleaned. */
export function plain(s: string): string {
  return dropControls(s);
}

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  let end = max;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return s.slice(0, end);
}

/** Cuts to `max` with an ellipsis when it had to cut. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${cut(s, max - 1)}…`;
}

/** A URL safe to put inside `<url|label>`: http(s) or mailto only, with its delimiters encoded. */
export function safeUrl(url: string): string | null {
  const u = url.trim();
  if (!/^(https?:\/\/|mailto:)[^\s]+$/i.test(u)) return null;
  return u.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
}

export const isUserId = (id: string): boolean => /^[UW][A-Z0-9]{2,}$/.test(id);
export const isChannelId = (id: string): boolean => /^[CGD][A-Z0-9]{2,}$/.test(id);
