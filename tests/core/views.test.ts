import { afterEach, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/core/review/export.js';
import { teamBot, type TestBot, where } from '../support/core.js';

let t: TestBot;
afterEach(() => t?.close());

const DAY = 86_400_000;

describe('list and mine', () => {
  it('lists open commitments soonest first and open blockers, privately', async () => {
    t = await teamBot();
    await t.run('alice', 'commit Later thing by 2026-12-20');
    await t.run('alice', 'commit Sooner thing by Friday <@maria>');
    await t.run('alice', 'commit Undated thing');
    await t.run('sam', 'blocker Stuck on legal');
    const sent = await t.run('sam', 'list');
    expect(where(sent)).toHaveLength(1);
    expect(sent[0]!.destination).toMatchObject({ to: 'reply', userId: 'sam' });
    expect(sent[0]!.text).toMatch(/Open commitments\n {2}• C-2 Sooner thing — Maria · due Fri, Nov 27 · not accepted yet\n {2}• C-1 Later thing — Alice · due Sun, Dec 20\n {2}• C-3 Undated thing — Alice · no date yet\nOpen blockers\n {2}• E-1 Stuck on legal — raised by Sam/);
  });

  it('ends a long list with "… and N more"', async () => {
    t = await teamBot();
    for (let i = 1; i <= 30; i++) await t.run('alice', `commit Task ${i} by 2026-12-${String((i % 28) + 1).padStart(2, '0')}`);
    const text = (await t.run('alice', 'list commitments'))[0]!.text;
    expect(text.match(/• C-/g)).toHaveLength(25);
    expect(text).toMatch(/… and 5 more/);
  });

  it('shows closed records with `all`, and decisions, updates and goals', async () => {
    t = await teamBot();
    await t.run('alice', 'commit A by Friday');
    await t.run('alice', 'done C-1');
    expect((await t.run('alice', 'list commitments'))[0]!.text).toMatch(/None\./);
    expect((await t.run('alice', 'list commitments all'))[0]!.text).toMatch(/C-1 A — Alice · due Fri, Nov 27 — done/);
    await t.run('alice', 'decide Keep Friday PD');
    expect((await t.run('alice', 'list decisions'))[0]!.text).toMatch(/D-1 Keep Friday PD/);
    await t.run('sam', 'update Progress');
    expect((await t.run('alice', 'list updates'))[0]!.text).toMatch(/U-1 Progress — Sam/);
  });

  it('mine shows my commitments and the blockers I raised or can unblock, across my teams, privately', async () => {
    t = await teamBot();
    await t.run('alice', 'commit Mine here by Friday <@maria>');
    await t.run('alice', 'commit Not mine by Friday');
    await t.run('sam', 'blocker Need Maria <@maria>');
    await t.run('maria', 'setup Principals', { channel: 'principals' });
    await t.run('maria', 'commit Principal thing by Friday', { channel: 'principals' });
    const text = (await t.run('maria', 'mine', { direct: true }))[0]!.text;
    expect(text).toContain('Open commitments — Leadership\n  • C-1 Mine here · due Fri, Nov 27');
    expect(text).not.toContain('Not mine');
    expect(text).toContain('E-1 Need Maria');
    expect(text).toContain('Open commitments — Principals\n  • C-1 Principal thing');
  });
});

describe('recap', () => {
  it('posts what moved, decisions, what is due or overdue, open blockers and open disagreements', async () => {
    t = await teamBot();
    await t.run('alice', 'commit Overdue thing by Tuesday');
    await t.run('alice', 'commit Far thing by 2027-02-01');
    await t.run('alice', 'commit Done thing by Friday');
    t.clock.advance(3 * DAY);
    await t.run('sam', 'update Budget draft shared');
    await t.run('alice', 'done C-3');
    await t.run('alice', 'decide Adopt the new calendar'); // a lead: decided at once (a member's is a proposal)
    await t.run('sam', 'blocker Legal review');
    const sent = await t.run('maria', 'recap');
    expect(where(sent)).toHaveLength(1);
    const text = sent[0]!.text;
    expect(text).toMatch(/^#?Recap — Leadership/);
    expect(text).toMatch(/Updates\n {2}• U-1 Budget draft shared — Sam/);
    expect(text).toMatch(/Commitments done\n {2}• C-3 Done thing — Alice · due Fri, Nov 27 — done/);
    expect(text).toMatch(/Decisions\n {2}• D-1 Adopt the new calendar/);
    expect(text).toMatch(/Due in the next 7 days or overdue\n {2}• C-1 Overdue thing — Alice · overdue 2 days \(was due Tue, Nov 24\)/);
    expect(text).not.toContain('Far thing');
    expect(text).toMatch(/Open blockers\n {2}• E-1 Legal review/);
    expect(text).toMatch(/Open disagreements\n {2}None\./);
    // The next recap starts where this one ended.
    const next = (await t.run('maria', 'recap'))[0]!.text;
    expect(next).toMatch(/Updates\n {2}No updates\./);
  });
});

describe('report', () => {
  it('computes each number from the records, with how it is computed, its trend and the records behind it', async () => {
    t = await teamBot();
    // Earlier window: one commitment due and done late.
    await t.run('alice', 'commit Old by Wednesday');
    t.clock.advance(4 * DAY);
    await t.run('alice', 'done C-1');
    t.clock.advance(28 * DAY);
    // This window: two due, one on time; one slip; a blocker resolved in 2 days.
    await t.run('alice', 'commit On time by tomorrow');
    await t.run('alice', 'commit Late one by tomorrow');
    await t.run('alice', 'move C-3 in 2 days');
    await t.run('alice', 'done C-2');
    await t.run('sam', 'blocker Legal');
    t.clock.advance(2 * DAY);
    await t.run('alice', 'resolve E-1');
    t.clock.advance(2 * DAY);
    const text = (await t.run('maria', 'report'))[0]!.text;
    expect(text).toMatch(/Commitments done on time: 50% \(1 of 2\) · ↑ from 0% \(better\)/);
    expect(text).toMatch(/How: of the commitments whose date fell in the last 4 weeks/);
    expect(text).toMatch(/Slips: 1 · ↑ from 0 \(worse\)/);
    expect(text).toMatch(/Median time to resolve a blocker: 2 days \(1 resolved\) · no earlier figure/);
    expect(text).toMatch(/Check-in response rate:/);
    expect(text).toMatch(/Disagreements resolved:/);
    const behind = (await t.run('maria', 'report ontime'))[0]!.text;
    expect(behind).toMatch(/C-2 On time .* — ✓ on time/);
    expect(behind).toMatch(/C-3 Late one .* — ✗ not done/);
    const slips = (await t.run('maria', 'report slips'))[0]!.text;
    expect(slips).toMatch(/C-3 Late one — Alice: .* → /);
  });

  it('offers the records behind each number as buttons that run the command', async () => {
    t = await teamBot();
    const [r] = await t.run('maria', 'report weeks 2');
    const buttons = r!.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
    expect(buttons.map((b) => b.value)).toEqual(['report checkins weeks 2', 'report ontime weeks 2', 'report slips weeks 2', 'report blockers weeks 2', 'report disagreements weeks 2']);
    await t.bot.action(t.invocation('maria'), 'command', buttons[1]!.value);
    expect((await t.flush())[0]!.text).toMatch(/^Commitments done on time/);
  });
});

describe('export', () => {
  it('sends every record as CSV and Markdown privately to the lead, formula-safe', async () => {
    t = await teamBot();
    await t.run('alice', 'goal Attendance');
    await t.run('sam', 'update =HYPERLINK("http://evil","click")');
    await t.run('alice', 'commit Budget, "final" memo by Friday');
    await t.run('alice', 'move C-1 2026-12-02');
    await t.run('sam', 'blocker @risk | pipes');
    await t.run('alice', 'decide Go ahead because +reasons');
    const sent = await t.run('alice', 'export');
    expect(where(sent).map((s) => s.split(':')[0])).toEqual(['reply alice', 'dm alice']);
    const files = sent[1]!.message.attachments!;
    expect(files.map((f) => f.filename)).toEqual([expect.stringMatching(/^baton-leadership-2026-11-23\.csv$/), expect.stringMatching(/\.md$/)]);
    const csv = files[0]!.content;
    expect(csv.split('\r\n')[0]).toBe('kind,id,status,text,person,due,goal,created_by,created_at,closed_at,note,history,source');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""click"")"`);
    expect(csv).toContain('"Budget, ""final"" memo"');
    expect(csv).toContain("'@risk | pipes");
    expect(csv).toContain('2026-11-27→2026-12-02');
    const md = files[1]!.content;
    expect(md).toContain('## Commitments (1)');
    expect(md).toContain('@risk \\| pipes');
    expect((await t.run('maria', 'export'))[0]!.text).toMatch(/Only a lead/);
  });

  it('neutralises every formula trigger in a CSV cell', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell('plain')).toBe('plain');
  });
});

