// Rendering for Teams: the span flags alone format; a person's words never mention, link or
// format; lists and cards keep within Teams' limits; buttons route back to the core.
import { describe, expect, it } from 'vitest';
import { JOINER, htmlToText, markdown, neutralCommand, safeUrl } from '../../../src/adapters/teams/escape.js';
import { formCard, formValues } from '../../../src/adapters/teams/forms.js';
import { LIMITS } from '../../../src/adapters/teams/limits.js';
import { renderMessage } from '../../../src/adapters/teams/render.js';
import { actions, bold, button, line, link, list, mention, message, say, section } from '../../../src/core/message.js';

describe('escaping for Teams', () => {
  it('markdown: every marker is escaped, at line starts too', () => {
    expect(markdown('*a* _b_ ~c~ `d` [e](https://x) <f> # g | h & i \\')).toBe('\\*a\\* \\_b\\_ \\~c\\~ \\`d\\` \\[e\\](https://x) \\<f\\> \\# g \\| h \\& i \\\\');
    expect(markdown('- one\n1. two\n> three\n+ four')).toBe('\\- one\n\n1\\. two\n\n\\> three\n\n\\+ four');
  });

  it('a typed <at> tag can never match a mention entity', () => {
    expect(markdown('<at>Maria</at>')).not.toContain('<at>');
    expect(markdown('<AT>Maria</AT>')).toContain(`<${JOINER}`);
  });

  it('links: only http(s), with no characters that end a markdown link early', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('https://x.example/a b)(')).toBe('https://x.example/a%20b%29%28');
  });

  it('inbound: real mentions become neutral tokens; typed tokens and entities cannot forge one', () => {
    const text = 'commit plan <at>Maria Chen</at> &lt;@29:boss|Boss&gt; <@29:x> <#19:c> \uE0001\uE001';
    const out = neutralCommand(text, [{ text: '<at>Maria Chen</at>', id: '29:maria', name: 'Maria Chen' }]);
    expect(out).toBe(`commit plan <@29:maria|Maria Chen> <${JOINER}@29:boss|Boss> <${JOINER}@29:x> <${JOINER}#19:c> 1`);
  });

  it('inbound: channel mentions become channel tokens, tag mentions plain text', () => {
    const out = neutralCommand('broadcast <at>All Staff</at> <at>Leads</at>', [
      { text: '<at>All Staff</at>', id: '19:staff@thread.tacv2', name: 'All Staff', kind: 'channel' },
      { text: '<at>Leads</at>', id: 'MCNmZmYy', name: 'Leads', kind: 'tag' },
    ]);
    expect(out).toBe('broadcast <#19:staff@thread.tacv2|All Staff> @Leads');
  });

  it('a message action body (HTML) becomes plain text', () => {
    expect(htmlToText('<p>Hi&nbsp;<at id="0">Sam</at>,</p><p>we&#39;re <b>late</b> &amp; over</p>')).toBe("Hi @Sam,\nwe're late & over");
  });
});

