// How the de-escalation flow reads to people: the channel's one neutral line, the private asks
// and notices, and the history. Nothing here shows a view or a note: those appear only in the
// forms and summaries built for their author and the facilitator (forms.ts, index.ts).
import { DateTime } from 'luxon';
import type { DisagreementRow } from '../../db/disagreements.js';
import type { MemberRow } from '../../db/members.js';
import { type Button, type Line, type Message, type Span, actions, bold, context, header, line, link, mention, message, section } from '../message.js';
import type { Roster } from '../records/lines.js';
import { type Notice, type State, type Step, stateName } from './machine.js';

export const rRef = (d: Pick<DisagreementRow, 'seq'>): string => `R-${d.seq}`;

/** "Wed, Nov 25, 15:00 UTC" in a zone. */
export function at(ms: number, tz: string): string {
  return DateTime.fromMillis(ms, { zone: tz }).toFormat('ccc, LLL d, HH:mm ZZZZ', { locale: 'en-US' });
}

/** A member by id, for names; a placeholder for someone no longer known. */
export function who(roster: Roster, id: number | null | undefined): MemberRow | { id: number; userId: string; name: string } {
  const m = id === null || id === undefined ? undefined : roster.get(id);
  return m ?? { id: id ?? -1, userId: '', name: 'someone who left' };
}

const nameOf = (roster: Roster, id: number | null | undefined): string => who(roster, id).name;

/** A real mention when the person is known, plain text otherwise. */
function person(roster: Roster, id: number | null | undefined): Span {
  const m = who(roster, id);
  return m.userId ? mention(m) : { text: m.name };
}

