// Limits and fixed vocabularies of the command language, kept as data in one place.

/** The longest text a person may give one record. */
export const TEXT_LIMIT = 2000;
/** The longest command line accepted at all (text plus its options). */
export const INPUT_LIMIT = 4000;
export const TEAM_NAME_LIMIT = 80;
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
