// The recap owner's duty: when a meeting ends, the `recap` role holder (else the lead) gets a
// private draft of that meeting's recap — what was decided, committed, resolved and handled in
// its window, what carries forward, the goals that moved — with Post and Edit. The draft's text
// is kept on the meeting (recap_text) as sent and as edited, so Post puts in the channel exactly
// what its owner last saw. Sent once: the end's timer runs this in its own transaction, and the
// meeting's recap_draft_sent_at is set with it. Posted once: Post claims the meeting's
// recap_posted_at, and only the press that sets it posts.
import { openAgendaPage } from '../../db/agenda.js';
import { findMeeting, claimRecapPost, patchMeeting, getMeetingSchedule, type MeetingRow } from '../../db/meetings.js';
import { getMember, listMembers, type MemberRow } from '../../db/members.js';
import { meetingRecord } from '../../db/recaps.js';
import { updateTeam } from '../../db/teams.js';
import { type Context, type Refusal, isRefusal, refuse } from '../context.js';
import type { ActionHandler, FormHandler } from '../handlers.js';
import { formatInstant } from '../language/dates.js';
import { TEXT_LIMIT } from '../language/limits.js';
import { type Button, type Form, type Line, type Message, actions, bold, code, context, header, line, message, plainLine, say, section } from '../message.js';
import { goalProgressLines } from '../records/goals.js';
import { commitmentLine, decisionLine } from '../records/lines.js';
import { formatRunDate } from '../checkins/schedule.js';
import { roster } from '../team/membership.js';
import { isLead } from '../team/permissions.js';

export const RECAP_ACTION = { post: 'recap.post', edit: 'recap.edit' } as const;
export const RECAP_FORM = 'recap.edit';

/** Rows of each part the draft lists before "… and N more": a meeting's recap is read, not searched. */
const DRAFT_ROWS = 8;
/** One line of the draft at most this long: one long record must not crowd out the rest. */
const LINE_LIMIT = 240;

/** The part titles of a draft; shown bold when the text is posted. */
export const DRAFT_PARTS = ['Decided', 'Committed', 'Resolved', 'Handled on the agenda', 'Carried forward to the next meeting', 'Goals that moved'] as const;

const NOTHING = 'Nothing was decided, committed or resolved in this meeting.';

interface Part {
  title: string;
  lines: string[];
  total: number;
}

const clip = (s: string) => (s.length > LINE_LIMIT ? `${s.slice(0, LINE_LIMIT - 1)}…` : s);

/**
 * The parts as text within the limit of a record's text (so the Edit form can hold all of it):
 * while too long, the part showing the most lines shows one fewer and says how many more.
 */
function fit(parts: Part[], limit: number): string {
  const shown = parts.map((p) => p.lines.length);
  const render = () =>
    parts
      .flatMap((p, i) => {
        if (p.total === 0) return [];
        const more = p.total - shown[i]!;
        return [p.title, ...p.lines.slice(0, shown[i]).map((l) => `• ${l}`), ...(more > 0 ? [`• … and ${more} more`] : [])];
      })
      .join('\n');
  for (;;) {
    const text = render();
    if (text.length <= limit) return text;
    let most = 0;
    for (let i = 1; i < shown.length; i++) if (shown[i]! > shown[most]!) most = i;
    if (shown[most] === 0) return text.slice(0, limit);
    shown[most] = shown[most]! - 1;
  }
}

/** The draft of a meeting's recap, as text its owner can edit. */
export async function draftText(ctx: Context, m: MeetingRow): Promise<string> {
  const teamId = ctx.team.id;
  const r = await roster(ctx.db, teamId);
  const rec = await meetingRecord(ctx.db, teamId, m.startsAt, m.endsAt, DRAFT_ROWS);
  const open = await openAgendaPage(ctx.db, teamId, DRAFT_ROWS);
  const goals = await goalProgressLines(ctx, m.startsAt, { movedOnly: true });
  const [decided, committed, resolved, handled, carried, moved] = DRAFT_PARTS;
  const parts: Part[] = [
    { title: decided, lines: rec.decided.rows.map((d) => clip(plainLine(decisionLine(d, r, ctx.now)))), total: rec.decided.total },
    { title: committed, lines: rec.committed.rows.map((c) => clip(plainLine(commitmentLine(c, r, ctx.now)))), total: rec.committed.total },
    { title: resolved, lines: rec.resolved.rows.map((b) => clip(`E-${b.seq} ${b.text}${b.resolution ? ` — ${b.resolution}` : ''}`)), total: rec.resolved.total },
    { title: handled, lines: rec.handled.rows.map((a) => clip(`A-${a.seq} ${a.text}${a.handledNote ? ` — ${a.handledNote}` : ''}`)), total: rec.handled.total },
    { title: carried, lines: open.rows.map((a) => clip(`A-${a.seq} ${a.text}`)), total: open.total },
    { title: moved, lines: goals.slice(0, DRAFT_ROWS).map((g) => clip(plainLine(g))), total: goals.length },
  ];
  const recorded = parts.slice(0, 4).some((p) => p.total > 0);
  const body = fit(parts, TEXT_LIMIT - NOTHING.length - 1);
  return recorded ? body : [NOTHING, body].filter(Boolean).join('\n');
}

