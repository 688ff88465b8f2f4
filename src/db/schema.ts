// The tables. Times are epoch milliseconds (UTC instants); local due dates are ISO dates
// (YYYY-MM-DD) with the time zone they were read in. Each record that people create keeps who
// made it, when, from which platform and the link to its source message.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Columns every person-made record carries: provenance for trust and for the audit. */
const provenance = {
  createdAt: integer('created_at').notNull(),
  platform: text('platform').notNull(),
  sourceUrl: text('source_url'),
  sourceMessageId: text('source_message_id'),
};

export const workspaces = sqliteTable(
  'workspaces',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').notNull(),
    /** Slack: enterprise id for org-wide installs, else team id. Teams: tenant id. Console: "console". */
    externalId: text('external_id').notNull(),
    name: text('name'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    installedAt: integer('installed_at').notNull(),
    deactivatedAt: integer('deactivated_at'),
    /** Adapter-owned settings, e.g. the last Teams serviceUrl seen for the tenant. */
    settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  },
  (t) => [uniqueIndex('workspaces_platform_external').on(t.platform, t.externalId)],
);

export const teams = sqliteTable(
  'teams',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: integer('workspace_id').notNull().references(() => workspaces.id),
    channelId: text('channel_id').notNull(),
    name: text('name').notNull(),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    broadcastChannelId: text('broadcast_channel_id'),
    /** The conflict protocol and per-team settings; validated by core/agreements.ts. */
    agreements: text('agreements', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    lastRecapAt: integer('last_recap_at'),
  },
  (t) => [uniqueIndex('teams_workspace_channel').on(t.workspaceId, t.channelId)],
);

/**
 * How a team's decided decisions reach the wider staff in its broadcast channel: each one as it is
 * decided (`each`, on by default), and a weekly staff bulletin of the week's decisions at a local
 * time (`bulletin_*`, in `bulletin_zone`; no weekday: no bulletin). No row: each on, no bulletin.
 */
export const broadcastSettings = sqliteTable('broadcast_settings', {
  teamId: integer('team_id')
    .primaryKey()
    .references(() => teams.id),
  each: integer('each', { mode: 'boolean' }).notNull().default(true),
  /** 1 = Monday … 7 = Sunday; null: no bulletin. */
  bulletinWeekday: integer('bulletin_weekday'),
  /** HH:MM, 24 h, in `bulletin_zone`. */
  bulletinTime: text('bulletin_time'),
  bulletinZone: text('bulletin_zone'),
  /** Where the last bulletin's week ended (epoch ms): the next one starts there, so nothing is told twice or missed. */
  bulletinCoveredUntil: integer('bulletin_covered_until'),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => members.id),
});

export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').notNull().references(() => teams.id),
    /** The platform's id for messaging this person (Slack U…/W…, Teams 29:…, console name). */
    userId: text('user_id').notNull(),
    /** A second stable id where the platform has one (Teams AAD object id). */
    altId: text('alt_id'),
    name: text('name').notNull(),
    tz: text('tz'),
    roles: text('roles', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** active, or left (left the channel) / removed (by a lead): kept for history. */
    status: text('status').notNull().default('active'),
    joinedAt: integer('joined_at').notNull(),
    leftAt: integer('left_at'),
  },
  (t) => [
    uniqueIndex('members_team_user').on(t.teamId, t.userId),
    index('members_user').on(t.userId),
    index('members_alt').on(t.altId),
  ],
);

/** Per-team short-id counters: the last number handed out for each kind (G, U, C, E, D, R). */
export const counters = sqliteTable(
  'counters',
  {
    teamId: integer('team_id').notNull().references(() => teams.id),
    kind: text('kind').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.kind] })],
);

