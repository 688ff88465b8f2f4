// Pacing a workspace's sends: a token bucket on a monotonic clock (here a hand-moved one), short
// bursts, a pause and a slow-down when the platform says "too many", and a gradual recovery.
import { describe, expect, it } from 'vitest';
import { Lane } from '../../src/scheduler/pace.js';

describe('a lane', () => {
  it('without a declared rate never waits', () => {
    const lane = new Lane(null, () => 0);
    for (let i = 0; i < 1000; i++) expect(lane.reserve()).toBe(0);
    expect(lane.paced).toBe(false);
  });

  it('lets a quarter second’s burst go at once, then spaces sends at the declared rate', () => {
    let t = 0;
    const lane = new Lane(100, () => t);
    const waits = Array.from({ length: 30 }, () => lane.reserve());
    expect(waits.slice(0, 25)).toEqual(Array(25).fill(0));
    expect(waits.slice(25).map((w) => Math.round(w))).toEqual([10, 20, 30, 40, 50]);
    // One second later the bucket holds a quarter second again, no more.
    t = 1_000;
    expect(Array.from({ length: 26 }, () => lane.reserve()).filter((w) => w > 0)).toHaveLength(1);
  });

  it('a 429 pauses it until Retry-After and slows it by a quarter; successes bring the rate back', () => {
    const lane = new Lane(100, () => 0);
    lane.throttled(5_000);
    expect(lane.isPaused(4_999)).toBe(true);
    expect(lane.isPaused(5_000)).toBe(false);
    expect(lane.currentRate).toBe(75);
    lane.throttled(6_000);
    expect(lane.currentRate).toBeCloseTo(56.25);
    for (let i = 0; i < 1_000; i++) lane.succeeded();
    expect(lane.currentRate).toBe(100);
  });

  it('never slows below a tenth of its rate', () => {
    const lane = new Lane(10, () => 0);
    for (let i = 0; i < 50; i++) lane.throttled(0);
    expect(lane.currentRate).toBe(1);
  });
});