/** The text as lines of a message: each part's title bold, every line literal. */
function textLines(text: string): Line[] {
  const titles = new Set<string>(DRAFT_PARTS);
  return text.split('\n').map((l) => (titles.has(l.trim()) ? line(bold(l.trim())) : line(l)));
}

/** Who writes the recap: the `recap` role holder, else the first lead. */
async function recapOwner(ctx: Context): Promise<{ member: MemberRow; asLead: boolean } | undefined> {
  const members = await listMembers(ctx.db, ctx.team.id);
  const owner = members.find((m) => m.roles.includes('recap'));
  if (owner) return { member: owner, asLead: false };
  const lead = members.find((m) => m.roles.includes('lead'));
  return lead ? { member: lead, asLead: true } : undefined;
}

const valueOf = (ctx: Context, m: MeetingRow) => JSON.stringify({ teamId: ctx.team.id, meetingId: m.id });

function draftButtons(ctx: Context, m: MeetingRow): Button[] {
  const value = valueOf(ctx, m);
  return [
    { label: 'Post', actionId: RECAP_ACTION.post, value, style: 'primary' },
    { label: 'Edit', actionId: RECAP_ACTION.edit, value, opensForm: true },
  ];
}

function draftMessage(ctx: Context, m: MeetingRow, text: string, intro: Line[]): Message {
  return message([
    header(`Recap draft: ${ctx.team.name}, ${formatRunDate(m.date)}`.slice(0, 150)),
    section(...intro),
    section(...textLines(text)),
    actions(...draftButtons(ctx, m)),
    context('Post puts it in the team\'s channel, once. ', code(`${ctx.prefix}role @someone recap`), ' makes someone else the recap owner.'),
  ]);
}

/** The meeting's end (its timer, in the timer's transaction): the draft to the recap owner, once. */
export async function meetingEnded(ctx: Context, meetingId: number): Promise<void> {
  const m = await findMeeting(ctx.db, ctx.team.id, meetingId);
  if (!m || m.status !== 'held' || m.recapDraftSentAt !== null || !ctx.workspace.active) return;
  const owner = await recapOwner(ctx);
  if (!owner) return;
  const text = await draftText(ctx, m);
  await patchMeeting(ctx.db, m.id, { recapDraftSentAt: ctx.now, recapText: text });
  const why = owner.asLead ? 'The team has no recap owner, so it comes to you as lead.' : 'It comes to you as the recap owner.';
  ctx.dm(
    owner.member.userId,
    draftMessage(ctx, m, text, [line('📝 The meeting of ', bold(formatRunDate(m.date)), ` has ended. Here is a draft of its recap; nobody else sees it until you post it. ${why}`)]),
    // A stable key: a draft Slack or Teams received just before a crash is found, not sent again.
    { key: `meeting:recap:${ctx.team.id}:${m.date}`, subject: { kind: 'meeting', meetingId: m.id, summary: `Recap draft of ${formatRunDate(m.date)}` } },
  );
}

// ——— the buttons and the form ———

function readValue(value: string): { teamId?: unknown; meetingId?: unknown } | null {
  try {
    const v: unknown = JSON.parse(value);
    return typeof v === 'object' && v !== null ? (v as { teamId?: unknown; meetingId?: unknown }) : null;
  } catch {
    return null;
  }
}

/** The meeting a button or form names, with a draft to act on, if the caller may act on it. */
async function draftOf(ctx: Context, value: string): Promise<MeetingRow | Refusal> {
  const v = readValue(value);
  if (!v || v.teamId !== ctx.team.id || typeof v.meetingId !== 'number') return refuse('That button is no longer valid.', 'recap', 'recap');
  const m = await findMeeting(ctx.db, ctx.team.id, v.meetingId);
  if (!m || m.recapDraftSentAt === null) return refuse('That meeting has no recap draft.', 'recap', 'recap');
  if (!ctx.actor.roles.includes('recap') && !isLead(ctx.actor.roles)) return refuse(`Only the recap owner or a lead of ${ctx.team.name} can post or edit the meeting's recap.`, 'recap', 'recap');
  return m;
}