export const goals = sqliteTable(
  'goals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    /** What is measured ("attendance rate, %"), and where it starts and should get to. */
    measure: text('measure'),
    baseline: real('baseline'),
    target: real('target'),
    /** The due day in the owner's zone, like a commitment's. */
    dueDate: text('due_date'),
    dueTz: text('due_tz'),
    dueAt: integer('due_at'),
    ownerId: integer('owner_id').references(() => members.id),
    /** open → achieved (`goal close`) or dropped (`goal drop`). */
    status: text('status').notNull().default('open'),
    closedAt: integer('closed_at'),
    closedBy: integer('closed_by').references(() => members.id),
    closeNote: text('close_note'),
    createdBy: integer('created_by').notNull().references(() => members.id),
    ...provenance,
  },
  (t) => [uniqueIndex('goals_team_seq').on(t.teamId, t.seq)],
);

/**
 * A goal's data points: a value of its measure, who gave it, when, from where. A point given by
 * anyone but the team's `data` role holder stays unverified until the data owner confirms it.
 */
export const goalProgress = sqliteTable(
  'goal_progress',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    goalId: integer('goal_id').notNull().references(() => goals.id),
    teamId: integer('team_id').notNull().references(() => teams.id),
    value: real('value').notNull(),
    source: text('source'),
    note: text('note'),
    recordedBy: integer('recorded_by').notNull().references(() => members.id),
    verifiedBy: integer('verified_by').references(() => members.id),
    verifiedAt: integer('verified_at'),
    ...provenance,
  },
  (t) => [index('goal_progress_goal_created').on(t.goalId, t.createdAt), index('goal_progress_team_created').on(t.teamId, t.createdAt)],
);

/** Corrections: each edit of a record's text, with the text it replaced. Append-only. */
export const recordEdits = sqliteTable(
  'record_edits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').notNull().references(() => teams.id),
    /** The record's short id, e.g. "C-12". */
    ref: text('ref').notNull(),
    field: text('field').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    by: integer('by').notNull().references(() => members.id),
    at: integer('at').notNull(),
  },
  (t) => [index('record_edits_team_ref').on(t.teamId, t.ref)],
);

export const updates = sqliteTable(
  'updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    goalSeq: integer('goal_seq'),
    /** Withdrawn as a mistake (`drop U-n`): kept in the history, left out of recaps and numbers. */
    droppedAt: integer('dropped_at'),
    droppedBy: integer('dropped_by').references(() => members.id),
    dropReason: text('drop_reason'),
    createdBy: integer('created_by').notNull().references(() => members.id),
    ...provenance,
  },
  (t) => [uniqueIndex('updates_team_seq').on(t.teamId, t.seq), index('updates_team_created').on(t.teamId, t.createdAt)],
);

export const commitments = sqliteTable(
  'commitments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    ownerId: integer('owner_id').notNull().references(() => members.id),
    /** The due day in the owner's zone (YYYY-MM-DD), or null while no date is set. */
    dueDate: text('due_date'),
    dueTz: text('due_tz'),
    /** The instant the due day ends in that zone: overdue after it. */
    dueAt: integer('due_at'),
    status: text('status').notNull().default('open'),
    goalSeq: integer('goal_seq'),
    slips: integer('slips').notNull().default(0),
    /**
     * Made by someone else for the owner (`commit … @x`): pending until the owner accepts it
     * (accepted) or declines it (declined, and the commitment is dropped). Null: their own.
     */
    assignment: text('assignment'),
    closedAt: integer('closed_at'),
    closedBy: integer('closed_by').references(() => members.id),
    closeNote: text('close_note'),
    createdBy: integer('created_by').notNull().references(() => members.id),
    ...provenance,
  },
  (t) => [
    uniqueIndex('commitments_team_seq').on(t.teamId, t.seq),
    index('commitments_team_status_due').on(t.teamId, t.status, t.dueAt),
    index('commitments_team_closed').on(t.teamId, t.closedAt),
    index('commitments_team_due').on(t.teamId, t.dueAt),
    index('commitments_owner_status').on(t.ownerId, t.status),
  ],
);

