// The team's page as HTML: server-rendered, no script, every person's words escaped. Each chart
// stands beside a table of the same numbers, for screen readers, print and anyone who would
// rather read than look.
import type { Line } from '../../core/message.js';
import type { PageGoal, TeamPage, Trend } from '../../core/review/page.js';
import { chartSvg } from './charts.js';
import { esc, safeHref } from './escape.js';

/** One line of the neutral message model as HTML: formatting from the spans' flags only. */
export function lineHtml(line: Line): string {
  let out = '';
  for (const s of line) {
    let h = esc(s.text);
    if (s.code) h = `<code>${h}</code>`;
    if (s.bold) h = `<strong>${h}</strong>`;
    if (s.italic) h = `<em>${h}</em>`;
    if (s.strike) h = `<s>${h}</s>`;
    const href = s.link ? safeHref(s.link) : null;
    if (href) h = `<a href="${esc(href)}" rel="noreferrer noopener">${h}</a>`;
    out += h;
  }
  return out;
}

const UNIT_HEAD: Record<Trend['unit'], string> = { '%': 'Percent', count: 'Count', hours: 'Hours' };

function more(shown: number, total: number, what: string): string {
  return total > shown ? `<p class="more">… and ${total - shown} more ${esc(what)}.</p>` : '';
}

/** A stamp printed on every section: one team, one date, on every sheet of a board packet. */
function stamp(page: TeamPage): string {
  return `<p class="stamp">${esc(page.team.name)} · ${esc(page.builtLabel)} (${esc(page.tz)})</p>`;
}

async function trendHtml(t: Trend): Promise<string> {
  const points = t.weeks.map((w) => ({ label: w.label, value: w.value }));
  const svg = await chartSvg(t.unit, points, `${t.label}, week by week over the last ${t.weeks.length} weeks`);
  const rows = t.weeks
    .map((w) => `<tr><th scope="row"><time datetime="${esc(w.ends)}">${esc(w.label)}</time></th><td class="num">${w.value === null ? '—' : esc(String(w.value))}</td><td>${esc(w.shown)}</td></tr>`)
    .join('');
  const records = t.records.lines.length
    ? `<ul class="records">${t.records.lines.map((l) => `<li>${lineHtml(l)}</li>`).join('')}</ul>${more(t.records.lines.length, t.records.total, 'records')}`
    : '<p class="empty">No records in this period.</p>';
  return `<article class="trend" id="trend-${t.metric}" data-metric="${t.metric}">
<h3>${esc(t.label)}: <span class="figure">${esc(t.shown)}</span> <span class="span">over ${t.weeks.length} weeks</span></h3>
<p class="how">How: ${esc(t.how)}</p>
<div class="pair">
<figure class="chart" aria-hidden="true">${svg}</figure>
<div class="scroll"><table class="numbers" data-metric="${t.metric}"><caption>${esc(t.label)}, week by week</caption>
<thead><tr><th scope="col">Week to</th><th scope="col">${UNIT_HEAD[t.unit]}</th><th scope="col">As the report shows it</th></tr></thead><tbody>${rows}</tbody></table></div>
</div>
<h4>${esc(t.records.title)} (the last ${t.weeks.length} weeks)</h4>
${records}
</article>`;
}

const UNVERIFIED = ' <em class="unverified">(unverified)</em>';

/** "9 → 11 (unverified) → 14": where the goal started, its newest data point, where it should get to. */
function progressHtml(g: PageGoal): string {
  if (g.measure === null && g.baseline === null && g.target === null && g.latest === null) return '—';
  const latest = g.latest ? `${esc(g.latest.value)}${g.latest.verified ? '' : UNVERIFIED}` : '<span class="empty">no data yet</span>';
  return `${esc(g.baseline ?? '—')} → ${latest} → ${esc(g.target ?? '—')}`;
}

