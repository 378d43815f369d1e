import { setTimeout as sleep } from 'node:timers/promises';
import { startChild, stopAllChildren, type BenchChild } from './childProcess.js';
import { gatewayEnv, REDIS_URL } from './gatewayEnv.js';
import { countersBetween } from './counterFigures.js';
import { readInputs } from './inputs.js';
import { failuresOf, runLoad, type LoadResult } from './load.js';
import { parseBenchOptions, type BenchOptions } from './options.js';
import { probe } from './probe.js';
import { GATEWAY_MODES, type BareReport, type GatewayMode, type GatewayReport } from './protocol.js';
import { BENCH_TARGETS, ensureRegistries, freshAuditDatabase } from './registries.js';
import { logSummary, scenarioTable, targetsTable } from './report.js';
import { machine, writeResults } from './resultsFile.js';
import { buildScenarios, ZIPF_EXPONENT, type Scenario, type ScenarioId } from './scenarios.js';
import { ratiosOf, targetsOf, type ModeResult, type RunMode, type ScenarioResult } from './summary.js';

// Measures what batching and the cache buy: every scenario against a gateway reading key by key,
// one batching its reads, one behind Redis, one behind its in-process cache, and a bare HTTP server
// answering the same bytes; scenario (a) also against Apollo Server alone.

const WARM_UP_SECONDS = 2;
const FILL_CONNECTIONS = 100;
const IDLE_POLL_MS = 100;
const IDLE_TIMEOUT_MS = 120_000;

const print = (line = '') => process.stdout.write(`${line}\n`);
const write = (text: string) => process.stdout.write(text);

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  const startedAt = new Date();
  const host = machine();
  print(`National data gateway benchmark, ${startedAt.toISOString()}`);
  print(`${host.cpuModel} × ${host.cpuCount}, node ${host.node}`);
  print(
    `${options.citizens.toLocaleString('en')} citizens; per scenario and mode a ${WARM_UP_SECONDS} s warm-up (with a cache, (a) and (c) first fill it), then ${options.duration} s ` +
      `with ${options.connections} connections; scenarios ${options.scenarios.join(', ')}`,
  );
  const registries = await ensureRegistries(BENCH_TARGETS, options.citizens, print);
  await freshAuditDatabase();
  const inputs = await readInputs(BENCH_TARGETS);
  print(
    `inputs: ${inputs.personalNumbers.length.toLocaleString('en')} personal numbers, municipality ${inputs.municipalityCode}, ` +
      `${inputs.plates.length} plates, ${inputs.payrollLists.length} payroll lists`,
  );
  const scenarios = buildScenarios(inputs);
  // A prefix of its own per run and scenario: every cached run starts cold and alone.
  const runId = `bench${startedAt.getTime()}`;

  const results = new Map<ScenarioId, ScenarioResult>();
  for (const id of options.scenarios) {
    const scenario = scenarios[id];
    print(`\n(${id}) ${scenario.title}`);
    const modes: ModeResult[] = [];
    let cachedAnswer: Buffer | undefined;
    for (const mode of GATEWAY_MODES) {
      const { result, answer } = await measureGateway(scenario, mode, options, `${runId}-${id}`);
      modes.push(result);
      if (mode === 'cached') cachedAnswer = answer;
    }
    modes.push(await measureBare(scenario, cachedAnswer!, options));
    if (id === 'a') modes.push(await measureApolloFloor(scenario, cachedAnswer!, options));
    const result: ScenarioResult = { id, title: scenario.title, query: scenario.query, modes, ratios: ratiosOf(modes) };
    results.set(id, result);
    print();
    print(scenarioTable(result));
    const logged = logSummary(result);
    if (logged) print(logged);
  }

  const targets = targetsOf(results);
  print('\nTargets (measured, not asserted)');
  print(targetsTable(targets));
  const failedRequests = [...results.values()]
    .flatMap((result) => result.modes)
    .reduce((sum, result) => sum + failuresOf(result.warmUp.load) + failuresOf(result.measured), 0);
  const file = await writeResults(options.out, startedAt, {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    settings: {
      citizens: options.citizens,
      durationSeconds: options.duration,
      connections: options.connections,
      scenarios: options.scenarios,
      warmUpSeconds: WARM_UP_SECONDS,
      cacheFillRequests: Object.fromEntries(options.scenarios.map((id) => [id, scenarios[id].cacheFillRequests ?? null])),
      zipfExponent: ZIPF_EXPONENT,
      cachePrefix: runId,
      redis: REDIS_URL,
    },
    machine: host,
    registries: { targets: BENCH_TARGETS, action: registries },
    inputs: {
      people: inputs.personalNumbers.length,
      municipalityCode: inputs.municipalityCode,
      plates: inputs.plates.length,
      payrollLists: inputs.payrollLists.length,
    },
    scenarios: [...results.values()],
    targets,
    failedRequests,
  });
  print(`\nResults written to ${file}`);
  if (failedRequests > 0) {
    print(`\n!!! ${failedRequests} requests failed (see the !!! lines above): these figures are not a benchmark of the gateway`);
    return 1;
  }
  return 0;
}