/** A commitment's history: created, moved (a slip, from → to), done, dropped. */
export const commitmentEvents = sqliteTable(
  'commitment_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    commitmentId: integer('commitment_id').notNull().references(() => commitments.id),
    teamId: integer('team_id').notNull().references(() => teams.id),
    kind: text('kind').notNull(),
    fromDue: text('from_due'),
    toDue: text('to_due'),
    note: text('note'),
    by: integer('by').notNull().references(() => members.id),
    at: integer('at').notNull(),
  },
  (t) => [index('commitment_events_commitment').on(t.commitmentId), index('commitment_events_team_kind_at').on(t.teamId, t.kind, t.at)],
);

export const blockers = sqliteTable(
  'blockers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    raisedBy: integer('raised_by').notNull().references(() => members.id),
    unblockerId: integer('unblocker_id').references(() => members.id),
    status: text('status').notNull().default('open'),
    goalSeq: integer('goal_seq'),
    /** For a blocker flagged from a message: its channel and an excerpt of it. */
    sourceChannelId: text('source_channel_id'),
    excerpt: text('excerpt'),
    resolvedAt: integer('resolved_at'),
    resolvedBy: integer('resolved_by').references(() => members.id),
    resolution: text('resolution'),
    /** Withdrawn as a mistake (`drop E-n`; status `dropped`): kept, left out of recaps and numbers. */
    droppedAt: integer('dropped_at'),
    droppedBy: integer('dropped_by').references(() => members.id),
    dropReason: text('drop_reason'),
    ...provenance,
  },
  (t) => [
    uniqueIndex('blockers_team_seq').on(t.teamId, t.seq),
    index('blockers_team_status').on(t.teamId, t.status),
    index('blockers_team_resolved').on(t.teamId, t.resolvedAt),
  ],
);

export const decisions = sqliteTable(
  'decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    rationale: text('rationale'),
    executorId: integer('executor_id').references(() => members.id),
    dueDate: text('due_date'),
    dueTz: text('due_tz'),
    dueAt: integer('due_at'),
    /** What the decision came from, e.g. "R-3" for a de-escalation. */
    origin: text('origin'),
    createdBy: integer('created_by').notNull().references(() => members.id),
    ...provenance,
    /** proposed → decided (→ superseded by a later one) or retracted; a proposal can also lapse (rejected). */
    status: text('status').notNull().default('decided'),
    /** When a proposal under a window rule is settled by the clock (epoch ms). */
    windowEndsAt: integer('window_ends_at'),
    decidedAt: integer('decided_at'),
    decidedBy: integer('decided_by').references(() => members.id),
    /** A lead decided while a member's objection stood: the record says so. */
    overObjection: integer('over_objection', { mode: 'boolean' }).notNull().default(false),
    replacesSeq: integer('replaces_seq'),
    supersededBySeq: integer('superseded_by_seq'),
    /** The staff channel it was announced in, so a retraction reaches the same place. */
    broadcastTo: text('broadcast_to'),
    retractedAt: integer('retracted_at'),
    retractedBy: integer('retracted_by').references(() => members.id),
    retractReason: text('retract_reason'),
    /** The execution: done (with a note) or moved (a later date is a slip). */
    doneAt: integer('done_at'),
    doneBy: integer('done_by').references(() => members.id),
    doneNote: text('done_note'),
    slips: integer('slips').notNull().default(0),
  },
  (t) => [
    uniqueIndex('decisions_team_seq').on(t.teamId, t.seq),
    index('decisions_team_created').on(t.teamId, t.createdAt),
    // The recap's window and the staff bulletin's week read decisions by when they were decided.
    index('decisions_team_decided').on(t.teamId, t.decidedAt),
    index('decisions_executor_status').on(t.executorId, t.status),
  ],
);

