import { teamBot } from '../support/core.js';
const t = await teamBot();
const inv = t.invocation('alice');
for (const text of ['commit Draft the budget memo by Friday', 'update Progress made', 'list', 'help']) {
  for (let i = 0; i < 200; i++) await t.bot.command({ ...inv, dedupeKey: `w${text}${i}` }, text);
  await t.dispatcher.drain();
  const n = 2000;
  let start = performance.now();
  for (let i = 0; i < n; i++) await t.bot.command({ ...inv, dedupeKey: `${text}${i}` }, text);
  const cmd = (performance.now() - start) / n;
  start = performance.now();
  await t.dispatcher.drain();
  const deliver = (performance.now() - start) / n;
  console.log(text.padEnd(42), `command ${cmd.toFixed(3)} ms`, `deliver ${deliver.toFixed(3)} ms`);
}
t.close();