/** Runs `scenario` against a fresh gateway child in `mode`; returns its figures and its answer to the first request. */
async function measureGateway(
  scenario: Scenario,
  mode: GatewayMode,
  options: BenchOptions,
  cachePrefix: string,
): Promise<{ result: ModeResult; answer: Buffer }> {
  const child = await startChild<GatewayReport>('./gatewayProcess.ts', [mode], {
    label: `gateway (${mode})`,
    env: gatewayEnv(BENCH_TARGETS, cachePrefix),
    print,
  });
  try {
    // With a cache, the measured run is a warm one: scenarios with many keys fill the cache first.
    const fill = mode === 'cached' || mode === 'in-process' ? scenario.cacheFillRequests : undefined;
    const run = await loadChild(child, scenario, mode, options, fill ? { amount: fill } : { duration: WARM_UP_SECONDS }, idleReport);
    const { before, after } = run;
    return {
      answer: run.answer,
      result: {
        mode,
        warmUp: { description: fill ? `${fill} requests` : `${WARM_UP_SECONDS} s`, load: run.warmUp },
        measured: run.measured,
        counters: countersBetween(before.counters, after.counters, after.requestsReceived - before.requestsReceived),
        peakRssMb: after.maxRssKb / 1024,
        logs: child.logs.counts(),
      },
    };
  } finally {
    await child.stop();
  }
}

/** Runs `scenario` against a bare HTTP server that answers every request with `answer`. */
async function measureBare(scenario: Scenario, answer: Buffer, options: BenchOptions): Promise<ModeResult> {
  return measureReference(scenario, options, 'bare', './bareProcess.ts', { bodyBase64: answer.toString('base64') }, (run) => {
    if (!run.equals(answer)) throw new Error('The bare server does not answer the bytes it was given');
  });
}

/** Runs scenario (a) against Apollo Server alone, answering with the citizen of `answer`. */
async function measureApolloFloor(scenario: Scenario, answer: Buffer, options: BenchOptions): Promise<ModeResult> {
  const { citizen } = (JSON.parse(answer.toString('utf8')) as { data: { citizen: unknown } }).data;
  return measureReference(scenario, options, 'apollo', './apolloFloorProcess.ts', { citizen });
}

/** Loads a reference server (no gateway, nothing counted) started with `init`. */
async function measureReference(
  scenario: Scenario,
  options: BenchOptions,
  mode: 'bare' | 'apollo',
  script: string,
  init: object,
  checkAnswer?: (answer: Buffer) => void,
): Promise<ModeResult> {
  const child = await startChild<BareReport>(script, [], {
    label: mode === 'bare' ? 'bare server' : 'Apollo floor',
    // graphql-js without its development checks, as the gateway runs.
    env: { ...process.env, NODE_ENV: 'production' },
    init,
    print,
  });
  try {
    const run = await loadChild(child, scenario, mode, options, { duration: WARM_UP_SECONDS }, (reference) => reference.report());
    checkAnswer?.(run.answer);
    return {
      mode,
      warmUp: { description: `${WARM_UP_SECONDS} s`, load: run.warmUp },
      measured: run.measured,
      counters: null,
      peakRssMb: run.after.maxRssKb / 1024,
      logs: child.logs.counts(),
    };
  } finally {
    await child.stop();
  }
}