/** A decision's execution dates: each move (a slip when later, see dateChange), like commitment_events. */
export const decisionEvents = sqliteTable(
  'decision_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id').notNull().references(() => decisions.id),
    teamId: integer('team_id').notNull().references(() => teams.id),
    kind: text('kind').notNull(),
    fromDue: text('from_due'),
    toDue: text('to_due'),
    by: integer('by').notNull().references(() => members.id),
    at: integer('at').notNull(),
  },
  (t) => [index('decision_events_team_kind_at').on(t.teamId, t.kind, t.at)],
);

/** Answers to a proposal: one per member, the latest standing (agree, or object with a reason). */
export const decisionVotes = sqliteTable(
  'decision_votes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id').notNull().references(() => decisions.id),
    memberId: integer('member_id').notNull().references(() => members.id),
    vote: text('vote').notNull(),
    reason: text('reason'),
    at: integer('at').notNull(),
  },
  (t) => [uniqueIndex('decision_votes_decision_member').on(t.decisionId, t.memberId)],
);

/** Who did what, when, from which platform and source message. Append-only. */
export const audit = sqliteTable(
  'audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: integer('workspace_id').notNull().references(() => workspaces.id),
    teamId: integer('team_id').references(() => teams.id),
    actor: text('actor').notNull(),
    platform: text('platform').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    at: integer('at').notNull(),
    sourceUrl: text('source_url'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_team_at').on(t.teamId, t.at)],
);

/** Deliveries already handled (Slack event_id, a slash command's trigger_id, a Teams activity id). */
export const receipts = sqliteTable('receipts', {
  key: text('key').primaryKey(),
  at: integer('at').notNull(),
});

/**
 * What people asked, written before the platform is acknowledged and worked through after:
 * an acknowledged command is never lost, even if the process dies before it is done.
 */
export const inbox = sqliteTable(
  'inbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The delivery's id (trigger_id, event_id, activity id): a second delivery is not accepted. */
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    invocation: text('invocation', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** pending → done, or failed after its last attempt. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    receivedAt: integer('received_at').notNull(),
    doneAt: integer('done_at'),
    /**
     * Who is working on it and until when (epoch ms): another holder (a second instance, or this
     * one after a restart) takes it only once the lease has run out.
     */
    claimedBy: text('claimed_by'),
    leaseUntil: integer('lease_until'),
  },
  (t) => [uniqueIndex('inbox_key').on(t.key), index('inbox_status_id').on(t.status, t.id)],
);

/**
 * Every message Baton sends, written in the same transaction as the records it reports on and
 * delivered afterwards by the dispatcher: nothing is sent that was not recorded, nothing twice.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Idempotency key: a second enqueue with the same key is ignored. */
    key: text('key').notNull(),
    workspaceId: integer('workspace_id').notNull().references(() => workspaces.id),
    platform: text('platform').notNull(),
    destination: text('destination', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** The destination as one string: messages to one place go out in order. */
    destKey: text('dest_key').notNull(),
    message: text('message', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** What the message is about (e.g. a team and an item id), remembered with the posted message. */
    subject: text('subject', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** pending → sending → sent, or failed after the last attempt. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: integer('not_before').notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    /** The platform's reference to the posted message (Slack channel + ts, Teams activity id). */
    result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
    /**
     * Made by a timer or a command's fan-out (a check-in to everyone, reminders): sent after what
     * a person just did, which goes first. Rows from before this column are not bulk.
     */
    bulk: integer('bulk', { mode: 'boolean' }).notNull().default(false),
    /**
     * Who is working on it and until when (epoch ms): another holder (a second instance, or this
     * one after a restart) takes it only once the lease has run out.
     */
    claimedBy: text('claimed_by'),
    leaseUntil: integer('lease_until'),
  },
  (t) => [
    uniqueIndex('outbox_key').on(t.key),
    index('outbox_status_not_before').on(t.status, t.notBefore),
    // What is still to send, per destination in order: "is anything earlier still unsent here?"
    // is one index probe. Partial, so the history of everything sent is never walked.
    index('outbox_unsent').on(t.destKey, t.id).where(sql`status in ('pending', 'sending')`),
  ],
);

/** Messages Baton posted, by platform message id: reactions on them find what they were about. */
export const postedMessages = sqliteTable(
  'posted_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: integer('workspace_id').notNull().references(() => workspaces.id),
    platform: text('platform').notNull(),
    conversationId: text('conversation_id').notNull(),
    messageId: text('message_id').notNull(),
    outboxKey: text('outbox_key').notNull(),
    subject: text('subject', { mode: 'json' }).$type<Record<string, unknown>>(),
    at: integer('at').notNull(),
  },
  (t) => [
    uniqueIndex('posted_messages_message').on(t.workspaceId, t.conversationId, t.messageId),
    index('posted_messages_outbox').on(t.outboxKey),
  ],
);

/**
 * Timers that must survive restarts: check-in sends and reminders, digests, time boxes,
 * follow-ups. The scheduler fires each due job once.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    dueAt: integer('due_at').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** pending → done, cancelled or failed. */
    status: text('status').notNull().default('pending'),
    createdAt: integer('created_at').notNull(),
    doneAt: integer('done_at'),
    /**
     * Who is working on it and until when (epoch ms): another holder (a second instance, or this
     * one after a restart) takes it only once the lease has run out.
     */
    claimedBy: text('claimed_by'),
    leaseUntil: integer('lease_until'),
  },
  (t) => [uniqueIndex('jobs_key').on(t.key), index('jobs_status_due').on(t.status, t.dueAt)],
);

