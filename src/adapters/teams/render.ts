// The core's neutral messages as Adaptive Cards (1.5, what Teams renders), with a plain-text
// fallback. A line with a real mention is a markdown TextBlock (Teams matches <at>…</at> with
// the card's mention entities only there); every other line is a RichTextBlock of TextRuns,
// which Teams never parses as markdown. Either way the span flags alone decide the formatting.
import type { Block, Button, Line, Message, Span } from '../../core/message.js';
import { atName, cut, markdown, runText, safeUrl } from './escape.js';
import { CARD_VERSION, LIMITS } from './limits.js';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export type CardElement = Record<string, unknown>;

export interface MentionEntityOut {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardElement[];
  fallbackText?: string;
  msteams?: { width?: 'Full'; entities?: MentionEntityOut[] };
}

/** What a button sends back (Action.Submit data), routed to `bot.action`. */
export interface ActionData {
  baton: 'action';
  actionId: string;
  value: string;
  msteams?: { type: 'task/fetch' };
}

/** The mention entities of one card: one per person, each with a tag text of its own. */
class Mentions {
  readonly entities: MentionEntityOut[] = [];
  private readonly byUser = new Map<string, string>();

  tag(userId: string, name: string): string {
    const known = this.byUser.get(userId);
    if (known) return known;
    let text = `<at>${atName(name)}</at>`;
    for (let n = 2; this.entities.some((e) => e.text === text); n++) text = `<at>${atName(name)} (${n})</at>`;
    this.byUser.set(userId, text);
    this.entities.push({ type: 'mention', text, mentioned: { id: userId, name } });
    return text;
  }
}

interface LineStyle {
  subtle?: boolean;
  bold?: boolean;
  size?: 'small' | 'medium';
  separator?: boolean;
}

/** One span as markdown (a TextBlock or Fact). */
function spanMarkdown(s: Span, mentions: Mentions): string {
  if (s.mention) return mentions.tag(s.mention.userId, s.mention.name);
  const url = s.link ? safeUrl(s.link) : null;
  const raw = cut(s.text, LIMITS.textChars);
  if (url) return `[${markdown(raw)}](${url})`;
  const lead = /^\s*/.exec(raw)![0];
  const trail = /\s*$/.exec(raw.slice(lead.length))![0];
  const core = raw.slice(lead.length, raw.length - trail.length);
  if (!core) return markdown(raw);
  let t = markdown(core);
  if (s.bold) t = `**${t}**`;
  if (s.italic) t = `_${t}_`;
  return `${lead}${t}${trail}`;
}

/** One span as a TextRun (literal text, never markdown). */
function spanRun(s: Span, style: LineStyle): CardElement {
  const run: CardElement = { type: 'TextRun', text: runText(cut(s.text, LIMITS.textChars)) };
  if (s.bold || style.bold) run.weight = 'bolder';
  if (s.italic) run.italic = true;
  if (s.strike) run.strikethrough = true;
  if (s.code) run.fontType = 'monospace';
  if (style.subtle) run.isSubtle = true;
  if (style.size) run.size = style.size;
  const url = s.link ? safeUrl(s.link) : null;
  if (url) {
    run.selectAction = { type: 'Action.OpenUrl', url };
    run.color = 'accent';
  }
  return run;
}

/** A line of spans as one card element. */
function lineElement(line: Line, mentions: Mentions, style: LineStyle = {}): CardElement {
  const el: CardElement = line.some((s) => s.mention)
    ? {
        type: 'TextBlock',
        text: line.map((s) => spanMarkdown(style.bold ? { ...s, bold: true } : s, mentions)).join(''),
        wrap: true,
        ...(style.subtle ? { isSubtle: true } : {}),
        ...(style.size ? { size: style.size } : {}),
      }
    : { type: 'RichTextBlock', inlines: line.filter((s) => s.text.length > 0).map((s) => spanRun(s, style)) };
  if (style.separator) el.separator = true;
  return el;
}

function buttonAction(b: Button): CardElement {
  const url = b.url !== undefined ? safeUrl(b.url) : null;
  if (url) return { type: 'Action.OpenUrl', title: cut(b.label, LIMITS.buttonChars), url };
  const data: ActionData = { baton: 'action', actionId: b.actionId, value: b.value, ...(b.opensForm ? { msteams: { type: 'task/fetch' } } : {}) };
  return {
    type: 'Action.Submit',
    title: cut(b.label, LIMITS.buttonChars),
    ...(b.style === 'primary' ? { style: 'positive' } : b.style === 'danger' ? { style: 'destructive' } : {}),
    data,
  };
}

