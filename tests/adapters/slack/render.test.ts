// Rendering the core's neutral messages to Block Kit: within every limit, whatever the content,
// and with a person's text always literal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Block, type Line, type Span, actions, bold, button, fields, header, line, link, linkButton, list, message, section, text } from '../../../src/core/message.js';
import { escapeText, literal } from '../../../src/adapters/slack/escape.js';
import { type FormMeta, decodeMeta, encodeMeta, formErrors, formModal, formValues } from '../../../src/adapters/slack/forms.js';
import { LIMITS } from '../../../src/adapters/slack/limits.js';
import { actionIdOf, renderBlocks, renderHome, renderLine, renderMessage } from '../../../src/adapters/slack/render.js';

type AnyBlock = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text: unknown; action_id?: string; value?: string }[] };

/** Every limit of Block Kit this renderer knows, checked on its output. */
function withinLimits(blocks: AnyBlock[], surface: 'message' | 'home' | 'modal'): void {
  expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks[surface]);
  expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(LIMITS.blockChars[surface]);
  const actionIds = new Set<string>();
  for (const b of blocks) {
    if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (b.type === 'section' && b.text) {
      expect(b.text.text.length).toBeGreaterThan(0);
      expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    if (b.type === 'section' && b.fields) {
      expect(b.fields.length).toBeLessThanOrEqual(LIMITS.fieldsPerSection);
      for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
    }
    if (b.type === 'context') {
      expect(b.elements!.length).toBeLessThanOrEqual(LIMITS.contextElements);
      for (const e of b.elements!) expect((e.text as string).length).toBeLessThanOrEqual(LIMITS.contextText);
    }
    if (b.type === 'actions') {
      expect(b.elements!.length).toBeLessThanOrEqual(LIMITS.actionsElements);
      for (const e of b.elements!) {
        expect((e.text as { text: string }).text.length).toBeLessThanOrEqual(LIMITS.buttonText);
        expect(e.value!.length).toBeLessThanOrEqual(LIMITS.buttonValue);
        expect(actionIds.has(e.action_id!)).toBe(false);
        actionIds.add(e.action_id!);
      }
    }
  }
}

const longItem = (i: number): Line => line(bold(`C-${i}`), ' ', 'Draft the budget memo for the board with every annex and the attendance numbers '.repeat(3), ` — Maria · due Fri, Nov 27`);

describe('lists longer than Block Kit allows', () => {
  it('a list of 500 long rows fits one message and ends with "… and N more"', () => {
    const items = Array.from({ length: 500 }, (_, i) => longItem(i + 1));
    const blocks = renderBlocks([header('District Leadership'), list(items, { title: 'Open commitments', total: 500 })], 'message') as AnyBlock[];
    withinLimits(blocks, 'message');
    const shown = blocks.filter((b) => b.type === 'section').map((b) => b.text!.text.split('\n').filter((l) => l.startsWith('•')).length).reduce((a, b) => a + b, 0);
    expect(shown).toBeGreaterThan(10);
    const last = blocks.at(-1)!;
    expect(last.type).toBe('context');
    expect((last.elements![0]!.text as string)).toBe(`_… and ${500 - shown} more_`);
  });

  it('a list the core already cut (25 of 60) says how many more there are', () => {
    const items = Array.from({ length: 25 }, (_, i) => line(bold(`C-${i + 1}`), ' short'));
    const blocks = renderBlocks([list(items, { title: 'Open commitments', total: 60 })], 'message') as AnyBlock[];
    expect(blocks.at(-1)!.elements![0]!.text).toBe('_… and 35 more_');
  });

  it('80 sections are cut to the block limit with a note', () => {
    const blocks = renderBlocks(Array.from({ length: 80 }, (_, i) => section(line(`Section ${i}`))), 'message') as AnyBlock[];
    withinLimits(blocks, 'message');
    expect(blocks).toHaveLength(50);
    expect(blocks.at(-1)!.elements![0]!.text).toContain('shortened');
  });

  it('App Home gets up to 100 blocks', () => {
    const blocks: Block[] = Array.from({ length: 30 }, (_, i) => list([line(`item ${i}`)], { title: `List ${i}` }));
    const home = renderHome(message(blocks));
    expect(home.type).toBe('home');
    withinLimits(home.blocks as AnyBlock[], 'home');
    expect(home.blocks.length).toBe(60);
  });
});

