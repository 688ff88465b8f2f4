// The de-escalation flow's effects: loads a disagreement's facts, asks the machine what an event
// does, stores the new state and carries out the effects — private messages, the channel's
// line, timers, the decision — all inside the caller's transaction. Time is ctx.now only.
import { z } from 'zod';
import { type DisagreementRow, getDisagreement, insertStep, listEntries, putEntry, updateDisagreement } from '../../db/disagreements.js';
import { cancelJobs, rescheduleJob } from '../../db/jobs.js';
import { loadCalendar, workingDeadline, workingInstant } from '../team/calendar.js';
import { type MemberRow, getMember } from '../../db/members.js';
import { type Agreements, DECISION_RULES, readAgreements } from '../team/agreements.js';
import { type Context, type Refusal, refuse } from '../context.js';
import { dueFromDate } from '../language/dates.js';
import { recordDecision } from '../records/decisions.js';
import { findDecision } from '../../db/decisions.js';
import type { Roster } from '../records/lines.js';
import { roster } from '../team/membership.js';
import { type Effect, type Event, type Facts, type Outcome, type Step, type Terms, transition } from './machine.js';
import { escalationTarget } from './people.js';
import { askAnswers, askDecision, askFollowup, askOptions, askViews, channelLine, escalation, notice, rRef, stalledWithYou } from './text.js';

const termsSchema = z.object({
  rule: z.enum(DECISION_RULES).catch('consensus'),
  cooldownMs: z.number().int().min(0).catch(0),
  timeboxMs: z.number().int().min(60_000).catch(48 * 3_600_000),
  followupMs: z.number().int().min(0).catch(7 * 86_400_000),
});

export function termsOf(d: DisagreementRow): Terms {
  return termsSchema.parse(d.terms ?? {});
}

/**
 * Who facilitates and who a stalled step goes to, as the agreements named them when the flow was
 * flagged (`lead` or a user id): changing the agreements later — e.g. a second lead naming
 * themselves the escalation contact to read the views — never redirects a running flow. Rows
 * flagged before these were kept have neither: they take `lead` (the first neutral lead), the
 * one rule nobody can redirect by editing the agreements.
 */
const peopleSchema = z.object({ facilitator: z.string().min(1).catch('lead'), escalation: z.string().min(1).catch('lead') });

export function frozenAgreements(ctx: Context, d: DisagreementRow): Agreements {
  return { ...readAgreements(ctx.team.agreements), ...peopleSchema.parse(d.terms ?? {}) };
}

/** What the facilitator wrote for a round: the summary, the options, who executes, by when. */
export interface OptionsEntry {
  summary: string;
  options: string[];
  executorId: number | null;
  dueDate: string | null;
  dueTz: string | null;
}

const optionsSchema = z.object({
  summary: z.string(),
  options: z.array(z.string()).min(1).max(3),
  executorId: z.number().int().nullable().catch(null),
  dueDate: z.string().nullable().catch(null),
  dueTz: z.string().nullable().catch(null),
});

export async function optionsOf(db: Context['db'], d: DisagreementRow, round = d.round): Promise<OptionsEntry | null> {
  const e = (await listEntries(db, d.id, { kinds: ['options'], round })).at(-1);
  const parsed = e ? optionsSchema.safeParse(e.data) : null;
  return parsed?.success ? parsed.data : null;
}

/** The text of the flow's latest decision (for the follow-up question). */
async function decisionText(db: Context['db'], d: DisagreementRow): Promise<{ text: string } | null> {
  const e = (await listEntries(db, d.id, { kinds: ['decision'] })).at(-1);
  return e && typeof e.data.text === 'string' ? { text: e.data.text } : null;
}

export async function factsOf(ctx: Context, d: DisagreementRow): Promise<Facts> {
  const views = await listEntries(ctx.db, d.id, { kinds: ['view'] });
  const round = await listEntries(ctx.db, d.id, { kinds: ['answer', 'followup'], round: d.round });
  const opts = await optionsOf(ctx.db, d);
  const terms = termsOf(d);
  // Time boxes count the team's working time, in the team's zone: a 48 h box flagged on a
  // Friday with the weekend off ends on Tuesday. A follow-up due on a day off waits for the next.
  const cal = await loadCalendar(ctx.db, d.teamId);
  return {
    boxEnd: workingDeadline(cal, ctx.now, terms.timeboxMs, ctx.defaultTz),
    followupAt: workingInstant(cal, ctx.now + terms.followupMs, ctx.defaultTz),
    state: d.state as Facts['state'],
    stalled: (d.stalled as Step | null) ?? null,
    round: d.round,
    parties: d.parties,
    facilitator: d.facilitatorId,
    terms,
    now: ctx.now,
    deadline: d.deadline,
    viewsIn: [...new Set(views.map((v) => v.memberId))],
    optionCount: opts?.options.length ?? 0,
    answers: round.filter((e) => e.kind === 'answer').map((e) => ({ by: e.memberId, accepts: Array.isArray(e.data.accepts) ? e.data.accepts.map((x) => x === true) : [] })),
    holds: round.filter((e) => e.kind === 'followup' && e.data.holds === true).map((e) => e.memberId),
  };
}

