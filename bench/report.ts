import { failuresOf } from './load.js';
import type { ScenarioResult, Target } from './summary.js';

const DASH = '—';

/** A scenario's figures as an aligned plain-text table, a row per mode, then the ratios. */
export function scenarioTable(result: ScenarioResult): string {
  const header = ['mode', 'req/s', 'p50 ms', 'p99 ms', 'stmts/req', 'hit rate', 'peak RSS MB', 'errors'];
  const rows = result.modes.map(({ mode, measured, counters, peakRssMb }) => {
    const perRequest = counters?.statementsPerRequest ?? null;
    return [
      mode,
      rate(measured.requestsPerSecond),
      milliseconds(measured.latencyP50Ms),
      milliseconds(measured.latencyP99Ms),
      perRequest === null ? DASH : statementsPerRequest(perRequest),
      counters?.cache ? `${(counters.cache.hitRate * 100).toFixed(1)} %` : DASH,
      peakRssMb.toFixed(1),
      String(failuresOf(measured)),
    ];
  });
  const { batchedOverNaive, cachedOverNaive, cachedOverBatched, cachedOverBare, inProcessOverBare, apolloOverBare } = result.ratios;
  const ratios = [
    `batched/naive ${times(batchedOverNaive)}`,
    `cached/naive ${times(cachedOverNaive)}`,
    `cached/batched ${times(cachedOverBatched)}`,
    `cached/bare ${times(cachedOverBare)}`,
    `in-process/bare ${times(inProcessOverBare)}`,
    ...(apolloOverBare === null ? [] : [`apollo/bare ${times(apolloOverBare)}`]),
  ].join('   ');
  return `${alignedTable(header, rows)}\nrequests/s ratios: ${ratios}`;
}

/** The targets with their measured figures and whether each was met. */
export function targetsTable(targets: readonly Target[]): string {
  const rows = targets.map((target) => [
    target.description,
    target.measured === null ? DASH : `${figure(target.measured)} ${target.unit}`,
    target.met === null ? 'NOT RUN' : target.met ? 'MET' : 'MISSED',
  ]);
  return alignedTable(['target', 'measured', 'status'], rows);
}

/** What each mode's process logged, by level and message; empty when nothing was. */
export function logSummary(result: ScenarioResult): string {
  return result.modes
    .filter(({ logs }) => Object.keys(logs).length > 0)
    .map(({ mode, logs }) => `logged by ${mode}: ${Object.entries(logs).map(([kind, count]) => `${count} × ${kind}`).join(', ')}`)
    .join('\n');
}

// The first column is left-aligned, the figures right-aligned.
function alignedTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function rate(perSecond: number): string {
  return perSecond >= 100 ? Math.round(perSecond).toLocaleString('en') : perSecond.toFixed(1);
}

// autocannon records latencies in whole milliseconds.
function milliseconds(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function statementsPerRequest(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(value >= 1 ? 2 : 3);
}

function times(ratio: number | null): string {
  return ratio === null ? DASH : `${figure(ratio)}×`;
}

function figure(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(value >= 10 ? 1 : 2);
}
