// Past check-ins as the team answered them: each run read with its own questions, whatever the
// team asks now — for `list checkins` and the export.
import { answeredCheckins, recentRuns, runCheckins } from '../../db/checkins.js';
import type { Context } from '../context.js';
import { type Block, bold, line, section } from '../message.js';
import { roster } from '../team/membership.js';
import type { Answers } from './answers.js';
import { answerBlocks, runTitle, tallyOf } from './digest.js';
import { pulseBlocks } from './pulse.js';
import { runQuestions } from './questions.js';

/** The latest `runs` check-ins, newest first, each with its answers question by question. */
export async function checkinHistory(ctx: Context, runs: number): Promise<Block[]> {
  const blocks: Block[] = [];
  for (const run of await recentRuns(ctx.db, ctx.team.id, runs)) {
    const rows = await runCheckins(ctx.db, run.id);
    blocks.push(section(line('📋 ', bold(runTitle(run)), ` · ${tallyOf(rows)}`)), ...(await answerBlocks(ctx, run, rows)), ...(await pulseBlocks(ctx.db, run, run.digestPostedAt !== null)));
  }
  if (blocks.length === 0) blocks.push(section(line('No check-in yet.')));
  return blocks;
}

/** One answer of one member to one question of one run: a row of the export. */
export interface AnswerRow {
  run: string;
  question: string;
  person: string;
  answer: string;
  /** The record it made (U-n, E-n, A-n), if any. */
  record: string;
  answeredAt: number | null;
}

/** Every answer the team gave, oldest run first, each under the question it was asked with. */
export async function answerRows(ctx: Context): Promise<AnswerRow[]> {
  const names = await roster(ctx.db, ctx.team.id);
  const out: AnswerRow[] = [];
  for (const { checkin, run } of await answeredCheckins(ctx.db, ctx.team.id)) {
    const a = (checkin.answers ?? {}) as Answers;
    const base = { run: runTitle(run), person: names.get(checkin.memberId)?.name ?? '', answeredAt: checkin.answeredAt };
    for (const q of runQuestions(run)) {
      if (q.kind === 'moved' && a.moved) out.push({ ...base, question: q.text, answer: a.moved, record: a.update !== undefined ? `U-${a.update}` : '' });
      else if (q.kind === 'blocking' && a.blocking) out.push({ ...base, question: q.text, answer: a.blocking, record: a.blocker !== undefined ? `E-${a.blocker}` : '' });
      else if (q.kind === 'decide' && a.decide) out.push({ ...base, question: q.text, answer: a.decide, record: a.agenda !== undefined ? `A-${a.agenda}` : '' });
      else if (q.kind === 'custom' && a.custom?.[q.id]) out.push({ ...base, question: q.text, answer: a.custom[q.id]!, record: '' });
      else if (q.kind === 'commitments') {
        for (const x of a.commitments ?? []) {
          const id = `${x.kind === 'decision' ? 'D' : 'C'}-${x.seq}`;
          const said = x.answer === 'done' ? 'done' : x.answer === 'slipping' ? `slipping, now due ${x.to ?? '?'}` : 'on track';
          out.push({ ...base, question: q.text, answer: `${id} ${said}`, record: id });
        }
      }
    }
  }
  return out;
}
