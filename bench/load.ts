import autocannon from 'autocannon';
import { BENCH_HEADERS } from './consumer.js';

/** One closed-loop load run against a GraphQL endpoint. */
export interface LoadOptions {
  url: string;
  connections: number;
  /** The body of each next request. */
  nextBody: () => string;
  /** Seconds to run; or else `amount`, the requests to complete. */
  duration?: number;
  amount?: number;
  /** Requests per second over all connections; without it, as fast as the gateway answers. */
  rate?: number;
}

/** What a load run measured. */
export interface LoadResult {
  /** Requests completed. */
  requests: number;
  seconds: number;
  /** Mean of the per-second samples. */
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** 2xx answers that carry GraphQL `errors`. */
  graphqlErrors: number;
  /** Responses per HTTP status. */
  statusCodes: Record<string, number>;
}

// A naive payroll check sends thousands of statements: its latency is measured, not cut off.
const REQUEST_TIMEOUT_SECONDS = 120;

/** Loads `url` with POST /graphql requests, each with its own body, and summarises the run. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount === undefined ? { duration: options.duration } : { amount: options.amount }),
    timeout: REQUEST_TIMEOUT_SECONDS,
    ...(options.rate === undefined ? {} : { overallRate: options.rate }),
    method: 'POST',
    headers: { 'content-type': 'application/json', ...BENCH_HEADERS },
    requests: [
      {
        method: 'POST',
        setupRequest(request) {
          request.body = options.nextBody();
          return request;
        },
      },
    ],
    // GraphQL reports failures inside a 200 answer; autocannon counts these as mismatches.
    verifyBody: (body) => body !== undefined && !body.includes('"errors":'),
  });
  return {
    requests: result.requests.total,
    seconds: result.duration,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    graphqlErrors: result.mismatches,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, count ?? 0])),
  };
}

/** Every failure of a run: non-2xx answers, connection errors and GraphQL errors. */
export function failuresOf(result: LoadResult): number {
  return result.non2xx + result.errors + result.graphqlErrors;
}