/**
 * Where a platform can reach a person or a conversation (a Teams conversation reference, a
 * Slack DM channel id), kept for adapters through the core's address book.
 */
export const addresses = sqliteTable(
  'addresses',
  {
    platform: text('platform').notNull(),
    workspaceExternalId: text('workspace_external_id').notNull(),
    key: text('key').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.workspaceExternalId, t.key] })],
);

// ——— the weekly check-in ———

/**
 * Each team's weekly check-in: a weekday and a local time, kept in each member's own zone. A
 * team without a row has the default (Monday 08:30, on); `checkin off` keeps a row, switched off.
 */
export const checkinSchedules = sqliteTable('checkin_schedules', {
  teamId: integer('team_id')
    .primaryKey()
    .references(() => teams.id),
  /** 1 = Monday … 7 = Sunday: the first of `weekdays` (rows from before several days were kept). */
  weekday: integer('weekday').notNull(),
  /** HH:MM, 24 h, local to each member. */
  time: text('time').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => members.id),
  /** Every weekday of the schedule, e.g. "1,4" (Monday and Thursday); null: `weekday` alone. */
  weekdays: text('weekdays'),
  /** Every N weeks (1 = weekly). */
  everyWeeks: integer('every_weeks').notNull().default(1),
  /** The Monday (YYYY-MM-DD) of a week the schedule runs: every-N-weeks counts from it. */
  anchor: text('anchor'),
});

/**
 * One check-in of one team: a scheduled week (`run_key` is its local date, e.g. 2026-11-30) or a
 * lead's `checkin now` (`now-<epoch ms>`). open → done (a newer run superseded it); missed when
 * Baton was down past the grace period for everyone in it.
 */
export const checkinRuns = sqliteTable(
  'checkin_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    runKey: text('run_key').notNull(),
    kind: text('kind').notNull(),
    /** The local date the run was scheduled for (scheduled runs), else the day it started. */
    date: text('date').notNull(),
    status: text('status').notNull().default('open'),
    startedAt: integer('started_at').notNull(),
    startedBy: integer('started_by').references(() => members.id),
    /** When the digest is posted if not everyone has answered by then. */
    digestAt: integer('digest_at'),
    digestPostedAt: integer('digest_posted_at'),
    /** The questions the run was sent with (null: a run from before teams chose them — the defaults). */
    questions: text('questions', { mode: 'json' }).$type<unknown[]>(),
    /** Whether the run asked the optional 1–5 pulse (the team's setting when it started). */
    pulse: integer('pulse', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('checkin_runs_team_key').on(t.teamId, t.runKey), index('checkin_runs_team_started').on(t.teamId, t.startedAt)],
);

