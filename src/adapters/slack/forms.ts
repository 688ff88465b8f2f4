// The core's forms ↔ Slack modals. A field becomes an input block whose block_id and action_id
// are the field's id; the form's id, its opaque state and where it was opened travel in
// `private_metadata` (the core re-validates the state when the answers come back).
import type { types } from '@slack/bolt';
import type { Field, Form } from '../../core/message.js';
import { clip, plain } from './escape.js';
import { LIMITS } from './limits.js';
import { renderBlocks, renderLine } from './render.js';

/** The callback_id of every modal Baton opens. */
export const FORM_CALLBACK_ID = 'baton_form';

/** What a modal carries back to us with its answers. */
export interface FormMeta {
  formId: string;
  state: string;
  /** Where the form was opened, for private answers. */
  channelId: string;
  isDirect: boolean;
}

/**
 * Where metadata too long for `private_metadata` is parked: the modal then carries only a
 * reference to it.
 */
export interface MetaStash {
  put(data: FormMeta): Promise<string>;
  take(ref: string): Promise<FormMeta | undefined>;
}

const plainText = (text: string, max: number): types.PlainTextElement => ({ type: 'plain_text', text: clip(plain(text), max) || ' ', emoji: true });

export async function encodeMeta(meta: FormMeta, stash: MetaStash): Promise<string> {
  const full = JSON.stringify({ f: meta.formId, s: meta.state, c: meta.channelId, d: meta.isDirect ? 1 : 0 });
  if (full.length <= LIMITS.privateMetadata) return full;
  return JSON.stringify({ r: await stash.put(meta) });
}

export async function decodeMeta(raw: string | undefined, stash: MetaStash): Promise<FormMeta | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const o = parsed as Record<string, unknown>;
  if (typeof o.r === 'string') return await stash.take(o.r) ?? null;
  if (typeof o.f !== 'string' || typeof o.s !== 'string' || typeof o.c !== 'string') return null;
  return { formId: o.f, state: o.s, channelId: o.c, isDirect: o.d === 1 };
}

function inputBlock(field: Field): types.InputBlock | null {
  const base = {
    type: 'input' as const,
    block_id: field.id,
    label: plainText(field.label, LIMITS.inputLabel),
    optional: Boolean(field.optional),
    ...(field.hint ? { hint: plainText(field.hint, LIMITS.inputHint) } : {}),
  };
  if (field.type === 'text') {
    const maxLength = Math.min(field.maxLength ?? LIMITS.inputMaxLength, LIMITS.inputMaxLength);
    return {
      ...base,
      element: {
        type: 'plain_text_input',
        action_id: field.id,
        multiline: Boolean(field.multiline),
        max_length: maxLength,
        ...(field.initial ? { initial_value: clip(plain(field.initial), Math.min(maxLength, LIMITS.inputInitialValue)) } : {}),
        ...(field.placeholder ? { placeholder: plainText(field.placeholder, LIMITS.placeholder) } : {}),
      },
    };
  }
  // A value longer than Slack allows can't be shortened without changing what it means: left out.
  const options = field.options
    .filter((o) => o.value.length <= LIMITS.optionValue)
    .slice(0, LIMITS.options)
    .map((o) => ({ text: plainText(o.label, LIMITS.optionText), value: o.value }));
  if (options.length === 0) return null;
  const initial = options.find((o) => o.value === field.initial);
  return {
    ...base,
    element: { type: 'static_select', action_id: field.id, options, ...(initial ? { initial_option: initial } : {}) },
  };
}

/** A form as a modal view, with its metadata already encoded. */
export function formModal(form: Form, privateMetadata: string): types.ModalView {
  const blocks: types.KnownBlock[] = [];
  if (form.intro) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: renderLine(form.intro), verbatim: true } });
  // Read-only content (e.g. the views side by side), leaving room for every field.
  if (form.blocks?.length) blocks.push(...renderBlocks(form.blocks, 'modal').slice(0, Math.max(0, LIMITS.blocks.modal - blocks.length - form.fields.length)));
  for (const f of form.fields) {
    const b = inputBlock(f);
    if (b) blocks.push(b);
    if (blocks.length === LIMITS.blocks.modal) break;
  }
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    title: plainText(form.title, LIMITS.modalTitle),
    submit: plainText(form.submitLabel, LIMITS.modalSubmit),
    close: plainText('Cancel', LIMITS.modalClose),
    private_metadata: privateMetadata,
    blocks,
  };
}

type StateValues = Record<string, Record<string, { type: string; value?: string | null; selected_option?: { value: string } | null }>>;

/** The answers of a submitted modal, by field id (empty answers are undefined). */
export function formValues(values: StateValues): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  // Signed, but a payload's shape is still untrusted: a block or a value that is not an object is no answer.
  for (const block of Object.values(values ?? {})) {
    if (typeof block !== 'object' || block === null) continue;
    for (const [actionId, v] of Object.entries(block)) {
      if (typeof v !== 'object' || v === null) continue;
      if (v.type === 'plain_text_input') out[actionId] = v.value ?? undefined;
      else if (v.type === 'static_select') out[actionId] = v.selected_option?.value ?? undefined;
    }
  }
  return out;
}

/**
 * The core's field errors as Slack wants them: by block id. An error that names no field of the
 * form (the core uses "_" for the form as a whole) goes on the first field.
 */
export function formErrors(errors: Record<string, string>, values: StateValues): Record<string, string> {
  const blockIds = Object.keys(values);
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const blockId = blockIds.includes(field) ? field : blockIds[0];
    if (!blockId) continue;
    out[blockId] = out[blockId] ? `${out[blockId]} ${message}` : clip(plain(message), 300);
  }
  return out;
}
