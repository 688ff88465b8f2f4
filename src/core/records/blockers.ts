// Blockers: something stuck that needs the lead's or the team's attention. The lead is told at
// once; a blocker flagged from a message keeps its link and gets a reply in that thread.
import { type BlockerRow, findBlocker, findBlockerFromMessage, insertBlocker, updateBlocker } from '../../db/blockers.js';
import type { MemberRow } from '../../db/members.js';
import { nextSeq } from '../../db/teams.js';
import { goalOrRefusal } from './commitments.js';
import { type Context, type Refusal, isRefusal, refuse } from '../context.js';
import type { Handlers } from '../handlers.js';
import { ref } from './lines.js';
import { found, memberNamed, ownerOrLead } from './lookup.js';
import { leads } from '../team/membership.js';
import { bold, context, line, link, mention, message, say, section } from '../message.js';
import type { SourceMessage } from '../ports.js';

/** How long an excerpt of a flagged message may be. */
const EXCERPT = 280;

export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT ? flat : `${flat.slice(0, EXCERPT - 1)}…`;
}

interface NewBlocker {
  text: string;
  unblocker?: MemberRow | undefined;
  goal?: number | undefined;
  source?: SourceMessage | undefined;
}

/**
 * Who was told, for the person who raised it: a lead raising a blocker is not told "the lead has
 * been told" — they are the lead. Null when no one else leads the team.
 */
export async function leadsTold(ctx: Context): Promise<string | null> {
  const others = (await leads(ctx.db, ctx.team.id)).filter((l) => l.id !== ctx.actor.id);
  if (others.length === 0) return null;
  const actorLeads = others.length < (await leads(ctx.db, ctx.team.id)).length;
  if (!actorLeads) return others.length === 1 ? 'the lead has been told' : 'the leads have been told';
  return others.length === 1 ? 'the other lead has been told' : 'the other leads have been told';
}

/** Records a blocker, posts it, and tells the leads (and whoever can unblock it) privately. */
export async function raiseBlocker(ctx: Context, b: NewBlocker): Promise<BlockerRow> {
  const seq = await nextSeq(ctx.db, ctx.team.id, 'E');
  const row = await insertBlocker(ctx.db, {
    teamId: ctx.team.id,
    seq,
    text: b.text,
    raisedBy: ctx.actor.id,
    unblockerId: b.unblocker?.id ?? null,
    goalSeq: b.goal ?? null,
    sourceChannelId: b.source?.channelId ?? null,
    excerpt: b.source?.text ? excerpt(b.source.text) : null,
    ...ctx.provenance,
    sourceUrl: b.source?.url ?? ctx.inv.sourceUrl ?? null,
    sourceMessageId: b.source?.messageId ?? ctx.inv.sourceMessageId ?? null,
  });
  const id = ref('blocker', seq);
  await ctx.audit('blocker.raise', id, { unblocker: b.unblocker?.userId ?? null, from: b.source?.messageId ?? null });
  const summary = line(bold(id), ' ', b.text, b.goal ? ` #G-${b.goal}` : null);
  const where = row.sourceUrl ? line(link(row.sourceUrl, 'the message'), ' it came from') : null;
  const subject = { ref: id, summary: `${id} ${b.text}` };
  const told = await leadsTold(ctx);
  if (b.source && b.source.channelId === ctx.team.channelId) {
    // Flagged from a message: the answer goes in that message's thread, where people look.
    // Only in the team's own channel: a post Baton made in the wider staff's channel (Teams lets
    // a member flag it by reaction) must not tell the staff about the team's blocker.
    ctx.postTo(
      b.source.channelId,
      say('🚨 Flagged as blocker ', bold(id), ` by ${ctx.actor.name}`, b.unblocker ? ' · to unblock: ' : null, b.unblocker ? mention(b.unblocker) : null, '.', told ? ` ${told[0]!.toUpperCase()}${told.slice(1)}.` : null),
      { threadOf: b.source.messageId, subject },
    );
  } else {
    ctx.announce(
      message([
        section(line('🚨 Blocker ', bold(id), ` raised by ${ctx.actor.name}: `, b.text), ...(b.unblocker ? [line('To unblock: ', mention(b.unblocker))] : [])),
        ...(where ? [context(...where)] : []),
      ]),
      subject,
    );
  }
  const dmed = new Set<number>([ctx.actor.id]);
  for (const lead of await leads(ctx.db, ctx.team.id)) {
    if (dmed.has(lead.id)) continue;
    dmed.add(lead.id);
    ctx.dm(
      lead.userId,
      message([
        section(line(`🚨 ${ctx.actor.name} flagged a blocker in ${ctx.team.name}:`), summary),
        context(...(where ?? []), where ? ' · ' : '', { text: `${ctx.prefix}resolve ${id} <note>`, code: true }, ' when it is cleared'),
      ]),
      { subject },
    );
  }
  if (b.unblocker && !dmed.has(b.unblocker.id)) {
    ctx.dm(b.unblocker.userId, message([section(line(`${ctx.actor.name} named you as the person who can unblock this in ${ctx.team.name}:`), summary)]), {
      subject: { ref: id, summary: `${id} ${b.text}` },
    });
  }
  return row;
}

