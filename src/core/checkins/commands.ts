// The `checkin` commands: see the schedule and the current run, start one now, set or stop the
// weekly schedule (a lead), and, for anyone, skip a week or be away until a date.
import { findCheckin, findCheckinMember, moveCheckin, openCheckinsOfMembers, runCheckins, saveCheckinMember, saveSchedule } from '../../db/checkins.js';
import { getMember } from '../../db/members.js';
import { type Context, type Refusal, refuse } from '../context.js';
import { dateHint, distance, formatDay, formatInstant, localDate, readDate } from '../language/dates.js';
import type { Handlers } from '../handlers.js';
import { type Button, actions, bold, code, context, line, message, say, section, type Line } from '../message.js';
import { ACTION } from './keys.js';
import { refreshDigest } from './digest.js';
import { editValue, skipCheckin } from './answers.js';
import { PULSE_QUESTION, pulseOn, setPulse } from './pulse.js';
import { TIMING, buttonValue, currentRun, deliver, maybeDigest, planNextRun, sendDay, startRunNow, upcomingRunDate, weeklyOf } from './run.js';
import { describeWeekly, formatRunDate, localInstant, mondayOf, weekdayName, weekdayNumber } from './schedule.js';

async function nextLine(ctx: Context): Promise<Line> {
  const w = await weeklyOf(ctx.db, ctx.team.id);
  if (!w.enabled) return line('Weekly check-ins are ', bold('off'), '.');
  const key = await upcomingRunDate(ctx.db, ctx.team.id, w, ctx.now, ctx.defaultTz);
  const date = await sendDay(ctx.db, ctx.team.id, w, key);
  const mine = formatInstant(localInstant(date, w.time, ctx.actorTz), ctx.actorTz);
  const moved = date !== key ? ` — moved from ${formatRunDate(key)}, a day off` : '';
  return line((w.everyWeeks ?? 1) > 1 ? 'Check-in: ' : 'Weekly check-in: ', bold(describeWeekly(w)), ", in each member's own time zone. Next: ", bold(formatRunDate(date)), ` (${mine} your time${moved}).`);
}

