// Usage and examples for every command, as data: `help` and every error's hint read from here.
import { type Block, type Message, code, context, header, line, list, message, section } from '../message.js';

export interface CommandHelp {
  topic: string;
  usage: string;
  summary: string;
  examples: string[];
  who?: string;
  group: 'Team' | 'Record' | 'Follow through' | 'Review' | 'Check-ins' | 'Conflict';
}

export const HELP: CommandHelp[] = [
  { topic: 'setup', group: 'Team', usage: 'setup [team name]', summary: "Bind this channel to a new team. You become its lead; the channel's members become members.", examples: ['setup District Leadership'] },
  { topic: 'members', group: 'Team', usage: 'members | members add @a @b | members remove @a', summary: 'See or change who is in the team.', examples: ['members', 'members add @maria @sam', 'members remove @sam'], who: 'adding and removing: a lead' },
  { topic: 'role', group: 'Team', usage: 'role @user lead|recap|data', summary: 'Give a role: lead (facilitates, gets escalations), recap (owns the recap), data (owns the numbers). `role @user remove recap` takes it back.', examples: ['role @maria recap', 'role @sam remove lead'], who: 'a lead' },
  { topic: 'goal', group: 'Team', usage: 'goal <text> [measure <what>] [baseline <n>] [target <n>] [by <when>] [owner @x] | goals | goal G-n | goal edit|close|drop G-n …', summary: 'Add a goal the team agreed on, with what measures it; list them, or see one with its data points and the items tagged #G-n. `goal edit G-n` changes its text or any field, `goal close G-n [note]` marks it achieved, `goal drop G-n [why]` retires it.', examples: ['goal Every school reports attendance weekly measure schools reporting baseline 9 target 14 by June owner @maria', 'goals', 'goal G-1', 'goal edit G-1 target 15', 'goal close G-1 all 14 report since March'], who: 'adding: a lead; changing: a lead or the goal\'s owner' },
  { topic: 'progress', group: 'Follow through', usage: 'progress G-n <value> [source <where>] [note]', summary: 'A data point for a goal\'s measure: who, when, from where. Anyone but the team\'s data owner (role data) records it unverified, and the data owner confirms it with a button. The source runs to a comma; what follows is a note.', examples: ['progress G-1 11 source attendance dashboard', 'progress G-1 12 source SIS export, two schools late'] },
  { topic: 'update', group: 'Record', usage: 'update <text> [#G-n]', summary: 'Record an informal progress note for the team.', examples: ['update Bus routes for next year are drafted #G-1'] },
  { topic: 'commit', group: 'Record', usage: 'commit <what> [by <when>] [@owner] [#G-n]', summary: 'Record a commitment. You own it unless you mention someone: then it is an ask, and they Accept or Decline it privately. Dates are read in the owner\'s time zone: "Friday", "next Tuesday", "in 2 weeks", "2026-12-01".', examples: ['commit Draft the budget memo by Friday', 'commit Call the bus vendor by next Tuesday @sam #G-1'] },
  { topic: 'blocker', group: 'Record', usage: 'blocker <text> [@who-can-unblock]  (or: escalate …)', summary: 'Flag something stuck. The lead is told at once.', examples: ['blocker Waiting on the bus contract signature @maria'] },
  {
    topic: 'decide',
    group: 'Record',
    usage: 'decide <text> [because <why>] [owner @x] [by <when>] [replaces D-n]',
    summary:
      "Decide under the team's decide-rule: a lead's decide is decided at once (rule `lead`, the default); anyone else's — and everyone's under `consent` or `majority` — is a proposal D-n with Agree / Object buttons. Only a decided decision is posted as decided and announced in the broadcast channel, with what it replaces. The executor may be anyone in the workspace; with a date, it is tracked like a commitment. The options can stand in any order; name the executor with @.",
    examples: ['decide Move the PD day to Friday because of the bus strike owner @maria by Dec 4', 'decide Move the PD day to Monday replaces D-3', 'agreements set decide-rule consent 24h'],
  },
  { topic: 'agree', group: 'Record', usage: 'agree D-n', summary: "Agree to a proposal (its Agree button does the same). Under `lead` a lead's agree decides it; a lead's agree also decides it over an objection, and the record says so.", examples: ['agree D-3'] },
  { topic: 'object', group: 'Record', usage: 'object D-n <why>', summary: 'Object to a proposal, with your reason: the team sees it. Under `consent` an objection stops the window from deciding it.', examples: ['object D-3 the board has not voted yet'] },
  { topic: 'retract', group: 'Record', usage: 'retract D-n <why>', summary: 'Withdraw a decision, with the reason. A decided one is announced as retracted wherever it was announced.', examples: ['retract D-3 the board kept the old calendar'], who: 'a lead, or the proposer while it is a proposal' },
  { topic: 'done', group: 'Follow through', usage: 'done C-n|D-n [note]', summary: "Close a commitment, or a decision's execution.", examples: ['done C-3', 'done D-2 posted on the website'], who: "its owner (a decision's executor) or a lead" },
  { topic: 'move', group: 'Follow through', usage: 'move C-n|D-n <when>', summary: "Give a commitment, or a decision's execution, a new date. A later date counts as a slip and is kept in its history; an earlier one is brought forward.", examples: ['move C-3 next Friday', 'move D-2 Dec 18'], who: "its owner (a decision's executor) or a lead" },
  { topic: 'drop', group: 'Follow through', usage: 'drop C-n|U-n|E-n [reason]', summary: 'Drop a commitment that no longer applies, or withdraw a mistaken update or blocker: it stays in the history and leaves recaps and numbers.', examples: ['drop C-3 the vendor withdrew', 'drop U-4 posted in the wrong team', 'drop E-2 raised twice'], who: 'its owner (who wrote it, who raised it) or a lead' },
  { topic: 'edit', group: 'Follow through', usage: 'edit U-n|C-n|E-n|D-n|G-n <new text>', summary: 'Correct a record\'s text. Its post says "edited" and the history keeps the old text; a decided decision\'s correction is announced wherever the decision was. A decision\'s date changes with move, its executor with a new decision that replaces it.', examples: ['edit C-3 Draft the budget memo for the board', 'edit D-2 Move the PD day to Friday, Dec 11'], who: 'who recorded it, its owner or a lead' },
  { topic: 'reassign', group: 'Follow through', usage: 'reassign C-n @x', summary: 'Hand a commitment over to another member; they are told privately.', examples: ['reassign C-3 @sam'], who: 'its owner or a lead' },
  { topic: 'resolve', group: 'Follow through', usage: 'resolve E-n [note]', summary: 'Mark a blocker resolved, with a note on how.', examples: ['resolve E-2 contract signed Tuesday'], who: 'who raised it, who was named to unblock it, or a lead' },
  { topic: 'mine', group: 'Review', usage: 'mine', summary: 'Your open commitments and blockers, privately.', examples: ['mine'] },
  { topic: 'list', group: 'Review', usage: 'list [updates|commitments|blockers|decisions|goals|checkins] [open|all]', summary: 'Browse the team\'s records. `list checkins` shows the last check-ins\' answers, question by question.', examples: ['list', 'list decisions', 'list commitments all'] },
  { topic: 'recap', group: 'Review', usage: 'recap', summary: 'Post the recap for the next meeting: what moved, decisions, commitments due or overdue, open blockers, open disagreements — since the last meeting (or the last recap, when the team has no meeting). With nothing new it asks first. After each meeting the recap owner also gets a draft of that meeting to post.', examples: ['recap'] },
  { topic: 'report', group: 'Review', usage: 'report [weeks N] | report <number> [weeks N]', summary: 'The team\'s numbers with their trend, each with how it is computed. Name a number (checkins, ontime, slips, blockers, disagreements) to see the records behind it; `report goals` shows the trend of every measured goal; `report pulse` the team\'s pulse, check-in by check-in.', examples: ['report', 'report weeks 8', 'report ontime', 'report goals', 'report pulse'] },
  { topic: 'dashboard', group: 'Review', usage: 'dashboard | dashboard revoke | dashboard revoke all', summary: "A private link to the team's page: the numbers as weekly charts, goals, decisions, commitments, blockers and check-ins, in a browser (valid 7 days). `dashboard revoke` ends your links; a lead's `dashboard revoke all` ends everyone's.", examples: ['dashboard', 'dashboard revoke'], who: 'revoke all: a lead' },
  { topic: 'export', group: 'Review', usage: 'export', summary: 'All of the team\'s records as CSV and Markdown, privately.', examples: ['export'], who: 'a lead' },
  { topic: 'broadcast', group: 'Team', usage: 'broadcast | broadcast <#channel> | broadcast off | broadcast each on|off | broadcast bulletin <weekday> <HH:MM> | broadcast bulletin off', summary: "Also announce decisions in a wider staff channel. `broadcast` shows what the staff hear. Each decided decision is announced there as it is decided (`broadcast each off` stops that), and a weekly staff bulletin can post the week's decisions there — who executes each and by when, what they replace, the week's retractions and corrections — at that local time on working days; a week with none posts nothing.", examples: ['broadcast #staff-announcements', 'broadcast bulletin friday 15:00', 'broadcast each off', 'broadcast', 'broadcast bulletin off', 'broadcast off'], who: 'changing: a lead' },
  { topic: 'checkin', group: 'Check-ins', usage: 'checkin now | checkin schedule <weekday>[,<weekday>…] <HH:MM> [every N weeks] | checkin off | checkin skip | checkin away until <date> | checkin back | checkin edit | checkin questions | checkin question add <text> | checkin question drop <n> | checkin question move <n> <position> | checkin pulse on|off', summary: "The check-in, sent privately to each member at their own local time (default Monday 08:30), on one or more weekdays, weekly or every N weeks. On a non-working day (see `calendar`) it moves to the next working day. Anyone can skip a week, be away, or change their answers (`checkin edit`) until the next check-in starts. A lead chooses the questions (at most 10, each at most 150 characters); the commitments question always stays. With `checkin pulse on`, each check-in also asks an optional 1–5 \"How are you doing this week?\": the team sees only its average, range and trend (`report pulse`), from 3 answers up — never one person's answer, not even a lead.", examples: ['checkin schedule monday 08:30', 'checkin schedule mon,thu 09:00', 'checkin schedule friday 14:00 every 2 weeks', 'checkin question add What will you finish this week?', 'checkin edit', 'checkin pulse on'], who: 'now, schedule, off, question add/drop/move and pulse: a lead' },
  { topic: 'nudges', group: 'Check-ins', usage: 'nudges | nudges off | nudges on', summary: 'Your own reminders, privately at 08:30 your time: the working day before a commitment or a decision you carry out is due, and the first working day it is overdue (with Done and New date buttons); a blocker you can unblock (or, with nobody named, a lead) after `blocker-nudge` working days open. Nothing on days the team does not work.', examples: ['nudges off', 'nudges on', 'agreements set blocker-nudge 2d'] },
  { topic: 'quiet', group: 'Team', usage: 'quiet | quiet thread | quiet digest | quiet off', summary: "Less noise in the channel. `thread`: each day's updates, commitments (new, done, moved, dropped, handed over), goal progress and agenda items reply in one thread of the day. `digest`: they are gathered in one roll-up at 17:00 on working days, and whoever records one sees it privately at once. `off` (the default): each posts on its own. Blockers, decisions and disagreements always post on their own.", examples: ['quiet thread', 'quiet digest', 'quiet off'], who: 'changing it: a lead' },
  { topic: 'calendar', group: 'Check-ins', usage: 'calendar | calendar off <date> [to <date>] [reason] | calendar on <date> | calendar workweek <mon-fri>', summary: "The team's working days: its work week and its days off (breaks, holidays, PD days). Nothing is sent on a day off: the check-in moves to the next working day, reminders and escalations wait, time boxes stop; \"EOW\" is the week's last working day.", examples: ['calendar', 'calendar off Dec 21 to Jan 1 Winter break', 'calendar off Nov 26 Thanksgiving', 'calendar on Dec 28', 'calendar workweek sun-thu'], who: 'off, on and workweek: a lead' },
  { topic: 'meeting', group: 'Check-ins', usage: 'meeting | meeting schedule <weekday> <HH:MM> [every N weeks] [for <minutes>] | meeting off', summary: "The team's meeting: when the next one is, in your time, and its agenda. The agenda is posted in the channel before it (agreements set agenda-before 24h); what is recorded during it belongs to it.", examples: ['meeting', 'meeting schedule tuesday 15:30 every 2 weeks for 90', 'meeting off'], who: 'schedule and off: a lead' },
  { topic: 'agenda', group: 'Check-ins', usage: 'agenda add <topic> | agenda drop A-n | agenda done A-n [note]', summary: 'Put a topic on the meeting\'s agenda (A-n). It carries forward from meeting to meeting until it is marked done or dropped.', examples: ['agenda add Bus contract: who signs?', 'agenda done A-3 Maria signs Friday', 'agenda drop A-3'], who: 'drop: its author or a lead' },
  { topic: 'disagree', group: 'Conflict', usage: 'disagree <topic> with @a [@b] | disagree [list] | disagree R-n | disagree withdraw R-n', summary: 'Start the de-escalation flow the team agreed on, between you and the people you name. The channel sees only a neutral line; views stay private to their author and the facilitator. `disagree` lists the team\'s disagreements, `disagree R-n` shows one, `disagree withdraw R-n` ends it (a party, the facilitator or a lead).', examples: ['disagree Next year\'s PD calendar with @maria', 'disagree', 'disagree R-2', 'disagree withdraw R-2'] },
  { topic: 'agreements', group: 'Conflict', usage: 'agreements | agreements set <key> <value>', summary: 'The team\'s conflict protocol, agreed in advance: facilitator, cooldown, time box, escalation, decision rule, follow-up — and `decide-rule`, how a `decide` becomes a decision (lead, consent <window>, majority <window>), and `blocker-nudge`, the working days a blocker stays open before it is nudged (default 3).', examples: ['agreements', 'agreements set timebox 48h', 'agreements set rule lead-decides-after-input', 'agreements set decide-rule consent 24h'], who: 'changing: a lead' },
  { topic: 'help', group: 'Review', usage: 'help [command]', summary: 'This help, or one command\'s.', examples: ['help commit'] },
];