/**
 * Flags someone's message as a blocker (a reaction or a message action). A second flag on the
 * same message finds the first blocker instead of making another.
 */
export async function flagMessage(ctx: Context, source: SourceMessage, text?: string, unblocker?: MemberRow): Promise<{ blocker: BlockerRow; created: boolean }> {
  const already = await findBlockerFromMessage(ctx.db, ctx.team.id, source.messageId);
  if (already) return { blocker: already, created: false };
  const body = text?.trim() || (source.text ? excerpt(source.text) : '') || 'Flagged message';
  const blocker = await raiseBlocker(ctx, { text: body, source, unblocker });
  return { blocker, created: true };
}

async function blockerOf(ctx: Context, seq: number): Promise<BlockerRow | Refusal> {
  return found(await findBlocker(ctx.db, ctx.team.id, seq), `E-${seq}`, 'list blockers');
}

export const blockerHandlers: Handlers = {
  async blocker(ctx, cmd) {
    // Who can unblock it is often outside the team (IT, a vendor). Only members can be named (they
    // get the private note and may resolve it), but the blocker is what matters: it is kept, and
    // the leads, who are told of every blocker, take it from there.
    const named = cmd.unblockerId ? await memberNamed(ctx, cmd.unblockerId, 'person to unblock it') : undefined;
    const outsider = isRefusal(named) ? (ctx.people.get(cmd.unblockerId!)?.name ?? cmd.unblockerId!) : undefined;
    const unblocker = isRefusal(named) ? undefined : named;
    const goalErr = await goalOrRefusal(ctx, cmd.goal);
    if (goalErr) return goalErr;
    const b = await raiseBlocker(ctx, { text: cmd.text, unblocker, goal: cmd.goal });
    if (outsider) {
      const told = await leadsTold(ctx);
      ctx.reply(say(
        `${outsider} isn't in ${ctx.team.name}, so `, bold(ref('blocker', b.seq)),
        ` has no one named to unblock it and ${told ? 'the lead will see it instead' : 'it is yours to follow as the lead'}.`,
        ' Only members can be named to unblock a blocker.',
      ));
    }
  },

  async resolve(ctx, cmd) {
    const b = await blockerOf(ctx, cmd.seq);
    if (isRefusal(b)) return b;
    const id = ref('blocker', b.seq);
    if (b.status !== 'open') return refuse(`${id} is already resolved.`, 'list blockers', 'list');
    const denied = ownerOrLead(ctx, [b.raisedBy, b.unblockerId], `who raised ${id}, who can unblock it,`);
    if (denied) return denied;
    await updateBlocker(ctx.db, b.id, { status: 'resolved', resolvedAt: ctx.now, resolvedBy: ctx.actor.id, resolution: cmd.note ?? null });
    await ctx.audit('blocker.resolve', id, { note: cmd.note ?? null });
    const msg = say('✅ Blocker ', bold(id), ` resolved by ${ctx.actor.name}: `, b.text, cmd.note ? ` — ${cmd.note}` : null);
    ctx.announce(msg, { ref: id, summary: `${id} ${b.text}` });
    // A blocker flagged from a message also closes the loop in that message's thread.
    if (b.sourceChannelId === ctx.team.channelId && b.sourceMessageId) ctx.postTo(b.sourceChannelId, msg, { threadOf: b.sourceMessageId, subject: { ref: id } });
  },
};
