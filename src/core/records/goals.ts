// Goals that are measured (G-n): an owner, a measure with its baseline and target, a date, and
// data points (`progress`). A point given by anyone but the team's `data` role holder stays
// unverified until the data owner confirms it with a button. Items are tagged with #G-n.
import type { Db } from '../../db/client.js';
import {
  type GoalRow,
  type ProgressRow,
  findGoal,
  findProgress,
  getGoal,
  insertGoal,
  insertProgress,
  latestProgress,
  listGoals,
  progressOf,
  taggedCounts,
  taggedWith,
  updateGoal,
  verifyProgress,
} from '../../db/goals.js';
import { getMember, listMembers, type MemberRow } from '../../db/members.js';
import { nextSeq } from '../../db/teams.js';
import { dueOrRefusal } from './commitments.js';
import { type Context, type Refusal, isRefusal, refuse } from '../context.js';
import { type DueDate, formatDay, formatInstant, localDate } from '../language/dates.js';
import { type GoalFields, showNumber } from './goalgrammar.js';
import type { Handlers } from '../handlers.js';
import { LIST_ROWS } from '../language/limits.js';
import { blockerLine, commitmentLine, type Roster, ref, updateLine } from './lines.js';
import { found, memberNamed } from './lookup.js';
import { roster } from '../team/membership.js';
import { type Block, type Form, type Line, actions, bold, code, context, header, italic, line, list, mention, message, say, section } from '../message.js';
import { isLead } from '../team/permissions.js';
import { editPosts, recordEdit } from './corrections.js';

/** The button on a data owner's private message that confirms an unverified data point. */
export const CONFIRM_ACTION = 'goal.confirm';

const EXAMPLE = 'goal Every school reports attendance weekly measure schools reporting baseline 9 target 14 by June owner @maria';

async function goalOf(ctx: Context, seq: number): Promise<GoalRow | Refusal> {
  return found(await findGoal(ctx.db, ctx.team.id, seq), `G-${seq}`, 'goals');
}

/** The team's `data` role holder: the one who confirms data points. */
export async function dataOwner(ctx: Context): Promise<MemberRow | undefined> {
  return (await listMembers(ctx.db, ctx.team.id)).find((m) => m.roles.includes('data'));
}

function mayChangeGoal(ctx: Context, g: GoalRow): Refusal | null {
  if (g.ownerId === ctx.actor.id || isLead(ctx.actor.roles)) return null;
  return refuse(`Only G-${g.seq}'s owner or a lead can change it.`, `goal G-${g.seq}`, 'goal');
}

/** Reads a goal's fields against the team: its owner a member, its date readable. */
async function readFields(ctx: Context, f: GoalFields, example: string): Promise<{ owner?: MemberRow; due?: DueDate } | Refusal> {
  const out: { owner?: MemberRow; due?: DueDate } = {};
  if (f.ownerId) {
    const owner = await memberNamed(ctx, f.ownerId, "goal's owner");
    if (isRefusal(owner)) return owner;
    out.owner = owner;
  }
  if (f.when) {
    const d = dueOrRefusal(ctx, f.when, ctx.tz(out.owner ?? ctx.actor), example, 'goal');
    if (isRefusal(d)) return d;
    out.due = d;
  }
  return out;
}

const num = (n: number | null | undefined): string => (n === null || n === undefined ? '?' : showNumber(n));

/** "schools reporting: 9 → 11 → 14", the goal's measure from baseline through latest to target. */
export function measureLine(g: GoalRow, latest: ProgressRow | undefined): string | null {
  if (!g.measure) return null;
  const steps = [g.baseline !== null ? num(g.baseline) : 'no baseline', latest ? `${num(latest.value)}${latest.verifiedAt === null ? ' (unverified)' : ''}` : 'no data yet', g.target !== null ? num(g.target) : 'no target'];
  return `${g.measure}: ${steps.join(' → ')}`;
}

