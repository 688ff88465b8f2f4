// The digest: what the team said in one run, in the order of the run's own questions, posted to
// its channel when everyone has answered or at the digest time. An answer that comes after it,
// or an edited answer, edits the posted digest in place.
import { type CheckinRow, type RunRow, runCheckins, updateRun } from '../../db/checkins.js';
import { dateChange } from '../../db/commitments.js';
import { roster } from '../team/membership.js';
import { excerpt } from '../records/blockers.js';
import type { Context } from '../context.js';
import { type Block, type Line, bold, code, context, header, line, list, message, section } from '../message.js';
import type { Answers, CommitmentAnswer } from './answers.js';
import { keys } from './keys.js';
import { pulseBlocks } from './pulse.js';
import { runQuestions } from './questions.js';
import { formatRunDate } from './schedule.js';

/** How a new date reads, by the one slip definition (answers kept before `from` was stored read as before). */
function dateWords(x: CommitmentAnswer): string {
  if (x.from === undefined || !x.to) return 'slipping, now due';
  const change = dateChange(x.from, x.to);
  return change === 'slip' ? 'slipping, now due' : change === 'forward' ? 'brought forward to' : 'now due';
}

/** What the team said in a run, question by question in the run's own order: the digest's body, and `list checkins`. */
export async function answerBlocks(ctx: Context, run: RunRow, rows: CheckinRow[]): Promise<Block[]> {
  const names = await roster(ctx.db, ctx.team.id);
  const name = (memberId: number) => names.get(memberId)?.name ?? 'someone who left';
  const answered = rows.filter((c) => c.status === 'answered');
  const moved: Line[] = [];
  const changes: Line[] = [];
  const blockers: Line[] = [];
  const decide: Line[] = [];
  const questions = runQuestions(run);
  const custom = new Map<string, Line[]>(questions.filter((q) => q.kind === 'custom').map((q) => [q.id, []]));
  const tag = (id: number | undefined, letter: string) => (id === undefined ? '' : ` (${letter}-${id})`);
  for (const c of answered) {
    const a = (c.answers ?? {}) as Answers;
    const who = `${name(c.memberId)}: `;
    if (a.moved) moved.push(line(bold(name(c.memberId)), ': ', excerpt(a.moved), tag(a.update, 'U')));
    for (const x of a.commitments ?? []) {
      const id = `${x.kind === 'decision' ? 'D' : 'C'}-${x.seq}`;
      if (x.answer === 'done') changes.push(line(who, bold(id), ' ', excerpt(x.text), ' — done ✅'));
      else if (x.answer === 'slipping') changes.push(line(who, bold(id), ' ', excerpt(x.text), ` — ${dateWords(x)} ${x.toLabel ?? x.to ?? '?'}`));
    }
    const onTrack = (a.commitments ?? []).filter((x) => x.answer === 'ontrack').length;
    if (onTrack > 0) changes.push(line(who, `${onTrack} on track`));
    if (a.blocking) blockers.push(line(who, a.blocker ? bold(`E-${a.blocker}`) : '', a.blocker ? ' ' : '', excerpt(a.blocking)));
    if (a.decide) decide.push(line(bold(name(c.memberId)), ': ', excerpt(a.decide), tag(a.agenda, 'A')));
    for (const [id, lines] of custom) {
      const said = a.custom?.[id];
      if (said) lines.push(line(bold(name(c.memberId)), ': ', excerpt(said)));
    }
  }

  const blocks: Block[] = [];
  for (const q of questions) {
    if (q.kind === 'moved') blocks.push(list(moved, { title: 'What moved', empty: 'Nothing reported.' }));
    else if (q.kind === 'commitments') blocks.push(list(changes, { title: 'Commitments', empty: 'No changes reported.' }));
    else if (q.kind === 'blocking') blocks.push(list(blockers, { title: 'Blockers raised', empty: 'None.' }));
    else if (q.kind === 'decide') blocks.push(list(decide, { title: 'For the team to decide together', empty: 'Nothing raised.' }));
    else blocks.push(list(custom.get(q.id) ?? [], { title: q.text, empty: 'No answers.' }));
  }
  return blocks;
}

/** How many answered, were away, skipped or missed a run. */
export function tallyOf(rows: CheckinRow[]): string {
  const answered = rows.filter((c) => c.status === 'answered');
  const waiting = rows.filter((c) => c.status === 'sent' || c.status === 'pending');
  const away = rows.filter((c) => c.status === 'away');
  const skipped = rows.filter((c) => c.status === 'skipped');
  const missed = rows.filter((c) => c.status === 'missed');
  const asked = answered.length + waiting.length;
  return [`${answered.length} of ${asked} answered`, away.length ? `${away.length} away` : '', skipped.length ? `${skipped.length} skipped` : '', missed.length ? `${missed.length} skipped (Baton was down)` : '']
    .filter(Boolean)
    .join(' · ');
}

/** How a run is named: its week, or the day a lead started it. */
export function runTitle(run: RunRow): string {
  return run.kind === 'scheduled' ? `Week of ${formatRunDate(run.date)}` : `Check-in of ${formatRunDate(run.date)}`;
}

async function digestMessage(ctx: Context, run: RunRow) {
  const rows = await runCheckins(ctx.db, run.id);
  const names = await roster(ctx.db, ctx.team.id);
  const name = (memberId: number) => names.get(memberId)?.name ?? 'someone who left';
  const waiting = rows.filter((c) => c.status === 'sent' || c.status === 'pending');
  const when = runTitle(run);
  const tally = tallyOf(rows);
  // The digest closes the run's pulse: its figure is shown from now on, and no longer changes.
  const blocks: Block[] = [header(`Check-in digest — ${ctx.team.name}`.slice(0, 150)), section(line(bold(when), ` · ${tally}`)), ...(await answerBlocks(ctx, run, rows)), ...(await pulseBlocks(ctx.db, run, true))];
  if (waiting.length) blocks.push(list(waiting.map((c) => line(name(c.memberId))), { title: 'Not answered yet' }));
  blocks.push(context('Answers updated the records at once. ', code(`${ctx.prefix}report checkins`), ' shows the response rate.'));
  return message(blocks);
}

/** Posts the digest to the team's channel (once: its key is the run's). */
export async function postDigest(ctx: Context, run: RunRow): Promise<void> {
  await updateRun(ctx.db, run.id, { digestPostedAt: ctx.now });
  ctx.outgoing.push({
    destination: { to: 'channel', channelId: ctx.team.channelId },
    message: await digestMessage(ctx, run),
    subject: { teamId: ctx.team.id, summary: `Check-in digest ${formatRunDate(run.date)}` },
    key: keys.digest(ctx.team.id, run.runKey),
  });
}

/** An answer after the digest was posted: the digest is edited to include it. */
export async function refreshDigest(ctx: Context, run: RunRow, checkinId: number, version = 0): Promise<void> {
  if (run.digestPostedAt === null) return;
  const original = keys.digest(ctx.team.id, run.runKey);
  ctx.outgoing.push({
    destination: { to: 'channel', channelId: ctx.team.channelId, replaces: original },
    message: await digestMessage(ctx, run),
    subject: { teamId: ctx.team.id, summary: `Check-in digest ${formatRunDate(run.date)}` },
    key: keys.digestEdit(ctx.team.id, run.runKey, checkinId, version),
  });
}