/**
 * One member's check-in in one run: pending (their local time has not come) → sent → answered;
 * or skipped (they skipped the week), away, missed (Baton was down past the grace period), left.
 * `answers` keeps what they said, as the digest shows it.
 */
export const checkins = sqliteTable(
  'checkins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id')
      .notNull()
      .references(() => checkinRuns.id),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    status: text('status').notNull().default('pending'),
    /** The member's local check-in time, as an instant. */
    dueAt: integer('due_at').notNull(),
    sentAt: integer('sent_at'),
    remindedAt: integer('reminded_at'),
    answeredAt: integer('answered_at'),
    answers: text('answers', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [
    uniqueIndex('checkins_run_member').on(t.runId, t.memberId),
    index('checkins_member_status').on(t.memberId, t.status),
    index('checkins_team_due').on(t.teamId, t.dueAt),
  ],
);

/**
 * Pulse answers (1–5), one per check-in that gave one, kept apart from `checkins.answers` (which
 * the digest, `list checkins` and the export read person by person). Keyed by the check-in so a
 * member can change theirs until the digest; the core reads them back only as a run's aggregate
 * (db/pulse.ts), never one by one.
 */
export const checkinPulses = sqliteTable(
  'checkin_pulses',
  {
    checkinId: integer('checkin_id')
      .primaryKey()
      .references(() => checkins.id),
    runId: integer('run_id')
      .notNull()
      .references(() => checkinRuns.id),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    score: integer('score').notNull(),
  },
  (t) => [index('checkin_pulses_run').on(t.runId)],
);

/**
 * The team's regular meeting (`meeting schedule …`), in the team's time zone (`zone`: the lead's
 * when the schedule was set, else BATON_TIMEZONE). `anchor_date` is the local date of the first
 * meeting, from which "every N weeks" counts.
 */
export const meetingSchedules = sqliteTable('meeting_schedules', {
  teamId: integer('team_id')
    .primaryKey()
    .references(() => teams.id),
  /** 1 = Monday … 7 = Sunday. */
  weekday: integer('weekday').notNull(),
  /** HH:MM, 24 h, in `zone`. */
  time: text('time').notNull(),
  zone: text('zone').notNull(),
  everyWeeks: integer('every_weeks').notNull().default(1),
  minutes: integer('minutes').notNull().default(60),
  anchorDate: text('anchor_date').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => members.id),
});

/**
 * One occurrence of the team's meeting: its local date and its window (start and end instants).
 * What is recorded inside the window is the meeting's; the recap draft goes to the recap owner
 * after `ends_at`. The `*_at` columns say what was done for it, once.
 */
export const meetings = sqliteTable(
  'meetings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').notNull().references(() => teams.id),
    /** The local date (YYYY-MM-DD, in the schedule's zone) of the meeting. */
    date: text('date').notNull(),
    startsAt: integer('starts_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    /** scheduled → held (its end passed) or skipped (a non-working day) or cancelled (`meeting off`). */
    status: text('status').notNull().default('scheduled'),
    agendaPostedAt: integer('agenda_posted_at'),
    recapDraftSentAt: integer('recap_draft_sent_at'),
    /** The recap's text: the draft as sent to its owner, then as they edited it; what Post posts. */
    recapText: text('recap_text'),
    recapPostedAt: integer('recap_posted_at'),
    recapPostedBy: integer('recap_posted_by').references(() => members.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('meetings_team_date').on(t.teamId, t.date), index('meetings_team_starts').on(t.teamId, t.startsAt)],
);

/**
 * Agenda items (A-n) of the team's meeting: added by hand (`agenda add`) or from a check-in's
 * "anything to decide together" answer (`source` = 'checkin', `source_ref` = the checkin's id).
 * An item carries forward from meeting to meeting until it is handled (`agenda done`) or dropped.
 */
