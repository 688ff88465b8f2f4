// Forms as Adaptive Cards: in a task module (dialog) when a button or a message action opens
// one, or in the chat when a plain button answers with a form. The form travels in the submit
// button's data, so errors can be shown on the same form again; everything that comes back is
// untrusted and checked with zod here, and the answers are validated again by the core.
//
// A form's read-only blocks (e.g. the views side by side for a facilitator) are shown above its
// inputs, rendered and cut to size like any message. They do not travel in the submit data (that
// would double the card and bring them back as untrusted input): the adapter keeps each form
// shown in memory, for the person it was shown to, under a reference the data carries, so a form
// shown again with its errors shows them again — and a form too large to travel whole (a check-in
// with many commitments) sends only its fields' ids. Never written to disk; after a restart a
// form comes back without its blocks, and a compact one asks to be opened again.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Block, type Form, plainText } from '../../core/message.js';
import { cut, markdown, runText } from './escape.js';
import { CARD_VERSION, LIMITS } from './limits.js';
import { ADAPTIVE_CARD, type AdaptiveCard, type CardElement, SHORTENED, cardBytes, fitCard } from './render.js';

/** Input ids carry a prefix so a field can never collide with the data keys around it. */
const INPUT = 'f_';

/** Spans of a form's intro as they come back: plain styling only (no mentions, no links). */
const spanSchema = z.object({ text: z.string().max(4000), bold: z.boolean().optional(), italic: z.boolean().optional(), code: z.boolean().optional() });
const fieldSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    id: z.string().min(1).max(100),
    label: z.string().max(200),
    multiline: z.boolean().optional(),
    initial: z.string().max(10_000).optional(),
    optional: z.boolean().optional(),
    maxLength: z.number().int().positive().max(100_000).optional(),
    placeholder: z.string().max(500).optional(),
    hint: z.string().max(1000).optional(),
  }),
  z.object({
    type: z.literal('select'),
    id: z.string().min(1).max(100),
    label: z.string().max(200),
    options: z.array(z.object({ value: z.string().max(500), label: z.string().max(500) })).max(200),
    initial: z.string().max(500).optional(),
    optional: z.boolean().optional(),
    hint: z.string().max(1000).optional(),
  }),
]);

/** A form as it comes back in submitted data (the client may have changed anything). */
export const formSchema = z.object({
  formId: z.string().min(1).max(100),
  state: z.string().max(8000),
  title: z.string().max(500),
  submitLabel: z.string().max(100),
  intro: z.array(spanSchema).max(50).optional(),
  // The check-in asks about up to 40 commitments, two fields each, and three more questions.
  fields: z.array(fieldSchema).max(200),
});

/** What a form's submit button sends, besides the inputs. */
export const formDataSchema = z
  .object({
    baton: z.literal('form'),
    form: formSchema,
    /** Where the whole form is kept in memory (ShownForms). */
    shown: z.string().max(100).optional(),
    /** The form here is only its fields' ids and types: too large to travel whole. */
    compact: z.literal(true).optional(),
    /** Baton's seal over the form's id and state for the person it was shown to (seal.ts). */
    seal: z.string().max(100).optional(),
  })
  .passthrough();

export type FormData = z.infer<typeof formDataSchema>;

export interface FormView {
  values?: Record<string, string | undefined>;
  errors?: Record<string, string>;
  /** Where the whole form is kept (ShownForms): carried in the submit data. */
  shown?: string;
  /** The form's seal (seal.ts): carried in the submit data. */
  seal?: string;
}

/** The form as it travels in the submit data when the whole of it would not fit: ids and types. */
function compactForm(form: Omit<Form, 'blocks'>): Omit<Form, 'blocks'> {
  return {
    formId: form.formId,
    state: form.state,
    title: '',
    submitLabel: '',
    fields: form.fields.map((f) => (f.type === 'text' ? { type: 'text', id: f.id, label: '' } : { type: 'select', id: f.id, label: '', options: [] })),
  };
}

