// The `meeting` and `agenda` commands: see the next meeting in your own time with its agenda,
// set or stop the schedule (a lead), and put topics on the agenda, mark them handled or drop them.
import { addAgendaItem, findAgendaItem, patchAgendaItem } from '../../db/agenda.js';
import { getMeetingSchedule, lastEndedMeeting, meetingAt, recordedIn, setMeetingSchedule } from '../../db/meetings.js';
import { type Context, refuse } from '../context.js';
import type { Handlers } from '../handlers.js';
import { formatInstant } from '../language/dates.js';
import { type Block, type Line, bold, code, context, header, line, message, say, section } from '../message.js';
import { isLead } from '../team/permissions.js';
import { formatRunDate, weekdayName, weekdayNumber } from '../checkins/schedule.js';
import { agendaBlocks, buildAgenda } from './agenda.js';
import { cadenceOf, cancelUpcoming, planNextMeeting } from './run.js';
import { type MeetingCadence, describeCadence, firstDate, missingTimeWithin, nextOccurrence } from './schedule.js';

/** The next meeting, or the one under way, as its viewer reads it. */
async function meetingView(ctx: Context): Promise<Block[]> {
  const c = await cadenceOf(ctx.db, ctx.team.id);
  const tz = ctx.actorTz;
  const hint = context(code(`${ctx.prefix}agenda add <topic>`), ' · ', code(`${ctx.prefix}agenda done A-n`), ' · leads: ', code(`${ctx.prefix}meeting schedule tuesday 15:30 every 2 weeks for 90`), ', ', code(`${ctx.prefix}meeting off`));
  const now = await meetingAt(ctx.db, ctx.team.id, ctx.now);
  const blocks: Block[] = [];
  let startsAt: number;
  if (now && now.status === 'scheduled') {
    blocks.push(section(line('🗓 The meeting is under way, until ', bold(formatInstant(now.endsAt, tz)), ' your time. What is recorded until then is part of it.')));
    startsAt = now.startsAt;
  } else if (c) {
    const next = nextOccurrence(c, ctx.now);
    blocks.push(
      section(
        line('🗓 Next meeting: ', bold(formatInstant(next.startsAt, tz)), ` your time (${tz}), until ${formatInstant(next.endsAt, tz)}.`),
        line('Schedule: ', describeCadence(c), '.'),
      ),
    );
    startsAt = next.startsAt;
  } else {
    const off = await getMeetingSchedule(ctx.db, ctx.team.id);
    blocks.push(section(line(off ? "The team's regular meeting is off." : 'The team has no regular meeting yet.', ' The agenda below is what it would look at now.')));
    startsAt = ctx.now;
  }
  const agenda = await buildAgenda(ctx.db, ctx.team, startsAt, ctx.now, tz);
  blocks.push(...agendaBlocks(agenda, ctx.prefix));
  const inWindow = now && now.status === 'scheduled' ? now : await lastEndedMeeting(ctx.db, ctx.team.id, ctx.now);
  if (inWindow) blocks.push(section(await recordLine(ctx, inWindow.startsAt, Math.min(inWindow.endsAt, ctx.now + 1), inWindow === now ? 'So far in this meeting' : `In the last meeting (${formatRunDate(inWindow.date)})`)));
  blocks.push(hint);
  return blocks;
}

/** What was recorded in a meeting's window, by id: its decisions, commitments, resolutions, items handled. */
async function recordLine(ctx: Context, from: number, to: number, title: string): Promise<Line> {
  const r = await recordedIn(ctx.db, ctx.team.id, from, to);
  const ids = (prefix: string, seqs: number[]) => seqs.map((s) => `${prefix}-${s}`).join(', ');
  const parts = [
    r.decisions.length ? `decided ${ids('D', r.decisions)}` : '',
    r.commitments.length ? `committed ${ids('C', r.commitments)}` : '',
    r.resolved.length ? `resolved ${ids('E', r.resolved)}` : '',
    r.handled.length ? `handled ${ids('A', r.handled)}` : '',
  ].filter(Boolean);
  return line(bold(title), ': ', parts.length ? parts.join(' · ') : 'nothing recorded', '.');
}

