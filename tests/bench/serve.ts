// One server under test, in its own process, so the load generator and the fake platforms don't
// share its event loop: `tsx tests/bench/serve.ts <bolt-ack|bolt-insert|bolt-insert-pg|echo|baton>`. Prints
// {"url": …} once listening; stops on SIGTERM (Baton: after finishing what it accepted).
import { startServer } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLog } from '../support/core.js';
import { bareBolt, bareBoltPostgres, bareEchoBot } from './floors.js';

const kind = process.argv[2];
let stop: () => Promise<void>;
let url: string;
if (kind === 'bolt-ack' || kind === 'bolt-insert') {
  const s = await bareBolt(kind === 'bolt-insert');
  url = s.url;
  stop = s.stop;
} else if (kind === 'bolt-insert-pg') {
  const s = await bareBoltPostgres(process.env.DATABASE_URL!);
  url = s.url;
  stop = s.stop;
} else if (kind === 'echo') {
  const s = await bareEchoBot();
  url = s.url;
  stop = s.stop;
} else if (kind === 'baton') {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const app = await startServer(loaded.config, { log: silentLog });
  url = `http://127.0.0.1:${app.port}`;
  stop = () => app.stop();
} else {
  throw new Error(`unknown server ${kind}`);
}
process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);
process.once('SIGTERM', () => {
  void stop().then(() => process.exit(0));
});
