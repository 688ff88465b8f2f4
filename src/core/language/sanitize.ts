// Invisible formatting characters, removed from everything people send before the core reads it.
// Bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069) and zero-width and
// direction marks (U+200B–200F), plus the Arabic letter mark (U+061C) and the zero-width no-break
// space (U+FEFF), let someone make an id or a date read differently from what it is ("C-1‮2" can
// show as "C-21") in Slack, Teams, the console and exports. Text in Arabic or Hebrew still reads
// right: the letters carry their own direction; only the invisible controls go. Two joiners stay
// where they join something: a zero-width joiner after an emoji (👩‍💻 is one picture), and a
// zero-width non-joiner between letters of a script that joins (Persian "می‌خواهم"). NUL (U+0000)
// goes too: no chat text means one, and PostgreSQL stores none (see withoutNul).
const INVISIBLE = /[\u0000\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF]|(?<!\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?)\u200D|(?<!\p{Script=Arabic}|\p{Script=Syriac}|\p{Script=Nko}|\p{Script=Mongolian}|\p{Script=Devanagari}|\p{Script=Bengali})\u200C|\u200C(?!\p{Script=Arabic}|\p{Script=Syriac}|\p{Script=Nko}|\p{Script=Mongolian}|\p{Script=Devanagari}|\p{Script=Bengali})/gu;

/** `text` without invisible direction and zero-width controls (see above). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Each value without invisible controls; undefined stays undefined. */
export function stripInvisibleValues<T extends Record<string, string | undefined>>(values: T): T {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(values)) out[k] = v === undefined ? v : stripInvisible(v);
  return out as T;
}

/**
 * `value` with every NUL character (U+0000) taken out of its strings, however deep. No chat
 * text means one, and PostgreSQL stores none (neither in text nor in jsonb), so a request
 * carrying one would be refused on one engine and kept on the other: it is taken out before
 * anything is written down.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[withoutNul(k)] = withoutNul(v);
    return out as T;
  }
  return value;
}