/** A goal's data points, oldest first, each marked verified or not: what the latest stands on. */
function pointsHtml(g: PageGoal): string {
  const rows = g.points
    .map((p) => `<tr${p.verified ? '' : ' class="unverified"'}><th scope="row">${esc(p.when)}</th><td class="num">${esc(p.value)}</td><td>${esc(p.source ?? '—')}</td><td>${esc(p.by)}</td><td>${p.verified ? 'verified' : '<em>unverified</em>'}</td></tr>`)
    .join('');
  return `<div class="scroll"><table class="points" data-goal="${esc(g.ref)}"><caption>${esc(g.ref)} data points${g.measure ? ` (${esc(g.measure)})` : ''}</caption>
<thead><tr><th scope="col">When</th><th scope="col">Value</th><th scope="col">Source</th><th scope="col">Recorded by</th><th scope="col">Verified</th></tr></thead><tbody>${rows}</tbody></table></div>${more(g.points.length, g.pointsTotal, 'earlier data points')}`;
}

function goalsHtml(page: TeamPage): string {
  if (page.goals.length === 0) return '<p class="empty">No goals yet.</p>';
  const measured = page.goals.some((g) => g.measure !== null || g.baseline !== null || g.target !== null || g.latest !== null);
  const head = measured ? '<th scope="col">Measure</th><th scope="col">Baseline → latest → target</th>' : '';
  const rows = page.goals
    .map((g) => {
      const cells = measured ? `<td>${esc(g.measure ?? '—')}</td><td class="progress">${progressHtml(g)}</td>` : '';
      return `<tr data-goal="${esc(g.ref)}"><th scope="row">${esc(g.ref)}</th><td>${esc(g.text)}</td><td>${esc(g.owner ?? '—')}</td>${cells}<td>${esc(g.due ?? '—')}</td><td>${esc(g.status)}</td></tr>`;
    })
    .join('');
  const table = `<div class="scroll"><table class="goals"><caption>Goals</caption><thead><tr><th scope="col">Goal</th><th scope="col">What</th><th scope="col">Owner</th>${head}<th scope="col">Due</th><th scope="col">Status</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  const points = page.goals.filter((g) => g.points.length > 0).map(pointsHtml);
  return `${table}${points.length ? `\n<h3>Data points</h3>\n${points.join('\n')}` : ''}`;
}

function decisionsHtml(page: TeamPage): string {
  const d = page.decisions;
  if (d.items.length === 0) return '<p class="empty">No decisions yet.</p>';
  const rows = d.items
    .map((x) => {
      // No longer in force: struck through, as `list decisions` shows it.
      const gone = x.state === 'superseded' || x.state === 'retracted' || x.state === 'rejected';
      const what = `${gone ? `<s>${esc(x.text)}</s>` : esc(x.text)}${x.replaces ? ` <span class="why">(replaces ${esc(x.replaces)})</span>` : ''}${x.why ? `<br><span class="why">Why: ${esc(x.why)}</span>` : ''}`;
      return `<tr data-status="${esc(x.state)}"><th scope="row">${esc(x.ref)}</th><td>${what}</td><td>${esc(x.executor ?? '—')}</td><td>${esc(x.date)}</td><td>${esc(x.by ?? '—')}</td><td class="status">${esc(x.status)}</td></tr>`;
    })
    .join('');
  return `<div class="scroll"><table class="decisions"><caption>Decisions, newest first</caption><thead><tr><th scope="col">Decision</th><th scope="col">What</th><th scope="col">Executes</th><th scope="col">Decided</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead><tbody>${rows}</tbody></table></div>${more(d.items.length, d.total, 'decisions')}`;
}

function commitmentsHtml(page: TeamPage): string {
  if (page.commitments.length === 0) return '<p class="empty">No open commitments.</p>';
  return page.commitments
    .map(
      (p) =>
        `<h3>${esc(p.person)} <span class="count">(${p.total} open)</span></h3><ul class="commitments">${p.items
          .map((c) => `<li${c.overdue ? ' class="overdue"' : ''}><strong>${esc(c.ref)}</strong> ${esc(c.text)} · ${esc(c.due)}${c.askedBy ? ` · <em>asked by ${esc(c.askedBy)}, not accepted yet</em>` : ''}</li>`)
          .join('')}</ul>${more(p.items.length, p.total, 'open commitments')}`,
    )
    .join('');
}

function blockersHtml(page: TeamPage): string {
  const b = page.blockers;
  if (b.items.length === 0) return '<p class="empty">No open blockers.</p>';
  const rows = b.items
    .map((x) => `<tr><th scope="row">${esc(x.ref)}</th><td>${esc(x.text)}</td><td class="num">${x.ageDays}</td><td>${esc(x.raisedBy)}, ${esc(x.opened)}</td><td>${esc(x.unblocker ?? '—')}</td></tr>`)
    .join('');
  return `<div class="scroll"><table><caption>Open blockers, longest open first</caption><thead><tr><th scope="col">Blocker</th><th scope="col">What</th><th scope="col">Days open</th><th scope="col">Raised</th><th scope="col">To unblock</th></tr></thead><tbody>${rows}</tbody></table></div>${more(b.items.length, b.total, 'open blockers')}`;
}

function participationHtml(page: TeamPage): string {
  const checkins = page.trends.find((t) => t.metric === 'checkins');
  const overall = checkins ? `<p>Over the last ${checkins.weeks.length} weeks: <strong>${esc(checkins.shown)}</strong> answered. The week-by-week rate is under “The numbers”.</p>` : '';
  if (page.participation.length === 0) return `${overall}<p class="empty">No check-ins were sent in this period.</p>`;
  const rows = page.participation.map((p) => `<tr><th scope="row">${esc(p.person)}</th><td class="num">${p.answered}</td><td class="num">${p.sent}</td></tr>`).join('');
  return `${overall}<div class="scroll"><table><caption>Check-ins answered per person, the last 12 weeks</caption><thead><tr><th scope="col">Person</th><th scope="col">Answered</th><th scope="col">Sent</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

const SECTIONS = [
  ['numbers', 'The numbers, week by week'],
  ['participation', 'Check-in participation'],
  ['goals', 'Goals'],
  ['decisions', 'Decisions'],
  ['commitments', 'Open commitments by person'],
  ['blockers', 'Open blockers by age'],
] as const;

/** The whole page. Charts are drawn concurrently; the rest is string building. */
export async function pageHtml(page: TeamPage, opts: { stylesheet: string; builtBy: string }): Promise<string> {
  const trends = await Promise.all(page.trends.map((t) => trendHtml(t)));
  const body: Record<(typeof SECTIONS)[number][0], string> = {
    numbers: trends.join('\n'),
    participation: participationHtml(page),
    goals: goalsHtml(page),
    decisions: decisionsHtml(page),
    commitments: commitmentsHtml(page),
    blockers: blockersHtml(page),
  };
  const sections = SECTIONS.map(([id, title]) => `<section id="${id}" aria-labelledby="${id}-h">${stamp(page)}<h2 id="${id}-h">${esc(title)}</h2>\n${body[id]}\n</section>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${esc(page.team.name)} — the team's page · Baton</title>
<link rel="stylesheet" href="${esc(opts.stylesheet)}">
</head>
<body>
<header class="top">
<h1>${esc(page.team.name)}</h1>
<p class="built">Built <time datetime="${new Date(page.builtAt).toISOString()}">${esc(page.builtLabel)}</time> · times in <span class="tz">${esc(page.tz)}</span> · the link of ${esc(page.viewer)}</p>
<nav aria-label="Sections"><ul>${SECTIONS.map(([id, title]) => `<li><a href="#${id}">${esc(title)}</a></li>`).join('')}</ul></nav>
</header>
<main>
${sections}
</main>
<footer><p>${esc(opts.builtBy)}. This page is private to ${esc(page.team.name)}: do not forward the link. <code>dashboard revoke</code> ends it.</p></footer>
</body>
</html>
`;
}
