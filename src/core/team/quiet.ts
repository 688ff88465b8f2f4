// Quiet channels: how a team's channel hears of its records (`quiet thread|digest|off`, a lead's
// choice; off by default: each record posts on its own, as always).
//
// Which posts are quiet: those the core makes with ctx.postRecord / announceRecord — updates
// (new, withdrawn), commitments (new, asked, accepted, declined, handed over, done, dropped,
// moved), goal progress, agenda items (added, dropped, handled). Everything else stands alone
// whatever the mode: blockers, decisions and proposals (and their objections, retractions and
// corrections), disagreements and their neutral lines, check-in digests, agendas, recaps, goals
// added or closed, and the team's settings. A post already in a thread (a Teams command answered
// in its own thread, a commitment recorded from a message) stays where it is.
//
// - thread: the day's first record posts a short parent ("Today's records — Fri, Dec 4") and
//   every record of that day replies under it. The parent is an outbox post under a key of the
//   team and its local date: written once whatever races or restarts (the key is unique), sent
//   before its replies (same place, in order), and found by the dispatcher when a reply goes out.
// - digest: the posts are held (quiet_held) and one roll-up lists them at 17:00 in the team's
//   zone on its next working day (a persisted job, so once across restarts); the person who made
//   the record gets it privately at once instead.
import { DateTime } from 'luxon';
import { scheduleJob } from '../../db/jobs.js';
import { heldPosts, heldPostsOf, holdPost, markRolled, quietModeOf, rewriteHeld, saveQuietMode } from '../../db/quiet.js';
import type { Context, Outgoing } from '../context.js';
import type { Handlers, JobHandler } from '../handlers.js';
import { type Block, type Line, type Message, bold, code, context, line, list, message, plainText, say, section } from '../message.js';
import { isLead } from './permissions.js';
import { isWorking, loadCalendar, nextWorking, onWorkingDays } from './calendar.js';

export const QUIET_MODES = ['off', 'thread', 'digest'] as const;
export type QuietMode = (typeof QUIET_MODES)[number];

/** When the day's roll-up posts, in the team's zone: the end of a school office's day. */
export const ROLLUP_HOUR = 17;

const ROLLUP_JOB = 'quiet.rollup';

function asMode(stored: string): QuietMode {
  return (QUIET_MODES as readonly string[]).includes(stored) ? (stored as QuietMode) : 'off';
}

/** "Fri, Dec 4" of a team date. */
function dayLabel(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).toFormat('ccc, LLL d', { locale: 'en-US' });
}

/** The team's local date now: the team's day runs in the team's zone (the default zone). */
function teamDate(ctx: Context): string {
  return DateTime.fromMillis(ctx.now, { zone: ctx.defaultTz }).toISODate()!;
}

const STANDALONE = 'Blockers, decisions and disagreements still post on their own.';

function describe(mode: QuietMode, tz: string): string {
  switch (mode) {
    case 'thread':
      return "quiet thread: each day's updates, commitments, goal progress and agenda items reply in one thread of the day.";
    case 'digest':
      return `quiet digest: updates, commitments, goal progress and agenda items are gathered in one roll-up at ${ROLLUP_HOUR}:00 (${tz}) on working days; whoever records one sees it privately at once.`;
    default:
      return 'quiet off: every record posts on its own.';
  }
}

export const quietHandlers: Handlers = {
  async quiet(ctx) {
    const mode = asMode(await quietModeOf(ctx.db, ctx.team.id));
    ctx.reply(message([
      section(line(`${ctx.team.name}'s channel: `, bold(describe(mode, ctx.defaultTz)))),
      ...(mode === 'off' ? [] : [context(STANDALONE)]),
      context(isLead(ctx.actor.roles) ? 'A lead changes it: ' : 'A lead can change it: ', code(`${ctx.prefix}quiet thread`), ', ', code(`${ctx.prefix}quiet digest`), ' or ', code(`${ctx.prefix}quiet off`), '.'),
    ]));
  },

  async 'quiet.set'(ctx, cmd) {
    const was = asMode(await quietModeOf(ctx.db, ctx.team.id));
    if (was === cmd.mode) {
      ctx.reply(say(`${ctx.team.name}'s channel is already ${describe(was, ctx.defaultTz)}`));
      return;
    }
    await saveQuietMode(ctx.db, { teamId: ctx.team.id, mode: cmd.mode, updatedAt: ctx.now, updatedBy: ctx.actor.id });
    await ctx.audit('team.quiet', undefined, { from: was, to: cmd.mode });
    const held = was === 'digest' ? ' What was already gathered still comes in its roll-up.' : '';
    ctx.announce(message([
      section(line(cmd.mode === 'off' ? '🔔 ' : '🔕 ', `${ctx.actor.name} set this channel to `, bold(describe(cmd.mode, ctx.defaultTz)), held)),
      ...(cmd.mode === 'off' ? [] : [context(STANDALONE)]),
    ]));
  },
};

/**
 * Applies the team's quiet mode to the record posts a unit of work made (before they are written
 * to the outbox, in the same transaction). Costs nothing when there is none.
 */
export async function applyQuiet(ctx: Context): Promise<void> {
  const quiet = ctx.outgoing.filter((o) => o.quiet && isTopOfTeamChannel(ctx, o));
  if (quiet.length === 0) return;
  const mode = asMode(await quietModeOf(ctx.db, ctx.team.id));
  if (mode === 'thread') return threadThem(ctx, quiet);
  if (mode === 'digest') return holdThem(ctx, quiet);
}

/** A new post in the team's channel, not an edit; one already in a thread is held or left as it is. */
function isTopOfTeamChannel(ctx: Context, o: Outgoing): boolean {
  const d = o.destination;
  return d.to === 'channel' && d.channelId === ctx.team.channelId && !d.replaces;
}

