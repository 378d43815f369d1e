import type { CounterFigures } from './counterFigures.js';
import { failuresOf } from './load.js';
import { medianRun, type ModeResult, type PeerScenarioResult, type ScenarioResult, type Target } from './summary.js';

const DASH = '—';

/** A scenario's figures as aligned plain-text tables (see `figuresTables`), with its ratios. */
export function scenarioTable(result: ScenarioResult, connections: number): string {
  const { batchedOverNaive, cachedOverNaive, cachedOverBatched, cachedOverBare, inProcessOverBare, engineOverBare, cachedOverNoTrail } = result.ratios;
  const ratios = [
    `batched/naive ${times(batchedOverNaive)}`,
    `cached/naive ${times(cachedOverNaive)}`,
    `cached/batched ${times(cachedOverBatched)}`,
    `cached/bare ${times(cachedOverBare)}`,
    `in-process/bare ${times(inProcessOverBare)}`,
    ...(engineOverBare === null ? [] : [`engine/bare ${times(engineOverBare)}`]),
    ...(cachedOverNoTrail.length === 0 ? [] : [`cached/cached-no-trail ${cachedOverNoTrail.map(({ connections: at, ratio }) => `${times(ratio)} at ${at} conn.`).join(', ')}`]),
  ];
  return figuresTables(result.modes, connections, ratios);
}

/** A scenario of the peers as aligned plain-text tables (see `figuresTables`), with the gateway's ratios to the faster peer and to the bare server. */
export function peerTable(result: PeerScenarioResult, connections: number): string {
  const { fasterPeer, cachedOverFasterPeer, inProcessOverFasterPeer, cachedOverBare, inProcessOverBare, noTrailOverFasterPeer, cachedOverNoTrail } = result.ratios;
  const peer = fasterPeer ?? 'faster peer';
  const ratios = [
    `cached/${peer} ${times(cachedOverFasterPeer)}`,
    `in-process/${peer} ${times(inProcessOverFasterPeer)}`,
    `cached/bare ${times(cachedOverBare)}`,
    `in-process/bare ${times(inProcessOverBare)}`,
    ...(noTrailOverFasterPeer === null ? [] : [`cached-no-trail/${peer} ${times(noTrailOverFasterPeer)}`]),
    ...(cachedOverNoTrail === null ? [] : [`cached/cached-no-trail ${times(cachedOverNoTrail)}`]),
  ];
  return figuresTables(result.modes, connections, ratios);
}

// The modes' table (see `modesTable`), the ratios between them on a line, then the machine's table.
function figuresTables(modes: readonly ModeResult[], connections: number, ratios: readonly string[]): string {
  return `${modesTable(modes, connections)}\nrequests/s ratios: ${ratios.join('   ')}\n\n${machineTable(modes, connections)}`;
}

/**
 * Runs as an aligned plain-text table, a row per mode and number of connections: the median run of a
 * mode run in rounds, with every round's requests per second.
 */
function modesTable(modes: readonly ModeResult[], connections: number): string {
  const inRounds = modes.some(({ round }) => round !== null);
  const header = ['mode', 'req/s', 'p50 ms', 'p99 ms', 'stmts/req', 'hit rate', 'records/commit', 'ms/commit', 'commits under way', 'peak RSS MB', 'CPU µs/req', 'of it system', 'waits/req', 'GC µs/req', 'old-gen GCs/1000', 'errors', ...(inRounds ? ['req/s of each round'] : [])];
  const rows = kindsOf(modes).map((kind) => {
    const runs = modes.filter(({ mode, connections: loadedWith }) => mode === kind.mode && loadedWith === kind.connections);
    const { measured, counters, peakRssMb, cpuPerRequestUs, systemCpuPerRequestUs, waitsPerRequest, gcPerRequestUs, oldGenerationGcsPer1000 } = medianRun(modes, kind.mode, kind.connections)!;
    const perRequest = counters?.statementsPerRequest ?? null;
    return [
      runLabel({ ...kind, round: null }, connections),
      rate(measured.requestsPerSecond),
      milliseconds(measured.latencyP50Ms),
      milliseconds(measured.latencyP99Ms),
      perRequest === null ? DASH : statementsPerRequest(perRequest),
      counters?.cache ? `${(counters.cache.hitRate * 100).toFixed(1)} %` : DASH,
      counters?.auditWrites ? counters.auditWrites.recordsPerWrite.toFixed(1) : DASH,
      counters?.auditWrites ? counters.auditWrites.msPerWrite.toFixed(2) : DASH,
      counters?.auditWrites ? commitsUnderWay(counters.auditWrites, measured.seconds).toFixed(2) : DASH,
      peakRssMb.toFixed(1),
      Math.round(cpuPerRequestUs).toLocaleString('en'),
      Math.round(systemCpuPerRequestUs).toLocaleString('en'),
      waitsPerRequest.toFixed(2),
      Math.round(gcPerRequestUs).toLocaleString('en'),
      oldGenerationGcsPer1000.toFixed(1),
      String(runs.reduce((sum, run) => sum + failuresOf(run.measured), 0)),
      ...(inRounds ? [runs.map((run) => rate(run.measured.requestsPerSecond)).join(' / ')] : []),
    ];
  });
  return alignedTable(header, rows);
}

