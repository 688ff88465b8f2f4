// The de-escalation flow's state machine, on its own: every transition, each time box running
// out, reopening, a party leaving, and events that do not apply. Pure: facts in, state and
// effects out.
import { describe, expect, it } from 'vitest';
import { type Effect, type Event, type Facts, type Outcome, agreedOption, stateName, transition, waitingOn } from '../../../src/core/deescalation/machine.js';

const H = 3_600_000;
const NOW = 1_000_000_000;
const MARIA = 2;
const SAM = 3;
const ALICE = 1; // the facilitator

function facts(over: Partial<Facts> = {}): Facts {
  return {
    state: 'flagged',
    stalled: null,
    round: 1,
    parties: [MARIA, SAM],
    facilitator: ALICE,
    terms: { rule: 'consensus', cooldownMs: 0, timeboxMs: 48 * H, followupMs: 7 * 24 * H },
    now: NOW,
    deadline: null,
    viewsIn: [],
    optionCount: 0,
    answers: [],
    holds: [],
    ...over,
  };
}

function ok(o: Outcome): Extract<Outcome, { ok: true }> {
  if (!o.ok) throw new Error(`expected a transition, got: ${o.reason}`);
  return o;
}

const kinds = (effects: Effect[]) => effects.map((e) => e.kind);

describe('starting', () => {
  it('flagged → views at once without a cool-down: asks both parties, starts the time box, posts the line', () => {
    const r = ok(transition(facts(), { type: 'start' }));
    expect(r.state).toBe('views');
    expect(r.deadline).toBe(NOW + 48 * H);
    expect(r.effects).toEqual([
      { kind: 'cancel_timers' },
      { kind: 'ask', what: 'views', to: [MARIA, SAM] },
      { kind: 'timebox', step: 'views', round: 1, at: NOW + 48 * H },
      { kind: 'line' },
    ]);
  });

  it('flagged → cooldown with a cool-down; cooldown_over → views', () => {
    const f = facts({ terms: { ...facts().terms, cooldownMs: 2 * H } });
    const r = ok(transition(f, { type: 'start' }));
    expect(r.state).toBe('cooldown');
    expect(r.deadline).toBe(NOW + 2 * H);
    expect(r.effects).toContainEqual({ kind: 'timer', timer: 'cooldown', at: NOW + 2 * H });
    expect(r.effects).toContainEqual({ kind: 'tell', to: [MARIA, SAM, ALICE], notice: 'cooling_down' });
    expect(kinds(r.effects)).not.toContain('ask');
    const later = ok(transition({ ...f, state: 'cooldown', now: NOW + 2 * H }, { type: 'cooldown_over' }));
    expect(later.state).toBe('views');
    expect(later.effects).toContainEqual({ kind: 'ask', what: 'views', to: [MARIA, SAM] });
  });

  it('start twice, or cooldown_over outside the cool-down, does not apply', () => {
    expect(transition(facts({ state: 'views' }), { type: 'start' }).ok).toBe(false);
    expect(transition(facts({ state: 'views' }), { type: 'cooldown_over' }).ok).toBe(false);
  });
});

describe('views', () => {
  const views = facts({ state: 'views', deadline: NOW + 48 * H });

  it('one view of two keeps the step and its deadline; the last one moves to common ground', () => {
    const one = ok(transition(views, { type: 'view_submitted', by: MARIA }));
    expect(one.state).toBe('views');
    expect(one.deadline).toBe(NOW + 48 * H);
    expect(one.effects).toEqual([]);
    const both = ok(transition({ ...views, viewsIn: [MARIA] }, { type: 'view_submitted', by: SAM }));
    expect(both.state).toBe('common_ground');
    expect(both.effects).toEqual([
      { kind: 'cancel_timers' },
      { kind: 'ask_facilitator', what: 'options', to: ALICE },
      { kind: 'timebox', step: 'common_ground', round: 1, at: NOW + 48 * H },
      { kind: 'line' },
    ]);
  });

  it('a party giving their view again changes nothing in the flow', () => {
    const again = ok(transition({ ...views, viewsIn: [MARIA] }, { type: 'view_submitted', by: MARIA }));
    expect(again.state).toBe('views');
  });

  it('someone who is not a party gives no view', () => {
    expect(transition(views, { type: 'view_submitted', by: ALICE })).toEqual({ ok: false, reason: 'Only the parties give their views.' });
  });

  it('proceed is only for a stalled views step', () => {
    expect(transition(views, { type: 'proceed' }).ok).toBe(false);
  });
});

