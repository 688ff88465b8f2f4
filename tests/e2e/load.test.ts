// A short run of the load scenario (tests/load/scenario.ts) inside `npm test`: signed commands
// at 100/s for 5 s against Baton in its own process while a check-in fans out to 50 members.
// It checks what must hold on any machine — every command answered "got it" and recorded once,
// every member's check-in sent once — and prints the latencies without judging them (a slow CI
// machine must not fail a test; `npm run test:load` holds the 3 s line on the full run).
import { describe, expect, it } from 'vitest';
import { problems, runLoad, summary } from '../load/scenario.js';

describe('under load (short run)', () => {
  it('acknowledges every command, records each once, and the fan-out sends each check-in once', async () => {
    const report = await runLoad({ members: 50, rate: 100, seconds: 5, ackTimeoutSec: 30 });
    console.log(summary(report));
    expect(problems(report)).toEqual([]);
    expect(report.acknowledged).toBeGreaterThan(300);
  }, 120_000);
});
