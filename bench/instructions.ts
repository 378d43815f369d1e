import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { startChild, stopAllChildren, type BenchChild } from './childProcess.js';
import { countersBetween } from './counterFigures.js';
import { gatewayEnv } from './gatewayEnv.js';
import { GATEWAY_NODE_FLAGS } from './gatewayHeap.js';
import { readInputs } from './inputs.js';
import { failuresOf, runLoad } from './load.js';
import { buildPeerScenarios, PEER_SCENARIO_IDS, type PeerScenario, type PeerScenarioId } from './peers.js';
import { GATEWAY_MODES, isGatewayMode, type FloorCitizenMessage, type GatewayMode, type GatewayReport } from './protocol.js';
import { bareInit, startReference, type ReferenceMode } from './references.js';
import { BENCH_TARGETS, ensurePeerConstraints, ensureRegistries, freshAuditDatabase } from './registries.js';
import { machine, writeResults } from './resultsFile.js';
import { PEER_MODES, type PeerMode } from './summary.js';

// What a request of (A) and of (B) costs the gateway in machine instructions, counted by valgrind's
// callgrind. Requests a second move by up to 40 % between runs on a shared machine; the instructions
// a request costs by a few per cent, so a change's effect on the gateway's work can be read from a
// run or two of each. Under valgrind the gateway runs tens of times slower: this says nothing of
// requests a second. PostGraphile v4 and v5 are counted the same way, over the same registry, and
// for (A) the bench's bare server and engine floor, each answering one citizen from memory.

const run = promisify(execFile);
const print = (line = '') => process.stdout.write(`${line}\n`);
const CITIZENS = 20_000;
// One request at a time by default: each waits for a commit of its own record, so that what a
// request costs does not move with how many records a commit happened to take. More connections
// count a request as the bench's load makes it, a commit shared by several.
const DEFAULT_CONNECTIONS = 1;
// Requests before counting, while V8 compiles the hot functions, and requests counted. (B)'s
// answers are a hundred citizens each: fewer of them do.
const REQUESTS: Record<PeerScenarioId, { warmUp: number; counted: number }> = {
  A: { warmUp: 10_000, counted: 2000 },
  B: { warmUp: 1000, counted: 200 },
};

/** A server whose requests are counted: a gateway in one of the bench's modes, or a reference server. */
type CountedMode = GatewayMode | ReferenceMode;
const MEMORY_MODES = ['bare', 'engine'] as const satisfies readonly ReferenceMode[];
const COUNTED_MODES: readonly CountedMode[] = [...GATEWAY_MODES, ...PEER_MODES, ...MEMORY_MODES];
const isPeerMode = (mode: CountedMode): mode is PeerMode => (PEER_MODES as readonly string[]).includes(mode);
const isMemoryMode = (mode: CountedMode): boolean => (MEMORY_MODES as readonly string[]).includes(mode);
const isReferenceMode = (mode: CountedMode): mode is ReferenceMode => !isGatewayMode(mode);
// What the servers that answer from memory answer (A) with: one citizen, in the gateway's shape.
// Which citizen does not change what a request costs them.
const MEMORY_CITIZEN = { firstName: 'Arta', lastName: 'Krasniqi', dateOfBirth: '1984-03-12', status: 'ALIVE' };

/** What one server's counted requests cost. */
interface InstructionCount {
  scenario: PeerScenarioId;
  mode: CountedMode;
  requests: number;
  /** Instructions a request on the server's main thread, where its JavaScript runs. */
  mainThreadPerRequest: number;
  /** On all its threads: V8's compiler and the garbage collector's helpers besides. */
  allThreadsPerRequest: number;
  /** The audit trail's records a commit; null without a trail, and for a PostGraphile. */
  recordsPerCommit: number | null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenarios: { type: 'string', default: PEER_SCENARIO_IDS.join(',') },
      modes: { type: 'string', default: 'in-process' },
      connections: { type: 'string', default: String(DEFAULT_CONNECTIONS) },
      out: { type: 'string', default: 'bench/results' },
    },
  });
  const scenarios = values.scenarios.split(',').map((id) => id.trim());
  if (scenarios.some((id) => !(PEER_SCENARIO_IDS as readonly string[]).includes(id))) {
    throw new Error(`--scenarios must be a comma list of ${PEER_SCENARIO_IDS.join(', ')}`);
  }
  const modes = values.modes.split(',').map((mode) => mode.trim());
  if (!modes.every((mode): mode is CountedMode => (COUNTED_MODES as readonly string[]).includes(mode))) {
    throw new Error(`--modes must be a comma list of ${COUNTED_MODES.join(', ')}`);
  }
  const connections = Number(values.connections);
  if (!Number.isInteger(connections) || connections < 1) throw new Error('--connections must be a whole number of 1 or more');
  if (scenarios.includes('B') && modes.some(isMemoryMode)) {
    throw new Error(`${MEMORY_MODES.join(' and ')} answer (A) only: give --scenarios A`);
  }
  await run('valgrind', ['--version']).catch(() => {
    throw new Error('valgrind is not installed (apt-get install valgrind)');
  });

  const startedAt = new Date();
  print(`National data gateway, instructions a request, ${startedAt.toISOString()}`);
  print(`${machine().cpuModel}, node ${process.version}; each server under callgrind, ${connections === 1 ? 'one request at a time' : `${connections} connections`}`);
  await ensureRegistries(BENCH_TARGETS, CITIZENS, print);
  await freshAuditDatabase();
  if (modes.some(isPeerMode)) print(`PostGraphile's constraints on the civil registry: ${await ensurePeerConstraints(BENCH_TARGETS.civil)}`);
  const peerScenarios = buildPeerScenarios(await readInputs(BENCH_TARGETS));

  const results: InstructionCount[] = [];
  for (const id of PEER_SCENARIO_IDS.filter((known) => scenarios.includes(known))) {
    print(`\n(${id}) ${peerScenarios[id].title}`);
    for (const [index, mode] of modes.entries()) {
      // A key prefix of its own for each gateway, within the 32 characters a prefix may have.
      const result = await count(peerScenarios[id], mode, connections, `instructions-${startedAt.getTime().toString(36)}-${id}${index}`);
      print(
        `  ${mode.padEnd(16)} ${result.mainThreadPerRequest.toLocaleString('en').padStart(11)} instructions a request on the main thread, ` +
          `${result.allThreadsPerRequest.toLocaleString('en')} on all threads${isReferenceMode(mode) ? '' : `; ${result.recordsPerCommit?.toFixed(1) ?? 'no'} records a commit`}`,
      );
      results.push(result);
    }
    for (const line of peerRatios(results.filter((result) => result.scenario === id))) print(line);
  }
  const file = await writeResults(values.out, startedAt, { kind: 'instructions', startedAt: startedAt.toISOString(), machine: machine(), connections, results });
  print(`\nResults written to ${file}`);
}

