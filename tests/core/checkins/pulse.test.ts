// The pulse through the core, as people use it: a lead turns it on or off; each check-in from the
// next one on asks an optional 1–5 last; a value the form does not offer is refused with nothing
// recorded; the team sees each check-in's average, range and trend (digest, `list checkins`,
// `report pulse`, `report`, App Home, the export) and, under 3 answers, no figure at all; the
// pulse closes with the digest. And privacy, as indistinguishability: three people give 1, 2 and 5
// in one world and the same scores swapped between them in another — everything anyone is shown
// (every message, the export, App Home, the team's page) is the same in both.
import { afterEach, describe, expect, it } from 'vitest';
import { plainText } from '../../../src/core/message.js';
import { type Sent, type TestBot, teamBot, where } from '../../support/core.js';
import { answer, channel, checkinDms, press, submit } from './helpers.js';
import { sqlAll, sqlGet } from '../../support/testdb.js';

let t: TestBot;
const opened: TestBot[] = [];
afterEach(() => {
  for (const b of opened.splice(0)) b.close();
});

/** A team (alice leads, maria and sam) on a fresh bot, closed after the test. */
async function start(): Promise<TestBot> {
  t = await teamBot();
  opened.push(t);
  return t;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function digests(sent: Sent[]): Sent[] {
  return channel(sent).filter((s) => /^checkin:digest:\d+:[^:]+$/.test(s.key));
}

const pulseRows = async () => ((await sqlGet(t.database, 'select count(*) as n from checkin_pulses')) as { n: number }).n;

/** A lead's `checkin now`, answered by each person with the pulse given (undefined: skipped), in order. */
async function pulseRun(scores: [string, string | undefined][]): Promise<Sent[]> {
  await t.run('alice', 'checkin now');
  const sent: Sent[] = [];
  for (const [who, v] of scores) {
    const r = await answer(t, who, v === undefined ? {} : { pulse: v });
    expect(r.outcome, who).toEqual({ ok: true });
    sent.push(...r.sent);
  }
  return sent;
}

/** The form `userId`'s latest check-in opens. */
async function formOf(userId: string) {
  const form = await press(t, userId, checkinDms(t.sent, userId).at(-1)!, 'checkin.open');
  if (!form) throw new Error('no form');
  return form;
}

describe('checkin pulse on|off', () => {
  it('a lead turns it on (announced, who on a line of its own); asked from the next check-in on, last, 1 to 5, optional; off stops it', async () => {
    await start();
    expect(where(await t.run('maria', 'checkin pulse on'))).toEqual([expect.stringMatching(/^reply maria: Only a lead of Leadership can do that/)]);
    expect(where(await t.run('alice', 'checkin pulse maybe'))).toEqual([expect.stringMatching(/^reply alice: `checkin pulse` takes on or off\.[\s\S]*checkin pulse on/)]);

    // A check-in under way when it is turned on keeps what it asked: no pulse.
    await t.run('alice', 'checkin now');
    const on = where(await t.run('alice', 'checkin pulse on'));
    expect(on).toEqual([expect.stringMatching(/^#leadership: 💬 The check-in pulse is on: from the next check-in, each check-in also asks "How are you doing this week\?" \(1 to 5, optional\)\.\nThe team sees only the average and range of 3 or more answers, and how it moves \(report pulse\) — never one person's answer, not even a lead\.\nSet by Alice\.$/)]);
    expect((await formOf('maria')).fields.map((f) => f.id)).not.toContain('pulse');
    expect(where(await t.run('alice', 'checkin pulse on'))).toEqual([expect.stringMatching(/^reply alice: The pulse is already on\./)]);
    expect(where(await t.run('sam', 'checkin'))[0]).toContain('The pulse is on: each check-in also asks "How are you doing this week?" (1–5, optional); the team sees only its average.');
    for (const who of ['alice', 'maria', 'sam']) await answer(t, who, {});

    t.clock.advance(DAY);
    await t.run('alice', 'checkin now');
    expect(checkinDms(t.sent, 'maria').at(-1)!.text).toContain("And, if you like, how are you doing this week (1–5; only the team's average is shown).");
    const form = await formOf('maria');
    expect(form.fields.at(-1)).toEqual({
      type: 'select',
      id: 'pulse',
      label: 'How are you doing this week?',
      options: [
        { value: '1', label: '1 — struggling' },
        { value: '2', label: '2 — low' },
        { value: '3', label: '3 — okay' },
        { value: '4', label: '4 — good' },
        { value: '5', label: '5 — great' },
      ],
      optional: true,
      hint: 'Optional. The team sees only the average and range of 3 or more answers — never yours, not even a lead.',
    });
    // Skipping it is fine: the check-in is in, nothing is kept for the pulse.
    expect((await submit(t, 'maria', form, { moved: 'Routes drafted' }))).toEqual({ ok: true });
    expect(await pulseRows()).toBe(0);
    await t.flush();

    expect(where(await t.run('alice', 'checkin pulse off'))).toEqual([expect.stringMatching(/^#leadership: The check-in pulse is off: from the next check-in it is no longer asked\. Earlier figures stay in report pulse\.\nSet by Alice\./)]);
    for (const who of ['alice', 'sam']) await answer(t, who, {});
    t.clock.advance(DAY);
    await t.run('alice', 'checkin now');
    expect((await formOf('maria')).fields.map((f) => f.id)).not.toContain('pulse');
  });
});

describe('a pulse answer', () => {
  it('a value the form does not offer (0, 6, 3.5, abc, 05, -1) is refused on the field, and nothing of the submission is recorded', async () => {
    await start();
    await t.run('maria', 'commit Draft the budget memo by Friday');
    await t.run('alice', 'checkin pulse on');
    await t.run('alice', 'checkin now');
    const form = await formOf('maria');
    for (const v of ['0', '6', '3.5', 'abc', '05', '-1', '1 2']) {
      const outcome = await submit(t, 'maria', form, { moved: 'Budget timeline approved', c1: 'done', blocking: 'Waiting on the finance numbers', pulse: v });
      expect(outcome, v).toEqual({ ok: false, errors: { pulse: 'Choose 1 to 5, or leave it empty.' } });
    }
    expect(await pulseRows()).toBe(0);
    expect((await sqlGet(t.database, "select c.status from checkins c join members m on m.id = c.member_id where m.user_id = 'maria'"))).toEqual({ status: 'sent' });
    expect((await sqlGet(t.database, 'select count(*) as n from updates'))).toEqual({ n: 0 });
    expect((await sqlGet(t.database, 'select count(*) as n from blockers'))).toEqual({ n: 0 });
    expect((await sqlGet(t.database, "select status from commitments"))).toEqual({ status: 'open' });
    // The same answers with a value offered: all of it is recorded; the score apart from the answers.
    expect(await submit(t, 'maria', form, { moved: 'Budget timeline approved', c1: 'done', blocking: 'Waiting on the finance numbers', pulse: '4' })).toEqual({ ok: true });
    expect(await pulseRows()).toBe(1);
    const thanks = where(await t.flush()).find((s) => s.startsWith('reply maria: Thanks'))!;
    expect(thanks).toContain('Your pulse answer is counted. The team sees only the average of 3 or more answers, never yours.');
    expect(thanks).not.toMatch(/\b4\b/);
    expect(JSON.stringify((await sqlAll(t.database, 'select answers from checkins')))).not.toContain('pulse');
  });

  it('can change until the digest; after it, neither a late answer nor `checkin edit` is asked it, and the figure stays as posted', async () => {
    await start();
    await t.run('alice', 'checkin pulse on');
    await t.run('alice', 'checkin now');
    await answer(t, 'alice', { pulse: '1' });
    await answer(t, 'maria', { pulse: '2' });
    // Alice changes hers before the digest: the form asks it again, empty keeps it.
    const reply = (await t.run('alice', 'checkin edit', { direct: true })).find((s) => s.destination.to === 'reply')!;
    const b = reply.message.blocks.flatMap((x) => (x.type === 'actions' ? x.buttons : [])).find((x) => x.actionId === 'checkin.open')!;
    const edit = (await t.bot.action(t.invocation('alice', { direct: true }), b.actionId, b.value))!;
    const field = edit.fields.find((f) => f.id === 'pulse')!;
    expect(field).toMatchObject({ hint: 'Optional. Left empty, your earlier answer stands. The team sees only its average, never yours.' });
    expect('initial' in field).toBe(false);
    expect(await submit(t, 'alice', edit, { pulse: '7' })).toEqual({ ok: false, errors: { pulse: 'Choose 1 to 5, or leave it empty.' } });
    expect(await submit(t, 'alice', edit, { pulse: '5' })).toEqual({ ok: true });
    expect(where(await t.flush()).join('\n')).toContain('Your pulse answer is counted.');
    expect(await pulseRows()).toBe(2);

    // Sam has not answered; the digest comes at its time, with two answers: no figure.
    t.clock.advance(8 * HOUR + 1);
    await t.bot.runDueJobs();
    const digest = digests(await t.flush())[0]!;
    expect(digest.text).toContain('Pulse — How are you doing this week? (1–5): not enough answers to show (fewer than 3)');
    expect(digest.text).not.toMatch(/average|range \d/);

    // Sam answers late: the form no longer asks the pulse; a pulse sent anyway is not kept.
    const late = await formOf('sam');
    expect(late.fields.map((f) => f.id)).not.toContain('pulse');
    expect(await submit(t, 'sam', late, { moved: 'Routes drafted', pulse: '3' })).toEqual({ ok: true });
    const edited = channel(await t.flush()).filter((s) => s.destination.to === 'channel' && s.destination.replaces);
    expect(edited.at(-1)!.text).toContain('not enough answers to show (fewer than 3)');
    expect(await pulseRows()).toBe(2);
    // Nor does `checkin edit` after the digest.
    const again = (await t.run('maria', 'checkin edit', { direct: true })).find((s) => s.destination.to === 'reply')!;
    const b2 = again.message.blocks.flatMap((x) => (x.type === 'actions' ? x.buttons : [])).find((x) => x.actionId === 'checkin.open')!;
    expect((await t.bot.action(t.invocation('maria', { direct: true }), b2.actionId, b2.value))!.fields.map((f) => f.id)).not.toContain('pulse');
  });
});

describe('what the team sees', () => {
  it('the digest: average, range and answers from 3 answers up, the trend against the check-in before; `list checkins`, `report pulse`, `report`, App Home and the export show the same figures', async () => {
    await start();
    await t.run('alice', 'checkin pulse on');
    const first = digests(await pulseRun([['alice', '1'], ['maria', '2'], ['sam', '5']]));
    expect(first).toHaveLength(1);
    expect(first[0]!.text).toContain('Pulse — How are you doing this week? (1–5): 2.7 average · range 1–5 · 3 answers · no earlier figure');

    t.clock.advance(DAY);
    // Two answers: no figure; the trend of the next one skips it.
    expect(digests(await pulseRun([['alice', '5'], ['maria', '5'], ['sam', undefined]]))[0]!.text).toContain('Pulse — How are you doing this week? (1–5): not enough answers to show (fewer than 3)\n');

    t.clock.advance(DAY);
    expect(digests(await pulseRun([['alice', '4'], ['maria', '4'], ['sam', '5']]))[0]!.text).toContain('4.3 average · range 4–5 · 3 answers · ↑ from 2.7 (check-in of Mon, Nov 23)');

    const history = where(await t.run('sam', 'list checkins all'))[0]!;
    expect(history).toContain('Pulse — How are you doing this week? (1–5): 4.3 average · range 4–5 · 3 answers · ↑ from 2.7 (check-in of Mon, Nov 23)');
    expect(history).toContain('Pulse — How are you doing this week? (1–5): 2.7 average · range 1–5 · 3 answers · no earlier figure');

    const report = where(await t.run('maria', 'report pulse'))[0]!;
    expect(report).toMatch(/^reply maria: Pulse: 4\.3 average \(check-in of Wed, Nov 25\) · ↑ from 2\.7 \(check-in of Mon, Nov 23\)\nHow: each check-in's answers to "How are you doing this week\?"/);
    expect(report).toContain('Check-in of Mon, Nov 23: 2.7 average · range 1–5 · 3 answers · no earlier figure');
    expect(report).toContain('Check-in of Tue, Nov 24: not enough answers to show (fewer than 3)');
    expect(report).toContain('Check-in of Wed, Nov 25: 4.3 average · range 4–5 · 3 answers · ↑ from 2.7 (check-in of Mon, Nov 23)');
    expect(where(await t.run('maria', 'report'))[0]).toContain('Pulse: 4.3 average · range 4–5 · 3 answers (check-in of Wed, Nov 25) · ↑ from 2.7 (check-in of Mon, Nov 23)');

    const home = plainText((await t.bot.home(t.invocation('sam', { direct: true }))).blocks);
    expect(home).toContain('Pulse (check-in of Wed, Nov 25): 4.3 average · range 4–5 · 3 answers · ↑ from 2.7 (check-in of Mon, Nov 23)');

    const files = (await t.run('alice', 'export')).find((s) => s.destination.to === 'dm')!.message.attachments!;
    const csv = files.find((f) => f.filename.endsWith('.csv'))!.content;
    const pulseCsv = csv.split('\r\n').filter((r) => r.startsWith('pulse,'));
    // The team's figure, with no one in the person column; no check-in answer row holds a pulse.
    expect(pulseCsv).toEqual([
      expect.stringMatching(/^pulse,"Check-in of Mon, Nov 23",,2\.7 average · range 1–5 · 3 answers,,/),
      expect.stringMatching(/^pulse,"Check-in of Tue, Nov 24",,not enough answers to show \(fewer than 3\),,/),
      expect.stringMatching(/^pulse,"Check-in of Wed, Nov 25",,4\.3 average · range 4–5 · 3 answers,,/),
    ]);
    expect(csv.split('\r\n').filter((r) => r.startsWith('checkin answer')).join('\n')).not.toMatch(/How are you doing/);
    expect(files.find((f) => f.filename.endsWith('.md'))!.content).toContain("## Pulse (the team's figure per check-in; no one's own answer) (3)");
  });

  it('`report pulse` before any check-in asked it, and with the pulse off, says so', async () => {
    await start();
    const r = where(await t.run('maria', 'report pulse'))[0]!;
    expect(r).toContain('Pulse: no figure to show');
    expect(r).toContain('No check-in in this period asked the pulse');
    expect(r).toContain('The pulse is off. A lead turns it on with checkin pulse on.');
    expect(where(await t.run('maria', 'report'))[0]).not.toContain('Pulse');
  });
});

describe('privacy: who gave which score cannot be told from anything the team is shown', () => {
  /**
   * Everything shown to anyone after a pulse: every message sent (channel, private, replies), the
   * lead's export, each person's App Home, the team's page as the core builds it. A dashboard link
   * is the only thing that differs by nature (its token): it is masked.
   */
  async function shown(scores: [string, string | undefined][]): Promise<string> {
    await start();
    await t.run('alice', 'checkin pulse on');
    await pulseRun(scores);
    for (const who of ['alice', 'maria', 'sam']) {
      await t.run(who, 'list checkins');
      await t.run(who, 'report pulse');
      await t.run(who, 'report');
      await t.run(who, 'checkin');
    }
    await t.run('alice', 'export');
    const link = await t.run('alice', 'dashboard');
    const token = /\/t\/([A-Za-z0-9_-]{43})/.exec(link.map((s) => s.text).join('\n'))![1]!;
    const page = JSON.stringify(await t.bot.page(token));
    const homes: string[] = [];
    for (const who of ['alice', 'maria', 'sam']) homes.push(JSON.stringify(await t.bot.home(t.invocation(who, { direct: true }))));
    const all = [...t.sent.map((s) => JSON.stringify({ to: s.destination, message: s.message })), page, ...homes].join('\n');
    return all.replaceAll(token, 'TOKEN');
  }

  it('1, 2 and 5 from three people: the same shown whoever gave which, and the figure is there', async () => {
    const a = await shown([['alice', '1'], ['maria', '2'], ['sam', '5']]);
    const b = await shown([['alice', '5'], ['maria', '1'], ['sam', '2']]);
    expect(a).toContain('2.7 average · range 1–5 · 3 answers');
    expect(b).toBe(a);
  });

  it('two answers: the same shown whoever gave which, and no figure anywhere', async () => {
    const a = await shown([['alice', '1'], ['maria', '5'], ['sam', undefined]]);
    const b = await shown([['alice', '5'], ['maria', '1'], ['sam', undefined]]);
    expect(a).toContain('not enough answers to show (fewer than 3)');
    expect(a).not.toMatch(/\d\.\d average|range \d/);
    expect(b).toBe(a);
  });
});
