// What a week's staff bulletin says: the decisions decided in its window — what, why, who
// executes it, by when, what it replaces — then those retracted (with the reason) and those
// corrected. Written for the wider staff: never the process (votes, objections, the parties of a
// disagreement), like each decision's own broadcast.
import { type DecisionRow, findDecision } from '../../db/decisions.js';
import { decidedIn, decisionEditsIn, retractedIn } from '../../db/bulletin.js';
import type { Db } from '../../db/client.js';
import { findDisagreement } from '../../db/disagreements.js';
import { getMember } from '../../db/members.js';
import { formatRunDate } from '../checkins/schedule.js';
import { formatDay, localDate } from '../language/dates.js';
import { type Line, type Message, bold, context, header, line, list, mention, message, section } from '../message.js';
import { ref } from '../records/lines.js';

export interface BulletinWeek {
  decided: DecisionRow[];
  retracted: DecisionRow[];
  /** A decision the staff were told of, corrected in the window: its text before the first correction and now. */
  corrected: { decision: DecisionRow; was: string }[];
}

export function isEmpty(w: BulletinWeek): boolean {
  return w.decided.length === 0 && w.retracted.length === 0 && w.corrected.length === 0;
}

/** The decisions of [from, to). A decision decided or retracted in it is told once, as it reads now. */
export async function bulletinWeek(db: Db, teamId: number, from: number, to: number): Promise<BulletinWeek> {
  const decided = await decidedIn(db, teamId, from, to);
  const retracted = await retractedIn(db, teamId, from, to);
  const told = new Set([...decided, ...retracted].map((d) => d.seq));
  const corrected = new Map<number, { decision: DecisionRow; was: string }>();
  for (const e of await decisionEditsIn(db, teamId, from, to)) {
    const seq = Number(e.ref.slice(2));
    if (told.has(seq) || corrected.has(seq)) continue;
    const d = await findDecision(db, teamId, seq);
    // A proposal is corrected quietly; only a decision in force when it was corrected is news.
    if (!d || d.decidedAt === null || d.decidedAt > e.at || (d.status !== 'decided' && d.status !== 'superseded')) continue;
    corrected.set(seq, { decision: d, was: e.oldValue ?? '' });
  }
  return { decided, retracted, corrected: [...corrected.values()].sort((a, b) => a.decision.seq - b.decision.seq) };
}

/** The disagreement a decision of the de-escalation flow settled: the staff read its topic, not the flow's wording. */
async function topicOf(db: Db, teamId: number, d: DecisionRow): Promise<string | null> {
  const r = /^R-(\d+)$/.exec(d.origin ?? '');
  if (!r) return null;
  return (await findDisagreement(db, teamId, Number(r[1])))?.topic ?? null;
}

/** The reason a flow decision was recorded with, without the process wording after it. */
function staffReason(d: DecisionRow, fromFlow: boolean): string | null {
  if (!d.rationale) return null;
  if (!fromFlow) return d.rationale;
  const cut = d.rationale.indexOf(" — reached in the team's de-escalation flow");
  return cut > 0 ? d.rationale.slice(0, cut) : null;
}

async function decidedLine(db: Db, teamId: number, d: DecisionRow, now: number): Promise<Line> {
  const topic = await topicOf(db, teamId, d);
  const why = staffReason(d, topic !== null);
  const executor = d.executorId !== null ? await getMember(db, d.executorId) : undefined;
  const replaced = d.replacesSeq !== null ? await findDecision(db, teamId, d.replacesSeq) : undefined;
  return line(
    bold(ref('decision', d.seq)),
    ' ',
    d.text,
    topic ? ` — about: ${topic}` : '',
    why ? ` — why: ${why}` : '',
    executor ? ' · executes ' : ' · no executor named yet',
    executor ? mention(executor) : null,
    d.dueDate && d.dueTz ? ` · by ${formatDay(d.dueDate, now, d.dueTz)}` : '',
    d.replacesSeq !== null ? ` · replaces ${ref('decision', d.replacesSeq)}${replaced ? ` (${replaced.text.slice(0, 200)})` : ''}` : '',
    d.status === 'superseded' && d.supersededBySeq !== null ? ` · since replaced by ${ref('decision', d.supersededBySeq)}` : '',
  );
}

/** The bulletin as posted in the broadcast channel; `zone` reads the week's dates. */
export async function bulletinMessage(db: Db, team: { id: number; name: string }, w: BulletinWeek, from: number, to: number, zone: string): Promise<Message> {
  const decided: Line[] = [];
  for (const d of w.decided) decided.push(await decidedLine(db, team.id, d, to));
  const retracted = w.retracted.map((d) => line(bold(ref('decision', d.seq)), ' ', d.text, d.retractReason ? ` — why: ${d.retractReason}` : ''));
  const corrected = w.corrected.map(({ decision: d, was }) => line(bold(ref('decision', d.seq)), ' now reads: ', d.text, ` (it read: ${was})`));
  const counts = [
    w.decided.length ? `${w.decided.length} decided` : '',
    w.retracted.length ? `${w.retracted.length} retracted` : '',
    w.corrected.length ? `${w.corrected.length} corrected` : '',
  ].filter(Boolean);
  return message([
    header(`Staff bulletin: ${team.name}`.slice(0, 150)),
    section(line(`The week's decisions, ${formatRunDate(localDate(from, zone))} to ${formatRunDate(localDate(to, zone))}.`)),
    ...(decided.length ? [list(decided, { title: 'Decided' })] : []),
    ...(retracted.length ? [list(retracted, { title: 'Retracted' })] : []),
    ...(corrected.length ? [list(corrected, { title: 'Corrected' })] : []),
    context(`From ${team.name} · ${counts.join(', ')}`),
  ]);
}