// A run per mode and connections, in the order they first ran: a row of a table each.
function kindsOf(modes: readonly ModeResult[]): ModeResult[] {
  return [...new Map(modes.map((run) => [`${run.mode} ${run.connections}`, run])).values()];
}

/**
 * The whole machine's CPU a request in each mode's median run, and who spent it: the server,
 * PostgreSQL, MariaDB, Redis, the load generator (the bench's own process), the kernel's interrupt
 * handlers and the rest; and how busy its cores were.
 */
function machineTable(modes: readonly ModeResult[], connections: number): string {
  const header = ['machine CPU µs/req', 'cores busy', 'all', 'server', 'PostgreSQL', 'MariaDB', 'Redis', 'load generator', 'interrupts', 'the rest'];
  const rows = kindsOf(modes).map((kind) => {
    const cpu = medianRun(modes, kind.mode, kind.connections)!.machineCpu;
    const label = runLabel({ ...kind, round: null }, connections);
    if (!cpu) return [label, ...header.slice(1).map(() => DASH)];
    const micros = (value: number) => Math.round(value).toLocaleString('en');
    return [label, `${Math.round(cpu.busyShare * 100)} %`, micros(cpu.allUs), micros(cpu.serverUs), micros(cpu.postgresUs), micros(cpu.mariadbUs), micros(cpu.redisUs), micros(cpu.loadUs), micros(cpu.interruptsUs), micros(cpu.restUs)];
  });
  return alignedTable(header, rows);
}

/**
 * How many of the trail's commits were under way at once, on average over the run (commits a second
 * times the time each took). Near the number of write lanes, the trail's writer never rested: the run
 * was held by its commits, not by the gateway's CPU.
 */
function commitsUnderWay({ writes, msPerWrite }: NonNullable<CounterFigures['auditWrites']>, seconds: number): number {
  return (writes * msPerWrite) / (seconds * 1000);
}

/** How the output names a run: its mode, with its connections when not the run's `connections`, and its round when it has one. */
export function runLabel({ mode, connections: loadedWith, round }: Pick<ModeResult, 'mode' | 'connections' | 'round'>, connections: number): string {
  return [mode, ...(loadedWith === connections ? [] : [`${loadedWith} conn.`]), ...(round === null ? [] : [`round ${round}`])].join(', ');
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

/**
 * For each target on requests a second whose two runs the machine's figures cover, the whole
 * machine's CPU a request that meeting it allows (see `MachineBudget`) against what the gateway's run
 * spent, and so what every core busy would leave the gateway's own process beside what it spent.
 */
export function budgetTable(targets: readonly Target[]): string {
  const micros = (value: number) => Math.round(value).toLocaleString('en');
  const rows = targets.flatMap(({ description, budget }) =>
    budget === null
      ? []
      : [[description, micros(budget.atSameBusyUs), micros(budget.atFullBusyUs), micros(budget.spentUs), micros(budget.outsideServerUs), micros(budget.atFullBusyUs - budget.outsideServerUs), micros(budget.serverUs)]],
  );
  return alignedTable(['machine CPU µs/req', 'allowed, cores as busy', 'allowed, every core busy', 'spent', 'of it outside the gateway', 'left for the gateway, every core busy', 'the gateway spent'], rows);
}

/** What each run's process logged, by level and message; empty when nothing was. */
export function logSummary(result: Pick<ScenarioResult, 'modes'>, connections: number): string {
  return result.modes
    .filter(({ logs }) => Object.keys(logs).length > 0)
    .map((run) => `logged by ${runLabel(run, connections)}: ${Object.entries(run.logs).map(([kind, count]) => `${count} × ${kind}`).join(', ')}`)
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
