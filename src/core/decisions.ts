// Decisions: flat to decide, vertical to execute. Posted to the channel and, when the team set
// one, announced in the wider staff channel.
import type { MemberRow } from '../db/members.js';
import { type DecisionRow, insertDecision } from '../db/decisions.js';
import { getTeam, nextSeq } from '../db/teams.js';
import { dueOrRefusal } from './commitments.js';
import { type Context, isRefusal } from './context.js';
import { type DueDate, distance, formatDay } from './dates.js';
import type { Handlers } from './handlers.js';
import { reasonOnly, ref } from './lines.js';
import { memberNamed } from './lookup.js';
import { bold, context, fields, header, line, mention, message, section } from './message.js';
import type { SourceMessage } from './ports.js';

export interface NewDecision {
  text: string;
  rationale?: string | undefined;
  executor?: MemberRow | undefined;
  due?: DueDate | null | undefined;
  origin?: string | undefined;
  /** The message it was recorded from (a message action). */
  source?: SourceMessage | undefined;
  /** The date was typed in this very command: its announcement says how far away it is. */
  typedDue?: boolean;
}

/** Records a decision and announces it (channel, and the broadcast channel if set). */
export async function recordDecision(ctx: Context, d: NewDecision): Promise<DecisionRow> {
  const why = d.rationale ? reasonOnly(d.rationale) : undefined;
  const seq = await nextSeq(ctx.db, ctx.team.id, 'D');
  const row = await insertDecision(ctx.db, {
    teamId: ctx.team.id,
    seq,
    text: d.text,
    rationale: why ?? null,
    executorId: d.executor?.id ?? null,
    dueDate: d.due?.date ?? null,
    dueTz: d.due?.tz ?? null,
    dueAt: d.due?.dueAt ?? null,
    origin: d.origin ?? null,
    createdBy: ctx.actor.id,
    ...ctx.provenance,
    ...(d.source ? { sourceUrl: d.source.url ?? null, sourceMessageId: d.source.messageId } : {}),
  });
  const id = ref('decision', seq);
  await ctx.audit('decision.record', id, { executor: d.executor?.userId ?? null, due: row.dueDate, origin: d.origin ?? null });
  const details = [
    ...(why ? [{ label: 'Why', value: line(why) }] : []),
    { label: 'Executes', value: d.executor ? line(mention(d.executor)) : line('not named yet') },
    // A date typed just now says how far it is ("next Friday" on a Monday is 11 days), like a commitment's.
    ...(d.due ? [{ label: 'By', value: line(formatDay(d.due.date, ctx.now, d.due.tz), d.typedDue ? distance(d.due, ctx.now) : null) }] : []),
  ];
  const announcement = message([
    header(`Decision ${id}`),
    section(line(bold(d.text))),
    fields(...details),
    context(`Decided in ${ctx.team.name}${d.origin ? ` (from ${d.origin})` : ''} · recorded by ${ctx.actor.name}`),
  ]);
  ctx.announce(announcement, { ref: id, summary: `${id} ${d.text}` });
  const team = await getTeam(ctx.db, ctx.team.id);
  if (team?.broadcastChannelId && team.broadcastChannelId !== team.channelId) {
    ctx.postTo(team.broadcastChannelId, announcement, { subject: { ref: id } });
  }
  return row;
}

export const decisionHandlers: Handlers = {
  async decide(ctx, cmd) {
    const executor = cmd.executorId ? await memberNamed(ctx, cmd.executorId, 'executor') : undefined;
    if (isRefusal(executor)) return executor;
    let due: DueDate | null = null;
    if (cmd.when) {
      const d = dueOrRefusal(ctx, cmd.when, ctx.tz(executor ?? ctx.actor), `decide ${cmd.text.slice(0, 30)} owner @someone by Friday`, 'decide');
      if (isRefusal(d)) return d;
      due = d;
    }
    await recordDecision(ctx, { text: cmd.text, rationale: cmd.rationale, executor, due, typedDue: true });
  },
};
