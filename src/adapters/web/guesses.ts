// A flood of guesses at links, held back per address: each address may ask for a bounded number
// of pages, and open only a few links that lead nowhere, per window; past either it gets 429.
import { GUESSES } from './limits.js';

interface Tally {
  since: number;
  requests: number;
  misses: number;
}

export class Guesses {
  private readonly tallies = new Map<string, Tally>();

  constructor(private readonly now: () => number) {}

  private tally(address: string): Tally {
    const now = this.now();
    let t = this.tallies.get(address);
    if (!t || now - t.since >= GUESSES.windowMs) {
      if (t) this.tallies.delete(address);
      t = { since: now, requests: 0, misses: 0 };
      this.tallies.set(address, t);
      if (this.tallies.size > GUESSES.addresses) this.tallies.delete(this.tallies.keys().next().value!);
    }
    return t;
  }

  /** Counts a request; the milliseconds to wait when this address has asked too much, else 0. */
  admit(address: string): number {
    const t = this.tally(address);
    t.requests++;
    if (t.requests > GUESSES.requests || t.misses >= GUESSES.misses) return Math.max(1, t.since + GUESSES.windowMs - this.now());
    return 0;
  }

  /** A link that opened nothing. */
  missed(address: string): void {
    this.tally(address).misses++;
  }
}
