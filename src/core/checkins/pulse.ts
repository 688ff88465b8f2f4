// The pulse: while a lead has it on (`checkin pulse on|off`), each check-in also asks an optional
// 1–5 "How are you doing this week?"; each run keeps whether it asked it. Answers are stored apart
// from the check-in's own answers (db/pulse.ts) and read back only as a run's aggregate: the team
// sees the average, the range (lowest–highest) and the trend against the check-in before — in the
// digest, `list checkins`, `report pulse`, the export and App Home — and only from PULSE_MIN
// answers up. No surface shows one person's answer: not to a lead, and not in the person's own
// confirmation either (it would sit in the outbox, and on a shared screen, beside their name).
//
// A run's pulse closes when its digest is posted: an answer or an edit after that would move a
// figure everyone has seen, and the difference would be one person's answer.
import { z } from 'zod';
import type { CheckinRow, RunRow } from '../../db/checkins.js';
import type { Db } from '../../db/client.js';
import { closedPulseRuns, pulseTally, savePulse } from '../../db/pulse.js';
import { type TeamRow, updateTeam } from '../../db/teams.js';
import type { Context, Refusal } from '../context.js';
import { DAY } from '../language/dates.js';
import { LIST_ROWS } from '../language/limits.js';
import { type Block, type Field, type Line, type Message, bold, code, context, header, line, list, message, say, section } from '../message.js';
import { readAgreements } from '../team/agreements.js';
import { formatRunDate } from './schedule.js';

/** The form field's id. */
export const PULSE_FIELD = 'pulse';
export const PULSE_QUESTION = 'How are you doing this week?';
/** Fewer answers than this in a run show no figure: with one or two, an average is a person. */
export const PULSE_MIN = 3;
/** How many earlier check-ins the trend looks back over for one with a figure. */
const TREND_LOOKBACK = 12;

const SCORES = ['1', '2', '3', '4', '5'] as const;
const LABELS: Record<(typeof SCORES)[number], string> = { '1': '1 — struggling', '2': '2 — low', '3': '3 — okay', '4': '4 — good', '5': '5 — great' };
const scoreSchema = z.enum(SCORES);

/** Whether the team's check-ins ask the pulse (from the next run on). */
export function pulseOn(team: TeamRow): boolean {
  return readAgreements(team.agreements).pulse;
}

/** Whether a run still takes pulse answers: it asked the pulse and its digest is not posted. */
export function pulseOpen(run: RunRow): boolean {
  return run.pulse && run.digestPostedAt === null;
}

/** The pulse question of the check-in form: 1 to 5, or nothing. */
export function pulseField(editing: boolean): Field {
  return {
    type: 'select',
    id: PULSE_FIELD,
    label: PULSE_QUESTION,
    options: SCORES.map((v) => ({ value: v, label: LABELS[v] })),
    optional: true,
    hint: editing
      ? 'Optional. Left empty, your earlier answer stands. The team sees only its average, never yours.'
      : 'Optional. The team sees only the average and range of 3 or more answers — never yours, not even a lead.',
  };
}

/**
 * The submitted pulse: nothing (skipped), a score, or the field's error. Only the values the form
 * offers are taken: a form sent by hand with 0, 6, 3.5 or "abc" is refused, never rounded.
 */
export function readPulse(raw: string | undefined): { ok: true; score: number | undefined } | { ok: false; error: string } {
  const v = raw?.trim();
  if (!v) return { ok: true, score: undefined };
  const r = scoreSchema.safeParse(v);
  return r.success ? { ok: true, score: Number(r.data) } : { ok: false, error: 'Choose 1 to 5, or leave it empty.' };
}

/** Keeps a member's pulse answer (or changes it, while the run's pulse is open). */
export async function recordPulse(ctx: Context, run: RunRow, checkin: CheckinRow, score: number): Promise<void> {
  await savePulse(ctx.db, { checkinId: checkin.id, runId: run.id, teamId: ctx.team.id, score });
}

/** A run's pulse as the team may see it: null when it had fewer than PULSE_MIN answers. */
interface PulseFigure {
  run: RunRow;
  shown: { average: number; min: number; max: number; answers: number } | null;
}

