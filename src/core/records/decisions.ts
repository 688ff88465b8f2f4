// Decisions: flat to decide, vertical to execute. A `decide` becomes a decision under the team's
// decide-rule (at once, or as a proposal the team answers); only a decided one is posted as
// decided and announced to the wider staff; its executor and date make it an item of theirs.
import type { ActionHandler, FormHandler } from '../handlers.js';
import { z } from 'zod';
import { type DecisionRow, findDecision, insertDecision, insertDecisionEvent, putVote, updateDecision, votesOn } from '../../db/decisions.js';
import { cancelJobs, scheduleJob } from '../../db/jobs.js';
import { getBroadcastSettings } from '../../db/bulletin.js';
import { type MemberRow, findMember, getMember, insertMember, listMembers, updateMember } from '../../db/members.js';
import { dateChange } from '../../db/commitments.js';
import { getTeam, nextSeq } from '../../db/teams.js';
import { readAgreements } from '../team/agreements.js';
import { dueOrRefusal } from './commitments.js';
import { type Context, type Refusal, isRefusal, refuse } from '../context.js';
import { type DueDate, daysUntil, distance, formatDay, formatDuration, formatInstant } from '../language/dates.js';
import type { Handlers } from '../handlers.js';
import { reasonOnly, ref } from './lines.js';
import { found } from './lookup.js';
import { type Form, type Line, type Message, actions, bold, code, context, fields, header, line, mention, message, say, section } from '../message.js';
import { isLead } from '../team/permissions.js';
import type { SourceMessage } from '../ports.js';

export const DECISION_ACTION = { agree: 'decision.agree', object: 'decision.object', done: 'decision.done' } as const;
export const OBJECT_FORM = 'decision.object';
const WINDOW_JOB = 'decision.window';
const OBJECTION_LIMIT = 2000;

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
  /** The decided decision this one replaces: marked superseded once this one is decided. */
  replaces?: DecisionRow | undefined;
  /**
   * For the wider staff, a decision reached in the de-escalation flow: what it was about, and
   * the reason without the process wording (which names how the parties answered).
   */
  staff?: { topic: string; why?: string | undefined };
}

const buttonValue = z.object({ teamId: z.number().int(), seq: z.number().int().positive() });

function value(teamId: number, seq: number): string {
  return JSON.stringify({ teamId, seq });
}