async function alreadyPosted(ctx: Context, m: MeetingRow): Promise<Message> {
  const by = m.recapPostedBy !== null ? await getMember(ctx.db, m.recapPostedBy) : undefined;
  const who = by ? (by.id === ctx.actor.id ? 'you' : by.name) : 'someone';
  return say(`The recap of the meeting of ${formatRunDate(m.date)} was already posted by ${who}`, m.recapPostedAt !== null ? ` (${formatInstant(m.recapPostedAt, ctx.actorTz)})` : '', '. It is in the team\'s channel.');
}

const postButton: ActionHandler = async (ctx, value) => {
  const m = await draftOf(ctx, value);
  if (isRefusal(m)) return m;
  // Only the press that claims it posts: the second (or one from another device) is told who did.
  if (m.recapPostedAt !== null || !(await claimRecapPost(ctx.db, m.id, ctx.now, ctx.actor.id))) {
    const now = (await findMeeting(ctx.db, ctx.team.id, m.id)) ?? m;
    ctx.reply(await alreadyPosted(ctx, now));
    return;
  }
  const text = m.recapText ?? (await draftText(ctx, m));
  const zone = (await getMeetingSchedule(ctx.db, ctx.team.id))?.zone ?? ctx.defaultTz;
  ctx.post(
    message([
      header(`Recap — ${ctx.team.name}, meeting of ${formatRunDate(m.date)}`.slice(0, 150)),
      section(...textLines(text)),
      context(`Posted by ${ctx.actor.name} · the meeting of ${formatInstant(m.startsAt, zone)} to ${formatInstant(m.endsAt, zone)} (${zone}). `, code(`${ctx.prefix}recap`), ' shows everything since.'),
    ]),
    { kind: 'recap', meetingId: m.id, summary: `Recap of the meeting of ${formatRunDate(m.date)}` },
  );
  await updateTeam(ctx.db, ctx.team.id, { lastRecapAt: ctx.now });
  await ctx.audit('recap.post', m.date);
  ctx.reply(say('✅ The recap of the meeting of ', bold(formatRunDate(m.date)), ' is posted in the team\'s channel.'));
};

/** "Edit": the draft's text in a form, built again when it comes back so its answer is checked against it. */
const editForm: ActionHandler = async (ctx, value): Promise<Form | Refusal> => {
  const m = await draftOf(ctx, value);
  if (isRefusal(m)) return m;
  if (m.recapPostedAt !== null) return refuse(`${(await alreadyPosted(ctx, m)).text} It is not edited after that.`);
  return {
    formId: RECAP_FORM,
    state: valueOf(ctx, m),
    title: 'Edit the recap',
    submitLabel: 'Save',
    intro: line('The recap of the meeting of ', bold(formatRunDate(m.date)), '. Post puts this text in the team\'s channel.'),
    fields: [{ type: 'text', id: 'text', label: 'Recap', multiline: true, initial: m.recapText ?? '', maxLength: TEXT_LIMIT }],
  };
};

const submitEdit: FormHandler = async (ctx, state, values) => {
  const m = await draftOf(ctx, state);
  if (isRefusal(m)) return m;
  if (m.recapPostedAt !== null) return refuse(`${(await alreadyPosted(ctx, m)).text} Your edit was not kept.`);
  // Trailing spaces and blank lines at the ends are not what a person meant to post.
  const text = (values.text ?? '').split('\n').map((l) => l.trimEnd()).join('\n').trim();
  if (!text) return { text: 'A recap cannot be empty: write what the meeting decided, committed and resolved, or close this to keep the draft as it was.' };
  await patchMeeting(ctx.db, m.id, { recapText: text });
  await ctx.audit('recap.edit', m.date);
  ctx.reply(draftMessage(ctx, m, text, [line('✏️ Saved. This is what ', bold('Post'), ' puts in the team\'s channel:')]));
};

export const recapActions: Record<string, ActionHandler> = { [RECAP_ACTION.post]: postButton, [RECAP_ACTION.edit]: editForm };
export const recapForms: Record<string, FormHandler> = { [RECAP_FORM]: submitEdit };
export const recapFormBuilders: Record<string, ActionHandler> = { [RECAP_FORM]: editForm };