/** Who did it, for the history and for notices. */
export interface Cause {
  by: MemberRow | null;
  /** Why a decider chose as they did (shown with the decision). */
  reason?: string | undefined;
  /** Why the flow ended, when the event alone does not say (e.g. no-facilitator). */
  endReason?: string;
  /**
   * Writes what the event carries (a view, an answer), once the machine accepted the event:
   * the machine sees the facts as they were before it, the effects as they are after.
   */
  record?: () => void;
}

/**
 * Applies an event to a disagreement: the machine decides, this stores and carries it out.
 * Returns the disagreement as it now is, or a refusal (nothing written) when the event does not
 * apply at this step.
 */
export async function apply(ctx: Context, d: DisagreementRow, event: Event, cause: Cause = { by: null }): Promise<DisagreementRow | Refusal> {
  const facts = await factsOf(ctx, d);
  const out: Outcome = transition(facts, event);
  if (!out.ok) return refuse(`${rRef(d)}: ${out.reason}`, `disagree ${rRef(d)}`, 'disagree');
  cause.record?.();
  const patch: Parameters<typeof updateDisagreement>[2] = {
    state: out.state,
    stalled: out.stalled,
    round: out.round,
    facilitatorId: out.facilitator,
    deadline: out.deadline,
  };
  if (out.state !== 'escalated') patch.escalatedTo = null;
  if (out.ended) {
    patch.endedAt = ctx.now;
    patch.endReason = cause.endReason ?? (out.ended === 'closed' ? (event.type === 'party_left' ? 'party-left' : null) : out.ended);
  }
  await updateDisagreement(ctx.db, d.id, patch);
  const next: DisagreementRow = { ...d, ...patch };
  if (out.state !== d.state || out.round !== d.round || out.facilitator !== d.facilitatorId || event.type === 'withdraw' || event.type === 'party_left') {
    await insertStep(ctx.db, { disagreementId: d.id, fromState: d.state, toState: out.state, event: event.type, by: cause.by?.id ?? null, round: out.round, at: ctx.now });
  }
  await ctx.audit(`disagreement.${event.type}`, rRef(d), { from: d.state, to: out.state, round: out.round });
  const r = await roster(ctx.db, d.teamId);
  for (const effect of out.effects) await carryOut(ctx, next, effect, r, event, cause);
  return next;
}

/** The job keys of a disagreement's timers, all under one prefix so they cancel together. */
export const timerKey = (d: Pick<DisagreementRow, 'id'>, rest: string): string => `flow:${d.id}:${rest}`;

