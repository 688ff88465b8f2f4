// The team's conflict protocol, agreed in advance, and the per-team reaction settings that go
// with it: defaults, validation of every value, and how it reads to people.
import { z } from 'zod';
import { updateTeam } from '../../db/teams.js';
import { isRefusal, refuse } from '../context.js';
import { DAY, HOUR, formatDuration, readDuration } from '../language/dates.js';
import type { Handlers } from '../handlers.js';
import { escalationTarget, pickFacilitator } from '../deescalation/people.js';
import { memberNamed } from '../records/lookup.js';
import { roster } from './membership.js';
import { planNextMeeting } from '../meeting/run.js';
import { bold, channelRef, code, context, fields, header, line, message, say, section } from '../message.js';
import { getBroadcastSettings } from '../../db/bulletin.js';
import { describeBroadcast } from '../bulletin/commands.js';

export const DECISION_RULES = ['consensus', 'lead-decides-after-input', 'majority'] as const;
/** How a `decide` becomes a decision (`decide-rule`); distinct from `rule`, which closes a disagreement. */
export const DECIDE_RULES = ['lead', 'consent', 'majority'] as const;
export type DecideRule = (typeof DECIDE_RULES)[number];
/** The reactions Teams delivers to a bot (on the bot's own messages only). */
export const TEAMS_REACTIONS = ['like', 'heart', 'laugh', 'surprised', 'sad', 'angry'] as const;

