// The neutral message model: what the core says, before any platform renders it.
//
// All text here is literal. Formatting is structure (a bold span, a link span), never markup in
// the text, so each adapter escapes every span for its platform and a person's words can never
// turn into a mention, a link or formatting they did not write.

/** A run of text with one style. `mention` asks the platform to render a real mention. */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  strike?: boolean;
  link?: string;
  mention?: { userId: string; name: string };
  /** A reference to a channel, rendered as a link to it where the platform can. */
  channel?: string;
}

/** One line of rich text. */
export type Line = Span[];

export interface Button {
  label: string;
  /** Routed back to the core as `action(actionId, value)`. */
  actionId: string;
  value: string;
  style?: 'primary' | 'danger';
  /** The action answers with a form to open at once (Slack modal, Teams task module, console prompts). */
  opensForm?: boolean;
  /** A link button: opens this address in the browser instead of coming back to the core. */
  url?: string;
}

export type Block =
  | { type: 'header'; text: string }
  | { type: 'section'; lines: Line[] }
  | { type: 'fields'; fields: { label: string; value: Line }[] }
  /** A list; `total` larger than `items.length` means "and N more" follow elsewhere. */
  | { type: 'list'; title?: string; items: Line[]; total?: number; empty?: string }
  | { type: 'context'; line: Line }
  | { type: 'divider' }
  | { type: 'actions'; buttons: Button[] };

/** A file sent with a message (exports). */
export interface Attachment {
  filename: string;
  mimeType: string;
  content: string;
}

export interface Message {
  /** Plain-text fallback: notifications, screen readers, the console. */
  text: string;
  blocks: Block[];
  attachments?: Attachment[];
}

export type Field =
  | {
      type: 'text';
      id: string;
      label: string;
      multiline?: boolean;
      initial?: string;
      optional?: boolean;
      maxLength?: number;
      placeholder?: string;
      hint?: string;
      /**
       * Asked only when another field has this value (the console asks in turn, so it can skip
       * it); a platform form that shows every field at once shows it always.
       */
      onlyWhen?: { field: string; value: string };
    }
  | {
      type: 'select';
      id: string;
      label: string;
      options: { value: string; label: string }[];
      initial?: string;
      optional?: boolean;
      hint?: string;
    };

/**
 * A form to fill in (Slack modal, Teams task module or card, console prompts). `formId` and
 * `state` come back with the answers; `state` is opaque to adapters and re-validated by the core.
 */
export interface Form {
  formId: string;
  state: string;
  title: string;
  submitLabel: string;
  intro?: Line;
  /** Read-only content shown above the fields (e.g. the views side by side for a facilitator). */
  blocks?: Block[];
  fields: Field[];
}

// ——— builders ———

/** Plain text span. @example text('Due Friday') */
export const text = (value: string): Span => ({ text: value });
/** @example bold('C-12') */
export const bold = (value: string): Span => ({ text: value, bold: true });
export const italic = (value: string): Span => ({ text: value, italic: true });
export const code = (value: string): Span => ({ text: value, code: true });
export const strike = (value: string): Span => ({ text: value, strike: true });
/** @example link('https://…', 'the message') */
export const link = (url: string, label: string): Span => ({ text: label, link: url });
/** A real mention of a person; the console shows @name. */
export const mention = (person: { userId: string; name: string }): Span => ({
  text: `@${person.name}`,
  mention: { userId: person.userId, name: person.name },
});

/** A channel, by id. @example channelRef('C123', 'staff') */
export const channelRef = (channelId: string, name?: string): Span => ({ text: `#${name ?? channelId}`, channel: channelId });

/** A line from strings (plain text) and spans. @example line(bold('C-3'), ' due Friday') */
export function line(...parts: (string | Span | null | undefined | false)[]): Line {
  const spans: Line = [];
  for (const part of parts) {
    if (part === null || part === undefined || part === false || part === '') continue;
    spans.push(typeof part === 'string' ? text(part) : part);
  }
  return spans;
}

export const header = (value: string): Block => ({ type: 'header', text: value });
export const section = (...lines: Line[]): Block => ({ type: 'section', lines });
export const fields = (...entries: { label: string; value: Line }[]): Block => ({ type: 'fields', fields: entries });
export const context = (...parts: (string | Span)[]): Block => ({ type: 'context', line: line(...parts) });
export const divider = (): Block => ({ type: 'divider' });
export const actions = (...buttons: Button[]): Block => ({ type: 'actions', buttons });
export const button = (label: string, actionId: string, value: string, style?: Button['style']): Button =>
  style ? { label, actionId, value, style } : { label, actionId, value };
/** A button that opens an address. @example linkButton("Open the team's page", 'https://…/t/…') */
export const linkButton = (label: string, url: string): Button => ({ label, actionId: LINK_ACTION, value: '', url });
/** The action id of link buttons: a platform that reports the click (Slack) gets nothing done by it. */
export const LINK_ACTION = 'open-link';
export function list(items: Line[], opts: { title?: string; total?: number; empty?: string } = {}): Block {
  return { type: 'list', items, ...opts };
}

/** The plain text of a line, as a person would read it. */
export function plainLine(l: Line): string {
  return l.map((s) => s.text).join('');
}

/** A plain-text rendering of blocks: the fallback text and the console's output. */
export function plainText(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'header':
        out.push(b.text);
        break;
      case 'section':
        out.push(b.lines.map(plainLine).join('\n'));
        break;
      case 'fields':
        out.push(b.fields.map((f) => `${f.label}: ${plainLine(f.value)}`).join('\n'));
        break;
      case 'list': {
        const rows: string[] = [];
        if (b.title) rows.push(b.title);
        if (b.items.length === 0 && b.empty) rows.push(`  ${b.empty}`);
        for (const item of b.items) rows.push(`  • ${plainLine(item)}`);
        const more = (b.total ?? b.items.length) - b.items.length;
        if (more > 0) rows.push(`  … and ${more} more`);
        out.push(rows.join('\n'));
        break;
      }
      case 'context':
        out.push(plainLine(b.line));
        break;
      case 'divider':
        break;
      case 'actions':
        out.push(b.buttons.map((x) => (x.url ? `[${x.label}: ${x.url}]` : `[${x.label}]`)).join(' '));
        break;
    }
  }
  return out.filter((s) => s.length > 0).join('\n');
}

/** A message from blocks, with its plain-text fallback derived from them. */
export function message(blocks: Block[], attachments?: Attachment[]): Message {
  const m: Message = { text: plainText(blocks.filter((b) => b.type !== 'actions')), blocks };
  if (attachments && attachments.length > 0) m.attachments = attachments;
  return m;
}

/** A one-line message. @example say(bold('C-3'), ' is done.') */
export function say(...parts: (string | Span | null | undefined | false)[]): Message {
  return message([section(line(...parts))]);
}
