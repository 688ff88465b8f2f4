// The team's page as a member's link opens it: each decision with where it stands (proposed,
// decided, superseded, retracted, done, not decided), its executor and its dates; each goal with
// baseline → latest → target and its data points, the unverified ones marked. The read model from
// the core, and the same page as HTML, read as text the way a person reads it.
import { afterEach, describe, expect, it } from 'vitest';
import { pageHtml } from '../../src/adapters/web/render.js';
import type { TeamPage } from '../../src/core/review/page.js';
import { type TestBot, teamBot } from '../support/core.js';

let t: TestBot;
afterEach(() => t?.close());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const tokenOf = (text: string) => /\/t\/([A-Za-z0-9_-]{43})/.exec(text)![1]!;

/** The page Maria's link opens now. */
async function mariasPage(): Promise<TeamPage> {
  const token = tokenOf((await t.run('maria', 'dashboard'))[0]!.text);
  return (await t.bot.page(token))!;
}

/** One section of the page's HTML as the words a person reads: tags dropped, cells apart, entities read. */
async function readAs(page: TeamPage, section: 'goals' | 'decisions' | 'commitments'): Promise<string> {
  const html = await pageHtml(page, { stylesheet: '/assets/page.css', builtBy: 'test' });
  const part = new RegExp(`<section id="${section}"[^>]*>([^]*?)</section>`).exec(html)![1]!;
  return part
    .replace(/<svg[^]*?<\/svg>/g, '')
    .replace(/<\/(td|th)>/g, ' | ')
    .replace(/<(br|\/tr|\/p|\/h\d|\/caption|\/li)[^>]*>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/ +\n/g, '\n')
    .replace(/\n{2,}/g, '\n');
}

/** A decision in each state, one after another, Monday Nov 23 from 09:00 in Maria's zone. */
async function decisionsInEveryState(): Promise<void> {
  // D-1 decided with an executor and a date, then replaced by D-2: superseded.
  await t.run('alice', 'decide Keep the Tuesday meeting owner <@sam> by 2026-12-04');
  t.clock.advance(HOUR);
  await t.run('alice', 'decide Keep the Wednesday meeting owner <@sam> by 2026-12-04 replaces D-1');
  // D-3 decided, then retracted.
  await t.run('alice', 'decide Buy two new buses because of the breakdowns');
  t.clock.advance(HOUR);
  await t.run('alice', 'retract D-3 the budget was cut');
  // D-4 a member's proposal, not decided yet.
  await t.run('maria', 'decide Start school at 8:30');
  // D-5 decided and carried out by its executor.
  await t.run('alice', 'decide Publish the bell schedule owner <@maria> by 2026-11-27');
  t.clock.advance(DAY);
  await t.run('maria', 'done D-5 posted on the website');
  // D-6 a proposal turned down when its window closed under majority.
  await t.run('alice', 'agreements set decide-rule majority 24h');
  await t.run('sam', 'decide Close on Fridays');
  await t.run('maria', 'object D-6 families need us');
  await t.run('alice', 'object D-6 no budget for it');
  t.clock.advance(25 * HOUR);
  await t.bot.runDueJobs();
  await t.flush();
}

/** G-1 measured, with a data point from the data owner (verified) and one from a member (not yet). */
async function goalWithTwoDataPoints(): Promise<void> {
  await t.run('alice', 'role <@alice> data');
  await t.run('alice', 'goal Every school reports attendance weekly measure schools reporting baseline 9 target 14 by 2027-06-30 owner <@maria>');
  await t.run('alice', 'goal Fewer late buses');
  t.clock.advance(HOUR);
  await t.run('alice', 'progress G-1 10 source SIS');
  t.clock.advance(DAY);
  await t.run('sam', 'progress G-1 11 source attendance dashboard');
  await t.flush();
}

describe("the team's page: decisions", () => {
  it('shows each decision with where it stands, its executor, when it was decided and its date', async () => {
    t = await teamBot();
    await decisionsInEveryState();
    const page = await mariasPage();
    expect(page.decisions.total).toBe(6);
    const rows = page.decisions.items.map((d) => [d.ref, d.state, d.status, d.executor, d.date, d.by, d.replaces]);
    expect(rows).toEqual([
      ['D-6', 'rejected', 'not decided', null, 'proposed Nov 24, 11:00', null, null],
      ['D-5', 'done', 'done Nov 24, 11:00', 'Maria', 'Nov 23, 11:00', 'Fri, Nov 27', null],
      ['D-4', 'proposed', 'proposed, not decided yet', null, 'proposed Nov 23, 11:00', null, null],
      ['D-3', 'retracted', 'retracted Nov 23, 11:00', null, 'Nov 23, 10:00', null, null],
      ['D-2', 'decided', 'decided', 'Sam', 'Nov 23, 10:00', 'Fri, Dec 4', 'D-1'],
      ['D-1', 'superseded', 'superseded by D-2', 'Sam', 'Nov 23, 09:00', 'Fri, Dec 4', null],
    ]);
    expect(page.decisions.items.find((d) => d.ref === 'D-3')?.why).toBe('the breakdowns');
  });

  it('reads in the HTML as each row with its status; what is no longer in force is struck through', async () => {
    t = await teamBot();
    await decisionsInEveryState();
    const page = await mariasPage();
    const section = await readAs(page, 'decisions');
    expect(section).toContain('Decision | What | Executes | Decided | Due | Status |');
    expect(section).toContain('D-6 | Close on Fridays | — | proposed Nov 24, 11:00 | — | not decided |');
    expect(section).toContain('D-5 | Publish the bell schedule | Maria | Nov 23, 11:00 | Fri, Nov 27 | done Nov 24, 11:00 |');
    expect(section).toContain('D-4 | Start school at 8:30 | — | proposed Nov 23, 11:00 | — | proposed, not decided yet |');
    expect(section).toContain('D-3 | Buy two new buses\nWhy: the breakdowns | — | Nov 23, 10:00 | — | retracted Nov 23, 11:00 |');
    expect(section).toContain('D-2 | Keep the Wednesday meeting (replaces D-1) | Sam | Nov 23, 10:00 | Fri, Dec 4 | decided |');
    expect(section).toContain('D-1 | Keep the Tuesday meeting | Sam | Nov 23, 09:00 | Fri, Dec 4 | superseded by D-2 |');
    const html = await pageHtml(page, { stylesheet: '/assets/page.css', builtBy: 'test' });
    expect(html).toContain('<tr data-status="superseded"><th scope="row">D-1</th><td><s>Keep the Tuesday meeting</s></td>');
    expect(html).toContain('<tr data-status="retracted"><th scope="row">D-3</th><td><s>Buy two new buses</s>');
    expect(html).toContain('<tr data-status="done"><th scope="row">D-5</th><td>Publish the bell schedule</td>');
  });
});

