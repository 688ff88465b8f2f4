// The weekly check-in: what the rest of the core asks of it.
// (Placeholder until the check-in capability lands: commands answer that it is not ready.)
import type { Db } from '../../db/client.js';
import type { Window } from '../../db/insights.js';
import { refuse } from '../context.js';
import type { Handlers } from '../handlers.js';
import type { Line } from '../message.js';

const notYet = () => refuse('Check-ins are not available in this version yet.', 'help', 'checkin');

export const checkinHandlers: Handlers = {
  checkin: notYet,
  'checkin.now': notYet,
  'checkin.schedule': notYet,
  'checkin.off': notYet,
  'checkin.skip': notYet,
  'checkin.away': notYet,
  'checkin.back': notYet,
};

/** Check-ins sent and answered in a window. */
export function responseRate(_db: Db, _teamId: number, _w: Window): { sent: number; answered: number } {
  return { sent: 0, answered: 0 };
}

/** The check-ins behind the response rate, one line each. */
export function responseRecords(_db: Db, _teamId: number, _w: Window, _limit: number): Line[] {
  return [];
}

/** A member's check-in waiting for an answer, for App Home. */
export function pendingCheckinLines(_db: Db, _memberIds: number[]): Line[] {
  return [];
}
