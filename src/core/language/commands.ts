// The command language: a line of text → a typed command, or a friendly error with a hint.
//
// Mentions arrive in one neutral form, `<@ID>` or `<@ID|name>` (Slack's escaped form; the
// Teams and console adapters translate to it), channels as `<#ID>` or `<#ID|name>`. People are
// resolved by id, never by display name.
import { z } from 'zod';
import { type GoalCommand, parseGoal, parseProgress } from '../records/goalgrammar.js';
import { misfire } from '../records/misfires.js';
import { type ItemKind, DATE_LIMIT, ID_PREFIX, INPUT_LIMIT, ROLES, type Role, TEAM_NAME_LIMIT, TEXT_LIMIT, WEEKDAYS } from './limits.js';
import { grouped } from './numbers.js';

export type ListKind = 'updates' | 'commitments' | 'blockers' | 'decisions' | 'goals' | 'checkins' | 'agenda' | 'meetings';
export type Metric = 'checkins' | 'ontime' | 'slips' | 'blockers' | 'disagreements' | 'goals' | 'pulse';

/** A reference to a record by its short id, e.g. C-12. */
export interface ItemRef {
  kind: ItemKind;
  seq: number;
}

export type Command =
  | { name: 'help'; topic?: string }
  | { name: 'setup'; teamName?: string }
  | { name: 'members' }
  | { name: 'members.add'; userIds: string[] }
  | { name: 'members.remove'; userIds: string[] }
  | { name: 'role'; userId: string; role: Role; remove: boolean }
  | GoalCommand
  | { name: 'goals' }
  | { name: 'edit'; kind: ItemKind; seq: number; text: string }
  | { name: 'reassign'; seq: number; userId: string }
  | { name: 'withdraw'; kind: 'update' | 'blocker'; seq: number; reason?: string }
  | { name: 'update'; text: string; goal?: number }
  | { name: 'commit'; text: string; when?: string; ownerId?: string; goal?: number }
  | { name: 'done'; seq: number; note?: string }
  | { name: 'move'; seq: number; when: string }
  | { name: 'drop'; seq: number; reason?: string }
  | { name: 'mine' }
  | { name: 'list'; kind?: ListKind; scope: 'open' | 'all' }
  | { name: 'blocker'; text: string; unblockerId?: string; goal?: number }
  | { name: 'resolve'; seq: number; note?: string }
  | { name: 'decide'; text: string; rationale?: string; executorId?: string; when?: string; replaces?: number }
  | { name: 'agree'; seq: number }
  | { name: 'object'; seq: number; reason: string }
  | { name: 'retract'; seq: number; reason: string }
  | { name: 'done.decision'; seq: number; note?: string }
  | { name: 'move.decision'; seq: number; when: string }
  | { name: 'disagree'; topic: string; partyIds: string[]; sub?: 'list' | 'show' | 'withdraw'; seq?: number }
  | { name: 'checkin.now' }
  | { name: 'checkin.schedule'; weekday: (typeof WEEKDAYS)[number]; time: string; weekdays?: (typeof WEEKDAYS)[number][]; everyWeeks?: number }
  | { name: 'checkin.off' }
  | { name: 'checkin.skip' }
  | { name: 'checkin.away'; until: string }
  | { name: 'checkin.back' }
  | { name: 'checkin' }
  | { name: 'nudges'; on?: boolean }
  | { name: 'quiet' }
  | { name: 'quiet.set'; mode: 'off' | 'thread' | 'digest' }
  | { name: 'checkin.questions' }
  | { name: 'checkin.question.add'; text: string }
  | { name: 'checkin.question.drop'; n: number }
  | { name: 'checkin.question.move'; n: number; to: number }
  | { name: 'checkin.edit' }
  | { name: 'checkin.pulse'; on: boolean }
  | { name: 'meeting' }
  | { name: 'meeting.schedule'; weekday: (typeof WEEKDAYS)[number]; time: string; everyWeeks: number; minutes: number }
  | { name: 'meeting.off' }
  | { name: 'agenda.add'; text: string }
  | { name: 'agenda.drop'; seq: number }
  | { name: 'agenda.done'; seq: number; note?: string }
  | { name: 'recap' }
  | { name: 'calendar' }
  | { name: 'calendar.off'; text: string }
  | { name: 'calendar.on'; date: string }
  | { name: 'calendar.workweek'; days: number[] }
  | { name: 'report'; weeks: number; metric?: Metric }
  | { name: 'broadcast'; channelId: string | null; channelName?: string }
  | { name: 'broadcast.show' }
  | { name: 'broadcast.each'; on: boolean }
  /** `schedule` null: `broadcast bulletin off`. */
  | { name: 'broadcast.bulletin'; schedule: { weekday: (typeof WEEKDAYS)[number]; time: string } | null }
  | { name: 'agreements' }
  | { name: 'agreements.set'; key: string; value: string }
  | { name: 'export' }
  | { name: 'dashboard' }
  | { name: 'dashboard.revoke'; all: boolean };

export type CommandName = Command['name'];

/** A user's mistake, as a value: what went wrong, what to type instead, and which help applies. */
export interface ParseError {
  error: string;
  /** A command line that would work, shown as "Try: …". */
  hint?: string;
  /** The help topic that explains it. */
  topic?: string;
  /** What the person typed, given back when it was refused for its length, so nothing is lost. */
  given?: string;
}

export type Parsed = { ok: true; command: Command; mentions: string[] } | ({ ok: false } & ParseError);

const MENTION = /<@([^>|\s]+)(?:\|([^>]*))?>/g;
const CHANNEL = /^<#([^>|\s]+)(?:\|([^>]*))?>$/;
const GOAL_TAG = /(?:^|\s)#G-?(\d{1,6})\b/gi;
const ID = /^([GUCEDR])-?(\d{1,9})$/i;

const textSchema = z
  .string()
  .trim()
  .min(1, 'is empty')
  .max(TEXT_LIMIT, `is longer than ${grouped(TEXT_LIMIT)} characters`);

/** Every mention's id in order of appearance. */
export function mentionIds(text: string): string[] {
  return [...text.matchAll(MENTION)].map((m) => m[1]!);
}

/**
 * The first "@name" in a text that is plain text, not a mention token: a name typed without
 * picking the person from the client's @ list.
 */
export function notAMention(text: string): string | undefined {
  return /(?:^|\s)(@[^\s<>@]{1,40})/.exec(text)?.[1];
}

