// The team's page in a real browser (Debian's chromium driven by playwright-core), opened from the
// link `/baton dashboard` answers with, on the real HTTP server, for a team with twelve weeks of
// records made through Slack. What a member sees: charts with the report's numbers beside them,
// a page that prints as a board packet and fits a phone, and nothing private.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, type Harness, MARIA, type Ran, SAM, STAFF, harness, textOf } from '../slack/harness.js';
import { sqlAll, sqlGet, sqlRun } from '../../support/testdb.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const START = Date.parse('2026-08-31T15:00:00Z');
/** The page is built here: thirteen weeks after the first records. */
const NOW = START + 13 * WEEK;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The browser's globals, inside page.evaluate (the project's types have no DOM). */
type Browserish = { [k: string]: any };
const m = (u: { id: string; name: string }) => `<@${u.id}|${u.name}>`;

const HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
/** As Slack delivers what a person typed: &, < and > escaped. */
const typed = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const SECRETS = ['SECRET-VIEW-ISSUE-41', 'SECRET-MATTERS-42', 'SECRET-LIVE-WITH-43', 'SECRET-SUMMARY-44', 'SECRET-ANSWER-NOTE-45'];

let h: Harness;
let browser: Browser;
let url: string;
let html: string;

/** The link in a `dashboard` answer: the button's address, also in the text. */
function linkOf(r: Ran): string {
  const body = r.ephemerals.map((e) => e.body)[0] as { blocks?: { type: string; elements?: { url?: string }[] }[] };
  const button = body.blocks?.find((b) => b.type === 'actions')?.elements?.find((e) => e.url);
  expect(button?.url, JSON.stringify(body)).toMatch(/^http:\/\/localhost:\d+\/t\/[A-Za-z0-9_-]{43}$/);
  expect(textOf(body)).toContain(button!.url!);
  return button!.url!;
}

/** A browser page that records every request it makes. */
async function open(o: { width?: number; height?: number } = {}): Promise<{ ctx: BrowserContext; page: Page; requests: string[]; errors: string[] }> {
  const ctx = await browser.newContext({ viewport: { width: o.width ?? 1200, height: o.height ?? 900 }, javaScriptEnabled: true });
  const page = await ctx.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (msg) => errors.push(msg.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return { ctx, page, requests, errors };
}

let views = 0;

/** Presses "Answer check-in" in the person's latest check-in DM and submits the modal, answering only "what moved". */
async function answerCheckin(p: { id: string; name: string }, moved: string): Promise<void> {
  const post = h.fake.posts(p.id).filter((c) => c.args.metadata?.event_payload?.key?.startsWith('checkin:send:')).at(-1)!;
  const b = (post.args.blocks as { elements?: { action_id?: string; value?: string }[] }[]).flatMap((x) => x.elements ?? []).find((e) => e.action_id?.endsWith(':checkin.open'))!;
  const ts = h.fake.dm(p.id).at(-1)!.ts;
  await h.slack.buttonPress({ user: p, channel: { id: `D${p.id}`, name: 'directmessage' }, messageTs: ts, actionId: b.action_id!, value: b.value!, responseUrl: h.fake.responseUrl(), triggerId: `${Date.now()}.99.${p.id}` });
  await h.settle();
  // Each modal Slack opens is a view of its own (a view's id is how a retried submission is known).
  const view = { ...h.fake.to('views.open').at(-1)!.args.view, id: `V${p.id}${++views}`, hash: 'h1' };
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks as { type: string; block_id?: string; element?: { type: string; initial_option?: unknown } }[]) {
    if (block.type !== 'input' || !block.block_id) continue;
    values[block.block_id] = {
      [block.block_id]: block.element?.type === 'static_select' ? { type: 'static_select', selected_option: block.element.initial_option ?? null } : { type: 'plain_text_input', value: block.block_id === 'moved' ? moved : null },
    };
  }
  const r = await h.slack.viewSubmission({ user: p, view, values });
  expect(r, JSON.stringify(values)).toEqual({ status: 200, body: '' });
  await h.settle();
}

