// Pacing sends to Teams: per conversation (7/1 s, 8/2 s, 60/30 s, 1,800/h) and per tenant, so a
// large team's fan-out stays under the limits instead of collecting 429s. Each send waits until
// one more keeps every sliding window within its maximum. Time is injected for tests.
import type { RateWindow } from './limits.js';

export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTime: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RateLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly longest: number;

  constructor(
    private readonly windows: RateWindow[],
    private readonly clock: LimiterClock = realTime,
  ) {
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /** How long a send to `key` must wait now (0: it may go). */
  delay(key: string, now = this.clock.now()): number {
    const times = this.prune(key, now);
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = times.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.max) wait = Math.max(wait, inWindow[inWindow.length - w.max]! + w.ms - now);
    }
    return wait;
  }

  /** Waits for a slot for `key`, then takes it. */
  async acquire(key: string): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const wait = this.delay(key, now);
      if (wait <= 0) {
        // Checked and taken with no await in between: concurrent callers can't both take the last slot.
        const times = this.sent.get(key) ?? [];
        times.push(now);
        this.sent.set(key, times);
        return;
      }
      await this.clock.sleep(wait);
    }
  }

  private prune(key: string, now: number): number[] {
    const times = (this.sent.get(key) ?? []).filter((t) => t > now - this.longest);
    if (times.length) this.sent.set(key, times);
    else this.sent.delete(key);
    if (this.sent.size > 10_000) {
      for (const [k, v] of this.sent) if (!v.some((t) => t > now - this.longest)) this.sent.delete(k);
    }
    return times;
  }
}