async function figureOf(db: Db, run: RunRow): Promise<PulseFigure> {
  const t = await pulseTally(db, run.id);
  if (t.answers < PULSE_MIN || t.min === null || t.max === null) return { run, shown: null };
  return { run, shown: { average: Math.round((t.sum / t.answers) * 10) / 10, min: t.min, max: t.max, answers: t.answers } };
}

const one = (n: number) => n.toFixed(1);

function titleOf(run: RunRow): string {
  return run.kind === 'scheduled' ? `week of ${formatRunDate(run.date)}` : `check-in of ${formatRunDate(run.date)}`;
}

/** "3.7 average · range 2–5 · 4 answers", or why there is no figure. */
function figureText(f: PulseFigure): string {
  return f.shown ? `${one(f.shown.average)} average · range ${f.shown.min}–${f.shown.max} · ${f.shown.answers} answers` : `not enough answers to show (fewer than ${PULSE_MIN})`;
}

/** The latest check-in with a figure that started before `run`. */
async function previousFigure(db: Db, teamId: number, run: RunRow): Promise<PulseFigure | null> {
  for (const r of await closedPulseRuns(db, teamId, { before: run.startedAt, limit: TREND_LOOKBACK })) {
    const f = await figureOf(db, r);
    if (f.shown) return f;
  }
  return null;
}

function trendText(f: PulseFigure, prev: PulseFigure | null): string {
  if (!f.shown) return '';
  if (!prev?.shown) return ' · no earlier figure';
  const was = `${one(prev.shown.average)} (${titleOf(prev.run)})`;
  if (f.shown.average === prev.shown.average) return ` · same as ${was}`;
  return ` · ${f.shown.average > prev.shown.average ? '↑' : '↓'} from ${was}`;
}

/**
 * The pulse of a run, for its digest and `list checkins`: the figure once the run's pulse is
 * closed (`closed`: the digest is being or has been posted), else a word that it comes with it.
 */
export async function pulseBlocks(db: Db, run: RunRow, closed: boolean): Promise<Block[]> {
  if (!run.pulse) return [];
  if (!closed) return [section(line(bold('Pulse'), ': shown with the digest, as the team’s average only.'))];
  const f = await figureOf(db, run);
  const prev = f.shown ? await previousFigure(db, run.teamId, run) : null;
  return [section(line(bold('Pulse'), ` — ${PULSE_QUESTION} (1–5): `, figureText(f), trendText(f, prev)))];
}

/** The latest closed pulse, for App Home (null: none yet). */
export async function latestPulseLine(db: Db, teamId: number): Promise<Line | null> {
  const [run] = await closedPulseRuns(db, teamId, { limit: 1 });
  if (!run) return null;
  const f = await figureOf(db, run);
  const prev = f.shown ? await previousFigure(db, teamId, run) : null;
  return line(bold('Pulse'), ` (${titleOf(run)}): `, figureText(f), trendText(f, prev));
}

const HOW =
  `each check-in's answers to "${PULSE_QUESTION}" (1 struggling … 5 great), averaged, with the lowest and highest; the trend compares with the check-in before that had a figure. ` +
  `A check-in with fewer than ${PULSE_MIN} answers shows no figure, and one person's answer is never shown — not even to a lead. A check-in's pulse closes when its digest is posted.`;

/** The pulse over the report's window, oldest check-in first: null when no check-in ever asked it. */
async function pulseLines(ctx: Context, weeks: number): Promise<{ lines: Line[]; latest: PulseFigure | null; prev: PulseFigure | null } | null> {
  const from = ctx.now + 1 - weeks * 7 * DAY;
  const runs = (await closedPulseRuns(ctx.db, ctx.team.id, { from, to: ctx.now + 1, limit: 200 })).reverse();
  if (runs.length === 0 && (await closedPulseRuns(ctx.db, ctx.team.id, { limit: 1 })).length === 0) return null;
  let prev = runs[0] ? await previousFigure(ctx.db, ctx.team.id, runs[0]) : null;
  let before: PulseFigure | null = null;
  let latest: PulseFigure | null = null;
  const lines: Line[] = [];
  for (const run of runs) {
    const f = await figureOf(ctx.db, run);
    lines.push(line(bold(titleOf(run).replace(/^./, (c) => c.toUpperCase())), ': ', figureText(f), trendText(f, prev)));
    if (f.shown) {
      before = prev;
      latest = f;
      prev = f;
    }
  }
  return { lines, latest, prev: before };
}

