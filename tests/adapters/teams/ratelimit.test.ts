// Pacing per conversation: however many sends are queued at once, no window of Teams' limits
// (7 per second, 8 per 2 s, 60 per 30 s) is exceeded. Time is simulated.
import { describe, expect, it } from 'vitest';
import { CONVERSATION_RATE } from '../../../src/adapters/teams/limits.js';
import { type LimiterClock, RateLimiter } from '../../../src/adapters/teams/ratelimit.js';

/** A clock that jumps forward when everyone waiting is asleep. */
function simulatedClock(): LimiterClock & { run(): Promise<void> } {
  let now = 0;
  const sleepers: { until: number; wake: () => void }[] = [];
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ until: now + ms, wake })),
    async run() {
      for (let i = 0; i < 10_000; i++) {
        await new Promise((r) => setImmediate(r));
        if (sleepers.length === 0) return;
        sleepers.sort((a, b) => a.until - b.until);
        const next = sleepers.shift()!;
        now = Math.max(now, next.until);
        next.wake();
      }
    },
  };
}

describe('rate limits', () => {
  it('100 sends queued at once to one conversation respect every window', async () => {
    const clock = simulatedClock();
    const limiter = new RateLimiter(CONVERSATION_RATE, clock);
    const times: number[] = [];
    const all = Promise.all(Array.from({ length: 100 }, () => limiter.acquire('conv').then(() => times.push(clock.now()))));
    await clock.run();
    await all;
    expect(times).toHaveLength(100);
    for (const w of CONVERSATION_RATE) {
      for (const t of times) expect(times.filter((x) => x >= t && x < t + w.ms).length, `${w.max} per ${w.ms} ms`).toBeLessThanOrEqual(w.max);
    }
    // And no slower than it must be: 60 per 30 s means the 100th goes out within a minute.
    expect(Math.max(...times)).toBeLessThan(61_000);
  });

  it('conversations are paced independently', () => {
    const clock = simulatedClock();
    const limiter = new RateLimiter(CONVERSATION_RATE, clock);
    for (let i = 0; i < 7; i++) void limiter.acquire('a');
    expect(limiter.delay('a')).toBeGreaterThan(0);
    expect(limiter.delay('b')).toBe(0);
  });
});
