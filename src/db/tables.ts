// The tables of the engine in use, for the query code in src/db: SQLite's (schema.ts) unless the
// process opened PostgreSQL (schema.pg.ts), chosen once when the store opens (useEngine). The
// query code is written once against these bindings and typed as SQLite's tables: schema.pg.ts
// mirrors schema.ts column for column, with the same JS types (integer milliseconds as bigint in
// number mode, booleans as boolean, JSON as jsonb; tests/db/parity.test.ts holds them to it), so
// one type-check covers both. The casts that say so are here and nowhere else.
//
// Why bindings rather than a `tables(db)` lookup in every query: drizzle has no schema serving
// both dialects, and one process runs one engine (the app opens one store; each test file runs in
// its own process). ESM exports are live, so every importer sees the switch. Query files import
// tables from here, never from ./schema.js (tests/db/tables.test.ts checks both).
import * as lite from './schema.js';
// Only the type: Postgres's tables are loaded by the Postgres store when it opens, so a process on
// SQLite (the default) never loads drizzle's pg-core (tens of milliseconds of its start).
import type * as PgTables from './schema.pg.js';

type Tables = typeof lite;

export let workspaces: Tables['workspaces'] = lite.workspaces;
export let teams: Tables['teams'] = lite.teams;
export let members: Tables['members'] = lite.members;
export let counters: Tables['counters'] = lite.counters;
export let goals: Tables['goals'] = lite.goals;
export let goalProgress: Tables['goalProgress'] = lite.goalProgress;
export let recordEdits: Tables['recordEdits'] = lite.recordEdits;
export let updates: Tables['updates'] = lite.updates;
export let commitments: Tables['commitments'] = lite.commitments;
export let commitmentEvents: Tables['commitmentEvents'] = lite.commitmentEvents;
export let blockers: Tables['blockers'] = lite.blockers;
export let decisions: Tables['decisions'] = lite.decisions;
export let decisionEvents: Tables['decisionEvents'] = lite.decisionEvents;
export let decisionVotes: Tables['decisionVotes'] = lite.decisionVotes;
export let audit: Tables['audit'] = lite.audit;
export let receipts: Tables['receipts'] = lite.receipts;
export let inbox: Tables['inbox'] = lite.inbox;
export let outbox: Tables['outbox'] = lite.outbox;
export let postedMessages: Tables['postedMessages'] = lite.postedMessages;
export let jobs: Tables['jobs'] = lite.jobs;
export let addresses: Tables['addresses'] = lite.addresses;
export let checkinSchedules: Tables['checkinSchedules'] = lite.checkinSchedules;
export let checkinRuns: Tables['checkinRuns'] = lite.checkinRuns;
export let checkins: Tables['checkins'] = lite.checkins;
export let meetingSchedules: Tables['meetingSchedules'] = lite.meetingSchedules;
export let meetings: Tables['meetings'] = lite.meetings;
export let agendaItems: Tables['agendaItems'] = lite.agendaItems;
export let checkinQuestions: Tables['checkinQuestions'] = lite.checkinQuestions;
export let checkinMembers: Tables['checkinMembers'] = lite.checkinMembers;
export let disagreements: Tables['disagreements'] = lite.disagreements;
export let disagreementEntries: Tables['disagreementEntries'] = lite.disagreementEntries;
export let disagreementSteps: Tables['disagreementSteps'] = lite.disagreementSteps;
export let pageTokens: Tables['pageTokens'] = lite.pageTokens;
export let nudgeOptOuts: Tables['nudgeOptOuts'] = lite.nudgeOptOuts;
export let teamCalendars: Tables['teamCalendars'] = lite.teamCalendars;
export let calendarDays: Tables['calendarDays'] = lite.calendarDays;
export let checkinPulses: Tables['checkinPulses'] = lite.checkinPulses;
export let broadcastSettings: Tables['broadcastSettings'] = lite.broadcastSettings;
export let quietSettings: Tables['quietSettings'] = lite.quietSettings;
export let quietHeld: Tables['quietHeld'] = lite.quietHeld;
export let workspaceLeases: Tables['workspaceLeases'] = lite.workspaceLeases;

export type Engine = 'sqlite' | 'postgres';
let engine: Engine = 'sqlite';

/** The engine whose tables the query code uses now. */
export function tablesEngine(): Engine {
  return engine;
}

/** Points the query code at `to`'s tables; the store calls it when it opens, Postgres's store with its tables. */
export function useEngine(to: 'sqlite'): void;
export function useEngine(to: 'postgres', pgTables: typeof PgTables): void;
export function useEngine(to: Engine, pgTables?: typeof PgTables): void {
  if (to === 'postgres' && !pgTables) throw new Error("useEngine('postgres') needs schema.pg.ts's tables");
  engine = to;
  // The one cast: schema.pg.ts mirrors schema.ts (parity test), so its tables stand for SQLite's.
  const s = (to === 'postgres' ? pgTables : lite) as unknown as Tables;
  workspaces = s.workspaces;
  teams = s.teams;
  members = s.members;
  counters = s.counters;
  goals = s.goals;
  goalProgress = s.goalProgress;
  recordEdits = s.recordEdits;
  updates = s.updates;
  commitments = s.commitments;
  commitmentEvents = s.commitmentEvents;
  blockers = s.blockers;
  decisions = s.decisions;
  decisionEvents = s.decisionEvents;
  decisionVotes = s.decisionVotes;
  audit = s.audit;
  receipts = s.receipts;
  inbox = s.inbox;
  outbox = s.outbox;
  postedMessages = s.postedMessages;
  jobs = s.jobs;
  addresses = s.addresses;
  checkinSchedules = s.checkinSchedules;
  checkinRuns = s.checkinRuns;
  checkins = s.checkins;
  meetingSchedules = s.meetingSchedules;
  meetings = s.meetings;
  agendaItems = s.agendaItems;
  checkinQuestions = s.checkinQuestions;
  checkinMembers = s.checkinMembers;
  disagreements = s.disagreements;
  disagreementEntries = s.disagreementEntries;
  disagreementSteps = s.disagreementSteps;
  pageTokens = s.pageTokens;
  nudgeOptOuts = s.nudgeOptOuts;
  teamCalendars = s.teamCalendars;
  calendarDays = s.calendarDays;
  checkinPulses = s.checkinPulses;
  broadcastSettings = s.broadcastSettings;
  quietSettings = s.quietSettings;
  quietHeld = s.quietHeld;
  workspaceLeases = s.workspaceLeases;
}