export const checkinHandlers: Handlers = {
  async checkin(ctx) {
    const lines: Line[] = [await nextLine(ctx)];
    const me = await findCheckinMember(ctx.db, ctx.actor.id);
    if (me?.awayUntil && me.awayUntil > localDate(ctx.now, me.awayTz ?? ctx.actorTz)) {
      lines.push(line('You are away until ', bold(formatDay(me.awayUntil, ctx.now, me.awayTz ?? ctx.actorTz)), ': no check-ins before then.'));
    }
    if (me?.skipDate) lines.push(line('You skip the check-in of ', bold(formatRunDate(me.skipDate)), '.'));
    if (pulseOn(ctx.team)) lines.push(line('The pulse is ', bold('on'), `: each check-in also asks "${PULSE_QUESTION}" (1–5, optional); the team sees only its average.`));
    const run = await currentRun(ctx.db, ctx.team.id);
    if (run) {
      const rows = await runCheckins(ctx.db, run.id);
      const answered = rows.filter((c) => c.status === 'answered').length;
      const asked = rows.filter((c) => ['sent', 'pending', 'answered'].includes(c.status)).length;
      const when = run.digestPostedAt !== null ? 'digest posted' : run.digestAt !== null ? `digest at ${formatInstant(run.digestAt, ctx.actorTz)} (or when all have answered)` : '';
      lines.push(line(`Current check-in (${run.kind === 'scheduled' ? `week of ${formatRunDate(run.date)}` : formatRunDate(run.date)}): ${answered} of ${asked} answered`, when ? ` · ${when}` : '', '.'));
    }
    ctx.reply(
      message([
        section(...lines),
        context(code(`${ctx.prefix}checkin skip`), ' · ', code(`${ctx.prefix}checkin away until Dec 14`), ' · ', code(`${ctx.prefix}checkin back`), ' · ', code(`${ctx.prefix}checkin edit`), ' · ', code(`${ctx.prefix}checkin questions`), ' · leads: ', code(`${ctx.prefix}checkin now`), ', ', code(`${ctx.prefix}checkin schedule monday 08:30`), ', ', code(`${ctx.prefix}checkin off`)),
      ]),
    );
  },

  async 'checkin.now'(ctx) {
    const open = await currentRun(ctx.db, ctx.team.id);
    if (open && open.digestPostedAt === null) {
      const rows = await runCheckins(ctx.db, open.id);
      const answered = rows.filter((c) => c.status === 'answered').length;
      const asked = rows.filter((c) => ['sent', 'pending', 'answered'].includes(c.status)).length;
      return refuse(
        `A check-in is already under way (${answered} of ${asked} answered). Its digest is posted when everyone has answered${open.digestAt !== null ? `, or at ${formatInstant(open.digestAt, ctx.actorTz)}` : ''}.`,
        'checkin',
        'checkin',
      );
    }
    const started = await startRunNow(ctx);
    if (!started) return refuse('A check-in was just started. Give it a moment.', 'checkin', 'checkin');
    await ctx.audit('checkin.now', started.run.runKey, { sent: started.sent, away: started.away });
    const digestAt = started.run.digestAt ?? ctx.now + TIMING.digestAfterMs;
    ctx.announce(
      message([
        section(
          line('📋 ', ctx.actor.name, ` started a check-in: ${started.sent} member${started.sent === 1 ? '' : 's'} asked privately`, started.away ? ` (${started.away} away or skipping)` : '', '.'),
          line(`The digest comes here when everyone has answered, or at ${formatInstant(digestAt, ctx.actorTz)}.`),
        ),
      ]),
    );
  },

  async 'checkin.schedule'(ctx, cmd) {
    const weekdays = (cmd.weekdays ?? [cmd.weekday]).map(weekdayNumber);
    const weekday = weekdays[0]!;
    const everyWeeks = cmd.everyWeeks ?? 1;
    // Every N weeks counts from the week of the first date the schedule would give from now.
    const anchor = everyWeeks > 1 ? mondayOf(await upcomingRunDate(ctx.db, ctx.team.id, { weekday, weekdays, time: cmd.time }, ctx.now, ctx.defaultTz)) : null;
    await saveSchedule(ctx.db, { teamId: ctx.team.id, weekday, time: cmd.time, enabled: true, updatedAt: ctx.now, updatedBy: ctx.actor.id, weekdays: weekdays.join(','), everyWeeks, anchor });
    const date = await planNextRun(ctx.db, ctx.team.id, ctx.now, ctx.defaultTz);
    await ctx.audit('checkin.schedule', undefined, { weekdays, time: cmd.time, everyWeeks });
    const w = { weekday, weekdays, time: cmd.time, everyWeeks, anchor };
    const day = date ? await sendDay(ctx.db, ctx.team.id, w, date) : null;
    ctx.announce(
      message([
        section(
          line(everyWeeks > 1 ? '🗓 Check-in: ' : '🗓 Weekly check-in: ', bold(describeWeekly(w)), ", in each member's own time zone", day ? `. Next: ${formatRunDate(day)}.` : '.'),
        ),
        context(`Set by ${ctx.actor.name}. Anyone can `, code(`${ctx.prefix}checkin skip`), ' a week or be ', code(`${ctx.prefix}checkin away until <date>`), '.'),
      ]),
    );
  },

  async 'checkin.off'(ctx) {
    const w = await weeklyOf(ctx.db, ctx.team.id);
    if (!w.enabled) {
      ctx.reply(say('Weekly check-ins are already off. ', { text: `${ctx.prefix}checkin schedule monday 08:30`, code: true }, ' turns them on.'));
      return;
    }
    await saveSchedule(ctx.db, { teamId: ctx.team.id, weekday: w.weekday, time: w.time, enabled: false, updatedAt: ctx.now, updatedBy: ctx.actor.id });
    await planNextRun(ctx.db, ctx.team.id, ctx.now, ctx.defaultTz);
    await ctx.audit('checkin.off');
    ctx.announce(
      message([
        section(line(`Weekly check-ins are off (${ctx.actor.name}). A check-in already under way still finishes.`)),
        context(code(`${ctx.prefix}checkin schedule ${weekdayName(w.weekday).toLowerCase()} ${w.time}`), ' turns them back on; ', code(`${ctx.prefix}checkin now`), ' still works.'),
      ]),
    );
  },

  async 'checkin.skip'(ctx) {
    const open = (await openCheckinsOfMembers(ctx.db, [ctx.actor.id], ['pending', 'sent'])).filter((x) => x.run.teamId === ctx.team.id);
    if (open.length > 0) {
      for (const { run, checkin } of open) await skipCheckin(ctx, run, checkin);
      return;
    }
    const w = await weeklyOf(ctx.db, ctx.team.id);
    if (!w.enabled) return refuse('There is no weekly check-in to skip: it is off in this team.', 'checkin', 'checkin');
    const date = await upcomingRunDate(ctx.db, ctx.team.id, w, ctx.now, ctx.defaultTz);
    await saveCheckinMember(ctx.db, { memberId: ctx.actor.id, teamId: ctx.team.id, skipDate: date, updatedAt: ctx.now });
    await ctx.audit('checkin.skip', date);
    // The date people see is the day it is sent (a day off moves it); the key stays the scheduled date.
    const day = await sendDay(ctx.db, ctx.team.id, w, date);
    ctx.reply(say('You will skip the check-in of ', bold(formatRunDate(day)), '. ', { text: `${ctx.prefix}checkin back`, code: true }, ' undoes it.'));
  },

  async 'checkin.away'(ctx, cmd) {
    const r = readDate(cmd.until, ctx.now, ctx.actorTz);
    if (!r.ok) {
      if (r.reason === 'time' || r.reason === 'vague' || r.reason === 'long') return refuse(dateHint(cmd.until, r.reason), 'checkin away until Dec 14', 'checkin');
      return r.reason === 'past'
        ? refuse(`"${cmd.until.slice(0, 60)}" is in the past. Give the day you are back.`, 'checkin away until Dec 14', 'checkin')
        : refuse(`I couldn't read "${cmd.until.slice(0, 60)}" as a date. Try "Dec 14", "next Monday" or "2026-12-14".`, 'checkin away until Dec 14', 'checkin');
    }
    await saveCheckinMember(ctx.db, { memberId: ctx.actor.id, teamId: ctx.team.id, awayUntil: r.due.date, awayTz: r.due.tz, updatedAt: ctx.now });
    // A check-in already waiting for them (before that day) is set aside too.
    for (const { run, checkin } of await openCheckinsOfMembers(ctx.db, [ctx.actor.id], ['pending', 'sent'])) {
      if (run.teamId !== ctx.team.id) continue;
      if (checkin.dueAt >= localInstant(r.due.date, '00:00', r.due.tz)) continue;
      if (!await moveCheckin(ctx.db, checkin.id, ['pending', 'sent'], { status: 'away' })) continue;
      if (run.digestPostedAt !== null) await refreshDigest(ctx, run, checkin.id);
      else await maybeDigest(ctx, run.id);
    }
    await ctx.audit('checkin.away', r.due.date);
    ctx.reply(say('You are away until ', bold(formatDay(r.due.date, ctx.now, r.due.tz)), `: no check-ins before then${distance(r.due, ctx.now)}. `, { text: `${ctx.prefix}checkin back`, code: true }, ' if plans change.'));
  },

  'checkin.edit': editCheckin,

  'checkin.pulse': setPulse,

  async 'checkin.back'(ctx) {
    const me = await findCheckinMember(ctx.db, ctx.actor.id);
    await saveCheckinMember(ctx.db, { memberId: ctx.actor.id, teamId: ctx.team.id, awayUntil: null, awayTz: null, skipDate: null, updatedAt: ctx.now });
    // The check-in under way, set aside while they were away or skipping, is theirs again.
    let reopened = false;
    for (const { run, checkin } of await openCheckinsOfMembers(ctx.db, [ctx.actor.id], ['away', 'skipped'])) {
      if (run.teamId !== ctx.team.id || run.digestPostedAt !== null) continue;
      if (checkin.sentAt !== null) {
        await reopenAs(ctx, checkin.id, 'sent');
      } else if (checkin.dueAt > ctx.now) {
        await reopenAs(ctx, checkin.id, 'pending');
      } else {
        await reopenAs(ctx, checkin.id, 'pending');
        const member = (await getMember(ctx.db, ctx.actor.id))!;
        await deliver(ctx, run, { ...checkin, status: 'pending' }, member, false);
      }
      reopened = true;
    }
    await ctx.audit('checkin.back');
    const was = me?.awayUntil || me?.skipDate;
    ctx.reply(say(was || reopened ? 'Welcome back — your check-ins are on again.' : 'Your check-ins were already on.', reopened ? " This week's check-in is yours to answer." : ''));
  },
};