export const agendaItems = sqliteTable(
  'agenda_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    source: text('source').notNull().default('added'),
    sourceRef: text('source_ref'),
    createdBy: integer('created_by').references(() => members.id),
    handledAt: integer('handled_at'),
    handledBy: integer('handled_by').references(() => members.id),
    handledNote: text('handled_note'),
    droppedAt: integer('dropped_at'),
    droppedBy: integer('dropped_by').references(() => members.id),
    ...provenance,
  },
  (t) => [uniqueIndex('agenda_items_team_seq').on(t.teamId, t.seq), index('agenda_items_team_created').on(t.teamId, t.createdAt)],
);

/**
 * The team's own check-in questions, in order (`checkin question add|drop|move`). A team without a
 * row asks the default ones; each run keeps a copy of the questions it was sent with.
 */
export const checkinQuestions = sqliteTable('checkin_questions', {
  teamId: integer('team_id')
    .primaryKey()
    .references(() => teams.id),
  questions: text('questions', { mode: 'json' }).notNull().$type<unknown[]>(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => members.id),
});

/** A member's own check-in settings: away until a date, or skipping one scheduled week. */
export const checkinMembers = sqliteTable('checkin_members', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id),
  teamId: integer('team_id')
    .notNull()
    .references(() => teams.id),
  /** No check-in before this local date (YYYY-MM-DD), read in `away_tz`. */
  awayUntil: text('away_until'),
  awayTz: text('away_tz'),
  /** The scheduled run (its local date) they skip. */
  skipDate: text('skip_date'),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * De-escalation flows (R-n): one row per disagreement, its state in the flow's state machine
 * (core/deescalation/machine.ts), the terms it runs under (taken from the agreements when it was
 * flagged), and where its neutral channel line was posted.
 */
export const disagreements = sqliteTable(
  'disagreements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    topic: text('topic').notNull(),
    state: text('state').notNull(),
    /** The step whose time box ran out, while the state is `escalated`. */
    stalled: text('stalled'),
    /** 1, then one more each time the flow reopens at common ground. */
    round: integer('round').notNull().default(1),
    /** Member ids of the parties. */
    parties: text('parties', { mode: 'json' }).$type<number[]>().notNull(),
    facilitatorId: integer('facilitator_id').notNull().references(() => members.id),
    /** Who the last time box that ran out went to. */
    escalatedTo: integer('escalated_to').references(() => members.id),
    /** Decision rule and durations, from the agreements in force when it was flagged. */
    terms: text('terms', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** When the current step is due (or the next one starts); null when nothing is timed. */
    deadline: integer('deadline'),
    decisionSeq: integer('decision_seq'),
    decidedAt: integer('decided_at'),
    endedAt: integer('ended_at'),
    /** Why it ended without a decision holding: withdrawn, party-left, no-facilitator. */
    endReason: text('end_reason'),
    flaggedBy: integer('flagged_by').notNull().references(() => members.id),
    /** The outbox key of the channel's neutral line: later versions edit that post. */
    lineKey: text('line_key').notNull(),
    lineChannelId: text('line_channel_id').notNull(),
    /** For a flow started by a reaction: the message it is about. */
    sourceChannelId: text('source_channel_id'),
    ...provenance,
  },
  (t) => [uniqueIndex('disagreements_team_seq').on(t.teamId, t.seq), index('disagreements_team_state').on(t.teamId, t.state), index('disagreements_team_created').on(t.teamId, t.createdAt)],
);

/**
 * What people wrote privately in a flow: views (kind `view`), the facilitator's summary and
 * options (`options`), answers to options (`answer`), follow-up answers (`followup`), the
 * facilitator's decision (`decision`). Views and notes are shown only to their author and the
 * facilitator.
 */