async function carryOut(ctx: Context, d: DisagreementRow, e: Effect, r: Roster, event: Event, cause: Cause): Promise<void> {
  const member = async (id: number) => r.get(id) ?? await getMember(ctx.db, id);
  const dm = async (id: number, build: (tz: string) => Parameters<Context['dm']>[1]) => {
    const m = await member(id);
    if (m && m.status === 'active') ctx.dm(m.userId, build(ctx.tz(m)), { subject: { ref: rRef(d), summary: `${rRef(d)} ${d.topic}` } });
  };
  switch (e.kind) {
    case 'ask':
      for (const id of e.to) {
        if (e.what === 'views') await dm(id, (tz) => askViews(d, r, id, tz));
        else if (e.what === 'answers') {
          const o = await optionsOf(ctx.db, d);
          if (o) await dm(id, (tz) => askAnswers(d, r, o.summary, o.options, tz));
        } else {
          const decided = await decisionText(ctx.db, d);
          await dm(id, (tz) => askFollowup(d, decided?.text ?? '', tz));
        }
      }
      return;
    case 'ask_facilitator': {
      if (e.what === 'options') {
        const viewsIn = [...new Set((await listEntries(ctx.db, d.id, { kinds: ['view'] })).map((v) => v.memberId))];
        await dm(e.to, (tz) => askOptions(d, r, viewsIn, tz));
      } else await dm(e.to, (tz) => askDecision(d, termsOf(d).rule, tz));
      return;
    }
    case 'record_decision': {
      const o = await optionsOf(ctx.db, d);
      const text = o?.options[e.option];
      if (!o || !text) return;
      const executor = o.executorId !== null ? await member(o.executorId) : undefined;
      const due = o.dueDate && o.dueTz ? dueFromDate(o.dueDate, o.dueTz) : null;
      const answered = new Set((await listEntries(ctx.db, d.id, { kinds: ['answer'], round: d.round })).map((a) => a.memberId).filter((id) => d.parties.includes(id))).size;
      const decider = cause.by?.name ?? 'the facilitator';
      // Decided on a stalled step: say how much input there was, not "after the parties' input".
      const how =
        e.how === 'consensus'
          ? 'every party can live with it'
          : e.how === 'majority'
            ? 'most of the parties can live with it (the team decides by majority)'
            : answered === d.parties.length
              ? `${decider} decided after the parties' input`
              : answered === 0
                ? `${decider} decided when the time box ran out, before any party answered`
                : `${decider} decided when the time box ran out, with answers from ${answered} of ${d.parties.length} parties`;
      // Recorded in the facilitator's name: who answered last is nobody else's business.
      const actor = ctx.actor;
      const facilitator = await member(d.facilitatorId);
      if (facilitator) ctx.actor = facilitator;
      const row = await recordDecision(ctx, {
        text,
        rationale: `${cause.reason ? `${cause.reason} — ` : ''}reached in the team's de-escalation flow: ${how}`,
        executor: executor && executor.status === 'active' ? executor : undefined,
        due,
        origin: rRef(d),
        // The staff hear what it was about, never the process wording or the parties.
        staff: { topic: d.topic, why: cause.reason || undefined },
        // Reopened and decided again: the new decision replaces the one that did not hold.
        replaces: d.decisionSeq ? await decidedOne(ctx, d.decisionSeq) : undefined,
      });
      ctx.actor = actor;
      d.decisionSeq = row.seq;
      d.decidedAt = ctx.now;
      await updateDisagreement(ctx.db, d.id, { decisionSeq: row.seq, decidedAt: ctx.now });
      // The decided text, kept with the flow for the follow-up question.
      await putEntry(ctx.db, { disagreementId: d.id, round: d.round, kind: 'decision', memberId: cause.by?.id ?? d.facilitatorId, data: { text, seq: row.seq }, at: ctx.now });
      return;
    }
    case 'timer':
      await rescheduleJob(ctx.db, {
        key: timerKey(d, e.timer === 'cooldown' ? 'cooldown' : `followup:${d.round}`),
        kind: e.timer === 'cooldown' ? 'flow.cooldown' : 'flow.followup',
        dueAt: e.at,
        payload: { teamId: d.teamId, disagreementId: d.id, round: d.round },
        createdAt: ctx.now,
      });
      return;
    case 'timebox':
      await rescheduleJob(ctx.db, {
        key: timerKey(d, `timeout:${e.step}:${e.round}`),
        kind: 'flow.timeout',
        dueAt: e.at,
        payload: { teamId: d.teamId, disagreementId: d.id, step: e.step, round: e.round },
        createdAt: ctx.now,
      });
      return;
    case 'cancel_timers':
      await cancelJobs(ctx.db, timerKey(d, ''));
      return;
    case 'escalate': {
      const target = await escalationTarget(ctx.db, d.teamId, frozenAgreements(ctx, d), d.parties, d.facilitatorId, e.waitingOn);
      if (!target) {
        // Nobody else to take it: the facilitator it waits on is reminded, not "escalated to".
        if (e.waitingOn.includes(d.facilitatorId)) await dm(d.facilitatorId, () => stalledWithYou(d, e.step));
        return;
      }
      d.escalatedTo = target.id;
      await updateDisagreement(ctx.db, d.id, { escalatedTo: target.id });
      await dm(target.id, () => escalation(d, r, e.step, e.waitingOn, target.id));
      return;
    }
    case 'tell': {
      const by = event.type === 'party_left' ? event.who : (cause.by?.id ?? null);
      for (const id of e.to) await dm(id, (tz) => notice(d, r, e.notice, by, tz));
      return;
    }
    case 'line': {
      const fac = await member(d.facilitatorId);
      const msg = channelLine(d, r, ctx.tz(fac));
      const subject = { ref: rRef(d), summary: `${rRef(d)} ${d.topic}` };
      // The first version under the flow's own key, at the channel's top level — for a reaction
      // too: in the flagged message's thread it would point at who disagrees. Every later one edits it.
      if (event.type === 'start') ctx.postEditable(d.lineChannelId, msg, { key: d.lineKey, subject });
      else ctx.postEditable(d.lineChannelId, msg, { replaces: d.lineKey, subject });
      return;
    }
  }
}

/** A job's disagreement, when it still belongs to the job's team. */
export async function jobDisagreement(ctx: Context, payload: Record<string, unknown>): Promise<DisagreementRow | undefined> {
  const id = typeof payload.disagreementId === 'number' ? payload.disagreementId : -1;
  const d = await getDisagreement(ctx.db, id);
  return d && d.teamId === ctx.team.id ? d : undefined;
}

/** A decision still in force (decided, not superseded or retracted), by its number. */
async function decidedOne(ctx: Context, seq: number) {
  const row = await findDecision(ctx.db, ctx.team.id, seq);
  return row && row.status === 'decided' ? row : undefined;
}
