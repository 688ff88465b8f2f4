// The grammar of goals and their data points: `goal <text> [measure <what>] [baseline <n>]
// [target <n>] [by <when>] [owner @x]` (fields read wherever they stand), `goal edit|close|drop
// G-n …`, `goal G-n`, `progress G-n <value> [source <where>] [note]`. Kept beside the command
// language (commands.ts) as one small parser per command.
import { grouped } from '../language/numbers.js';

/** The fields a goal command may set; absent ones are left as they are. */
export interface GoalFields {
  measure?: string;
  baseline?: number;
  target?: number;
  when?: string;
  ownerId?: string;
}

export type GoalCommand =
  | { name: 'goal'; text: string; fields: GoalFields }
  | { name: 'goal.edit'; seq: number; text?: string; fields: GoalFields }
  | { name: 'goal.close'; seq: number; note?: string }
  | { name: 'goal.drop'; seq: number; reason?: string }
  | { name: 'goal.show'; seq: number }
  | { name: 'progress'; seq: number; value: number; source?: string; note?: string };

export interface GrammarError {
  error: string;
  hint?: string;
  topic?: string;
}

export type GoalParsed = { ok: true; command: GoalCommand } | ({ ok: false } & GrammarError);

const GOAL_ID = /^G-?(\d{1,9})$/i;
const ANY_ID = /^([GUCEDR])-?(\d{1,9})$/i;
const MENTION_AT_START = /^<@([^>|\s]+)(?:\|[^>]*)?>/;
const FIELD = /(?:^|\s)(measure|baseline|target|by|owner)(?=\s|$)/gi;
const FIELD_TEXT_LIMIT = 200;

/** "by half", "by 10%": how much, not when — these stay in the goal's text. */
const AMOUNT = /^(?:[\d.,]+\s*(?:%|percent|points?\b|pts\b)|half\b|a (?:third|quarter|fifth|tenth)\b|one (?:third|quarter)\b)/i;

/** What a person would type as a verb before a goal's id, and the command that does it. */
const VERBS: Record<string, string> = {
  remove: 'drop', delete: 'drop', drop: 'drop', cancel: 'drop', retire: 'drop', undo: 'drop', withdraw: 'drop',
  close: 'close', done: 'close', finish: 'close', complete: 'close', achieved: 'close', achieve: 'close', met: 'close',
  edit: 'edit', change: 'edit', rename: 'edit', update: 'edit', fix: 'edit', correct: 'edit', set: 'edit',
  show: 'show', view: 'show', see: 'show', open: 'show',
};

function fail(error: string, hint?: string): GoalParsed {
  return { ok: false, error, ...(hint ? { hint } : {}), topic: 'goal' };
}

