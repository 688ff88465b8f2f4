// The page's one stylesheet, served by Baton itself (the CSP allows no other). Screen, phone
// (nothing wider than the screen at 390 px) and print (a board packet: each section on its own
// sheet, stamped with the team and the date).
export const PAGE_CSS = `
:root { --ink: #1d2430; --muted: #5a6472; --line: #d9dee5; --accent: #2f5d8a; --late: #a23b1f; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; overflow-wrap: anywhere; }
header.top, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 16px; }
header.top { padding-top: 16px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 0 0 12px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 16px 0 4px; }
h4 { font-size: 0.95rem; margin: 12px 0 4px; color: var(--muted); }
.built, .how, .more, .empty, .count, .why, .span { color: var(--muted); }
.how { margin: 0 0 8px; font-size: 0.9rem; }
nav ul { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
nav a { color: var(--accent); }
section { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 16px; margin: 16px 0; }
.stamp { display: none; }
.trend { border-top: 1px solid var(--line); padding-top: 8px; margin-top: 16px; }
.trend:first-of-type { border-top: 0; margin-top: 0; }
.pair { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.chart { margin: 0; flex: 1 1 320px; min-width: 0; }
.chart svg { display: block; max-width: 100%; height: auto; }
.scroll { flex: 1 1 320px; min-width: 0; max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
thead th { border-bottom: 2px solid var(--line); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
ul.records, ul.commitments { margin: 4px 0; padding-left: 20px; font-size: 0.9rem; }
li.overdue { color: var(--late); }
em.unverified, tr.unverified em { color: var(--late); }
tr[data-status="superseded"], tr[data-status="retracted"], tr[data-status="rejected"] { color: var(--muted); }
table.points { margin-top: 8px; }
code { font-size: 0.9em; }
footer { color: var(--muted); font-size: 0.85rem; padding-bottom: 24px; }
@media (max-width: 600px) {
  body { font-size: 15px; }
  header.top, main, footer { padding-left: 8px; padding-right: 8px; }
  section { padding: 10px; border-radius: 0; }
  th, td { padding: 4px; }
}
@media print {
  @page { margin: 16mm 14mm; }
  body { background: white; font-size: 11pt; }
  nav, footer { display: none; }
  section { border: 0; padding: 0; margin: 0; break-before: page; }
  section:first-of-type { break-before: auto; }
  .stamp { display: block; font-size: 9pt; color: var(--muted); margin: 0 0 6pt; }
  .trend, table, figure { break-inside: avoid; }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;
