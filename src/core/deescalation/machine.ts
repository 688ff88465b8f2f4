// The de-escalation flow as a state machine: pure states, events and transitions. Given what is
// known about one disagreement (its facts) and what just happened (an event), `transition`
// answers the next state and the effects to carry out, as data. It reads no clock and no
// database; flow.ts loads the facts, applies the effects and stores the new state.
//
//   flagged ─start─► cooldown ─cooldown_over─► views ─(all views in)─► common_ground
//   common_ground ─options_written─► agree ─(an option agreed / decided)─► decided ─followup_due─► follow_up
//   follow_up ─(all: holds)─► closed          follow_up ─does_not_hold─► common_ground (next round)
//   agree ─(all answered, no option agreed)─► common_ground (next round)
//   a timed step ─timeout─► escalated (the step is kept in `stalled`; its events still work)
//   before a decision ─withdraw / party_left─► withdrawn;  after it ─party_left─► closed

export const STATES = ['flagged', 'cooldown', 'views', 'common_ground', 'agree', 'decided', 'follow_up', 'closed', 'escalated', 'withdrawn'] as const;
export type State = (typeof STATES)[number];

/** The steps with a time box: when one runs out, the flow escalates. */
export const TIMED_STEPS = ['views', 'common_ground', 'agree', 'follow_up'] as const;
export type Step = (typeof TIMED_STEPS)[number];

export const ENDED_STATES: readonly State[] = ['closed', 'withdrawn'];

export type Rule = 'consensus' | 'lead-decides-after-input' | 'majority';

/** The agreements a flow runs under, fixed when it is flagged. */
export interface Terms {
  rule: Rule;
  cooldownMs: number;
  timeboxMs: number;
  followupMs: number;
}

/** Everything the machine needs to know about one disagreement. Members are ids. */
export interface Facts {
  state: State;
  /** The step whose time ran out, while `state` is escalated. */
  stalled: Step | null;
  round: number;
  parties: number[];
  facilitator: number;
  terms: Terms;
  now: number;
  /** When the current step is due, as stored; kept while the flow stays in its step. */
  deadline: number | null;
  /** Parties whose view is in. */
  viewsIn: number[];
  /** How many options the facilitator wrote this round (0 before they wrote them). */
  optionCount: number;
  /** This round's answers: for each party who answered, whether they can live with each option. */
  answers: { by: number; accepts: boolean[] }[];
  /** This round's follow-up: parties who said the agreement holds. */
  holds: number[];
  /**
   * When a time box starting now ends, counting only the team's working time (flow.ts reads the
   * calendar); absent: now + the time box.
   */
  boxEnd?: number;
  /** When a follow-up set now is due, moved off non-working days; absent: now + the delay. */
  followupAt?: number;
}

function boxEnd(f: Facts): number {
  return f.boxEnd ?? f.now + f.terms.timeboxMs;
}

function followupAt(f: Facts): number {
  return f.followupAt ?? f.now + f.terms.followupMs;
}

export type Event =
  | { type: 'start' }
  | { type: 'cooldown_over' }
  | { type: 'view_submitted'; by: number }
  /** The escalation moves a stalled views step on with the views that are in. */
  | { type: 'proceed' }
  | { type: 'options_written'; count: number }
  | { type: 'answer'; by: number; accepts: boolean[] }
  | { type: 'facilitator_decides'; option: number }
  | { type: 'timeout'; step: Step; round: number }
  | { type: 'followup_due' }
  | { type: 'holds'; by: number }
  | { type: 'does_not_hold'; by: number }
  /** The escalation closes a follow-up nobody answered: the agreement is taken to hold. */
  | { type: 'close' }
  /** Someone else facilitates from now on (the escalation took over, or the facilitator left). */
  | { type: 'facilitator_changed'; to: number }
  | { type: 'party_left'; who: number }
  | { type: 'withdraw'; by: number };

/** What the parties and the facilitator are told when something happens to the flow as a whole. */
export type Notice = 'cooling_down' | 'no_agreement' | 'reopened' | 'withdrawn' | 'party_left' | 'closed' | 'facilitator_changed';

