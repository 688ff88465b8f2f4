// The de-escalation flow: what the rest of the core asks of it — the `disagree` command, the
// disagreement reaction, a member leaving, the buttons, forms and timers it registers, and the
// neutral lines the recap, the report, App Home and the export show. Views appear only in what
// is built for their author and the facilitator.
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import {
  type DisagreementRow,
  countDisagreements,
  decisionStands,
  disagreementsInWindow,
  findDisagreement,
  insertDisagreement,
  insertStep,
  listDisagreements,
  listEntries,
  listSteps,
  openDisagreements,
  openDisagreementsAbout,
} from '../../db/disagreements.js';
import type { Window } from '../../db/insights.js';
import { type MemberRow, getMember } from '../../db/members.js';
import { type JobRow, completeJob, findJob, rescheduleJob } from '../../db/jobs.js';
import { onWorkingDays } from '../team/calendar.js';
import { nextSeq } from '../../db/teams.js';
import { readAgreements } from '../team/agreements.js';
import type { ActionHandler, FormHandler, JobHandler } from '../handlers.js';
import { type Context, type Refusal, isRefusal, refuse } from '../context.js';
import type { Handlers } from '../handlers.js';
import { LIST_ROWS } from '../language/limits.js';
import type { Roster } from '../records/lines.js';
import { memberNamed } from '../records/lookup.js';
import { roster } from '../team/membership.js';
import { type Block, type Line, type Message, actions, bold, context, fields, header, line, list, message, say, section } from '../message.js';
import { isLead } from '../team/permissions.js';
import type { SourceMessage } from '../ports.js';
import { apply, frozenAgreements, jobDisagreement, optionsOf } from './flow.js';
import { flowActions as stepActions, flowForms as stepForms, viewsBlocks } from './forms.js';
import { type Step, ENDED_STATES, type State, currentStep, stateName } from './machine.js';
import { pickFacilitator, replacementFacilitator } from './people.js';
import { at, historyLines, names, neutralLine, rRef, who } from './text.js';

/** The most people one disagreement can be between. */
export const MAX_PARTIES = 6;
const TOPIC_FROM_MESSAGE = 100;

const isEnded = (d: DisagreementRow): boolean => ENDED_STATES.includes(d.state as State);

/** Starts a flow between the caller and `others` (already checked to be members). */
async function start(ctx: Context, topic: string, others: MemberRow[], source?: SourceMessage): Promise<DisagreementRow | Refusal> {
  const parties = [ctx.actor, ...others.filter((m) => m.id !== ctx.actor.id)].filter((m, i, all) => all.findIndex((x) => x.id === m.id) === i);
  if (parties.length < 2) return refuse('A disagreement is between you and someone else: name them with @.', `disagree ${topic.slice(0, 40)} with @maria`, 'disagree');
  if (parties.length > MAX_PARTIES) return refuse(`The flow works between at most ${MAX_PARTIES} people; name fewer, or split the topic.`, undefined, 'disagree');
  const a = readAgreements(ctx.team.agreements);
  const ids = parties.map((p) => p.id);
  const facilitator = await pickFacilitator(ctx.db, ctx.team.id, a, ids);
  if (!facilitator) {
    return refuse(
      'Every lead of the team is a party to this, and nobody else is named to facilitate, so nobody neutral can run it. A lead can name someone first:',
      'agreements set facilitator @someone',
      'agreements',
    );
  }
  const seq = await nextSeq(ctx.db, ctx.team.id, 'R');
  const row = await insertDisagreement(ctx.db, {
    teamId: ctx.team.id,
    seq,
    topic,
    state: 'flagged',
    round: 1,
    parties: ids,
    facilitatorId: facilitator.id,
    terms: { rule: a.rule, cooldownMs: a.cooldownMs, timeboxMs: a.timeboxMs, followupMs: a.followupMs, facilitator: a.facilitator, escalation: a.escalation },
    flaggedBy: ctx.actor.id,
    lineKey: `flow:line:${ctx.team.id}:${seq}`,
    lineChannelId: ctx.team.channelId,
    sourceChannelId: source?.channelId ?? null,
    ...ctx.provenance,
    ...(source ? { sourceUrl: source.url ?? null, sourceMessageId: source.messageId } : {}),
  });
  await insertStep(ctx.db, { disagreementId: row.id, fromState: 'flagged', toState: 'flagged', event: source ? 'flag_reaction' : 'flag', by: ctx.actor.id, round: 1, at: ctx.now });
  const started = await apply(ctx, row, { type: 'start' }, { by: ctx.actor });
  if (isRefusal(started)) return started;
  // Asked from a 1:1 with Baton: the caller does not see the channel, so they hear it here.
  if (ctx.inv.channelId !== ctx.team.channelId) {
    ctx.reply(say(bold(rRef(row)), ' is started; the channel sees only a neutral line. ', `${facilitator.name} facilitates; you will each be asked privately.`));
  }
  return started;
}