function readValue(v: string): { teamId: number; seq: number } | null {
  try {
    const parsed = buttonValue.safeParse(JSON.parse(v));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function windowKey(teamId: number, seq: number): string {
  return `decision:${teamId}:${seq}:window`;
}

// ——— recording ———

async function insertRow(ctx: Context, d: NewDecision, status: 'proposed' | 'decided', windowEndsAt: number | null): Promise<DecisionRow> {
  const why = d.rationale ? reasonOnly(d.rationale) : undefined;
  const seq = await nextSeq(ctx.db, ctx.team.id, 'D');
  return await insertDecision(ctx.db, {
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
    status,
    windowEndsAt,
    replacesSeq: d.replaces?.seq ?? null,
    ...(status === 'decided' ? { decidedAt: ctx.now, decidedBy: ctx.actor.id } : {}),
  });
}

/** Records a decision decided at once (a lead under `lead`, the de-escalation flow, a message action of a lead). */
export async function recordDecision(ctx: Context, d: NewDecision): Promise<DecisionRow> {
  const row = await insertRow(ctx, d, 'decided', null);
  await ctx.audit('decision.record', ref('decision', row.seq), { executor: d.executor?.userId ?? null, due: row.dueDate, origin: d.origin ?? null });
  return announceDecided(ctx, row, 'at once', { typedDue: d.typedDue, staff: d.staff });
}

/** A `decide` (typed or from a message action) under the team's decide-rule. */
export async function submitDecision(ctx: Context, d: NewDecision): Promise<DecisionRow> {
  const a = readAgreements(ctx.team.agreements);
  if (a.decideRule === 'lead' && isLead(ctx.actor.roles)) return recordDecision(ctx, d);
  const windowEndsAt = a.decideRule === 'lead' ? null : ctx.now + a.decideWindowMs;
  const row = await insertRow(ctx, d, 'proposed', windowEndsAt);
  const id = ref('decision', row.seq);
  await ctx.audit('decision.propose', id, { rule: a.decideRule, windowEndsAt });
  // The proposer agrees with their own proposal: under consent a team of one decides at once.
  if (a.decideRule !== 'lead') await putVote(ctx.db, { decisionId: row.id, memberId: ctx.actor.id, vote: 'agree', reason: null, at: ctx.now });
  if (windowEndsAt !== null) {
    await scheduleJob(ctx.db, { key: windowKey(ctx.team.id, row.seq), kind: WINDOW_JOB, dueAt: windowEndsAt, payload: { teamId: ctx.team.id, seq: row.seq }, createdAt: ctx.now });
  }
  ctx.announce(await proposalMessage(ctx, row, d.typedDue), { ref: id, summary: `${id} ${row.text}` });
  const settled = await settleByVotes(ctx, row);
  return settled ?? row;
}

async function executorOf(ctx: Context, d: DecisionRow): Promise<MemberRow | undefined> {
  return d.executorId !== null ? await getMember(ctx.db, d.executorId) : undefined;
}

async function detailFields(ctx: Context, d: DecisionRow, typedDue?: boolean): Promise<{ label: string; value: Line }[]> {
  const executor = await executorOf(ctx, d);
  const due = d.dueDate && d.dueTz ? { date: d.dueDate, tz: d.dueTz } : null;
  return [
    ...(d.rationale ? [{ label: 'Why', value: line(d.rationale) }] : []),
    { label: 'Executes', value: executor ? line(mention(executor)) : line('not named yet') },
    // A date typed just now says how far it is ("next Friday" on a Monday is 11 days), like a commitment's.
    ...(due ? [{ label: 'By', value: line(formatDay(due.date, ctx.now, due.tz), typedDue ? distance(due, ctx.now) : null) }] : []),
    ...(d.replacesSeq !== null ? [{ label: 'Replaces', value: line(await replacedLabel(ctx, d.replacesSeq)) }] : []),
  ];
}

async function replacedLabel(ctx: Context, seq: number): Promise<string> {
  const old = await findDecision(ctx.db, ctx.team.id, seq);
  return `${ref('decision', seq)}${old ? ` (${old.text.slice(0, 200)})` : ''}`;
}

async function proposalMessage(ctx: Context, d: DecisionRow, typedDue?: boolean): Promise<Message> {
  const id = ref('decision', d.seq);
  const a = readAgreements(ctx.team.agreements);
  const proposer = await getMember(ctx.db, d.createdBy);
  const how =
    d.windowEndsAt === null
      ? 'A lead decides it with Agree.'
      : a.decideRule === 'majority'
        ? `Decided when more than half of the team agrees, or on ${formatInstant(d.windowEndsAt, ctx.tz(proposer))} if more agree than object.`
        : `Decided when everyone agrees, or on ${formatInstant(d.windowEndsAt, ctx.tz(proposer))} (${formatDuration(d.windowEndsAt - d.createdAt)}) if nobody objects.`;
  return message([
    header(`Proposal ${id}`),
    section(line(bold(d.text))),
    fields(...await detailFields(ctx, d, typedDue)),
    context(`Proposed in ${ctx.team.name} by ${proposer?.name ?? 'a member'} · ${how}`),
    actions(
      { label: 'Agree', actionId: DECISION_ACTION.agree, value: value(ctx.team.id, d.seq), style: 'primary' },
      { label: 'Object', actionId: DECISION_ACTION.object, value: value(ctx.team.id, d.seq), opensForm: true },
    ),
    context('Or type ', code(`${ctx.prefix}agree ${id}`), ' · ', code(`${ctx.prefix}object ${id} <why>`)),
  ]);
}

/**
 * Marks a decision decided (if it was a proposal), supersedes what it replaces, and announces it:
 * the team's channel, the broadcast channel if one is set (unless `broadcast each off`), and an executor outside the team privately.
 */
type How = 'at once' | 'confirmed' | 'over an objection' | 'by votes' | 'window';

async function announceDecided(ctx: Context, row: DecisionRow, how: How, opts: { typedDue?: boolean | undefined; staff?: NewDecision['staff'] | undefined } = {}): Promise<DecisionRow> {
  const id = ref('decision', row.seq);
  const team = await getTeam(ctx.db, ctx.team.id) ?? ctx.team;
  // With `broadcast each off` the week's staff bulletin carries it instead (core/bulletin).
  const each = (await getBroadcastSettings(ctx.db, ctx.team.id))?.each ?? true;
  const broadcastTo = each && team.broadcastChannelId && team.broadcastChannelId !== team.channelId ? team.broadcastChannelId : null;
  let d =
    await updateDecision(ctx.db, row.id, {
      status: 'decided',
      decidedAt: row.decidedAt ?? ctx.now,
      decidedBy: row.decidedBy ?? ctx.actor.id,
      overObjection: how === 'over an objection',
      broadcastTo,
    }) ?? row;
  await cancelJobs(ctx.db, windowKey(ctx.team.id, row.seq));
  if (d.replacesSeq !== null) {
    const old = await findDecision(ctx.db, ctx.team.id, d.replacesSeq);
    if (old && old.status === 'decided') {
      await updateDecision(ctx.db, old.id, { status: 'superseded', supersededBySeq: d.seq });
      await ctx.audit('decision.supersede', ref('decision', old.seq), { by: id });
    }
  }
  const proposer = (await getMember(ctx.db, d.createdBy))?.name ?? 'a member';
  const decider = (d.decidedBy !== null ? (await getMember(ctx.db, d.decidedBy))?.name : undefined) ?? 'a lead';
  const by =
    how === 'at once'
      ? `recorded by ${proposer}`
      : how === 'confirmed'
        ? `proposed by ${proposer} · confirmed by ${decider}`
        : how === 'over an objection'
          ? `proposed by ${proposer} · decided by ${decider} over an objection`
          : `proposed by ${proposer} · ${await decidedHow(ctx, d)}${how === 'window' ? ' when its window closed' : ''}`;
  const announcement = message([
    header(`Decision ${id}`),
    section(line(bold(d.text))),
    fields(...await detailFields(ctx, d, opts.typedDue)),
    context(`Decided in ${ctx.team.name}${d.origin ? ` (from ${d.origin})` : ''} · ${by}`),
  ]);
  ctx.announce(announcement, { ref: id, summary: `${id} ${d.text}` });
  if (broadcastTo) ctx.postTo(broadcastTo, await staffMessage(ctx, d, opts.staff), { subject: { ref: id } });
  const executor = await executorOf(ctx, d);
  if (executor && executor.status !== 'active') {
    ctx.dm(executor.userId, executorMessage(ctx, d), { subject: { ref: id } });
  }
  d = await findDecision(ctx.db, ctx.team.id, d.seq) ?? d;
  return d;
}

async function decidedHow(ctx: Context, d: DecisionRow): Promise<string> {
  const votes = await votesOn(ctx.db, d.id);
  const agrees = votes.filter((v) => v.vote === 'agree').length;
  const objections = votes.filter((v) => v.vote === 'object').length;
  const total = (await listMembers(ctx.db, ctx.team.id)).length;
  return `${agrees} of ${total} agreed${objections ? `, ${objections} objected` : ''}`;
}

/**
 * What the wider staff reads: what, why, who executes, by when, what it replaces — never the
 * process. A decision from the de-escalation flow says what it was about, not who disagreed.
 */
async function staffMessage(ctx: Context, d: DecisionRow, staff?: NewDecision['staff']): Promise<Message> {
  const executor = await executorOf(ctx, d);
  const why = staff ? staff.why : d.rationale;
  const rows = [
    ...(staff ? [{ label: 'About', value: line(staff.topic) }] : []),
    ...(why ? [{ label: 'Why', value: line(why) }] : []),
    { label: 'Executes', value: executor ? line(mention(executor)) : line('not named yet') },
    ...(d.dueDate && d.dueTz ? [{ label: 'By', value: line(formatDay(d.dueDate, ctx.now, d.dueTz)) }] : []),
    ...(d.replacesSeq !== null ? [{ label: 'Replaces', value: line(await replacedLabel(ctx, d.replacesSeq)) }] : []),
  ];
  return message([header(`Decision ${ref('decision', d.seq)}`), section(line(bold(d.text))), fields(...rows), context(`Decided by ${ctx.team.name}`)]);
}

function executorMessage(ctx: Context, d: DecisionRow): Message {
  const id = ref('decision', d.seq);
  return message([
    header(`You execute ${ctx.team.name}'s decision ${id}`),
    section(line(bold(d.text))),
    fields(
      ...(d.rationale ? [{ label: 'Why', value: line(d.rationale) }] : []),
      ...(d.dueDate && d.dueTz ? [{ label: 'By', value: line(formatDay(d.dueDate, ctx.now, d.dueTz), distance({ date: d.dueDate, tz: d.dueTz }, ctx.now)) }] : []),
    ),
    context(`${ctx.team.name} named you to carry it out. Press Done when it is done.`),
    actions({ label: 'Done', actionId: DECISION_ACTION.done, value: value(ctx.team.id, d.seq), style: 'primary' }),
  ]);
}

// ——— answering a proposal ———

/** Decided by the votes alone (consent: everyone agreed; majority: more than half agreed), or null. */
async function settleByVotes(ctx: Context, d: DecisionRow): Promise<DecisionRow | null> {
  if (d.status !== 'proposed' || d.windowEndsAt === null) return null;
  const a = readAgreements(ctx.team.agreements);
  const active = await listMembers(ctx.db, ctx.team.id);
  const activeIds = new Set(active.map((m) => m.id));
  const votes = (await votesOn(ctx.db, d.id)).filter((v) => activeIds.has(v.memberId));
  const agrees = votes.filter((v) => v.vote === 'agree').length;
  const objections = votes.filter((v) => v.vote === 'object').length;
  const decided = a.decideRule === 'majority' ? agrees * 2 > active.length : objections === 0 && agrees === active.length;
  if (!decided) return null;
  await ctx.audit('decision.decide', ref('decision', d.seq), { agrees, objections, of: active.length });
  return announceDecided(ctx, { ...d, decidedBy: ctx.actor.id, decidedAt: ctx.now }, 'by votes');
}

async function decisionOf(ctx: Context, seq: number): Promise<DecisionRow | Refusal> {
  return found(await findDecision(ctx.db, ctx.team.id, seq), `D-${seq}`, 'list decisions');
}

function notAProposal(d: DecisionRow, what: string): Refusal {
  const id = ref('decision', d.seq);
  if (d.status === 'decided') return refuse(`${id} is already decided, so there is nothing to ${what}. To withdraw it, a lead can type:`, `retract ${id} <why>`, 'retract');
  if (d.status === 'superseded') return refuse(`${id} was replaced by D-${d.supersededBySeq}.`, `list decisions`, 'list');
  return refuse(`${id} is ${d.status === 'retracted' ? 'retracted' : 'closed'}. To decide it again, propose it anew:`, `decide ${d.text.slice(0, 60)}`, 'decide');
}

async function agree(ctx: Context, seq: number): Promise<Refusal | void> {
  const d = await decisionOf(ctx, seq);
  if (isRefusal(d)) return d;
  if (d.status !== 'proposed') return notAProposal(d, 'agree to');
  const id = ref('decision', d.seq);
  const votes = await votesOn(ctx.db, d.id);
  const objected = votes.filter((v) => v.vote === 'object' && v.memberId !== ctx.actor.id);
  await putVote(ctx.db, { decisionId: d.id, memberId: ctx.actor.id, vote: 'agree', reason: null, at: ctx.now });
  await ctx.audit('decision.agree', id);
  const lead = isLead(ctx.actor.roles);
  // A lead decides under `lead`, and under any rule may decide over a standing objection.
  if (lead && (d.windowEndsAt === null || objected.length > 0)) {
    await announceDecided(ctx, { ...d, decidedBy: ctx.actor.id, decidedAt: ctx.now }, objected.length > 0 ? 'over an objection' : 'confirmed');
    return;
  }
  if (await settleByVotes(ctx, d)) return;
  ctx.reply(say('You agreed to ', bold(id), d.windowEndsAt === null ? '. A lead confirms it.' : `. ${await tally(ctx, d)}`));
}

async function tally(ctx: Context, d: DecisionRow): Promise<string> {
  const votes = await votesOn(ctx.db, d.id);
  const total = (await listMembers(ctx.db, ctx.team.id)).length;
  const agrees = votes.filter((v) => v.vote === 'agree').length;
  const objections = votes.filter((v) => v.vote === 'object').length;
  return `So far ${agrees} of ${total} agree${objections ? `, ${objections} object` : ''}.`;
}

async function object(ctx: Context, seq: number, reason: string): Promise<Refusal | void> {
  const d = await decisionOf(ctx, seq);
  if (isRefusal(d)) return d;
  if (d.status !== 'proposed') return notAProposal(d, 'object to');
  const id = ref('decision', d.seq);
  const why = reason.trim();
  if (!why) return refuse(`An objection needs its reason, so the team can weigh it.`, `object ${id} the budget is not settled yet`, 'object');
  await putVote(ctx.db, { decisionId: d.id, memberId: ctx.actor.id, vote: 'object', reason: why, at: ctx.now });
  await ctx.audit('decision.object', id);
  const proposer = await getMember(ctx.db, d.createdBy);
  ctx.announce(
    message([
      section(line('✋ ', ctx.actor.name, ' objects to ', bold(id), ': ', d.text)),
      fields({ label: 'Why', value: line(why) }),
      context(`${proposer?.name ?? 'The proposer'} can withdraw it (retract ${id} <why>), or a lead can decide it anyway (agree ${id}).`),
    ]),
    { ref: id, summary: `${id} ${d.text}` },
  );
}

async function retract(ctx: Context, seq: number, reason: string): Promise<Refusal | void> {
  const d = await decisionOf(ctx, seq);
  if (isRefusal(d)) return d;
  const id = ref('decision', d.seq);
  if (d.status === 'retracted' || d.status === 'rejected') return refuse(`${id} is already ${d.status === 'retracted' ? 'retracted' : 'closed'}.`, 'list decisions all', 'list');
  if (d.status === 'superseded') return refuse(`${id} was already replaced by D-${d.supersededBySeq}; retract that one if it is wrong.`, `retract D-${d.supersededBySeq} <why>`, 'retract');
  const lead = isLead(ctx.actor.roles);
  const proposer = d.createdBy === ctx.actor.id;
  if (!lead && !(proposer && d.status === 'proposed')) {
    return refuse(d.status === 'proposed' ? `Only ${id}'s proposer or a lead can withdraw it.` : `Only a lead can retract a decided decision. To object, ask a lead, or propose a change:`, `decide … replaces ${id}`, 'retract');
  }
  const wasDecided = d.status === 'decided';
  await updateDecision(ctx.db, d.id, { status: 'retracted', retractedAt: ctx.now, retractedBy: ctx.actor.id, retractReason: reason });
  await cancelJobs(ctx.db, windowKey(ctx.team.id, d.seq));
  await ctx.audit('decision.retract', id, { wasDecided });
  const notice = message([
    section(line('↩️ ', bold(wasDecided ? `Decision ${id} is retracted` : `Proposal ${id} is withdrawn`), ': ', d.text)),
    fields({ label: 'Why', value: line(reason) }),
    context(`${wasDecided ? 'Retracted' : 'Withdrawn'} by ${ctx.actor.name} in ${ctx.team.name}`),
  ]);
  ctx.announce(notice, { ref: id, summary: `${id} ${d.text}` });
  // Announced as retracted wherever it was announced as decided.
  if (wasDecided && d.broadcastTo) {
    ctx.postTo(d.broadcastTo, message([section(line('↩️ ', bold(`Retracted: decision ${id}`), ' — ', d.text)), fields({ label: 'Why', value: line(reason) }), context(`Retracted by ${ctx.team.name}`)]), { subject: { ref: id } });
  }
  const executor = await executorOf(ctx, d);
  if (wasDecided && executor && executor.status !== 'active' && d.dueAt !== null && d.doneAt === null) {
    ctx.dm(executor.userId, message([section(line('↩️ ', `${ctx.team.name} retracted `, bold(id), ', which you were to carry out: ', d.text)), fields({ label: 'Why', value: line(reason) })]));
  }
}

// ——— execution ———

async function executionOf(ctx: Context, seq: number): Promise<DecisionRow | Refusal> {
  const d = await decisionOf(ctx, seq);
  if (isRefusal(d)) return d;
  const id = ref('decision', d.seq);
  if (d.status !== 'decided') return refuse(`${id} is ${d.status}, so there is no execution to track.`, 'list decisions', 'list');
  if (d.executorId === null) return refuse(`${id} has no executor. Name one with a new decision that replaces it:`, `decide ${d.text.slice(0, 50)} owner @someone by Friday replaces ${id}`, 'decide');
  if (d.doneAt !== null) return refuse(`${id} is already done.`, 'mine', 'mine');
  if (d.executorId !== ctx.actor.id && !isLead(ctx.actor.roles)) return refuse(`Only ${id}'s executor or a lead can do that.`, 'mine', 'mine');
  return d;
}

export async function markDone(ctx: Context, d: DecisionRow, note?: string): Promise<void> {
  const id = ref('decision', d.seq);
  await updateDecision(ctx.db, d.id, { doneAt: ctx.now, doneBy: ctx.actor.id, doneNote: note ?? null });
  await ctx.audit('decision.done', id);
  let timing = '';
  if (d.dueDate && d.dueTz) {
    const late = -daysUntil(d.dueDate, ctx.now, d.dueTz);
    timing = d.dueAt !== null && ctx.now > d.dueAt ? ` — ${late} day${late === 1 ? '' : 's'} late` : ' — on time';
  }
  const done = say('✅ ', bold(id), ' carried out: ', d.text, timing, ` (by ${ctx.actor.name})`, note ? ` — ${note}` : null);
  ctx.post(done, { ref: id, summary: `${id} ${d.text}` });
  if (ctx.inv.channelId !== ctx.team.channelId) ctx.reply(say('✅ Marked ', bold(id), ' done. Thank you.'));
}

/**
 * A person outside the team pressing Done on their decision: they are let in as its executor,
 * never as a member, and see nothing else of the team. False when they are not its executor.
 */
export async function enterAsExecutor(ctx: Context, actionValue: string): Promise<boolean> {
  const v = readValue(actionValue);
  if (!v) return false;
  const team = await getTeam(ctx.db, v.teamId);
  if (!team || team.workspaceId !== ctx.workspace.id) return false;
  const d = await findDecision(ctx.db, team.id, v.seq);
  const me = await findMember(ctx.db, team.id, ctx.inv.actor.userId) ?? (ctx.inv.actor.altId ? await findMember(ctx.db, team.id, ctx.inv.actor.altId) : undefined);
  if (!d || !me || d.executorId !== me.id) return false;
  ctx.team = team;
  ctx.actor = me;
  return true;
}

/** The executor: a member, or anyone else in the workspace, kept as a record of the team that is not a member. */
async function executorNamed(ctx: Context, userId: string): Promise<MemberRow> {
  const known = await findMember(ctx.db, ctx.team.id, userId);
  if (known) return known;
  const p = ctx.people.get(userId);
  const row = await insertMember(ctx.db, { teamId: ctx.team.id, userId, altId: p?.altId ?? null, name: p?.name ?? userId, tz: p?.tz ?? null, joinedAt: ctx.now });
  await updateMember(ctx.db, row.id, { status: 'outside', leftAt: null });
  return { ...row, status: 'outside' };
}

// ——— the commands, buttons, form and timer ———

export const decisionHandlers: Handlers = {
  async decide(ctx, cmd) {
    const executor = cmd.executorId ? await executorNamed(ctx, cmd.executorId) : undefined;
    let due: DueDate | null = null;
    if (cmd.when) {
      const d = dueOrRefusal(ctx, cmd.when, ctx.tz(executor ?? ctx.actor), `decide ${cmd.text.slice(0, 30)} owner @someone by Friday`, 'decide');
      if (isRefusal(d)) return d;
      due = d;
    }
    let replaces: DecisionRow | undefined;
    if (cmd.replaces !== undefined) {
      const old = await findDecision(ctx.db, ctx.team.id, cmd.replaces);
      const oid = `D-${cmd.replaces}`;
      if (!old) return refuse(`There is no ${oid} in this team to replace.`, 'list decisions all', 'list');
      if (old.status !== 'decided') {
        return refuse(`${oid} is ${old.status === 'proposed' ? 'still a proposal — withdraw it instead' : old.status}, so it cannot be replaced.`, old.status === 'proposed' ? `retract ${oid} <why>` : 'list decisions all', 'decide');
      }
      replaces = old;
    }
    await submitDecision(ctx, { text: cmd.text, rationale: cmd.rationale, executor, due, typedDue: true, replaces });
  },
  agree: (ctx, cmd) => agree(ctx, cmd.seq),
  object: (ctx, cmd) => object(ctx, cmd.seq, cmd.reason),
  retract: (ctx, cmd) => retract(ctx, cmd.seq, cmd.reason),
  async 'done.decision'(ctx, cmd) {
    const d = await executionOf(ctx, cmd.seq);
    if (isRefusal(d)) return d;
    await markDone(ctx, d, cmd.note);
  },
  async 'move.decision'(ctx, cmd) {
    const d = await executionOf(ctx, cmd.seq);
    if (isRefusal(d)) return d;
    const id = ref('decision', d.seq);
    const executor = await executorOf(ctx, d);
    const due = dueOrRefusal(ctx, cmd.when, d.dueTz ?? ctx.tz(executor), `move ${id} next Friday`, 'move');
    if (isRefusal(due)) return due;
    return redateDecision(ctx, d, due);
  },
};

/** A new date for a decision's execution: later is a slip (the one definition), earlier is brought forward. */
export async function redateDecision(ctx: Context, d: DecisionRow, due: DueDate): Promise<Refusal | void> {
  const id = ref('decision', d.seq);
  if (due.date === d.dueDate) return refuse(`${id} is already due ${formatDay(due.date, ctx.now, due.tz)}.`, `move ${id} next Friday`, 'move');
  // The one definition of a slip: a later date. Earlier is brought forward.
  const change = dateChange(d.dueDate, due.date);
  const slips = d.slips + (change === 'slip' ? 1 : 0);
  await updateDecision(ctx.db, d.id, { dueDate: due.date, dueTz: due.tz, dueAt: due.dueAt, slips });
  await insertDecisionEvent(ctx.db, { decisionId: d.id, teamId: ctx.team.id, kind: change === 'first' ? 'dated' : 'moved', fromDue: d.dueDate, toDue: due.date, by: ctx.actor.id, at: ctx.now });
  await ctx.audit('decision.move', id, { from: d.dueDate, to: due.date });
  const to = formatDay(due.date, ctx.now, due.tz);
  const from = d.dueDate && d.dueTz ? formatDay(d.dueDate, ctx.now, d.dueTz) : '';
  ctx.announce(
    change === 'slip'
      ? say('↪️ ', bold(id), ` moved from ${from} to ${to}: `, d.text, ` (slip ${slips})`, distance(due, ctx.now))
      : change === 'forward'
        ? say('⏩ ', bold(id), ` brought forward from ${from} to ${to}: `, d.text, ' (not a slip)', distance(due, ctx.now))
        : say('📅 ', bold(id), ` now due ${to}: `, d.text, distance(due, ctx.now)),
    { ref: id, summary: `${id} ${d.text}` },
  );
}

async function objectForm(ctx: Context, state: string): Promise<Form | Refusal> {
  const v = readValue(state);
  if (!v || v.teamId !== ctx.team.id) return refuse('That button is no longer valid.', 'list decisions', 'list');
  const d = await decisionOf(ctx, v.seq);
  if (isRefusal(d)) return d;
  if (d.status !== 'proposed') return notAProposal(d, 'object to');
  return {
    formId: OBJECT_FORM,
    state: value(ctx.team.id, d.seq),
    title: `Object to ${ref('decision', d.seq)}`,
    submitLabel: 'Object',
    intro: line('Proposal: ', bold(d.text), '. Your reason is shown to the team.'),
    fields: [{ type: 'text', id: 'reason', label: 'Why do you object?', multiline: true, maxLength: OBJECTION_LIMIT }],
  };
}

export const decisionActions: Record<string, ActionHandler> = {
  [DECISION_ACTION.agree](ctx, v) {
    const parsed = readValue(v);
    if (!parsed || parsed.teamId !== ctx.team.id) return refuse('That button is no longer valid.', 'list decisions', 'list');
    return agree(ctx, parsed.seq);
  },
  [DECISION_ACTION.object]: objectForm,
  async [DECISION_ACTION.done](ctx, v) {
    const parsed = readValue(v);
    if (!parsed || parsed.teamId !== ctx.team.id) return refuse('That button is no longer valid.', 'mine', 'mine');
    const d = await executionOf(ctx, parsed.seq);
    if (isRefusal(d)) return d;
    await markDone(ctx, d);
  },
};

export const decisionForms: Record<string, FormHandler> = {
  [OBJECT_FORM](ctx, state, values) {
    const v = readValue(state);
    if (!v || v.teamId !== ctx.team.id) return refuse('That form is no longer valid.', 'list decisions', 'list');
    const reason = (values.reason ?? '').trim();
    if (!reason) return { reason: 'Say why, so the team can weigh it.' };
    return object(ctx, v.seq, reason);
  },
};

export const decisionFormBuilders = { [OBJECT_FORM]: objectForm };

/** A proposal's window ended: decided, unless someone objects (consent) or objections outweigh (majority). */
export async function windowEnded(ctx: Context, payload: Record<string, unknown>): Promise<void> {
  const seq = typeof payload.seq === 'number' ? payload.seq : -1;
  const d = await findDecision(ctx.db, ctx.team.id, seq);
  if (!d || d.status !== 'proposed') return;
  const id = ref('decision', d.seq);
  const a = readAgreements(ctx.team.agreements);
  const votes = await votesOn(ctx.db, d.id);
  const agrees = votes.filter((v) => v.vote === 'agree').length;
  const objections = votes.filter((v) => v.vote === 'object');
  const passes = a.decideRule === 'majority' ? agrees > objections.length : objections.length === 0;
  if (passes) {
    await ctx.audit('decision.decide', id, { agrees, objections: objections.length, window: true });
    await announceDecided(ctx, { ...d, decidedBy: d.createdBy, decidedAt: ctx.now }, 'window');
    return;
  }
  if (a.decideRule === 'majority') {
    await updateDecision(ctx.db, d.id, { status: 'rejected' });
    await ctx.audit('decision.reject', id, { agrees, objections: objections.length });
    ctx.post(say('🗳️ ', bold(id), ` was not decided: ${agrees} agreed, ${objections.length} objected when its window closed. `, d.text));
    return;
  }
  // Consent with an objection: it waits for the proposer to withdraw it or a lead to decide.
  ctx.post(
    message([
      section(line('⏳ ', bold(id), `'s window closed with ${objections.length === 1 ? 'an objection' : `${objections.length} objections`}: `, d.text)),
      context(`The proposer can withdraw it (retract ${id} <why>), or a lead can decide it anyway (agree ${id}).`),
    ]),
    { ref: id },
  );
}

export const decisionJobs = { [WINDOW_JOB]: windowEnded };
