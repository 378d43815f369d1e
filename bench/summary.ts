import type { CounterFigures } from './counterFigures.js';
import type { LoadResult } from './load.js';
import type { MachineCpu } from './machineCpu.js';
import type { BenchOptions } from './options.js';
import type { GatewayMode } from './protocol.js';
import type { Dialect, PeerScenarioId } from './peers.js';
import type { ScenarioId } from './scenarios.js';

/** PostGraphile v4 and v5, the peers the gateway is set against in scenarios (A) and (B). */
export const PEER_MODES = ['postgraphile-v4', 'postgraphile-v5'] as const;
export type PeerMode = (typeof PEER_MODES)[number];

/** A gateway mode, the bare HTTP server (the ceiling), the GraphQL engine alone (scenario (a)'s floor), or a peer. */
export type RunMode = GatewayMode | 'bare' | 'engine' | PeerMode;

/** One run of a mode in one scenario: its warm-up, its measured run and what the process counted. */
export interface ModeResult {
  mode: RunMode;
  connections: number;
  /** Which turn of a mode run several times, from 1; null for a mode run once. */
  round: number | null;
  warmUp: { description: string; load: LoadResult };
  measured: LoadResult;
  /** Null for the bare server, the engine floor and the peers, which count nothing. */
  counters: CounterFigures | null;
  peakRssMb: number;
  /** The server process's CPU time (user and system) over the measured run, per request it answered. */
  cpuPerRequestUs: number;
  /** Of it, the system's. */
  systemCpuPerRequestUs: number;
  /**
   * Times its threads gave up a core to wait over the measured run, per request answered: a server
   * held by what it waits for (the trail's commits) sleeps and wakes more often than one held by its
   * CPU, and each wake finds the core's caches filled by another process.
   */
  waitsPerRequest: number;
  /** How long its garbage collector held its main thread over the measured run, per request answered. */
  gcPerRequestUs: number;
  /** Collections of its old generation over the measured run, per 1 000 requests answered. */
  oldGenerationGcsPer1000: number;
  /** The whole machine's CPU over the measured run, per request answered, and who spent it; null off Linux. */
  machineCpu: MachineCpu | null;
  /** The child's log lines by level and message. */
  logs: Record<string, number>;
}

/**
 * Requests per second of one mode over another's, each its median run's, at the run's connections;
 * null when either was not measured.
 */
export interface Ratios {
  batchedOverNaive: number | null;
  cachedOverNaive: number | null;
  cachedOverBatched: number | null;
  cachedOverBare: number | null;
  inProcessOverBare: number | null;
  engineOverBare: number | null;
  /**
   * The gateway with the trail over the same without it, at each number of connections both ran with:
   * the median of the rounds' ratios, each of two runs loaded one after the other.
   */
  cachedOverNoTrail: Array<{ connections: number; ratio: number | null }>;
}

export interface ScenarioResult {
  id: ScenarioId;
  title: string;
  query: string;
  modes: ModeResult[];
  ratios: Ratios;
}

/**
 * The gateway's requests per second over the faster peer's and over the bare server's, each its
 * median run's, at the run's connections; null when either was not measured.
 */
export interface PeerRatios {
  /** The peer whose median run answered more requests per second; null when no peer was measured. */
  fasterPeer: PeerMode | null;
  cachedOverFasterPeer: number | null;
  inProcessOverFasterPeer: number | null;
  cachedOverBare: number | null;
  inProcessOverBare: number | null;
  /** The gateway behind Redis whose trail records nothing, over the faster peer: what the gateway would answer if its trail cost nothing. */
  noTrailOverFasterPeer: number | null;
  /** The cached gateway over the same whose trail records nothing, the median of the rounds' ratios: what the trail costs against the peers. */
  cachedOverNoTrail: number | null;
}

/** A scenario that sets the gateway against the peers: each server's runs, round by round. */
export interface PeerScenarioResult {
  id: PeerScenarioId;
  title: string;
  queries: Record<Dialect, string>;
  /** The keys every server's answers were found equal on before any was measured. */
  keysCompared: number;
  modes: ModeResult[];
  ratios: PeerRatios;
}

/** A goal the design set; measured, not asserted. */
export interface Target {
  description: string;
  /** The measured figure, null when its scenario did not run. */
  measured: number | null;
  unit: string;
  met: boolean | null;
  /** For a target on requests a second against another run: what the machine may spend a request to meet it. */
  budget: MachineBudget | null;
}

/**
 * What the whole machine may spend a request, in µs of its CPU, for a gateway to answer `threshold`
 * times as many requests a second as the run it is set against, on the same cores shared with the
 * databases and the load generator, and what the gateway's run spent. The run set against answered
 * r a second spending c a request, its cores busy b of the time: threshold × r a second, the cores as
 * busy, leaves c / threshold a request; every core busy all the time, c / (b × threshold).
 */