describe('each limit', () => {
  it('headers, fields, buttons and the fallback text are cut to size', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ label: `Label ${i}`, value: line('v'.repeat(i === 0 ? 3000 : 100)) }));
    const buttons = Array.from({ length: 30 }, (_, i) => button(`A very long button label number ${i} that goes on and on past seventy-five characters`, 'command', `list ${i}`));
    buttons.push(button('Too big', 'command', 'x'.repeat(2001)));
    const m = message([header('H'.repeat(400)), fields(...many), { type: 'actions', buttons }]);
    m.text = 'T'.repeat(10_000);
    const out = renderMessage(m);
    withinLimits(out.blocks as AnyBlock[], 'message');
    expect((out.blocks[0] as AnyBlock).text!.text).toHaveLength(150);
    const sections = out.blocks.filter((b) => b.type === 'section') as AnyBlock[];
    expect(sections).toHaveLength(3);
    expect(sections[0]!.fields![0]!.text.length).toBe(LIMITS.fieldText);
    const actions = out.blocks.find((b) => b.type === 'actions') as AnyBlock;
    expect(actions.elements).toHaveLength(25);
    expect(actionIdOf(actions.elements![3]!.action_id!)).toBe('command');
    expect(out.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    const amps = renderMessage({ text: '&'.repeat(10_000), blocks: [] }).text;
    expect(amps.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    expect(amps.length).toBeGreaterThan(LIMITS.fallbackText - 10);
    expect(amps).toMatch(/^(&amp;)+…$/);
  });

  it('a line longer than a section is cut whole: never inside an escape, never with an open mention', () => {
    const l = line('&'.repeat(5000));
    const out = renderLine(l);
    expect(out.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(out.endsWith('…')).toBe(true);
    expect(out.slice(0, -1)).toMatch(/^(&amp;)+$/);
    const withMention = renderLine([text('x'.repeat(2990)), { text: '@Maria', mention: { userId: 'U0MARIA01', name: 'Maria' } }]);
    expect(withMention).not.toContain('<@');
  });

  it('a form becomes a modal within the modal limits', () => {
    const modal = formModal(
      {
        formId: 'record',
        state: '{}',
        title: 'Record as commitment, with a long title',
        submitLabel: 'Record this commitment now please',
        fields: [
          { type: 'text', id: 'text', label: 'What', multiline: true, initial: 'x'.repeat(5000), maxLength: 2000 },
          { type: 'select', id: 'owner', label: 'Owner', options: Array.from({ length: 150 }, (_, i) => ({ value: `U${i}`, label: 'N'.repeat(100) })), initial: 'U140' },
        ],
      },
      '{}',
    );
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expect(modal.submit!.text.length).toBeLessThanOrEqual(24);
    const [text, owner] = modal.blocks as { element: { initial_value?: string; options?: { text: { text: string } }[]; initial_option?: unknown } }[];
    expect(text!.element.initial_value!.length).toBeLessThanOrEqual(2000);
    expect(owner!.element.options).toHaveLength(100);
    expect(owner!.element.options![0]!.text.text.length).toBeLessThanOrEqual(75);
    // The initial choice is not among the 100 shown: Slack would refuse it, so it is left out.
    expect(owner!.element.initial_option).toBeUndefined();
  });

  it("a form's state travels in private_metadata; too long for it, it is parked and only a reference travels", async () => {
    const parked = new Map<string, FormMeta>();
    const stash = { put: async (m: FormMeta) => (parked.set(`r${parked.size}`, m), `r${parked.size - 1}`), take: async (r: string) => parked.get(r) };
    const small: FormMeta = { formId: 'record', state: '{"teamId":1}', channelId: 'C1', isDirect: false };
    const inline = await encodeMeta(small, stash);
    expect(parked.size).toBe(0);
    expect(await decodeMeta(inline, stash)).toEqual(small);
    const big: FormMeta = { ...small, state: JSON.stringify({ teamId: 1, note: 'x'.repeat(5000) }) };
    const ref = await encodeMeta(big, stash);
    expect(ref.length).toBeLessThanOrEqual(LIMITS.privateMetadata);
    expect(await decodeMeta(ref, stash)).toEqual(big);
    expect(await decodeMeta('not json', stash)).toBeNull();
    expect(await decodeMeta('{"r":"unknown"}', stash)).toBeNull();
  });

  it('answers and errors map between fields and blocks', () => {
    const values = { text: { text: { type: 'plain_text_input', value: 'Memo' } }, owner: { owner: { type: 'static_select', selected_option: { value: 'U1' } } }, due: { due: { type: 'plain_text_input', value: null } } };
    expect(formValues(values)).toEqual({ text: 'Memo', owner: 'U1', due: undefined });
    expect(formErrors({ due: 'Try Friday', _: 'Form expired' }, values)).toEqual({ due: 'Try Friday', text: 'Form expired' });
  });
});