export function names(roster: Roster, ids: number[]): string {
  const all = ids.map((id) => nameOf(roster, id));
  return all.length <= 1 ? (all[0] ?? 'nobody') : `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
}

const STEP_TITLE: Record<Step, string> = {
  views: 'the private views',
  common_ground: 'common ground (summary and options)',
  agree: 'agreeing on an option',
  follow_up: 'the follow-up',
};

/** The channel's one neutral line: topic, facilitator, what is next and by when — nothing else. */
export function channelLine(d: DisagreementRow, roster: Roster, tz: string): Message {
  const topic = bold(d.topic);
  const fac = person(roster, d.facilitatorId);
  const decision = d.decisionSeq ? `D-${d.decisionSeq}` : null;
  const state = d.state as State;
  let main: Line;
  switch (state) {
    case 'escalated':
      main = d.escalatedTo
        ? line('⚖️ A disagreement about ', topic, ' is being worked through; facilitator ', fac, `; the time box for ${STEP_TITLE[d.stalled as Step] ?? 'a step'} ran out, so it went to `, person(roster, d.escalatedTo), '.')
        : line('⚖️ A disagreement about ', topic, ' is being worked through; facilitator ', fac, `; the time box for ${STEP_TITLE[d.stalled as Step] ?? 'a step'} ran out; it waits on the facilitator, and nobody else is named to take it.`);
      break;
    case 'decided':
      main = line('⚖️ A disagreement about ', topic, ' reached a decision: ', bold(decision ?? 'recorded'), `; follow-up by ${d.deadline ? at(d.deadline, tz) : 'later'}.`);
      break;
    case 'follow_up':
      main = line('⚖️ A disagreement about ', topic, ' reached a decision (', bold(decision ?? '—'), `); the parties are asked whether it holds; next step by ${d.deadline ? at(d.deadline, tz) : 'soon'}.`);
      break;
    case 'closed':
      main =
        d.endReason === 'party-left'
          ? line('⚖️ A disagreement about ', topic, ' is closed: a party left the team', decision ? '; ' : '.', decision ? bold(decision) : null, decision ? ' stands.' : null)
          : line('⚖️ A disagreement about ', topic, ' is resolved', decision ? ': ' : '.', decision ? bold(decision) : null, decision ? ' holds.' : null);
      break;
    case 'withdrawn':
      main = line('⚖️ A disagreement about ', topic, d.endReason === 'party-left' ? ' has ended: a party left the team.' : d.endReason === 'no-facilitator' ? ' has ended: its facilitator left and nobody neutral is left to take over.' : ' was withdrawn.');
      break;
    default:
      main = line('⚖️ A disagreement about ', topic, d.round > 1 ? ' is being worked through again; facilitator ' : ' is being worked through; facilitator ', fac, `; next step by ${d.deadline ? at(d.deadline, tz) : 'soon'}.`);
  }
  return message([section(main), context(`${rRef(d)} · ${stateName(state, d.stalled as Step | null)} · the views stay private to their author and the facilitator`)]);
}

/** One neutral line for lists (recap, report, home): id, topic, step, facilitator, deadline. */
export function neutralLine(d: DisagreementRow, roster: Roster, tz: string, extra?: string): Line {
  const state = d.state as State;
  const ended = state === 'closed' || state === 'withdrawn';
  return line(
    bold(rRef(d)),
    ' ',
    d.topic,
    ` — ${stateName(state, d.stalled as Step | null)}`,
    ` · facilitator: ${nameOf(roster, d.facilitatorId)}`,
    d.decisionSeq ? ` · D-${d.decisionSeq}` : null,
    !ended && d.deadline ? ` · next step by ${at(d.deadline, tz)}` : null,
    extra ?? null,
  );
}

const flowButton = (label: string, action: string, d: DisagreementRow, style?: Button['style']): Button => ({
  label,
  actionId: `flow.${action}`,
  value: JSON.stringify({ teamId: d.teamId, r: d.seq }),
  opensForm: ['views', 'options', 'answer', 'decide', 'followup', 'takeover'].includes(action),
  ...(style ? { style } : {}),
});

function about(d: DisagreementRow): Span[] {
  return d.sourceUrl ? [{ text: ' (' }, link(d.sourceUrl, 'the message'), { text: ')' }] : [];
}

/** Each party, privately: give your view. */
export function askViews(d: DisagreementRow, roster: Roster, to: number, tz: string): Message {
  const others = (d.parties as number[]).filter((p) => p !== to);
  if (d.round > 1) {
    // Reopened: a party who gave no view the first time may give one before the new options.
    return message([
      header(`${rRef(d)}: your view, privately`),
      section(
        line(`${rRef(d)} about `, bold(d.topic), ' is open again. You have not given your view yet: you can give it now, before ', person(roster, d.facilitatorId), ' writes new options.'),
        line('Three questions: what is the issue as you see it; what matters most to you (interests, not positions); what could you live with. Only you and the facilitator will see your answers.'),
      ),
      context(`The new options are due by ${d.deadline ? at(d.deadline, tz) : 'soon'}.`),
      actions(flowButton('Give my view', 'views', d, 'primary')),
    ]);
  }
  return message([
    header(`${rRef(d)}: your view, privately`),
    section(
      line(`${d.flaggedBy === to ? 'You' : nameOf(roster, d.flaggedBy)} flagged a disagreement about `, bold(d.topic), ...about(d), ` between you and ${names(roster, others)}. `, person(roster, d.facilitatorId), ' facilitates, as your team agreed.'),
      line('Three questions: what is the issue as you see it; what matters most to you (interests, not positions); what could you live with. Only you and the facilitator will see your answers.'),
    ),
    context(`Please answer by ${d.deadline ? at(d.deadline, tz) : 'soon'}.`),
    actions(flowButton('Give my view', 'views', d, 'primary')),
  ]);
}

/** The facilitator: write the summary and options. */
export function askOptions(d: DisagreementRow, roster: Roster, viewsIn: number[], tz: string): Message {
  const parties = d.parties as number[];
  const first = d.round === 1;
  const given = parties.filter((p) => viewsIn.includes(p));
  const missing = parties.filter((p) => !viewsIn.includes(p));
  // Who gave a view and who did not, when the step was moved on without some of them.
  const which =
    missing.length === 0
      ? line('The views on ', bold(d.topic), ` are in, from ${names(roster, given)}. Read them side by side, then write a neutral summary and one to three options.`)
      : given.length === 0
        ? line('The views on ', bold(d.topic), ': nobody gave one, and the step moved on without them. Write a neutral summary and one to three options from what you know.')
        : line(
            'The views on ',
            bold(d.topic),
            `: ${names(roster, given)} gave one; ${names(roster, missing)} did not, and the step moved on without ${missing.length === 1 ? 'it' : 'them'}. Read the views given side by side, then write a neutral summary and one to three options.`,
          );
  return message([
    header(`${rRef(d)}: common ground`),
    section(first ? which : line(bold(d.topic), ` is open again (round ${d.round}). Write a new neutral summary and one to three options; the earlier answers are shown with the views.`)),
    context(`Please write them by ${d.deadline ? at(d.deadline, tz) : 'soon'}. Name who carries out what is decided, and by when.`),
    actions(flowButton('Write summary and options', 'options', d, 'primary')),
  ]);
}

/** Each party: answer the options. */
export function askAnswers(d: DisagreementRow, roster: Roster, summary: string, options: string[], tz: string): Message {
  return message([
    header(`${rRef(d)}: the options`),
    section(line(person(roster, d.facilitatorId), ' summarised ', bold(d.topic), ':'), line(summary)),
    section(...options.map((o, i) => line(bold(`Option ${i + 1}: `), o))),
    context(`Say privately, for each option, "I can live with this" or "not yet", with a note. Please answer by ${d.deadline ? at(d.deadline, tz) : 'soon'}.`),
    actions(flowButton('Answer the options', 'answer', d, 'primary')),
  ]);
}

/** The facilitator (or the escalation): decide. */
export function askDecision(d: DisagreementRow, rule: string, tz: string): Message {
  return message([
    header(`${rRef(d)}: your decision`),
    section(line('Every party has answered the options about ', bold(d.topic), `. Under the team's rule (${rule}) you decide now, with their input in view.`)),
    context(`Please decide by ${d.deadline ? at(d.deadline, tz) : 'soon'}.`),
    actions(flowButton('Decide', 'decide', d, 'primary')),
  ]);
}