/**
 * A flag by reaction waits, on the server, for the reactor to name the topic privately: a job
 * keyed by team, reactor and message, whose payload is the message as the platform gave it (so
 * nothing of it comes back from a client), and whose due time is when the flag lapses.
 */
const UNCONFIRMED = 'flow.unconfirmed';
const unconfirmedKey = (teamId: number, by: number, messageId: string): string => `flowflag:${teamId}:${by}:${messageId.slice(0, 120)}`;
const unconfirmedSchema = z.object({ teamId: z.number().int(), by: z.number().int(), authorId: z.number().int(), messageId: z.string(), channelId: z.string(), url: z.string().nullable(), excerpt: z.string() });
const confirmRefSchema = z.object({ teamId: z.number().int(), key: z.string().max(200) });
/** The longest topic a person names for a flagged message (the channel line shows it in bold). */
export const TOPIC_LIMIT = 150;

/** The disagreement reaction on a message: asks the reactor, privately, to name a neutral topic first. */
export async function startFlowFromMessage(ctx: Context, source: SourceMessage): Promise<Refusal | void> {
  if (!source.authorId) return refuse("I couldn't tell who wrote that message, so I can't start the flow about it. Type instead:", 'disagree <topic> with @them', 'disagree');
  if (source.authorId === ctx.inv.actor.userId || source.authorId === ctx.actor.userId) {
    return refuse('That is your own message. To flag a disagreement, react to the message of the person you disagree with, or type:', 'disagree <topic> with @them', 'disagree');
  }
  const author = await memberNamed(ctx, source.authorId, 'other party');
  if (isRefusal(author)) return author;
  const existing = (await openDisagreementsAbout(ctx.db, ctx.team.id, source.messageId)).find((d) => d.parties.includes(author.id) && d.parties.includes(ctx.actor.id));
  if (existing) {
    ctx.reply(say('That message is already being worked through as ', bold(rRef(existing)), '.'));
    return;
  }
  const text = (source.text ?? '').replace(/\s+/g, ' ').trim();
  const excerpt = text.length > TOPIC_FROM_MESSAGE ? `${text.slice(0, TOPIC_FROM_MESSAGE - 1)}…` : text;
  // Nothing is posted yet: a line in the message's thread, quoting it, would tell the channel who
  // disagrees with whom. The reactor names a neutral topic privately; unnamed, the flag lapses.
  const key = unconfirmedKey(ctx.team.id, ctx.actor.id, source.messageId);
  const payload: z.infer<typeof unconfirmedSchema> = { teamId: ctx.team.id, by: ctx.actor.id, authorId: author.id, messageId: source.messageId, channelId: source.channelId, url: source.url ?? null, excerpt };
  const lapses = ctx.now + readAgreements(ctx.team.agreements).timeboxMs;
  await rescheduleJob(ctx.db, { key, kind: UNCONFIRMED, dueAt: lapses, payload, createdAt: ctx.now });
  ctx.dm(ctx.actor.userId, topicPrompt(ctx.team.id, key, author.name, excerpt, at(lapses, ctx.actorTz)));
}

