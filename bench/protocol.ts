import type { CountersSnapshot } from '../src/counters.js';

/**
 * How the benchmarked gateway reads: key by key, batched, batched behind the Redis cache, or batched
 * behind the in-process cache of a gateway without Redis; or, to measure what the audit trail costs,
 * behind the Redis cache with a trail that records nothing.
 */
export const GATEWAY_MODES = ['naive', 'batched', 'cached', 'in-process', 'cached-no-trail'] as const;
export type GatewayMode = (typeof GATEWAY_MODES)[number];

/** Connections in each PostGraphile peer's pool: as many as the gateway keeps per registry by default. */
export const PEER_POOL_SIZE = 10;

/** The first message of a child process: where it listens. */
export interface ReadyMessage {
  url: string;
}

/** A gateway child's answer to `'report'`. */
export interface GatewayReport extends BareReport {
  counters: CountersSnapshot;
  /** Its resident set size now, in kilobytes. */
  rssKb: number;
  /** Requests received since start. */
  requestsReceived: number;
  /** Requests the gateway is still working on, abandoned ones included. */
  requestsInFlight: number;
}

/** The answer to `'report'` of the bare server, the engine floor or a PostGraphile peer. */
export interface BareReport {
  /** The process's peak resident set size, in kilobytes. */
  maxRssKb: number;
  /** CPU time the process has used since start, user and system, in microseconds. */
  cpuMicros: number;
  /** Of it, the system's: the kernel's work for its system calls. */
  systemCpuMicros: number;
  /** Times its threads gave up a core to wait (voluntary context switches) since start. */
  waits: number;
  /** How long its garbage collector has held its main thread since start, in microseconds. */
  gcMicros: number;
  /** Collections of its old generation since start. */
  oldGenerationGcs: number;
}

/** What the parent sends the bare server before it listens: the bytes to answer with. */
export interface BareBodyMessage {
  bodyBase64: string;
}

/** What the parent sends the engine floor before it listens: the citizen it answers with. */
export interface FloorCitizenMessage {
  citizen: unknown;
}

/** The parent's requests to a child. */
export type ParentCommand = 'report' | 'stop';

/** True for a mode the gateway child knows. */
export function isGatewayMode(value: unknown): value is GatewayMode {
  return (GATEWAY_MODES as readonly unknown[]).includes(value);
}
