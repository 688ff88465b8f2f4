// How the team's decisions reach the wider staff: `broadcast` shows it; a lead's
// `broadcast each on|off` announces each decision as it is decided or leaves it to the bulletin;
// `broadcast bulletin <weekday> <HH:MM>` / `off` sets or stops the weekly staff bulletin.
import { type BroadcastSettingsRow, getBroadcastSettings, saveBroadcastSettings } from '../../db/bulletin.js';
import { type Context, refuse } from '../context.js';
import type { Handlers } from '../handlers.js';
import { formatRunDate, weekdayName, weekdayNumber } from '../checkins/schedule.js';
import { formatInstant } from '../language/dates.js';
import { type Span, bold, channelRef, code, context, fields, header, line, message, say, section } from '../message.js';
import { missingTimeWithin } from '../meeting/schedule.js';
import { type BulletinSchedule, bulletinOf, cancelBulletins, nextBulletin, nextPost, planBulletin } from './run.js';

/** "Fridays at 15:00 (America/Chicago)". */
export function describeBulletin(b: BulletinSchedule): string {
  return `${weekdayName(b.weekday)}s at ${b.time} (${b.zone})`;
}

/** Each decision on its own, and the bulletin, as one line: for `broadcast` and `agreements`. */
export function describeBroadcast(s: BroadcastSettingsRow | undefined): string {
  const each = s?.each ?? true;
  const b = bulletinOf(s);
  return `${each ? 'each decision as it is decided' : 'not each decision on its own'} · ${b ? `a staff bulletin ${describeBulletin(b)}` : 'no staff bulletin'}`;
}

function broadcastChannel(ctx: Context): Span | null {
  return ctx.team.broadcastChannelId ? channelRef(ctx.team.broadcastChannelId) : null;
}

