// Pacing one workspace's sends to its platform's limit (Slack: chat.postMessage per workspace;
// Teams: per tenant), so that a fan-out to hundreds of people runs at the rate the platform allows
// rather than bursting into 429s.
//
// A token bucket in real (monotonic) time: bursts are kept to a quarter of a second's worth, so
// network jitter never pushes Baton over a limit it paces exactly to. When the platform answers
// "too many" anyway (its limit is lower than declared, or something else shares it), the lane
// pauses until Retry-After — on the dispatcher's clock, like the message's own retry — and slows
// down by a quarter, coming back to the declared rate gradually as sends succeed.

/** How far a lane slows after each 429, and the slowest it goes (as a share of its declared rate). */
const SLOW_DOWN = 0.75;
const SLOWEST = 0.1;
/** Each successful send gives back this share of the declared rate after a slow-down. */
const RECOVERY_STEP = 1 / 400;

export class Lane {
  private rate: number;
  private tokens: number;
  private at: number;
  private readonly burst: number;
  /** No sends before this instant (dispatcher clock, epoch ms): the platform's Retry-After. */
  pausedUntil = 0;

  constructor(
    /** The declared rate, per second; null = no pacing. */
    private readonly perSecond: number | null,
    private readonly monotonic: () => number = () => performance.now(),
  ) {
    this.rate = perSecond ?? Number.POSITIVE_INFINITY;
    this.burst = perSecond ? Math.max(1, Math.ceil(perSecond / 4)) : Number.POSITIVE_INFINITY;
    this.tokens = this.burst;
    this.at = this.monotonic();
  }

  get paced(): boolean {
    return this.perSecond !== null;
  }

  /** The rate the lane sends at now, per second. */
  get currentRate(): number {
    return this.rate;
  }

  /** Reserves the next send; returns how long to wait before starting it (ms). */
  reserve(): number {
    if (!this.perSecond) return 0;
    const t = this.monotonic();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.at) * this.rate) / 1000);
    this.at = t;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.rate;
  }

  isPaused(now: number): boolean {
    return now < this.pausedUntil;
  }

  /** The platform said "too many": pause until `until`, and slow down. */
  throttled(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    if (!this.perSecond) return;
    this.rate = Math.max(this.perSecond * SLOWEST, this.rate * SLOW_DOWN);
    this.tokens = Math.min(this.tokens, 0);
  }

  /** A send went through: climb back towards the declared rate. */
  succeeded(): void {
    if (!this.perSecond || this.rate >= this.perSecond) return;
    this.rate = Math.min(this.perSecond, this.rate + this.perSecond * RECOVERY_STEP);
  }
}