/** Where the latest data point came from: "last data Nov 30, 14:00 from SIS (unverified)". */
function lastDataLine(p: ProgressRow | undefined, tz: string): string | null {
  if (!p) return null;
  return `last data ${formatInstant(p.createdAt, tz)}${p.source ? ` from ${p.source}` : ''}${p.verifiedAt === null ? ' (unverified)' : ''}`;
}

const STATUS_WORD: Record<string, string> = { achieved: ' — achieved', dropped: ' — dropped' };

/** One goal as one line, wherever goals are listed. */
export async function goalSummary(ctx: Context, g: GoalRow, r: Roster, tagged?: number): Promise<Line> {
  const latest = await latestProgress(ctx.db, g.id);
  const tz = ctx.actorTz;
  const parts = [
    g.ownerId ? `owner ${r.get(g.ownerId)?.name ?? 'someone who left'}` : null,
    measureLine(g, latest),
    g.dueDate && g.dueTz ? `by ${formatDay(g.dueDate, ctx.now, g.dueTz)}` : null,
    lastDataLine(latest, tz),
    tagged ? `${tagged} item${tagged === 1 ? '' : 's'} tagged` : null,
  ].filter((x): x is string => x !== null);
  return line(bold(ref('goal', g.seq)), ' ', g.text, parts.length ? ` — ${parts.join(' · ')}` : null, STATUS_WORD[g.status] ?? null);
}

/**
 * Each measured open goal's progress since an instant: the value then (or its baseline) → the
 * latest, against the target. For the recap and the report; `movedOnly`: only goals with a data
 * point since then.
 */
export async function goalProgressLines(ctx: Context, since: number, opts: { movedOnly?: boolean } = {}): Promise<Line[]> {
  const out: Line[] = [];
  for (const g of await listGoals(ctx.db, ctx.team.id, { status: 'open' })) {
    if (!g.measure) continue;
    const before = await latestProgress(ctx.db, g.id, since);
    const fresh = await progressOf(ctx.db, g.id, { since });
    const latest = fresh[fresh.length - 1];
    const from = before?.value ?? g.baseline;
    const target = g.target !== null ? ` (target ${num(g.target)})` : '';
    if (!latest) {
      // A meeting's recap tells what moved in it; a goal without data there says nothing.
      if (opts.movedOnly) continue;
      out.push(line(bold(ref('goal', g.seq)), ` ${g.measure}: `, italic('no new data'), from !== null ? ` — still ${num(from)}` : null, target));
      continue;
    }
    const unverified = fresh.filter((p) => p.verifiedAt === null).length;
    const change = from !== null ? latest.value - from : null;
    out.push(
      line(
        bold(ref('goal', g.seq)),
        ` ${g.measure}: ${from !== null ? `${num(from)} → ` : ''}${num(latest.value)}`,
        change !== null ? ` (${change > 0 ? '+' : ''}${showNumber(change)})` : null,
        target,
        ` · ${fresh.length} data point${fresh.length === 1 ? '' : 's'}${unverified ? `, ${unverified} unverified` : ''}`,
      ),
    );
  }
  return out;
}

