// Assignments: `commit … @x` by someone else asks x to take it on. The channel says who asked
// whom; x gets a private message with Accept / Decline (Decline asks why). Declined, it is
// dropped and the asker is told privately; accepted, it is x's commitment.
import { type CommitmentRow, findCommitment, insertCommitmentEvent, updateCommitment } from '../../db/commitments.js';
import { getMember, type MemberRow } from '../../db/members.js';
import type { ActionHandler, FormHandler } from '../handlers.js';
import { type Context, type Refusal, refuse } from '../context.js';
import { amendPosts } from './corrections.js';
import { formatDay } from '../language/dates.js';
import { ref } from './lines.js';
import { type Form, type Message, actions, bold, context, line, message, say, section } from '../message.js';

export const ASSIGN = { accept: 'assign.accept', decline: 'assign.decline' } as const;

/** The asked person's private message: what, by whom, by when, and the two buttons. */
export function askToAccept(ctx: Context, c: CommitmentRow, owner: MemberRow): void {
  const id = ref('commitment', c.seq);
  const value = JSON.stringify({ teamId: ctx.team.id, c: c.seq });
  ctx.dm(
    owner.userId,
    message([
      section(
        line(`${ctx.actor.name} asked you to take on `, bold(id), ` in ${ctx.team.name}:`),
        line(bold(c.text), c.dueDate && c.dueTz ? ` — by ${formatDay(c.dueDate, ctx.now, c.dueTz)}` : null),
      ),
      context('It becomes your commitment when you accept it. Declining drops it; you say why, and only they are told.'),
      actions(
        { label: 'Accept', actionId: ASSIGN.accept, value, style: 'primary' },
        { label: 'Decline', actionId: ASSIGN.decline, value, opensForm: true },
      ),
    ]),
    { subject: { ref: id, summary: `${id} ${c.text}` } },
  );
}

/** The commitment a button names, if it still waits for this person's answer. */
async function pending(ctx: Context, value: string): Promise<CommitmentRow | Refusal> {
  let seq: number | undefined;
  try {
    const v = JSON.parse(value) as { c?: unknown };
    if (typeof v.c === 'number') seq = v.c;
  } catch {
    /* answered below */
  }
  const c = seq === undefined ? undefined : await findCommitment(ctx.db, ctx.team.id, seq);
  if (!c) return refuse('That commitment is no longer here.', 'mine', 'commit');
  const id = ref('commitment', c.seq);
  if (c.ownerId !== ctx.actor.id) return refuse(`${id} was asked of someone else.`, 'mine', 'commit');
  if (c.assignment !== 'pending' || c.status !== 'open') {
    return refuse(`${id} is no longer waiting for your answer (${c.status !== 'open' ? c.status : c.assignment ?? 'yours'}).`, 'mine', 'commit');
  }
  return c;
}

const accept: ActionHandler = async (ctx, value) => {
  const c = await pending(ctx, value);
  if ('refused' in c) return c;
  const id = ref('commitment', c.seq);
  await updateCommitment(ctx.db, c.id, { assignment: 'accepted' });
  await insertCommitmentEvent(ctx.db, { commitmentId: c.id, teamId: ctx.team.id, kind: 'accepted', by: ctx.actor.id, at: ctx.now });
  await ctx.audit('commitment.accept', id);
  const asker = await getMember(ctx.db, c.createdBy);
  // The ask's post no longer says it waits.
  await amendPosts(ctx, id, (text) => (text.includes(' to accept') ? text.replace(/ · waiting for .+ to accept/, ` · accepted by ${ctx.actor.name}`) : null));
  ctx.postRecord(say('🤝 ', bold(id), ` ${ctx.actor.name} accepted: `, c.text, asker ? ` (asked by ${asker.name})` : null), { ref: id, summary: `${id} ${c.text}` });
  ctx.reply(say('You accepted ', bold(id), ': it is your commitment now.'));
};

const declineForm: ActionHandler = async (ctx, value): Promise<Form | Refusal> => {
  const c = await pending(ctx, value);
  if ('refused' in c) return c;
  return {
    formId: ASSIGN.decline,
    state: value,
    title: `Decline ${ref('commitment', c.seq)}`,
    submitLabel: 'Decline',
    intro: line(c.text.slice(0, 300)),
    fields: [{ type: 'text', id: 'reason', label: 'Why? (only the person who asked sees this)', multiline: true, maxLength: 500 }],
  };
};

const decline: FormHandler = async (ctx, state, values) => {
  const c = await pending(ctx, state);
  if ('refused' in c) return c;
  const reason = values.reason?.trim();
  if (!reason) return { reason: 'Say why, so the person who asked knows what to do next.' };
  const id = ref('commitment', c.seq);
  await updateCommitment(ctx.db, c.id, { status: 'dropped', assignment: 'declined', closedAt: ctx.now, closedBy: ctx.actor.id, closeNote: reason });
  await insertCommitmentEvent(ctx.db, { commitmentId: c.id, teamId: ctx.team.id, kind: 'declined', note: reason, by: ctx.actor.id, at: ctx.now });
  await ctx.audit('commitment.decline', id);
  await amendPosts(ctx, id, (text) => (text.includes(' to accept') ? text.replace(/ · waiting for .+ to accept/, ` · declined by ${ctx.actor.name}`) : null));
  ctx.postRecord(say('✖️ ', bold(id), ` ${ctx.actor.name} declined; dropped: `, c.text), { ref: id, summary: `${id} ${c.text}` });
  const asker = await getMember(ctx.db, c.createdBy);
  const told: Message = say(`${ctx.actor.name} declined `, bold(id), ` (${c.text}): `, reason);
  if (asker && asker.id !== ctx.actor.id && asker.status === 'active') ctx.dm(asker.userId, told, { subject: { ref: id } });
  ctx.reply(say('You declined ', bold(id), '. It is dropped; ', asker ? asker.name : 'the person who asked', ' is told why.'));
};

export const assignmentActions: Record<string, ActionHandler> = { [ASSIGN.accept]: accept, [ASSIGN.decline]: declineForm };
export const assignmentForms: Record<string, FormHandler> = { [ASSIGN.decline]: decline };
/** The Decline form is built by its button, from the same value. */
export const assignmentFormBuilders: Record<string, ActionHandler> = { [ASSIGN.decline]: declineForm };