beforeAll(async () => {
  h = await harness({ clock: new Date(START).toISOString() });
  await h.run(ALICE, 'setup Leadership');
  // Check-ins when the lead starts them, so each week's are answered or not as written here.
  await h.run(ALICE, 'checkin off');
  await h.run(ALICE, 'goal Every school reports attendance weekly');
  // Twelve-plus weeks of a team's work, through /baton as Slack delivers it.
  for (let w = 0; w < 13; w++) {
    const monday = START + w * WEEK;
    h.clock.set(monday);
    // The last check-in's answer window closes and its digest goes out before the next.
    await h.app.ticker.tick();
    await h.run(ALICE, `commit Week ${w} budget memo by ${iso(monday + 3 * DAY)} ${m(MARIA)}`);
    await h.run(SAM, `commit Week ${w} bus routes by ${iso(monday + 2 * DAY)}`);
    if (w % 3 === 0) await h.run(SAM, `blocker Week ${w} waiting on the vendor ${m(ALICE)}`);
    if (w % 2 === 0) {
      await h.run(ALICE, 'checkin now');
      await answerCheckin(MARIA, `Week ${w} moved the budget`);
      if (w % 4 === 0) await answerCheckin(SAM, `Week ${w} moved the routes`);
    }
    if (w === 4) await h.run(ALICE, `decide Move PD day to Friday because of the bus strike owner ${m(MARIA)} by ${iso(monday + 10 * DAY)}`);
    if (w === 7) await h.run(ALICE, `update ${typed(HOSTILE)}`);
    h.clock.set(monday + 1 * DAY);
    if (w % 2 === 0) await h.run(MARIA, `done C-${2 * w + 1}`);
    if (w % 4 === 1) await h.run(SAM, `move C-${2 * w + 2} ${iso(monday + 9 * DAY)}`);
    h.clock.set(monday + 2 * DAY);
    if (w % 3 === 0 && w < 9) await h.run(ALICE, `resolve E-${w / 3 + 1} vendor signed`);
    if (w % 2 === 1) await h.run(SAM, `done C-${2 * w + 2}`);
  }
  h.clock.set(START + 11 * WEEK);
  // A decision in each state: retracted (D-2), a proposal (D-3), superseded (D-4 by D-5), done (D-6).
  await h.run(ALICE, 'decide Buy two new buses');
  await h.run(ALICE, 'retract D-2 the budget was cut');
  await h.run(MARIA, 'decide Start school at 8:30');
  await h.run(ALICE, `decide Publish the bell schedule owner ${m(SAM)} by ${iso(NOW + 5 * DAY)}`);
  await h.run(ALICE, `decide Publish the bell schedule in print owner ${m(SAM)} by ${iso(NOW + 5 * DAY)} replaces D-4`);
  await h.run(ALICE, `decide Share the PD calendar owner ${m(MARIA)} by ${iso(START + 11 * WEEK + 3 * DAY)}`);
  await h.run(MARIA, 'done D-6');
  // G-1 measured: a data point from the data owner, and one from a member not yet confirmed.
  await h.run(ALICE, 'goal edit G-1 measure schools reporting baseline 9 target 14');
  await h.run(ALICE, `role ${m(ALICE)} data`);
  await h.run(ALICE, 'progress G-1 10 source SIS');
  await h.run(SAM, 'progress G-1 11 source attendance dashboard');
  await h.run(SAM, `commit ${typed(HOSTILE)} by ${iso(NOW + 5 * DAY)}`);
  await h.run(SAM, `disagree Next year's PD calendar with ${m(MARIA)}`);
  // What the de-escalation flow keeps privately, as it keeps it: views, the facilitator's summary, a note.
  const r1 = (await sqlGet<{ id: number }>(h.app, 'select id from disagreements where seq = 1'))!;
  const members = await sqlAll<{ id: number; user_id: string }>(h.app, 'select id, user_id from members');
  const idOf = (u: { id: string }) => members.find((x) => x.user_id === u.id)!.id;
  const entry = (...values: unknown[]) => sqlRun(h.app, 'insert into disagreement_entries (disagreement_id, round, kind, member_id, data, at) values (?, 1, ?, ?, ?, ?)', ...values);
  await entry(r1.id, 'view', idOf(SAM), JSON.stringify({ issue: SECRETS[0], matters: SECRETS[1], liveWith: SECRETS[2] }), h.clock.now());
  await entry(r1.id, 'options', idOf(ALICE), JSON.stringify({ summary: SECRETS[3], options: ['Option one'] }), h.clock.now());
  await entry(r1.id, 'answer', idOf(MARIA), JSON.stringify({ choice: 'no', note: SECRETS[4] }), h.clock.now());
  h.clock.set(NOW);
  url = linkOf(await h.run(MARIA, 'dashboard'));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** `report weeks N` as Maria at an instant, as the lines "Label: figure". */
async function report(at: number, weeks: number): Promise<Map<string, string>> {
  const was = h.clock.now();
  h.clock.set(at);
  const r = await h.run(MARIA, `report weeks ${weeks}`);
  h.clock.set(was);
  const blocks = (r.ephemerals[0]!.body as { blocks: { type: string; text?: { text: string } }[] }).blocks;
  const out = new Map<string, string>();
  for (const b of blocks) {
    // Slack's rendering keeps words from turning into markup with zero-width spaces; a person reads none.
    const t = b.type === 'section' ? b.text!.text.replace(/\*/g, '').replace(/\u200b/g, '') : '';
    // A figure is a section of its own; a list's rows ("• G-1 schools reporting: 9 → 11", the goals) are not figures.
    const hit = /^(?!• )([^:]+): (.*?)(?: · (?:no earlier figure|same as before|[↑↓] from .*))?$/.exec(t);
    if (hit) out.set(hit[1]!, hit[2]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  }
  return out;
}

describe("the team's page", () => {
  it('loads from the link with private headers, and asks nothing of anyone but Baton', async () => {
    const { ctx, page, requests } = await open();
    const res = await page.goto(url);
    expect(res!.status()).toBe(200);
    const headers = res!.headers();
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(headers['content-security-policy']).not.toMatch(/unsafe-inline|script-src/);
    html = await res!.text();
    expect(await page.locator('h1').innerText()).toBe('Leadership');
    expect(await page.locator('.built').innerText()).toMatch(/Built .*2026.* · times in America\/Chicago/);
    for (const r of requests) expect(new URL(r).hostname, r).toMatch(/^(127\.0\.0\.1|localhost)$/);
    // The stylesheet came from Baton and applied.
    expect(requests.some((r) => /\/assets\/page-[0-9a-f]+\.css$/.test(r))).toBe(true);
    expect(await page.locator('section').first().evaluate((e) => (globalThis as Browserish).getComputedStyle(e).backgroundColor)).toBe('rgb(255, 255, 255)');
    // A screenshot for the README.
    mkdirSync(join(import.meta.dirname, '../../../docs'), { recursive: true });
    await page.screenshot({ path: join(import.meta.dirname, 'screenshots/page.png'), fullPage: false });
    await ctx.close();
  });

  it('draws every chart as SVG, one bar for each week that has a number in the table beside it', async () => {
    const { ctx, page } = await open();
    await page.goto(url);
    const trends = page.locator('article.trend');
    expect(await trends.count()).toBe(5);
    for (const metric of ['checkins', 'ontime', 'slips', 'blockers', 'disagreements']) {
      const t = page.locator(`article.trend[data-metric="${metric}"]`);
      expect(await t.locator('figure.chart svg').count(), metric).toBe(1);
      const rows = await t.locator('table.numbers tbody tr').count();
      expect(rows, metric).toBe(12);
      const values = await t.locator('table.numbers tbody td.num').allInnerTexts();
      const bars = await t.locator('figure.chart svg path[aria-roledescription="bar"]').count();
      expect(bars, metric).toBe(values.filter((v) => v !== '—').length);
    }
    // The team did get things done on time in some weeks: the chart is not empty.
    expect(await page.locator('article.trend[data-metric="ontime"] svg path[aria-roledescription="bar"]').count()).toBeGreaterThan(5);
    await ctx.close();
  });

  it("shows the report's own numbers: the 12-week figure, and each week's row equals `report weeks 1` at that week's end", async () => {
    const { ctx, page } = await open();
    await page.goto(url);
    const whole = await report(NOW, 12);
    for (const [label, figure] of whole) {
      const t = page.locator('article.trend', { has: page.locator('h3', { hasText: label }) });
      expect(await t.locator('h3 .figure').innerText(), label).toBe(figure);
    }
    expect(whole.size).toBe(5);
    for (let k = 0; k < 12; k++) {
      const week = await report(NOW - k * WEEK, 1);
      for (const [label, figure] of week) {
        const t = page.locator('article.trend', { has: page.locator('h3', { hasText: label }) });
        const row = t.locator('table.numbers tbody tr').nth(11 - k);
        const shown = await row.locator('td').nth(1).innerText();
        // The response rate counts a week's check-ins once their answer window has closed: a past
        // week's row counts them as they stand now, where the report at that week's end may still
        // have shown its run as open ("so far").
        if (label === 'Check-in response rate' && figure.includes('so far')) {
          expect(shown, `${label}, ${k} weeks back`).toMatch(k === 0 ? /so far/ : /^\d+% \(\d+ of \d+\)$/);
          continue;
        }
        expect(shown, `${label}, ${k} weeks back`).toBe(figure);
      }
    }
    await ctx.close();
  });

  it('lists decisions with executor and status, open commitments by person, open blockers by age, participation', async () => {
    const { ctx, page } = await open();
    await page.goto(url);
    const decisions = await page.locator('#decisions table').innerText();
    expect(decisions).toMatch(/D-1\s+Move PD day to Friday\s*Why: the bus strike\s+Maria\s+.*\s+.*\s+decided/);
    const commitments = await page.locator('#commitments').innerText();
    expect(commitments).toMatch(/Sam \(\d+ open\)/);
    expect(commitments).toContain('C-27');
    const ages = (await page.locator('#blockers table tbody td.num').allInnerTexts()).map(Number);
    expect(ages.length).toBeGreaterThan(0);
    expect([...ages].sort((a, b) => b - a)).toEqual(ages);
    expect(await page.locator('#participation').innerText()).toMatch(/Check-in participation[^]*Over the last 12 weeks: 50% \(9 of 18\) answered/);
    expect(await page.locator('#participation table tbody').innerText()).toMatch(/Alice\s+0\s+6\s+Maria\s+6\s+6\s+Sam\s+3\s+6/);
    expect(await page.locator('#goals table.goals').innerText()).toMatch(/G-1\s+Every school reports attendance weekly/);
    await ctx.close();
  });

  it('shows where each decision stands, and each goal as baseline → latest → target with its data points, the unverified marked', async () => {
    const { ctx, page } = await open();
    await page.goto(url);
    const decision = (id: string) => page.locator('#decisions tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${id}$`) }) });
    expect(await decision('D-1').locator('td.status').innerText()).toBe('decided');
    expect(await decision('D-2').locator('td.status').innerText()).toMatch(/^retracted [A-Z][a-z]{2} \d+, \d\d:\d\d$/);
    expect(await decision('D-3').locator('td.status').innerText()).toBe('proposed, not decided yet');
    expect(await decision('D-4').locator('td.status').innerText()).toBe('superseded by D-5');
    expect(await decision('D-5').locator('td.status').innerText()).toBe('decided');
    expect(await decision('D-6').locator('td.status').innerText()).toMatch(/^done [A-Z][a-z]{2} \d+, \d\d:\d\d$/);
    // What is no longer in force is struck through; who executes and by when stay readable.
    expect(await decision('D-4').locator('s').innerText()).toBe('Publish the bell schedule');
    expect(await decision('D-2').locator('s').innerText()).toBe('Buy two new buses');
    expect(await decision('D-5').innerText()).toMatch(/Publish the bell schedule in print \(replaces D-4\)\s+Sam\s+/);
    expect(await decision('D-6').innerText()).toMatch(/Share the PD calendar\s+Maria\s+/);

    const goal = page.locator('#goals table.goals tbody tr[data-goal="G-1"]');
    expect(await goal.locator('td.progress').innerText()).toBe('9 → 11 (unverified) → 14');
    const points = await page.locator('#goals table.points[data-goal="G-1"] tbody tr').allInnerTexts();
    expect(points).toEqual([expect.stringMatching(/\t10\tSIS\tAlice\tverified$/), expect.stringMatching(/\t11\tattendance dashboard\tSam\tunverified$/)]);
    await ctx.close();
  });

  it("escapes people's words, and its policy runs no inline script", async () => {
    const { ctx, page, errors } = await open();
    await page.goto(url);
    expect(await page.locator('#commitments').innerText()).toContain(HOSTILE);
    expect(await page.evaluate(() => (globalThis as Browserish).__pwned)).toBeUndefined();
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).toContain('&lt;script&gt;window.__pwned');
    // No script element, no event-handler or style attribute anywhere in the markup.
    expect(html).not.toMatch(/<script|<[a-z][^>]*\s(on[a-z]+|style)=/i);
    // A script slipped into the page anyway is refused by the Content-Security-Policy.
    await page.addScriptTag({ content: 'window.__pwned = 3' }).catch(() => undefined);
    expect(await page.evaluate(() => (globalThis as Browserish).__pwned)).toBeUndefined();
    expect(errors.join('\n')).toMatch(/Content Security Policy/);
    await ctx.close();
  });

  it('never shows a private view, summary or note of the de-escalation flow', () => {
    expect(html).toContain("Next year&#39;s PD calendar");
    for (const s of SECRETS) expect(html).not.toContain(s);
  });

  it('prints as a board packet: every section, each on its own sheet, stamped with the team and the date', async () => {
    const { ctx, page } = await open();
    await page.goto(url);
    await page.emulateMedia({ media: 'print' });
    const sections = page.locator('main > section');
    expect(await sections.count()).toBe(6);
    for (let i = 0; i < 6; i++) {
      const s = sections.nth(i);
      expect(await s.isVisible()).toBe(true);
      expect(await s.locator('.stamp').innerText()).toMatch(/^Leadership · .*2026.* \(America\/Chicago\)$/);
      if (i > 0) expect(await s.evaluate((e) => (globalThis as Browserish).getComputedStyle(e).breakBefore)).toBe('page');
    }
    expect(await page.locator('nav').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'Letter' });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(6);
    await ctx.close();
  });

  it('reads on a phone: nothing wider than a 390-px screen', async () => {
    const { ctx, page } = await open({ width: 390, height: 844 });
    await page.goto(url);
    const width = await page.evaluate(() => ({ scroll: (globalThis as Browserish).document.documentElement.scrollWidth, body: (globalThis as Browserish).document.body.scrollWidth, client: (globalThis as Browserish).document.documentElement.clientWidth }));
    expect(width.scroll).toBeLessThanOrEqual(390);
    expect(width.body).toBeLessThanOrEqual(390);
    expect(await page.locator('figure.chart svg').first().evaluate((e) => e.getBoundingClientRect().width)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(tmpdir(), 'baton-page-390.png') });
    await ctx.close();
  });

  it('answers the same plain 404 for an unknown, a revoked, an expired and a removed member\'s link', async () => {
    const base = url.replace(/\/t\/.*$/, '/t/');
    const fetchPage = async (u: string) => {
      const r = await fetch(u);
      return { status: r.status, body: await r.text(), csp: r.headers.get('content-security-policy'), cache: r.headers.get('cache-control') };
    };
    const unknown = await fetchPage(`${base}${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.cache).toBe('no-store');
    expect(unknown.body).toMatch(/Not found/);
    const malformed = await fetchPage(`${base}not-a-token`);

    // Revoked: Sam's own `dashboard revoke` ends his link, not Maria's.
    const sams = linkOf(await h.run(SAM, 'dashboard'));
    expect((await fetchPage(sams)).status).toBe(200);
    const revoked = await h.run(SAM, 'dashboard revoke');
    expect(textOf(revoked.ephemerals[0]!.body)).toMatch(/Ended 1 link/);
    const afterRevoke = await fetchPage(sams);
    expect((await fetchPage(url)).status).toBe(200);

    // A lead's `dashboard revoke all` ends everyone's; a member may not.
    const denied = await h.run(MARIA, 'dashboard revoke all');
    expect(textOf(denied.ephemerals[0]!.body)).toMatch(/Only a lead/);
    const alices = linkOf(await h.run(ALICE, 'dashboard'));
    const marias2 = linkOf(await h.run(MARIA, 'dashboard'));
    await h.run(ALICE, 'dashboard revoke all');
    const afterAll_ = await fetchPage(alices);
    expect((await fetchPage(marias2)).status).toBe(404);

    // Removed from the team: the link stops working at once.
    const sams2 = linkOf(await h.run(SAM, 'dashboard'));
    await h.run(ALICE, `members remove ${m(SAM)}`);
    const removed = await fetchPage(sams2);

    // Expired: seven days later.
    const fresh = linkOf(await h.run(MARIA, 'dashboard'));
    h.clock.advance(7 * DAY + 1);
    const expired = await fetchPage(fresh);
    h.clock.set(NOW);

    // Another team's lead: their link opens their team, never this one.
    await h.run(ALICE, 'setup Staff council', { channel: STAFF });
    const staff = linkOf(await h.run(ALICE, 'dashboard', { channel: STAFF }));
    const staffPage = await fetchPage(staff);
    expect(staffPage.status).toBe(200);
    expect(staffPage.body).toContain('<h1>Staff council</h1>');
    expect(staffPage.body).not.toContain('budget memo');

    for (const r of [malformed, afterRevoke, afterAll_, removed, expired]) expect(r).toEqual(unknown);
  });

  it('holds back a flood of guesses from one address with 429', async () => {
    const base = url.replace(/\/t\/.*$/, '/t/');
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await fetch(`${base}${String(i).padStart(43, 'x')}`)).status);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses.at(-1)).toBe(429);
    // Held back, a good link waits too: guessing can't be mixed with real use to go on.
    expect((await fetch(url)).status).toBe(429);
  });
});