export const bulletinHandlers: Handlers = {
  async 'broadcast.show'(ctx) {
    const s = await getBroadcastSettings(ctx.db, ctx.team.id);
    const b = bulletinOf(s);
    const where = broadcastChannel(ctx);
    const next = b ? await nextPost(ctx.db, ctx.team.id, b, ctx.now) : null;
    ctx.reply(
      message([
        header(`${ctx.team.name}: what the wider staff hear`.slice(0, 150)),
        fields(
          { label: 'Broadcast channel', value: where ? line(where) : line('none: decisions stay in this channel') },
          { label: 'Each decision', value: line((s?.each ?? true) ? 'announced there as it is decided' : 'not announced on its own (the bulletin carries it)') },
          {
            label: 'Staff bulletin',
            value: !b || !next
              ? line('off')
              : where
                ? line(describeBulletin(b), `, the week's decisions; next ${formatInstant(next.at, ctx.actorTz)} your time (a day off moves it to the next working day)`)
                : line(describeBulletin(b), ': silent until a broadcast channel is set'),
          },
        ),
        context('Leads: ', code(`${ctx.prefix}broadcast #channel`), ' · ', code(`${ctx.prefix}broadcast each on|off`), ' · ', code(`${ctx.prefix}broadcast bulletin friday 15:00`), ' · ', code(`${ctx.prefix}broadcast bulletin off`)),
      ]),
    );
  },

  async 'broadcast.each'(ctx, cmd) {
    const s = await getBroadcastSettings(ctx.db, ctx.team.id);
    if ((s?.each ?? true) === cmd.on) {
      ctx.reply(say(cmd.on ? 'Each decision is already announced on its own.' : 'Each decision is already left to the staff bulletin.'));
      return;
    }
    await saveBroadcastSettings(ctx.db, ctx.team.id, { each: cmd.on, updatedAt: ctx.now, updatedBy: ctx.actor.id });
    await ctx.audit('broadcast.each', cmd.on ? 'on' : 'off');
    const where = broadcastChannel(ctx);
    const b = bulletinOf(s);
    const there = where ? line(' in ', where) : line(' (once a broadcast channel is set)');
    ctx.announce(
      message([
        section(
          cmd.on
            ? line('📣 From now on each decision is announced', ...there, ' as it is decided', b ? ', and the staff bulletin still comes ' : '', b ? describeBulletin(b) : '', ` (${ctx.actor.name}).`)
            : line('📣 Decisions are no longer announced one by one', ...there, b ? `: the staff bulletin carries them, ${describeBulletin(b)}` : '', ` (${ctx.actor.name}).`),
        ),
        // Off with no bulletin: the staff would hear of nothing; say so, and what to type.
        ...(!cmd.on && !b ? [context('No staff bulletin is set, so the wider staff hear of no decision until one is: ', code(`${ctx.prefix}broadcast bulletin friday 15:00`))] : []),
      ]),
    );
  },

  async 'broadcast.bulletin'(ctx, cmd) {
    const s = await getBroadcastSettings(ctx.db, ctx.team.id);
    const was = bulletinOf(s);
    if (!cmd.schedule) {
      if (!was) {
        ctx.reply(say('There is no staff bulletin to stop. ', code(`${ctx.prefix}broadcast bulletin friday 15:00`), ' sets one.'));
        return;
      }
      await cancelBulletins(ctx.db, ctx.team.id);
      await saveBroadcastSettings(ctx.db, ctx.team.id, { bulletinWeekday: null, bulletinTime: null, bulletinZone: null, bulletinCoveredUntil: null, updatedAt: ctx.now, updatedBy: ctx.actor.id });
      await ctx.audit('broadcast.bulletin.off');
      ctx.announce(
        message([
          section(line(`📰 The weekly staff bulletin is off (${ctx.actor.name}).`)),
          ...((s?.each ?? true) ? [] : [context('Decisions are not announced one by one either, so the wider staff hear of none. ', code(`${ctx.prefix}broadcast each on`), ' announces each one.')]),
        ]),
      );
      return;
    }
    const where = broadcastChannel(ctx);
    if (!where) {
      return refuse("The staff bulletin is posted in the team's broadcast channel, and there is none yet. Set it first (a channel you are in), then the bulletin:", 'broadcast #staff-announcements', 'broadcast');
    }
    const zone = ctx.actorTz;
    const weekday = weekdayNumber(cmd.schedule.weekday);
    const b: BulletinSchedule = { weekday, time: cmd.schedule.time, zone };
    const first = nextBulletin(b, ctx.now);
    const gap = missingTimeWithin({ ...b, everyWeeks: 1, minutes: 0, anchorDate: first.date }, first.date);
    if (gap) {
      return refuse(
        `${b.time} does not exist on ${formatRunDate(gap)} in ${zone}: the clocks jump over it that night. Pick a time outside the change.`,
        `broadcast bulletin ${cmd.schedule.weekday} 15:00`,
        'broadcast',
      );
    }
    // A bulletin that was already on goes on from where the last one ended; a new one covers the week before it.
    await saveBroadcastSettings(ctx.db, ctx.team.id, { bulletinWeekday: weekday, bulletinTime: b.time, bulletinZone: zone, ...(was ? {} : { bulletinCoveredUntil: null }), updatedAt: ctx.now, updatedBy: ctx.actor.id });
    await planBulletin(ctx.db, ctx.team.id, ctx.now);
    const next = await nextPost(ctx.db, ctx.team.id, b, ctx.now);
    await ctx.audit('broadcast.bulletin', undefined, { weekday: cmd.schedule.weekday, time: b.time, zone });
    ctx.announce(
      message([
        section(
          line('📰 Staff bulletin: ', bold(describeBulletin(b)), ' in ', where, " — the week's decided decisions, with who executes each and by when, what they replace, and the week's retractions and corrections."),
          line(`First: ${formatRunDate(next.date)}, ${b.time}. `, 'A week with none posts nothing; a day off moves it to the next working day.'),
        ),
        context(`Set by ${ctx.actor.name}. `, code(`${ctx.prefix}broadcast`), ' shows it · ', code(`${ctx.prefix}broadcast each off`), ' leaves each decision to it.'),
      ]),
    );
  },
};