/** The inputs of a form, with their hints and errors. `tight`: hints join their labels, no placeholders. */
function inputElements(form: Form, view: FormView, tight: boolean): CardElement[] {
  const body: CardElement[] = [];
  const general = view.errors?._;
  if (general) body.push(errorText(general));
  for (const f of form.fields) {
    const value = view.values?.[f.id] ?? f.initial;
    const label = runText(tight && f.hint ? `${f.label} (${f.hint})` : f.label);
    if (f.type === 'text') {
      body.push({
        type: 'Input.Text',
        id: `${INPUT}${f.id}`,
        label,
        isMultiline: Boolean(f.multiline),
        ...(f.maxLength ? { maxLength: f.maxLength } : {}),
        ...(f.placeholder && !tight ? { placeholder: runText(f.placeholder) } : {}),
        ...(value !== undefined ? { value } : {}),
        ...(f.optional ? {} : { isRequired: true, errorMessage: `${runText(f.label)} is needed.` }),
      });
    } else {
      body.push({
        type: 'Input.ChoiceSet',
        id: `${INPUT}${f.id}`,
        label,
        style: 'compact',
        choices: f.options.slice(0, LIMITS.choices).map((o) => ({ title: runText(o.label), value: o.value })),
        ...(value !== undefined ? { value } : {}),
        ...(f.optional ? {} : { isRequired: true, errorMessage: `Pick ${runText(f.label).toLowerCase()}.` }),
      });
    }
    if (f.hint && !tight) body.push({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: runText(f.hint), isSubtle: true, size: 'small' }] });
    const error = view.errors?.[f.id];
    if (error) body.push(errorText(error));
  }
  return body;
}

/**
 * The form as an Adaptive Card: its title, intro and read-only blocks, then its inputs, hints and
 * errors, and a submit button. Buttons among the read-only blocks are left out (a button in a
 * dialog would submit the dialog). A card over Teams' size gives way step by step: the submit
 * data carries only the fields' ids and types (when the whole form is kept, `view.shown`); hints
 * join their labels and placeholders go; the read-only part is cut (fitCard), at last to a note.
 */
export function formCard(form: Form, view: FormView = {}): AdaptiveCard {
  const { blocks: _shownAbove, ...travelling } = form;
  const sealed = view.seal ? { seal: view.seal } : {};
  const fullData = { baton: 'form' as const, form: travelling, ...(view.shown ? { shown: view.shown } : {}), ...sealed };
  const assemble = (top: CardElement[], entities: AdaptiveCard['msteams'], inputs: CardElement[], data: object): AdaptiveCard => ({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: runText(form.title), weight: 'bolder', size: 'medium' }] }, ...top, ...inputs],
    fallbackText: markdown(form.title),
    msteams: entities?.entities?.length ? { entities: entities.entities } : {},
    actions: [{ type: 'Action.Submit', title: cut(form.submitLabel, LIMITS.buttonChars), style: 'positive', data }],
  });
  const readOnly: Block[] = [...(form.intro?.length ? [{ type: 'section' as const, lines: [form.intro] }] : []), ...(form.blocks ?? []).filter((b) => b.type !== 'actions')];
  const whole = fitCard(readOnly, plainText(readOnly), () => true);
  const over = (inputs: CardElement[], data: object) => cardBytes(assemble(readOnly.length ? whole.body : [], whole.msteams, inputs, data)) > LIMITS.cardBytes;

  let inputs = inputElements(form, view, false);
  let data: object = fullData;
  if (over(inputs, data) && view.shown) data = { baton: 'form' as const, form: compactForm(travelling), shown: view.shown, compact: true as const, ...sealed };
  if (over(inputs, data)) inputs = inputElements(form, view, true);
  if (readOnly.length === 0) return assemble([], {}, inputs, data);
  const fits = (top: AdaptiveCard) => cardBytes(assemble(top.body, top.msteams, inputs, data)) <= LIMITS.cardBytes;
  const top = fitCard(readOnly, plainText(readOnly), fits);
  if (fits(top)) return assemble(top.body, top.msteams, inputs, data);
  // The inputs alone nearly fill the card: the read-only part gives way to a note.
  return assemble([{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: SHORTENED, isSubtle: true, size: 'small' }] }], {}, inputs, data);
}