describe('escaping', () => {
  it('& first, then < and >', () => {
    expect(escapeText('a & <b> &lt;')).toBe('a &amp; &lt;b&gt; &amp;lt;');
  });

  it('formatting markers at word edges become look-alikes; inside words they stay', () => {
    expect(literal('*bold* _it_ ~s~ `c`')).toBe('\u2217bold\u2217 \u02CDit\u02CD \u223Cs\u223C \u02CBc\u02CB');
    expect(literal('rotating_light 2*3 snake_case_name')).toBe('rotating_light 2*3 snake_case_name');
  });

  it('only mention and channel spans become mentions and channel links; links only from link spans', () => {
    const l: Line = [
      { text: '@Maria', mention: { userId: 'U0MARIA01', name: 'Maria' } },
      text(' in '),
      { text: '#staff', channel: 'C0STAFF01' },
      text(' '),
      link('https://example.org/a?b=1&c=2|x>y', 'the <doc>'),
      text(' '),
      link('javascript:alert(1)', 'bad'),
      text(' '),
      { text: '@nobody', mention: { userId: '<!channel>', name: 'x' } },
    ];
    expect(renderLine(l)).toBe('<@U0MARIA01> in <#C0STAFF01> <https://example.org/a?b=1&amp;c=2%7Cx%3Ey|the &lt;doc&gt;> bad (javascript:alert(1)) @nobody');
  });

  it('a line starting with ">" is not a quote', () => {
    expect(renderLine([text('> quoted?')])).toBe('\u00AD&gt; quoted?');
  });

  it('whatever a person writes, no mention, broadcast or link markup comes out of a text span', () => {
    const hostile = fc.oneof(fc.string(), fc.constantFrom('<!channel>', '<!here>', '<@U123>', '<#C1>', '<https://x|y>', '&lt;', '*b*', '`', '>', '<!subteam^S1>'));
    fc.assert(
      fc.property(fc.array(fc.tuple(hostile, fc.boolean(), fc.boolean(), fc.boolean()), { maxLength: 12 }), (parts) => {
        const spans: Span[] = parts.map(([t, b, i, c]) => ({ text: t, bold: b, italic: i, code: c }));
        const blocks = renderBlocks([section(spans), list([spans], { title: parts.map((p) => p[0]).join('') })], 'message') as AnyBlock[];
        const json = JSON.stringify(blocks);
        expect(json).not.toMatch(/<[!@#]|<https?:/);
        withinLimits(blocks, 'message');
      }),
      { numRuns: 300 },
    );
  });
});

describe('link buttons', () => {
  it('open their address (url, no value); an address that is not http(s) is left out', () => {
    const blocks = renderBlocks([actions(linkButton("Open the team's page", 'https://baton.example.org/t/abc'), linkButton('Bad', 'javascript:alert(1)'))], 'message') as AnyBlock[];
    expect(blocks).toEqual([{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: "Open the team's page", emoji: true }, action_id: 'b0:open-link', url: 'https://baton.example.org/t/abc' }] }]);
  });
});

describe('a submitted modal’s values, shaped by whoever sent them', () => {
  it('a block or a value that is not an object is no answer, not a crash (found by the hostile-payload property test)', () => {
    const values = { b1: { text: { type: 'plain_text_input', value: 'Plan' }, gone: null }, b2: null, b3: { due: 7 } } as unknown as Parameters<typeof formValues>[0];
    expect(formValues(values)).toEqual({ text: 'Plan' });
    expect(formValues(null as unknown as Parameters<typeof formValues>[0])).toEqual({});
  });
});
