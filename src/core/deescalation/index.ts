// The de-escalation flow: what the rest of the core asks of it.
// (Placeholder until the flow lands: `disagree` answers that it is not ready.)
import type { Db } from '../../db/client.js';
import type { Window } from '../../db/insights.js';
import { type Context, type Refusal, refuse } from '../context.js';
import type { MemberRow } from '../../db/members.js';
import type { SourceMessage } from '../ports.js';
import type { Handlers } from '../handlers.js';
import type { Line } from '../message.js';

export const flowHandlers: Handlers = {
  disagree: () => refuse('The de-escalation flow is not available in this version yet.', 'agreements', 'disagree'),
};

/** Open disagreements as neutral lines (topic, step, facilitator): never anyone's views. */
export function openDisagreementLines(_db: Db, _teamId: number, _now: number): Line[] {
  return [];
}

/** Disagreements flagged and resolved in a window. */
export function disagreementCounts(_db: Db, _teamId: number, _w: Window): { flagged: number; resolved: number } {
  return { flagged: 0, resolved: 0 };
}

export function disagreementRecords(_db: Db, _teamId: number, _w: Window, _limit: number): Line[] {
  return [];
}

/** The disagreement reaction on a message: the flow between its author and the reactor. */
export function startFlowFromMessage(_ctx: Context, _source: SourceMessage): Refusal | void {
  return refuse('The de-escalation flow is not available in this version yet.', 'agreements', 'disagree');
}

/** A member left the team: any flow they are a party to ends cleanly. */
export function flowOnMemberLeft(_ctx: Context, _member: MemberRow): void {}