describe('Adaptive Cards', () => {
  it('formatting comes from span flags; a person’s text stays literal', () => {
    const { card } = renderMessage(say(bold('C-3'), ' **not bold** [x](https://evil.example)'));
    const runs = card.body[0]!.inlines as { text: string; weight?: string }[];
    expect(runs[0]).toMatchObject({ text: 'C-3', weight: 'bolder' });
    expect(runs[1]!.text).toBe(' **not bold** [x](https://evil.example)');
    expect(card.version).toBe('1.5');
  });

  it('a real mention is a TextBlock with its entity; the rest of the line is escaped markdown', () => {
    const { card } = renderMessage(say(mention({ userId: '29:m', name: 'Maria [Chen]' }), ' said *hi* <at>Sam</at>'));
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: `<at>Maria Chen</at> said \\*hi\\* \\<${JOINER}at\\>Sam\\<${JOINER}/at\\>` });
    expect(card.msteams?.entities).toEqual([{ type: 'mention', text: '<at>Maria Chen</at>', mentioned: { id: '29:m', name: 'Maria [Chen]' } }]);
  });

  it('links become OpenUrl actions only for http(s)', () => {
    const { card } = renderMessage(say(link('https://teams.microsoft.com/l/message/1', 'the message'), ' ', link('javascript:x', 'bad')));
    const runs = card.body[0]!.inlines as Record<string, unknown>[];
    expect(runs[0]!.selectAction).toEqual({ type: 'Action.OpenUrl', url: 'https://teams.microsoft.com/l/message/1' });
    expect(runs[2]!.selectAction).toBeUndefined();
  });

  it('lists end in "… and N more", and a huge message stays under the card size limit', () => {
    const items = Array.from({ length: 400 }, (_, i) => line(`Item ${i} `, 'x'.repeat(300)));
    const { card } = renderMessage(message([list(items, { title: 'Open commitments', total: 1000 })]));
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(LIMITS.cardBytes);
    const last = card.body.at(-1)!.inlines as { text: string }[];
    expect(last[0]!.text).toMatch(/^… and \d+ more$/);
  });

  it('buttons are Action.Submit with the action for the core; ones that open a form open a dialog', () => {
    const m = message([section(line('Check-in')), actions(button('Done', 'checkin.done', 'C-1', 'primary'), { label: 'Answer', actionId: 'checkin.open', value: '7', opensForm: true })]);
    const set = renderMessage(m).card.body.at(-1)!;
    expect(set.actions).toEqual([
      { type: 'Action.Submit', title: 'Done', style: 'positive', data: { baton: 'action', actionId: 'checkin.done', value: 'C-1' } },
      { type: 'Action.Submit', title: 'Answer', data: { baton: 'action', actionId: 'checkin.open', value: '7', msteams: { type: 'task/fetch' } } },
    ]);
  });

  it('every card carries the plain text as fallback and a summary for notifications', () => {
    const r = renderMessage(say('Blocker ', bold('E-1'), ' raised'));
    expect(r.card.fallbackText).toBe('Blocker E-1 raised');
    expect(r.summary).toBe('Blocker E-1 raised');
  });
});

describe('forms as cards', () => {
  const form = {
    formId: 'record',
    state: '{"teamId":1}',
    title: 'Record as commitment',
    submitLabel: 'Record',
    fields: [
      { type: 'text' as const, id: 'text', label: 'What', multiline: true, initial: 'Draft <at>x</at>' },
      { type: 'select' as const, id: 'owner', label: 'Owner', options: [{ value: '29:m', label: 'Maria' }], initial: '29:m' },
      { type: 'text' as const, id: 'due', label: 'By when', optional: true },
    ],
  };

  it('inputs carry prefixed ids, initial values, and errors under their field', () => {
    const card = formCard(form, { values: { due: 'Fridya' }, errors: { due: 'Try "Friday".' } });
    const body = card.body;
    expect(body.find((e) => e.id === 'f_text')).toMatchObject({ type: 'Input.Text', isMultiline: true, value: 'Draft <at>x</at>', isRequired: true });
    expect(body.find((e) => e.id === 'f_owner')).toMatchObject({ type: 'Input.ChoiceSet', value: '29:m', choices: [{ title: 'Maria', value: '29:m' }] });
    expect(body.find((e) => e.id === 'f_due')).toMatchObject({ value: 'Fridya' });
    expect(JSON.stringify(body)).toContain('⚠ Try \\"Friday\\".');
    expect(card.actions![0]).toMatchObject({ type: 'Action.Submit', title: 'Record', data: { baton: 'form', form: { formId: 'record' } } });
  });

  it('answers come back by field id; an empty choice counts as not given', () => {
    expect(formValues(form, { f_text: 'Plan', f_owner: '', f_due: '', baton: 'form' })).toEqual({ text: 'Plan', owner: undefined, due: '' });
  });
});
