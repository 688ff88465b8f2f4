// "Record as commitment / blocker / decision" on someone's message: a form prefilled from the
// message, and what its answers record. The form's state comes back from the client, so it is
// re-validated here and the team re-checked against the workspace.
import { z } from 'zod';
import { findMember, listMembers } from '../../db/members.js';
import { createCommitment } from './commitments.js';
import { flagMessage, excerpt } from './blockers.js';
import type { Context } from '../context.js';
import { type DueDate, dateHint, readDate } from '../language/dates.js';
import { submitDecision } from './decisions.js';
import { DATE_LIMIT, TEXT_LIMIT } from '../language/limits.js';
import { bold, type Field, type Form, line } from '../message.js';
import type { SourceMessage } from '../ports.js';

export const RECORD_KINDS = ['commitment', 'blocker', 'decision'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const recordStateSchema = z.object({
  kind: z.enum(RECORD_KINDS),
  teamId: z.number().int().positive(),
  source: z.object({
    messageId: z.string().max(200),
    channelId: z.string().max(200),
    authorId: z.string().max(200).optional(),
    url: z.string().max(2000).regex(/^https?:\/\//i).optional(),
  }),
});
export type RecordState = z.infer<typeof recordStateSchema>;

/** The form for recording a message as a commitment, blocker or decision. */
export async function recordForm(ctx: Context, kind: RecordKind, source: SourceMessage): Promise<Form> {
  const people = (await listMembers(ctx.db, ctx.team.id)).map((m) => ({ value: m.userId, label: m.name.slice(0, 75) }));
  const author = source.authorId ? await findMember(ctx.db, ctx.team.id, source.authorId) : undefined;
  const initialPerson = author && author.status === 'active' ? author.userId : ctx.actor.userId;
  const text = source.text ? excerpt(source.text).slice(0, TEXT_LIMIT) : '';
  const named = dueNamedIn(ctx, text, ctx.tz(author && author.status === 'active' ? author : ctx.actor));
  const namedDue = named ? { initial: named } : {};
  const state: RecordState = {
    kind,
    teamId: ctx.team.id,
    source: { messageId: source.messageId, channelId: source.channelId, ...(source.authorId ? { authorId: source.authorId } : {}), ...(source.url ? { url: source.url } : {}) },
  };
  const fields: Field[] =
    kind === 'commitment'
      ? [
          { type: 'text', id: 'text', label: 'What', multiline: true, initial: text, maxLength: TEXT_LIMIT },
          { type: 'select', id: 'owner', label: 'Owner', options: people, initial: initialPerson },
          { type: 'text', id: 'due', label: 'By when', optional: true, placeholder: 'Friday, next Tuesday, in 2 weeks, 2026-12-01', maxLength: DATE_LIMIT, ...namedDue },
        ]
      : kind === 'blocker'
        ? [
            { type: 'text', id: 'text', label: 'What is stuck', multiline: true, initial: text, maxLength: TEXT_LIMIT },
            { type: 'select', id: 'unblocker', label: 'Who can unblock it', options: people, optional: true },
          ]
        : [
            { type: 'text', id: 'text', label: 'Decision', multiline: true, initial: text, maxLength: TEXT_LIMIT },
            { type: 'text', id: 'rationale', label: 'Why', multiline: true, optional: true, maxLength: TEXT_LIMIT },
            { type: 'select', id: 'executor', label: 'Who executes it', options: people, optional: true, initial: initialPerson },
            { type: 'text', id: 'due', label: 'By when', optional: true, placeholder: 'Friday, next Tuesday, 2026-12-01', maxLength: DATE_LIMIT, ...namedDue },
          ];
  return {
    formId: 'record',
    state: JSON.stringify(state),
    title: `Record as ${kind}`,
    submitLabel: 'Record',
    intro: line('From a message in ', bold(ctx.team.name), '. It will link back to it.'),
    fields,
  };
}

const answersSchema = z.object({
  text: z.string().trim().min(1, 'Write what to record.').max(TEXT_LIMIT, `At most ${TEXT_LIMIT} characters.`),
  owner: z.string().max(200).optional(),
  unblocker: z.string().max(200).optional(),
  executor: z.string().max(200).optional(),
  rationale: z.string().trim().max(TEXT_LIMIT, `At most ${TEXT_LIMIT} characters.`).optional(),
  due: z.string().trim().max(DATE_LIMIT, `At most ${DATE_LIMIT} characters.`).optional(),
});

export type FormErrors = Record<string, string>;

/** Records the form's answers; returns errors per field when something needs fixing. */
export async function submitRecord(ctx: Context, state: RecordState, values: Record<string, string | undefined>): Promise<FormErrors | null> {
  const parsed = answersSchema.safeParse(values);
  if (!parsed.success) {
    const errors: FormErrors = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'text')] = issue.message;
    return errors;
  }
  const a = parsed.data;
  const member = async (id: string | undefined, field: string): Promise<{ m?: Awaited<ReturnType<typeof findMember>>; error?: FormErrors }> => {
    if (!id) return {};
    const m = await findMember(ctx.db, ctx.team.id, id);
    return m && m.status === 'active' ? { m } : { error: { [field]: 'Pick a member of the team.' } };
  };
  const readDue = (tz: string): DueDate | FormErrors | null => {
    if (!a.due) return null;
    const r = readDate(a.due, ctx.now, tz, ctx.dates);
    if (r.ok) return r.due;
    if (r.reason === 'time' || r.reason === 'vague' || r.reason === 'long') return { due: dateHint(a.due, r.reason) };
    return { due: r.reason === 'past' ? 'That day is in the past.' : 'Try "Friday", "next Tuesday", "in 2 weeks" or "2026-12-01".' };
  };
  const src = state.source;
  const source: SourceMessage = { messageId: src.messageId, channelId: src.channelId, ...(src.authorId ? { authorId: src.authorId } : {}), ...(src.url ? { url: src.url } : {}) };

  if (state.kind === 'blocker') {
    const u = await member(a.unblocker, 'unblocker');
    if (u.error) return u.error;
    await flagMessage(ctx, { ...source, text: a.text }, a.text, u.m ?? undefined);
    return null;
  }
  if (state.kind === 'decision') {
    const e = await member(a.executor, 'executor');
    if (e.error) return e.error;
    const due = readDue(ctx.tz(e.m ?? ctx.actor));
    if (due && !('date' in due)) return due;
    await submitDecision(ctx, { text: a.text, rationale: a.rationale || undefined, executor: e.m ?? undefined, due: due as DueDate | null, source });
    return null;
  }
  const o = await member(a.owner ?? ctx.actor.userId, 'owner');
  if (o.error) return o.error;
  const owner = o.m ?? ctx.actor;
  const due = readDue(ctx.tz(owner));
  if (due && !('date' in due)) return due;
  await createCommitment(ctx, { text: a.text, owner, due: due as DueDate | null, source });
  return null;
}


/**
 * The date a message names after "by", "before", "due" or "on" ("I will send the budget by
 * Thursday."), as the person wrote it, or '' — the form's "By when" starts from it. Only a few
 * words after each of the last few such words are tried, so a long message costs the date
 * parser little; a date that does not read (or is past) leaves the field empty.
 */
function dueNamedIn(ctx: Context, text: string, tz: string): string {
  const marks = [...text.matchAll(/(?:^|\s)(?:by|before|due|on)\s+/gi)].slice(-5).reverse();
  for (const m of marks) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 60);
    const clause = after.split(/[,;!?\n()]|\.(?:\s|$)/)[0] ?? '';
    const words = clause.trim().split(/\s+/).slice(0, 4);
    for (let n = words.length; n > 0; n--) {
      const candidate = words.slice(0, n).join(' ');
      if (readDate(candidate, ctx.now, tz, ctx.dates).ok) return candidate;
    }
  }
  return '';
}
