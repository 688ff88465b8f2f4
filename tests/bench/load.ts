// Load over loopback with autocannon: throughput at full tilt, or latency at a steady rate.
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  url: string;
  /** Builds each request: a fresh body and headers (signatures, unique ids). */
  request: () => { body: string; headers: Record<string, string> };
  connections?: number;
  durationSec?: number;
  /** Requests per second across all connections; unset = as fast as the server answers. */
  rate?: number;
  /** Stop after this many requests (or the duration, whichever comes first). */
  amount?: number;
}

export async function load(o: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: o.url,
    connections: o.connections ?? 50,
    duration: o.durationSec ?? 10,
    ...(o.rate ? { overallRate: o.rate } : {}),
    ...(o.amount ? { amount: o.amount } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const { body, headers } = o.request();
          return { ...req, method: 'POST', body, headers: { ...req.headers, ...headers } };
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