/** Every measured goal's trend over a window, for `report goals`: each data point in turn. */
export async function goalTrendLines(db: Db, teamId: number, now: number, tz: string, from: number): Promise<Line[]> {
  const out: Line[] = [];
  for (const g of await listGoals(db, teamId)) {
    if (!g.measure) continue;
    const before = await latestProgress(db, g.id, from);
    const points = await progressOf(db, g.id, { since: from });
    const start = before?.value ?? g.baseline;
    const steps = points.slice(-8).map((p) => `${formatDay(localDate(p.createdAt, tz), now, tz)}: ${num(p.value)}${p.verifiedAt === null ? ' (unverified)' : ''}`);
    const last = points[points.length - 1]?.value ?? start;
    let trend = '';
    if (start !== null && last !== null && points.length > 0) {
      const change = last - start;
      const toward = g.target !== null && g.baseline !== null && g.target !== g.baseline ? Math.round(((last - g.baseline) / (g.target - g.baseline)) * 100) : null;
      trend = ` · ${change === 0 ? 'no change' : `${change > 0 ? '↑' : '↓'} ${showNumber(Math.abs(change))}`}${toward !== null ? ` · ${toward}% of the way from baseline to target` : ''}`;
    }
    out.push(
      line(
        bold(ref('goal', g.seq)),
        ` ${g.text} — ${g.measure}: `,
        start !== null ? `${before ? 'was' : 'baseline'} ${num(start)}` : 'no baseline',
        steps.length ? ` · ${steps.join(' · ')}` : ' · no data in this period',
        g.target !== null ? ` · target ${num(g.target)}` : null,
        trend,
        STATUS_WORD[g.status] ?? null,
      ),
    );
  }
  return out;
}

/** The private message to the data owner: a data point to confirm, with its button. */
function askToConfirm(ctx: Context, g: GoalRow, p: ProgressRow, owner: MemberRow): void {
  const id = ref('goal', g.seq);
  ctx.dm(
    owner.userId,
    message([
      section(
        line(`${ctx.actor.name} recorded a data point for `, bold(id), ` in ${ctx.team.name}: `, bold(`${num(p.value)}`), ` (${g.measure})`, p.source ? ` from ${p.source}` : null, '.'),
        ...(p.note ? [line(p.note)] : []),
      ),
      context('It stays unverified until you, the data owner, confirm it.'),
      actions({ label: 'Confirm', actionId: CONFIRM_ACTION, value: JSON.stringify({ teamId: ctx.team.id, point: p.id }), style: 'primary' }),
    ]),
    { subject: { ref: id } },
  );
}

/** The data owner's Confirm button: the data point becomes verified. */
export async function confirmDataPoint(ctx: Context, value: string): Promise<Refusal | Form | void> {
  let pointId: number | undefined;
  try {
    const v = JSON.parse(value) as { point?: unknown };
    if (typeof v.point === 'number') pointId = v.point;
  } catch {
    /* answered below */
  }
  const p = pointId === undefined ? undefined : await findProgress(ctx.db, ctx.team.id, pointId);
  if (!p) return refuse('That data point is no longer here.', 'goals', 'progress');
  const g = await getGoal(ctx.db, p.goalId);
  const id = g ? ref('goal', g.seq) : 'the goal';
  if (!ctx.actor.roles.includes('data')) {
    const owner = await dataOwner(ctx);
    return refuse(`Only the team's data owner${owner ? ` (${owner.name})` : ''} confirms data points.`, owner ? undefined : 'role @someone data', 'role');
  }
  if (p.verifiedAt !== null) {
    ctx.reply(say(`That data point for ${id} is already confirmed.`));
    return;
  }
  await verifyProgress(ctx.db, p.id, ctx.actor.id, ctx.now);
  await ctx.audit('goal.progress.confirm', id, { value: p.value });
  ctx.reply(say('✔️ Confirmed: ', bold(id), ` ${num(p.value)}${p.source ? ` from ${p.source}` : ''}.`));
  const by = await getMember(ctx.db, p.recordedBy);
  if (by && by.id !== ctx.actor.id && by.status === 'active') ctx.dm(by.userId, say(`${ctx.actor.name} confirmed your data point for ${id}: ${num(p.value)}.`));
}

/** The fields of a goal, as lines of its announcement or its page. */
async function fieldLines(ctx: Context, g: GoalRow, r: Roster): Promise<Line[]> {
  const latest = await latestProgress(ctx.db, g.id);
  return [
    line('Owner: ', g.ownerId ? (r.get(g.ownerId)?.name ?? 'someone who left') : italic('not named')),
    line('Measure: ', measureLine(g, latest) ?? italic('none yet')),
    line('Due: ', g.dueDate && g.dueTz ? formatDay(g.dueDate, ctx.now, g.dueTz) : italic('no date')),
    ...(latest ? [line('Last data point: ', lastDataLine(latest, ctx.actorTz)!, ` — by ${r.get(latest.recordedBy)?.name ?? 'someone'}`)] : []),
  ];
}

