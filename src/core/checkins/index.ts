// The weekly check-in: what the rest of the core and the composition root ask of it.
//   schedule.ts  when (pure: weekday + local time, per zone, DST-safe)
//   run.ts       runs: timers, each member's private message, reminder, catch-up after downtime
//   answers.ts   the form and its answers applied to the records
//   digest.ts    the digest in the team's channel
//   questions.ts the team's own questions, and the copy each run keeps
//   records.ts   answers as records (U-n, E-n, A-n), edited with them
//   history.ts   past runs' answers (`list checkins`, the export)
//   commands.ts  the `checkin` commands
import type { Db } from '../../db/client.js';
import { checkinCounts, checkinRecords, getRun, openCheckinsOfMembers } from '../../db/checkins.js';
import type { Window } from '../../db/insights.js';
import type { ActionHandler, FormHandler, JobHandler } from '../handlers.js';
import { formatInstant, zoneOr } from '../language/dates.js';
import { type Line, bold, line } from '../message.js';
import { openForm, skipFromButton, submitAnswers } from './answers.js';
import { ACTION, FORM_ID, JOB } from './keys.js';
import { ensureRunTimers, onDigestTimer, onRemindTimer, onRunTimer, onSendTimer } from './run.js';
import { formatRunDate } from './schedule.js';
import { onWorkingDays } from '../team/calendar.js';

export { checkinHandlers } from './commands.js';
export { checkinHistory } from './history.js';
export { questionHandlers } from './questions.js';

/**
 * The check-in's buttons, form, timers and upkeep, for BatonOptions. `graceMs` is how late a
 * check-in missed while Baton was down may still be sent (BATON_CHECKIN_GRACE).
 */
export function checkinOptions(graceMs: number): {
  actions: Record<string, ActionHandler>;
  forms: Record<string, FormHandler>;
  formBuilders: Record<string, ActionHandler>;
  jobs: Record<string, JobHandler>;
  upkeep: (db: Db, now: number, defaultTz: string) => Promise<void>;
} {
  return {
    actions: { [ACTION.open]: openForm, [ACTION.skip]: skipFromButton },
    forms: { [FORM_ID]: submitAnswers },
    // The form's state is its button's value: the same check-in, the same form.
    formBuilders: { [FORM_ID]: openForm },
    jobs: {
      [JOB.run]: (ctx, p) => onRunTimer(ctx, p, graceMs),
      [JOB.send]: (ctx, p) => onSendTimer(ctx, p, graceMs),
      // Nothing is sent on a non-working day: a reminder or a digest due then waits for the next
      // working one — except the digest of a lead's `checkin now`, asked for that day.
      [JOB.remind]: onWorkingDays(onRemindTimer),
      [JOB.digest]: async (ctx, p, job) => ((await isRunNow(ctx.db, p.runId)) ? onDigestTimer(ctx, p) : digestOnWorkingDays(ctx, p, job)),
    },
    upkeep: async (db, now, defaultTz) => {
      await ensureRunTimers(db, now, defaultTz);
    },
  };
}

const digestOnWorkingDays = onWorkingDays(onDigestTimer);

/** Whether a run is a lead's `checkin now` (not the schedule's). */
async function isRunNow(db: Db, runId: unknown): Promise<boolean> {
  return typeof runId === 'number' && (await getRun(db, runId))?.kind === 'now';
}

/** Check-ins sent and answered in a window (by when they were sent). Away and skipped ones are not counted. */
export async function responseRate(
  db: Db,
  teamId: number,
  w: Window,
  at: number,
): Promise<{ sent: number; answered: number; open: { sent: number; answered: number } }> {
  return await checkinCounts(db, teamId, w.from, w.to, at);
}

const STATUS: Record<string, string> = {
  answered: 'answered',
  sent: 'not answered',
  skipped: 'skipped (not counted)',
  away: 'away (not counted)',
  missed: 'skipped: not sent, Baton was down past the grace period (not counted)',
  left: 'left the team (not counted)',
};

/** The check-ins behind the response rate, one line each. */
export async function responseRecords(db: Db, teamId: number, w: Window, limit: number): Promise<Line[]> {
  return (await checkinRecords(db, teamId, w.from, w.to, limit)).map((r) => {
    const tz = zoneOr(r.tz, 'UTC');
    const when = r.runKind === 'scheduled' ? `week of ${formatRunDate(r.runDate)}` : `check-in of ${formatRunDate(r.runDate)}`;
    const status = STATUS[r.checkin.status] ?? r.checkin.status;
    const detail =
      r.checkin.status === 'answered' && r.checkin.answeredAt !== null
        ? ` (${formatInstant(r.checkin.answeredAt, tz)}${r.checkin.sentAt !== null ? `, sent ${formatInstant(r.checkin.sentAt, tz)}` : ''})`
        : r.checkin.status === 'sent' && r.checkin.sentAt !== null
          ? ` (sent ${formatInstant(r.checkin.sentAt, tz)}${r.checkin.remindedAt !== null ? ', reminded' : ''})`
          : '';
    return line(bold(r.name), ` — ${when}: ${status}${detail}`);
  });
}

/** A member's check-in waiting for an answer, for App Home. */
export async function pendingCheckinLines(db: Db, memberIds: number[]): Promise<Line[]> {
  return (await openCheckinsOfMembers(db, memberIds, ['sent'])).map(({ run, checkin }) =>
    line(
      bold(run.kind === 'scheduled' ? `Week of ${formatRunDate(run.date)}` : `Check-in of ${formatRunDate(run.date)}`),
      checkin.remindedAt !== null ? ' — still waiting for your answer (reminded).' : ' — waiting for your answer.',
      ' Press "Answer check-in" in Baton\'s message to you.',
    ),
  );
}