/** Each party: does the agreement hold? */
export function askFollowup(d: DisagreementRow, decision: string, tz: string): Message {
  return message([
    header(`${rRef(d)}: does it hold?`),
    section(
      line(d.decidedAt ? `On ${DateTime.fromMillis(d.decidedAt, { zone: tz }).toFormat('ccc, LLL d', { locale: 'en-US' })} your team decided ` : 'Your team decided ', bold(d.decisionSeq ? `D-${d.decisionSeq}` : 'this'), ': ', decision),
      line('Does the agreement hold for you? A "no" reopens it at common ground.'),
    ),
    context(`Please answer by ${d.deadline ? at(d.deadline, tz) : 'soon'}.`),
    actions(flowButton('Answer', 'followup', d, 'primary')),
  ]);
}

/** The escalation: a step ran out of time. Names only, never what anyone wrote. */
export function escalation(d: DisagreementRow, roster: Roster, step: Step, waiting: number[], to: number): Message {
  const buttons: Button[] = [];
  if (step === 'views') buttons.push(flowButton('Move on with the views given', 'proceed', d));
  if (step === 'common_ground') buttons.push(to === d.facilitatorId ? flowButton('Write summary and options', 'options', d, 'primary') : flowButton('Facilitate it myself', 'takeover', d));
  if (step === 'agree') buttons.push(flowButton('Decide now', 'decide', d, 'primary'));
  if (step === 'follow_up') buttons.push(flowButton('Close it: the agreement holds', 'close', d));
  if (waiting.some((id) => id !== to)) buttons.push(flowButton('Nudge them', 'nudge', d));
  return message([
    header(`⏰ ${rRef(d)}: a time box ran out`),
    section(
      line('The disagreement about ', bold(d.topic), ` is stuck at ${STEP_TITLE[step]}: the time the team agreed for it is over. Waiting on: ${names(roster, waiting)}.`),
      line('Your team agreed that a stalled step comes to you. You can nudge the people it waits on, or move it on here.'),
    ),
    context(`${rRef(d)} · facilitator: ${nameOf(roster, d.facilitatorId)} · what people wrote stays private to them and the facilitator`),
    actions(...buttons),
  ]);
}

