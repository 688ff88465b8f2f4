// Who may do what, for every command: a lead, the owner of the record, another member, and
// someone a lead removed. Each cell runs on a fresh team so that one command can't hide another.
import { describe, expect, it } from 'vitest';
import type { CommandName } from '../../src/core/language/commands.js';
import { PERMISSIONS } from '../../src/core/team/permissions.js';
import { teamBot } from '../support/core.js';

type Who = 'lead' | 'owner' | 'member' | 'removed';
type Expect = 'allowed' | 'refused';

const SAMPLES: Record<CommandName, string> = {
  help: 'help',
  setup: 'setup Another team',
  members: 'members',
  'members.add': 'members add <@newbie>',
  'members.remove': 'members remove <@sam>',
  role: 'role <@sam> recap',
  goal: 'goal Better attendance',
  goals: 'goals',
  'goal.show': 'goal G-1',
  'goal.edit': 'goal edit G-1 target 95',
  'goal.close': 'goal close G-1',
  'goal.drop': 'goal drop G-1',
  progress: 'progress G-1 87',
  edit: 'edit C-1 Owned by Maria, corrected',
  reassign: 'reassign C-1 <@sam>',
  withdraw: 'drop E-1 raised by mistake',
  update: 'update Progress',
  commit: 'commit Something by Friday',
  done: 'done C-1',
  move: 'move C-1 2026-12-11',
  drop: 'drop C-1',
  mine: 'mine',
  list: 'list',
  blocker: 'blocker Stuck',
  resolve: 'resolve E-1',
  decide: 'decide Go',
  agree: 'agree D-1',
  object: 'object D-1 not yet',
  retract: 'retract D-1 wrong',
  'done.decision': 'done D-1',
  'move.decision': 'move D-1 2026-12-11',
  disagree: 'disagree Calendar with <@alice>',
  checkin: 'checkin',
  'checkin.now': 'checkin now',
  'checkin.schedule': 'checkin schedule monday 08:30',
  'checkin.off': 'checkin off',
  'checkin.skip': 'checkin skip',
  'checkin.away': 'checkin away until 2026-12-14',
  'checkin.back': 'checkin back',
  nudges: 'nudges off',
  quiet: 'quiet',
  'quiet.set': 'quiet digest',
  'checkin.questions': 'checkin questions',
  'checkin.question.add': 'checkin question add What will you finish this week?',
  'checkin.question.drop': 'checkin question drop 1',
  'checkin.question.move': 'checkin question move 1 4',
  'checkin.edit': 'checkin edit',
  'checkin.pulse': 'checkin pulse on',
  meeting: 'meeting',
  'meeting.schedule': 'meeting schedule tuesday 15:30',
  'meeting.off': 'meeting off',
  'agenda.add': 'agenda add Bus contract',
  'agenda.drop': 'agenda drop A-1',
  'agenda.done': 'agenda done A-1',
  recap: 'recap',
  calendar: 'calendar',
  'calendar.off': 'calendar off Dec 24 Holiday',
  'calendar.on': 'calendar on Dec 24',
  'calendar.workweek': 'calendar workweek mon-fri',
  report: 'report',
  broadcast: 'broadcast <#staff>',
  'broadcast.show': 'broadcast',
  'broadcast.each': 'broadcast each off',
  'broadcast.bulletin': 'broadcast bulletin off',
  agreements: 'agreements',
  'agreements.set': 'agreements set timebox 24h',
  export: 'export',
  dashboard: 'dashboard',
  'dashboard.revoke': 'dashboard revoke',
};

const USER: Record<Who, string> = { lead: 'alice', owner: 'maria', member: 'sam', removed: 'zoe' };

function expected(rule: (typeof PERMISSIONS)[CommandName], who: Who): Expect {
  if (rule === 'anyone') return 'allowed';
  if (who === 'removed') return 'refused';
  if (rule === 'member') return 'allowed';
  if (rule === 'lead') return who === 'lead' ? 'allowed' : 'refused';
  return who === 'lead' || who === 'owner' ? 'allowed' : 'refused';
}

const PERMISSION_REFUSAL = /Only (a lead|C-1's owner|G-1's owner|who raised [EA]-1)|not a member of Leadership/;

describe('permissions: every command × every role', () => {
  const cells = (Object.keys(SAMPLES) as CommandName[]).flatMap((name) => (['lead', 'owner', 'member', 'removed'] as Who[]).map((who) => ({ name, who })));

  it.each(cells)('$name as $who', async ({ name, who }) => {
    const t = await teamBot();
    try {
      t.person('zoe', 'UTC', 'Zoe');
      t.person('newbie', 'UTC', 'Newbie');
      await t.run('alice', 'members add <@zoe>');
      await t.run('alice', 'commit Owned by Maria by Friday <@maria>');
      await t.run('maria', 'blocker Raised by Maria');
      await t.run('alice', 'goal Attendance measure attendance rate owner <@maria>');
      await t.run('maria', 'agenda add Raised by Maria');
      await t.run('alice', 'members remove <@zoe>');
      await t.flush();
      const channel = name === 'setup' ? 'elsewhere' : undefined;
      const sent = await t.run(USER[who], SAMPLES[name], channel ? { channel } : {});
      const refused = sent.some((s) => s.destination.to === 'reply' && PERMISSION_REFUSAL.test(s.text));
      expect(refused ? 'refused' : 'allowed', sent.map((s) => s.text).join('\n')).toBe(expected(PERMISSIONS[name], who));
    } finally {
      t.close();
    }
  });
});
