// The tables of src/db/schema.ts for PostgreSQL (DATABASE_URL). drizzle has no schema that serves
// both dialects, so this is a second copy, held to the first by tests/db/parity.test.ts: same
// tables, columns, nullability, defaults and indexes. What each column means is documented there.
// Mapping: epoch milliseconds → bigint in number mode (they outgrow int4 in 1970), JSON → jsonb,
// booleans → boolean, autoincrement ids → serial, real → double precision (SQLite's real is 8 bytes;
// float4 would turn a measured 92.3 into 92.30000305).
import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, doublePrecision, index, integer, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

// Half a surrogate pair: what a cut in the middle of an emoji leaves.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const storable = (s: string) => s.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');

/**
 * JSON as jsonb. PostgreSQL refuses a jsonb value that holds a NUL or half a surrogate pair
 * (JSON.stringify writes a lone half as \ud83d), where SQLite's text keeps either; a reply that
 * quotes 40 characters of "𐀀𐀀…" would fail its whole transaction. So as a value is written, NUL
 * goes and a lone half becomes U+FFFD, as node-postgres already does for text columns.
 */
const jsonb = customType<{ data: unknown; driverData: string }>({
  dataType: () => 'jsonb',
  toDriver: (value) =>
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'string') return storable(v);
      if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => storable(k) !== k)) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [storable(k), x]));
      }
      return v;
    }),
});

/** Epoch milliseconds: int8 on disk, a JS number in code (exact up to 2^53 ms, year 287,396). */
const ms = (name: string) => bigint(name, { mode: 'number' });

/** Columns every person-made record carries: provenance for trust and for the audit. */
const provenance = {
  createdAt: ms('created_at').notNull(),
  platform: text('platform').notNull(),
  sourceUrl: text('source_url'),
  sourceMessageId: text('source_message_id'),
};

/** Who holds a row being worked on, and until when: a row whose lease ran out is anyone's again. */
const lease = {
  claimedBy: text('claimed_by'),
  leaseUntil: ms('lease_until'),
};

export const workspaces = pgTable(
  'workspaces',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name'),
    active: boolean('active').notNull().default(true),
    installedAt: ms('installed_at').notNull(),
    deactivatedAt: ms('deactivated_at'),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [uniqueIndex('workspaces_platform_external').on(t.platform, t.externalId)],
);

export const teams = pgTable(
  'teams',
  {
    id: serial('id').primaryKey(),
    workspaceId: integer('workspace_id').notNull().references(() => workspaces.id),
    channelId: text('channel_id').notNull(),
    name: text('name').notNull(),
    createdAt: ms('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    broadcastChannelId: text('broadcast_channel_id'),
    agreements: jsonb('agreements').$type<Record<string, unknown>>().notNull().default({}),
    lastRecapAt: ms('last_recap_at'),
  },
  (t) => [uniqueIndex('teams_workspace_channel').on(t.workspaceId, t.channelId)],
);

export const broadcastSettings = pgTable('broadcast_settings', {
  teamId: integer('team_id')
    .primaryKey()
    .references(() => teams.id),
  each: boolean('each').notNull().default(true),
  bulletinWeekday: integer('bulletin_weekday'),
  bulletinTime: text('bulletin_time'),
  bulletinZone: text('bulletin_zone'),
  bulletinCoveredUntil: ms('bulletin_covered_until'),
  updatedAt: ms('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => members.id),
});

export const members = pgTable(
  'members',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id').notNull().references(() => teams.id),
    userId: text('user_id').notNull(),
    altId: text('alt_id'),
    name: text('name').notNull(),
    tz: text('tz'),
    roles: jsonb('roles').$type<string[]>().notNull().default([]),
    status: text('status').notNull().default('active'),
    joinedAt: ms('joined_at').notNull(),
    leftAt: ms('left_at'),
  },
  (t) => [
    uniqueIndex('members_team_user').on(t.teamId, t.userId),
    index('members_user').on(t.userId),
    index('members_alt').on(t.altId),
  ],
);

export const counters = pgTable(
  'counters',
  {
    teamId: integer('team_id').notNull().references(() => teams.id),
    kind: text('kind').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.kind] })],
);

