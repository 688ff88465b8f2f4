// Corrections: `edit` a record's text (its posts say "edited"; the history keeps the old text),
// `reassign` a commitment, `drop U-n|E-n` a mistaken update or blocker (kept, left out of recaps
// and numbers). A decided decision's correction is announced wherever the decision was.
import { findBlocker, updateBlocker } from '../../db/blockers.js';
import { findCommitment, insertCommitmentEvent, updateCommitment } from '../../db/commitments.js';
import { findDecision } from '../../db/decisions.js';
import { announcementsOf, editsOf, insertEdit, setDecisionText } from '../../db/edits.js';
import { findGoal, updateGoal } from '../../db/goals.js';
import { getMember } from '../../db/members.js';
import { findUpdate, patchUpdate } from '../../db/updates.js';
import type { ItemKind } from '../language/limits.js';
import { type Context, type Refusal, isRefusal, refuse } from '../context.js';
import { formatDay, formatInstant } from '../language/dates.js';
import type { Handlers } from '../handlers.js';
import { ref } from './lines.js';
import { memberNamed } from './lookup.js';
import { type Block, type Line, type Message, bold, context, line, mention, message, say, section } from '../message.js';
import { isLead } from '../team/permissions.js';
import { correctHeld } from '../team/quiet.js';

/** One change to a record, kept with the value it replaced. */
export async function recordEdit(ctx: Context, id: string, field: string, from: string | null, to: string | null): Promise<void> {
  await insertEdit(ctx.db, { teamId: ctx.team.id, ref: id, field, oldValue: from, newValue: to, by: ctx.actor.id, at: ctx.now });
}

/** A record as `edit` sees it: its text, who may correct it, and how to store the new text. */
interface Editable {
  text: string;
  /** The author, owner (and for a decision its executor): with the leads, who may correct it. */
  people: (number | null)[];
  closed?: string;
  /** What to type instead, when it is closed (default: the list with closed records). */
  hint?: string;
  save: (text: string) => Promise<void>;
  /** A decided decision: the correction is announced where it was announced. */
  announceCorrection?: boolean;
}

async function editable(ctx: Context, kind: ItemKind, seq: number): Promise<Editable | Refusal> {
  const id = ref(kind, seq);
  const missing = refuse(`There is no ${id} in this team.`, `list ${kind === 'goal' ? 'goals' : `${kind}s`}`, 'list');
  switch (kind) {
    case 'update': {
      const u = await findUpdate(ctx.db, ctx.team.id, seq);
      if (!u) return missing;
      return { text: u.text, people: [u.createdBy], ...(u.droppedAt !== null ? { closed: 'withdrawn' } : {}), save: (text) => patchUpdate(ctx.db, u.id, { text }) };
    }
    case 'commitment': {
      const c = await findCommitment(ctx.db, ctx.team.id, seq);
      if (!c) return missing;
      return { text: c.text, people: [c.ownerId, c.createdBy], save: (text) => updateCommitment(ctx.db, c.id, { text }) };
    }
    case 'blocker': {
      const b = await findBlocker(ctx.db, ctx.team.id, seq);
      if (!b) return missing;
      return { text: b.text, people: [b.raisedBy], ...(b.status === 'dropped' ? { closed: 'withdrawn' } : {}), save: (text) => updateBlocker(ctx.db, b.id, { text }) };
    }
    case 'decision': {
      const d = await findDecision(ctx.db, ctx.team.id, seq);
      if (!d) return missing;
      // No longer in force: kept as it was; what to correct instead is the decision in force, or a new proposal.
      const kept = { text: d.text, people: [], save: async () => undefined };
      if (d.status === 'superseded' && d.supersededBySeq !== null) {
        const by = ref('decision', d.supersededBySeq);
        return { ...kept, closed: `superseded by ${by}`, hint: `edit ${by} <the corrected text>` };
      }
      if (d.status === 'superseded' || d.status === 'retracted') return { ...kept, closed: d.status };
      if (d.status === 'rejected') return { ...kept, closed: 'a proposal that was not decided', hint: `decide ${d.text.slice(0, 60)}` };
      // A proposal is corrected quietly: the staff hears of it only once it is decided.
      return { text: d.text, people: [d.createdBy, d.executorId], announceCorrection: d.status === 'decided', save: (text) => setDecisionText(ctx.db, d.id, text) };
    }
    case 'goal': {
      const g = await findGoal(ctx.db, ctx.team.id, seq);
      if (!g) return missing;
      return { text: g.text, people: [g.ownerId, g.createdBy], save: async (text) => {
        await updateGoal(ctx.db, g.id, { text });
      } };
    }
    default:
      return refuse('`edit` corrects updates, commitments, blockers, decisions and goals.', 'edit C-3 <the corrected text>', 'edit');
  }
}