/** Replace each mention token with a readable, inert "@name". */
export function inlineMentions(text: string, nameOf: (id: string, label?: string) => string): string {
  return text.replace(MENTION, (_all, id: string, label?: string) => `@${nameOf(id, label || undefined)}`);
}

/**
 * Takes the mentions at the start and end of a text (and just before a trailing "by …"): they
 * name a person for the command. Mentions inside the sentence stay part of it, shown as @name.
 */
function takeEdgeMentions(text: string): { rest: string; ids: string[] } {
  const ids: string[] = [];
  const lead = /^(?:\s*<@[^>]+>)+/.exec(text);
  let rest = text;
  if (lead) {
    ids.push(...mentionIds(lead[0]));
    rest = rest.slice(lead[0].length);
  }
  const trail = /(?:<@[^>]+>\s*)+$/.exec(rest);
  if (trail) {
    ids.push(...mentionIds(trail[0]));
    rest = rest.slice(0, trail.index);
  }
  return { rest: rest.trim(), ids };
}

/** Pulls `#G-n` tags out of a text. */
function takeGoal(text: string): { rest: string; goal?: number; error?: ParseError } {
  const tags = [...text.matchAll(GOAL_TAG)].map((m) => Number(m[1]));
  const rest = text.replace(GOAL_TAG, ' ').replace(/\s+/g, ' ').trim();
  if (tags.length > 1) return { rest, error: { error: 'An item can be tagged with one goal.', hint: 'update Budget draft shared #G-2' } };
  return tags.length === 1 ? { rest, goal: tags[0]! } : { rest };
}

/** Splits "… by <when>" at the last " by ". */
function takeWhen(text: string, keyword = 'by'): { rest: string; when?: string } {
  const re = new RegExp(`(?:^|\\s)${keyword}\\s+`, 'gi');
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m;
  if (!last) return { rest: text };
  const when = text.slice(last.index + last[0].length).trim();
  if (!when) return { rest: text };
  return { rest: text.slice(0, last.index).trim(), when };
}

export function parseItemRef(token: string | undefined): ItemRef | null {
  if (!token) return null;
  const m = ID.exec(token.trim());
  if (!m) return null;
  const prefix = m[1]!.toUpperCase();
  const kind = (Object.keys(ID_PREFIX) as ItemKind[]).find((k) => ID_PREFIX[k] === prefix)!;
  return { kind, seq: Number(m[2]) };
}

/** Set while parsing one line when a text was refused for its length: the line is given back. */
let overLimit = false;

/** "The update is 3,709 characters; the limit is 2,000." — the figure tells how much to cut. */
function tooLong(what: string, length: number): string {
  overLimit = true;
  return `The ${what} is ${grouped(length)} characters; the limit is ${grouped(TEXT_LIMIT)}.`;
}

function checkText(value: string, what: string, hint: string, topic: string): ParseError | null {
  const length = value.trim().length;
  if (length > TEXT_LIMIT) return { error: tooLong(what, length), hint, topic };
  const r = textSchema.safeParse(value);
  if (r.success) return null;
  const issue = r.error.issues[0]?.message ?? 'is not valid';
  return { error: `The ${what} ${issue}.`, hint, topic };
}

/** What someone meant by a word before a decision's id (`decide undo D-3`): the command that does it. */
const DECISION_VERBS: Record<string, (id: string) => string> = {
  undo: (id) => `retract ${id} <why>`,
  cancel: (id) => `retract ${id} <why>`,
  retract: (id) => `retract ${id} <why>`,
  revoke: (id) => `retract ${id} <why>`,
  withdraw: (id) => `retract ${id} <why>`,
  remove: (id) => `retract ${id} <why>`,
  delete: (id) => `retract ${id} <why>`,
  drop: (id) => `retract ${id} <why>`,
  reverse: (id) => `retract ${id} <why>`,
  agree: (id) => `agree ${id}`,
  approve: (id) => `agree ${id}`,
  confirm: (id) => `agree ${id}`,
  object: (id) => `object ${id} <why>`,
  done: (id) => `done ${id}`,
  complete: (id) => `done ${id}`,
  finish: (id) => `done ${id}`,
  move: (id) => `move ${id} <when>`,
  postpone: (id) => `move ${id} <when>`,
  reschedule: (id) => `move ${id} <when>`,
  edit: (id) => `edit ${id} <new text>`,
  change: (id) => `edit ${id} <new text>`,
  fix: (id) => `edit ${id} <new text>`,
};

/**
 * decide <text> [because <why>] [owner @x] [by <when>] [replaces D-n], the options in any order.
 * `by` is the last "by" outside the rationale's own words when it comes after the rationale.
 */
function parseDecide(rest: string): Parsed {
  const example = 'decide Move the PD day to Friday because of the bus strike owner @maria by Dec 4';
  // An id right at the start, or after one word, is a command about that decision, not a new one.
  const aboutId = /^(?:([a-z]+)\s+)?(D-?\d{1,9})\b/i.exec(rest);
  if (aboutId && !/^replaces$/i.test(aboutId[1] ?? '')) {
    const id = `D-${aboutId[2]!.replace(/^D-?/i, '')}`;
    const verb = aboutId[1]?.toLowerCase();
    const suggestion = verb && DECISION_VERBS[verb] ? DECISION_VERBS[verb](id) : `retract ${id} <why>`;
    return fail(`\`decide\` records a new decision; "${rest.slice(0, 40)}" is about ${id}. To change ${id}, use its own command:`, suggestion, 'decide');
  }
  let body = rest;
  const owner = /(?:^|\s)(?:owner|executor|owned by)\s+(<@[^>]+>)/i.exec(body);
  if (!owner) {
    const typed = /(?:^|\s)(?:owner|executor|owned by)\s+(@?[^\s<>@]{1,40})(?=\s+(?:by|because|replaces)\s|\s*$)/i.exec(body)?.[1];
    if (typed) {
      const name = typed.replace(/^@/, '');
      return fail(`"${typed}" is not a mention: type @ and pick the person from the list.`, `decide … owner @${name}`, 'decide');
    }
  }
  const executors = owner ? mentionIds(owner[1]!) : [];
  if (owner) body = cut(body, owner.index, owner[0].length);
  const replaces = /(?:^|\s)replaces\s+(\S+)/i.exec(body);
  let replacesSeq: number | undefined;
  if (replaces) {
    const ref = parseItemRef(replaces[1]);
    if (!ref || ref.kind !== 'decision') return fail(`\`replaces\` names the decision this one replaces, like D-3 ("${replaces[1]!.slice(0, 20)}" is not one).`, 'decide Move the PD day to Monday replaces D-3', 'decide');
    replacesSeq = ref.seq;
    body = cut(body, replaces.index, replaces[0].length);
  }
  const because = /(?:^|\s)because\s+/i.exec(body);
  let rationale: string | undefined;
  let when: string | undefined;
  if (because) {
    const before = body.slice(0, because.index).trim();
    let after = body.slice(because.index).trim();
    const wb = takeWhen(before);
    if (wb.when) {
      when = wb.when;
      body = wb.rest;
    } else {
      const wa = takeWhen(after);
      if (wa.when && wa.rest.length > 'because'.length) {
        when = wa.when;
        after = wa.rest;
      }
      body = before;
    }
    // The rationale keeps its "because": "because of the bus strike" reads right on its own.
    rationale = after;
  } else {
    const w = takeWhen(body);
    when = w.when;
    body = w.rest;
  }
  const err = checkText(body, 'decision', example, 'decide');
  if (err) return fail(err.error, err.hint, err.topic);
  if (rationale && rationale.length > TEXT_LIMIT) return fail(tooLong('rationale', rationale.length), undefined, 'decide');
  return done(
    {
      name: 'decide',
      text: body,
      ...(rationale ? { rationale } : {}),
      ...(executors[0] ? { executorId: executors[0] } : {}),
      ...(when ? { when } : {}),
      ...(replacesSeq !== undefined ? { replaces: replacesSeq } : {}),
    },
    rest,
  );
}