export const goalHandlers: Handlers = {
  async goal(ctx, cmd) {
    const read = await readFields(ctx, cmd.fields, EXAMPLE);
    if (isRefusal(read)) return read;
    const seq = await nextSeq(ctx.db, ctx.team.id, 'G');
    const g = await insertGoal(ctx.db, {
      teamId: ctx.team.id,
      seq,
      text: cmd.text,
      measure: cmd.fields.measure ?? null,
      baseline: cmd.fields.baseline ?? null,
      target: cmd.fields.target ?? null,
      dueDate: read.due?.date ?? null,
      dueTz: read.due?.tz ?? null,
      dueAt: read.due?.dueAt ?? null,
      ownerId: read.owner?.id ?? null,
      createdBy: ctx.actor.id,
      ...ctx.provenance,
    });
    const id = ref('goal', seq);
    await ctx.audit('goal.create', id, { owner: read.owner?.userId ?? null, measure: g.measure, baseline: g.baseline, target: g.target, due: g.dueDate });
    const detail = [
      read.owner ? line('Owner: ', mention(read.owner)) : null,
      g.measure ? line('Measure: ', measureLine(g, undefined)!) : null,
      g.dueDate && g.dueTz ? line('Due: ', formatDay(g.dueDate, ctx.now, g.dueTz)) : null,
    ].filter((x): x is Line => x !== null);
    ctx.announce(message([section(line('🎯 ', bold(id), ' new goal: ', cmd.text, ` — added by ${ctx.actor.name}`), ...detail)]), { ref: id, summary: `${id} ${cmd.text}` });
  },

  async goals(ctx) {
    const all = await listGoals(ctx.db, ctx.team.id);
    const r = await roster(ctx.db, ctx.team.id);
    const counts = await taggedCounts(ctx.db, ctx.team.id);
    const lines: Line[] = [];
    for (const g of all) lines.push(await goalSummary(ctx, g, r, counts.get(g.seq)));
    ctx.reply(
      message([
        header(`${ctx.team.name}: goals`.slice(0, 150)),
        list(lines, { empty: 'No goals yet.' }),
        context('One goal in full: ', code(`${ctx.prefix}goal G-1`), ' · a data point: ', code(`${ctx.prefix}progress G-1 11 source attendance dashboard`), ' · tag an item: ', code(`${ctx.prefix}update Attendance dashboard live #G-1`)),
      ]),
    );
  },

  async 'goal.show'(ctx, cmd) {
    const g = await goalOf(ctx, cmd.seq);
    if (isRefusal(g)) return g;
    const r = await roster(ctx.db, ctx.team.id);
    const tz = ctx.actorTz;
    const tagged = await taggedWith(ctx.db, ctx.team.id, g.seq);
    const items: Line[] = [
      ...tagged.commitments.map((c) => commitmentLine(c, r, ctx.now)),
      ...tagged.blockers.map((b) => blockerLine(b, r, tz)),
      ...tagged.updates.map((u) => updateLine(u, r, tz)),
    ];
    const points = await progressOf(ctx.db, g.id);
    const blocks: Block[] = [
      header(`${ref('goal', g.seq)} ${g.text}`.slice(0, 150)),
      section(...await fieldLines(ctx, g, r), ...(g.status !== 'open' ? [line(`Status: ${g.status}`, g.closeNote ? ` — ${g.closeNote}` : null)] : [])),
      list(
        points.slice(-LIST_ROWS).reverse().map((p) => line(formatInstant(p.createdAt, tz), ': ', bold(num(p.value)), p.source ? ` from ${p.source}` : null, ` — ${r.get(p.recordedBy)?.name ?? 'someone'}`, p.verifiedAt === null ? ' (unverified)' : null, p.note ? ` · ${p.note}` : null)),
        { title: 'Data points', total: points.length, empty: g.measure ? 'None yet.' : 'No measure yet.' },
      ),
      list(items.slice(0, LIST_ROWS), { title: `Tagged #${ref('goal', g.seq)}`, total: items.length, empty: 'Nothing tagged yet.' }),
    ];
    ctx.reply(message(blocks));
  },

  async 'goal.edit'(ctx, cmd) {
    const g = await goalOf(ctx, cmd.seq);
    if (isRefusal(g)) return g;
    const denied = mayChangeGoal(ctx, g);
    if (denied) return denied;
    if (g.status !== 'open') return refuse(`G-${g.seq} is ${g.status}; it no longer changes.`, `goal G-${g.seq}`, 'goal');
    const read = await readFields(ctx, cmd.fields, `goal edit G-${g.seq} by June`);
    if (isRefusal(read)) return read;
    const patch: Parameters<typeof updateGoal>[2] = {};
    const said: string[] = [];
    const id = ref('goal', g.seq);
    const change = async (field: string, from: string | null, to: string) => {
      await recordEdit(ctx, id, field, from, to);
      said.push(`${field} ${from ?? 'none'} → ${to}`);
    };
    if (cmd.text !== undefined && cmd.text !== g.text) {
      patch.text = cmd.text;
      await recordEdit(ctx, id, 'text', g.text, cmd.text);
      said.push(`text was "${g.text}"`);
    }
    if (cmd.fields.measure !== undefined && cmd.fields.measure !== g.measure) {
      patch.measure = cmd.fields.measure;
      await change('measure', g.measure, cmd.fields.measure);
    }
    if (cmd.fields.baseline !== undefined && cmd.fields.baseline !== g.baseline) {
      patch.baseline = cmd.fields.baseline;
      await change('baseline', g.baseline === null ? null : num(g.baseline), num(cmd.fields.baseline));
    }
    if (cmd.fields.target !== undefined && cmd.fields.target !== g.target) {
      patch.target = cmd.fields.target;
      await change('target', g.target === null ? null : num(g.target), num(cmd.fields.target));
    }
    if (read.due && read.due.date !== g.dueDate) {
      Object.assign(patch, { dueDate: read.due.date, dueTz: read.due.tz, dueAt: read.due.dueAt });
      await change('due', g.dueDate && g.dueTz ? formatDay(g.dueDate, ctx.now, g.dueTz) : null, formatDay(read.due.date, ctx.now, read.due.tz));
    }
    if (read.owner && read.owner.id !== g.ownerId) {
      patch.ownerId = read.owner.id;
      const before = g.ownerId ? (await getMember(ctx.db, g.ownerId))?.name ?? null : null;
      await change('owner', before, read.owner.name);
    }
    if (said.length === 0) return refuse(`That is what ${id} already says.`, `goal ${id}`, 'goal');
    const after = await updateGoal(ctx.db, g.id, patch);
    await ctx.audit('goal.edit', id, { fields: Object.keys(patch) });
    ctx.announce(say('✏️ ', bold(id), ' edited', ` by ${ctx.actor.name}: `, after.text, ` — ${said.join('; ')}`), { ref: id, summary: `${id} ${after.text}` });
    // The goal's own post reads the new text, as after `edit G-n`.
    if (patch.text !== undefined) await editPosts(ctx, id, patch.text);
    if (read.owner && read.owner.id !== ctx.actor.id) ctx.dm(read.owner.userId, say(`${ctx.actor.name} made you the owner of ${id} in ${ctx.team.name}: ${after.text}`));
  },

  async 'goal.close'(ctx, cmd) {
    const g = await goalOf(ctx, cmd.seq);
    if (isRefusal(g)) return g;
    const denied = mayChangeGoal(ctx, g);
    if (denied) return denied;
    if (g.status !== 'open') return refuse(`G-${g.seq} is already ${g.status}.`, 'goals', 'goal');
    await updateGoal(ctx.db, g.id, { status: 'achieved', closedAt: ctx.now, closedBy: ctx.actor.id, closeNote: cmd.note ?? null });
    const id = ref('goal', g.seq);
    await ctx.audit('goal.close', id, cmd.note ? { note: cmd.note } : undefined);
    const m = measureLine(g, await latestProgress(ctx.db, g.id));
    ctx.announce(say('🏁 ', bold(id), ' achieved: ', g.text, m ? ` (${m})` : null, cmd.note ? ` — ${cmd.note}` : null, ` · closed by ${ctx.actor.name}`), { ref: id, summary: `${id} ${g.text}` });
  },

  async 'goal.drop'(ctx, cmd) {
    const g = await goalOf(ctx, cmd.seq);
    if (isRefusal(g)) return g;
    const denied = mayChangeGoal(ctx, g);
    if (denied) return denied;
    if (g.status !== 'open') return refuse(`G-${g.seq} is already ${g.status}.`, 'goals', 'goal');
    await updateGoal(ctx.db, g.id, { status: 'dropped', closedAt: ctx.now, closedBy: ctx.actor.id, closeNote: cmd.reason ?? null });
    const id = ref('goal', g.seq);
    await ctx.audit('goal.drop', id, cmd.reason ? { reason: cmd.reason } : undefined);
    ctx.announce(say('✖️ ', bold(id), ' dropped: ', g.text, cmd.reason ? ` — ${cmd.reason}` : null, ` · by ${ctx.actor.name}`), { ref: id, summary: `${id} ${g.text}` });
  },

  async progress(ctx, cmd) {
    const g = await goalOf(ctx, cmd.seq);
    if (isRefusal(g)) return g;
    const id = ref('goal', g.seq);
    if (g.status !== 'open') return refuse(`${id} is ${g.status}: it takes no more data points.`, `goal ${id}`, 'goal');
    if (!g.measure) return refuse(`${id} has no measure yet, so a number would mean nothing. Give it one first:`, `goal edit ${id} measure schools reporting weekly`, 'goal');
    const owner = await dataOwner(ctx);
    const verified = owner?.id === ctx.actor.id;
    const previous = await latestProgress(ctx.db, g.id);
    const p = await insertProgress(ctx.db, {
      goalId: g.id,
      teamId: ctx.team.id,
      value: cmd.value,
      source: cmd.source ?? null,
      note: cmd.note ?? null,
      recordedBy: ctx.actor.id,
      verifiedBy: verified ? ctx.actor.id : null,
      verifiedAt: verified ? ctx.now : null,
      ...ctx.provenance,
    });
    await ctx.audit('goal.progress', id, { value: cmd.value, source: cmd.source ?? null, verified });
    const was = previous?.value ?? g.baseline;
    ctx.announceRecord(
      say(
        '📈 ', bold(id), ` ${g.measure}: `, bold(num(cmd.value)),
        was !== null ? ` (was ${num(was)}${g.target !== null ? `; target ${num(g.target)}` : ''})` : g.target !== null ? ` (target ${num(g.target)})` : null,
        ` — ${ctx.actor.name}`, cmd.source ? `, from ${cmd.source}` : null, verified ? null : ', unverified', cmd.note ? ` · ${cmd.note}` : null,
      ),
      { ref: id, summary: `${id} ${g.text}` },
    );
    if (verified) return;
    if (owner) askToConfirm(ctx, g, p, owner);
    else ctx.reply(message([section(line('Nobody holds the data role in ', bold(ctx.team.name), ', so this data point stays unverified. A lead can name the data owner:')), context(code(`${ctx.prefix}role @someone data`))]));
  },
};