/** The spans of a posted message that read one of `texts`, now reading `to`; false if none did. */
function rewrite(msg: Message, texts: Set<string>, to: string): { blocks: Block[]; changed: boolean } {
  let changed = false;
  const fix = (l: Line): Line =>
    l.map((s) => {
      if (!texts.has(s.text)) return s;
      changed = true;
      return { ...s, text: to };
    });
  const blocks = msg.blocks.map((b): Block => {
    switch (b.type) {
      case 'section':
        return { ...b, lines: b.lines.map(fix) };
      case 'fields':
        return { ...b, fields: b.fields.map((f) => ({ ...f, value: fix(f.value) })) };
      case 'list':
        return { ...b, items: b.items.map(fix) };
      case 'context':
        return { ...b, line: fix(b.line) };
      default:
        return b;
    }
  });
  return { blocks, changed };
}

/**
 * Updates every channel post that announced a record so it reads the new text and says it was
 * edited (an edit of the platform message, through the outbox); returns the channels it was in.
 */
export async function editPosts(ctx: Context, id: string, to: string): Promise<string[]> {
  const texts = new Set((await editsOf(ctx.db, ctx.team.id, id)).filter((e) => e.field === 'text' && e.oldValue !== null).map((e) => e.oldValue!));
  const channels: string[] = [];
  for (const post of await announcementsOf(ctx.db, ctx.workspace.id, ctx.team.id, id)) {
    const { blocks, changed } = rewrite(post.message as unknown as Message, texts, to);
    const note = context(`✏️ Edited by ${ctx.actor.name}, ${formatInstant(ctx.now, ctx.actorTz)}${changed ? '' : ` — now reads: ${to}`}`.slice(0, 2900));
    ctx.postEditable(post.channelId, message([...blocks.filter((b) => !(b.type === 'context' && b.line[0]?.text.startsWith('✏️ Edited by'))), note]), { replaces: post.key, subject: { ref: id } });
    channels.push(post.channelId);
  }
  // A post held for the day's roll-up (`quiet digest`) reads the correction when it is rolled up.
  await correctHeld(ctx, id, texts, to);
  return channels;
}

/**
 * Rewrites what a record's posts say in place (an accepted ask no longer "waits"): each span
 * `change` returns a new text for is replaced; posts with no such span are left alone.
 */
export async function amendPosts(ctx: Context, id: string, change: (text: string) => string | null): Promise<void> {
  for (const post of await announcementsOf(ctx.db, ctx.workspace.id, ctx.team.id, id)) {
    const msg = post.message as unknown as Message;
    let changed = false;
    const fix = (l: Line): Line =>
      l.map((s) => {
        const to = change(s.text);
        if (to === null || to === s.text) return s;
        changed = true;
        return { ...s, text: to };
      });
    const blocks = msg.blocks.map((b): Block => (b.type === 'section' ? { ...b, lines: b.lines.map(fix) } : b));
    if (changed) ctx.postEditable(post.channelId, message(blocks), { replaces: post.key, subject: { ref: id } });
  }
}

