// The flow's private steps: the buttons in its private messages (actions), the forms they open,
// and the answers coming back. A form is rebuilt from the database each time it opens, and its
// answers are checked again on the way back — the form's state is input like any other: the
// submitter must be the party (or the facilitator, or whoever it escalated to) of that
// disagreement, in that team, at that step and round.
import { z } from 'zod';
import { type DisagreementRow, findDisagreement, listEntries, putEntry } from '../../db/disagreements.js';
import { listMembers } from '../../db/members.js';
import type { ActionHandler, FormHandler } from '../handlers.js';
import { type Context, type Refusal, isRefusal, refuse } from '../context.js';
import { dateHint, readDate } from '../language/dates.js';
import { DATE_LIMIT } from '../language/limits.js';
import type { Roster } from '../records/lines.js';
import { roster } from '../team/membership.js';
import { type Block, type Field, type Form, type Line, bold, fields, line, say, section } from '../message.js';
import { apply, factsOf, optionsOf, termsOf } from './flow.js';
import { type Step, allAnswered, currentStep, stateName, waitingOn } from './machine.js';
import { names, nudge, rRef, who } from './text.js';
import { grouped } from '../language/numbers.js';

/** The longest answer to each private question: long enough to say it, short enough to read side by side. */
export const VIEW_LIMIT = 1000;
export const NOTE_LIMIT = 500;
export const SUMMARY_LIMIT = 1500;
export const OPTION_LIMIT = 300;

const refSchema = z.object({ teamId: z.number().int(), r: z.number().int().positive() });
const stateSchema = refSchema.extend({ step: z.string(), round: z.number().int().positive() });