export type Effect =
  /** Ask people privately for their part: views, answers to the options, whether it holds. */
  | { kind: 'ask'; what: 'views' | 'answers' | 'followup'; to: number[] }
  /** Ask the facilitator (or whoever decides) for summary and options, or for the decision. */
  | { kind: 'ask_facilitator'; what: 'options' | 'decision'; to: number }
  /** Record the option as decision D-n. */
  | { kind: 'record_decision'; option: number; how: 'consensus' | 'majority' | 'facilitator' }
  /** A timer for the next step (the end of the cool-down, the follow-up). */
  | { kind: 'timer'; timer: 'cooldown' | 'followup'; at: number }
  /** A step's time box: when it runs out, a `timeout` event for that step and round. */
  | { kind: 'timebox'; step: Step; round: number; at: number }
  | { kind: 'cancel_timers' }
  /** Tell the escalation path that a step ran out of time, and who it waits on. */
  | { kind: 'escalate'; step: Step; waitingOn: number[] }
  | { kind: 'tell'; to: number[]; notice: Notice }
  /** Update the channel's one neutral line. */
  | { kind: 'line' };

export type Outcome =
  | { ok: true; state: State; stalled: Step | null; round: number; facilitator: number; deadline: number | null; effects: Effect[]; ended?: 'withdrawn' | 'party-left' | 'closed' }
  | { ok: false; reason: string };

type Next = Extract<Outcome, { ok: true }>;

const STEP_NAMES: Record<State, string> = {
  flagged: 'just flagged',
  cooldown: 'cooling down',
  views: 'private views',
  common_ground: 'common ground',
  agree: 'agreeing on an option',
  decided: 'decided, follow-up pending',
  follow_up: 'follow-up',
  closed: 'closed',
  escalated: 'escalated',
  withdrawn: 'withdrawn',
};

/** The state as people read it. */
export function stateName(state: State, stalled?: Step | null): string {
  return state === 'escalated' && stalled ? `escalated (${STEP_NAMES[stalled]})` : STEP_NAMES[state];
}

const no = (reason: string): Outcome => ({ ok: false, reason });

/** The step the flow is in, escalated or not. */
export function currentStep(f: Pick<Facts, 'state' | 'stalled'>): State {
  return f.state === 'escalated' && f.stalled ? f.stalled : f.state;
}

/** Whether every party has answered every option this round. */
export function allAnswered(f: Pick<Facts, 'parties' | 'answers'>): boolean {
  return f.parties.every((p) => f.answers.some((a) => a.by === p));
}

/** Who a step waits on. */
export function waitingOn(f: Facts, step: Step): number[] {
  switch (step) {
    case 'views':
      return f.parties.filter((p) => !f.viewsIn.includes(p));
    case 'common_ground':
      return [f.facilitator];
    case 'agree':
      return allAnswered(f) ? [f.facilitator] : f.parties.filter((p) => !f.answers.some((a) => a.by === p));
    case 'follow_up':
      return f.parties.filter((p) => !f.holds.includes(p));
  }
}

/**
 * The option the parties agreed on under the rule, once all answered: one every party can live
 * with; under `majority`, the one most can live with when that is more than half of them.
 */
export function agreedOption(f: Pick<Facts, 'parties' | 'answers' | 'optionCount' | 'terms'>): { option: number; how: 'consensus' | 'majority' } | null {
  const n = f.parties.length;
  const tally = Array.from({ length: f.optionCount }, (_, i) => f.answers.filter((a) => f.parties.includes(a.by) && a.accepts[i] === true).length);
  const all = tally.findIndex((t) => t === n);
  if (all >= 0) return { option: all, how: 'consensus' };
  if (f.terms.rule === 'majority') {
    const best = Math.max(0, ...tally);
    if (best * 2 > n) return { option: tally.indexOf(best), how: 'majority' };
  }
  return null;
}

