// The team's check-in questions: the defaults, the team's own list, and the copy each run keeps,
// so a run's form, digest, export and `list` read the questions it was sent with even after a
// lead changed them. The commitments question (the form's rows of open commitments) always stays.
import { z } from 'zod';
import { findQuestions, saveQuestions, type RunRow } from '../../db/checkins.js';
import type { Db } from '../../db/client.js';
import { type Context, refuse } from '../context.js';
import type { Handlers } from '../handlers.js';
import { inlineMentions } from '../language/commands.js';
import { bold, code, context, line, list, message, section } from '../message.js';

/** What an answer to a question becomes: the built-in kinds make records; `custom` is kept as said. */
export type QuestionKind = 'moved' | 'commitments' | 'blocking' | 'decide' | 'custom';

export interface Question {
  /** The form field's id and the answer's key: stable across renames and moves. */
  id: string;
  kind: QuestionKind;
  text: string;
}

/** The most a question may say, and the most questions a check-in may ask (Slack modal and Teams card stay short). */
export const QUESTION_LIMIT = 150;
export const QUESTIONS_MAX = 10;

export const DEFAULT_QUESTIONS: readonly Question[] = [
  { id: 'moved', kind: 'moved', text: 'What did you move forward?' },
  { id: 'commitments', kind: 'commitments', text: 'Your open commitments: done, on track or slipping?' },
  { id: 'blocking', kind: 'blocking', text: 'Anything blocking you?' },
  { id: 'decide', kind: 'decide', text: 'Anything the team should decide together?' },
];

const questionSchema = z.object({
  id: z.string().regex(/^(moved|commitments|blocking|decide|q\d{1,4})$/),
  kind: z.enum(['moved', 'commitments', 'blocking', 'decide', 'custom']),
  text: z.string().min(1).max(QUESTION_LIMIT),
});
const listSchema = z.array(questionSchema).min(1).max(QUESTIONS_MAX);

/** Stored questions, read defensively: anything unreadable is the defaults. */
function readList(raw: unknown): Question[] {
  const r = listSchema.safeParse(raw);
  return r.success && r.data.some((q) => q.kind === 'commitments') ? r.data : DEFAULT_QUESTIONS.map((q) => ({ ...q }));
}

/** The team's questions now. */
export async function teamQuestions(db: Db, teamId: number): Promise<Question[]> {
  return readList(await findQuestions(db, teamId));
}

/** The questions a run was sent with (a run from before teams chose them asked the defaults). */
export function runQuestions(run: RunRow): Question[] {
  return readList(run.questions ?? undefined);
}

/** The same words, whatever the case, spacing and end punctuation. */
function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[\s?.!:]+/g, ' ').trim();
  return norm(a) === norm(b);
}

function numbered(qs: Question[]) {
  return qs.map((q, i) => line(bold(`${i + 1}.`), ' ', q.text, q.kind === 'commitments' ? ' (always asked)' : ''));
}

async function save(ctx: Context, qs: Question[]): Promise<void> {
  await saveQuestions(ctx.db, { teamId: ctx.team.id, questions: qs, updatedAt: ctx.now, updatedBy: ctx.actor.id });
}

/** A question by its number in `checkin questions`, or the refusal that shows the list. */
function byNumber(qs: Question[], n: number, usage: string): number | ReturnType<typeof refuse> {
  if (n < 1 || n > qs.length) return refuse(`There is no question ${n}: the check-in has ${qs.length} (see \`checkin questions\`).`, usage, 'checkin');
  return n - 1;
}

export const questionHandlers: Handlers = {
  async 'checkin.questions'(ctx) {
    const qs = await teamQuestions(ctx.db, ctx.team.id);
    ctx.reply(
      message([
        section(line(`Check-in questions of ${ctx.team.name}, in the order they are asked:`)),
        list(numbered(qs)),
        context('Leads: ', code(`${ctx.prefix}checkin question add <text>`), ' · ', code(`${ctx.prefix}checkin question drop <n>`), ' · ', code(`${ctx.prefix}checkin question move <n> <position>`), `. The next check-in asks them; earlier ones keep theirs.`),
      ]),
    );
  },

  async 'checkin.question.add'(ctx, cmd) {
    const qs = await teamQuestions(ctx.db, ctx.team.id);
    // A mention in a question reads as the person's name: the form shows plain text.
    const text = inlineMentions(cmd.text, (id, label) => ctx.people.get(id)?.name ?? label ?? id).replace(/\s+/g, ' ').trim();
    if (text.length > QUESTION_LIMIT) return refuse(`A question can be at most ${QUESTION_LIMIT} characters (this one has ${text.length}). Shorten it:`, 'checkin question add What will you finish this week?', 'checkin');
    if (qs.length >= QUESTIONS_MAX) return refuse(`The check-in already asks ${QUESTIONS_MAX} questions, the most it can. Drop one first:`, 'checkin question drop <n>', 'checkin');
    if (qs.some((q) => sameText(q.text, text))) return refuse('The check-in already asks that question (see `checkin questions`).', 'checkin questions', 'checkin');
    const used = qs.map((q) => (/^q(\d+)$/.exec(q.id) ? Number(q.id.slice(1)) : 0));
    const q: Question = { id: `q${Math.max(0, ...used) + 1}`, kind: 'custom', text };
    await save(ctx, [...qs, q]);
    await ctx.audit('checkin.question.add', q.id, { text });
    ctx.announce(message([section(line(`❓ ${ctx.actor.name} added a check-in question (${qs.length + 1}): `, bold(text))), context('From the next check-in on. ', code(`${ctx.prefix}checkin questions`), ' lists them.')]));
  },

  async 'checkin.question.drop'(ctx, cmd) {
    const qs = await teamQuestions(ctx.db, ctx.team.id);
    const i = byNumber(qs, cmd.n, 'checkin question drop 3');
    if (typeof i !== 'number') return i;
    const q = qs[i]!;
    if (q.kind === 'commitments') return refuse(`Question ${cmd.n} (commitments) always stays: it is how open commitments are kept up to date. Drop another one:`, 'checkin questions', 'checkin');
    await save(ctx, qs.filter((_, j) => j !== i));
    await ctx.audit('checkin.question.drop', q.id, { text: q.text });
    ctx.announce(message([section(line(`${ctx.actor.name} dropped check-in question ${cmd.n}: `, bold(q.text))), context('From the next check-in on; earlier check-ins keep their questions and answers.')]));
  },

  async 'checkin.question.move'(ctx, cmd) {
    const qs = await teamQuestions(ctx.db, ctx.team.id);
    const i = byNumber(qs, cmd.n, 'checkin question move 3 1');
    if (typeof i !== 'number') return i;
    const q = qs[i]!;
    if (q.kind === 'commitments') return refuse(`Question ${cmd.n} (commitments) always stays where it is. Move the others around it:`, 'checkin questions', 'checkin');
    if (cmd.to < 1 || cmd.to > qs.length) return refuse(`Position ${cmd.to} is not in the list: choose 1 to ${qs.length}.`, `checkin question move ${cmd.n} 1`, 'checkin');
    const rest = qs.filter((_, j) => j !== i);
    rest.splice(cmd.to - 1, 0, q);
    await save(ctx, rest);
    await ctx.audit('checkin.question.move', q.id, { from: cmd.n, to: cmd.to });
    ctx.reply(message([section(line(`Moved `, bold(q.text), ` to ${cmd.to}. The check-in now asks:`)), list(numbered(rest))]));
  },
};