describe('common ground and agree', () => {
  const cg = facts({ state: 'common_ground', viewsIn: [MARIA, SAM] });
  const agree = facts({ state: 'agree', optionCount: 2, viewsIn: [MARIA, SAM], deadline: NOW + 10 * H });

  it('options_written → agree: each party is asked to answer, a new time box', () => {
    const r = ok(transition(cg, { type: 'options_written', count: 2 }));
    expect(r.state).toBe('agree');
    expect(r.effects).toEqual([
      { kind: 'cancel_timers' },
      { kind: 'ask', what: 'answers', to: [MARIA, SAM] },
      { kind: 'timebox', step: 'agree', round: 1, at: NOW + 48 * H },
      { kind: 'line' },
    ]);
  });

  it('one to three options', () => {
    expect(transition(cg, { type: 'options_written', count: 0 }).ok).toBe(false);
    expect(transition(cg, { type: 'options_written', count: 4 }).ok).toBe(false);
    expect(transition(cg, { type: 'options_written', count: 3 }).ok).toBe(true);
  });

  it('consensus: when all parties can live with one option it is recorded as the decision → decided, follow-up timer', () => {
    const first = ok(transition(agree, { type: 'answer', by: MARIA, accepts: [false, true] }));
    expect(first.state).toBe('agree');
    expect(first.deadline).toBe(NOW + 10 * H);
    const r = ok(transition({ ...agree, answers: [{ by: MARIA, accepts: [false, true] }] }, { type: 'answer', by: SAM, accepts: [true, true] }));
    expect(r.state).toBe('decided');
    expect(r.deadline).toBe(NOW + 7 * 24 * H);
    expect(r.effects).toEqual([
      { kind: 'cancel_timers' },
      { kind: 'record_decision', option: 1, how: 'consensus' },
      { kind: 'timer', timer: 'followup', at: NOW + 7 * 24 * H },
      { kind: 'line' },
    ]);
  });

  it('consensus: no option has everyone → back to common ground, next round, the parties are told', () => {
    const r = ok(transition({ ...agree, answers: [{ by: MARIA, accepts: [true, false] }] }, { type: 'answer', by: SAM, accepts: [false, true] }));
    expect(r.state).toBe('common_ground');
    expect(r.round).toBe(2);
    expect(r.effects).toContainEqual({ kind: 'ask_facilitator', what: 'options', to: ALICE });
    expect(r.effects).toContainEqual({ kind: 'timebox', step: 'common_ground', round: 2, at: NOW + 48 * H });
    expect(r.effects).toContainEqual({ kind: 'tell', to: [MARIA, SAM], notice: 'no_agreement' });
  });

  it('a party may change their answer until every answer is in', () => {
    const f = { ...agree, answers: [{ by: MARIA, accepts: [false, false] }] };
    const r = ok(transition(f, { type: 'answer', by: MARIA, accepts: [true, true] }));
    expect(r.state).toBe('agree');
  });

  it('an answer must answer each option, and come from a party', () => {
    expect(transition(agree, { type: 'answer', by: MARIA, accepts: [true] }).ok).toBe(false);
    expect(transition(agree, { type: 'answer', by: ALICE, accepts: [true, true] }).ok).toBe(false);
  });

  it('majority: the option more than half can live with becomes the decision', () => {
    const three = { ...agree, parties: [MARIA, SAM, 4], terms: { ...agree.terms, rule: 'majority' as const } };
    const r = ok(
      transition({ ...three, answers: [{ by: MARIA, accepts: [true, false] }, { by: SAM, accepts: [true, true] }] }, { type: 'answer', by: 4, accepts: [false, true] }),
    );
    expect(r.state).toBe('decided');
    expect(r.effects).toContainEqual({ kind: 'record_decision', option: 0, how: 'majority' });
  });

  it('majority of two is both: a split goes back to common ground', () => {
    const f = { ...agree, terms: { ...agree.terms, rule: 'majority' as const }, answers: [{ by: MARIA, accepts: [true, false] }] };
    expect(ok(transition(f, { type: 'answer', by: SAM, accepts: [false, true] })).state).toBe('common_ground');
  });

  it('lead-decides-after-input: once all input is in the facilitator is asked to decide, with a fresh time box; then decides', () => {
    const f = { ...agree, terms: { ...agree.terms, rule: 'lead-decides-after-input' as const } };
    expect(transition(f, { type: 'facilitator_decides', option: 0 })).toEqual({ ok: false, reason: "The facilitator decides after every party's input is in." });
    const r = ok(transition({ ...f, answers: [{ by: MARIA, accepts: [true, false] }] }, { type: 'answer', by: SAM, accepts: [false, true] }));
    expect(r.state).toBe('agree');
    expect(r.effects).toEqual([
      { kind: 'ask_facilitator', what: 'decision', to: ALICE },
      { kind: 'timebox', step: 'agree', round: 1, at: NOW + 48 * H },
      { kind: 'line' },
    ]);
    const all = { ...f, answers: [{ by: MARIA, accepts: [true, false] }, { by: SAM, accepts: [false, true] }] };
    const d = ok(transition(all, { type: 'facilitator_decides', option: 1 }));
    expect(d.state).toBe('decided');
    expect(d.effects).toContainEqual({ kind: 'record_decision', option: 1, how: 'facilitator' });
    expect(transition(all, { type: 'facilitator_decides', option: 2 }).ok).toBe(false);
  });

  it('lead-decides-after-input: an option everyone accepts is the decision without the facilitator', () => {
    const f = { ...agree, terms: { ...agree.terms, rule: 'lead-decides-after-input' as const }, answers: [{ by: MARIA, accepts: [true, false] }] };
    expect(ok(transition(f, { type: 'answer', by: SAM, accepts: [true, false] })).effects).toContainEqual({ kind: 'record_decision', option: 0, how: 'consensus' });
  });

  it('consensus: the facilitator cannot overrule the parties', () => {
    const all = { ...agree, answers: [{ by: MARIA, accepts: [true, false] }, { by: SAM, accepts: [false, true] }] };
    expect(transition(all, { type: 'facilitator_decides', option: 0 }).ok).toBe(false);
  });

  it('with no follow-up agreed, the decision closes the flow at once', () => {
    const f = { ...agree, terms: { ...agree.terms, followupMs: 0 }, answers: [{ by: MARIA, accepts: [true, true] }] };
    const r = ok(transition(f, { type: 'answer', by: SAM, accepts: [true, false] }));
    expect(r.state).toBe('closed');
    expect(r.ended).toBe('closed');
    expect(kinds(r.effects)).toEqual(['cancel_timers', 'record_decision', 'line']);
  });
});