/** "87", "87%", "1,200", "$3.5", "-2" → a number, or null. */
export function readNumber(token: string | undefined): number | null {
  if (!token) return null;
  const t = token.replace(/^\$/, '').replace(/%$/, '').replace(/,(?=\d{3}\b)/g, '');
  if (!/^-?\d+(?:\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** A number as people write it: 87, 87.5, 1,200. */
export function showNumber(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Splits a goal's words into its text and its fields. */
export function readGoalFields(rest: string, example: string, retype = 'goal'): { text: string; fields: GoalFields } | GrammarError {
  // A capitalised field word opening a new goal ("Measure every school's …") is its text; a
  // lowercase one ("owner @maria …") is a field, never folded into the text.
  const found = [...rest.matchAll(FIELD)]
    .map((m) => ({ key: m[1]!.toLowerCase(), start: m.index! + (m[0].startsWith(' ') ? 1 : 0), end: m.index! + m[0].length }))
    .filter((f) => f.start > 0 || retype !== 'goal' || /^[a-z]/.test(rest));
  // Each field is read at its last mention: an earlier "by" (or "target") is part of the text.
  const last = new Map<string, (typeof found)[number]>();
  for (const f of found) last.set(f.key, f);
  let used = [...last.values()].sort((a, b) => a.start - b.start);
  // "Cut absences by half": an amount after "by" is the goal's text, not its date.
  used = used.filter((f, i) => f.key !== 'by' || !AMOUNT.test(rest.slice(f.end, used[i + 1]?.start ?? rest.length).trim()));
  const textParts: string[] = [rest.slice(0, used[0]?.start ?? rest.length)];
  const fields: GoalFields = {};
  for (let i = 0; i < used.length; i++) {
    const f = used[i]!;
    const value = rest.slice(f.end, used[i + 1]?.start ?? rest.length).trim();
    if (!value) return { error: `\`${f.key}\` needs a value.`, hint: example, topic: 'goal' };
    const [first, ...more] = value.split(' ');
    switch (f.key) {
      case 'measure':
        if (value.length > FIELD_TEXT_LIMIT) return { error: `A measure is at most ${FIELD_TEXT_LIMIT} characters.`, hint: example, topic: 'goal' };
        fields.measure = value;
        break;
      case 'baseline':
      case 'target': {
        const n = readNumber(first);
        if (n === null) return { error: `\`${f.key}\` takes a number (like 82 or 82.5), not "${first!.slice(0, 40)}".`, hint: example, topic: 'goal' };
        fields[f.key] = n;
        textParts.push(more.join(' '));
        break;
      }
      case 'by':
        fields.when = value;
        break;
      case 'owner': {
        const m = MENTION_AT_START.exec(value);
        if (!m) {
          return {
            error: `"owner ${first!.slice(0, 40)}" does not name anyone: type owner, then @ and pick the person from the list.`,
            // What they typed, with the @ it needed.
            hint: `${retype} ${rest.slice(0, f.end)} @${value.replace(/^@/, '')}`.slice(0, 200),
            topic: 'goal',
          };
        }
        fields.ownerId = m[1]!;
        textParts.push(value.slice(m[0].length));
        break;
      }
    }
  }
  return { text: textParts.map((p) => p.trim()).filter(Boolean).join(' '), fields };
}

/** The words after `goal`. */
export function parseGoal(rest: string): GoalParsed {
  const args = rest ? rest.split(' ') : [];
  const sub = args[0]?.toLowerCase() ?? '';
  const idOf = (token: string | undefined) => {
    const m = token ? GOAL_ID.exec(token) : null;
    return m ? Number(m[1]) : null;
  };
  // `goal G-3`: show it; anything after the id is a command it might have meant.
  const shown = idOf(args[0]);
  if (shown !== null) {
    if (args.length === 1) return { ok: true, command: { name: 'goal.show', seq: shown } };
    return fail(`\`goal G-${shown}\` shows a goal; "${args.slice(1).join(' ').slice(0, 40)}" after its id is not a command.`, `goal edit G-${shown} ${args.slice(1).join(' ').slice(0, 60)}`);
  }
  if (sub === 'edit' || sub === 'close' || sub === 'drop') {
    const seq = idOf(args[1]);
    const example = sub === 'edit' ? 'goal edit G-1 target 95' : sub === 'close' ? 'goal close G-1 met in March' : 'goal drop G-1 replaced by G-4';
    if (seq === null) {
      const other = args[1] ? ANY_ID.exec(args[1]) : null;
      if (other) return fail(`\`goal ${sub}\` works on goals (G-n); ${args[1]} is not a goal.`, other[1]!.toUpperCase() === 'G' ? example : sub === 'edit' ? `edit ${args[1]} <new text>` : example);
      return fail(`\`goal ${sub}\` needs the id of a goal (G-n).`, example);
    }
    const tail = args.slice(2).join(' ').trim();
    if (tail.length > 2000) return fail(`That is ${grouped(tail.length)} characters; the limit is 2,000.`, example);
    if (sub === 'close') return { ok: true, command: { name: 'goal.close', seq, ...(tail ? { note: tail } : {}) } };
    if (sub === 'drop') return { ok: true, command: { name: 'goal.drop', seq, ...(tail ? { reason: tail } : {}) } };
    if (!tail) return fail(`\`goal edit G-${seq}\` needs the new text or a field to change (measure, baseline, target, by, owner).`, `goal edit G-${seq} target 95`);
    const read = readGoalFields(tail, `goal edit G-${seq} target 95`, `goal edit G-${seq}`);
    if ('error' in read) return { ok: false, ...read };
    return { ok: true, command: { name: 'goal.edit', seq, ...(read.text ? { text: read.text } : {}), fields: read.fields } };
  }
  // `goal remove G-4`: a verb before an id is never a new goal named "remove G-4".
  if (args.length >= 2 && idOf(args[1]) !== null) {
    const seq = idOf(args[1])!;
    const verb = VERBS[sub];
    const hint = verb === 'show' ? `goal G-${seq}` : verb === 'edit' ? `goal edit G-${seq} ${args.slice(2).join(' ') || '<new text>'}` : verb ? `goal ${verb} G-${seq}` : `goal drop G-${seq}`;
    return fail(
      verb ? `"goal ${args[0]} G-${seq}" is not recorded as a new goal.` : `"${args[0]!.slice(0, 40)} G-${seq}" looks like a command, not a new goal. Goals change with \`goal edit\`, \`goal close\` or \`goal drop\`.`,
      hint,
    );
  }
  const example = 'goal Every school reports attendance weekly measure schools reporting baseline 9 target 14 by June owner @maria';
  if (!rest.trim()) return fail('`goal` needs the goal itself.', example);
  const read = readGoalFields(rest, example);
  if ('error' in read) return { ok: false, ...read };
  if (!read.text) return fail('The goal needs its text, before its fields.', example);
  if (read.text.length > 2000) return fail(`The goal is ${grouped(read.text.length)} characters; the limit is 2,000.`, example);
  return { ok: true, command: { name: 'goal', text: read.text, fields: read.fields } };
}

/**
 * The words after `progress`: `G-n <value> [source <where>] [note]`. The source runs to a comma,
 * a semicolon, a dash or the end; what is left is the note.
 */
export function parseProgress(rest: string): GoalParsed {
  const args = rest ? rest.split(' ') : [];
  const m = args[0] ? GOAL_ID.exec(args[0]) : null;
  if (!m) {
    return args[0]
      ? fail(`\`progress\` is recorded for a goal (G-n), not "${args[0].slice(0, 20)}".`, 'progress G-1 11 source attendance dashboard')
      : fail('`progress` needs a goal and a value.', 'progress G-1 11 source attendance dashboard');
  }
  const seq = Number(m[1]);
  const value = readNumber(args[1]);
  if (value === null) {
    return fail(
      args[1] ? `"${args[1].slice(0, 40)}" is not a number: a data point is the goal's measure as a number.` : `\`progress G-${seq}\` needs the value.`,
      `progress G-${seq} 87 source SIS dashboard`,
    );
  }
  let tail = args.slice(2).join(' ').trim();
  let source: string | undefined;
  const s = /(?:^|\s)source\s+/i.exec(tail);
  if (s) {
    const after = tail.slice(s.index + s[0].length);
    const end = after.search(/\s*(?:[,;]|\s[—–-]\s)/);
    source = (end === -1 ? after : after.slice(0, end)).trim();
    const rest2 = end === -1 ? '' : after.slice(end).replace(/^\s*(?:[,;]|[—–-])\s*/, '');
    tail = [tail.slice(0, s.index).trim(), rest2.trim()].filter(Boolean).join(' ');
    if (!source) return fail('`source` needs where the number comes from.', `progress G-${seq} 87 source SIS dashboard`);
    if (source.length > FIELD_TEXT_LIMIT) return fail(`A source is at most ${FIELD_TEXT_LIMIT} characters.`, `progress G-${seq} 87 source SIS dashboard`);
  }
  if (tail.length > 2000) return fail(`The note is ${grouped(tail.length)} characters; the limit is 2,000.`, `progress G-${seq} 87 short note`);
  return { ok: true, command: { name: 'progress', seq, value, ...(source ? { source } : {}), ...(tail ? { note: tail } : {}) } };
}
