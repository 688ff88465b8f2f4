// The core's neutral messages → Block Kit, within Block Kit's limits (limits.ts), with the
// message's plain text as the `text` fallback. Every span is literal text (escape.ts);
// formatting comes only from a span's flags, mentions only from mention spans.
//
// Long content never fails: a list stops where the surface is full and ends with "… and N more",
// anything else that does not fit is cut with a note saying so.
import type { types } from '@slack/bolt';
import type { Block, Button, Line, Message, Span } from '../../core/message.js';
import { clip, cut, isChannelId, isUserId, literal, literalCode, noQuoteAtLineStart, plain, safeUrl } from './escape.js';
import { LIMITS, type Surface } from './limits.js';

type KnownBlock = types.KnownBlock;

const WORD_CHAR = /[\p{L}\p{N}]/u;
const ZWSP = '\u200B';

/** One span as mrkdwn. */
function renderSpan(s: Span): string {
  if (s.mention) return isUserId(s.mention.userId) ? `<@${s.mention.userId}>` : literal(s.text);
  if (s.channel) return isChannelId(s.channel) ? `<#${s.channel}>` : literal(s.text);
  if (s.link) {
    const url = safeUrl(s.link);
    const label = literal(s.text || s.link);
    return url ? `<${url}|${label}>` : `${label} (${literal(s.link)})`;
  }
  if (!s.bold && !s.italic && !s.strike && !s.code) return literal(s.text);
  // Markers hug the words: whitespace goes outside them, or Slack won't format.
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(s.text)!;
  const [, lead, core, trail] = m as unknown as [string, string, string, string];
  if (!core) return s.text;
  let inner = s.code ? `\`${literalCode(core)}\`` : literal(core);
  if (!s.code) {
    if (s.strike) inner = `~${inner}~`;
    if (s.italic) inner = `_${inner}_`;
    if (s.bold) inner = `*${inner}*`;
  }
  return `${lead}${inner}${trail}`;
}

const isFormatted = (s: Span): boolean => Boolean(!s.mention && !s.channel && !s.link && (s.bold || s.italic || s.strike || s.code) && s.text.trim());

/**
 * A line of spans as mrkdwn, at most `max` characters. A formatted span touching a letter gets a
 * zero-width space between, or Slack would not format it.
 */
export function renderLine(line: Line, max: number = LIMITS.sectionText): string {
  let out = '';
  let prevFormatted = false;
  for (const span of line) {
    let piece = renderSpan(span);
    const formatted = isFormatted(span);
    if ((formatted && WORD_CHAR.test(out.slice(-1))) || (prevFormatted && WORD_CHAR.test(piece.charAt(0)))) piece = ZWSP + piece;
    if (out.length + piece.length <= max) {
      out += piece;
      prevFormatted = formatted;
      continue;
    }
    // This span overflows: keep as much of its text as fits, then an ellipsis.
    const room = max - out.length - 1;
    if (room > 0 && !span.mention && !span.channel) {
      let text = cut(span.text, room);
      let shorter = renderSpan({ ...span, text, link: undefined });
      while (shorter.length > room && text.length > 0) {
        // Escaping can make the text several times longer: shrink in proportion.
        text = cut(text, Math.min(text.length - 1, Math.floor((text.length * room) / shorter.length)));
        shorter = text ? renderSpan({ ...span, text, link: undefined }) : '';
      }
      out += shorter;
    }
    return noQuoteAtLineStart(`${out}…`);
  }
  return noQuoteAtLineStart(out);
}

/** Plain-text fallback (`text`): escaped, markers neutralised, within its limit. */
export function fallbackText(text: string): string {
  let raw = text.trim() || 'Baton';
  let out = noQuoteAtLineStart(literal(raw));
  while (out.length > LIMITS.fallbackText) {
    // Escaping can make the text several times longer: shrink in proportion.
    raw = cut(raw, Math.min(raw.length - 1, Math.floor((raw.length * (LIMITS.fallbackText - 1)) / out.length)));
    out = noQuoteAtLineStart(literal(raw)) + '…';
  }
  return out;
}

const mrkdwn = (text: string): types.MrkdwnElement => ({ type: 'mrkdwn', text, verbatim: true });
const plainText = (text: string, max: number): types.PlainTextElement => ({ type: 'plain_text', text: clip(plain(text), max) || ' ', emoji: true });

/** Blocks collected under a surface's budget, always leaving room for one closing note. */
class Budget {
  readonly blocks: KnownBlock[] = [];
  private chars = 0;
  private static readonly NOTE_CHARS = 200;

  constructor(
    private readonly maxBlocks: number,
    private readonly maxChars: number,
  ) {}

  /** Adds a block if it fits with room left for a note; false when the surface is full. */
  push(block: KnownBlock): boolean {
    const size = JSON.stringify(block).length;
    if (this.blocks.length + 2 > this.maxBlocks || this.chars + size + Budget.NOTE_CHARS > this.maxChars) return false;
    this.blocks.push(block);
    this.chars += size;
    return true;
  }

  /** Adds the closing note into the room kept for it (or not at all, if that room was used). */
  note(block: KnownBlock): void {
    const size = JSON.stringify(block).length;
    if (this.blocks.length + 1 > this.maxBlocks || this.chars + size > this.maxChars) return;
    this.blocks.push(block);
    this.chars += size;
  }
}

const moreNote = (n: number): KnownBlock => ({ type: 'context', elements: [mrkdwn(`_… and ${n} more_`)] });
const SHORTENED: KnownBlock = { type: 'context', elements: [mrkdwn('_… shortened to fit in Slack_')] };

