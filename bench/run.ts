import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { today } from '../src/dates.js';
import { startBusinessRegistryService, type BusinessRegistryService } from '../src/seed/businessRegistry/service.js';
import { startChild, stopAllChildren, type BenchChild } from './childProcess.js';
import { measureCommitFloor } from './commitFloor.js';
import { gatewayEnv, REDIS_URL } from './gatewayEnv.js';
import { GATEWAY_NODE_FLAGS } from './gatewayHeap.js';
import { countersBetween } from './counterFigures.js';
import { readInputs } from './inputs.js';
import { failuresOf, runLoad, type LoadResult } from './load.js';
import { machineCpuBetween, sampleMachine, type MachineCpu } from './machineCpu.js';
import { parseBenchOptions, type BenchOptions } from './options.js';
import { buildPeerScenarios, differingPaths, PEER_KEYS, type Dialect, type PeerScenario, type PeerScenarioId } from './peers.js';
import { probe } from './probe.js';
import { bareInit, startReference, type ReferenceMode } from './references.js';
import { GATEWAY_MODES, type BareReport, type GatewayMode, type GatewayReport } from './protocol.js';
import { BENCH_AUDIT_URL, BENCH_TARGETS, ensurePeerConstraints, ensureRegistries, freshAuditDatabase } from './registries.js';
import { budgetTable, logSummary, peerTable, runLabel, scenarioTable, targetsTable } from './report.js';
import { machine, writeResults } from './resultsFile.js';
import { buildScenarios, ZIPF_EXPONENT, type Scenario, type ScenarioId } from './scenarios.js';
import {
  PEER_MODES,
  peerRatiosOf,
  ratiosOf,
  targetsOf,
  type ModeResult,
  type PeerScenarioResult,
  type RunMode,
  type ScenarioResult,
} from './summary.js';

// Measures what batching and the cache buy: every scenario against a gateway reading key by key,
// one batching its reads, one behind Redis, one behind its in-process cache, and a bare HTTP server
// answering the same bytes; scenario (a) also against the gateway's GraphQL engine alone. Scenarios (a) and (b) also
// measure what the audit trail costs: the Redis-cached gateway against the same with a trail that
// records nothing. Scenarios (A) and (B) set the gateway against PostGraphile v4 and v5 over the same
// civil registry.

const WARM_UP_SECONDS = 2;
const FILL_CONNECTIONS = 100;
const IDLE_POLL_MS = 100;
const IDLE_TIMEOUT_MS = 120_000;
// The scenarios whose cached gateway is measured with the trail and without it.
const TRAIL_SCENARIOS: readonly ScenarioId[] = ['a', 'b'];
const CACHED_MODES: ReadonlySet<GatewayMode> = new Set(['cached', 'cached-no-trail', 'in-process']);
// Progress lines align on the longest mode's name.
const LABEL_WIDTH = Math.max(...[...GATEWAY_MODES, ...PEER_MODES].map((mode) => mode.length));
// (A) and (B): every server warms up this long before its first measured run.
const PEER_WARM_UP_SECONDS = 3;
// The gateways set against the peers; the one whose trail records nothing, loaded right after the
// cached one in each round, tells what the trail costs there.
const PEER_GATEWAY_MODES = ['cached', 'cached-no-trail', 'in-process'] as const satisfies readonly GatewayMode[];
// Requests in flight while every server's answers are fetched for comparison.
const COMPARE_CONNECTIONS = 10;
// Differences named in the message that stops the bench.
const DIFFERENCES_SHOWN = 5;

/** One run of a scenario: its mode, the connections loading it, and its round. */
type Run<Mode extends RunMode> = { mode: Mode } & Pick<ModeResult, 'connections' | 'round'>;
type GatewayRun = Run<GatewayMode>;

/** A server of (A) or (B), running: a gateway or a reference, and the dialect of the requests it is sent. */
type PeerServer = { dialect: Dialect } & (
  | { mode: GatewayMode; gateway: true; child: BenchChild<GatewayReport> }
  | { mode: ReferenceMode; gateway: false; child: BenchChild<BareReport> }
);