describe('follow-up', () => {
  const decided = facts({ state: 'decided', optionCount: 1 });
  const follow = facts({ state: 'follow_up', optionCount: 1, deadline: NOW + 48 * H });

  it('decided → follow_up when it is due: each party is asked privately, in a time box', () => {
    const r = ok(transition(decided, { type: 'followup_due' }));
    expect(r.state).toBe('follow_up');
    expect(r.effects).toEqual([
      { kind: 'ask', what: 'followup', to: [MARIA, SAM] },
      { kind: 'timebox', step: 'follow_up', round: 1, at: NOW + 48 * H },
      { kind: 'line' },
    ]);
  });

  it('every party says it holds → closed', () => {
    expect(ok(transition(follow, { type: 'holds', by: MARIA })).state).toBe('follow_up');
    const r = ok(transition({ ...follow, holds: [MARIA] }, { type: 'holds', by: SAM }));
    expect(r.state).toBe('closed');
    expect(r.effects).toContainEqual({ kind: 'tell', to: [MARIA, SAM, ALICE], notice: 'closed' });
  });

  it('"no" from one party reopens at common ground in the next round', () => {
    const r = ok(transition({ ...follow, holds: [SAM] }, { type: 'does_not_hold', by: MARIA }));
    expect(r.state).toBe('common_ground');
    expect(r.round).toBe(2);
    expect(r.effects).toContainEqual({ kind: 'ask_facilitator', what: 'options', to: ALICE });
    expect(r.effects).toContainEqual({ kind: 'tell', to: [SAM], notice: 'reopened' });
  });

  it('the follow-up is not open before it is due', () => {
    expect(transition(decided, { type: 'holds', by: MARIA }).ok).toBe(false);
    expect(transition(facts({ state: 'agree' }), { type: 'followup_due' }).ok).toBe(false);
  });
});