function json(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

const gone = (): Refusal => refuse('That disagreement is not in this team. Start again from the latest message about it.', 'disagree', 'disagree');

/** The disagreement a button or form names, in the caller's team. */
async function load(ctx: Context, raw: string, withState: boolean): Promise<{ d: DisagreementRow; round?: number } | Refusal> {
  const parsed = (withState ? stateSchema : refSchema).safeParse(json(raw));
  if (!parsed.success || parsed.data.teamId !== ctx.team.id) return gone();
  const d = await findDisagreement(ctx.db, ctx.team.id, parsed.data.r);
  if (!d) return gone();
  const round = (parsed.data as { round?: number }).round;
  return round === undefined ? { d } : { d, round };
}

const isParty = (d: DisagreementRow, ctx: Context): boolean => d.parties.includes(ctx.actor.id);
const isFacilitator = (d: DisagreementRow, ctx: Context): boolean => d.facilitatorId === ctx.actor.id;
const isEscalation = (d: DisagreementRow, ctx: Context): boolean => d.state === 'escalated' && d.escalatedTo === ctx.actor.id;

function notYours(d: DisagreementRow, what: string): Refusal {
  return refuse(`${what} in ${rRef(d)} is not yours to give: it is asked privately of the people involved.`, `disagree ${rRef(d)}`, 'disagree');
}

function movedOn(d: DisagreementRow): Refusal {
  return refuse(`${rRef(d)} has moved on: it is now at ${stateName(d.state as Step, d.stalled as Step | null)}. Nothing was recorded.`, `disagree ${rRef(d)}`, 'disagree');
}

/** Checks the caller may do `step` now; a form's round must still be the flow's. */
async function check(ctx: Context, d: DisagreementRow, step: 'views' | 'options' | 'answer' | 'decide' | 'followup', round?: number): Promise<Refusal | null> {
  const at = currentStep({ state: d.state as Step, stalled: d.stalled as Step | null });
  const stale = round !== undefined && round !== d.round;
  switch (step) {
    case 'views': {
      if (!isParty(d, ctx)) return notYours(d, 'A view');
      if (stale) return movedOn(d);
      // Reopened at common ground: a party who never gave a view may give one now (not change it).
      const late = at === 'common_ground' && d.round > 1 && !(await listEntries(ctx.db, d.id, { kinds: ['view'] })).some((e) => e.memberId === ctx.actor.id);
      return at !== 'views' && !late ? movedOn(d) : null;
    }
    case 'options':
      if (!isFacilitator(d, ctx)) return notYours(d, 'The summary and options');
      return at !== 'common_ground' || stale ? movedOn(d) : null;
    case 'answer':
      if (!isParty(d, ctx)) return notYours(d, 'An answer to the options');
      return at !== 'agree' || stale ? movedOn(d) : null;
    case 'followup':
      if (!isParty(d, ctx)) return notYours(d, 'The follow-up answer');
      return at !== 'follow_up' || stale ? movedOn(d) : null;
    case 'decide': {
      if (at !== 'agree' || stale) return movedOn(d);
      if (d.state === 'escalated' && (isEscalation(d, ctx) || isFacilitator(d, ctx))) return null;
      if (!isFacilitator(d, ctx)) return notYours(d, 'The decision');
      const f = await factsOf(ctx, d);
      if (termsOf(d).rule !== 'lead-decides-after-input') return refuse(`Under this team's rule (${termsOf(d).rule}) the parties' answers decide ${rRef(d)}.`);
      return allAnswered(f) ? null : refuse(`${rRef(d)}: you decide once every party has answered the options.`);
    }
  }
}

const stateOf = (d: DisagreementRow, step: string): string => JSON.stringify({ teamId: d.teamId, r: d.seq, step, round: d.round });

const QUESTIONS = [
  { id: 'issue', label: 'What is the issue, as you see it?', short: 'the issue' },
  { id: 'matters', label: 'What matters most to you? (interests, not positions)', short: 'what matters most' },
  { id: 'liveWith', label: 'What could you live with?', short: 'could live with' },
] as const;

const clipLabel = (s: string, n = 60): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

// ——— the forms ———

async function viewsForm(ctx: Context, d: DisagreementRow): Promise<Form> {
  const mine = (await listEntries(ctx.db, d.id, { kinds: ['view'] })).find((e) => e.memberId === ctx.actor.id);
  const r = await roster(ctx.db, d.teamId);
  return {
    formId: 'flow.views',
    state: stateOf(d, 'views'),
    title: `${rRef(d)}: your view`,
    submitLabel: 'Share privately',
    intro: line('About ', bold(d.topic), `. Only you and ${who(r, d.facilitatorId).name} (the facilitator) will see this.`),
    fields: QUESTIONS.map((q) => ({
      type: 'text' as const,
      id: q.id,
      label: q.label,
      multiline: true,
      maxLength: VIEW_LIMIT,
      ...(typeof mine?.data[q.id] === 'string' ? { initial: mine.data[q.id] as string } : {}),
    })),
  };
}

/** The views side by side: one row per question, one column per party. */
export async function viewsBlocks(ctx: Context, d: DisagreementRow, r: Roster): Promise<Block[]> {
  const views = await listEntries(ctx.db, d.id, { kinds: ['view'] });
  const blocks: Block[] = [section(line(bold('The views, side by side'), ' — seen only by you and each one\'s author'))];
  for (const q of QUESTIONS) {
    blocks.push(
      fields(
        ...d.parties.map((p) => {
          const v = views.find((e) => e.memberId === p);
          const text = typeof v?.data[q.id] === 'string' ? (v.data[q.id] as string) : '';
          return { label: `${who(r, p).name} — ${q.short}`, value: text ? line(text) : line({ text: '(no view given)', italic: true }) };
        }),
      ),
    );
  }
  return blocks;
}

/** Earlier rounds: the options, each party's answers and notes, and the follow-up — for the facilitator. */
async function earlierRounds(ctx: Context, d: DisagreementRow, r: Roster): Promise<Block[]> {
  const blocks: Block[] = [];
  const entries = await listEntries(ctx.db, d.id, { kinds: ['options', 'answer', 'followup'] });
  for (let round = 1; round < d.round; round++) {
    const o = await optionsOf(ctx.db, d, round);
    const lines: Line[] = [line(bold(`Round ${round}`), o ? `: ${o.summary}` : ': no options were written')];
    o?.options.forEach((text, i) => {
      const answers = entries
        .filter((e) => e.kind === 'answer' && e.round === round)
        .map((e) => {
          const yes = Array.isArray(e.data.accepts) && e.data.accepts[i] === true;
          const note = Array.isArray(e.data.notes) && typeof e.data.notes[i] === 'string' && e.data.notes[i] ? ` (${e.data.notes[i] as string})` : '';
          return `${who(r, e.memberId).name}: ${yes ? 'can live with it' : 'not yet'}${note}`;
        });
      lines.push(line(`Option ${i + 1}: ${text} — ${answers.join(' · ') || 'no answers'}`));
    });
    for (const e of entries.filter((x) => x.kind === 'followup' && x.round === round)) {
      lines.push(line(`Follow-up, ${who(r, e.memberId).name}: ${e.data.holds === true ? 'it holds' : 'it does not hold'}${typeof e.data.note === 'string' && e.data.note ? ` (${e.data.note})` : ''}`));
    }
    blocks.push(section(...lines));
  }
  return blocks;
}

async function optionsForm(ctx: Context, d: DisagreementRow): Promise<Form> {
  const r = await roster(ctx.db, d.teamId);
  const previous = await optionsOf(ctx.db, d) ?? (d.round > 1 ? await optionsOf(ctx.db, d, d.round - 1) : null);
  const members = await listMembers(ctx.db, d.teamId);
  const text = (id: string, label: string, max: number, optional: boolean, initial?: string, multiline = false): Field => ({
    type: 'text',
    id,
    label,
    maxLength: max,
    multiline,
    ...(optional ? { optional } : {}),
    ...(initial ? { initial } : {}),
  });
  return {
    formId: 'flow.options',
    state: stateOf(d, 'options'),
    title: `${rRef(d)}: common ground`,
    submitLabel: 'Send to the parties',
    intro: line('About ', bold(d.topic), '. Write a neutral summary and one to three options each party could live with.'),
    blocks: [...await viewsBlocks(ctx, d, r), ...await earlierRounds(ctx, d, r)],
    fields: [
      text('summary', 'A neutral summary of the disagreement', SUMMARY_LIMIT, false, previous?.summary, true),
      text('option1', 'Option 1', OPTION_LIMIT, false, previous?.options[0]),
      text('option2', 'Option 2', OPTION_LIMIT, true, previous?.options[1]),
      text('option3', 'Option 3', OPTION_LIMIT, true, previous?.options[2]),
      {
        type: 'select',
        id: 'executor',
        label: 'Who carries out what is decided',
        options: members.map((m) => ({ value: String(m.id), label: m.name })),
        ...(previous?.executorId && members.some((m) => m.id === previous.executorId) ? { initial: String(previous.executorId) } : {}),
      },
      { type: 'text', id: 'by', label: 'By when', placeholder: 'Friday, in 2 weeks, 2026-12-15', hint: "Read in that person's time zone.", maxLength: DATE_LIMIT, ...(previous?.dueDate ? { initial: previous.dueDate } : {}) },
    ],
  };
}

function optionsBlocks(o: { summary: string; options: string[] }): Block[] {
  return [section(line(bold('Summary: '), o.summary)), section(...o.options.map((text, i) => line(bold(`Option ${i + 1}: `), text)))];
}

const ANSWERS = [
  { value: 'yes', label: 'I can live with this' },
  { value: 'no', label: 'Not yet' },
];

async function answerForm(ctx: Context, d: DisagreementRow): Promise<Form | Refusal> {
  const o = await optionsOf(ctx.db, d);
  if (!o) return movedOn(d);
  const mine = (await listEntries(ctx.db, d.id, { kinds: ['answer'], round: d.round })).find((e) => e.memberId === ctx.actor.id);
  const accepts = Array.isArray(mine?.data.accepts) ? (mine.data.accepts as unknown[]) : [];
  const notes = Array.isArray(mine?.data.notes) ? (mine.data.notes as unknown[]) : [];
  return {
    formId: 'flow.answer',
    state: stateOf(d, 'answer'),
    title: `${rRef(d)}: the options`,
    submitLabel: 'Answer privately',
    intro: line('About ', bold(d.topic), '. Your answers and notes go to the facilitator only.'),
    blocks: optionsBlocks(o),
    fields: o.options.flatMap((text, i): Field[] => [
      {
        type: 'select',
        id: `accept${i + 1}`,
        label: `Option ${i + 1}: ${clipLabel(text)}`,
        options: ANSWERS,
        ...(typeof accepts[i] === 'boolean' ? { initial: accepts[i] ? 'yes' : 'no' } : {}),
      },
      {
        type: 'text',
        id: `note${i + 1}`,
        label: `Option ${i + 1}: a note for the facilitator`,
        optional: true,
        multiline: true,
        maxLength: NOTE_LIMIT,
        ...(typeof notes[i] === 'string' && notes[i] ? { initial: notes[i] as string } : {}),
      },
    ]),
  };
}

async function decideForm(ctx: Context, d: DisagreementRow): Promise<Form | Refusal> {
  const o = await optionsOf(ctx.db, d);
  if (!o) return movedOn(d);
  const r = await roster(ctx.db, d.teamId);
  const answers = await listEntries(ctx.db, d.id, { kinds: ['answer'], round: d.round });
  // The facilitator sees each party's answers and notes; whoever it escalated to, the counts.
  const facilitator = isFacilitator(d, ctx);
  const tallies = o.options.map((text, i) => {
    const yes = answers.filter((e) => Array.isArray(e.data.accepts) && e.data.accepts[i] === true);
    const detail = facilitator
      ? answers.map((e) => {
          const ok = Array.isArray(e.data.accepts) && e.data.accepts[i] === true;
          const note = Array.isArray(e.data.notes) && typeof e.data.notes[i] === 'string' && e.data.notes[i] ? ` (${e.data.notes[i] as string})` : '';
          return `${who(r, e.memberId).name}: ${ok ? 'can live with it' : 'not yet'}${note}`;
        })
      : [];
    return line(bold(`Option ${i + 1}: `), text, ` — ${yes.length} of ${d.parties.length} can live with it`, detail.length ? ` · ${detail.join(' · ')}` : '');
  });
  return {
    formId: 'flow.decide',
    state: stateOf(d, 'decide'),
    title: `${rRef(d)}: decide`,
    submitLabel: 'Decide',
    intro: line('About ', bold(d.topic), '. The option you choose becomes the decision, with the executor and date the facilitator named.'),
    blocks: [section(line(bold('Summary: '), o.summary)), section(...tallies)],
    fields: [
      { type: 'select', id: 'option', label: 'The decision', options: o.options.map((text, i) => ({ value: String(i + 1), label: `Option ${i + 1}: ${clipLabel(text)}` })) },
      { type: 'text', id: 'reason', label: 'Why (shown with the decision)', optional: true, multiline: true, maxLength: NOTE_LIMIT },
    ],
  };
}

async function followupForm(ctx: Context, d: DisagreementRow): Promise<Form> {
  const decided = (await listEntries(ctx.db, d.id, { kinds: ['decision'] })).at(-1);
  return {
    formId: 'flow.followup',
    state: stateOf(d, 'followup'),
    title: `${rRef(d)}: does it hold?`,
    submitLabel: 'Answer privately',
    intro: line(bold(d.decisionSeq ? `D-${d.decisionSeq}` : 'The decision'), ': ', typeof decided?.data.text === 'string' ? decided.data.text : d.topic),
    fields: [
      { type: 'select', id: 'holds', label: 'Does the agreement hold for you?', options: [{ value: 'yes', label: 'Yes, it holds' }, { value: 'no', label: 'No — reopen it' }] },
      { type: 'text', id: 'note', label: 'A note for the facilitator', optional: true, multiline: true, maxLength: NOTE_LIMIT },
    ],
  };
}

// ——— the buttons ———

function opener(step: 'views' | 'options' | 'answer' | 'decide' | 'followup', build: (ctx: Context, d: DisagreementRow) => Promise<Form | Refusal>): ActionHandler {
  return async (ctx, value) => {
    const l = await load(ctx, value, false);
    if (isRefusal(l)) return l;
    const denied = await check(ctx, l.d, step);
    if (denied) return denied;
    return build(ctx, l.d);
  };
}

export const flowActions: Record<string, ActionHandler> = {
  'flow.views': opener('views', viewsForm),
  'flow.options': opener('options', optionsForm),
  'flow.answer': opener('answer', answerForm),
  'flow.decide': opener('decide', decideForm),
  'flow.followup': opener('followup', followupForm),

  /** The escalation moves a stalled views step on with the views given. */
  async 'flow.proceed'(ctx, value) {
    const l = await load(ctx, value, false);
    if (isRefusal(l)) return l;
    const { d } = l;
    if (!(isEscalation(d, ctx) || isFacilitator(d, ctx))) return notYours(d, 'Moving the views step on');
    const next = await apply(ctx, d, { type: 'proceed' }, { by: ctx.actor });
    if (isRefusal(next)) return next;
    ctx.reply(say(bold(rRef(d)), ' moves on to common ground with the views given.'));
  },

  /** Whoever a stalled common-ground step went to facilitates from now on, and writes at once. */
  async 'flow.takeover'(ctx, value) {
    const l = await load(ctx, value, false);
    if (isRefusal(l)) return l;
    const { d } = l;
    if (!isEscalation(d, ctx)) return notYours(d, 'Taking over');
    const next = await apply(ctx, d, { type: 'facilitator_changed', to: ctx.actor.id }, { by: ctx.actor });
    if (isRefusal(next)) return next;
    return optionsForm(ctx, next);
  },

  /**
   * Whoever a stalled step went to (or its facilitator) reminds the people it waits on,
   * privately, each once per step and round (an entry per person keeps that across restarts).
   */
  async 'flow.nudge'(ctx, value) {
    const l = await load(ctx, value, false);
    if (isRefusal(l)) return l;
    const { d } = l;
    if (!(isEscalation(d, ctx) || isFacilitator(d, ctx))) return refuse(`Only whoever ${rRef(d)} was escalated to, or its facilitator, can nudge the people it waits on.`, `disagree ${rRef(d)}`, 'disagree');
    if (d.state !== 'escalated' || !d.stalled) return movedOn(d);
    const step = d.stalled as Step;
    const r = await roster(ctx.db, d.teamId);
    const kind = `nudge:${step}`;
    const done = new Set((await listEntries(ctx.db, d.id, { kinds: [kind], round: d.round })).map((e) => e.memberId));
    const nudged: number[] = [];
    const already: number[] = [];
    for (const id of waitingOn(await factsOf(ctx, d), step)) {
      const m = r.get(id);
      if (id === ctx.actor.id || !m || m.status !== 'active') continue;
      if (done.has(id)) {
        already.push(id);
        continue;
      }
      await putEntry(ctx.db, { disagreementId: d.id, round: d.round, kind, memberId: id, data: { by: ctx.actor.id }, at: ctx.now });
      ctx.dm(m.userId, nudge(d, step, id), { subject: { ref: rRef(d), summary: `${rRef(d)} ${d.topic}` } });
      nudged.push(id);
    }
    const was = (ids: number[]) => `${names(r, ids)} ${ids.length === 1 ? 'was' : 'were'}`;
    if (nudged.length) ctx.reply(say(`${was(nudged)} nudged privately.`, already.length ? ` ${was(already)} already nudged at this step.` : ''));
    else if (already.length) ctx.reply(say(`${was(already)} already nudged at this step. Nobody else is waited on.`));
    else ctx.reply(say(`Nobody is waited on in ${rRef(d)} now.`));
  },

  /** The escalation closes a follow-up nobody answered: the agreement is taken to hold. */
  async 'flow.close'(ctx, value) {
    const l = await load(ctx, value, false);
    if (isRefusal(l)) return l;
    const { d } = l;
    if (!(isEscalation(d, ctx) || isFacilitator(d, ctx))) return notYours(d, 'Closing the follow-up');
    const next = await apply(ctx, d, { type: 'close' }, { by: ctx.actor });
    if (isRefusal(next)) return next;
    ctx.reply(say(bold(rRef(d)), ' is closed; the decision stands.'));
  },
};

// ——— the answers ———

const text = (max: number) => z.string({ error: 'Please write something here.' }).trim().min(1, 'Please write something here.').max(max, `At most ${grouped(max)} characters.`);
const optionalText = (max: number) => z.string().trim().max(max, `At most ${grouped(max)} characters.`).optional();

/** Field errors from a zod schema, by field id. */
function fieldErrors(result: z.ZodSafeParseResult<unknown>): Record<string, string> | null {
  if (result.success) return null;
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const id = String(issue.path[0] ?? '_');
    out[id] ??= issue.message;
  }
  return out;
}

