import { describe, expect, it } from 'vitest';
import { parseCommand, readClockTime } from '../../src/core/language/commands.js';

const ok = (text: string) => {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`expected "${text}" to parse, got: ${r.error}`);
  return r.command;
};
const err = (text: string) => {
  const r = parseCommand(text);
  if (r.ok) throw new Error(`expected "${text}" to be refused, got ${JSON.stringify(r.command)}`);
  return r;
};

describe('the command language', () => {
  it('reads a commitment with a date, an owner and a goal, in any order at the edges', () => {
    expect(ok('commit Draft the budget memo by Friday <@U2|maria> #G-2')).toEqual({ name: 'commit', text: 'Draft the budget memo', when: 'Friday', ownerId: 'U2', goal: 2 });
    expect(ok('commit <@U2> Draft the memo by next Tuesday')).toEqual({ name: 'commit', text: 'Draft the memo', when: 'next Tuesday', ownerId: 'U2' });
    expect(ok('commit Draft the memo <@U2> by in 2 weeks')).toMatchObject({ ownerId: 'U2', when: 'in 2 weeks', text: 'Draft the memo' });
  });

  it('keeps a mention inside the sentence as part of the text, and the caller as owner', () => {
    expect(ok('commit Call <@U3|sam> about buses by Friday')).toEqual({ name: 'commit', text: 'Call <@U3|sam> about buses', when: 'Friday' });
  });

  it('splits at the last "by", so "by" inside the text stays', () => {
    expect(ok('commit Reply by email to the board by 2026-12-01')).toMatchObject({ text: 'Reply by email to the board', when: '2026-12-01' });
    expect(ok('commit Review the by-laws')).toEqual({ name: 'commit', text: 'Review the by-laws' });
  });

  it('refuses two owners, two goals, and an empty commitment, with a hint', () => {
    expect(err('commit X <@U1> <@U2>').error).toMatch(/one owner/);
    expect(err('update Y #G-1 #G-2').error).toMatch(/one goal/);
    const empty = err('commit');
    expect(empty.error).toMatch(/empty/);
    expect(empty.hint).toBe('commit Draft the budget memo by Friday');
  });

  it('refuses text over 2,000 characters', () => {
    expect(ok(`update ${'a'.repeat(2000)}`)).toMatchObject({ name: 'update' });
    expect(err(`update ${'a'.repeat(2001)}`)).toMatchObject({ error: 'The update is 2,001 characters; the limit is 2,000.', given: `update ${'a'.repeat(2001)}` });
    expect(err(`update ${'a'.repeat(5000)}`).error).toMatch(/at most 2,000 characters/);
  });

  it('reads ids in any case, with or without the dash, and says when the kind is wrong', () => {
    expect(ok('done c-3')).toEqual({ name: 'done', seq: 3 });
    expect(ok('done C3 shipped it')).toEqual({ name: 'done', seq: 3, note: 'shipped it' });
    const wrong = err('done E-2');
    expect(wrong.error).toMatch(/E-2 is a blocker/);
    expect(wrong.hint).toBe('resolve E-2');
    expect(err('move C-3').error).toMatch(/needs the new date/);
    expect(err('resolve 12').error).toMatch(/not an id like E-n/);
  });

  it('reads a decision with its rationale, executor and date', () => {
    expect(ok('decide Move PD day to Friday because of the bus strike owner <@U4> by Dec 4')).toEqual({
      name: 'decide',
      text: 'Move PD day to Friday',
      rationale: 'because of the bus strike',
      executorId: 'U4',
      when: 'Dec 4',
    });
  });

  it('reads blockers, with the person who can unblock at either edge', () => {
    expect(ok('blocker Waiting on the contract <@U5|maria>')).toEqual({ name: 'blocker', text: 'Waiting on the contract', unblockerId: 'U5' });
    expect(ok('escalate <@U5> signature missing')).toEqual({ name: 'blocker', text: 'signature missing', unblockerId: 'U5' });
  });

  it('reads members, roles, list, report, check-in and broadcast forms', () => {
    expect(ok('members add <@U1> <@U2|b>')).toEqual({ name: 'members.add', userIds: ['U1', 'U2'] });
    expect(err('members add bob').error).toMatch(/mentioned with @/);
    expect(ok('role <@U1> recap')).toEqual({ name: 'role', userId: 'U1', role: 'recap', remove: false });
    expect(ok('role <@U1> remove lead')).toEqual({ name: 'role', userId: 'U1', role: 'lead', remove: true });
    expect(err('role <@U1> boss').error).toMatch(/roles are lead, recap, data/);
    expect(ok('list decisions all')).toEqual({ name: 'list', kind: 'decisions', scope: 'all' });
    expect(ok('list')).toEqual({ name: 'list', scope: 'open' });
    expect(err('list widgets').error).toMatch(/not "widgets"/);
    expect(ok('report weeks 8')).toEqual({ name: 'report', weeks: 8 });
    expect(ok('report ontime')).toEqual({ name: 'report', weeks: 4, metric: 'ontime' });
    expect(err('report weeks 99').error).toMatch(/1 to 52/);
    expect(ok('checkin schedule tue 7:45am')).toEqual({ name: 'checkin.schedule', weekday: 'tuesday', time: '07:45' });
    expect(err('checkin schedule someday 25:00').error).toMatch(/weekday and a time/);
    expect(ok('broadcast <#C9|staff>')).toEqual({ name: 'broadcast', channelId: 'C9', channelName: 'staff' });
    expect(ok('broadcast <#C9>')).toEqual({ name: 'broadcast', channelId: 'C9' });
    expect(ok('broadcast off')).toEqual({ name: 'broadcast', channelId: null });
    expect(err('broadcast staff').error).toMatch(/Name the channel with #/);
  });

  it('suggests the command a typo meant', () => {
    const r = err('comit Draft memo');
    expect(r.error).toMatch(/Did you mean `commit`/);
    expect(r.hint).toBe('commit Draft memo');
    expect(err('frobnicate').hint).toBe('help');
  });

  it('treats an empty line as help, and strips control characters', () => {
    expect(ok('   ')).toEqual({ name: 'help' });
    expect(ok('update hello\u0007 world')).toEqual({ name: 'update', text: 'hello world' });
  });

  it('reads clock times in 24 h or with am/pm', () => {
    expect(readClockTime('08:30')).toBe('08:30');
    expect(readClockTime('5pm')).toBe('17:00');
    expect(readClockTime('12am')).toBe('00:00');
    expect(readClockTime('24:00')).toBeNull();
    expect(readClockTime('8')).toBeNull();
  });
});