/**
 * `checkin edit`: the member's answers to the check-in under way, behind the same button as the
 * check-in's (a command cannot open a form on every platform). Earlier check-ins are closed.
 */
async function editCheckin(ctx: Context): Promise<Refusal | void> {
  const run = await currentRun(ctx.db, ctx.team.id);
  const mine = run ? await findCheckin(ctx.db, run.id, ctx.actor.id) : undefined;
  if (!run || !mine || (mine.status !== 'answered' && mine.status !== 'sent')) {
    return refuse(
      run
        ? `You have no answers to change in the current check-in (${run.kind === 'scheduled' ? `week of ${formatRunDate(run.date)}` : formatRunDate(run.date)}). Answers to an earlier check-in can no longer be changed once the next one has started.`
        : 'There is no check-in to change yet.',
      'checkin',
      'checkin',
    );
  }
  const answered = mine.status === 'answered';
  const open: Button = { label: answered ? 'Edit my answers' : 'Answer check-in', actionId: ACTION.open, value: answered ? editValue(ctx.team.id, run.id) : buttonValue(ctx.team.id, run.id), style: 'primary', opensForm: true };
  ctx.reply(
    message([
      section(
        answered
          ? line('Your answers to the check-in of ', bold(formatRunDate(run.date)), ' can be changed until the next check-in starts', run.digestPostedAt !== null ? '; the posted digest and the records they made change with them.' : '.')
          : line('You have not answered the check-in of ', bold(formatRunDate(run.date)), ' yet.'),
      ),
      actions(open),
    ]),
  );
}

async function reopenAs(ctx: Context, checkinId: number, status: 'sent' | 'pending'): Promise<void> {
  await moveCheckin(ctx.db, checkinId, ['away', 'skipped'], { status });
}
