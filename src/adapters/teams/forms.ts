// Forms as Adaptive Cards: in a task module (dialog) when a button or a message action opens
// one, or in the chat when a plain button answers with a form. The form travels in the submit
// button's data, so errors can be shown on the same form again; everything that comes back is
// untrusted and checked with zod here, and the answers are validated again by the core.
//
// A form's read-only blocks (e.g. the views side by side for a facilitator) are shown above its
// inputs, rendered and cut to size like any message. They do not travel in the submit data (that
// would double the card and bring them back as untrusted input): the adapter keeps them in
// memory, for the person they were shown to, under a reference the data carries, so a form shown
// again with its errors shows them again. Never written to disk; lost on a restart, when a form
// shown again simply goes without them.
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
  fields: z.array(fieldSchema).max(50),
});

/** What a form's submit button sends, besides the inputs. */
export const formDataSchema = z
  .object({
    baton: z.literal('form'),
    form: formSchema,
    /** The reference of the read-only blocks shown with the form (ShownBlocks). */
    shown: z.string().max(100).optional(),
  })
  .passthrough();

export type FormData = z.infer<typeof formDataSchema>;

export interface FormView {
  values?: Record<string, string | undefined>;
  errors?: Record<string, string>;
  /** Where the form's read-only blocks are kept (ShownBlocks), carried in the submit data. */
  shown?: string;
}

/**
 * The form as an Adaptive Card: its title, intro and read-only blocks, then its inputs, hints and
 * errors, and a submit button. Buttons among the read-only blocks are left out (a button in a
 * dialog would submit the dialog). The read-only part is cut to keep the card within Teams' size.
 */
export function formCard(form: Form, view: FormView = {}): AdaptiveCard {
  const body: CardElement[] = [];
  const general = view.errors?._;
  if (general) body.push(errorText(general));
  for (const f of form.fields) {
    const value = view.values?.[f.id] ?? f.initial;
    if (f.type === 'text') {
      body.push({
        type: 'Input.Text',
        id: `${INPUT}${f.id}`,
        label: runText(f.label),
        isMultiline: Boolean(f.multiline),
        ...(f.maxLength ? { maxLength: f.maxLength } : {}),
        ...(f.placeholder ? { placeholder: runText(f.placeholder) } : {}),
        ...(value !== undefined ? { value } : {}),
        ...(f.optional ? {} : { isRequired: true, errorMessage: `${runText(f.label)} is needed.` }),
      });
    } else {
      body.push({
        type: 'Input.ChoiceSet',
        id: `${INPUT}${f.id}`,
        label: runText(f.label),
        style: 'compact',
        choices: f.options.slice(0, LIMITS.choices).map((o) => ({ title: runText(o.label), value: o.value })),
        ...(value !== undefined ? { value } : {}),
        ...(f.optional ? {} : { isRequired: true, errorMessage: `Pick ${runText(f.label).toLowerCase()}.` }),
      });
    }
    if (f.hint) body.push({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: runText(f.hint), isSubtle: true, size: 'small' }] });
    const error = view.errors?.[f.id];
    if (error) body.push(errorText(error));
  }
  const { blocks: _shownAbove, ...travelling } = form;
  const data = { baton: 'form' as const, form: travelling, ...(view.shown ? { shown: view.shown } : {}) };
  const assemble = (top: CardElement[], entities: AdaptiveCard['msteams'] = {}): AdaptiveCard => ({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: runText(form.title), weight: 'bolder', size: 'medium' }] }, ...top, ...body],
    fallbackText: markdown(form.title),
    msteams: entities.entities?.length ? { entities: entities.entities } : {},
    actions: [{ type: 'Action.Submit', title: cut(form.submitLabel, LIMITS.buttonChars), style: 'positive', data }],
  });
  const readOnly: Block[] = [...(form.intro?.length ? [{ type: 'section' as const, lines: [form.intro] }] : []), ...(form.blocks ?? []).filter((b) => b.type !== 'actions')];
  if (readOnly.length === 0) return assemble([]);
  const fits = (top: AdaptiveCard) => cardBytes(assemble(top.body, top.msteams)) <= LIMITS.cardBytes;
  const top = fitCard(readOnly, plainText(readOnly), fits);
  if (fits(top)) return assemble(top.body, top.msteams);
  // The inputs alone nearly fill the card: the read-only part gives way to a note.
  return assemble([{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: SHORTENED, isSubtle: true, size: 'small' }] }]);
}

/**
 * The read-only blocks of forms shown, in memory, by reference, for the person they were shown
 * to: a form shown again with its errors shows them again. Bounded; the oldest go first.
 */
export class ShownBlocks {
  private readonly byRef = new Map<string, { owner: string; blocks: Block[] }>();

  constructor(private readonly max = 500) {}

  /** Keeps a form's blocks for `owner`; returns their reference (none when the form has none). */
  keep(owner: string, form: Form): string | undefined {
    if (!form.blocks?.length) return undefined;
    const ref = randomUUID();
    this.byRef.set(ref, { owner, blocks: form.blocks });
    while (this.byRef.size > this.max) this.byRef.delete(this.byRef.keys().next().value!);
    return ref;
  }

  /** The blocks kept under `ref`, only for the person they were shown to. */
  find(owner: string, ref: string | undefined): Block[] | undefined {
    const kept = ref ? this.byRef.get(ref) : undefined;
    return kept && kept.owner === owner ? kept.blocks : undefined;
  }

  forget(ref: string | undefined): void {
    if (ref) this.byRef.delete(ref);
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

/** The form (and data) in a submit, or null when it is not one of ours. */
export function parseFormData(data: unknown): { form: Form; data: Record<string, unknown>; shown?: string } | null {
  const parsed = formDataSchema.safeParse(data);
  if (!parsed.success) return null;
  return { form: parsed.data.form as Form, data: parsed.data as Record<string, unknown>, ...(parsed.data.shown ? { shown: parsed.data.shown } : {}) };
}