function topicPrompt(teamId: number, key: string, authorName: string, excerpt: string, lapses: string): Message {
  return message([
    header('⚖️ Start the de-escalation flow?'),
    section(
      line(`You reacted to a message of ${authorName}'s`, excerpt ? `: “${excerpt}”.` : '.'),
      line('Name the topic neutrally to start it. The channel will see only that topic and the facilitator — never the message, nor who disagrees. Nothing is posted until you do.'),
    ),
    context(`If no topic is named by ${lapses}, nothing is started.`),
    actions({ label: 'Name the topic', actionId: 'flow.topic', value: JSON.stringify({ teamId, key }), opensForm: true, style: 'primary' }),
  ]);
}

/** The reactor's pending flag named by a button or form, when it is still theirs to start. */
async function unconfirmed(ctx: Context, raw: string): Promise<{ job: JobRow; p: z.infer<typeof unconfirmedSchema> } | Refusal> {
  const lapsed = refuse('That flag has lapsed or was already started, so nothing more happens with it. To start a disagreement, react again or type:', 'disagree <topic> with @them', 'disagree');
  let ref: unknown = null;
  try {
    ref = JSON.parse(raw);
  } catch {
    return lapsed;
  }
  const r = confirmRefSchema.safeParse(ref);
  if (!r.success || r.data.teamId !== ctx.team.id) return lapsed;
  const job = await findJob(ctx.db, r.data.key);
  const p = job ? unconfirmedSchema.safeParse(job.payload) : null;
  if (!job || !p?.success || job.kind !== UNCONFIRMED || job.status !== 'pending' || p.data.teamId !== ctx.team.id || p.data.by !== ctx.actor.id) return lapsed;
  return { job, p: p.data };
}

const topicActions: Record<string, ActionHandler> = {
  async 'flow.topic'(ctx, value) {
    const u = await unconfirmed(ctx, value);
    if (isRefusal(u)) return u;
    const author = (await roster(ctx.db, ctx.team.id)).get(u.p.authorId);
    return {
      formId: 'flow.topic',
      state: value,
      title: 'Name the disagreement',
      submitLabel: 'Start it',
      intro: line(`About a message of ${author?.name ?? 'someone'}'s`, u.p.excerpt ? `: “${u.p.excerpt}”` : '', '. Only this topic is shown in the channel.'),
      fields: [{ type: 'text', id: 'topic', label: 'The topic, in neutral words', placeholder: "Next year's PD calendar", maxLength: TOPIC_LIMIT }],
    };
  },
};

const topicForms: Record<string, FormHandler> = {
  async 'flow.topic'(ctx, state, values) {
    const u = await unconfirmed(ctx, state);
    if (isRefusal(u)) return u;
    const topic = (values.topic ?? '').replace(/\s+/g, ' ').trim();
    if (!topic) return { topic: "Name the topic, e.g. Next year's PD calendar." };
    if (topic.length > TOPIC_LIMIT) return { topic: `At most ${TOPIC_LIMIT} characters.` };
    const author = await getMember(ctx.db, u.p.authorId);
    if (!author || author.teamId !== ctx.team.id || author.status !== 'active') return refuse('The person who wrote that message is no longer in the team, so the flow cannot start about it.', undefined, 'disagree');
    await completeJob(ctx.db, u.job.id, ctx.now);
    const existing = (await openDisagreementsAbout(ctx.db, ctx.team.id, u.p.messageId)).find((d) => d.parties.includes(author.id) && d.parties.includes(ctx.actor.id));
    if (existing) {
      ctx.reply(say('That message is already being worked through as ', bold(rRef(existing)), '.'));
      return;
    }
    const r = await start(ctx, topic, [author], { messageId: u.p.messageId, channelId: u.p.channelId, authorId: author.userId, ...(u.p.url ? { url: u.p.url } : {}) });
    if (isRefusal(r)) return r;
  },
};

export const flowActions: Record<string, ActionHandler> = { ...stepActions, ...topicActions };
export const flowForms: Record<string, FormHandler> = { ...stepForms, ...topicForms };

