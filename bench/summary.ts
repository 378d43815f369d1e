import type { CounterFigures } from './counterFigures.js';
import type { LoadResult } from './load.js';
import type { GatewayMode } from './protocol.js';
import type { ScenarioId } from './scenarios.js';

/** A gateway mode, the bare HTTP server (the ceiling), or Apollo Server alone (scenario (a)'s floor). */
export type RunMode = GatewayMode | 'bare' | 'apollo';

/** One mode of one scenario: its warm-up, its measured run and what the process counted. */
export interface ModeResult {
  mode: RunMode;
  warmUp: { description: string; load: LoadResult };
  measured: LoadResult;
  /** Null for the bare server and the Apollo floor, which count nothing. */
  counters: CounterFigures | null;
  peakRssMb: number;
  /** The child's log lines by level and message. */
  logs: Record<string, number>;
}

/** Requests per second of one mode over another's; null when either was not measured. */
export interface Ratios {
  batchedOverNaive: number | null;
  cachedOverNaive: number | null;
  cachedOverBatched: number | null;
  cachedOverBare: number | null;
  inProcessOverBare: number | null;
  apolloOverBare: number | null;
}

export interface ScenarioResult {
  id: ScenarioId;
  title: string;
  query: string;
  modes: ModeResult[];
  ratios: Ratios;
}

/** A goal the design set; measured, not asserted. */
export interface Target {
  description: string;
  /** The measured figure, null when its scenario did not run. */
  measured: number | null;
  unit: string;
  met: boolean | null;
}

/** The ratios of a scenario's modes. */
export function ratiosOf(modes: readonly ModeResult[]): Ratios {
  const ratio = (over: RunMode, under: RunMode) => {
    const top = modes.find((result) => result.mode === over)?.measured.requestsPerSecond;
    const bottom = modes.find((result) => result.mode === under)?.measured.requestsPerSecond;
    return top !== undefined && bottom ? top / bottom : null;
  };
  return {
    batchedOverNaive: ratio('batched', 'naive'),
    cachedOverNaive: ratio('cached', 'naive'),
    cachedOverBatched: ratio('cached', 'batched'),
    cachedOverBare: ratio('cached', 'bare'),
    inProcessOverBare: ratio('in-process', 'bare'),
    apolloOverBare: ratio('apollo', 'bare'),
  };
}

/** The three targets, from the scenarios that ran. */
export function targetsOf(scenarios: ReadonlyMap<ScenarioId, ScenarioResult>): Target[] {
  const a = scenarios.get('a');
  const b = scenarios.get('b');
  const warmStatements = a?.modes.find((result) => result.mode === 'cached')?.counters?.statementsPerRequest ?? null;
  return [
    atLeast('(b) cached requests/s ≥ 20 × naive', b?.ratios.cachedOverNaive ?? null, 20, '× naive'),
    atLeast('(a) cached requests/s ≥ 0.4 × bare', a?.ratios.cachedOverBare ?? null, 0.4, '× bare'),
    {
      description: '(a) warm Zipf run, cached: < 50 registry statements per 1000 requests',
      measured: warmStatements === null ? null : warmStatements * 1000,
      unit: 'per 1000 requests',
      met: warmStatements === null ? null : warmStatements * 1000 < 50,
    },
  ];
}

function atLeast(description: string, measured: number | null, threshold: number, unit: string): Target {
  return { description, measured, unit, met: measured === null ? null : measured >= threshold };
}
