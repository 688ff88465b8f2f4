// The staff bulletin's timer: one persisted job per scheduled local date, keyed by team and date,
// so it fires once whatever restarts happen; each run plans the next week's, so the chain goes on.
// A scheduled date that is not a working day moves the post to the same local time on the next
// working day. Each bulletin covers from where the last one ended, so a moved or late one neither
// repeats nor misses a decision.
import { type BroadcastSettingsRow, bulletinCovered, getBroadcastSettings } from '../../db/bulletin.js';
import type { Db } from '../../db/client.js';
import { cancelJobs, rescheduleJob, scheduleJob } from '../../db/jobs.js';
import type { JobHandler } from '../handlers.js';
import { addDays, localInstant } from '../checkins/schedule.js';
import { firstDate } from '../meeting/schedule.js';
import { isWorking, loadCalendar, nextWorking } from '../team/calendar.js';
import { DAY } from '../language/dates.js';
import { bulletinMessage, bulletinWeek, isEmpty } from './content.js';
import { DateTime } from 'luxon';

export const BULLETIN_JOB = 'broadcast.bulletin';

/** The first bulletin covers the week before it. */
const FIRST_WEEK_MS = 7 * DAY;

const keyPrefix = (teamId: number) => `bulletin:${teamId}:`;
const jobKey = (teamId: number, date: string) => `${keyPrefix(teamId)}${date}`;

export interface BulletinSchedule {
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** HH:MM, 24 h, in `zone`. */
  time: string;
  zone: string;
}

export function bulletinOf(s: BroadcastSettingsRow | undefined): BulletinSchedule | null {
  if (!s || s.bulletinWeekday === null || s.bulletinTime === null || s.bulletinZone === null) return null;
  return { weekday: s.bulletinWeekday, time: s.bulletinTime, zone: s.bulletinZone };
}

/** The next bulletin's date and instant after `now` (before any move off a day off). */
export function nextBulletin(b: BulletinSchedule, now: number): { date: string; at: number } {
  const date = firstDate(b.weekday, b.time, b.zone, now);
  return { date, at: localInstant(date, b.time, b.zone) };
}

/** When the next bulletin is posted: the next scheduled date, or the working day a day off moves it to. */
export async function nextPost(db: Db, teamId: number, b: BulletinSchedule, now: number): Promise<{ date: string; at: number }> {
  const { date } = nextBulletin(b, now);
  const day = nextWorking(await loadCalendar(db, teamId), date);
  return { date: day, at: localInstant(day, b.time, b.zone) };
}

/** Plans the next bulletin of the team's schedule, replacing any planned before (a new schedule). */
export async function planBulletin(db: Db, teamId: number, now: number): Promise<{ date: string; at: number } | null> {
  await cancelJobs(db, keyPrefix(teamId));
  const b = bulletinOf(await getBroadcastSettings(db, teamId));
  if (!b) return null;
  const next = nextBulletin(b, now);
  await rescheduleJob(db, { key: jobKey(teamId, next.date), kind: BULLETIN_JOB, dueAt: next.at, payload: { teamId, date: next.date }, createdAt: now });
  return next;
}

/** Stops the team's planned bulletins. */
export async function cancelBulletins(db: Db, teamId: number): Promise<void> {
  await cancelJobs(db, keyPrefix(teamId));
}

const onBulletinTimer: JobHandler = async (ctx, payload, job) => {
  const settings = await getBroadcastSettings(ctx.db, ctx.team.id);
  const b = bulletinOf(settings);
  const date = typeof payload.date === 'string' ? payload.date : null;
  // Stopped, or a timer of an earlier schedule: nothing to do.
  if (!settings || !b || !date || DateTime.fromISO(date, { zone: 'UTC' }).weekday !== b.weekday) return;
  const next = addDays(date, 7);
  await scheduleJob(ctx.db, { key: jobKey(ctx.team.id, next), kind: BULLETIN_JOB, dueAt: localInstant(next, b.time, b.zone), payload: { teamId: ctx.team.id, date: next }, createdAt: ctx.now });
  const cal = await loadCalendar(ctx.db, ctx.team.id);
  if (!isWorking(cal, date) && job) {
    const at = localInstant(nextWorking(cal, date), b.time, b.zone);
    // Run late (Baton was down past the working day it moved to): it is posted now.
    if (at > ctx.now) {
      await rescheduleJob(ctx.db, { key: job.key, kind: job.kind, dueAt: at, payload, createdAt: ctx.now });
      return;
    }
  }
  const from = settings.bulletinCoveredUntil ?? ctx.now - FIRST_WEEK_MS;
  await bulletinCovered(ctx.db, ctx.team.id, ctx.now);
  const channel = ctx.team.broadcastChannelId;
  if (!channel) return;
  const week = await bulletinWeek(ctx.db, ctx.team.id, from, ctx.now);
  // A week with nothing decided, retracted or corrected posts nothing: the staff channel is not for "no news".
  if (isEmpty(week)) return;
  ctx.postEditable(channel, await bulletinMessage(ctx.db, ctx.team, week, from, ctx.now, b.zone), {
    // Stable across a crash (a post Slack or Teams received is found, not sent again); distinct per window.
    key: `bulletin:${ctx.team.id}:${date}:${from}`,
    subject: { kind: 'bulletin' },
  });
  await ctx.audit('bulletin.post', date, { decided: week.decided.length, retracted: week.retracted.length, corrected: week.corrected.length });
};

export const bulletinJobs: Record<string, JobHandler> = { [BULLETIN_JOB]: onBulletinTimer };