/** Joins rendered lines into section texts of at most the section limit each. */
function packSections(lines: string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const l of lines) {
    if (!l) continue;
    if (current && current.length + 1 + l.length > LIMITS.sectionText) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${l}` : l;
  }
  if (current) out.push(current);
  return out;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(text) });

/** Renders a list; false when the surface filled up (its "and N more" note is then written). */
function renderList(b: Extract<Block, { type: 'list' }>, budget: Budget): boolean {
  const total = Math.max(b.total ?? b.items.length, b.items.length);
  if (b.title && !budget.push(section(renderLine([{ text: b.title, bold: true }])))) {
    budget.note(moreNote(total));
    return false;
  }
  if (b.items.length === 0) {
    if (b.empty && !budget.push({ type: 'context', elements: [mrkdwn(renderLine([{ text: b.empty, italic: true }], LIMITS.contextText))] })) return false;
    if (total > 0) budget.note(moreNote(total));
    return true;
  }
  const rows = b.items.map((item) => `• ${renderLine(item, LIMITS.sectionText - 2)}`);
  let shown = 0;
  let pending: string[] = [];
  const flush = (): boolean => {
    if (pending.length === 0) return true;
    // If the whole section does not fit, keep as many of its rows as do.
    for (let n = pending.length; n > 0; n--) {
      if (budget.push(section(pending.slice(0, n).join('\n')))) {
        shown += n;
        const ok = n === pending.length;
        pending = [];
        return ok;
      }
    }
    pending = [];
    return false;
  };
  for (const row of rows) {
    if (pending.length && pending.join('\n').length + 1 + row.length > LIMITS.sectionText && !flush()) break;
    pending.push(row);
  }
  const complete = flush() && shown === rows.length;
  if (shown < total) budget.note(moreNote(total - shown));
  return complete;
}

function renderButtons(buttons: Button[], counter: { n: number }): types.Button[] {
  const out: types.Button[] = [];
  for (const b of buttons) {
    const actionId = `b${counter.n++}:${b.actionId}`;
    // A value or id Slack would refuse can't be shortened without changing what it does.
    if (b.value.length > LIMITS.buttonValue || actionId.length > LIMITS.id) continue;
    if (b.url !== undefined) {
      // A link button opens its address; one Slack would refuse is left out rather than cut.
      const url = safeUrl(b.url);
      if (url && url.length <= LIMITS.buttonUrl) out.push({ type: 'button', text: plainText(b.label, LIMITS.buttonText), action_id: actionId, url, ...(b.style ? { style: b.style } : {}) });
    } else out.push({ type: 'button', text: plainText(b.label, LIMITS.buttonText), action_id: actionId, value: b.value, ...(b.style ? { style: b.style } : {}) });
    if (out.length === LIMITS.actionsElements) break;
  }
  return out;
}

/** The core's action id back from a button's action_id (the prefix keeps ids unique per message). */
export function actionIdOf(slackActionId: string): string {
  return slackActionId.replace(/^b\d+:/, '');
}

/** Neutral blocks → Block Kit blocks for a surface, within its limits. */
export function renderBlocks(blocks: Block[], surface: Surface): KnownBlock[] {
  const budget = new Budget(LIMITS.blocks[surface], LIMITS.blockChars[surface]);
  const counter = { n: 0 };
  const fits = (b: KnownBlock): boolean => {
    if (budget.push(b)) return true;
    budget.note(SHORTENED);
    return false;
  };
  for (const b of blocks) {
    switch (b.type) {
      case 'header': {
        const text = plain(b.text).trim();
        if (text && !fits({ type: 'header', text: plainText(text, LIMITS.headerText) })) return budget.blocks;
        break;
      }
      case 'section': {
        for (const text of packSections(b.lines.map((l) => renderLine(l)))) if (!fits(section(text))) return budget.blocks;
        break;
      }
      case 'fields': {
        const all = b.fields.map((f) => {
          const label = renderLine([{ text: f.label, bold: true }], 200);
          return mrkdwn(`${label}\n${renderLine(f.value, LIMITS.fieldText - label.length - 1)}`);
        });
        for (let i = 0; i < all.length; i += LIMITS.fieldsPerSection) {
          if (!fits({ type: 'section', fields: all.slice(i, i + LIMITS.fieldsPerSection) })) return budget.blocks;
        }
        break;
      }
      case 'list':
        if (!renderList(b, budget)) return budget.blocks;
        break;
      case 'context': {
        const text = renderLine(b.line, LIMITS.contextText);
        if (text && !fits({ type: 'context', elements: [mrkdwn(text)] })) return budget.blocks;
        break;
      }
      case 'divider':
        // A divider at the very end of a surface adds nothing; skipped when space is short.
        if (!budget.push({ type: 'divider' })) return budget.blocks;
        break;
      case 'actions': {
        const elements = renderButtons(b.buttons, counter);
        if (elements.length && !fits({ type: 'actions', elements })) return budget.blocks;
        break;
      }
    }
  }
  return budget.blocks;
}

/** A message for chat.postMessage / chat.update / response_url: blocks and their fallback. */
export function renderMessage(message: Message): { text: string; blocks: KnownBlock[] } {
  return { text: fallbackText(message.text), blocks: renderBlocks(message.blocks, 'message') };
}

/** The App Home tab. */
export function renderHome(message: Message): types.HomeView {
  return { type: 'home', blocks: renderBlocks(message.blocks, 'home') };
}
