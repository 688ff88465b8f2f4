// The console prints people's text to a terminal: no escape sequence or control character in it
// may reach the terminal (a title that clears the screen, a name that rewrites the prompt).
import { describe, expect, it } from 'vitest';
import { ansi, renderMessage } from '../../../src/adapters/console/render.js';
import type { Message } from '../../../src/core/message.js';

const HOSTILE = 'Budget \x1b[2J\x1b[H\x1b]0;pwned\x07memo\r\u009b31m\b\u0000 done';

describe('console rendering of hostile text', () => {
  it('strips escape sequences and control characters from every place text appears, keeping our own styling', () => {
    const m: Message = {
      blocks: [
        { type: 'header', text: HOSTILE },
        { type: 'section', lines: [[{ text: HOSTILE, bold: true }, { text: ' link', link: `https://x.example/${HOSTILE}` }]] },
        { type: 'fields', fields: [{ label: HOSTILE, value: [{ text: HOSTILE }] }] },
        { type: 'list', title: HOSTILE, items: [[{ text: HOSTILE }]], empty: HOSTILE },
        { type: 'context', line: [{ text: HOSTILE, italic: true }] },
        { type: 'actions', buttons: [{ label: HOSTILE, actionId: 'command', value: 'list' }] },
      ],
    } as Message;
    const out = renderMessage(m, ansi, () => 1).join('\n');
    // Our own styles are SGR sequences (ESC [ n m); nothing else of ESC, BEL, CR, BS, NUL or C1.
    const withoutOurs = out.replace(/\x1b\[(1|2|3|22|23)m/g, '');
    expect(withoutOurs).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    expect(out).toContain('Budget [2J[H]0;pwnedmemo31m done');
  });
});
