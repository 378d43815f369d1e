/**
 * A model of scenario (a) at a few connections, to tell how long the trail's commit may take under
 * load for the gateway with the trail to keep a given share of what it answers without it:
 *
 *   npm run bench:model -- [--connections 10] [--work-us 145] [--work-without-us 125] [--client-us 80]
 *
 * Each connection sends its next request `client-us` after its answer; one thread works one request at
 * a time (`work-us`, ±15 %); a worked request's record joins the group that commits next, and one
 * group commits at a time, for the commit time given (±15 %). Without the trail a request is answered
 * once worked. Prints, per commit time, requests a second with and without the trail and their ratio.
 */
import { parseArgs } from 'node:util';
import { parseInteger } from '../src/integerText.js';

interface ModelOptions {
  connections: number;
  workMs: number;
  clientMs: number;
  /** Null: no trail, a request is answered once worked. */
  commitMs: number | null;
}

const SIMULATED_MS = 20_000;

// A request arriving at the gateway, worked out by its thread, or a group of them committed.
type Step = 'arrive' | 'worked' | 'committed';

/** Requests answered a second, in `SIMULATED_MS` of simulated time. */
function answeredPerSecond({ connections, workMs, clientMs, commitMs }: ModelOptions): number {
  let seed = 1;
  // A fixed pseudo-random sequence (a linear congruential generator), so that runs repeat exactly.
  const spread = (ms: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return ms * (0.85 + 0.3 * (seed / 2 ** 31));
  };
  const events: Array<{ at: number; kind: Step; requests: number }> = [];
  const schedule = (at: number, kind: Step, requests = 1) => {
    events.push({ at, kind, requests });
    events.sort((a, b) => a.at - b.at);
  };
  for (let connection = 0; connection < connections; connection++) schedule(spread(clientMs), 'arrive');
  let threadFreeAt = 0;
  let waiting = 0;
  let committing = false;
  let answered = 0;
  const answer = (at: number, requests: number) => {
    answered += requests;
    for (let request = 0; request < requests; request++) schedule(at + spread(clientMs), 'arrive');
  };
  const commitWaiting = (at: number) => {
    if (committing || waiting === 0) return;
    committing = true;
    schedule(at + spread(commitMs!), 'committed', waiting);
    waiting = 0;
  };
  for (let event = events.shift(); event !== undefined && event.at < SIMULATED_MS; event = events.shift()) {
    if (event.kind === 'arrive') {
      threadFreeAt = Math.max(event.at, threadFreeAt) + spread(workMs);
      schedule(threadFreeAt, 'worked');
    } else if (event.kind === 'worked') {
      if (commitMs === null) answer(event.at, 1);
      else {
        waiting += 1;
        commitWaiting(event.at);
      }
    } else {
      committing = false;
      commitWaiting(event.at);
      answer(event.at, event.requests);
    }
  }
  return (answered / SIMULATED_MS) * 1000;
}

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '10' },
    'work-us': { type: 'string', default: '145' },
    'work-without-us': { type: 'string', default: '125' },
    'client-us': { type: 'string', default: '80' },
  },
});
const connections = parseInteger('--connections', values.connections, 1, 1000);
const microseconds = (flag: string, text: string) => parseInteger(flag, text, 1, 1_000_000) / 1000;
const clientMs = microseconds('--client-us', values['client-us']);
const workMs = microseconds('--work-us', values['work-us']);
const without = answeredPerSecond({ connections, workMs: microseconds('--work-without-us', values['work-without-us']), clientMs, commitMs: null });
console.log(`without the trail: ${Math.round(without)} requests a second`);
console.log('commit ms  with the trail  ratio');
for (const commitMs of [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4]) {
  const withTrail = answeredPerSecond({ connections, workMs, clientMs, commitMs });
  console.log(`${commitMs.toFixed(1).padStart(9)}  ${String(Math.round(withTrail)).padStart(14)}  ${(withTrail / without).toFixed(2)}`);
}