export const goals = pgTable(
  'goals',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    measure: text('measure'),
    baseline: doublePrecision('baseline'),
    target: doublePrecision('target'),
    dueDate: text('due_date'),
    dueTz: text('due_tz'),
    dueAt: ms('due_at'),
    ownerId: integer('owner_id').references(() => members.id),
    status: text('status').notNull().default('open'),
    closedAt: ms('closed_at'),
    closedBy: integer('closed_by').references(() => members.id),
    closeNote: text('close_note'),
    createdBy: integer('created_by').notNull().references(() => members.id),
    ...provenance,
  },
  (t) => [uniqueIndex('goals_team_seq').on(t.teamId, t.seq)],
);

export const goalProgress = pgTable(
  'goal_progress',
  {
    id: serial('id').primaryKey(),
    goalId: integer('goal_id').notNull().references(() => goals.id),
    teamId: integer('team_id').notNull().references(() => teams.id),
    value: doublePrecision('value').notNull(),
    source: text('source'),
    note: text('note'),
    recordedBy: integer('recorded_by').notNull().references(() => members.id),
    verifiedBy: integer('verified_by').references(() => members.id),
    verifiedAt: ms('verified_at'),
    ...provenance,
  },
  (t) => [index('goal_progress_goal_created').on(t.goalId, t.createdAt), index('goal_progress_team_created').on(t.teamId, t.createdAt)],
);

export const recordEdits = pgTable(
  'record_edits',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id').notNull().references(() => teams.id),
    ref: text('ref').notNull(),
    field: text('field').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    by: integer('by').notNull().references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [index('record_edits_team_ref').on(t.teamId, t.ref)],
);

export const updates = pgTable(
  'updates',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    goalSeq: integer('goal_seq'),
    droppedAt: ms('dropped_at'),
    droppedBy: integer('dropped_by').references(() => members.id),
    dropReason: text('drop_reason'),
    createdBy: integer('created_by').notNull().references(() => members.id),
    ...provenance,
  },
  (t) => [uniqueIndex('updates_team_seq').on(t.teamId, t.seq), index('updates_team_created').on(t.teamId, t.createdAt)],
);