function threadThem(ctx: Context, quiet: Outgoing[]): void {
  const top = quiet.filter((o) => o.destination.to === 'channel' && !o.destination.threadOf);
  if (top.length === 0) return;
  const date = teamDate(ctx);
  const key = parentKey(ctx.team.id, date);
  const parent: Outgoing = {
    destination: { to: 'channel', channelId: ctx.team.channelId },
    message: message([
      section(line('🧵 ', bold(`Today's records — ${dayLabel(date)}`))),
      context("The day's updates, commitments, goal progress and agenda items reply in this thread. ", STANDALONE),
    ]),
    subject: { teamId: ctx.team.id, kind: 'quiet.thread', date },
    // The outbox keeps one post per key: the day's later records find it written and reply under it.
    key,
  };
  ctx.outgoing.splice(ctx.outgoing.indexOf(top[0]!), 0, parent);
  for (const o of top) o.destination = { to: 'channel', channelId: ctx.team.channelId, threadUnder: key };
}

/** The outbox key of a team's thread of the day. */
export function parentKey(teamId: number, date: string): string {
  return `quiet:thread:${teamId}:${date}`;
}

async function holdThem(ctx: Context, quiet: Outgoing[]): Promise<void> {
  const byPerson = Boolean((ctx as Partial<Context>).actor);
  for (const o of quiet) {
    const ref = typeof o.subject?.ref === 'string' ? o.subject.ref : null;
    await holdPost(ctx.db, { teamId: ctx.team.id, ref, message: o.message as unknown as Record<string, unknown>, heldAt: ctx.now });
    // A post in the thread the person asked in (Teams) answers them there; it is also in the roll-up.
    if (o.destination.to === 'channel' && o.destination.threadOf) continue;
    ctx.outgoing.splice(ctx.outgoing.indexOf(o), 1);
    const held = message([...o.message.blocks, context(`In the channel's roll-up at ${ROLLUP_HOUR}:00 (the team chose `, code(`${ctx.prefix}quiet digest`), ').')]);
    // Asked from elsewhere (a 1:1 with Baton), the person already gets it privately: that copy says where it went.
    const told = ctx.outgoing.find((x) => x.destination.to === 'reply' && x.message === o.message);
    if (told) told.message = held;
    else if (byPerson) ctx.reply(held);
  }
  const at = await rollupAt(ctx);
  await scheduleJob(ctx.db, { key: `${ROLLUP_JOB}:${ctx.team.id}:${at.date}`, kind: ROLLUP_JOB, dueAt: at.dueAt, payload: { teamId: ctx.team.id, date: at.date }, createdAt: ctx.now });
}

/** The next roll-up: 17:00 today in the team's zone if today is a working day and it is not past, else on the next working day. */
async function rollupAt(ctx: Context): Promise<{ date: string; dueAt: number }> {
  const cal = await loadCalendar(ctx.db, ctx.team.id);
  const tz = ctx.defaultTz;
  const today = teamDate(ctx);
  const at = (date: string) => DateTime.fromISO(date, { zone: tz }).set({ hour: ROLLUP_HOUR, minute: 0, second: 0, millisecond: 0 }).toMillis();
  if (isWorking(cal, today) && ctx.now < at(today)) return { date: today, dueAt: at(today) };
  const next = nextWorking(cal, DateTime.fromISO(today, { zone: 'UTC' }).plus({ days: 1 }).toISODate()!);
  return { date: next, dueAt: at(next) };
}

/** One line per held post: its first line, which names the record and what happened to it. */
function firstLine(m: Message): Line {
  for (const b of m.blocks) {
    if (b.type === 'section' && b.lines[0]) return b.lines[0];
  }
  return line(plainText(m.blocks) || m.text);
}

const rollup: JobHandler = async (ctx) => {
  const held = await heldPosts(ctx.db, ctx.team.id, ctx.now);
  if (held.length === 0) return;
  const tz = ctx.defaultTz;
  const today = teamDate(ctx);
  const first = DateTime.fromMillis(held[0]!.heldAt, { zone: tz }).toISODate()!;
  const title = first === today ? `Today's records — ${dayLabel(today)}` : `Records — ${dayLabel(first)} to ${dayLabel(today)}`;
  const blocks: Block[] = [
    section(line('🗂 ', bold(title))),
    list(held.map((h) => firstLine(h.message as unknown as Message))),
    context(`${held.length} record${held.length === 1 ? '' : 's'}, gathered under `, code('quiet digest'), '. ', STANDALONE),
  ];
  ctx.post(message(blocks), { kind: 'quiet.rollup', date: today });
  await markRolled(ctx.db, held.map((h) => h.id), ctx.now);
};

export const quietJobs: Record<string, JobHandler> = {
  [ROLLUP_JOB]: onWorkingDays(rollup),
};

/**
 * A correction of a record whose post waits for the roll-up: the held post reads the new text,
 * so the roll-up shows the record as it stands. Returns whether one was rewritten.
 */
export async function correctHeld(ctx: Context, ref: string, texts: Set<string>, to: string): Promise<boolean> {
  let any = false;
  for (const h of await heldPostsOf(ctx.db, ctx.team.id, ref)) {
    const m = h.message as unknown as Message;
    let changed = false;
    const fix = (l: Line): Line =>
      l.map((s) => {
        if (!texts.has(s.text)) return s;
        changed = true;
        return { ...s, text: to };
      });
    const blocks = m.blocks.map((b): Block => (b.type === 'section' ? { ...b, lines: b.lines.map(fix) } : b));
    if (!changed) continue;
    any = true;
    await rewriteHeld(ctx.db, h.id, message(blocks) as unknown as Record<string, unknown>);
  }
  return any;
}