function cut(text: string, index: number, length: number): string {
  return (text.slice(0, index) + ' ' + text.slice(index + length)).replace(/\s+/g, ' ').trim();
}

/** Expects a `C-n` (or E-n …) as the first argument. */
function expectRef(token: string | undefined, kind: ItemKind, command: string, example: string): { seq: number } | ParseError {
  const ref = parseItemRef(token);
  const want = `${ID_PREFIX[kind]}-n`;
  if (!ref) {
    return token
      ? { error: `"${token}" is not an id like ${want}.`, hint: example, topic: command }
      : { error: `\`${command}\` needs the id of a ${kind} (${want}).`, hint: example, topic: command };
  }
  if (ref.kind !== kind) {
    const other = ref.kind === 'blocker' ? 'resolve' : ref.kind === 'commitment' ? 'done' : undefined;
    return {
      error: `\`${command}\` works on ${kind}s (${want}); ${ID_PREFIX[ref.kind]}-${ref.seq} is a ${ref.kind}.`,
      hint: other ? `${other} ${ID_PREFIX[ref.kind]}-${ref.seq}` : example,
      topic: command,
    };
  }
  return { seq: ref.seq };
}

const LIST_KINDS: Record<string, ListKind> = {
  updates: 'updates', update: 'updates', u: 'updates',
  commitments: 'commitments', commitment: 'commitments', commits: 'commitments', c: 'commitments',
  blockers: 'blockers', blocker: 'blockers', escalations: 'blockers', e: 'blockers',
  decisions: 'decisions', decision: 'decisions', d: 'decisions',
  goals: 'goals', goal: 'goals', g: 'goals',
  checkins: 'checkins', checkin: 'checkins', 'check-ins': 'checkins',
  agenda: 'agenda', a: 'agenda',
  meetings: 'meetings', meeting: 'meetings',
};

const METRICS: Record<string, Metric> = {
  checkins: 'checkins', checkin: 'checkins', 'response-rate': 'checkins', response: 'checkins',
  ontime: 'ontime', 'on-time': 'ontime', commitments: 'ontime',
  slips: 'slips', slip: 'slips',
  blockers: 'blockers', blocker: 'blockers',
  disagreements: 'disagreements', disagreement: 'disagreements',
  goals: 'goals', goal: 'goals',
  pulse: 'pulse',
};

const WEEKDAY_ALIASES: Record<string, (typeof WEEKDAYS)[number]> = Object.fromEntries(
  WEEKDAYS.flatMap((d) => [
    [d, d],
    [d.slice(0, 3), d],
    [`${d}s`, d],
  ]),
);
WEEKDAY_ALIASES.tues = 'tuesday';
WEEKDAY_ALIASES.thur = 'thursday';
WEEKDAY_ALIASES.thurs = 'thursday';
WEEKDAY_ALIASES.weds = 'wednesday';

/** "8:30", "08:30", "8:30am", "5pm" → "HH:MM" (24 h), or null. */
export function readClockTime(input: string): string | null {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(input.trim());
  if (!m) return null;
  let h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  const ampm = m[3]?.toLowerCase();
  if (m[2] === undefined && !ampm) return null;
  if (ampm) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (ampm === 'pm' ? 12 : 0);
  }
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** ISO weekday (1 = Monday) of a weekday word, or undefined. */
function isoDay(word: string): number | undefined {
  const day = WEEKDAY_ALIASES[word.toLowerCase()];
  return day ? WEEKDAYS.indexOf(day) + 1 : undefined;
}

/** "mon-fri", "sun-thu" (wrapping the weekend), "mon,tue,thu" or "mon tue thu" → ISO weekdays; null if unreadable. */
export function readWorkweek(text: string): number[] | null {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  const range = /^([a-z]+)\s*(?:-|–|to|through)\s*([a-z]+)$/.exec(t);
  if (range) {
    const a = isoDay(range[1]!);
    const b = isoDay(range[2]!);
    if (!a || !b) return null;
    const days: number[] = [];
    for (let d = a; ; d = (d % 7) + 1) {
      days.push(d);
      if (d === b) break;
    }
    return days.sort();
  }
  const days = t.split(/[\s,]+/).filter((w) => w && w !== 'and').map(isoDay);
  if (days.length === 0 || days.some((d) => d === undefined)) return null;
  return [...new Set(days as number[])].sort();
}

