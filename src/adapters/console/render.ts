// Rendering neutral messages as terminal text. With colour when the output is a terminal.
import type { Block, Line, Message, Span } from '../../core/message.js';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  italic(s: string): string;
}

export const plain: Style = { bold: (s) => s, dim: (s) => s, italic: (s) => s };
export const ansi: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  italic: (s) => `\x1b[3m${s}\x1b[23m`,
};

/** Control characters from people's text never reach the terminal (no escape sequences). */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '');
}

function span(s: Span, style: Style): string {
  let t = clean(s.text);
  if (s.code) t = `\`${t}\``;
  if (s.bold) t = style.bold(t);
  if (s.italic) t = style.italic(t);
  if (s.strike) t = `~${t}~`;
  if (s.link && !s.link.startsWith('console:')) t = `${t} <${clean(s.link)}>`;
  return t;
}

export const renderLine = (l: Line, style: Style): string => l.map((s) => span(s, style)).join('');

export interface RenderedButton {
  label: string;
  actionId: string;
  value: string;
}

/** The message as indented lines; buttons are numbered by `number` for `:press N`. */
export function renderMessage(m: Message, style: Style, number: (b: RenderedButton) => number): string[] {
  const out: string[] = [];
  for (const b of m.blocks) out.push(...renderBlock(b, style, number));
  return out;
}

function renderBlock(b: Block, style: Style, number: (b: RenderedButton) => number): string[] {
  switch (b.type) {
    case 'header':
      return [style.bold(clean(b.text))];
    case 'section':
      return b.lines.map((l) => renderLine(l, style));
    case 'fields':
      return b.fields.map((f) => `${style.bold(clean(f.label))}: ${renderLine(f.value, style)}`);
    case 'list': {
      const rows: string[] = [];
      if (b.title) rows.push(style.bold(clean(b.title)));
      if (b.items.length === 0 && b.empty) rows.push(`  ${style.dim(clean(b.empty))}`);
      for (const item of b.items) rows.push(`  • ${renderLine(item, style)}`);
      const more = (b.total ?? b.items.length) - b.items.length;
      if (more > 0) rows.push(style.dim(`  … and ${more} more`));
      return rows;
    }
    case 'context':
      return [style.dim(renderLine(b.line, style))];
    case 'divider':
      return [style.dim('—')];
    case 'actions':
      return [
        b.buttons
          .map((x) => (x.url !== undefined ? `${clean(x.label)}: ${clean(x.url)}` : `[${number(x)}] ${clean(x.label)}`))
          .join('   ') + (b.buttons.some((x) => x.url === undefined) ? style.dim('   (:press N)') : ''),
      ];
  }
}
