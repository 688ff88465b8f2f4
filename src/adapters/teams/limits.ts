// Teams' limits, as data: the renderer and the transport truncate and pace by this table.

/** Adaptive Card schema version Teams renders. */
export const CARD_VERSION = '1.5';

export const LIMITS = {
  /**
   * Bot messages may be ~40 KB (docs) and 28 KB is the documented cap elsewhere; we keep each
   * card well under the lower one, leaving room for the activity around it.
   */
  cardBytes: 24_000,
  /** Characters of one text element before it is cut with "…". */
  textChars: 3_000,
  /** The plain-text fallback carried with a card (fallbackText). */
  fallbackChars: 1_500,
  /** The notification preview (activity.summary). */
  summaryChars: 200,
  /** Rows a list shows before "… and N more" (the core may send fewer). */
  listRows: 40,
  /** Buttons per ActionSet row; more go into further rows. */
  actionsPerSet: 5,
  /** Button titles. */
  buttonChars: 60,
  /** Choices in a ChoiceSet. */
  choices: 100,
  /** Task module (dialog) title. */
  dialogTitleChars: 60,
  /** Fact titles in a FactSet. */
  factTitleChars: 100,
} as const;

/** A sliding window: at most `max` sends in any `ms`. */
export interface RateWindow {
  ms: number;
  max: number;
}

/** Per bot, per conversation (docs): 7 per second, 8 per 2 s, 60 per 30 s, 1,800 per hour. */
export const CONVERSATION_RATE: RateWindow[] = [
  { ms: 1_000, max: 7 },
  { ms: 2_000, max: 8 },
  { ms: 30_000, max: 60 },
  { ms: 3_600_000, max: 1_800 },
];

/** Per app, per tenant (docs: about 50 requests a second). */
export const TENANT_RATE: RateWindow[] = [{ ms: 1_000, max: 50 }];

/**
 * How long one call to the connector service may take: past it the call is abandoned and the
 * outbox tries again later (without it, a service that never answers would hold every send).
 */
export const CALL_TIMEOUT_MS = 15_000;

/** A 429 without a usable Retry-After waits at least this long before the outbox tries again. */
export const MIN_RETRY_MS = 1_000;

/** Members read per page of the roster, and pages at most. */
export const ROSTER_PAGE = 500;
export const ROSTER_PAGES = 20;

/** The largest request body /api/messages accepts. */
export const BODY_BYTES = 1_000_000;
