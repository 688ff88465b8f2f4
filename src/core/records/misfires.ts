// A record's text that is really a command about another record: `update delete U-3`,
// `commit done C-2`, `blocker resolve E-1`. Such text is never recorded as a new item; the
// answer names the command that does what was meant.

const ID = /^([GUCED])-?(\d{1,9})$/i;

/** What a person types before an id, and what it means. */
const MEANS: Record<string, 'drop' | 'close' | 'edit' | 'move' | 'reassign'> = {
  remove: 'drop', delete: 'drop', drop: 'drop', cancel: 'drop', undo: 'drop', withdraw: 'drop', retract: 'drop',
  done: 'close', close: 'close', complete: 'close', finish: 'close', finished: 'close', resolve: 'close', resolved: 'close',
  edit: 'edit', change: 'edit', fix: 'edit', correct: 'edit', rename: 'edit',
  move: 'move', reschedule: 'move', postpone: 'move',
  reassign: 'reassign', handover: 'reassign',
};

/**
 * The command a text like "delete U-3 …" meant, or null when it reads as a record. Only a
 * known verb directly before an id counts: "Finish C-3's draft" is the verb and a possessive.
 */
export function misfire(text: string): { error: string; hint: string } | null {
  const words = text.trim().split(/\s+/);
  const verb = MEANS[words[0]?.toLowerCase() ?? ''];
  const m = words[1] ? ID.exec(words[1]) : null;
  if (!verb || !m) return null;
  const kind = m[1]!.toUpperCase();
  const id = `${kind}-${m[2]}`;
  const rest = words.slice(2).join(' ');
  const hint =
    verb === 'edit' ? (kind === 'G' ? `goal edit ${id} ${rest || '<new text>'}` : `edit ${id} ${rest || '<new text>'}`)
    : verb === 'move' ? `move ${id} ${rest || 'next Friday'}`
    : verb === 'reassign' ? `reassign ${id} @someone`
    : verb === 'close' ? (kind === 'E' ? `resolve ${id}` : kind === 'G' ? `goal close ${id}` : `done ${id}`)
    : kind === 'G' ? `goal drop ${id}` : kind === 'D' ? `retract ${id} <why>` : `drop ${id}`;
  return { error: `"${words[0]} ${id}" reads as a command about ${id}, so nothing new was recorded.`, hint: hint.trim() };
}