/** `checkin schedule <weekday>[,<weekday>…] <HH:MM> [every N weeks]`. */
function parseSchedule(args: string[]): Parsed {
  const hint = 'checkin schedule mon,thu 09:00';
  let words = args.join(' ').toLowerCase().replace(/^on\s+/, '').trim();
  let everyWeeks = 1;
  const every = /\s*(?:,\s*)?every\s+(\S+)\s+weeks?$|\s*(?:,\s*)?every\s+(other)\s+week$|\s*(?:,\s*)?(biweekly|fortnightly)$/.exec(words);
  if (every) {
    const n = every[2] || every[3] ? 2 : Number(every[1]);
    if (!Number.isInteger(n) || n < 1 || n > 8) return fail(`\`every ${every[1] ?? ''} weeks\` needs a whole number of weeks from 1 to 8.`, 'checkin schedule friday 14:00 every 2 weeks', 'checkin');
    everyWeeks = n;
    words = words.slice(0, every.index).trim();
  }
  const timeAt = /(?:^|\s+)(?:at\s+)?(\d{1,2}(?::\d{2})?\s*(?:am|pm)?)$/.exec(words);
  const time = timeAt ? readClockTime(timeAt[1]!) : null;
  const dayText = (timeAt ? words.slice(0, timeAt.index) : words).replace(/\s+and\s+/g, ',').trim();
  if (!dayText) return fail('`checkin schedule` needs at least one weekday and a time (24 h, or with am/pm).', hint, 'checkin');
  const days: (typeof WEEKDAYS)[number][] = [];
  for (const w of dayText.split(/[\s,]+/).filter(Boolean)) {
    const day = WEEKDAY_ALIASES[w];
    if (!day) return fail(`\`checkin schedule\` needs a weekday and a time: "${w.slice(0, 20)}" is not a weekday. Use monday … sunday (or mon, tue …), separated by commas.`, hint, 'checkin');
    if (!days.includes(day)) days.push(day);
  }
  if (!time) return fail('`checkin schedule` needs a time after the weekday (24 h, or with am/pm).', hint, 'checkin');
  days.sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
  return done({ name: 'checkin.schedule', weekday: days[0]!, time, ...(days.length > 1 ? { weekdays: days } : {}), ...(everyWeeks > 1 ? { everyWeeks } : {}) }, '');
}

const COMMAND_ALIASES: Record<string, string> = { escalate: 'blocker', block: 'blocker', blocked: 'blocker', '?': 'help', commitment: 'commit', decision: 'decide', complete: 'done', reschedule: 'move', 'check-in': 'checkin', approve: 'agree', objection: 'object' };

export const COMMAND_WORDS = [
  'help', 'setup', 'members', 'role', 'goal', 'goals', 'progress', 'edit', 'reassign', 'update', 'commit', 'done', 'move', 'drop', 'mine', 'list',
  'blocker', 'escalate', 'resolve', 'decide', 'disagree', 'checkin', 'recap', 'report', 'broadcast', 'agreements', 'export',
  'dashboard', 'nudges', 'calendar', 'meeting', 'agenda', 'quiet',
  'agree', 'object', 'retract',
];

/** The command word a person most likely meant (one edit away), for "did you mean". */
function closest(word: string): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const w of COMMAND_WORDS) {
    const d = distance(word, w);
    if (d < bestD) {
      bestD = d;
      best = w;
    }
  }
  return bestD <= 2 ? best : undefined;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length]![b.length]!;
}

const dateTooLong = `A date is at most ${DATE_LIMIT} characters, like "next Friday" or "2026-12-01".`;

function fail(error: string, hint?: string, topic?: string): Parsed {
  return { ok: false, error, ...(hint ? { hint } : {}), ...(topic ? { topic } : {}) };
}

function done(command: Command, raw: string): Parsed {
  return { ok: true, command, mentions: mentionIds(raw) };
}

/** `broadcast each on|off`. */
function parseBroadcastEach(args: string[]): Parsed {
  const v = args.length === 1 ? args[0]!.toLowerCase() : '';
  if (v === 'on' || v === 'off') return done({ name: 'broadcast.each', on: v === 'on' }, '');
  return fail('`broadcast each` takes on or off: on announces each decision in the broadcast channel as it is decided; off leaves them to the weekly staff bulletin.', 'broadcast each off', 'broadcast');
}

/** `broadcast bulletin <weekday> <HH:MM>` or `broadcast bulletin off`. */
function parseBulletin(rest: string): Parsed {
  const example = 'broadcast bulletin friday 15:00';
  if (/^(off|stop)$/i.test(rest)) return done({ name: 'broadcast.bulletin', schedule: null }, '');
  if (!rest) return fail('`broadcast bulletin` needs a weekday and a time (24 h, or with am/pm), or `off`.', example, 'broadcast');
  const m = /^(\S+)(?:\s+(?:at\s+)?([\s\S]+))?$/i.exec(rest)!;
  const weekday = WEEKDAY_ALIASES[m[1]!.toLowerCase()];
  if (!weekday) return fail(`"${m[1]!.slice(0, 20)}" is not a weekday: use monday … sunday (or mon, tue …), then a time.`, example, 'broadcast');
  if (!m[2]) return fail('`broadcast bulletin` needs a time after the weekday (24 h, or with am/pm).', `broadcast bulletin ${weekday} 15:00`, 'broadcast');
  const time = readClockTime(m[2]);
  if (!time) return fail(`"${m[2].slice(0, 20)}" is not a time of day: use 24 h like 15:00, or 3pm.`, `broadcast bulletin ${weekday} 15:00`, 'broadcast');
  return done({ name: 'broadcast.bulletin', schedule: { weekday, time } }, '');
}

const QUESTION_USAGE = 'checkin question add What will you finish this week?';

/** `checkin question add <text>`, `drop <n>`, `move <n> <position>`. */
function checkinQuestion(args: string[], rest: string): Parsed {
  const sub = args[0]?.toLowerCase();
  const num = (x: string | undefined) => (x !== undefined && /^\d{1,3}$/.test(x) ? Number(x) : undefined);
  if (sub === 'add') {
    const text = rest.slice(3).trim();
    if (!text) return fail('`checkin question add` needs the question.', QUESTION_USAGE, 'checkin');
    return done({ name: 'checkin.question.add', text }, '');
  }
  if (sub === 'drop' || sub === 'remove') {
    const n = num(args[1]);
    if (n === undefined || args.length > 2) return fail('`checkin question drop` needs the question\'s number, from `checkin questions`.', 'checkin question drop 3', 'checkin');
    return done({ name: 'checkin.question.drop', n }, '');
  }
  if (sub === 'move') {
    const n = num(args[1]);
    const to = num(args[2]?.toLowerCase() === 'to' ? args[3] : args[2]);
    if (n === undefined || to === undefined) return fail('`checkin question move` needs the question\'s number and its new position.', 'checkin question move 3 1', 'checkin');
    return done({ name: 'checkin.question.move', n, to }, '');
  }
  return fail('`checkin question` takes add, drop or move.', QUESTION_USAGE, 'checkin');
}

/**
 * Parses one command line. Never throws. A line refused for its length comes back in `given`
 * (at most INPUT_LIMIT characters of it), for the person to shorten and send again.
 */