/** A member left the team: a flow they are a party to ends cleanly; one they facilitate passes on. */
export async function flowOnMemberLeft(ctx: Context, member: MemberRow): Promise<void> {
  for (const d of await openDisagreements(ctx.db, ctx.team.id)) {
    if (d.parties.includes(member.id)) {
      await apply(ctx, d, { type: 'party_left', who: member.id }, { by: member });
      continue;
    }
    if (d.facilitatorId !== member.id) continue;
    const next = await replacementFacilitator(ctx.db, ctx.team.id, frozenAgreements(ctx, d), d.parties, member.id);
    if (next) await apply(ctx, d, { type: 'facilitator_changed', to: next.id }, { by: member });
    else await apply(ctx, d, { type: 'withdraw', by: member.id }, { by: member, endReason: 'no-facilitator' });
  }
}

// ——— the command ———

/** Who may see a flow's people and its summary: those in it, and who it escalated to. */
function involved(d: DisagreementRow, m: MemberRow): boolean {
  return d.parties.includes(m.id) || d.facilitatorId === m.id || d.escalatedTo === m.id;
}

/** What a member sees of one flow: the neutral record for all; their own words for a party; the views for the facilitator. */
async function showFlow(ctx: Context, d: DisagreementRow): Promise<Block[]> {
  const r = await roster(ctx.db, d.teamId);
  const me = ctx.actor;
  const tz = ctx.actorTz;
  const state = d.state as State;
  const blocks: Block[] = [
    header(`${rRef(d)}: ${d.topic}`.slice(0, 150)),
    fields(
      { label: 'Step', value: line(stateName(state, d.stalled as Step | null), d.round > 1 ? ` (round ${d.round})` : '') },
      { label: 'Facilitator', value: line(who(r, d.facilitatorId).name) },
      ...(d.deadline && !isEnded(d) ? [{ label: 'Next step by', value: line(at(d.deadline, tz)) }] : []),
      ...(d.decisionSeq ? [{ label: 'Decision', value: line(bold(`D-${d.decisionSeq}`)) }] : []),
      ...(involved(d, me) || isLead(me.roles) ? [{ label: 'Between', value: line(names(r, d.parties)) }] : []),
      ...(d.escalatedTo && state === 'escalated' ? [{ label: 'Escalated to', value: line(who(r, d.escalatedTo).name) }] : []),
    ),
  ];
  if (involved(d, me)) {
    const o = await optionsOf(ctx.db, d);
    if (o) blocks.push(section(line(bold('Summary: '), o.summary), ...o.options.map((text, i) => line(bold(`Option ${i + 1}: `), text))));
  }
  if (d.facilitatorId === me.id) {
    blocks.push(...await viewsBlocks(ctx, d, r));
  } else if (d.parties.includes(me.id)) {
    const mine = (await listEntries(ctx.db, d.id, { kinds: ['view'] })).find((e) => e.memberId === me.id);
    if (mine) {
      blocks.push(
        fields(
          { label: 'Your view — the issue', value: line(String(mine.data.issue ?? '')) },
          { label: 'What matters most to you', value: line(String(mine.data.matters ?? '')) },
          { label: 'What you could live with', value: line(String(mine.data.liveWith ?? '')) },
        ),
      );
    }
  }
  blocks.push(list(historyLines(await listSteps(ctx.db, d.id), r, tz, { facilitator: d.facilitatorId === me.id, parties: d.parties }), { title: 'History' }));
  blocks.push(context(d.facilitatorId === me.id ? 'You facilitate: you see every view. Each party sees only their own.' : 'Views are seen only by their author and the facilitator.'));
  return blocks;
}