/**
 * The forms shown, in memory, by reference, for the person they were shown to: a form shown again
 * with its errors is the whole form again (its read-only blocks too), even when only its fields'
 * ids travelled. This process's copy, in front of the one every instance reads (shown.ts). Bounded per person (their oldest go first, so someone
 * opening dialog after dialog never evicts anyone else's) and in all (the oldest go first).
 */
export class ShownForms {
  /** In the order kept (a Map keeps insertion order): the oldest first. */
  private readonly byRef = new Map<string, { owner: string; form: Form }>();
  private readonly byOwner = new Map<string, string[]>();

  constructor(
    private readonly perPerson = 20,
    private readonly total = 2_000,
  ) {}

  /** Keeps a form for `owner`; returns its reference. */
  keep(owner: string, form: Form): string {
    const ref = randomUUID();
    this.byRef.set(ref, { owner, form });
    const mine = this.byOwner.get(owner) ?? [];
    mine.push(ref);
    this.byOwner.set(owner, mine);
    while (mine.length > this.perPerson) this.forget(mine[0]);
    while (this.byRef.size > this.total) this.forget(this.byRef.keys().next().value);
    return ref;
  }

  /** The form kept under `ref`, only for the person it was shown to. */
  find(owner: string, ref: string | undefined): Form | undefined {
    const kept = ref ? this.byRef.get(ref) : undefined;
    return kept && kept.owner === owner ? kept.form : undefined;
  }

  forget(ref: string | undefined): void {
    const kept = ref ? this.byRef.get(ref) : undefined;
    if (!ref || !kept) return;
    this.byRef.delete(ref);
    const mine = this.byOwner.get(kept.owner);
    if (!mine) return;
    const at = mine.indexOf(ref);
    if (at >= 0) mine.splice(at, 1);
    if (mine.length === 0) this.byOwner.delete(kept.owner);
  }
}

function errorText(message: string): CardElement {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: runText(`⚠ ${message}`), color: 'attention', size: 'small' }] };
}

/** A task module (dialog) showing the form: the answer to task/fetch and composeExtension/fetchTask. */
export function taskContinue(form: Form, view: FormView = {}): Record<string, unknown> {
  return {
    task: {
      type: 'continue',
      value: {
        title: cut(form.title, LIMITS.dialogTitleChars),
        width: form.blocks?.length ? 'large' : 'medium',
        height: form.blocks?.length || form.fields.length > 2 || form.fields.some((f) => f.type === 'text' && f.multiline) ? 'large' : 'medium',
        card: { contentType: ADAPTIVE_CARD, content: formCard(form, view) },
      },
    },
  };
}

/** A task module that just says something (when no form opens). */
export function taskMessage(text: string): Record<string, unknown> {
  return { task: { type: 'message', value: text } };
}

/** The answers in submitted data, by field id; a choice left empty counts as not given. */
export function formValues(form: Form, data: Record<string, unknown>): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const f of form.fields) {
    const raw = data[`${INPUT}${f.id}`];
    const text = typeof raw === 'string' ? raw.slice(0, 100_000) : undefined;
    values[f.id] = f.type === 'select' && !text?.trim() ? undefined : text;
  }
  return values;
}

/** A submitted form: the form as it came back, the data, and where the whole form is kept. */
export interface Submitted {
  form: Form;
  data: Record<string, unknown>;
  shown?: string;
  /** Only the fields' ids and types came back: the form can be shown again only from ShownForms. */
  compact?: boolean;
  /** The seal it came back with (seal.ts), to be checked before anything is recorded. */
  seal?: string;
}

/** The form (and data) in a submit, or null when it is not one of ours. */
export function parseFormData(data: unknown): Submitted | null {
  const parsed = formDataSchema.safeParse(data);
  if (!parsed.success) return null;
  return {
    form: parsed.data.form as Form,
    data: parsed.data as Record<string, unknown>,
    ...(parsed.data.shown ? { shown: parsed.data.shown } : {}),
    ...(parsed.data.compact ? { compact: true } : {}),
    ...(parsed.data.seal ? { seal: parsed.data.seal } : {}),
  };
}