const print = (line = '') => process.stdout.write(`${line}\n`);
// The business registry's stand-in, started once the registries are ready.
let businessRegistry: BusinessRegistryService | null = null;
const write = (text: string) => process.stdout.write(text);

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  const startedAt = new Date();
  const host = machine();
  print(`National data gateway benchmark, ${startedAt.toISOString()}`);
  print(`${host.cpuModel} × ${host.cpuCount}, node ${host.node}`);
  print(
    `${options.citizens.toLocaleString('en')} citizens; per scenario and mode a ${WARM_UP_SECONDS} s warm-up (with a cache, (a) and (c) first fill it), then ${options.duration} s ` +
      `with ${options.connections} connections; scenarios ${[...options.scenarios, ...options.peerScenarios].join(', ')}`,
  );
  if (options.peerScenarios.length > 0) {
    print(
      `the peers: (A) and (B) against PostGraphile v4 and v5, the gateway cached in Redis and in-process, the Redis-cached one again with a trail that records nothing, and the bare server, all started together; ` +
        `their answers compared first (which fills the caches), then a ${PEER_WARM_UP_SECONDS} s warm-up each and ` +
        `${options.rounds === 1 ? 'one run each' : `${options.rounds} rounds of a run each in turn, the median round counted`}`,
    );
  }
  if (options.scenarios.some((id) => TRAIL_SCENARIOS.includes(id))) {
    print(
      `the audit trail's cost: (a) and (b) cached with and without it, both warm, ${options.rounds === 1 ? 'once' : `in turns for ${options.rounds} rounds, the median of the rounds' ratios counted`}; ` +
        `(a) with ${options.trailConnections.join(' and ')} connections`,
    );
  }
  const registries = await ensureRegistries(BENCH_TARGETS, options.citizens, print);
  const peerConstraints = await ensurePeerConstraints(BENCH_TARGETS.civil);
  if (peerConstraints === 'added') print('registries: person.personal_no made a unique key, and id_document.personal_no a foreign key to it, for PostGraphile');
  await freshAuditDatabase();
  // The business registry's web service, as its stand-in serves the bench's companies, for every gateway.
  businessRegistry = await startBusinessRegistryService(BENCH_TARGETS.business);
  const inputs = await readInputs(BENCH_TARGETS);
  print(
    `inputs: ${inputs.personalNumbers.length.toLocaleString('en')} personal numbers, municipality ${inputs.municipalityCode}, ` +
      `${inputs.plates.length} plates, ${inputs.payrollLists.length} payroll lists, ${inputs.businessNumbers.length} companies`,
  );
  // Timed before any gateway or peer starts, so that nothing else loads the machine.
  const commitFloor = await measureCommitFloor(BENCH_AUDIT_URL, inputs.personalNumbers[0]!);
  print(
    `the trail's floor: an append of ${commitFloor.records} records commits in ${commitFloor.medianMs.toFixed(2)} ms ` +
      `(median of ${commitFloor.appends}, p90 ${commitFloor.p90Ms.toFixed(2)} ms) with nothing else running`,
  );
  const scenarios = buildScenarios(inputs);
  // A prefix of its own per run, scenario and gateway: every cached run starts cold and alone.
  const runId = `bench${startedAt.getTime()}`;

  const results = new Map<ScenarioId, ScenarioResult>();
  for (const id of options.scenarios) {
    const scenario = scenarios[id];
    print(`\n(${id}) ${scenario.title}`);
    const modes: ModeResult[] = [];
    let cachedAnswer: Buffer | undefined;
    for (const run of gatewayRuns(id, options)) {
      if (run === 'trail') {
        const { results, answer } = await measureTrailCost(scenario, options, `${runId}-${id}-t`);
        modes.push(...results);
        cachedAnswer ??= answer;
        continue;
      }
      const { result, answer } = await measureGateway(scenario, run, options, `${runId}-${id}-${modes.length}`);
      modes.push(result);
      if (run.mode === 'cached') cachedAnswer ??= answer;
    }
    modes.push(await measureBare(scenario, cachedAnswer!, options));
    if (id === 'a') modes.push(await measureEngineFloor(scenario, cachedAnswer!, options));
    const result: ScenarioResult = { id, title: scenario.title, query: scenario.query, modes, ratios: ratiosOf(modes, options.connections) };
    results.set(id, result);
    print();
    print(scenarioTable(result, options.connections));
    const logged = logSummary(result, options.connections);
    if (logged) print(logged);
  }

  const peerScenarios = buildPeerScenarios(inputs);
  const peerResults = new Map<PeerScenarioId, PeerScenarioResult>();
  for (const id of options.peerScenarios) {
    const peer = peerScenarios[id];
    print(`\n(${id}) ${peer.title}`);
    const result = await measurePeers(peer, options, `${runId}-${id}-`);
    peerResults.set(id, result);
    print();
    print(peerTable(result, options.connections));
    const logged = logSummary(result, options.connections);
    if (logged) print(logged);
  }

  const targets = targetsOf(results, peerResults, options);
  if (options.scenarios.length > 0 || options.peerScenarios.length > 0) {
    const rounds = options.rounds === 1 ? '' : `; the median of ${options.rounds} rounds, the trail's cost the median of each round's ratio`;
    print(`\nTargets (measured, not asserted${rounds})`);
    print(targetsTable(targets));
    if (targets.some((target) => target.budget !== null)) {
      print('\nWhat each target on requests a second allows the machine to spend a request, against the run it is set against (its cores as busy, or every core busy), and what the gateway\'s run spent');
      print(budgetTable(targets));
    }
  }
  const failedRequests = [...results.values(), ...peerResults.values()]
    .flatMap((result) => result.modes)
    .reduce((sum, result) => sum + failuresOf(result.warmUp.load) + failuresOf(result.measured), 0);
  const file = await writeResults(options.out, startedAt, {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    settings: {
      citizens: options.citizens,
      durationSeconds: options.duration,
      connections: options.connections,
      rounds: options.rounds,
      trailConnections: options.trailConnections,
      scenarios: options.scenarios,
      warmUpSeconds: WARM_UP_SECONDS,
      peerScenarios: options.peerScenarios,
      peerWarmUpSeconds: PEER_WARM_UP_SECONDS,
      peerKeys: PEER_KEYS,
      cacheFillRequests: Object.fromEntries(options.scenarios.map((id) => [id, scenarios[id].cacheFillRequests ?? null])),
      zipfExponent: ZIPF_EXPONENT,
      cachePrefix: runId,
      redis: REDIS_URL,
    },
    machine: host,
    registries: { targets: BENCH_TARGETS, action: registries, peerConstraints },
    inputs: {
      people: inputs.personalNumbers.length,
      municipalityCode: inputs.municipalityCode,
      plates: inputs.plates.length,
      payrollLists: inputs.payrollLists.length,
    },
    scenarios: [...results.values()],
    peers: [...peerResults.values()],
    commitFloor,
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

/**
 * The gateway runs of a scenario, in order; `trail` where the cached gateway is measured with the
 * trail and without it.
 */
function gatewayRuns(id: ScenarioId, options: BenchOptions): Array<GatewayRun | 'trail'> {
  const once = (mode: GatewayMode): GatewayRun => ({ mode, connections: options.connections, round: null });
  if (!TRAIL_SCENARIOS.includes(id)) return [once('naive'), once('batched'), once('cached'), once('in-process')];
  return [once('naive'), once('batched'), 'trail', once('in-process')];
}

/**
 * What the trail costs: the cached gateway with the trail and the same without it, both started and
 * warmed up, then loaded in turns for `--rounds` (each round both, one after the other, the first of
 * the two alternating), so that the machine's drift weighs on both alike; in (a), at each of
 * `--trail-connections` too. Returns a result per run and the first answer of the one with the trail.
 */
async function measureTrailCost(scenario: Scenario, options: BenchOptions, cachePrefix: string): Promise<{ results: ModeResult[]; answer: Buffer }> {
  const modes = ['cached', 'cached-no-trail'] as const;
  const children = new Map<GatewayMode, BenchChild<GatewayReport>>();
  try {
    const warmed = new Map<GatewayMode, { answer: Buffer; warmUp: ModeResult['warmUp']; nextBody: () => string }>();
    for (const [index, mode] of modes.entries()) {
      const child = await startGateway(mode, `gateway (${mode})`, `${cachePrefix}${index}`, options);
      children.set(mode, child);
      warmed.set(mode, await warmChild(child, scenario, mode, options, warmUpOf(mode, scenario)));
      print();
    }
    const connectionCounts = scenario.id === 'a' ? options.trailConnections : [options.connections];
    const results: ModeResult[] = [];
    for (const connections of connectionCounts) {
      for (let round = 1; round <= options.rounds; round++) {
        for (const mode of round % 2 === 1 ? modes : [...modes].reverse()) {
          const run: GatewayRun = { mode, connections, round: options.rounds === 1 ? null : round };
          const child = children.get(mode)!;
          // Idle while the other was loaded, a gateway runs its first seconds slower (its first round
          // came out 0.55-0.61 of its peer, with half as much CPU again a request): each run starts warm.
          reportFailures(`(${scenario.id}) ${child.label}, warm-up`, await runLoad({ url: child.url, connections, nextBody: warmed.get(mode)!.nextBody, duration: WARM_UP_SECONDS }));
          const loaded = await measureChild(child, scenario, warmed.get(mode)!.nextBody, runLabel(run, options.connections), { ...options, connections }, idleReport);
          results.push(gatewayResult(run, warmed.get(mode)!.warmUp, loaded, child));
        }
      }
    }
    return { results, answer: warmed.get('cached')!.answer };
  } finally {
    for (const child of children.values()) await child.stop();
  }
}

// A gateway run's figures: its measured load, and what the gateway counted between the reports around it.
function gatewayResult(
  run: GatewayRun,
  warmUp: ModeResult['warmUp'],
  { before, measured, after, machineCpu }: { before: GatewayReport; measured: LoadResult; after: GatewayReport; machineCpu: MachineCpu | null },
  child: BenchChild<GatewayReport>,
): ModeResult {
  return {
    ...run,
    warmUp,
    measured,
    counters: countersBetween(before.counters, after.counters, after.requestsReceived - before.requestsReceived),
    peakRssMb: after.maxRssKb / 1024,
    ...perRequest(before, after, measured),
    machineCpu,
    logs: child.logs.counts(),
  };
}

// With a cache, the measured run is a warm one: scenarios with many keys fill the cache first.
function warmUpOf(mode: GatewayMode, scenario: Scenario): { duration: number } | { amount: number } {
  const fill = CACHED_MODES.has(mode) ? scenario.cacheFillRequests : undefined;
  return fill ? { amount: fill } : { duration: WARM_UP_SECONDS };
}

/** Runs `scenario` against a fresh gateway child as `run` says; returns its figures and its answer to the first request. */
async function measureGateway(
  scenario: Scenario,
  run: GatewayRun,
  options: BenchOptions,
  cachePrefix: string,
): Promise<{ result: ModeResult; answer: Buffer }> {
  const label = runLabel(run, options.connections);
  const child = await startGateway(run.mode, `gateway (${label})`, cachePrefix, options);
  try {
    const loaded = await loadChild(child, scenario, label, { ...options, connections: run.connections }, warmUpOf(run.mode, scenario), idleReport);
    return { answer: loaded.answer, result: gatewayResult(run, loaded.warmUp, loaded, child) };
  } finally {
    await child.stop();
  }
}

/** A gateway child over the bench's registries, in `mode`; profiled when the options ask for it. */
function startGateway(mode: GatewayMode, label: string, cachePrefix: string, options: BenchOptions): Promise<BenchChild<GatewayReport>> {
  return startChild<GatewayReport>('./gatewayProcess.ts', [mode], {
    label,
    env: gatewayEnv(BENCH_TARGETS, cachePrefix, businessRegistry?.wsdlUrl),
    execArgv: GATEWAY_NODE_FLAGS,
    print,
    ...(options.profiles ? { profileDir: path.join(options.profiles, `${cachePrefix}-${mode}`) } : {}),
  });
}

/** Runs `scenario` against a bare HTTP server that answers every request with `answer`. */
async function measureBare(scenario: Scenario, answer: Buffer, options: BenchOptions): Promise<ModeResult> {
  return measureReference(scenario, options, 'bare', bareInit(answer), (run) => checkBareAnswer(run, answer));
}

/** Runs scenario (a) against the gateway's GraphQL engine alone, answering with the citizen of `answer`. */
async function measureEngineFloor(scenario: Scenario, answer: Buffer, options: BenchOptions): Promise<ModeResult> {
  const { citizen } = (JSON.parse(answer.toString('utf8')) as { data: { citizen: unknown } }).data;
  return measureReference(scenario, options, 'engine', { citizen });
}

/** Loads a reference server (no gateway, nothing counted) started with `init`. */
async function measureReference(
  scenario: Scenario,
  options: BenchOptions,
  mode: 'bare' | 'engine',
  init: object,
  checkAnswer?: (answer: Buffer) => void,
): Promise<ModeResult> {
  const child = await startReference(mode, { init, print });
  try {
    const run = await loadChild(child, scenario, mode, options, { duration: WARM_UP_SECONDS }, (reference) => reference.report());
    checkAnswer?.(run.answer);
    return referenceResult({ mode, connections: options.connections, round: null }, run.warmUp, run, child);
  } finally {
    await child.stop();
  }
}

// A reference run's figures: its measured load and the memory reported after it.
function referenceResult(
  run: Run<ReferenceMode>,
  warmUp: ModeResult['warmUp'],
  { before, measured, after, machineCpu }: { before: BareReport; measured: LoadResult; after: BareReport; machineCpu: MachineCpu | null },
  child: BenchChild<BareReport>,
): ModeResult {
  return { ...run, warmUp, measured, counters: null, peakRssMb: after.maxRssKb / 1024, ...perRequest(before, after, measured), machineCpu, logs: child.logs.counts() };
}

// The CPU a server process spent on each request of a measured run, and its garbage collections, from its reports around the run.
function perRequest(
  before: BareReport,
  after: BareReport,
  measured: LoadResult,
): Pick<ModeResult, 'cpuPerRequestUs' | 'systemCpuPerRequestUs' | 'waitsPerRequest' | 'gcPerRequestUs' | 'oldGenerationGcsPer1000'> {
  const requests = Math.max(measured.requests, 1);
  return {
    cpuPerRequestUs: (after.cpuMicros - before.cpuMicros) / requests,
    systemCpuPerRequestUs: (after.systemCpuMicros - before.systemCpuMicros) / requests,
    waitsPerRequest: (after.waits - before.waits) / requests,
    gcPerRequestUs: (after.gcMicros - before.gcMicros) / requests,
    oldGenerationGcsPer1000: ((after.oldGenerationGcs - before.oldGenerationGcs) * 1000) / requests,
  };
}

function checkBareAnswer(run: Buffer, answer: Buffer): void {
  if (!run.equals(answer)) throw new Error('The bare server does not answer the bytes it was given');
}

/**
 * Scenario (A) or (B): PostGraphile v4 and v5, the gateway cached in Redis and in-process, the
 * Redis-cached one again with a trail that records nothing, and the bare server, all running at once.
 * Every server's answers are compared with the Redis-cached gateway's first, which fills the
 * gateways' caches with every key; then each warms up, and the servers are loaded in turn, round
 * after round, so that the machine's drift weighs on all alike.
 */
async function measurePeers(peer: PeerScenario, options: BenchOptions, cachePrefix: string): Promise<PeerScenarioResult> {
  const servers: PeerServer[] = [];
  try {
    for (const mode of PEER_MODES) {
      servers.push({ mode, gateway: false, dialect: 'postgraphile', child: await startReference(mode, { args: [BENCH_TARGETS.civil], print }) });
    }
    for (const [index, mode] of PEER_GATEWAY_MODES.entries()) {
      const child = await startGateway(mode, `gateway (${mode})`, `${cachePrefix}${index}`, options);
      servers.push({ mode, gateway: true, dialect: 'gateway', child });
    }
    await compareAnswers(peer, servers);

    const warmed = new Map<PeerServer, Awaited<ReturnType<typeof warmChild>>>();
    const warm = async (server: PeerServer) => {
      warmed.set(server, await warmChild(server.child, peer.scenario(server.dialect), server.mode, options, { duration: PEER_WARM_UP_SECONDS }));
      print();
    };
    for (const server of servers) await warm(server);
    // The ceiling answers every request with the bytes the Redis-cached gateway gave the first one.
    const answer = [...warmed].find(([server]) => server.mode === 'cached')![1].answer;
    const bare: PeerServer = { mode: 'bare', gateway: false, dialect: 'gateway', child: await startReference('bare', { init: bareInit(answer), print }) };
    servers.push(bare);
    await warm(bare);
    checkBareAnswer(warmed.get(bare)!.answer, answer);

    const modes: ModeResult[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      for (const server of servers) {
        const { warmUp, nextBody } = warmed.get(server)!;
        const run = { connections: options.connections, round: options.rounds === 1 ? null : round };
        const label = runLabel({ mode: server.mode, ...run }, options.connections);
        const scenario = peer.scenario(server.dialect);
        if (server.gateway) {
          const loaded = await measureChild(server.child, scenario, nextBody, label, options, idleReport);
          modes.push(gatewayResult({ mode: server.mode, ...run }, warmUp, loaded, server.child));
        } else {
          const loaded = await measureChild(server.child, scenario, nextBody, label, options, (child) => child.report());
          modes.push(referenceResult({ mode: server.mode, ...run }, warmUp, loaded, server.child));
        }
      }
    }
    return { id: peer.id, title: peer.title, queries: peer.queries, keysCompared: peer.keys.length, modes, ratios: peerRatiosOf(modes, options.connections) };
  } finally {
    for (const server of servers) await server.child.stop();
  }
}

/**
 * Asks every server for every key of `peer`, and throws, naming the server and the first keys, unless
 * each answer, in the gateway's shape, equals the Redis-cached gateway's.
 */
async function compareAnswers(peer: PeerScenario, servers: readonly PeerServer[]): Promise<void> {
  const day = today();
  const answersOf = async (server: PeerServer) => {
    const scenario = peer.scenario(server.dialect);
    const answers = new Map<string, unknown>();
    let next = 0;
    const fetchNext = async () => {
      while (next < peer.keys.length) {
        const key = peer.keys[next++]!;
        const bytes = await probe(server.child.url, peer.body(server.dialect, key), scenario, server.child.label, `the request for ${key}`);
        answers.set(key, peer.answer(server.dialect, (JSON.parse(bytes.toString('utf8')) as { data: unknown }).data, key, day));
      }
    };
    await Promise.all(Array.from({ length: COMPARE_CONNECTIONS }, fetchNext));
    return answers;
  };
  const reference = servers.find((server) => server.mode === 'cached')!;
  write(`  answers for ${peer.keys.length.toLocaleString('en')} ${peer.keys.length === 1 ? 'key' : 'keys'} compared with ${reference.child.label}'s: `);
  const expected = await answersOf(reference);
  for (const server of servers.filter((other) => other !== reference)) {
    const actual = await answersOf(server);
    const differences = peer.keys.flatMap((key) => {
      const paths = differingPaths(expected.get(key), actual.get(key));
      return paths.length === 0 ? [] : [`${key}: ${paths.join(', ')}`];
    });
    if (differences.length > 0) {
      throw new Error(
        `(${peer.id}) ${server.child.label} answers ${differences.length} of ${peer.keys.length} keys otherwise than ${reference.child.label}; ` +
          `first ${Math.min(differences.length, DIFFERENCES_SHOWN)} (key: differing fields): ${differences.slice(0, DIFFERENCES_SHOWN).join('; ')}`,
      );
    }
    write(`${server.mode} equal; `);
  }
  print();
}

/**
 * Probes a child with the scenario's first request, warms it up, loads it for the measured run,
 * and takes a settled report after each.
 */
async function loadChild<Report>(
  child: BenchChild<Report>,
  scenario: Scenario,
  label: string,
  options: Pick<BenchOptions, 'connections' | 'duration'>,
  warmUp: { duration: number } | { amount: number },
  settledReport: (child: BenchChild<Report>) => Promise<Report>,
): Promise<{ answer: Buffer; warmUp: ModeResult['warmUp']; before: Report; measured: LoadResult; after: Report; machineCpu: MachineCpu | null }> {
  const warmed = await warmChild(child, scenario, label, options, warmUp);
  return { ...warmed, ...(await measureChild(child, scenario, warmed.nextBody, '', options, settledReport)) };
}

/**
 * Probes a child with the scenario's first request and warms it up (or fills its cache); returns the
 * probe's answer and the requests that follow those it sent.
 */
async function warmChild<Report>(
  child: BenchChild<Report>,
  scenario: Scenario,
  label: string,
  options: Pick<BenchOptions, 'connections'>,
  warmUp: { duration: number } | { amount: number },
): Promise<{ answer: Buffer; warmUp: ModeResult['warmUp']; nextBody: () => string }> {
  // Every mode sees the same sequence of keys: the probe's, then the warm-up's, then the measured runs'.
  const nextBody = scenario.requests();
  const answer = await probe(child.url, nextBody(), scenario, child.label);
  write(`  ${label.padEnd(LABEL_WIDTH)} warm-up ${'amount' in warmUp ? `${warmUp.amount.toLocaleString('en')} requests` : `${warmUp.duration} s`} … `);
  // Filling a cache is not measured: more connections fill it sooner, as the audit trail's commits
  // bound what few connections can send.
  const load = await runLoad({ url: child.url, connections: 'amount' in warmUp ? Math.max(options.connections, FILL_CONNECTIONS) : options.connections, nextBody, ...warmUp });
  if ('amount' in warmUp) write(`took ${load.seconds.toFixed(1)} s (${Math.round(load.requests / load.seconds)} req/s); `);
  reportFailures(`(${scenario.id}) ${label}, warm-up`, load);
  return { answer, warmUp: { description: 'amount' in warmUp ? `${warmUp.amount} requests` : `${warmUp.duration} s`, load }, nextBody };
}

/**
 * Loads a warm child for the measured run, with a settled report before and after and the whole
 * machine's CPU over it; `label` starts the line when given.
 */
async function measureChild<Report>(
  child: BenchChild<Report>,
  scenario: Scenario,
  nextBody: () => string,
  label: string,
  options: Pick<BenchOptions, 'connections' | 'duration'>,
  settledReport: (child: BenchChild<Report>) => Promise<Report>,
): Promise<{ before: Report; measured: LoadResult; after: Report; machineCpu: MachineCpu | null }> {
  const before = await settledReport(child);
  if (label) write(`  ${label.padEnd(LABEL_WIDTH)} `);
  write(`measuring ${options.duration} s … `);
  const machineBefore = sampleMachine(child.pid);
  const measured = await runLoad({ url: child.url, connections: options.connections, nextBody, duration: options.duration });
  const after = await settledReport(child);
  const machineCpu = machineCpuBetween(machineBefore, sampleMachine(child.pid), measured.requests);
  print(`${Math.round(measured.requestsPerSecond).toLocaleString('en')} req/s, p99 ${measured.latencyP99Ms} ms, ${failuresOf(measured)} errors`);
  reportFailures(`(${scenario.id}) ${label || child.label}, measured run`, measured);
  return { before, measured, after, machineCpu };
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
  (code) => stopAllChildren().then(() => businessRegistry?.close()).finally(() => process.exit(code)),
  (error: unknown) => {
    print(`\n!!! The benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    void stopAllChildren().finally(() => process.exit(1));
  },
);