export const commitments = pgTable(
  'commitments',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    ownerId: integer('owner_id').notNull().references(() => members.id),
    dueDate: text('due_date'),
    dueTz: text('due_tz'),
    dueAt: ms('due_at'),
    status: text('status').notNull().default('open'),
    goalSeq: integer('goal_seq'),
    slips: integer('slips').notNull().default(0),
    assignment: text('assignment'),
    closedAt: ms('closed_at'),
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

export const commitmentEvents = pgTable(
  'commitment_events',
  {
    id: serial('id').primaryKey(),
    commitmentId: integer('commitment_id').notNull().references(() => commitments.id),
    teamId: integer('team_id').notNull().references(() => teams.id),
    kind: text('kind').notNull(),
    fromDue: text('from_due'),
    toDue: text('to_due'),
    note: text('note'),
    by: integer('by').notNull().references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [index('commitment_events_commitment').on(t.commitmentId), index('commitment_events_team_kind_at').on(t.teamId, t.kind, t.at)],
);

export const blockers = pgTable(
  'blockers',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    raisedBy: integer('raised_by').notNull().references(() => members.id),
    unblockerId: integer('unblocker_id').references(() => members.id),
    status: text('status').notNull().default('open'),
    goalSeq: integer('goal_seq'),
    sourceChannelId: text('source_channel_id'),
    excerpt: text('excerpt'),
    resolvedAt: ms('resolved_at'),
    resolvedBy: integer('resolved_by').references(() => members.id),
    resolution: text('resolution'),
    droppedAt: ms('dropped_at'),
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

export const decisions = pgTable(
  'decisions',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    rationale: text('rationale'),
    executorId: integer('executor_id').references(() => members.id),
    dueDate: text('due_date'),
    dueTz: text('due_tz'),
    dueAt: ms('due_at'),
    origin: text('origin'),
    createdBy: integer('created_by').notNull().references(() => members.id),
    ...provenance,
    status: text('status').notNull().default('decided'),
    windowEndsAt: ms('window_ends_at'),
    decidedAt: ms('decided_at'),
    decidedBy: integer('decided_by').references(() => members.id),
    overObjection: boolean('over_objection').notNull().default(false),
    replacesSeq: integer('replaces_seq'),
    supersededBySeq: integer('superseded_by_seq'),
    broadcastTo: text('broadcast_to'),
    retractedAt: ms('retracted_at'),
    retractedBy: integer('retracted_by').references(() => members.id),
    retractReason: text('retract_reason'),
    doneAt: ms('done_at'),
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

export const decisionEvents = pgTable(
  'decision_events',
  {
    id: serial('id').primaryKey(),
    decisionId: integer('decision_id').notNull().references(() => decisions.id),
    teamId: integer('team_id').notNull().references(() => teams.id),
    kind: text('kind').notNull(),
    fromDue: text('from_due'),
    toDue: text('to_due'),
    by: integer('by').notNull().references(() => members.id),
    at: ms('at').notNull(),
  },
  (t) => [index('decision_events_team_kind_at').on(t.teamId, t.kind, t.at)],
);

export const decisionVotes = pgTable(
  'decision_votes',
  {
    id: serial('id').primaryKey(),
    decisionId: integer('decision_id').notNull().references(() => decisions.id),
    memberId: integer('member_id').notNull().references(() => members.id),
    vote: text('vote').notNull(),
    reason: text('reason'),
    at: ms('at').notNull(),
  },
  (t) => [uniqueIndex('decision_votes_decision_member').on(t.decisionId, t.memberId)],
);

export const audit = pgTable(
  'audit',
  {
    id: serial('id').primaryKey(),
    workspaceId: integer('workspace_id').notNull().references(() => workspaces.id),
    teamId: integer('team_id').references(() => teams.id),
    actor: text('actor').notNull(),
    platform: text('platform').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    at: ms('at').notNull(),
    sourceUrl: text('source_url'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_team_at').on(t.teamId, t.at)],
);

export const receipts = pgTable('receipts', {
  key: text('key').primaryKey(),
  at: ms('at').notNull(),
});

export const inbox = pgTable(
  'inbox',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    invocation: jsonb('invocation').$type<Record<string, unknown>>().notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    receivedAt: ms('received_at').notNull(),
    doneAt: ms('done_at'),
    ...lease,
  },
  (t) => [uniqueIndex('inbox_key').on(t.key), index('inbox_status_id').on(t.status, t.id)],
);

export const outbox = pgTable(
  'outbox',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    workspaceId: integer('workspace_id').notNull().references(() => workspaces.id),
    platform: text('platform').notNull(),
    destination: jsonb('destination').$type<Record<string, unknown>>().notNull(),
    destKey: text('dest_key').notNull(),
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    subject: jsonb('subject').$type<Record<string, unknown>>(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: ms('not_before').notNull(),
    lastError: text('last_error'),
    createdAt: ms('created_at').notNull(),
    sentAt: ms('sent_at'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    bulk: boolean('bulk').notNull().default(false),
    ...lease,
  },
  (t) => [
    uniqueIndex('outbox_key').on(t.key),
    index('outbox_status_not_before').on(t.status, t.notBefore),
    index('outbox_unsent').on(t.destKey, t.id).where(sql`status in ('pending', 'sending')`),
  ],
);

export const postedMessages = pgTable(
  'posted_messages',
  {
    id: serial('id').primaryKey(),
    workspaceId: integer('workspace_id').notNull().references(() => workspaces.id),
    platform: text('platform').notNull(),
    conversationId: text('conversation_id').notNull(),
    messageId: text('message_id').notNull(),
    outboxKey: text('outbox_key').notNull(),
    subject: jsonb('subject').$type<Record<string, unknown>>(),
    at: ms('at').notNull(),
  },
  (t) => [
    uniqueIndex('posted_messages_message').on(t.workspaceId, t.conversationId, t.messageId),
    index('posted_messages_outbox').on(t.outboxKey),
  ],
);

export const jobs = pgTable(
  'jobs',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    dueAt: ms('due_at').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').notNull().default('pending'),
    createdAt: ms('created_at').notNull(),
    doneAt: ms('done_at'),
    ...lease,
  },
  (t) => [uniqueIndex('jobs_key').on(t.key), index('jobs_status_due').on(t.status, t.dueAt)],
);

export const addresses = pgTable(
  'addresses',
  {
    platform: text('platform').notNull(),
    workspaceExternalId: text('workspace_external_id').notNull(),
    key: text('key').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.workspaceExternalId, t.key] })],
);

// ——— the weekly check-in ———

export const checkinSchedules = pgTable('checkin_schedules', {
  teamId: integer('team_id')
    .primaryKey()
    .references(() => teams.id),
  weekday: integer('weekday').notNull(),
  time: text('time').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  updatedAt: ms('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => members.id),
  weekdays: text('weekdays'),
  everyWeeks: integer('every_weeks').notNull().default(1),
  anchor: text('anchor'),
});

export const checkinRuns = pgTable(
  'checkin_runs',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    runKey: text('run_key').notNull(),
    kind: text('kind').notNull(),
    date: text('date').notNull(),
    status: text('status').notNull().default('open'),
    startedAt: ms('started_at').notNull(),
    startedBy: integer('started_by').references(() => members.id),
    digestAt: ms('digest_at'),
    digestPostedAt: ms('digest_posted_at'),
    questions: jsonb('questions').$type<unknown[]>(),
    pulse: boolean('pulse').notNull().default(false),
  },
  (t) => [uniqueIndex('checkin_runs_team_key').on(t.teamId, t.runKey), index('checkin_runs_team_started').on(t.teamId, t.startedAt)],
);

export const checkins = pgTable(
  'checkins',
  {
    id: serial('id').primaryKey(),
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
    dueAt: ms('due_at').notNull(),
    sentAt: ms('sent_at'),
    remindedAt: ms('reminded_at'),
    answeredAt: ms('answered_at'),
    answers: jsonb('answers').$type<Record<string, unknown>>(),
  },
  (t) => [
    uniqueIndex('checkins_run_member').on(t.runId, t.memberId),
    index('checkins_member_status').on(t.memberId, t.status),
    index('checkins_team_due').on(t.teamId, t.dueAt),
  ],
);

export const checkinPulses = pgTable(
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

export const meetingSchedules = pgTable('meeting_schedules', {
  teamId: integer('team_id')
    .primaryKey()
    .references(() => teams.id),
  weekday: integer('weekday').notNull(),
  time: text('time').notNull(),
  zone: text('zone').notNull(),
  everyWeeks: integer('every_weeks').notNull().default(1),
  minutes: integer('minutes').notNull().default(60),
  anchorDate: text('anchor_date').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  updatedAt: ms('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => members.id),
});

export const meetings = pgTable(
  'meetings',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id').notNull().references(() => teams.id),
    date: text('date').notNull(),
    startsAt: ms('starts_at').notNull(),
    endsAt: ms('ends_at').notNull(),
    status: text('status').notNull().default('scheduled'),
    agendaPostedAt: ms('agenda_posted_at'),
    recapDraftSentAt: ms('recap_draft_sent_at'),
    recapText: text('recap_text'),
    recapPostedAt: ms('recap_posted_at'),
    recapPostedBy: integer('recap_posted_by').references(() => members.id),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('meetings_team_date').on(t.teamId, t.date), index('meetings_team_starts').on(t.teamId, t.startsAt)],
);

export const agendaItems = pgTable(
  'agenda_items',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    source: text('source').notNull().default('added'),
    sourceRef: text('source_ref'),
    createdBy: integer('created_by').references(() => members.id),
    handledAt: ms('handled_at'),
    handledBy: integer('handled_by').references(() => members.id),
    handledNote: text('handled_note'),
    droppedAt: ms('dropped_at'),
    droppedBy: integer('dropped_by').references(() => members.id),
    ...provenance,
  },
  (t) => [uniqueIndex('agenda_items_team_seq').on(t.teamId, t.seq), index('agenda_items_team_created').on(t.teamId, t.createdAt)],
);

export const checkinQuestions = pgTable('checkin_questions', {
  teamId: integer('team_id')
    .primaryKey()
    .references(() => teams.id),
  questions: jsonb('questions').notNull().$type<unknown[]>(),
  updatedAt: ms('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => members.id),
});

export const checkinMembers = pgTable('checkin_members', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id),
  teamId: integer('team_id')
    .notNull()
    .references(() => teams.id),
  awayUntil: text('away_until'),
  awayTz: text('away_tz'),
  skipDate: text('skip_date'),
  updatedAt: ms('updated_at').notNull(),
});

// ——— de-escalation ———

export const disagreements = pgTable(
  'disagreements',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id').notNull().references(() => teams.id),
    seq: integer('seq').notNull(),
    topic: text('topic').notNull(),
    state: text('state').notNull(),
    stalled: text('stalled'),
    round: integer('round').notNull().default(1),
    parties: jsonb('parties').$type<number[]>().notNull(),
    facilitatorId: integer('facilitator_id').notNull().references(() => members.id),
    escalatedTo: integer('escalated_to').references(() => members.id),
    terms: jsonb('terms').$type<Record<string, unknown>>().notNull(),
    deadline: ms('deadline'),
    decisionSeq: integer('decision_seq'),
    decidedAt: ms('decided_at'),
    endedAt: ms('ended_at'),
    endReason: text('end_reason'),
    flaggedBy: integer('flagged_by').notNull().references(() => members.id),
    lineKey: text('line_key').notNull(),
    lineChannelId: text('line_channel_id').notNull(),
    sourceChannelId: text('source_channel_id'),
    ...provenance,
  },
  (t) => [uniqueIndex('disagreements_team_seq').on(t.teamId, t.seq), index('disagreements_team_state').on(t.teamId, t.state), index('disagreements_team_created').on(t.teamId, t.createdAt)],
);