describe('time boxes', () => {
  it.each([
    ['views', facts({ state: 'views', viewsIn: [MARIA] }), [SAM]],
    ['common_ground', facts({ state: 'common_ground' }), [ALICE]],
    ['agree', facts({ state: 'agree', optionCount: 1, answers: [{ by: SAM, accepts: [true] }] }), [MARIA]],
    ['follow_up', facts({ state: 'follow_up', holds: [MARIA] }), [SAM]],
  ] as const)('%s running out escalates, says who it waits on, and updates the line', (step, f, waiting) => {
    const r = ok(transition(f, { type: 'timeout', step, round: 1 }));
    expect(r.state).toBe('escalated');
    expect(r.stalled).toBe(step);
    expect(r.deadline).toBeNull();
    expect(r.effects).toEqual([{ kind: 'escalate', step, waitingOn: waiting }, { kind: 'line' }]);
  });

  it('under lead-decides with all input in, a stalled agree step waits on the facilitator', () => {
    const f = facts({ state: 'agree', optionCount: 1, answers: [{ by: MARIA, accepts: [false] }, { by: SAM, accepts: [true] }] });
    expect(waitingOn(f, 'agree')).toEqual([ALICE]);
  });

  it('a stale timer (another step or round) changes nothing', () => {
    const f = facts({ state: 'common_ground', round: 2, deadline: 5 });
    expect(ok(transition(f, { type: 'timeout', step: 'views', round: 1 }))).toMatchObject({ state: 'common_ground', deadline: 5, effects: [] });
    expect(ok(transition(f, { type: 'timeout', step: 'common_ground', round: 1 }))).toMatchObject({ state: 'common_ground', effects: [] });
  });

  it('no time box runs during the cool-down or while waiting for the follow-up', () => {
    expect(ok(transition(facts({ state: 'decided' }), { type: 'timeout', step: 'agree', round: 1 })).state).toBe('decided');
  });
});