export const meetingHandlers: Handlers = {
  async meeting(ctx) {
    ctx.reply(message([header(`${ctx.team.name}: the meeting`.slice(0, 150)), ...(await meetingView(ctx))]));
  },

  async 'meeting.schedule'(ctx, cmd) {
    const zone = ctx.actorTz;
    const weekday = weekdayNumber(cmd.weekday);
    const anchorDate = firstDate(weekday, cmd.time, zone, ctx.now);
    const c: MeetingCadence = { weekday, time: cmd.time, zone, everyWeeks: cmd.everyWeeks, minutes: cmd.minutes, anchorDate };
    const gap = missingTimeWithin(c, anchorDate);
    if (gap) {
      return refuse(
        `${cmd.time} does not exist on ${formatRunDate(gap)} in ${zone}: the clocks jump over it that night. Pick a time outside the change.`,
        `meeting schedule ${cmd.weekday} 15:30`,
        'meeting',
      );
    }
    await cancelUpcoming(ctx.db, ctx.team.id, ctx.now);
    await setMeetingSchedule(ctx.db, { teamId: ctx.team.id, weekday, time: cmd.time, zone, everyWeeks: cmd.everyWeeks, minutes: cmd.minutes, anchorDate, enabled: true, updatedAt: ctx.now, updatedBy: ctx.actor.id });
    const next = await planNextMeeting(ctx.db, ctx.team.id, ctx.now);
    await ctx.audit('meeting.schedule', undefined, { weekday: cmd.weekday, time: cmd.time, zone, everyWeeks: cmd.everyWeeks, minutes: cmd.minutes });
    ctx.announce(
      message([
        section(
          line('🗓 Team meeting: ', bold(describeCadence(c)), '.', next ? ` Next: ${formatRunDate(next.date)}, ${cmd.time}.` : ''),
          line('Its agenda is posted here before it; anyone can add to it.'),
        ),
        context(`Set by ${ctx.actor.name}. `, code(`${ctx.prefix}agenda add <topic>`), ' · ', code(`${ctx.prefix}meeting`), ' shows it in your time.'),
      ]),
    );
  },

  async 'meeting.off'(ctx) {
    const s = await getMeetingSchedule(ctx.db, ctx.team.id);
    if (!s || !s.enabled) {
      ctx.reply(say('The team has no regular meeting to stop. ', { text: `${ctx.prefix}meeting schedule tuesday 15:30`, code: true }, ' sets one.'));
      return;
    }
    await cancelUpcoming(ctx.db, ctx.team.id, ctx.now);
    await setMeetingSchedule(ctx.db, { ...s, enabled: false, updatedAt: ctx.now, updatedBy: ctx.actor.id });
    await ctx.audit('meeting.off');
    ctx.announce(
      message([
        section(line(`The regular meeting is off (${ctx.actor.name}). Open agenda items stay for when it comes back.`)),
        context(code(`${ctx.prefix}meeting schedule ${weekdayName(s.weekday).toLowerCase()} ${s.time}`), ' turns it back on.'),
      ]),
    );
  },

  async 'agenda.add'(ctx, cmd) {
    const item = await addAgendaItem(ctx.db, { teamId: ctx.team.id, text: cmd.text, source: 'added', createdBy: ctx.actor.id, ...ctx.provenance });
    await ctx.audit('agenda.add', `A-${item.seq}`);
    ctx.postRecord(say('📌 ', bold(`A-${item.seq}`), ' on the agenda: ', cmd.text, ` — ${ctx.actor.name}`), { ref: `A-${item.seq}`, summary: cmd.text.slice(0, 200) });
  },

  async 'agenda.drop'(ctx, cmd) {
    const id = `A-${cmd.seq}`;
    const item = await findAgendaItem(ctx.db, ctx.team.id, cmd.seq);
    if (!item) return refuse(`There is no ${id} in this team.`, 'meeting', 'agenda');
    if (item.createdBy !== ctx.actor.id && !isLead(ctx.actor.roles)) return refuse(`Only who raised ${id} or a lead can drop it.`, `agenda done ${id}`, 'agenda');
    if (item.handledAt !== null) return refuse(`${id} was already handled; it is part of the record now.`, 'meeting', 'agenda');
    if (item.droppedAt !== null) return refuse(`${id} was already dropped.`, 'meeting', 'agenda');
    await patchAgendaItem(ctx.db, item.id, { droppedAt: ctx.now, droppedBy: ctx.actor.id });
    await ctx.audit('agenda.drop', id);
    ctx.postRecord(say(bold(id), ' dropped from the agenda: ', item.text, ` — ${ctx.actor.name}`), { ref: id });
  },

  async 'agenda.done'(ctx, cmd) {
    const id = `A-${cmd.seq}`;
    const item = await findAgendaItem(ctx.db, ctx.team.id, cmd.seq);
    if (!item) return refuse(`There is no ${id} in this team.`, 'meeting', 'agenda');
    if (item.droppedAt !== null) return refuse(`${id} was dropped; add it again if it is back.`, `agenda add ${item.text.slice(0, 60)}`, 'agenda');
    if (item.handledAt !== null) return refuse(`${id} was already handled.`, 'meeting', 'agenda');
    await patchAgendaItem(ctx.db, item.id, { handledAt: ctx.now, handledBy: ctx.actor.id, handledNote: cmd.note ?? null });
    await ctx.audit('agenda.done', id);
    ctx.postRecord(say('✅ ', bold(id), ' handled: ', item.text, cmd.note ? ` — ${cmd.note}` : '', ` (${ctx.actor.name})`), { ref: id });
  },
};