describe('agreements', () => {
  it('shows the protocol with its defaults, and a lead changes a value after it is validated', async () => {
    t = await teamBot();
    const shown = (await t.run('sam', 'agreements'))[0]!.text;
    expect(shown).toMatch(/Time box per step: 48h/);
    expect(shown).toMatch(/Decision rule: consensus/);
    expect(shown).toMatch(/Follow-up after: 7d/);
    expect((await t.run('sam', 'agreements set timebox 24h'))[0]!.text).toMatch(/Only a lead/);
    expect((await t.run('alice', 'agreements set timebox 24h'))[0]!.text).toMatch(/Alice changed the team's agreements: Time box per step: 24h/);
    expect((await t.run('alice', 'agreements set timebox 5 minutes'))[0]!.text).toMatch(/timebox takes a duration between 1h and 30d/);
    expect((await t.run('alice', 'agreements set rule majority'))[0]!.text).toMatch(/Decision rule: majority/);
    expect((await t.run('alice', 'agreements set rule coin-flip'))[0]!.text).toMatch(/rule takes one of consensus, lead-decides-after-input, majority/);
    expect((await t.run('alice', 'agreements set facilitator <@maria>'))[0]!.text).toMatch(/Facilitator: @Maria/);
    t.person('zoe');
    expect((await t.run('alice', 'agreements set facilitator <@zoe>'))[0]!.text).toMatch(/zoe is not a member/);
    expect((await t.run('alice', 'agreements set mood happy'))[0]!.text).toMatch(/There is no agreement "mood"/);
  });
});