export const correctionHandlers: Handlers = {
  async edit(ctx, cmd) {
    const id = ref(cmd.kind, cmd.seq);
    const rec = await editable(ctx, cmd.kind, cmd.seq);
    if (isRefusal(rec)) return rec;
    if (rec.closed) return refuse(`${id} is ${rec.closed}: it is kept as it was.`, rec.hint ?? `list ${cmd.kind}s all`, 'edit');
    if (!rec.people.includes(ctx.actor.id) && !isLead(ctx.actor.roles)) {
      return refuse(`Only ${id}'s owner, who recorded it, or a lead can correct it.`, 'mine', 'edit');
    }
    if (rec.text === cmd.text) return refuse(`${id} already reads that way.`, undefined, 'edit');
    await rec.save(cmd.text);
    await recordEdit(ctx, id, 'text', rec.text, cmd.text);
    await ctx.audit(`${cmd.kind}.edit`, id, { from: rec.text, to: cmd.text });
    const channels = await editPosts(ctx, id, cmd.text);
    if (rec.announceCorrection) {
      // Staff who read the decision read its correction where they read it.
      const correction = message([section(line('✏️ Correction to decision ', bold(id), ': ', bold(cmd.text)), line(`It read: ${rec.text}`)), context(`Corrected by ${ctx.actor.name} in ${ctx.team.name}`)]);
      const where = channels.length ? channels : [ctx.team.channelId];
      for (const channelId of where) ctx.postTo(channelId, correction, { subject: { ref: id, summary: `${id} ${cmd.text}` } });
      if (ctx.inv.channelId !== ctx.team.channelId || !where.includes(ctx.team.channelId)) ctx.reply(correction);
      return;
    }
    ctx.reply(say('✏️ ', bold(id), channels.length ? ' edited: its post now reads ' : ' edited: it now reads ', `"${cmd.text}"`, '. The old text stays in its history.'));
  },

  async reassign(ctx, cmd) {
    const c = await findCommitment(ctx.db, ctx.team.id, cmd.seq);
    const id = ref('commitment', cmd.seq);
    if (!c) return refuse(`There is no ${id} in this team.`, 'list commitments', 'list');
    if (c.status !== 'open') return refuse(`${id} is already ${c.status}.`, 'list commitments', 'list');
    if (c.ownerId !== ctx.actor.id && !isLead(ctx.actor.roles)) return refuse(`Only ${id}'s owner or a lead can hand it over.`, 'mine', 'reassign');
    const to = await memberNamed(ctx, cmd.userId, 'owner');
    if (isRefusal(to)) return to;
    if (to.id === c.ownerId) return refuse(`${to.name} already owns ${id}.`, 'list commitments', 'reassign');
    const from = await getMember(ctx.db, c.ownerId);
    await updateCommitment(ctx.db, c.id, { ownerId: to.id, assignment: null });
    await insertCommitmentEvent(ctx.db, { commitmentId: c.id, teamId: ctx.team.id, kind: 'reassigned', note: `${from?.name ?? 'someone'} → ${to.name}`, by: ctx.actor.id, at: ctx.now });
    await recordEdit(ctx, id, 'owner', from?.name ?? null, to.name);
    await ctx.audit('commitment.reassign', id, { from: from?.userId ?? null, to: to.userId });
    ctx.announceRecord(say('🔁 ', bold(id), ` handed over from ${from?.name ?? 'someone'} to `, mention(to), ` by ${ctx.actor.name}: `, c.text), { ref: id, summary: `${id} ${c.text}` });
    if (to.id !== ctx.actor.id) ctx.dm(to.userId, say(`${ctx.actor.name} handed ${id} over to you in ${ctx.team.name}: `, bold(c.text), '. ', c.dueDate && c.dueTz ? `It is due ${formatDay(c.dueDate, ctx.now, c.dueTz)}.` : 'It has no date yet.'), { subject: { ref: id } });
  },

  async withdraw(ctx, cmd) {
    const id = ref(cmd.kind, cmd.seq);
    if (cmd.kind === 'update') {
      const u = await findUpdate(ctx.db, ctx.team.id, cmd.seq);
      if (!u) return refuse(`There is no ${id} in this team.`, 'list updates', 'list');
      if (u.droppedAt !== null) return refuse(`${id} is already withdrawn.`, 'list updates', 'drop');
      if (u.createdBy !== ctx.actor.id && !isLead(ctx.actor.roles)) return refuse(`Only who wrote ${id} or a lead can withdraw it.`, 'list updates', 'drop');
      await patchUpdate(ctx.db, u.id, { droppedAt: ctx.now, droppedBy: ctx.actor.id, dropReason: cmd.reason ?? null });
      await ctx.audit('update.drop', id, cmd.reason ? { reason: cmd.reason } : undefined);
      ctx.announceRecord(say('🗑️ ', bold(id), ` withdrawn by ${ctx.actor.name}: `, u.text, cmd.reason ? ` — ${cmd.reason}` : null, '. It stays in the history, out of recaps and numbers.'), { ref: id });
      return;
    }
    const b = await findBlocker(ctx.db, ctx.team.id, cmd.seq);
    if (!b) return refuse(`There is no ${id} in this team.`, 'list blockers all', 'list');
    if (b.status === 'dropped') return refuse(`${id} is already withdrawn.`, 'list blockers all', 'drop');
    if (b.raisedBy !== ctx.actor.id && !isLead(ctx.actor.roles)) return refuse(`Only who raised ${id} or a lead can withdraw it.`, `resolve ${id} <note>`, 'drop');
    await updateBlocker(ctx.db, b.id, { status: 'dropped', droppedAt: ctx.now, droppedBy: ctx.actor.id, dropReason: cmd.reason ?? null });
    await ctx.audit('blocker.drop', id, cmd.reason ? { reason: cmd.reason } : undefined);
    ctx.announce(say('🗑️ Blocker ', bold(id), ` withdrawn by ${ctx.actor.name}: `, b.text, cmd.reason ? ` — ${cmd.reason}` : null, '. It stays in the history, out of recaps and numbers.'), { ref: id });
  },
};