const blankToUndefined = (values: Record<string, string | undefined>): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v?.trim() ? v : undefined]));

function receiver(step: 'views' | 'options' | 'answer' | 'decide' | 'followup', take: (ctx: Context, d: DisagreementRow, values: Record<string, string | undefined>) => Promise<Refusal | Record<string, string> | void>): FormHandler {
  return async (ctx, state, values) => {
    const l = await load(ctx, state, true);
    if (isRefusal(l)) return l;
    const denied = await check(ctx, l.d, step, l.round);
    if (denied) return denied;
    return take(ctx, l.d, blankToUndefined(values));
  };
}

const viewSchema = z.object({ issue: text(VIEW_LIMIT), matters: text(VIEW_LIMIT), liveWith: text(VIEW_LIMIT) });
const yesNo = z.enum(['yes', 'no'], { error: 'Please choose one.' });

export const flowForms: Record<string, FormHandler> = {
  'flow.views': receiver('views', async (ctx, d, values) => {
    const v = viewSchema.safeParse(values);
    if (!v.success) return fieldErrors(v)!;
    const again = (await listEntries(ctx.db, d.id, { kinds: ['view'] })).some((e) => e.memberId === ctx.actor.id);
    const record = () => putEntry(ctx.db, { disagreementId: d.id, round: 1, kind: 'view', memberId: ctx.actor.id, data: v.data, at: ctx.now });
    const next = await apply(ctx, d, { type: 'view_submitted', by: ctx.actor.id }, { by: ctx.actor, record });
    if (isRefusal(next)) return next;
    const fac = who(await roster(ctx.db, d.teamId), d.facilitatorId).name;
    ctx.reply(say(again ? 'Your view on ' : 'Thank you — your view on ', bold(rRef(d)), again ? ' is updated.' : ' is in.', ` Only you and ${fac} can read it.`));
  }),

  'flow.options': receiver('options', async (ctx, d, values) => {
    const schema = z.object({
      summary: text(SUMMARY_LIMIT),
      option1: text(OPTION_LIMIT),
      option2: optionalText(OPTION_LIMIT),
      option3: optionalText(OPTION_LIMIT),
      executor: z.string({ error: 'Choose who carries it out.' }),
      by: z.string({ error: 'Say by when, e.g. Friday or in 2 weeks.' }).trim().min(1, 'Say by when, e.g. Friday or in 2 weeks.').max(DATE_LIMIT, `At most ${DATE_LIMIT} characters.`),
    });
    const v = schema.safeParse(values);
    if (!v.success) return fieldErrors(v)!;
    const executor = (await listMembers(ctx.db, d.teamId)).find((m) => String(m.id) === v.data.executor);
    if (!executor) return { executor: 'Choose a member of the team.' };
    const date = readDate(v.data.by, ctx.now, ctx.tz(executor), ctx.dates);
    if (!date.ok && (date.reason === 'time' || date.reason === 'vague' || date.reason === 'long')) return { by: dateHint(v.data.by, date.reason) };
    if (!date.ok) return { by: date.reason === 'past' ? 'That date has passed: choose a later one.' : 'Write a date like Friday, next Tuesday, in 2 weeks or 2026-12-15.' };
    const options = [v.data.option1, v.data.option2, v.data.option3].filter((o): o is string => Boolean(o));
    const record = () =>
      putEntry(ctx.db, {
        disagreementId: d.id,
        round: d.round,
        kind: 'options',
        memberId: ctx.actor.id,
        data: { summary: v.data.summary, options, executorId: executor.id, dueDate: date.due.date, dueTz: date.due.tz },
        at: ctx.now,
      });
    const next = await apply(ctx, d, { type: 'options_written', count: options.length }, { by: ctx.actor, record });
    if (isRefusal(next)) return next;
    ctx.reply(say('The summary and ', bold(`${options.length} option${options.length === 1 ? '' : 's'}`), ` of ${rRef(d)} went to the parties privately.`));
  }),

  'flow.answer': receiver('answer', async (ctx, d, values) => {
    const o = await optionsOf(ctx.db, d);
    if (!o) return movedOn(d);
    const shape: Record<string, z.ZodType> = {};
    o.options.forEach((_, i) => {
      shape[`accept${i + 1}`] = yesNo;
      shape[`note${i + 1}`] = optionalText(NOTE_LIMIT);
    });
    const v = z.object(shape).safeParse(values);
    if (!v.success) return fieldErrors(v)!;
    const data = v.data as Record<string, string | undefined>;
    const accepts = o.options.map((_, i) => data[`accept${i + 1}`] === 'yes');
    const notes = o.options.map((_, i) => data[`note${i + 1}`] ?? '');
    const record = () => putEntry(ctx.db, { disagreementId: d.id, round: d.round, kind: 'answer', memberId: ctx.actor.id, data: { accepts, notes }, at: ctx.now });
    const next = await apply(ctx, d, { type: 'answer', by: ctx.actor.id, accepts }, { by: ctx.actor, record });
    if (isRefusal(next)) return next;
    ctx.reply(say('Thank you — your answers on ', bold(rRef(d)), ' went to the facilitator privately.'));
  }),

  'flow.decide': receiver('decide', async (ctx, d, values) => {
    const o = await optionsOf(ctx.db, d);
    if (!o) return movedOn(d);
    const v = z.object({ option: z.coerce.number({ error: 'Choose an option.' }).int().min(1).max(o.options.length), reason: optionalText(NOTE_LIMIT) }).safeParse(values);
    if (!v.success) return fieldErrors(v)!;
    const next = await apply(ctx, d, { type: 'facilitator_decides', option: v.data.option - 1 }, { by: ctx.actor, reason: v.data.reason });
    if (isRefusal(next)) return next;
  }),

  'flow.followup': receiver('followup', async (ctx, d, values) => {
    const v = z.object({ holds: yesNo, note: optionalText(NOTE_LIMIT) }).safeParse(values);
    if (!v.success) return fieldErrors(v)!;
    const holds = v.data.holds === 'yes';
    const record = () => putEntry(ctx.db, { disagreementId: d.id, round: d.round, kind: 'followup', memberId: ctx.actor.id, data: { holds, note: v.data.note ?? '' }, at: ctx.now });
    const next = await apply(ctx, d, { type: holds ? 'holds' : 'does_not_hold', by: ctx.actor.id }, { by: ctx.actor, record });
    if (isRefusal(next)) return next;
    ctx.reply(say('Thank you — ', bold(rRef(d)), holds ? ': noted that the agreement holds for you.' : ' is open again at common ground; the facilitator will write new options.'));
  }),
};