// Starts the server of `mode` under callgrind, warms it up with the scenario's requests, then counts
// the instructions of the requests after.
async function count(peerScenario: PeerScenario, mode: CountedMode, connections: number, cachePrefix: string): Promise<InstructionCount> {
  const { warmUp, counted } = REQUESTS[peerScenario.id];
  const dir = await mkdtemp(path.join(tmpdir(), 'ndg-callgrind-'));
  // Counting starts and stops on command (callgrind_control), each thread apart.
  const runUnder = ['valgrind', '--tool=callgrind', '--instr-atstart=no', '--separate-threads=yes', `--callgrind-out-file=${dir}/callgrind.out.%p`, `--log-file=${dir}/valgrind.log`];
  const server: BenchChild<Partial<GatewayReport>> = isReferenceMode(mode)
    ? await startReference(mode, { ...referenceStart(mode), print, runUnder })
    : await startChild<GatewayReport>('./gatewayProcess.ts', [mode], {
        label: `gateway (${mode})`,
        // valgrind's pauses are not the gateway's overload.
        env: { ...gatewayEnv(BENCH_TARGETS, cachePrefix), OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' },
        execArgv: GATEWAY_NODE_FLAGS,
        runUnder,
        print,
      });
  const scenario = peerScenario.scenario(isPeerMode(mode) ? 'postgraphile' : 'gateway');
  try {
    const load = async (amount: number) => {
      const result = await runLoad({ url: server.url, connections, nextBody: scenario.requests(), amount });
      if (failuresOf(result) > 0) throw new Error(`${failuresOf(result)} of ${result.requests} requests to ${server.label} failed`);
    };
    await load(warmUp);
    const before = await server.report();
    await run('callgrind_control', ['--instr=on', String(server.pid)]);
    await load(counted);
    await run('callgrind_control', ['--dump', String(server.pid)]);
    await run('callgrind_control', ['--instr=off', String(server.pid)]);
    const after = await server.report();
    const [mainThread = 0, ...otherThreads] = await countedThreads(dir);
    return {
      scenario: peerScenario.id,
      mode,
      requests: counted,
      mainThreadPerRequest: Math.round(mainThread / counted),
      allThreadsPerRequest: Math.round(otherThreads.reduce((sum, instructions) => sum + instructions, mainThread) / counted),
      recordsPerCommit: before.counters && after.counters ? (countersBetween(before.counters, after.counters, counted).auditWrites?.recordsPerWrite ?? null) : null,
    };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

// What a reference server is started with: a PostGraphile its registry, the others their citizen.
function referenceStart(mode: ReferenceMode): { args?: string[]; init?: object } {
  if (mode === 'bare') return { init: bareInit(Buffer.from(JSON.stringify({ data: { citizen: MEMORY_CITIZEN } }))) };
  if (mode === 'engine') return { init: { citizen: MEMORY_CITIZEN } satisfies FloorCitizenMessage };
  return { args: [BENCH_TARGETS.civil] };
}

// Each gateway's instructions a request on the main thread over each PostGraphile's, for one scenario.
function peerRatios(results: readonly InstructionCount[]): string[] {
  const peers = results.filter((result) => isPeerMode(result.mode));
  return results
    .filter((result) => !isReferenceMode(result.mode))
    .flatMap((gateway) =>
      peers.map((peer) => `  ${gateway.mode} / ${peer.mode}: ${(gateway.mainThreadPerRequest / peer.mainThreadPerRequest).toFixed(2)} of its instructions a request`),
    );
}

// The instructions of each thread in the dump, the main thread's first: callgrind writes a dump's
// file for each thread, `<out>.<pid>.<dump>-<thread>`, and heads it with its total.
async function countedThreads(dir: string): Promise<number[]> {
  const dumps = (await readdir(dir)).filter((file) => /\.\d+\.1-\d+$/.test(file)).sort();
  if (dumps.length === 0) throw new Error('callgrind wrote no dump');
  return Promise.all(
    dumps.map(async (file) => {
      const total = /^summary: (\d+)/m.exec(await readFile(path.join(dir, file), 'utf8'));
      if (!total) throw new Error(`callgrind's dump ${file} has no total`);
      return Number(total[1]);
    }),
  );
}

try {
  await main();
} catch (error) {
  print(`\nThe instruction count failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await stopAllChildren();
}