describe('escalated: the stalled step still works', () => {
  const esc = (stalled: Facts['stalled'], over: Partial<Facts> = {}) => facts({ state: 'escalated', stalled, ...over });

  it('a late view: still escalated until the last one, which moves on to common ground', () => {
    const one = ok(transition(esc('views', { parties: [MARIA, SAM, 4] }), { type: 'view_submitted', by: MARIA }));
    expect(one).toMatchObject({ state: 'escalated', stalled: 'views', effects: [] });
    const last = ok(transition(esc('views', { viewsIn: [MARIA] }), { type: 'view_submitted', by: SAM }));
    expect(last).toMatchObject({ state: 'common_ground', stalled: null });
  });

  it('the escalation moves a stalled views step on with the views that are in', () => {
    const r = ok(transition(esc('views', { viewsIn: [MARIA] }), { type: 'proceed' }));
    expect(r.state).toBe('common_ground');
    expect(r.effects).toContainEqual({ kind: 'ask_facilitator', what: 'options', to: ALICE });
  });

  it('late options from the facilitator move on to agree', () => {
    expect(ok(transition(esc('common_ground'), { type: 'options_written', count: 1 })).state).toBe('agree');
  });

  it('a stalled agree step: whoever it escalated to may decide, whatever the rule', () => {
    const r = ok(transition(esc('agree', { optionCount: 2, answers: [{ by: MARIA, accepts: [true, false] }] }), { type: 'facilitator_decides', option: 1 }));
    expect(r.state).toBe('decided');
    expect(r.effects).toContainEqual({ kind: 'record_decision', option: 1, how: 'facilitator' });
  });

  it('a stalled agree step: late answers that agree decide it', () => {
    const r = ok(transition(esc('agree', { optionCount: 1, answers: [{ by: MARIA, accepts: [true] }] }), { type: 'answer', by: SAM, accepts: [true] }));
    expect(r.state).toBe('decided');
  });

  it('a stalled follow-up: late answers work, or the escalation closes it as holding', () => {
    expect(ok(transition(esc('follow_up', { holds: [MARIA] }), { type: 'holds', by: SAM })).state).toBe('closed');
    expect(ok(transition(esc('follow_up'), { type: 'does_not_hold', by: SAM })).state).toBe('common_ground');
    const closed = ok(transition(esc('follow_up'), { type: 'close' }));
    expect(closed).toMatchObject({ state: 'closed', ended: 'closed' });
    expect(transition(esc('views'), { type: 'close' }).ok).toBe(false);
  });

  it('a second time-out while escalated changes nothing', () => {
    expect(ok(transition(esc('views'), { type: 'timeout', step: 'views', round: 1 }))).toMatchObject({ state: 'escalated', effects: [] });
  });
});

describe('another facilitator', () => {
  it('taking over a stalled common-ground step: the new facilitator is asked, with a fresh time box; the parties are told', () => {
    const r = ok(transition(facts({ state: 'escalated', stalled: 'common_ground' }), { type: 'facilitator_changed', to: 9 }));
    expect(r).toMatchObject({ state: 'common_ground', stalled: null, facilitator: 9, deadline: NOW + 48 * H });
    expect(r.effects).toContainEqual({ kind: 'tell', to: [MARIA, SAM, 9], notice: 'facilitator_changed' });
    expect(r.effects).toContainEqual({ kind: 'ask_facilitator', what: 'options', to: 9 });
  });

  it('during views: only the name changes', () => {
    const r = ok(transition(facts({ state: 'views', deadline: 77 }), { type: 'facilitator_changed', to: 9 }));
    expect(r).toMatchObject({ state: 'views', facilitator: 9, deadline: 77 });
    expect(kinds(r.effects)).toEqual(['tell', 'line']);
  });

  it('a party cannot facilitate', () => {
    expect(transition(facts({ state: 'views' }), { type: 'facilitator_changed', to: MARIA }).ok).toBe(false);
  });
});