/**
 * The facilitator, when the step that ran out waits on them and the agreements name nobody else
 * to take it: a reminder with the step's button, not an escalation to themselves.
 */
export function stalledWithYou(d: DisagreementRow, step: Step): Message {
  const button = step === 'common_ground' ? flowButton('Write summary and options', 'options', d, 'primary') : flowButton('Decide', 'decide', d, 'primary');
  return message([
    header(`⏰ ${rRef(d)}: a time box ran out`),
    section(
      line(`${rRef(d)}: the time for ${STEP_TITLE[step]} is over, and it waits on you. Your agreements name nobody else to take it, so it stays with you — please go on when you can.`),
      line('About ', bold(d.topic), '. The channel line says the time box ran out; it names nobody but you, the facilitator.'),
    ),
    context('A lead can name someone to take stalled steps: ', { text: 'agreements set escalation @someone', code: true }),
    actions(button),
  ]);
}

/** Someone a stalled step waits on, privately: a reminder with their button. Says nothing of who else is waited on. */
export function nudge(d: DisagreementRow, step: Step, to: number): Message {
  const facilitator = to === d.facilitatorId && !d.parties.includes(to);
  const [what, button] =
    step === 'views'
      ? ['your view', flowButton('Give my view', 'views', d, 'primary')]
      : step === 'common_ground'
        ? ['your summary and options', flowButton('Write summary and options', 'options', d, 'primary')]
        : step === 'agree'
          ? facilitator
            ? ['your decision', flowButton('Decide', 'decide', d, 'primary')]
            : ['your answers to the options', flowButton('Answer the options', 'answer', d, 'primary')]
          : ['your answer: does the agreement hold?', flowButton('Answer', 'followup', d, 'primary')];
  return message([
    header(`⏰ ${rRef(d)}: a reminder`),
    section(line(bold(d.topic), ` is waiting for ${what}. The time your team agreed for this step is over; late answers still count.`)),
    context('Only you see this reminder.'),
    actions(button),
  ]);
}

/** The parties and the facilitator, about the flow as a whole. */
export function notice(d: DisagreementRow, roster: Roster, n: Notice, by: number | null, tz: string): Message {
  const r = bold(rRef(d));
  const decision = d.decisionSeq ? `D-${d.decisionSeq}` : 'the decision';
  switch (n) {
    case 'cooling_down':
      return message([section(line(r, ' about ', bold(d.topic), `: your team agreed on a cool-down first. Baton will ask for the views ${d.deadline ? `on ${at(d.deadline, tz)}` : 'soon'}.`))]);
    case 'no_agreement':
      return message([section(line(r, ': no option had every party yet. ', person(roster, d.facilitatorId), ' will write new options.'))]);
    case 'reopened':
      return message([section(line(r, `: a party said ${decision} does not hold, so it is open again at common ground. `, person(roster, d.facilitatorId), ' will write new options.'))]);
    case 'withdrawn':
      if (d.endReason === 'no-facilitator') return message([section(line(r, ' about ', bold(d.topic), ' has ended: its facilitator left the team and nobody neutral is left to take over. Nothing more is asked of you.'))]);
      return message([section(line(r, ' about ', bold(d.topic), ` was withdrawn by ${nameOf(roster, by)}. Nothing more is asked of you.`))]);
    case 'party_left':
      return message([
        section(d.state === 'closed' ? line(r, ` is closed: ${nameOf(roster, by)} left the team; ${decision} stands.`) : line(r, ' about ', bold(d.topic), ` has ended: ${nameOf(roster, by)} left the team. Nothing more is asked of you.`)),
      ]);
    case 'closed':
      return message([section(line(r, ' about ', bold(d.topic), ` is closed: ${decision} holds. Thank you.`))]);
    case 'facilitator_changed':
      return message([section(line(r, ' about ', bold(d.topic), ': ', person(roster, d.facilitatorId), ' facilitates from now on, and sees the views given so far.'))]);
  }
}

