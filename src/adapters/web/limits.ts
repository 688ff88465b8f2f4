// The page's limits and sizes, as data in one place.
export const CHART = {
  width: 420,
  height: 150,
  color: '#2f5d8a',
  /** Charts kept drawn (a few KB each). */
  cacheEntries: 500,
} as const;

export const GUESSES = {
  /** Links that open nothing, per address, before the address is made to wait. */
  misses: 20,
  /** Requests of any kind, per address, in one window. */
  requests: 120,
  windowMs: 10 * 60_000,
  /** Addresses remembered at once; the oldest window is forgotten first. */
  addresses: 10_000,
} as const;