export interface MachineBudget {
  atSameBusyUs: number;
  atFullBusyUs: number;
  /** The gateway's run: the machine's CPU a request, all of it and that of its own process. */
  spentUs: number;
  serverUs: number;
  /** What the machine spent a request outside the gateway's process (PostgreSQL, Redis, the load generator, the kernel): what every core busy leaves that process is `atFullBusyUs` less this. */
  outsideServerUs: number;
}

/** The run of `mode` with `connections` whose requests per second are the median of its rounds; undefined when none ran. */
export function medianRun(modes: readonly ModeResult[], mode: RunMode, connections: number): ModeResult | undefined {
  const runs = modes
    .filter((result) => result.mode === mode && result.connections === connections)
    .sort((x, y) => x.measured.requestsPerSecond - y.measured.requestsPerSecond);
  // An odd number of rounds: the middle one.
  return runs[Math.floor(runs.length / 2)];
}

/** Requests per second of the median run of `over` over that of `under`, both at `connections`; null when either was not measured. */
export function medianRatio(modes: readonly ModeResult[], over: RunMode, under: RunMode, connections: number): number | null {
  const top = medianRun(modes, over, connections)?.measured.requestsPerSecond;
  const bottom = medianRun(modes, under, connections)?.measured.requestsPerSecond;
  return top !== undefined && bottom ? top / bottom : null;
}

/** The ratios of a scenario's modes, whose runs were loaded with `connections` unless said otherwise. */
export function ratiosOf(modes: readonly ModeResult[], connections: number): Ratios {
  const ratio = (over: RunMode, under: RunMode) => medianRatio(modes, over, under, connections);
  const withoutTrail = new Set(modes.filter((result) => result.mode === 'cached-no-trail').map((result) => result.connections));
  return {
    batchedOverNaive: ratio('batched', 'naive'),
    cachedOverNaive: ratio('cached', 'naive'),
    cachedOverBatched: ratio('cached', 'batched'),
    cachedOverBare: ratio('cached', 'bare'),
    inProcessOverBare: ratio('in-process', 'bare'),
    engineOverBare: ratio('engine', 'bare'),
    cachedOverNoTrail: [...withoutTrail].map((at) => ({ connections: at, ratio: pairedRatio(modes, 'cached', 'cached-no-trail', at) })),
  };
}

/** The gateway's ratios to the faster peer and to the bare server, the runs loaded with `connections`. */
export function peerRatiosOf(modes: readonly ModeResult[], connections: number): PeerRatios {
  const rate = (mode: PeerMode) => medianRun(modes, mode, connections)?.measured.requestsPerSecond ?? -1;
  const measured = PEER_MODES.filter((mode) => rate(mode) >= 0);
  const fasterPeer = measured.length === 0 ? null : measured.reduce((faster, mode) => (rate(mode) > rate(faster) ? mode : faster));
  const overFaster = (mode: GatewayMode) => (fasterPeer === null ? null : medianRatio(modes, mode, fasterPeer, connections));
  return {
    fasterPeer,
    cachedOverFasterPeer: overFaster('cached'),
    inProcessOverFasterPeer: overFaster('in-process'),
    cachedOverBare: medianRatio(modes, 'cached', 'bare', connections),
    inProcessOverBare: medianRatio(modes, 'in-process', 'bare', connections),
    noTrailOverFasterPeer: overFaster('cached-no-trail'),
    cachedOverNoTrail: pairedRatio(modes, 'cached', 'cached-no-trail', connections),
  };
}

// The median over the rounds of one mode's requests per second over the other's in the same round:
// the two runs of a round are loaded one after the other, so the machine's drift weighs on both alike.
function pairedRatio(modes: readonly ModeResult[], over: RunMode, under: RunMode, connections: number): number | null {
  const runOf = (mode: RunMode, round: number | null) => modes.find((result) => result.mode === mode && result.connections === connections && result.round === round);
  const ratios = modes
    .filter((result) => result.mode === over && result.connections === connections)
    .flatMap(({ round, measured }) => {
      const bottom = runOf(under, round)?.measured.requestsPerSecond;
      return bottom ? [measured.requestsPerSecond / bottom] : [];
    })
    .sort((x, y) => x - y);
  // An odd number of rounds: the middle one.
  return ratios.length === 0 ? null : ratios[Math.floor(ratios.length / 2)]!;
}

// The peak RSS a gateway may reach under (B).
const PEAK_RSS_MB = 250;

