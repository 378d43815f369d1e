import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseInteger } from '../src/integerText.js';
import { MAX_CITIZENS } from '../src/seed/index.js';
import { PEER_SCENARIO_IDS, type PeerScenarioId } from './peers.js';
import { SCENARIO_IDS, type ScenarioId } from './scenarios.js';

/** What one benchmark run does, from the command line. */
export interface BenchOptions {
  /** People in the bench's registries. */
  citizens: number;
  /** Seconds of each measured run. */
  duration: number;
  /** Concurrent connections of each run. */
  connections: number;
  /**
   * Turns taken by the gateway with the trail and the one without, where both run, and by every
   * server of (A) and (B); odd, so the median is one of them.
   */
  rounds: number;
  /** The connections at which scenario (a) measures the trail's cost: `connections` first, then the others given. */
  trailConnections: number[];
  scenarios: ScenarioId[];
  /** The scenarios that set the gateway against PostGraphile v4 and v5. */
  peerScenarios: PeerScenarioId[];
  /** Where the JSON results go. */
  out: string;
  /** Where the gateways' CPU profiles go, when asked for (`--profile`): one folder per gateway process. */
  profiles: string | null;
}

/** Reads the benchmark's flags; throws with a message naming the flag when one is wrong. */
export function parseBenchOptions(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      citizens: { type: 'string', default: '20000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '1' },
      // The trail's targets for (a) are set at 10 and at 50 connections.
      'trail-connections': { type: 'string', default: '10,50' },
      scenarios: { type: 'string', default: [...SCENARIO_IDS, ...PEER_SCENARIO_IDS].join(',') },
      out: { type: 'string', default: 'bench/results' },
      profile: { type: 'boolean', default: false },
    },
  });
  const scenarios = values.scenarios.split(',').map((id) => id.trim());
  const unknown = scenarios.filter((id) => !([...SCENARIO_IDS, ...PEER_SCENARIO_IDS] as readonly string[]).includes(id));
  if (unknown.length > 0 || scenarios.length === 0) {
    throw new Error(
      `--scenarios must be a comma list of ${SCENARIO_IDS.join(', ')} (the gateway's modes against one another) ` +
        `and ${PEER_SCENARIO_IDS.join(', ')} (the gateway against PostGraphile v4 and v5)`,
    );
  }
  const connections = parseInteger('--connections', values.connections, 1, 1000);
  const rounds = parseInteger('--rounds', values.rounds, 1, 99);
  if (rounds % 2 === 0) throw new RangeError('--rounds must be odd, so that the median is one of the runs');
  const trailConnections = values['trail-connections'].split(',').map((count) => parseInteger('--trail-connections', count.trim(), 1, 1000));
  return {
    citizens: parseInteger('--citizens', values.citizens, 1, MAX_CITIZENS),
    duration: parseInteger('--duration', values.duration, 1, 3600),
    connections,
    rounds,
    trailConnections: [...new Set([connections, ...trailConnections])],
    // Scenarios run in their own order, whatever order they were given in.
    scenarios: SCENARIO_IDS.filter((id) => scenarios.includes(id)),
    peerScenarios: PEER_SCENARIO_IDS.filter((id) => scenarios.includes(id)),
    out: path.resolve(values.out),
    profiles: values.profile ? path.resolve(values.out, 'profiles', new Date().toISOString().replaceAll(':', '-')) : null,
  };
}