/** The next state and effects for an event, or why the event does not apply now. */
export function transition(f: Facts, e: Event): Outcome {
  const base: Next = { ok: true, state: f.state, stalled: f.stalled, round: f.round, facilitator: f.facilitator, deadline: null, effects: [] };
  const ended = ENDED_STATES.includes(f.state);
  const stay = (effects: Effect[] = []): Next => ({ ...base, deadline: deadlineOf(f), effects });
  const everyone = [...f.parties, f.facilitator];

  // Events that apply whatever the step.
  if (e.type === 'party_left') {
    if (!f.parties.includes(e.who)) return no('That person is not a party to this disagreement.');
    if (ended) return stay();
    const others = everyone.filter((p) => p !== e.who);
    const afterDecision = currentStep(f) === 'decided' || currentStep(f) === 'follow_up';
    return {
      ...base,
      state: afterDecision ? 'closed' : 'withdrawn',
      stalled: null,
      deadline: null,
      ended: afterDecision ? 'closed' : 'party-left',
      effects: [{ kind: 'cancel_timers' }, { kind: 'tell', to: others, notice: 'party_left' }, { kind: 'line' }],
    };
  }
  if (e.type === 'withdraw') {
    if (ended) return no('This disagreement has already ended.');
    const step = currentStep(f);
    if (step === 'decided' || step === 'follow_up') return no('This disagreement already reached a decision; it closes after the follow-up.');
    return {
      ...base,
      state: 'withdrawn',
      stalled: null,
      deadline: null,
      ended: 'withdrawn',
      effects: [{ kind: 'cancel_timers' }, { kind: 'tell', to: everyone.filter((p) => p !== e.by), notice: 'withdrawn' }, { kind: 'line' }],
    };
  }
  if (ended) return no('This disagreement has already ended.');
  if (e.type === 'facilitator_changed') {
    if (f.parties.includes(e.to)) return no('A party cannot facilitate their own disagreement.');
    if (e.to === f.facilitator) return stay();
    const g: Facts = { ...f, facilitator: e.to };
    const step = currentStep(f);
    const effects: Effect[] = [{ kind: 'tell', to: [...f.parties, e.to], notice: 'facilitator_changed' }];
    // A new facilitator gets a fresh time box for the step that waits on the facilitator.
    if (step === 'common_ground') {
      return { ...base, state: 'common_ground', stalled: null, facilitator: e.to, deadline: boxEnd(f), effects: [{ kind: 'cancel_timers' }, ...effects, ...commonGroundAsks(g, f.round)] };
    }
    if (step === 'agree' && allAnswered(f) && agreedOption(f) === null) {
      const at = boxEnd(f);
      return {
        ...base,
        state: 'agree',
        stalled: null,
        facilitator: e.to,
        deadline: at,
        effects: [{ kind: 'cancel_timers' }, ...effects, { kind: 'ask_facilitator', what: 'decision', to: e.to }, { kind: 'timebox', step: 'agree', round: f.round, at }, { kind: 'line' }],
      };
    }
    return { ...stay([...effects, { kind: 'line' }]), facilitator: e.to };
  }

  if (f.state === 'escalated') return escalated(f, e, base);
  return inStep(f, e, base);
}

/** While escalated, the stalled step's events still work; leaving the step ends the escalation. */
function escalated(f: Facts, e: Event, base: Next): Outcome {
  const step = f.stalled;
  if (!step) return no('This disagreement is in an unknown step.');
  if (e.type === 'timeout') return { ...base, deadline: null };
  if (e.type === 'proceed') {
    if (step !== 'views') return no('Only a stalled views step can be moved on.');
    return enterCommonGround({ ...f, state: 'views' }, f.round);
  }
  if (e.type === 'close') {
    if (step !== 'follow_up') return no('Only a stalled follow-up can be closed this way.');
    return { ...base, state: 'closed', stalled: null, deadline: null, ended: 'closed', effects: [{ kind: 'cancel_timers' }, { kind: 'tell', to: [...f.parties, f.facilitator], notice: 'closed' }, { kind: 'line' }] };
  }
  if (e.type === 'facilitator_decides') {
    if (step !== 'agree') return no('There is nothing to decide at this step.');
    if (f.optionCount === 0) return no('There are no options to decide between yet.');
    if (e.option < 0 || e.option >= f.optionCount) return no('There is no such option.');
    return decide(f, e.option, 'facilitator');
  }
  const r = inStep({ ...f, state: step, stalled: null }, e, { ...base, state: step, stalled: null });
  if (!r.ok) return r;
  // Still in the same step (e.g. one more view of several): still escalated, nothing timed.
  if (r.state === step) return { ...r, state: 'escalated', stalled: step, deadline: null, effects: r.effects.filter((x) => x.kind !== 'timebox') };
  return r;
}

