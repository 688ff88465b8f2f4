// The meeting's timers: for each occurrence, the agenda post (`agenda-before` ahead of it) and
// its end (held, then the recap). Each is a persisted job keyed by team and meeting date, so it
// fires once whatever restarts happen; the end plans the next occurrence, so the chain goes on.
import { getMeetingSchedule, ensureMeeting, meetingOn, patchMeeting, rescheduleMeeting, type MeetingRow } from '../../db/meetings.js';
import { cancelJobs, rescheduleJob } from '../../db/jobs.js';
import type { Db } from '../../db/client.js';
import { getTeam } from '../../db/teams.js';
import type { Context } from '../context.js';
import type { JobHandler } from '../handlers.js';
import { formatInstant } from '../language/dates.js';
import { context, header, line, message, section, bold } from '../message.js';
import { readAgreements } from '../team/agreements.js';
import { isWorkingDay } from '../team/calendar.js';
import { formatRunDate } from '../checkins/schedule.js';
import { agendaBlocks, buildAgenda } from './agenda.js';
import { meetingEnded } from './recap.js';
import { type MeetingCadence, type Occurrence, nextOccurrence } from './schedule.js';

export const MEETING_JOB = { agenda: 'meeting.agenda', end: 'meeting.end' } as const;

const keyPrefix = (teamId: number) => `meeting:${teamId}:`;
const jobKey = (teamId: number, date: string, what: 'agenda' | 'end') => `${keyPrefix(teamId)}${date}:${what}`;

export async function cadenceOf(db: Db, teamId: number): Promise<MeetingCadence | null> {
  const s = await getMeetingSchedule(db, teamId);
  if (!s || !s.enabled) return null;
  return { weekday: s.weekday, time: s.time, zone: s.zone, everyWeeks: s.everyWeeks, minutes: s.minutes, anchorDate: s.anchorDate };
}

/**
 * The next occurrence after `now`: its row and its two timers. Idempotent — planning twice gives
 * the same row and the same jobs.
 */
export async function planNextMeeting(db: Db, teamId: number, now: number): Promise<MeetingRow | null> {
  const c = await cadenceOf(db, teamId);
  const team = await getTeam(db, teamId);
  if (!c || !team) return null;
  const o: Occurrence = nextOccurrence(c, now);
  let row = await ensureMeeting(db, { teamId, date: o.date, startsAt: o.startsAt, endsAt: o.endsAt, createdAt: now });
  // A schedule changed to another time on the same date, or turned back on: the row follows it.
  if (row.status === 'cancelled' || (row.status === 'scheduled' && (row.startsAt !== o.startsAt || row.endsAt !== o.endsAt))) {
    await rescheduleMeeting(db, row.id, { startsAt: o.startsAt, endsAt: o.endsAt, status: 'scheduled' });
    row = { ...row, startsAt: o.startsAt, endsAt: o.endsAt, status: 'scheduled' };
  }
  const before = readAgreements(team.agreements).agendaBeforeMs;
  const payload = { teamId, date: o.date };
  await rescheduleJob(db, { key: jobKey(teamId, o.date, 'agenda'), kind: MEETING_JOB.agenda, dueAt: Math.max(now, o.startsAt - before), payload, createdAt: now });
  await rescheduleJob(db, { key: jobKey(teamId, o.date, 'end'), kind: MEETING_JOB.end, dueAt: o.endsAt, payload, createdAt: now });
  return row;
}

/**
 * Cancels the planned meeting that has not started (and its timers), before the schedule changes
 * or stops. A meeting under way keeps its end: it is still held.
 */
export async function cancelUpcoming(db: Db, teamId: number, now: number): Promise<void> {
  const c = await cadenceOf(db, teamId);
  if (!c) return;
  const next = nextOccurrence(c, now);
  await cancelJobs(db, `${keyPrefix(teamId)}${next.date}:`);
  const row = await meetingOn(db, teamId, next.date);
  if (row && row.status === 'scheduled' && row.startsAt > now) await patchMeeting(db, row.id, { status: 'cancelled' });
}

async function meetingOf(ctx: Context, payload: Record<string, unknown>): Promise<MeetingRow | undefined> {
  return typeof payload.date === 'string' ? await meetingOn(ctx.db, ctx.team.id, payload.date) : undefined;
}

/** The agenda posted in the channel, once; a meeting on a day off is skipped instead. */
const onAgendaTimer: JobHandler = async (ctx, payload) => {
  const m = await meetingOf(ctx, payload);
  if (!m || m.status !== 'scheduled' || m.agendaPostedAt !== null) return;
  // Down past the whole meeting: an agenda after the fact helps nobody.
  if (ctx.now >= m.endsAt) return;
  const schedule = await getMeetingSchedule(ctx.db, ctx.team.id);
  const zone = schedule?.zone ?? ctx.defaultTz;
  if (!(await isWorkingDay(ctx.db, ctx.team.id, m.date))) {
    await patchMeeting(ctx.db, m.id, { status: 'skipped' });
    ctx.post(message([section(line('🗓 No meeting on ', bold(formatRunDate(m.date)), ': it is not a working day. Open agenda items carry forward to the next one.'))]), { kind: 'meeting', meetingId: m.id });
    return;
  }
  const agenda = await buildAgenda(ctx.db, ctx.team, m.startsAt, ctx.now, zone);
  ctx.postEditable(
    ctx.team.channelId,
    message([
      header(`Agenda: ${ctx.team.name}, ${formatRunDate(m.date)}`.slice(0, 150)),
      section(line('🗓 The meeting is at ', bold(formatInstant(m.startsAt, zone)), ` (${zone}), until ${formatInstant(m.endsAt, zone)}.`)),
      ...agendaBlocks(agenda, ctx.prefix),
      context('Add a topic: ', { text: `${ctx.prefix}agenda add <topic>`, code: true }, ' · handled: ', { text: `${ctx.prefix}agenda done A-n`, code: true }, ' · ', { text: `${ctx.prefix}meeting`, code: true }, ' shows it in your time.'),
    ]),
    // A stable key: a post Slack or Teams received just before a crash is found, not sent again.
    { key: `meeting:agenda:${ctx.team.id}:${m.date}`, subject: { kind: 'meeting', meetingId: m.id } },
  );
  await patchMeeting(ctx.db, m.id, { agendaPostedAt: ctx.now });
};

/** The end: the meeting is held (unless skipped or cancelled), the recap starts, the next is planned. */
const onEndTimer: JobHandler = async (ctx, payload) => {
  const m = await meetingOf(ctx, payload);
  if (m && m.status === 'scheduled') {
    await patchMeeting(ctx.db, m.id, { status: 'held' });
    await ctx.audit('meeting.held', m.date);
    await meetingEnded(ctx, m.id);
  }
  await planNextMeeting(ctx.db, ctx.team.id, Math.max(ctx.now, m?.endsAt ?? ctx.now));
};

export const meetingJobs: Record<string, JobHandler> = { [MEETING_JOB.agenda]: onAgendaTimer, [MEETING_JOB.end]: onEndTimer };