export const disagreementEntries = sqliteTable(
  'disagreement_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    disagreementId: integer('disagreement_id').notNull().references(() => disagreements.id),
    round: integer('round').notNull(),
    kind: text('kind').notNull(),
    memberId: integer('member_id').notNull().references(() => members.id),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    at: integer('at').notNull(),
  },
  (t) => [uniqueIndex('disagreement_entries_one').on(t.disagreementId, t.round, t.kind, t.memberId)],
);

/** A flow's neutral history: each step it moved to, on which event, by whom, when. */
export const disagreementSteps = sqliteTable(
  'disagreement_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    disagreementId: integer('disagreement_id').notNull().references(() => disagreements.id),
    fromState: text('from_state').notNull(),
    toState: text('to_state').notNull(),
    event: text('event').notNull(),
    by: integer('by').references(() => members.id),
    round: integer('round').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('disagreement_steps_disagreement').on(t.disagreementId)],
);

/**
 * Links to the team's page (`dashboard`): the sha256 of a random token, never the token itself,
 * bound to one team and the member it was issued to. A link works until it expires or is revoked,
 * and only while that member is still in the team.
 */
export const pageTokens = sqliteTable(
  'page_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    hash: text('hash').notNull(),
    teamId: integer('team_id').notNull().references(() => teams.id),
    memberId: integer('member_id').notNull().references(() => members.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('page_tokens_hash').on(t.hash), index('page_tokens_team_member').on(t.teamId, t.memberId)],
);

/**
 * Who turned their own nudges off (`nudges off`): a row per member while off, removed by
 * `nudges on`. Absent, the default: nudged.
 */
export const nudgeOptOuts = sqliteTable('nudge_opt_outs', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id),
  teamId: integer('team_id')
    .notNull()
    .references(() => teams.id),
  offAt: integer('off_at').notNull(),
});
/**
 * Which instance delivers a workspace's outbox, until when: one sender per workspace, so pacing,
 * 429 pauses and per-destination order stay one process's. The holder renews it every few
 * seconds; when it dies the lease runs out and another instance takes it over. With one process
 * (SQLite) it is always that process's.
 */
export const workspaceLeases = sqliteTable('workspace_leases', {
  workspaceId: integer('workspace_id')
    .primaryKey()
    .references(() => workspaces.id),
  owner: text('owner').notNull(),
  until: integer('until').notNull(),
});
// ——— the team calendar ———

/** A team's work week: ISO weekdays as "1,2,3,4,5". A team without a row works Monday to Friday. */
export const teamCalendars = sqliteTable('team_calendars', {
  teamId: integer('team_id')
    .primaryKey()
    .references(() => teams.id),
  workweek: text('workweek').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => members.id),
});

/**
 * A team's non-working days (a break, a holiday, a PD day): team dates from `start_date` to
 * `end_date` inclusive (YYYY-MM-DD). `calendar on <date>` splits a range around that day.
 */
export const calendarDays = sqliteTable(
  'calendar_days',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    reason: text('reason'),
    createdAt: integer('created_at').notNull(),
    createdBy: integer('created_by').references(() => members.id),
  },
  (t) => [index('calendar_days_team_end').on(t.teamId, t.endDate)],
);

// ——— quiet channels ———

/** How a team's channel hears of its records (`quiet thread|digest`); a team without a row: `off`, each record on its own. */
export const quietSettings = sqliteTable('quiet_settings', {
  teamId: integer('team_id')
    .primaryKey()
    .references(() => teams.id),
  /** off, thread or digest. */
  mode: text('mode').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => members.id),
});

/**
 * A record's channel post held back under `quiet digest`, until the team's daily roll-up lists
 * it (`rolled_at`). `ref` is the record's id (U-3), so a correction made before the roll-up reads in it.
 */
export const quietHeld = sqliteTable(
  'quiet_held',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    ref: text('ref'),
    message: text('message', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    heldAt: integer('held_at').notNull(),
    rolledAt: integer('rolled_at'),
  },
  (t) => [index('quiet_held_team_rolled').on(t.teamId, t.rolledAt)],
);