function inStep(f: Facts, e: Event, base: Next): Outcome {
  const state = f.state;
  switch (e.type) {
    case 'start': {
      if (state !== 'flagged') return no('This disagreement has already started.');
      if (f.terms.cooldownMs > 0) {
        const at = f.now + f.terms.cooldownMs;
        return {
          ...base,
          state: 'cooldown',
          deadline: at,
          effects: [{ kind: 'timer', timer: 'cooldown', at }, { kind: 'tell', to: [...f.parties, f.facilitator], notice: 'cooling_down' }, { kind: 'line' }],
        };
      }
      return enterViews(f, base);
    }
    case 'cooldown_over':
      if (state !== 'cooldown') return no('The cool-down is already over.');
      return enterViews(f, base);
    case 'view_submitted': {
      // Reopened at common ground: a party who never gave a view may give one now; it waits for the new options.
      if (state === 'common_ground' && f.round > 1 && f.parties.includes(e.by) && !f.viewsIn.includes(e.by)) return { ...base, deadline: deadlineOf(f) };
      if (state !== 'views') return no('Views are no longer being collected for this disagreement.');
      if (!f.parties.includes(e.by)) return no('Only the parties give their views.');
      const inNow = new Set([...f.viewsIn, e.by]);
      if (f.parties.every((p) => inNow.has(p))) return enterCommonGround(f, f.round);
      return { ...base, deadline: deadlineOf(f) };
    }
    case 'proceed':
      return no('The views step moves on by itself once every view is in.');
    case 'options_written': {
      if (state !== 'common_ground') return no('Options are not being written at this step.');
      if (e.count < 1 || e.count > 3) return no('Write one to three options.');
      const at = boxEnd(f);
      return {
        ...base,
        state: 'agree',
        deadline: at,
        effects: [{ kind: 'cancel_timers' }, { kind: 'ask', what: 'answers', to: f.parties }, { kind: 'timebox', step: 'agree', round: f.round, at }, { kind: 'line' }],
      };
    }
    case 'answer': {
      if (state !== 'agree') return no('The options are not open for answers at this step.');
      if (!f.parties.includes(e.by)) return no('Only the parties answer the options.');
      if (e.accepts.length !== f.optionCount) return no('Answer each option.');
      const wasComplete = allAnswered(f);
      const g: Facts = { ...f, answers: [...f.answers.filter((a) => a.by !== e.by), { by: e.by, accepts: e.accepts }] };
      if (!allAnswered(g)) return { ...base, deadline: deadlineOf(f) };
      const agreed = agreedOption(g);
      if (agreed) return decide(g, agreed.option, agreed.how);
      if (g.terms.rule === 'lead-decides-after-input') {
        // Everyone's input is in: the facilitator decides, within a fresh time box.
        if (wasComplete) return { ...base, deadline: deadlineOf(f) };
        const at = boxEnd(f);
        return { ...base, deadline: at, effects: [{ kind: 'ask_facilitator', what: 'decision', to: f.facilitator }, { kind: 'timebox', step: 'agree', round: f.round, at }, { kind: 'line' }] };
      }
      // No option has everyone (or a majority): back to common ground for new options.
      const r = enterCommonGround(g, f.round + 1);
      return { ...r, effects: [...r.effects, { kind: 'tell', to: f.parties, notice: 'no_agreement' }] };
    }
    case 'facilitator_decides': {
      if (state !== 'agree') return no('There is nothing to decide at this step.');
      if (f.terms.rule !== 'lead-decides-after-input') return no(`Under this team's rule (${f.terms.rule}) the parties' answers decide, not the facilitator.`);
      if (!allAnswered(f)) return no("The facilitator decides after every party's input is in.");
      if (e.option < 0 || e.option >= f.optionCount) return no('There is no such option.');
      return decide(f, e.option, 'facilitator');
    }
    case 'timeout': {
      // A timer of a step or round the flow has left is stale: nothing happens.
      if (e.step !== state || e.round !== f.round) return { ...base, deadline: deadlineOf(f) };
      return {
        ...base,
        state: 'escalated',
        stalled: e.step,
        deadline: null,
        effects: [{ kind: 'escalate', step: e.step, waitingOn: waitingOn(f, e.step) }, { kind: 'line' }],
      };
    }
    case 'followup_due': {
      if (state !== 'decided') return no('The follow-up is not due at this step.');
      const at = boxEnd(f);
      return {
        ...base,
        state: 'follow_up',
        deadline: at,
        effects: [{ kind: 'ask', what: 'followup', to: f.parties }, { kind: 'timebox', step: 'follow_up', round: f.round, at }, { kind: 'line' }],
      };
    }
    case 'holds': {
      if (state !== 'follow_up') return no('The follow-up is not open at this step.');
      if (!f.parties.includes(e.by)) return no('Only the parties answer the follow-up.');
      const holds = new Set([...f.holds, e.by]);
      if (f.parties.every((p) => holds.has(p))) {
        return { ...base, state: 'closed', deadline: null, ended: 'closed', effects: [{ kind: 'cancel_timers' }, { kind: 'tell', to: [...f.parties, f.facilitator], notice: 'closed' }, { kind: 'line' }] };
      }
      return { ...base, deadline: deadlineOf(f) };
    }
    case 'does_not_hold': {
      if (state !== 'follow_up') return no('The follow-up is not open at this step.');
      if (!f.parties.includes(e.by)) return no('Only the parties answer the follow-up.');
      const r = enterCommonGround(f, f.round + 1);
      return { ...r, effects: [...r.effects, { kind: 'tell', to: f.parties.filter((p) => p !== e.by), notice: 'reopened' }] };
    }
    case 'close':
      return no('Only a stalled follow-up can be closed this way.');
    default:
      return no('That does not apply at this step.');
  }
}