function blockElements(b: Block, mentions: Mentions, rows: number): CardElement[] {
  switch (b.type) {
    case 'header':
      return [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: runText(cut(b.text, LIMITS.textChars)), weight: 'bolder', size: 'medium' }] }];
    case 'section':
      return b.lines.map((l) => lineElement(l, mentions));
    case 'fields':
      return [
        {
          type: 'FactSet',
          facts: b.fields.map((f) => ({ title: markdown(cut(f.label, LIMITS.factTitleChars)), value: f.value.map((s) => spanMarkdown(s, mentions)).join('') })),
        },
      ];
    case 'list': {
      const out: CardElement[] = [];
      if (b.title) out.push(lineElement([{ text: b.title, bold: true }], mentions));
      if (b.items.length === 0 && b.empty) out.push(lineElement([{ text: b.empty }], mentions, { subtle: true }));
      const shown = b.items.slice(0, rows);
      for (const item of shown) out.push(lineElement([{ text: '• ' }, ...item], mentions));
      const more = Math.max(b.total ?? b.items.length, b.items.length) - shown.length;
      if (more > 0) out.push(lineElement([{ text: `… and ${more} more` }], mentions, { subtle: true }));
      return out;
    }
    case 'context':
      return [lineElement(b.line, mentions, { subtle: true, size: 'small' })];
    case 'divider':
      return [];
    case 'actions': {
      const sets: CardElement[] = [];
      for (let i = 0; i < b.buttons.length; i += LIMITS.actionsPerSet) {
        sets.push({ type: 'ActionSet', actions: b.buttons.slice(i, i + LIMITS.actionsPerSet).map(buttonAction) });
      }
      return sets;
    }
  }
}

function build(blocks: Block[], fallback: string, rows: number): AdaptiveCard {
  const mentions = new Mentions();
  const body: CardElement[] = [];
  let separate = false;
  for (const b of blocks) {
    if (b.type === 'divider') {
      separate = body.length > 0;
      continue;
    }
    const els = blockElements(b, mentions, rows);
    if (separate && els[0]) {
      els[0].separator = true;
      separate = false;
    }
    body.push(...els);
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    fallbackText: markdown(cut(fallback, LIMITS.fallbackChars)),
    msteams: { width: 'Full', ...(mentions.entities.length ? { entities: mentions.entities } : {}) },
  };
}

export const SHORTENED = '… (shortened: the full message is too long for Teams)';

/** The size of a card as Teams receives it (UTF-8 JSON). */
export const cardBytes = (x: unknown): number => Buffer.byteLength(JSON.stringify(x), 'utf8');

export interface RenderedMessage {
  card: AdaptiveCard;
  /** The notification preview. */
  summary: string;
}

/**
 * Blocks as one Adaptive Card for which `fits` holds: long lists are cut first (ending "… and N
 * more"), then trailing blocks give way to a note that the message was shortened, and at last
 * the plain text alone stands in, cut. A card that still does not fit is returned as it is; the
 * caller decides (a form drops its read-only part).
 */
export function fitCard(source: Block[], fallback: string, fits: (card: AdaptiveCard) => boolean): AdaptiveCard {
  let rows: number = LIMITS.listRows;
  let blocks = source;
  let card = build(blocks, fallback, rows);
  while (!fits(card)) {
    if (rows > 5 && blocks.some((b) => b.type === 'list' && b.items.length > 5)) {
      rows = Math.floor(rows / 2);
    } else {
      // Drop content from the end, keeping the buttons and saying the message was shortened.
      const content = blocks.filter((b) => b.type !== 'actions' && !(b.type === 'context' && b.line[0]?.text === SHORTENED));
      const buttons = blocks.filter((b) => b.type === 'actions');
      if (content.length <= 1) {
        blocks = [{ type: 'section', lines: [[{ text: cut(fallback, LIMITS.textChars) }]] }, ...buttons];
        return build(blocks, fallback, rows);
      }
      blocks = [...content.slice(0, -1), { type: 'context', line: [{ text: SHORTENED }] }, ...buttons];
    }
    card = build(blocks, fallback, rows);
  }
  return card;
}

/** A neutral message as one Adaptive Card within Teams' size limit (see fitCard). */
export function renderMessage(m: Message): RenderedMessage {
  const summary = runText(cut((m.text.split('\n').find((l) => l.trim()) ?? 'Baton').trim(), LIMITS.summaryChars));
  return { card: fitCard(m.blocks, m.text, (c) => cardBytes(c) <= LIMITS.cardBytes), summary };
}

/** The activity that carries a rendered message. */
export function messageActivity(m: Message): { type: 'message'; summary: string; attachments: { contentType: string; content: AdaptiveCard }[] } {
  const { card, summary } = renderMessage(m);
  return { type: 'message', summary, attachments: [{ contentType: ADAPTIVE_CARD, content: card }] };
}