export function parseCommand(input: string): Parsed {
  overLimit = false;
  const parsed = parseLine(input);
  if (!parsed.ok && overLimit) parsed.given = input.slice(0, INPUT_LIMIT).trim();
  overLimit = false;
  return parsed;
}

function parseLine(input: string): Parsed {
  if (input.length > INPUT_LIMIT) {
    overLimit = true;
    return fail(`That is ${grouped(input.length)} characters; a command can be at most ${grouped(TEXT_LIMIT)} characters of text.`, 'update A shorter note — put long documents in a link', 'update');
  }
  // Collapse spaces but keep the text otherwise as written.
  const line = input.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/\s+/g, ' ').trim();
  if (!line) return done({ name: 'help' }, '');
  const space = line.indexOf(' ');
  const first = (space === -1 ? line : line.slice(0, space)).toLowerCase();
  const rest = space === -1 ? '' : line.slice(space + 1).trim();
  const word = COMMAND_ALIASES[first] ?? first;
  const args = rest ? rest.split(' ') : [];

  switch (word) {
    case 'help':
      return done(rest ? { name: 'help', topic: rest.toLowerCase() } : { name: 'help' }, rest);

    case 'setup': {
      const name = rest.replace(MENTION, '').trim();
      if (name.length > TEAM_NAME_LIMIT) return fail(`A team name can be at most ${TEAM_NAME_LIMIT} characters.`, 'setup District Leadership', 'setup');
      return done(name ? { name: 'setup', teamName: name } : { name: 'setup' }, '');
    }

    case 'members': {
      const sub = args[0]?.toLowerCase();
      if (!sub || sub === 'list') return done({ name: 'members' }, '');
      const ids = mentionIds(rest);
      if (sub === 'add' || sub === 'remove') {
        if (ids.length === 0) return fail(`\`members ${sub}\` needs the people to ${sub}, mentioned with @.`, `members ${sub} @maria @sam`, 'members');
        const leftover = rest.slice(sub.length).replace(MENTION, '').trim();
        if (leftover) return fail(`I can only ${sub} people mentioned with @ ("${leftover}" is not a mention).`, `members ${sub} @maria`, 'members');
        return done({ name: sub === 'add' ? 'members.add' : 'members.remove', userIds: [...new Set(ids)] }, rest);
      }
      return fail(`\`members\` takes \`add\` or \`remove\`, not "${args[0]}".`, 'members add @maria @sam', 'members');
    }

    case 'role': {
      const ids = mentionIds(rest);
      const words = rest.replace(MENTION, ' ').trim().toLowerCase().split(/\s+/).filter(Boolean);
      const remove = words[0] === 'remove' || words[0] === 'drop' || words[0] === 'no' || words[0] === 'not';
      const roleWord = remove ? words[1] : words[0];
      const typed = ids.length === 0 ? notAMention(rest) : undefined;
      if (typed) return fail(`"${typed}" is not a mention: type @ and pick the person from the list.`, 'role @maria recap', 'role');
      if (ids.length !== 1) return fail('`role` needs exactly one person, mentioned with @.', 'role @maria recap', 'role');
      const role = z.enum(ROLES).safeParse(roleWord);
      if (!role.success || words.length > (remove ? 2 : 1)) {
        return fail(`The roles are ${ROLES.join(', ')}.`, remove ? 'role @maria remove recap' : 'role @maria recap', 'role');
      }
      return done({ name: 'role', userId: ids[0]!, role: role.data, remove }, rest);
    }

    case 'goal': {
      const g = parseGoal(rest);
      return g.ok ? done(g.command, rest) : fail(g.error, g.hint, g.topic);
    }
    case 'progress': {
      const g = parseProgress(rest);
      return g.ok ? done(g.command, '') : fail(g.error, g.hint, 'progress');
    }

    case 'edit': {
      // edit U-n|C-n|E-n|D-n|G-n <new text>
      const ref = parseItemRef(args[0]);
      const example = 'edit C-3 Draft the budget memo for the board';
      if (!ref || ref.kind === 'disagreement') {
        return fail(args[0] ? `\`edit\` corrects an update, commitment, blocker, decision or goal (U-n, C-n, E-n, D-n, G-n), not "${args[0].slice(0, 20)}".` : '`edit` needs the id of the record to correct.', example, 'edit');
      }
      const text = args.slice(1).join(' ').trim();
      const id = `${ID_PREFIX[ref.kind]}-${ref.seq}`;
      const err = checkText(text, 'new text', `edit ${id} <the corrected text>`, 'edit');
      if (err) return fail(err.error, err.hint, err.topic);
      return done({ name: 'edit', kind: ref.kind, seq: ref.seq, text }, text);
    }

    case 'reassign': {
      const ref = expectRef(args[0], 'commitment', 'reassign', 'reassign C-3 @maria');
      if ('error' in ref) return fail(ref.error, ref.hint, ref.topic);
      const ids = mentionIds(args.slice(1).join(' '));
      const leftover = args.slice(1).join(' ').replace(MENTION, '').trim();
      const typed = ids.length === 0 ? notAMention(leftover) : undefined;
      if (typed) return fail(`"${typed}" is not a mention: type @ and pick the person from the list.`, `reassign C-${ref.seq} @maria`, 'reassign');
      if (ids.length !== 1 || leftover) return fail('`reassign` needs the commitment and one new owner, mentioned with @.', `reassign C-${ref.seq} @maria`, 'reassign');
      return done({ name: 'reassign', seq: ref.seq, userId: ids[0]! }, args.slice(1).join(' '));
    }
    case 'goals':
      return done({ name: 'goals' }, '');

    case 'update': {
      // "update delete U-3" is a command about U-3, not a new update.
      const meant = misfire(rest);
      if (meant) return fail(meant.error, meant.hint, 'update');
      const g = takeGoal(rest);
      if (g.error) return fail(g.error.error, g.error.hint, 'update');
      const err = checkText(g.rest, 'update', 'update Bus routes for the new year are drafted #G-1', 'update');
      if (err) return fail(err.error, err.hint, err.topic);
      return done({ name: 'update', text: g.rest, ...(g.goal ? { goal: g.goal } : {}) }, rest);
    }

    case 'commit': {
      // "commit delete U-3" is a command about U-3, not a new commit.
      const meant = misfire(rest);
      if (meant) return fail(meant.error, meant.hint, 'commit');
      const g = takeGoal(rest);
      if (g.error) return fail(g.error.error, 'commit Draft the budget memo by Friday #G-2', 'commit');
      const edges = takeEdgeMentions(g.rest);
      const w = takeWhen(edges.rest);
      const beforeWhen = w.when ? takeEdgeMentions(w.rest) : { rest: w.rest, ids: [] };
      const owners = [...new Set([...edges.ids, ...beforeWhen.ids])];
      if (owners.length > 1) {
        return fail('A commitment has one owner: mention one person (or nobody, to own it yourself).', 'commit Draft the budget memo by Friday @maria', 'commit');
      }
      const err = checkText(beforeWhen.rest, 'commitment', 'commit Draft the budget memo by Friday', 'commit');
      if (err) return fail(err.error, err.hint, err.topic);
      return done(
        { name: 'commit', text: beforeWhen.rest, ...(w.when ? { when: w.when } : {}), ...(owners[0] ? { ownerId: owners[0] } : {}), ...(g.goal ? { goal: g.goal } : {}) },
        rest,
      );
    }

    case 'done':
    case 'drop': {
      if (word === 'done' && parseItemRef(args[0])?.kind === 'decision') {
        const seq = parseItemRef(args[0])!.seq;
        const note = args.slice(1).join(' ');
        if (note.length > TEXT_LIMIT) return fail(tooLong('note', note.length), `done D-${seq} short note`, 'done');
        return done({ name: 'done.decision', seq, ...(note ? { note } : {}) }, note);
      }
      // drop U-n|E-n [why]: a mistaken update or blocker withdrawn (drop C-n drops a commitment).
      const other = word === 'drop' ? parseItemRef(args[0]) : null;
      if (other && (other.kind === 'update' || other.kind === 'blocker')) {
        const why = args.slice(1).join(' ');
        if (why.length > TEXT_LIMIT) return fail(tooLong('reason', why.length), `drop ${args[0]} short reason`, 'drop');
        return done({ name: 'withdraw', kind: other.kind, seq: other.seq, ...(why ? { reason: why } : {}) }, why);
      }
      if (other?.kind === 'goal') return fail('A goal is dropped with `goal drop`.', `goal drop G-${other.seq}${args.length > 1 ? ' ' + args.slice(1).join(' ').slice(0, 60) : ''}`, 'goal');
      const ref = expectRef(args[0], 'commitment', word, `${word} C-3`);
      if ('error' in ref) return fail(ref.error, ref.hint, ref.topic);
      const note = args.slice(1).join(' ');
      if (note.length > TEXT_LIMIT) return fail(tooLong('note', note.length), `${word} C-${ref.seq} short note`, word);
      if (word === 'done') return done({ name: 'done', seq: ref.seq, ...(note ? { note } : {}) }, note);
      return done({ name: 'drop', seq: ref.seq, ...(note ? { reason: note } : {}) }, note);
    }

    case 'move': {
      const asDecision = parseItemRef(args[0])?.kind === 'decision';
      const ref = expectRef(args[0], asDecision ? 'decision' : 'commitment', 'move', 'move C-3 next Friday');
      if ('error' in ref) return fail(ref.error, ref.hint, ref.topic);
      const when = args.slice(1).join(' ').trim();
      if (asDecision) {
        if (!when) return fail('`move` needs the new date.', `move D-${ref.seq} next Friday`, 'move');
        if (when.length > DATE_LIMIT) return fail(dateTooLong, `move D-${ref.seq} next Friday`, 'move');
        return done({ name: 'move.decision', seq: ref.seq, when }, '');
      }
      if (!when) return fail('`move` needs the new date.', `move C-${ref.seq} next Friday`, 'move');
      if (when.length > DATE_LIMIT) return fail(dateTooLong, `move C-${ref.seq} next Friday`, 'move');
      return done({ name: 'move', seq: ref.seq, when }, '');
    }

    case 'mine':
      return done({ name: 'mine' }, '');

    case 'list': {
      let kind: ListKind | undefined;
      let scope: 'open' | 'all' = 'open';
      for (const a of args.map((x) => x.toLowerCase())) {
        if (a === 'open' || a === 'all') scope = a;
        else if (LIST_KINDS[a] && !kind) kind = LIST_KINDS[a];
        else return fail(`\`list\` shows updates, commitments, blockers, decisions, goals or checkins, open or all — not "${a}".`, 'list commitments all', 'list');
      }
      return done({ name: 'list', scope, ...(kind ? { kind } : {}) }, '');
    }

    case 'blocker': {
      // "blocker delete U-3" is a command about U-3, not a new blocker.
      const meant = misfire(rest);
      if (meant) return fail(meant.error, meant.hint, 'blocker');
      const g = takeGoal(rest);
      if (g.error) return fail(g.error.error, 'blocker Waiting on bus contract signature @maria', 'blocker');
      const edges = takeEdgeMentions(g.rest);
      const err = checkText(edges.rest, 'blocker', 'blocker Waiting on the bus contract signature @maria', 'blocker');
      if (err) return fail(err.error, err.hint, err.topic);
      const unblocker = edges.ids[edges.ids.length - 1];
      return done({ name: 'blocker', text: edges.rest, ...(unblocker ? { unblockerId: unblocker } : {}), ...(g.goal ? { goal: g.goal } : {}) }, rest);
    }

    case 'resolve': {
      const ref = expectRef(args[0], 'blocker', 'resolve', 'resolve E-2 contract signed');
      if ('error' in ref) return fail(ref.error, ref.hint, ref.topic);
      const note = args.slice(1).join(' ');
      if (note.length > TEXT_LIMIT) return fail(tooLong('note', note.length), `resolve E-${ref.seq} signed`, 'resolve');
      return done({ name: 'resolve', seq: ref.seq, ...(note ? { note } : {}) }, note);
    }

    case 'decide':
      return parseDecide(rest);

    case 'agree':
    case 'object':
    case 'retract': {
      const example = word === 'agree' ? 'agree D-3' : `${word} D-3 ${word === 'object' ? 'the budget is not settled yet' : 'the board moved the date'}`;
      const ref = expectRef(args[0], 'decision', word, example);
      if ('error' in ref) return fail(ref.error, ref.hint, ref.topic);
      const reason = args.slice(1).join(' ').trim();
      if (word === 'agree') {
        if (reason) return fail(`\`agree\` takes only the id. To object instead, give your reason:`, `object D-${ref.seq} ${reason.slice(0, 60)}`, 'agree');
        return done({ name: 'agree', seq: ref.seq }, '');
      }
      if (!reason) return fail(`\`${word}\` needs the reason, so the team knows why.`, `${word} D-${ref.seq} ${word === 'object' ? 'the budget is not settled yet' : 'the board moved the date'}`, word);
      if (reason.length > TEXT_LIMIT) return fail(tooLong('reason', reason.length), `${word} D-${ref.seq} a shorter reason`, word);
      return done({ name: word, seq: ref.seq, reason }, reason);
    }

    case 'disagree': {
      // disagree | disagree list | disagree R-n | disagree withdraw R-n | disagree <topic> [with @a @b]
      const sub = args[0]?.toLowerCase();
      if (!rest || (sub === 'list' && args.length === 1)) return done({ name: 'disagree', topic: '', partyIds: [], sub: 'list' }, '');
      if (sub === 'withdraw' && args.length <= 2) {
        const ref = expectRef(args[1], 'disagreement', 'disagree withdraw', 'disagree withdraw R-3');
        if ('error' in ref) return fail(ref.error, ref.hint, 'disagree');
        return done({ name: 'disagree', topic: '', partyIds: [], sub: 'withdraw', seq: ref.seq }, '');
      }
      const shown = args.length === 1 ? parseItemRef(args[0]) : null;
      if (shown?.kind === 'disagreement') return done({ name: 'disagree', topic: '', partyIds: [], sub: 'show', seq: shown.seq }, '');
      const withAt = /(?:^|\s)with\s+((?:<@[^>]+>[\s,]*(?:and\s+)?)+)$/i.exec(rest);
      const parties = withAt ? [...new Set(mentionIds(withAt[1]!))] : [];
      const topic = withAt ? rest.slice(0, withAt.index).trim() : rest;
      const err = checkText(topic, 'topic', 'disagree Next year\'s PD calendar with @maria', 'disagree');
      if (err) return fail(err.error, err.hint, err.topic);
      return done({ name: 'disagree', topic, partyIds: parties }, rest);
    }

    case 'nudges':
    case 'nudge': {
      const sub = args[0]?.toLowerCase();
      if (!sub) return done({ name: 'nudges' }, '');
      if (args.length === 1 && (sub === 'on' || sub === 'off')) return done({ name: 'nudges', on: sub === 'on' }, '');
      return fail('`nudges` takes `on` or `off` (your own reminders).', 'nudges off', 'nudges');
    }

    case 'quiet': {
      const sub = args[0]?.toLowerCase();
      if (!sub || (sub === 'show' && args.length === 1)) return done({ name: 'quiet' }, '');
      if (args.length === 1 && (sub === 'off' || sub === 'thread' || sub === 'digest')) return done({ name: 'quiet.set', mode: sub }, '');
      return fail(`\`quiet\` takes \`thread\`, \`digest\` or \`off\`${sub ? ` — not "${args.join(' ').slice(0, 40)}"` : ''}.`, 'quiet thread', 'quiet');
    }

    case 'checkin': {
      const sub = args[0]?.toLowerCase();
      if (!sub) return done({ name: 'checkin' }, '');
      if (sub === 'now') return done({ name: 'checkin.now' }, '');
      if (sub === 'off' || sub === 'stop') return done({ name: 'checkin.off' }, '');
      if (sub === 'skip') return done({ name: 'checkin.skip' }, '');
      if (sub === 'back') return done({ name: 'checkin.back' }, '');
      if (sub === 'away') {
        const until = args.slice(1).join(' ').replace(/^until\s+/i, '').trim();
        if (!until) return fail('`checkin away` needs the date you are back.', 'checkin away until Dec 14', 'checkin');
        if (until.length > DATE_LIMIT) return fail(dateTooLong, 'checkin away until Dec 14', 'checkin');
        return done({ name: 'checkin.away', until }, '');
      }
      if (sub === 'schedule') return parseSchedule(args.slice(1));
      if (sub === 'questions') return done({ name: 'checkin.questions' }, '');
      if (sub === 'edit') return done({ name: 'checkin.edit' }, '');
      if (sub === 'pulse') {
        const v = args[1]?.toLowerCase();
        if ((v === 'on' || v === 'off') && args.length === 2) return done({ name: 'checkin.pulse', on: v === 'on' }, '');
        return fail('`checkin pulse` takes on or off.', 'checkin pulse on', 'checkin');
      }
      if (sub === 'question') return checkinQuestion(args.slice(1), rest.slice(rest.toLowerCase().indexOf('question') + 'question'.length).trim());
      return fail(`\`checkin\` takes now, schedule, off, skip, away, back, edit, questions, question or pulse — not "${args[0]}".`, 'checkin schedule monday 08:30', 'checkin');
    }

    case 'meeting': {
      // meeting | meeting off | meeting schedule <weekday> <HH:MM> [every N weeks] [for <minutes>]
      const sub = args[0]?.toLowerCase();
      const example = 'meeting schedule tuesday 15:30 every 2 weeks for 90';
      if (!sub) return done({ name: 'meeting' }, '');
      if (sub === 'off' || sub === 'stop') return done({ name: 'meeting.off' }, '');
      if (sub !== 'schedule') return fail(`\`meeting\` takes schedule or off — not "${args[0]!.slice(0, 40)}".`, example, 'meeting');
      const m = /^(\S+)\s+(?:at\s+)?(\d{1,2}(?::\d{2})?\s*(?:am|pm)?)(?:\s+every\s+(\S+)\s+weeks?)?(?:\s+for\s+(\S+?)\s*(?:min(?:ute)?s?|m)?)?$/i.exec(args.slice(1).join(' ').trim());
      const day = m ? WEEKDAY_ALIASES[m[1]!.toLowerCase()] : undefined;
      const time = m ? readClockTime(m[2]!) : null;
      if (!m || !day || !time) return fail('`meeting schedule` needs a weekday and a time (24 h, or with am/pm), then optionally `every N weeks` and `for <minutes>`.', example, 'meeting');
      const every = m[3] === undefined ? 1 : Number(m[3]);
      if (!Number.isInteger(every) || every < 1 || every > 8) return fail(`"every ${m[3]!.slice(0, 20)} weeks" is not a cadence: give a whole number of weeks from 1 to 8.`, 'meeting schedule tuesday 15:30 every 2 weeks', 'meeting');
      const minutes = m[4] === undefined ? 60 : Number(m[4]);
      if (!Number.isInteger(minutes) || minutes < 5 || minutes > 480) return fail(`A meeting lasts from 5 to 480 minutes (8 h), not "${m[4]!.slice(0, 20)}".`, 'meeting schedule tuesday 15:30 for 90', 'meeting');
      return done({ name: 'meeting.schedule', weekday: day, time, everyWeeks: every, minutes }, '');
    }

    case 'agenda': {
      // agenda | agenda add <topic> | agenda drop A-n | agenda done A-n [note]
      const sub = args[0]?.toLowerCase();
      if (!sub) return done({ name: 'meeting' }, '');
      if (sub === 'add') {
        const topic = rest.replace(/^add\b/i, '').trim();
        const err = checkText(topic, 'topic', 'agenda add Bus contract: who signs?', 'agenda');
        if (err) return fail(err.error, err.hint, err.topic);
        return done({ name: 'agenda.add', text: topic }, '');
      }
      if (sub === 'drop' || sub === 'done') {
        const ref = /^A-?(\d{1,9})$/i.exec(args[1] ?? '');
        if (!ref) return fail(args[1] ? `"${args[1].slice(0, 40)}" is not an agenda item id like A-3.` : `\`agenda ${sub}\` needs the id of an agenda item (A-n).`, `agenda ${sub} A-3`, 'agenda');
        const seq = Number(ref[1]);
        if (sub === 'drop') {
          if (args.length > 2) return fail('`agenda drop` takes only the id.', `agenda drop A-${seq}`, 'agenda');
          return done({ name: 'agenda.drop', seq }, '');
        }
        const note = args.slice(2).join(' ').trim();
        if (note.length > TEXT_LIMIT) return fail(tooLong('note', note.length), `agenda done A-${seq} a shorter note`, 'agenda');
        return done({ name: 'agenda.done', seq, ...(note ? { note } : {}) }, note);
      }
      return fail(`\`agenda\` takes add, drop or done — not "${args[0]!.slice(0, 40)}".`, 'agenda add Bus contract: who signs?', 'agenda');
    }

    case 'recap':
      return done({ name: 'recap' }, '');

    case 'calendar': {
      const sub = args[0]?.toLowerCase();
      const tail = args.slice(1).join(' ').trim();
      if (!sub || sub === 'show') return done({ name: 'calendar' }, '');
      if (sub === 'off') {
        if (!tail) return fail('`calendar off` needs a date, or a range with `to`.', 'calendar off Dec 21 to Jan 1 Winter break', 'calendar');
        if (tail.length > TEXT_LIMIT) return fail(tooLong('reason', tail.length), 'calendar off Dec 21 to Jan 1 Winter break', 'calendar');
        return done({ name: 'calendar.off', text: tail }, '');
      }
      if (sub === 'on') {
        if (!tail) return fail('`calendar on` needs the date that is a working day again.', 'calendar on Dec 28', 'calendar');
        if (tail.length > DATE_LIMIT) return fail(dateTooLong, 'calendar on Dec 28', 'calendar');
        return done({ name: 'calendar.on', date: tail }, '');
      }
      if (sub === 'workweek' || sub === 'week') {
        const days = readWorkweek(tail);
        if (!days) return fail(`\`calendar workweek\` takes the days the team works, as a range or a list${tail ? ` — not "${tail.slice(0, 40)}"` : ''}.`, 'calendar workweek mon-fri', 'calendar');
        return done({ name: 'calendar.workweek', days }, '');
      }
      return fail(`\`calendar\` takes off, on or workweek — not "${args[0]!.slice(0, 40)}".`, 'calendar off Dec 21 to Jan 1 Winter break', 'calendar');
    }

    case 'report': {
      let weeks = 4;
      let metric: Metric | undefined;
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!.toLowerCase();
        if (a === 'weeks' || a === 'week' || a === 'w') {
          const n = z.coerce.number().int().min(1).max(52).safeParse(args[i + 1]);
          if (!n.success) return fail('`report weeks` takes a number of weeks from 1 to 52.', 'report weeks 8', 'report');
          weeks = n.data;
          i++;
        } else if (METRICS[a] && !metric) metric = METRICS[a];
        else return fail(`\`report\` takes \`weeks N\` and optionally one of ${[...new Set(Object.values(METRICS))].join(', ')} — not "${args[i]}".`, 'report ontime weeks 8', 'report');
      }
      return done({ name: 'report', weeks, ...(metric ? { metric } : {}) }, '');
    }

    case 'broadcast': {
      if (!rest) return done({ name: 'broadcast.show' }, '');
      if (rest.toLowerCase() === 'off') return done({ name: 'broadcast', channelId: null }, '');
      const sub = args[0]?.toLowerCase();
      if (sub === 'each') return parseBroadcastEach(args.slice(1));
      if (sub === 'bulletin') return parseBulletin(args.slice(1).join(' ').trim());
      const ch = CHANNEL.exec(rest);
      if (!ch) return fail('Name the channel with # so it links (e.g. #staff-announcements).', 'broadcast #staff-announcements', 'broadcast');
      return done({ name: 'broadcast', channelId: ch[1]!, ...(ch[2] ? { channelName: ch[2] } : {}) }, '');
    }

    case 'agreements': {
      const sub = args[0]?.toLowerCase();
      if (!sub || sub === 'show') return done({ name: 'agreements' }, '');
      if (sub !== 'set') return fail(`\`agreements\` takes \`set <key> <value>\`, not "${args[0]}".`, 'agreements set timebox 48h', 'agreements');
      const key = args[1]?.toLowerCase();
      const value = args.slice(2).join(' ').trim();
      if (!key || !value) return fail('`agreements set` needs a key and a value.', 'agreements set timebox 48h', 'agreements');
      return done({ name: 'agreements.set', key, value }, value);
    }

    case 'export':
      return done({ name: 'export' }, '');

    case 'dashboard': {
      const words = args.map((a) => a.toLowerCase());
      if (words.length === 0) return done({ name: 'dashboard' }, '');
      if (words[0] === 'revoke' && words.length === 1) return done({ name: 'dashboard.revoke', all: false }, '');
      if (words[0] === 'revoke' && words[1] === 'all' && words.length === 2) return done({ name: 'dashboard.revoke', all: true }, '');
      return fail(`\`dashboard\` takes nothing, \`revoke\` or \`revoke all\` — not "${args.join(' ').slice(0, 40)}".`, 'dashboard revoke', 'dashboard');
    }

    default: {
      const guess = closest(first);
      return fail(
        `I don't know the command "${first.slice(0, 40)}".${guess ? ` Did you mean \`${guess}\`?` : ''}`,
        guess ? `${guess}${rest ? ' ' + rest.slice(0, 60) : ''}` : 'help',
        'help',
      );
    }
  }
}