function enterViews(f: Facts, base: Next): Next {
  const at = boxEnd(f);
  return {
    ...base,
    state: 'views',
    stalled: null,
    deadline: at,
    effects: [{ kind: 'cancel_timers' }, { kind: 'ask', what: 'views', to: f.parties }, { kind: 'timebox', step: 'views', round: f.round, at }, { kind: 'line' }],
  };
}

function commonGroundAsks(f: Facts, round: number): Effect[] {
  return [{ kind: 'ask_facilitator', what: 'options', to: f.facilitator }, { kind: 'timebox', step: 'common_ground', round, at: boxEnd(f) }, { kind: 'line' }];
}

function enterCommonGround(f: Facts, round: number): Next {
  // Reopened: whoever gave no view the first time is asked for one again.
  const noView = round > 1 ? f.parties.filter((p) => !f.viewsIn.includes(p)) : [];
  return {
    ok: true,
    state: 'common_ground',
    stalled: null,
    round,
    facilitator: f.facilitator,
    deadline: boxEnd(f),
    effects: [{ kind: 'cancel_timers' }, ...(noView.length ? [{ kind: 'ask', what: 'views', to: noView } as const] : []), ...commonGroundAsks(f, round)],
  };
}

function decide(f: Facts, option: number, how: 'consensus' | 'majority' | 'facilitator'): Next {
  const common = { ok: true as const, stalled: null, round: f.round, facilitator: f.facilitator };
  if (f.terms.followupMs > 0) {
    const at = followupAt(f);
    return {
      ...common,
      state: 'decided',
      deadline: at,
      effects: [{ kind: 'cancel_timers' }, { kind: 'record_decision', option, how }, { kind: 'timer', timer: 'followup', at }, { kind: 'line' }],
    };
  }
  return { ...common, state: 'closed', deadline: null, ended: 'closed', effects: [{ kind: 'cancel_timers' }, { kind: 'record_decision', option, how }, { kind: 'line' }] };
}

/** The deadline of a step the flow stays in: unchanged. */
function deadlineOf(f: Facts): number | null {
  return f.deadline;
}
