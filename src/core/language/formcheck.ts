// A form's answers checked against the fields the form declares, where a submission enters the
// core — before any handler reads them. Slack and Teams enforce `maxLength` only in their own
// clients (and in Teams the form itself travels with the submission), so a crafted request can
// carry anything: the core knows the form from its own records, not from the request.
import { FORM_FIELDS_LIMIT, SELECT_VALUE_LIMIT, TEXT_LIMIT } from './limits.js';
import type { Field } from '../message.js';
import { grouped } from './numbers.js';

export type Answers = Record<string, string | undefined>;
export type FieldErrors = Record<string, string>;

const tooLong = (max: number): string => `At most ${grouped(max)} characters.`;

/**
 * Bounds any submission before anything else is done with it (no lookup, no transaction): at most
 * FORM_FIELDS_LIMIT answers, none longer than the longest text a form asks for.
 */
export function roughlyBounded(values: Answers): FieldErrors | null {
  const entries = Object.entries(values);
  if (entries.length > FORM_FIELDS_LIMIT) return { _: 'This form carries more answers than it asks for. Please open it again.' };
  const errors: FieldErrors = {};
  for (const [id, v] of entries) if (typeof v === 'string' && v.trim().length > TEXT_LIMIT) errors[id] = tooLong(TEXT_LIMIT);
  return Object.keys(errors).length > 0 ? errors : null;
}

/**
 * The answers to the fields the form declares, each within its declared length; answers to
 * fields it does not declare are dropped (a form rebuilt at submission may have lost a field, e.g.
 * a commitment closed meanwhile; a forged one must not reach the handler).
 */
export function checkAnswers(fields: Field[], values: Answers): { values: Answers } | { errors: FieldErrors } {
  const kept: Answers = {};
  const errors: FieldErrors = {};
  for (const f of fields) {
    const v = values[f.id];
    if (v === undefined) continue;
    const max = f.type === 'text' ? (f.maxLength ?? TEXT_LIMIT) : SELECT_VALUE_LIMIT;
    // Trailing and leading spaces are not what a person wrote; the handlers trim them too.
    if (v.trim().length > max) errors[f.id] = tooLong(max);
    else kept[f.id] = v;
  }
  return Object.keys(errors).length > 0 ? { errors } : { values: kept };
}