describe("the team's page: goals", () => {
  it('shows baseline → latest → target, the latest marked unverified, and the data points oldest first', async () => {
    t = await teamBot();
    await goalWithTwoDataPoints();
    const page = await mariasPage();
    expect(page.goals).toEqual([
      {
        ref: 'G-1',
        text: 'Every school reports attendance weekly',
        owner: 'Maria',
        measure: 'schools reporting',
        baseline: '9',
        latest: { when: 'Nov 24, 10:00', value: '11', source: 'attendance dashboard', by: 'Sam', verified: false },
        target: '14',
        due: 'Wed, Jun 30, 2027',
        status: 'open',
        points: [
          { when: 'Nov 23, 10:00', value: '10', source: 'SIS', by: 'Alice', verified: true },
          { when: 'Nov 24, 10:00', value: '11', source: 'attendance dashboard', by: 'Sam', verified: false },
        ],
        pointsTotal: 2,
      },
      expect.objectContaining({ ref: 'G-2', text: 'Fewer late buses', measure: null, baseline: null, latest: null, target: null, points: [], pointsTotal: 0 }),
    ]);
  });

  it('reads in the HTML as a row per goal and a table of its data points, verified or not', async () => {
    t = await teamBot();
    await goalWithTwoDataPoints();
    const section = await readAs(await mariasPage(), 'goals');
    expect(section).toContain('Goal | What | Owner | Measure | Baseline → latest → target | Due | Status |');
    expect(section).toContain('G-1 | Every school reports attendance weekly | Maria | schools reporting | 9 → 11 (unverified) → 14 | Wed, Jun 30, 2027 | open |');
    expect(section).toContain('G-2 | Fewer late buses | — | — | — | — | open |');
    expect(section).toContain('G-1 data points (schools reporting)\nWhen | Value | Source | Recorded by | Verified |\nNov 23, 10:00 | 10 | SIS | Alice | verified |\nNov 24, 10:00 | 11 | attendance dashboard | Sam | unverified |');
    // A goal without data points has no table of them.
    expect(section).not.toContain('G-2 data points');
  });

  it('once the data owner confirms it, the latest reads verified; only the newest points are listed, the rest counted', async () => {
    t = await teamBot();
    await goalWithTwoDataPoints();
    for (let v = 12; v < 24; v++) {
      t.clock.advance(DAY);
      await t.run('alice', `progress G-1 ${v}`);
    }
    await t.flush();
    const page = await mariasPage();
    const g = page.goals[0]!;
    expect(g.latest).toMatchObject({ value: '23', verified: true });
    expect(g.points.map((p) => p.value)).toEqual(['12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23']);
    expect(g.pointsTotal).toBe(14);
    const text = await readAs(page, 'goals');
    expect(text).toContain('9 → 23 → 14');
    expect(text).toContain('… and 2 more earlier data points.');
  });
});

describe("the team's page: open commitments", () => {
  it("lists an ask under the person asked, saying it is not accepted yet, until they accept it", async () => {
    t = await teamBot();
    await t.run('alice', 'commit Share the PD calendar with principals by Friday <@maria>');
    await t.run('maria', 'commit Draft the budget memo by Friday');
    await t.flush();
    const before = await mariasPage();
    expect(before.commitments).toEqual([
      {
        person: 'Maria',
        total: 2,
        items: [
          expect.objectContaining({ ref: 'C-1', text: 'Share the PD calendar with principals', askedBy: 'Alice' }),
          expect.objectContaining({ ref: 'C-2', text: 'Draft the budget memo', askedBy: null }),
        ],
      },
    ]);
    const text = await readAs(before, 'commitments');
    expect(text).toContain('C-1 Share the PD calendar with principals · due Fri, Nov 27 · asked by Alice, not accepted yet\n');
    expect(text).toMatch(/C-2 Draft the budget memo · due Fri, Nov 27\n/);

    const dm = t.sent.find((s) => s.destination.to === 'dm' && s.destination.userId === 'maria')!;
    const accept = dm.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.label === 'Accept')!;
    await t.bot.action(t.invocation('maria', { direct: true }), accept.actionId, accept.value);
    await t.flush();
    const after = await mariasPage();
    expect(after.commitments[0]!.items[0]).toMatchObject({ ref: 'C-1', askedBy: null });
    expect(await readAs(after, 'commitments')).not.toContain('not accepted yet');
  });
});