/** `report pulse [weeks N]`: each check-in's figure over the window, with the trend. */
export async function pulseReport(ctx: Context, weeks: number): Promise<Message> {
  const span = `the last ${weeks} week${weeks === 1 ? '' : 's'}`;
  const p = await pulseLines(ctx, weeks);
  const latest = p?.latest ?? null;
  const blocks: Block[] = [
    header(`Pulse: ${latest?.shown ? `${one(latest.shown.average)} average (${titleOf(latest.run)})${trendText(latest, p?.prev ?? null)}` : 'no figure to show'}`.slice(0, 150)),
    context(`How: ${HOW}`),
    list((p?.lines ?? []).slice(-LIST_ROWS), { title: `Check-ins of ${span}`, total: p?.lines.length ?? 0, empty: 'No check-in in this period asked the pulse (or none has posted its digest yet).' }),
  ];
  if (!pulseOn(ctx.team)) blocks.push(context('The pulse is off. A lead turns it on with ', code(`${ctx.prefix}checkin pulse on`), '.'));
  return message(blocks);
}

/** The pulse's line in `report`: the latest figure in the window, or null when the team never asked it. */
export async function pulseReportLine(ctx: Context, weeks: number): Promise<Line | null> {
  const p = await pulseLines(ctx, weeks);
  if (!p) return null;
  if (!p.latest?.shown) return line(bold('Pulse: '), p.lines.length ? `not enough answers to show (fewer than ${PULSE_MIN} in each check-in)` : 'no check-in in this period asked it');
  return line(bold('Pulse: '), `${figureText(p.latest)} (${titleOf(p.latest.run)})`, trendText(p.latest, p.prev));
}

/** The pulse in the export: one row per check-in that asked it — the team's figure, never an answer. */
export async function pulseExportRows(db: Db, teamId: number): Promise<{ run: string; figure: string; closedAt: number | null }[]> {
  const out: { run: string; figure: string; closedAt: number | null }[] = [];
  for (const run of (await closedPulseRuns(db, teamId, { limit: 10_000 })).reverse()) {
    out.push({ run: titleOf(run).replace(/^./, (c) => c.toUpperCase()), figure: figureText(await figureOf(db, run)), closedAt: run.digestPostedAt });
  }
  return out;
}

/** `checkin pulse on|off` (a lead): from the next check-in on; a run under way keeps what it asked. */
export async function setPulse(ctx: Context, cmd: { on: boolean }): Promise<Refusal | void> {
  const a = readAgreements(ctx.team.agreements);
  if (a.pulse === cmd.on) {
    ctx.reply(say(`The pulse is already ${cmd.on ? 'on' : 'off'}. `, code(`${ctx.prefix}checkin pulse ${cmd.on ? 'off' : 'on'}`), cmd.on ? ' stops asking it.' : ' asks it with each check-in.'));
    return;
  }
  await updateTeam(ctx.db, ctx.team.id, { agreements: { ...a, pulse: cmd.on } });
  await ctx.audit('checkin.pulse', cmd.on ? 'on' : 'off');
  // Who changed it stands on a line of its own: no line that names a person speaks of the pulse.
  ctx.announce(
    message(
      cmd.on
        ? [
            section(
              line('💬 The check-in pulse is ', bold('on'), `: from the next check-in, each check-in also asks "${PULSE_QUESTION}" (1 to 5, optional).`),
              line(`The team sees only the average and range of ${PULSE_MIN} or more answers, and how it moves (`, code(`${ctx.prefix}report pulse`), ") — never one person's answer, not even a lead."),
            ),
            context(`Set by ${ctx.actor.name}.`),
          ]
        : [
            section(line('The check-in pulse is ', bold('off'), ': from the next check-in it is no longer asked. Earlier figures stay in ', code(`${ctx.prefix}report pulse`), '.')),
            context(`Set by ${ctx.actor.name}.`),
          ],
    ),
  );
}