/**
 * Probes a child with the scenario's first request, warms it up, loads it for the measured run,
 * and takes a settled report after each.
 */
async function loadChild<Report>(
  child: BenchChild<Report>,
  scenario: Scenario,
  mode: RunMode,
  options: BenchOptions,
  warmUp: { duration: number } | { amount: number },
  settledReport: (child: BenchChild<Report>) => Promise<Report>,
): Promise<{ answer: Buffer; warmUp: LoadResult; before: Report; measured: LoadResult; after: Report }> {
  // Every mode sees the same sequence of keys: the probe's, then the warm-up's, then the measured run's.
  const nextBody = scenario.requests();
  const answer = await probe(child.url, nextBody(), scenario, child.label);
  const load = { url: child.url, connections: options.connections, nextBody };
  write(`  ${mode.padEnd(8)} warm-up ${'amount' in warmUp ? `${warmUp.amount.toLocaleString('en')} requests` : `${warmUp.duration} s`} … `);
  // Filling a cache is not measured: more connections fill it sooner, as the audit trail's commits
  // bound what few connections can send.
  const warmUpLoad = await runLoad({ ...load, ...warmUp, ...('amount' in warmUp ? { connections: Math.max(options.connections, FILL_CONNECTIONS) } : {}) });
  if ('amount' in warmUp) write(`took ${warmUpLoad.seconds.toFixed(1)} s (${Math.round(warmUpLoad.requests / warmUpLoad.seconds)} req/s); `);
  const before = await settledReport(child);
  write(`measuring ${options.duration} s … `);
  const measured = await runLoad({ ...load, duration: options.duration });
  const after = await settledReport(child);
  print(`${Math.round(measured.requestsPerSecond).toLocaleString('en')} req/s, p99 ${measured.latencyP99Ms} ms, ${failuresOf(measured)} errors`);
  reportFailures(`(${scenario.id}) ${mode}, warm-up`, warmUpLoad);
  reportFailures(`(${scenario.id}) ${mode}, measured run`, measured);
  return { answer, warmUp: warmUpLoad, before, measured, after };
}

// A report once the gateway has finished every request, those abandoned when a run stopped
// included. Taken before and after the measured run, the counters then hold all the work of the
// requests received in between and no other, and no leftover work slows the measured run down.
async function idleReport(child: BenchChild<GatewayReport>): Promise<GatewayReport> {
  const deadline = Date.now() + IDLE_TIMEOUT_MS;
  for (;;) {
    const report = await child.report();
    if (report.requestsInFlight === 0) return report;
    if (Date.now() > deadline) {
      print(`\n!!! ${child.label} still had ${report.requestsInFlight} requests in flight ${IDLE_TIMEOUT_MS / 1000} s after the run ended`);
      return report;
    }
    await sleep(IDLE_POLL_MS);
  }
}

function reportFailures(run: string, load: LoadResult): void {
  if (failuresOf(load) === 0) return;
  const statuses = Object.entries(load.statusCodes)
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, count]) => `${status} ×${count}`);
  print(
    `\n!!! ${run}: ${load.non2xx} non-2xx answers${statuses.length > 0 ? ` (${statuses.join(', ')})` : ''}, ` +
      `${load.errors} connection errors (${load.timeouts} timeouts), ${load.graphqlErrors} answers with GraphQL errors`,
  );
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    print(`\n${signal}: stopping the child processes …`);
    void stopAllChildren().finally(() => process.exit(code));
  });
}

main().then(
  (code) => stopAllChildren().finally(() => process.exit(code)),
  (error: unknown) => {
    print(`\n!!! The benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    void stopAllChildren().finally(() => process.exit(1));
  },
);
