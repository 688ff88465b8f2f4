// The digest: what the team said in one run, posted to its channel when everyone has answered or
// at the digest time. An answer that comes after it edits the posted digest in place.
import { type RunRow, runCheckins, updateRun } from '../../db/checkins.js';
import { dateChange } from '../../db/commitments.js';
import { roster } from '../team/membership.js';
import { excerpt } from '../records/blockers.js';
import type { Context } from '../context.js';
import { type Block, type Line, bold, code, context, header, line, list, message, section } from '../message.js';
import type { Answers, CommitmentAnswer } from './answers.js';
import { keys } from './keys.js';
import { formatRunDate } from './schedule.js';

/** How a new date reads, by the one slip definition (answers kept before `from` was stored read as before). */
function dateWords(x: CommitmentAnswer): string {
  if (x.from === undefined || !x.to) return 'slipping, now due';
  const change = dateChange(x.from, x.to);
  return change === 'slip' ? 'slipping, now due' : change === 'forward' ? 'brought forward to' : 'now due';
}

async function digestMessage(ctx: Context, run: RunRow) {
  const rows = await runCheckins(ctx.db, run.id);
  const names = await roster(ctx.db, ctx.team.id);
  const name = (memberId: number) => names.get(memberId)?.name ?? 'someone who left';
  const answered = rows.filter((c) => c.status === 'answered');
  const waiting = rows.filter((c) => c.status === 'sent' || c.status === 'pending');
  const away = rows.filter((c) => c.status === 'away');
  const skipped = rows.filter((c) => c.status === 'skipped');
  const missed = rows.filter((c) => c.status === 'missed');
  const asked = answered.length + waiting.length;

  const moved: Line[] = [];
  const changes: Line[] = [];
  const blockers: Line[] = [];
  const decide: Line[] = [];
  for (const c of answered) {
    const a = (c.answers ?? {}) as Answers;
    const who = `${name(c.memberId)}: `;
    if (a.moved) moved.push(line(bold(name(c.memberId)), ': ', excerpt(a.moved)));
    for (const x of a.commitments ?? []) {
      const id = `${x.kind === 'decision' ? 'D' : 'C'}-${x.seq}`;
      if (x.answer === 'done') changes.push(line(who, bold(id), ' ', excerpt(x.text), ' — done ✅'));
      else if (x.answer === 'slipping') changes.push(line(who, bold(id), ' ', excerpt(x.text), ` — ${dateWords(x)} ${x.toLabel ?? x.to ?? '?'}`));
    }
    const onTrack = (a.commitments ?? []).filter((x) => x.answer === 'ontrack').length;
    if (onTrack > 0) changes.push(line(who, `${onTrack} on track`));
    if (a.blocking) blockers.push(line(who, a.blocker ? bold(`E-${a.blocker}`) : '', a.blocker ? ' ' : '', excerpt(a.blocking)));
    if (a.decide) decide.push(line(bold(name(c.memberId)), ': ', excerpt(a.decide)));
  }

  const when = run.kind === 'scheduled' ? `Week of ${formatRunDate(run.date)}` : `Check-in of ${formatRunDate(run.date)}`;
  const tally = [`${answered.length} of ${asked} answered`, away.length ? `${away.length} away` : '', skipped.length ? `${skipped.length} skipped` : '', missed.length ? `${missed.length} skipped (Baton was down)` : '']
    .filter(Boolean)
    .join(' · ');
  const blocks: Block[] = [
    header(`Check-in digest — ${ctx.team.name}`.slice(0, 150)),
    section(line(bold(when), ` · ${tally}`)),
    list(moved, { title: 'What moved', empty: 'Nothing reported.' }),
    list(changes, { title: 'Commitments', empty: 'No changes reported.' }),
    list(blockers, { title: 'Blockers raised', empty: 'None.' }),
    list(decide, { title: 'For the team to decide together', empty: 'Nothing raised.' }),
  ];
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
export async function refreshDigest(ctx: Context, run: RunRow, checkinId: number): Promise<void> {
  if (run.digestPostedAt === null) return;
  const original = keys.digest(ctx.team.id, run.runKey);
  ctx.outgoing.push({
    destination: { to: 'channel', channelId: ctx.team.channelId, replaces: original },
    message: await digestMessage(ctx, run),
    subject: { teamId: ctx.team.id, summary: `Check-in digest ${formatRunDate(run.date)}` },
    key: keys.digestEdit(ctx.team.id, run.runKey, checkinId),
  });
}