/** The targets, from the scenarios, the gateway's own and against the peers, that ran with these options. */
export function targetsOf(
  scenarios: ReadonlyMap<ScenarioId, ScenarioResult>,
  peers: ReadonlyMap<PeerScenarioId, PeerScenarioResult>,
  options: Pick<BenchOptions, 'connections' | 'trailConnections'>,
): Target[] {
  const a = scenarios.get('a');
  const b = scenarios.get('b');
  const A = peers.get('A');
  const B = peers.get('B');
  const peaks = (['cached', 'in-process'] as const).flatMap((mode) => {
    const run = B && medianRun(B.modes, mode, options.connections);
    return run ? [run.peakRssMb] : [];
  });
  const peakUnderB = peaks.length === 0 ? null : Math.max(...peaks);
  const warmStatements = medianRun(a?.modes ?? [], 'cached', options.connections)?.counters?.statementsPerRequest ?? null;
  const trailCost = (scenario: ScenarioResult | undefined, connections: number) =>
    scenario?.ratios.cachedOverNoTrail.find((measured) => measured.connections === connections)?.ratio ?? null;
  const over = (scenario: { modes: readonly ModeResult[] } | undefined, mode: RunMode, under: RunMode | null, connections = options.connections): Versus => ({
    modes: scenario?.modes ?? [], over: mode, under, connections,
  });
  return [
    atLeast('(b) cached requests/s ≥ 20 × naive', b?.ratios.cachedOverNaive ?? null, 20, '× naive', over(b, 'cached', 'naive')),
    atLeast('(a) cached requests/s ≥ 0.25 × bare', a?.ratios.cachedOverBare ?? null, 0.25, '× bare', over(a, 'cached', 'bare')),
    {
      description: '(a) warm Zipf run, cached: < 50 registry statements per 1000 requests',
      measured: warmStatements === null ? null : warmStatements * 1000,
      unit: 'per 1000 requests',
      met: warmStatements === null ? null : warmStatements * 1000 < 50,
      budget: null,
    },
    ...options.trailConnections.map((connections) =>
      atLeast(`(a) cached requests/s with the trail ≥ 0.85 × without, ${connections} connections`, trailCost(a, connections), 0.85, '× no trail', over(a, 'cached', 'cached-no-trail', connections)),
    ),
    atLeast(`(b) cached requests/s with the trail ≥ 0.8 × without, ${options.connections} connections`, trailCost(b, options.connections), 0.8, '× no trail', over(b, 'cached', 'cached-no-trail')),
    atLeast('(A) cached requests/s ≥ 1.5 × the faster PostGraphile', A?.ratios.cachedOverFasterPeer ?? null, 1.5, '× PostGraphile', over(A, 'cached', A?.ratios.fasterPeer ?? null)),
    atLeast('(A) in-process requests/s ≥ 1.5 × the faster PostGraphile', A?.ratios.inProcessOverFasterPeer ?? null, 1.5, '× PostGraphile', over(A, 'in-process', A?.ratios.fasterPeer ?? null)),
    atLeast('(B) cached requests/s ≥ 1.0 × the faster PostGraphile', B?.ratios.cachedOverFasterPeer ?? null, 1.0, '× PostGraphile', over(B, 'cached', B?.ratios.fasterPeer ?? null)),
    {
      description: `(B) peak RSS of the gateways < ${PEAK_RSS_MB} MB`,
      measured: peakUnderB,
      unit: 'MB',
      met: peakUnderB === null ? null : peakUnderB < PEAK_RSS_MB,
      budget: null,
    },
  ];
}

// A target on requests a second: one run of `over` against one of `under` (none when no peer ran).
interface Versus {
  modes: readonly ModeResult[];
  over: RunMode;
  under: RunMode | null;
  connections: number;
}

function atLeast(description: string, measured: number | null, threshold: number, unit: string, versus: Versus): Target {
  return { description, measured, unit, met: measured === null ? null : measured >= threshold, budget: machineBudgetOf(versus, threshold) };
}

/** The machine's budget for `over` to answer `threshold` times `under`'s requests a second, from their median runs; null without both machines' figures. */
function machineBudgetOf({ modes, over, under, connections }: Versus, threshold: number): MachineBudget | null {
  const spent = medianRun(modes, over, connections)?.machineCpu;
  const reference = under === null ? undefined : medianRun(modes, under, connections)?.machineCpu;
  if (!spent || !reference || reference.busyShare === 0) return null;
  return {
    atSameBusyUs: reference.allUs / threshold,
    atFullBusyUs: reference.allUs / (reference.busyShare * threshold),
    spentUs: spent.allUs,
    serverUs: spent.serverUs,
    outsideServerUs: spent.allUs - spent.serverUs,
  };
}