export const flowHandlers: Handlers = {
  async disagree(ctx, cmd) {
    if (cmd.sub === 'list') {
      const r = await roster(ctx.db, ctx.team.id);
      const open = await openDisagreements(ctx.db, ctx.team.id);
      const ended = (await listDisagreements(ctx.db, ctx.team.id, LIST_ROWS)).filter(isEnded).slice(0, 10);
      ctx.reply(
        message([
          header(`${ctx.team.name}: disagreements`.slice(0, 150)),
          list(open.map((d) => neutralLine(d, r, ctx.actorTz)), { title: 'Being worked through', empty: 'None.' }),
          list(ended.map((d) => neutralLine(d, r, ctx.actorTz)), { title: 'Ended', empty: 'None yet.' }),
          context('Start one: ', { text: `${ctx.prefix}disagree <topic> with @someone`, code: true }, ' · see one: ', { text: `${ctx.prefix}disagree R-n`, code: true }),
        ]),
      );
      return;
    }
    if (cmd.sub === 'show' || cmd.sub === 'withdraw') {
      const d = cmd.seq ? await findDisagreement(ctx.db, ctx.team.id, cmd.seq) : undefined;
      if (!d) return refuse(`There is no R-${cmd.seq ?? '?'} in this team.`, 'disagree', 'disagree');
      if (cmd.sub === 'show') {
        ctx.reply(message(await showFlow(ctx, d)));
        return;
      }
      if (!(d.parties.includes(ctx.actor.id) || d.facilitatorId === ctx.actor.id || isLead(ctx.actor.roles))) {
        return refuse(`Only a party to ${rRef(d)}, its facilitator or a lead can withdraw it.`, `disagree ${rRef(d)}`, 'disagree');
      }
      const next = await apply(ctx, d, { type: 'withdraw', by: ctx.actor.id }, { by: ctx.actor });
      if (isRefusal(next)) return next;
      ctx.reply(say(bold(rRef(d)), ' is withdrawn. Everyone in it has been told privately.'));
      return;
    }
    if (cmd.partyIds.length === 0) {
      // "with Maria" typed without picking Maria stays in the topic: the hint shows the topic alone.
      const typed = /\swith\s+(\S.*)$/i.exec(cmd.topic);
      const topic = typed ? cmd.topic.slice(0, typed.index) : cmd.topic;
      const why = typed ? `"${typed[1]!.slice(0, 40)}" is not a mention: type @ and pick the person from the list, so Baton can ask each of you privately:` : 'Name who you disagree with, so Baton can ask each of you privately:';
      return refuse(why, `disagree ${topic.slice(0, 60)} with @someone`, 'disagree');
    }
    const others: MemberRow[] = [];
    for (const id of cmd.partyIds) {
      if (id === ctx.actor.userId || id === ctx.actor.altId) continue;
      const m = await memberNamed(ctx, id, 'other party');
      if (isRefusal(m)) return m;
      others.push(m);
    }
    const r = await start(ctx, cmd.topic, others);
    if (isRefusal(r)) return r;
  },
};

// ——— timers ———

export const flowJobs: Record<string, JobHandler> = {
  async 'flow.cooldown'(ctx, payload) {
    const d = await jobDisagreement(ctx, payload);
    if (d) await apply(ctx, d, { type: 'cooldown_over' });
  },
  // An escalation or a follow-up due on a non-working day (the calendar changed after the timer
  // was set) waits for the next working day.
  'flow.timeout': onWorkingDays(async (ctx, payload) => {
    const d = await jobDisagreement(ctx, payload);
    const step = payload.step as Step;
    if (d && typeof payload.round === 'number') await apply(ctx, d, { type: 'timeout', step, round: payload.round });
  }),
  'flow.followup': onWorkingDays(async (ctx, payload) => {
    const d = await jobDisagreement(ctx, payload);
    if (d) await apply(ctx, d, { type: 'followup_due' });
  }),
  /** A flag by reaction whose topic was never named: nothing started; the reactor hears so. */
  async [UNCONFIRMED](ctx, payload) {
    const p = unconfirmedSchema.safeParse(payload);
    const by = p.success && p.data.teamId === ctx.team.id ? await getMember(ctx.db, p.data.by) : undefined;
    if (!by || by.status !== 'active') return;
    ctx.dm(
      by.userId,
      message([
        section(line('Nothing was started: no topic was named for the disagreement you flagged with a reaction', p.success && p.data.excerpt ? ` (on “${p.data.excerpt}”)` : '', '.')),
        context('To start it: react again, or type ', { text: `disagree <topic> with @them`, code: true }),
      ]),
    );
  },
};

// ——— what other views show: neutral lines only ———

