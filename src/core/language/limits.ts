// Limits and fixed vocabularies of the command language, kept as data in one place.

/** The longest text a person may give one record. */
export const TEXT_LIMIT = 2000;
/** The longest command line accepted at all (text plus its options). */
export const INPUT_LIMIT = 4000;
export const TEAM_NAME_LIMIT = 80;
/**
 * The longest date a person may type ("by Wednesday, December 16, 2026" is 31). Longer text never
 * reaches the date parser: its time grows faster than the text (a hostile 4,000 characters took
 * ~120 ms, and a check-in form has up to 40 date fields).
 */
export const DATE_LIMIT = 40;
/** The most answers one form submission may carry (the check-in's largest form has 83 fields). */
export const FORM_FIELDS_LIMIT = 100;
/** The longest value a select may carry (its options' values are ids). */
export const SELECT_VALUE_LIMIT = 200;
/** How many rows a list shows before "and N more". */
export const LIST_ROWS = 25;
/** How many rows each part of the recap shows. */
export const RECAP_ROWS = 10;

export const ROLES = ['lead', 'recap', 'data'] as const;
export type Role = (typeof ROLES)[number];

/** The kinds of records with short ids, and their prefixes. */
export const ID_PREFIX = {
  goal: 'G',
  update: 'U',
  commitment: 'C',
  blocker: 'E',
  decision: 'D',
  disagreement: 'R',
} as const;
export type ItemKind = keyof typeof ID_PREFIX;

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
