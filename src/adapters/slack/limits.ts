// Block Kit's limits, as data in one place: the renderer truncates by this table, never by
// numbers of its own. Sources: Slack's Block Kit reference, and one undocumented cap seen in
// practice (`msg_blocks_too_long` near 13k characters across a message's blocks).

export const LIMITS = {
  /** Blocks per surface. */
  blocks: { message: 50, modal: 100, home: 100 },
  /**
   * Characters across all blocks of one surface (JSON of the blocks, a safe over-estimate).
   * Messages: kept under the reported ~13k cap. Modals and Home have no known cap; a generous
   * one keeps a runaway view from failing.
   */
  blockChars: { message: 12_000, modal: 60_000, home: 60_000 },
  /** The `text` fallback of a message (Slack truncates near 40k; notifications need far less). */
  fallbackText: 3_000,
  sectionText: 3_000,
  fieldsPerSection: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  contextText: 2_000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  buttonUrl: 3_000,
  optionText: 75,
  optionValue: 150,
  options: 100,
  modalTitle: 24,
  modalSubmit: 24,
  modalClose: 24,
  privateMetadata: 3_000,
  inputLabel: 2_000,
  inputHint: 2_000,
  placeholder: 150,
  inputInitialValue: 3_000,
  inputMaxLength: 3_000,
  /** block_id, action_id, callback_id. */
  id: 255,
} as const;

export type Surface = keyof typeof LIMITS.blocks;