/** Open disagreements as neutral lines (id, topic, step, facilitator, next deadline): never anyone's views. */
export async function openDisagreementLines(db: Db, teamId: number, _now: number, tz = 'UTC'): Promise<Line[]> {
  const r = await roster(db, teamId);
  return (await openDisagreements(db, teamId)).map((d) => neutralLine(d, r, tz));
}

/** Disagreements flagged and resolved (reached a decision) in a window. */
export async function disagreementCounts(db: Db, teamId: number, w: Window): Promise<{ flagged: number; resolved: number }> {
  return await countDisagreements(db, teamId, w);
}

/** The disagreements behind the report's number: flagged or decided in the window, neutrally. */
export async function disagreementRecords(db: Db, teamId: number, w: Window, limit: number, tz = 'UTC'): Promise<Line[]> {
  const r = await roster(db, teamId);
  return (await disagreementsInWindow(db, teamId, w, limit)).map((d) => {
    const stands = decisionStands(d);
    const took = d.decidedAt ? ` · decided ${at(d.decidedAt, tz)} (${d.decidedAt - d.createdAt < 3_600_000 ? 'within the hour it was flagged' : `${Math.round((d.decidedAt - d.createdAt) / 3_600_000)} h after it was flagged`})${stands ? ' · resolved' : ' · reopened since, not counted as resolved'}` : '';
    return neutralLine(d, r, tz, ` · flagged ${at(d.createdAt, tz)}${took}`);
  });
}

/** For App Home: the flows a member is in, and whether one waits on them. Neutral. */
export async function myDisagreementLines(db: Db, teamId: number, member: MemberRow, tz: string): Promise<Line[]> {
  const r: Roster = await roster(db, teamId);
  const lines: Line[] = [];
  for (const d of await openDisagreements(db, teamId)) {
    if (!d.parties.includes(member.id) && d.facilitatorId !== member.id && d.escalatedTo !== member.id) continue;
    const note = (await waitsOn(db, d, member)) ? ' · waiting on you' : d.facilitatorId === member.id ? ' · you facilitate' : '';
    lines.push(neutralLine(d, r, tz, note));
  }
  return lines;
}

/** Whether the flow's current step waits on this member. */
async function waitsOn(db: Db, d: DisagreementRow, m: MemberRow): Promise<boolean> {
  const step = currentStep({ state: d.state as State, stalled: d.stalled as Step | null });
  const mine = async (kind: string, round?: number) => (await listEntries(db, d.id, { kinds: [kind], ...(round ? { round } : {}) })).some((e) => e.memberId === m.id);
  if (d.state === 'escalated' && d.escalatedTo === m.id) return true;
  if (step === 'common_ground') return d.facilitatorId === m.id;
  if (!d.parties.includes(m.id)) return false;
  if (step === 'views') return !await mine('view');
  if (step === 'agree') return !await mine('answer', d.round);
  if (step === 'follow_up') return !await mine('followup', d.round);
  return false;
}

/** The export's rows: one per disagreement, neutral (no views, no notes, no options). */
export async function disagreementExportRows(db: Db, teamId: number): Promise<{ id: string; status: string; topic: string; facilitator: string; parties: string; decision: string; createdBy: string; createdAt: number; endedAt: number | null; history: string; source: string }[]> {
  const r = await roster(db, teamId);
  const rows = [];
  for (const d of (await listDisagreements(db, teamId)).reverse()) {
    const steps = await listSteps(db, d.id);
    rows.push({
      id: rRef(d),
      status: stateName(d.state as State, d.stalled as Step | null),
      topic: d.topic,
      facilitator: who(r, d.facilitatorId).name,
      parties: names(r, d.parties),
      decision: d.decisionSeq ? `D-${d.decisionSeq}` : '',
      createdBy: who(r, d.flaggedBy).name,
      createdAt: d.createdAt,
      endedAt: d.endedAt,
      history: steps.map((s) => `${stateName(s.toState as State)} (${new Date(s.at).toISOString().slice(0, 10)})`).join('; '),
      source: d.sourceUrl ?? '',
    });
  }
  return rows;
}