const emoji = z
  .string()
  .regex(/^[a-z0-9_+\-']{1,64}$/, 'an emoji name like rotating_light');

export const agreementsSchema = z.object({
  /** "lead", or the user id of the member who facilitates. */
  facilitator: z.string().default('lead'),
  cooldownMs: z.number().int().min(0).max(14 * DAY).default(0),
  timeboxMs: z.number().int().min(HOUR).max(30 * DAY).default(48 * HOUR),
  /** "lead" (the next lead when the lead is a party), or the user id of an escalation contact. */
  escalation: z.string().default('lead'),
  rule: z.enum(DECISION_RULES).default('consensus'),
  followupMs: z.number().int().min(0).max(90 * DAY).default(7 * DAY),
  blockerEmoji: emoji.default('rotating_light'),
  disagreeEmoji: emoji.default('scales'),
  teamsBlockerReaction: z.enum(TEAMS_REACTIONS).default('surprised'),
  decideRule: z.enum(DECIDE_RULES).default('lead'),
  /** How long a proposal stays open under `consent` or `majority`. */
  decideWindowMs: z.number().int().min(HOUR).max(365 * DAY).default(24 * HOUR),
  /** Working days a blocker stays open before the person who can unblock it (else the lead) is nudged; 0: never. */
  blockerNudgeDays: z.number().int().min(0).max(30).default(3),
  /** How long before the meeting its agenda is posted in the channel. */
  agendaBeforeMs: z.number().int().min(0).max(7 * DAY).default(24 * HOUR),
  /** Whether each check-in asks the optional 1–5 pulse (`checkin pulse on|off`, not `agreements set`). */
  pulse: z.boolean().default(false),
});

export type Agreements = z.infer<typeof agreementsSchema>;

export const DEFAULT_AGREEMENTS: Agreements = agreementsSchema.parse({});

/** A team's stored agreements, with defaults for anything missing or no longer valid. */
export function readAgreements(stored: unknown): Agreements {
  const parsed = agreementsSchema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  // Keep each valid value; fall back per key for the rest.
  const out: Record<string, unknown> = {};
  const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  for (const key of Object.keys(agreementsSchema.shape) as (keyof Agreements)[]) {
    const one = agreementsSchema.shape[key].safeParse(raw[key]);
    if (one.success) out[key] = one.data;
  }
  return agreementsSchema.parse(out);
}

/** The keys people type in `agreements set <key> <value>`, and what each means. */
export const AGREEMENT_KEYS = {
  facilitator: 'who facilitates: `lead` or @someone',
  cooldown: 'a pause before views are asked: `none`, `2h`, `1d`',
  timebox: 'time for each step before it escalates: `48h`, `3d`',
  escalation: 'who a stalled step goes to: `lead` or @someone',
  rule: `how an option becomes a decision: ${DECISION_RULES.join(', ')}`,
  followup: 'when parties are asked if the agreement holds: `7d`, `none`',
  'blocker-emoji': 'the reaction that flags a blocker (Slack): `rotating_light`',
  'disagree-emoji': 'the reaction that starts the flow (Slack): `scales`',
  'teams-reaction': `the reaction on Baton's posts that flags a blocker (Teams): ${TEAMS_REACTIONS.join(', ')}`,
  'decide-rule': 'how `decide` becomes a decision: `lead`, `consent 24h`, `majority 48h`',
  'blocker-nudge': 'working days a blocker stays open before whoever can unblock it is nudged: `3d`, `none`',
  'agenda-before': 'how long before the meeting its agenda is posted: `24h`, `2h`, `none` (at the start)',
} as const;
export type AgreementKey = keyof typeof AGREEMENT_KEYS;

export type AgreementChange = { ok: true; patch: Partial<Agreements> } | { ok: false; error: string; hint: string };

/**
 * Reads `agreements set <key> <value>`. People (facilitator, escalation) arrive as a user id
 * already resolved from a mention; the caller checks they are members.
 */
export function readAgreementChange(key: string, value: string, mentionedUserId: string | undefined): AgreementChange {
  const v = value.trim();
  const bad = (what: string, example: string): AgreementChange => ({ ok: false, error: `${key} takes ${what}.`, hint: `agreements set ${key} ${example}` });
  switch (key) {
    case 'facilitator':
    case 'escalation': {
      if (v.toLowerCase() === 'lead') return { ok: true, patch: { [key]: 'lead' } };
      if (mentionedUserId) return { ok: true, patch: { [key]: mentionedUserId } };
      return bad('`lead` or a person mentioned with @', '@maria');
    }
    case 'cooldown':
    case 'timebox':
    case 'followup': {
      const ms = readDuration(v);
      const field = key === 'cooldown' ? 'cooldownMs' : key === 'timebox' ? 'timeboxMs' : 'followupMs';
      const example = key === 'timebox' ? '48h' : key === 'followup' ? '7d' : '1d';
      if (ms === null) return bad('a duration like 2h, 3d or 1w', example);
      const checked = agreementsSchema.shape[field].safeParse(ms);
      if (!checked.success) {
        const range = key === 'timebox' ? 'between 1h and 30d' : key === 'cooldown' ? 'at most 14d' : 'at most 90d';
        return bad(`a duration ${range}`, example);
      }
      return { ok: true, patch: { [field]: checked.data } };
    }
    case 'rule': {
      const r = z.enum(DECISION_RULES).safeParse(v.toLowerCase());
      return r.success ? { ok: true, patch: { rule: r.data } } : bad(`one of ${DECISION_RULES.join(', ')}`, 'consensus');
    }
    case 'blocker-emoji':
    case 'disagree-emoji': {
      const name = v.replace(/^:|:$/g, '').toLowerCase();
      const r = emoji.safeParse(name);
      if (!r.success) return bad('an emoji name', key === 'blocker-emoji' ? 'rotating_light' : 'scales');
      return { ok: true, patch: key === 'blocker-emoji' ? { blockerEmoji: r.data } : { disagreeEmoji: r.data } };
    }
    case 'teams-reaction': {
      const r = z.enum(TEAMS_REACTIONS).safeParse(v.toLowerCase());
      return r.success ? { ok: true, patch: { teamsBlockerReaction: r.data } } : bad(`one of ${TEAMS_REACTIONS.join(', ')}`, 'surprised');
    }
    case 'decide-rule': {
      const [word, ...restWords] = v.toLowerCase().split(/\s+/);
      const rule = z.enum(DECIDE_RULES).safeParse(word);
      if (!rule.success) return bad('`lead`, `consent <window>` or `majority <window>`', 'consent 24h');
      const windowText = restWords.join(' ');
      if (rule.data === 'lead') {
        if (windowText) return bad('no window with `lead` (a lead confirms each proposal)', 'lead');
        return { ok: true, patch: { decideRule: 'lead' } };
      }
      if (!windowText) return { ok: true, patch: { decideRule: rule.data, decideWindowMs: 24 * HOUR } };
      const ms = readDuration(windowText);
      if (ms === null) return bad('a window like 24h, 3d or 1w after the rule', `${rule.data} 24h`);
      const checked = agreementsSchema.shape.decideWindowMs.safeParse(ms);
      if (!checked.success) return bad('a window between 1h and a year', `${rule.data} 48h`);
      return { ok: true, patch: { decideRule: rule.data, decideWindowMs: checked.data } };
    }
    case 'blocker-nudge': {
      // Working days, not a span of hours: "2d" means the second working day after it was raised.
      const m = /^(\d{1,3})\s*(?:d|days?|working days?)?$/.exec(v.toLowerCase());
      const days = m ? Number(m[1]) : readDuration(v) === 0 ? 0 : null;
      if (days === null) return bad('a number of working days like 2d or 3d, or none', '3d');
      const checked = agreementsSchema.shape.blockerNudgeDays.safeParse(days);
      if (!checked.success) return bad('at most 30 working days (or none)', '3d');
      return { ok: true, patch: { blockerNudgeDays: checked.data } };
    }
    case 'agenda-before': {
      const ms = readDuration(v);
      if (ms === null) return bad('a duration like 2h or 1d, or `none`', '24h');
      const checked = agreementsSchema.shape.agendaBeforeMs.safeParse(ms);
      if (!checked.success) return bad('a duration of at most 7d', '24h');
      return { ok: true, patch: { agendaBeforeMs: checked.data } };
    }
    default:
      return { ok: false, error: `There is no agreement "${key.slice(0, 40)}". The keys are ${Object.keys(AGREEMENT_KEYS).join(', ')}.`, hint: 'agreements set timebox 48h' };
  }
}

/** The agreements as rows of (label, value) for display; people given by a name lookup. */
export async function describeAgreements(a: Agreements, nameOf: (userId: string) => Promise<string>): Promise<{ label: string; value: string }[]> {
  const who = async (v: string, lead: string) => (v === 'lead' ? lead : `@${await nameOf(v)}`);
  return [
    { label: 'Facilitator', value: await who(a.facilitator, 'the lead (another lead when the lead is a party)') },
    { label: 'Cool-down', value: a.cooldownMs ? formatDuration(a.cooldownMs) : 'none' },
    { label: 'Time box per step', value: formatDuration(a.timeboxMs) },
    { label: 'Escalation', value: await who(a.escalation, 'the lead (another lead when the lead is a party)') },
    { label: 'Decision rule', value: a.rule },
    { label: 'Decide rule', value: describeDecideRule(a) },
    { label: 'Follow-up after', value: a.followupMs ? formatDuration(a.followupMs) : 'none' },
    { label: 'Blocker reaction', value: `:${a.blockerEmoji}: (Slack) · ${a.teamsBlockerReaction} on Baton's posts (Teams)` },
    { label: 'Disagreement reaction', value: `:${a.disagreeEmoji}: (Slack)` },
    { label: 'Blocker nudge', value: a.blockerNudgeDays ? `after ${a.blockerNudgeDays} working day${a.blockerNudgeDays === 1 ? '' : 's'} open` : 'none' },
    { label: 'Agenda posted', value: a.agendaBeforeMs ? `${formatDuration(a.agendaBeforeMs)} before the meeting` : 'when the meeting starts' },
  ];
}

/** "lead", "consent within 24h": how a `decide` becomes a decision here. */
export function describeDecideRule(a: Agreements): string {
  if (a.decideRule === 'lead') return "lead (a lead's decide is decided at once; anyone else's is a proposal a lead confirms)";
  const w = formatDuration(a.decideWindowMs);
  return a.decideRule === 'consent'
    ? `consent ${w} (decided when every member agrees, or after ${w} with no objection)`
    : `majority ${w} (decided when more than half agree, or after ${w} if more agree than object)`;
}

// ——— the commands ———

export const agreementHandlers: Handlers = {
  async agreements(ctx) {
    const a = readAgreements(ctx.team.agreements);
    const r = await roster(ctx.db, ctx.team.id);
    // Who each rule names when no lead is a party: with the defaults, both are the first lead.
    const facilitator = await pickFacilitator(ctx.db, ctx.team.id, a, []);
    const escalates = facilitator ? await escalationTarget(ctx.db, ctx.team.id, a, [], facilitator.id) : null;
    const same = facilitator && escalates?.id === facilitator.id ? facilitator : null;
    ctx.reply(
      message([
        header(`${ctx.team.name}: how we handle disagreement`.slice(0, 150)),
        section(line('Agreed in advance, run by Baton when someone types ', code(`${ctx.prefix}disagree`), '.')),
        fields(
          ...(await describeAgreements(a, async (id) => ctx.nameOf(id, r))).map((d) => ({ label: d.label, value: line(d.value) })),
          // Set with `broadcast …`, shown here with the team's other settings.
          { label: 'Staff broadcast', value: line(ctx.team.broadcastChannelId ? channelRef(ctx.team.broadcastChannelId) : 'no broadcast channel', ': ', describeBroadcast(await getBroadcastSettings(ctx.db, ctx.team.id))) },
        ),
        ...(same ? [section(line(`The facilitator and the escalation contact are the same person (${same.name}): a step that waits on ${same.name} goes to another lead, and with none, stays with ${same.name}. To have someone else take it: `, code(`${ctx.prefix}agreements set escalation @someone`)))] : []),
        context('A lead changes one with ', code(`${ctx.prefix}agreements set <key> <value>`), ` — keys: ${Object.keys(AGREEMENT_KEYS).join(', ')}.`),
      ]),
    );
  },

  async 'agreements.set'(ctx, cmd) {
    const mentioned = /<@([^>|\s]+)/.exec(cmd.value)?.[1];
    const change = readAgreementChange(cmd.key, cmd.value, mentioned);
    if (!change.ok) return refuse(change.error, change.hint, 'agreements');
    for (const who of ['facilitator', 'escalation'] as const) {
      const id = change.patch[who];
      if (id && id !== 'lead') {
        const m = await memberNamed(ctx, id, who);
        if (isRefusal(m)) return m;
        change.patch[who] = m.userId;
      }
    }
    const next = { ...readAgreements(ctx.team.agreements), ...change.patch };
    await updateTeam(ctx.db, ctx.team.id, { agreements: next });
    // The next meeting's agenda timer moves with the new lead time.
    if (cmd.key === 'agenda-before') await planNextMeeting(ctx.db, ctx.team.id, ctx.now);
    await ctx.audit('agreements.set', cmd.key, { value: Object.values(change.patch)[0] ?? null });
    const row = (await describeAgreements(next, async (id) => ctx.nameOf(id, await roster(ctx.db, ctx.team.id)))).find((d) => d.label.toLowerCase().startsWith(LABEL_OF[cmd.key as AgreementKey] ?? '§'));
    ctx.announce(say(`${ctx.actor.name} changed the team's agreements: `, bold(row ? `${row.label}: ${row.value}` : cmd.key), '.'));
  },
};

const LABEL_OF: Record<AgreementKey, string> = {
  facilitator: 'facilitator',
  cooldown: 'cool-down',
  timebox: 'time box',
  escalation: 'escalation',
  rule: 'decision rule',
  followup: 'follow-up',
  'blocker-emoji': 'blocker reaction',
  'disagree-emoji': 'disagreement reaction',
  'teams-reaction': 'blocker reaction',
  'decide-rule': 'decide rule',
  'blocker-nudge': 'blocker nudge',
  'agenda-before': 'agenda posted',
};
