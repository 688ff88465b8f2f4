// Rendering for Teams: the span flags alone format; a person's words never mention, link or
// format; lists and cards keep within Teams' limits; buttons route back to the core.
import { describe, expect, it } from 'vitest';
import { JOINER, htmlToText, markdown, neutralCommand, safeUrl } from '../../../src/adapters/teams/escape.js';
import { ShownForms, formCard, formValues, parseFormData, taskContinue } from '../../../src/adapters/teams/forms.js';
import { LIMITS } from '../../../src/adapters/teams/limits.js';
import { renderMessage } from '../../../src/adapters/teams/render.js';
import { type Form, actions, bold, button, context, divider, fields, line, link, list, mention, message, say, section } from '../../../src/core/message.js';

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

  describe('read-only blocks above the inputs (Form.blocks)', () => {
    const views: Form = {
      formId: 'flow.options',
      state: '{"teamId":1,"r":1,"step":"options","round":1}',
      title: 'R-1: common ground',
      submitLabel: 'Send to the parties',
      intro: line('About ', bold('PD calendar'), '.'),
      blocks: [
        section(line(bold('The views, side by side'), ' — *not bold* <at>Sam</at> [x](https://evil.example)')),
        fields({ label: 'Sam — the issue', value: line('# August _is_ <b>too</b> early\n- really') }, { label: 'Maria — the issue', value: line({ text: '(no view given)', italic: true }) }),
        divider(),
        list(Array.from({ length: 60 }, (_, i) => line(`Row ${i}`)), { title: 'Earlier rounds', total: 75 }),
        context('Seen only by you and ', mention({ userId: '29:sam', name: 'Sam' })),
        actions(button('Not in a dialog', 'flow.proceed', '{}')),
      ],
      fields: [
        { type: 'text', id: 'summary', label: 'A neutral summary', multiline: true },
        { type: 'text', id: 'option1', label: 'Option 1' },
      ],
    };

    it('are rendered by the card renderer, escaped, above the inputs; buttons are left out', () => {
      const card = formCard(views);
      const types = card.body.map((e) => e.type);
      const firstInput = types.indexOf('Input.Text');
      // title, intro, the section, the FactSet, the list (title, rows, "… and N more"), context, then the inputs
      expect(types.slice(0, 4)).toEqual(['RichTextBlock', 'RichTextBlock', 'RichTextBlock', 'FactSet']);
      expect(types.indexOf('FactSet')).toBeLessThan(firstInput);
      const text = JSON.stringify(card.body.slice(0, firstInput));
      // TextRuns are literal (never markdown), with the <at> guard
      expect(card.body[2]!.inlines).toEqual([
        { type: 'TextRun', text: 'The views, side by side', weight: 'bolder' },
        { type: 'TextRun', text: ` — *not bold* <${JOINER}at>Sam<${JOINER}/at> [x](https://evil.example)` },
      ]);
      // Facts are markdown: every marker escaped
      expect(card.body[3]).toEqual({
        type: 'FactSet',
        facts: [
          { title: 'Sam — the issue', value: '\\# August \\_is\\_ \\<b\\>too\\</b\\> early\n\n\\- really' },
          { title: 'Maria — the issue', value: '_(no view given)_' },
        ],
      });
      expect(card.body[4]!.separator).toBe(true); // the divider
      expect(text).toContain('… and 35 more');
      // the mention in the context line is real, with its entity on the card
      expect(card.msteams?.entities).toEqual([{ type: 'mention', text: '<at>Sam</at>', mentioned: { id: '29:sam', name: 'Sam' } }]);
      expect(text).not.toContain('Not in a dialog');
      expect(card.actions).toHaveLength(1);
    });

    it('do not travel in the submit data; a reference to them does', () => {
      const card = formCard(views, { shown: 'ref-1' });
      const data = card.actions![0]!.data as Record<string, any>;
      expect(data.form.blocks).toBeUndefined();
      expect(data.form.intro).toBeDefined();
      expect(data.shown).toBe('ref-1');
      expect(JSON.stringify(data)).not.toContain('August');
      expect(parseFormData({ ...data, f_summary: 's' })).toMatchObject({ shown: 'ref-1', form: { formId: 'flow.options' } });
      expect(taskContinue(views)).toMatchObject({ task: { value: { width: 'large', height: 'large' } } });
    });

    it('huge views are cut to keep the card within Teams’ size, every input kept', () => {
      const party = (n: number) => fields(...['issue', 'matters', 'live with'].map((q) => ({ label: `Party ${n} — ${q}`, value: line('*_[<'.repeat(250)) })));
      const big: Form = { ...views, blocks: Array.from({ length: 6 }, (_, i) => party(i + 1)), fields: [...views.fields, { type: 'text', id: 'option2', label: 'Option 2', initial: 'y'.repeat(300) }] };
      const card = formCard(big);
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(LIMITS.cardBytes);
      expect(card.body.filter((e) => e.type === 'Input.Text').map((e) => e.id)).toEqual(['f_summary', 'f_option1', 'f_option2']);
      expect(JSON.stringify(card.body)).toContain('shortened');
      expect(card.body.filter((e) => e.type === 'FactSet').length).toBeGreaterThan(0);
    });

    it('the whole form is kept in memory for the person it was shown to, for showing it again', () => {
      const shown = new ShownForms(2);
      const ref = shown.keep('t|29:alice', views);
      expect(shown.find('t|29:alice', ref)).toBe(views);
      expect(shown.find('t|29:maria', ref)).toBeUndefined();
      shown.keep('t|29:alice', views);
      shown.keep('t|29:alice', views);
      expect(shown.find('t|29:alice', ref)).toBeUndefined(); // the oldest went first
      shown.forget(ref);
    });

    it("one person opening dialog after dialog evicts only their own, never someone else's open one", () => {
      const shown = new ShownForms(20, 1000);
      const marias = shown.keep('t|29:maria', views);
      const alices = Array.from({ length: 600 }, () => shown.keep('t|29:alice', views));
      expect(shown.find('t|29:maria', marias)).toBe(views);
      expect(alices.filter((r) => shown.find('t|29:alice', r)).length).toBe(20);
      expect(shown.find('t|29:alice', alices.at(-1))).toBe(views);
    });

    it('all of them together stay bounded too, the oldest going first', () => {
      const shown = new ShownForms(2, 10);
      const refs = Array.from({ length: 12 }, (_, i) => shown.keep(`t|29:p${i}`, views));
      expect(shown.find('t|29:p0', refs[0])).toBeUndefined();
      expect(shown.find('t|29:p1', refs[1])).toBeUndefined();
      expect(refs.slice(2).every((r, i) => shown.find(`t|29:p${i + 2}`, r) === views)).toBe(true);
    });
  });

  describe('a form too large for one card (a check-in with many commitments)', () => {
    const checkin = (n: number): Form => ({
      formId: 'checkin',
      state: '{"teamId":1,"runId":1}',
      title: 'Weekly check-in',
      submitLabel: 'Send',
      intro: line(bold('District Leadership'), ' · Mon, Nov 23. Every question is optional.'),
      fields: [
        { type: 'text', id: 'moved', label: 'What did you move forward?', multiline: true, optional: true, maxLength: 2000 },
        ...Array.from({ length: n }, (_, i): Form['fields'] => [
          { type: 'select', id: `c${i + 1}`, label: `C-${i + 1} Draft the budget memo for the board and the parents’ council…`, options: [{ value: 'ontrack', label: 'On track' }, { value: 'done', label: 'Done' }, { value: 'slipping', label: 'Slipping — new date below' }], initial: 'ontrack', optional: true, hint: 'due Fri, Nov 27 (overdue)' },
          { type: 'text', id: `c${i + 1}_date`, label: `New date for C-${i + 1}, if slipping`, optional: true, maxLength: 100, placeholder: 'e.g. next Friday' },
        ]).flat(),
        { type: 'text', id: 'blocking', label: 'Anything blocking you?', multiline: true, optional: true, maxLength: 2000, hint: 'Opens a blocker (E-n); the lead is told at once.' },
      ],
    });
    const ids = (card: ReturnType<typeof formCard>) => card.body.filter((e) => String(e.type).startsWith('Input.')).map((e) => e.id);

    it('a form that fits travels whole, hints and placeholders shown', () => {
      const card = formCard(checkin(5), { shown: 'ref-1' });
      const data = card.actions![0]!.data as Record<string, any>;
      expect(data.compact).toBeUndefined();
      expect(data.form.fields[1]).toMatchObject({ label: expect.stringContaining('C-1 Draft'), hint: 'due Fri, Nov 27 (overdue)' });
      expect(card.body.find((e) => e.id === 'f_c1_date')).toMatchObject({ placeholder: 'e.g. next Friday' });
      expect(JSON.stringify(card.body)).toContain('"text":"due Fri, Nov 27 (overdue)"');
    });

    it('40 commitments: every input kept within the size, only the ids travel, hints join the labels', () => {
      const form = checkin(40);
      const card = formCard(form, { shown: 'ref-1' });
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(LIMITS.cardBytes);
      expect(ids(card)).toEqual(form.fields.map((f) => `f_${f.id}`));
      expect(card.body.find((e) => e.id === 'f_c40')).toMatchObject({ label: 'C-40 Draft the budget memo for the board and the parents’ council… (due Fri, Nov 27 (overdue))', value: 'ontrack' });
      const data = card.actions![0]!.data as Record<string, any>;
      expect(data).toMatchObject({ baton: 'form', shown: 'ref-1', compact: true, form: { formId: 'checkin', state: form.state } });
      expect(data.form.fields.slice(0, 2)).toEqual([{ type: 'text', id: 'moved', label: '' }, { type: 'select', id: 'c1', label: '', options: [] }]);
      const back = parseFormData({ ...data, f_c40: 'done' })!;
      expect(back.compact).toBe(true);
      expect(formValues(back.form, back.data)).toMatchObject({ c40: 'done', moved: undefined });
    });
  });
});