describe('ending cleanly', () => {
  it.each(['flagged', 'cooldown', 'views', 'common_ground', 'agree'] as const)('a party leaving during %s withdraws the flow, cancels its timers, tells the others', (state) => {
    const r = ok(transition(facts({ state }), { type: 'party_left', who: SAM }));
    expect(r).toMatchObject({ state: 'withdrawn', ended: 'party-left', deadline: null });
    expect(r.effects).toEqual([{ kind: 'cancel_timers' }, { kind: 'tell', to: [MARIA, ALICE], notice: 'party_left' }, { kind: 'line' }]);
  });

  it('a party leaving after the decision closes it: the decision stands', () => {
    expect(ok(transition(facts({ state: 'decided' }), { type: 'party_left', who: SAM }))).toMatchObject({ state: 'closed', ended: 'closed' });
    expect(ok(transition(facts({ state: 'escalated', stalled: 'follow_up' }), { type: 'party_left', who: SAM }))).toMatchObject({ state: 'closed' });
  });

  it('a party leaving an ended flow changes nothing; someone who is not a party does not count', () => {
    expect(ok(transition(facts({ state: 'closed' }), { type: 'party_left', who: SAM }))).toMatchObject({ state: 'closed', effects: [] });
    expect(transition(facts({ state: 'views' }), { type: 'party_left', who: 9 }).ok).toBe(false);
  });

  it.each(['flagged', 'cooldown', 'views', 'common_ground', 'agree', 'escalated'] as const)('withdrawing during %s ends it, tells everyone else', (state) => {
    const r = ok(transition(facts({ state, stalled: state === 'escalated' ? 'agree' : null }), { type: 'withdraw', by: MARIA }));
    expect(r).toMatchObject({ state: 'withdrawn', ended: 'withdrawn' });
    expect(r.effects).toEqual([{ kind: 'cancel_timers' }, { kind: 'tell', to: [SAM, ALICE], notice: 'withdrawn' }, { kind: 'line' }]);
  });

  it('no withdrawal after the decision, nor of an ended flow', () => {
    expect(transition(facts({ state: 'decided' }), { type: 'withdraw', by: MARIA }).ok).toBe(false);
    expect(transition(facts({ state: 'follow_up' }), { type: 'withdraw', by: MARIA }).ok).toBe(false);
    expect(transition(facts({ state: 'withdrawn' }), { type: 'withdraw', by: MARIA }).ok).toBe(false);
  });

  it('nothing moves an ended flow', () => {
    const events: Event[] = [{ type: 'start' }, { type: 'view_submitted', by: MARIA }, { type: 'options_written', count: 1 }, { type: 'answer', by: MARIA, accepts: [true] }, { type: 'followup_due' }, { type: 'holds', by: MARIA }, { type: 'facilitator_changed', to: 9 }];
    for (const state of ['closed', 'withdrawn'] as const) for (const e of events) expect(transition(facts({ state }), e).ok, `${state} ${e.type}`).toBe(false);
  });
});

describe('helpers', () => {
  it('agreedOption picks the first option everyone accepts', () => {
    expect(agreedOption({ parties: [1, 2], optionCount: 3, terms: facts().terms, answers: [{ by: 1, accepts: [false, true, true] }, { by: 2, accepts: [true, true, true] }] })).toEqual({ option: 1, how: 'consensus' });
  });

  it('stateName reads as people say it', () => {
    expect(stateName('common_ground')).toBe('common ground');
    expect(stateName('escalated', 'views')).toBe('escalated (private views)');
  });
});

describe('a party who gave no view, when the disagreement reopens', () => {
  const followUp = facts({ state: 'follow_up', round: 1, viewsIn: [MARIA], optionCount: 1, deadline: NOW + H });

  it('reopening at common ground asks only the party without a view for one', () => {
    const r = ok(transition(followUp, { type: 'does_not_hold', by: MARIA }));
    expect(r.state).toBe('common_ground');
    expect(r.round).toBe(2);
    expect(r.effects.filter((e) => e.kind === 'ask')).toEqual([{ kind: 'ask', what: 'views', to: [SAM] }]);
  });

  it('takes their view at common ground in a later round, staying there; not in round 1, nor a second view', () => {
    const reopened = facts({ state: 'common_ground', round: 2, viewsIn: [MARIA], deadline: NOW + H });
    const r = ok(transition(reopened, { type: 'view_submitted', by: SAM }));
    expect(r.state).toBe('common_ground');
    expect(r.deadline).toBe(NOW + H);
    expect(r.effects).toEqual([]);
    expect(transition({ ...reopened, round: 1 }, { type: 'view_submitted', by: SAM }).ok).toBe(false);
    expect(transition(reopened, { type: 'view_submitted', by: MARIA }).ok).toBe(false);
    expect(transition(reopened, { type: 'view_submitted', by: ALICE }).ok).toBe(false);
  });
});