/** One row of a flow's history, as stored. */
export interface HistoryStep {
  fromState: string;
  toState: string;
  event: string;
  by: number | null;
  round: number;
  at: number;
}

/** What a step of the history did, in words for people (never the machine's event names). */
function happened(s: HistoryStep): string {
  const to = s.toState as State;
  const again = to === 'common_ground' && s.round > 1 ? ` (round ${s.round})` : '';
  switch (s.event) {
    case 'flag':
      return 'Flagged';
    case 'flag_reaction':
      return 'Flagged with a reaction to a message';
    case 'start':
      return to === 'cooldown' ? 'A cool-down began, as the team agreed' : 'Each party was asked privately for their view';
    case 'cooldown_over':
      return 'The cool-down ended; each party was asked privately for their view';
    case 'view_submitted':
      return 'Every view is in; the facilitator writes a summary and options';
    case 'proceed':
      return 'Moved on to common ground with the views given';
    case 'options_written':
      return 'The summary and options went to the parties';
    case 'answer':
      if (to === 'common_ground') return `Every party answered and no option had everyone; new options are next${again}`;
      if (to === 'decided' || to === 'closed') return 'Every party answered; an option was agreed';
      return "Every party answered; the facilitator decides with their input";
    case 'facilitator_decides':
      return "Decided after the parties' input";
    case 'timeout':
      return `The time box for ${STEP_TITLE[s.fromState as Step] ?? 'a step'} ran out; it was escalated`;
    case 'followup_due':
      return 'Each party was asked privately whether the agreement holds';
    case 'holds':
      return 'Every party said the agreement holds; closed';
    case 'does_not_hold':
      return `A party said the agreement does not hold; open again at common ground${again}`;
    case 'close':
      return 'The follow-up was closed: the agreement is taken to hold';
    case 'facilitator_changed':
      return 'A new facilitator took over';
    case 'party_left':
      return to === 'closed' ? 'Closed: a party left the team' : 'Ended: a party left the team';
    case 'withdraw':
      return 'Withdrawn';
    default:
      return stateName(to);
  }
}

/**
 * The history: each step, when, what happened. Who did a step is shown to the facilitator only,
 * and to others only when that person is not a party (a lead withdrawing it, the escalation
 * moving it on): who flagged it, gave a view, answered, or said the agreement does not hold is
 * nobody else's business — the parties stay hidden from bystanders, and the follow-up anonymous.
 */
/** The steps a person did (the others happened by themselves, or say who in their own words). */
const WHO_ACTED = new Set(['flag', 'flag_reaction', 'view_submitted', 'proceed', 'options_written', 'answer', 'facilitator_decides', 'holds', 'does_not_hold', 'close', 'withdraw']);

export function historyLines(steps: HistoryStep[], roster: Roster, tz: string, viewer: { facilitator: boolean; parties: number[] }): Line[] {
  return steps.map((s) => {
    const named = s.by !== null && WHO_ACTED.has(s.event) && (viewer.facilitator || !viewer.parties.includes(s.by));
    return line(`${at(s.at, tz)} — `, happened(s), named ? ` (${nameOf(roster, s.by)})` : '');
  });
}