export const disagreementEntries = pgTable(
  'disagreement_entries',
  {
    id: serial('id').primaryKey(),
    disagreementId: integer('disagreement_id').notNull().references(() => disagreements.id),
    round: integer('round').notNull(),
    kind: text('kind').notNull(),
    memberId: integer('member_id').notNull().references(() => members.id),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    at: ms('at').notNull(),
  },
  (t) => [uniqueIndex('disagreement_entries_one').on(t.disagreementId, t.round, t.kind, t.memberId)],
);

export const disagreementSteps = pgTable(
  'disagreement_steps',
  {
    id: serial('id').primaryKey(),
    disagreementId: integer('disagreement_id').notNull().references(() => disagreements.id),
    fromState: text('from_state').notNull(),
    toState: text('to_state').notNull(),
    event: text('event').notNull(),
    by: integer('by').references(() => members.id),
    round: integer('round').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [index('disagreement_steps_disagreement').on(t.disagreementId)],
);

// ——— the team's page ———

export const pageTokens = pgTable(
  'page_tokens',
  {
    id: serial('id').primaryKey(),
    hash: text('hash').notNull(),
    teamId: integer('team_id').notNull().references(() => teams.id),
    memberId: integer('member_id').notNull().references(() => members.id),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    revokedAt: ms('revoked_at'),
  },
  (t) => [uniqueIndex('page_tokens_hash').on(t.hash), index('page_tokens_team_member').on(t.teamId, t.memberId)],
);

// ——— several instances (Postgres only; see the top of this file) ———

/**
 * One sender per workspace: the instance named in `owner` delivers the workspace's outbox until
 * `until` (epoch ms) and renews it every few seconds; when it dies the lease runs out and another
 * instance takes it, so pacing and per-destination order stay one process's.
 */
export const workspaceLeases = pgTable('workspace_leases', {
  workspaceId: integer('workspace_id')
    .primaryKey()
    .references(() => workspaces.id),
  owner: text('owner').notNull(),
  until: ms('until').notNull(),
});

export const nudgeOptOuts = pgTable('nudge_opt_outs', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id),
  teamId: integer('team_id')
    .notNull()
    .references(() => teams.id),
  offAt: ms('off_at').notNull(),
});
export const teamCalendars = pgTable('team_calendars', {
  teamId: integer('team_id')
    .primaryKey()
    .references(() => teams.id),
  workweek: text('workweek').notNull(),
  updatedAt: ms('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => members.id),
});

export const calendarDays = pgTable(
  'calendar_days',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    reason: text('reason'),
    createdAt: ms('created_at').notNull(),
    createdBy: integer('created_by').references(() => members.id),
  },
  (t) => [index('calendar_days_team_end').on(t.teamId, t.endDate)],
);

export const quietSettings = pgTable('quiet_settings', {
  teamId: integer('team_id')
    .primaryKey()
    .references(() => teams.id),
  mode: text('mode').notNull(),
  updatedAt: ms('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => members.id),
});

export const quietHeld = pgTable(
  'quiet_held',
  {
    id: serial('id').primaryKey(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    ref: text('ref'),
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    heldAt: ms('held_at').notNull(),
    rolledAt: ms('rolled_at'),
  },
  (t) => [index('quiet_held_team_rolled').on(t.teamId, t.rolledAt)],
);