const TOPIC_ALIASES: Record<string, string> = { escalate: 'blocker', goals: 'goal', decision: 'decide', commitment: 'commit', 'check-in': 'checkin', approve: 'agree', objection: 'object', 'decide-rule': 'decide' };

export function findHelp(topic: string): CommandHelp | undefined {
  const t = topic.trim().toLowerCase().split(/\s+/)[0] ?? '';
  const key = TOPIC_ALIASES[t] ?? t;
  return HELP.find((h) => h.topic === key);
}

/** The full help, or one command's. `prefix` is how commands are typed here ("/baton ", "@Baton ", ""). */
export function helpMessage(prefix: string, topic?: string): Message {
  if (topic) {
    const h = findHelp(topic);
    if (!h) return message([section(line(`There is no command "${topic.slice(0, 40)}". `, code(`${prefix}help`), ' lists them all.'))]);
    const blocks: Block[] = [
      header(`${prefix}${h.usage}`.slice(0, 150)),
      section(line(h.summary)),
      list(h.examples.map((e) => line(code(`${prefix}${e}`))), { title: 'Examples' }),
    ];
    if (h.who) blocks.push(context(`Who: ${h.who}.`));
    return message(blocks);
  }
  const blocks: Block[] = [header('Baton — what you can do')];
  for (const group of ['Team', 'Record', 'Follow through', 'Review', 'Check-ins', 'Conflict'] as const) {
    const items = HELP.filter((h) => h.group === group).map((h) => line(code(`${prefix}${h.usage}`), ` — ${h.summary.split('. ')[0]!.replace(/\.$/, '')}.`));
    blocks.push(list(items, { title: group }));
  }
  blocks.push(context('Try ', code(`${prefix}help commit`), ' for details and examples.'));
  return message(blocks);
}
