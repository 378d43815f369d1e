import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseInteger } from '../src/integerText.js';
import { startChild, stopAllChildren } from './childProcess.js';
import { gatewayEnv } from './gatewayEnv.js';
import { GATEWAY_NODE_FLAGS } from './gatewayHeap.js';
import { readInputs } from './inputs.js';
import { failuresOf, runLoad } from './load.js';
import type { GatewayReport } from './protocol.js';
import { BENCH_TARGETS, ensureRegistries, freshAuditDatabase } from './registries.js';
import { buildScenarios } from './scenarios.js';

// `npm run soak`: one Redis-cached gateway held at a fixed rate for a long time, in windows, to see
// whether it fails, slows down or grows: errors, p99 drift and RSS drift, first window to last.

const print = (line = '') => process.stdout.write(`${line}\n`);

interface SoakOptions {
  minutes: number;
  /** Requests per second, over all connections. */
  rate: number;
  connections: number;
  windowSeconds: number;
  citizens: number;
  out: string;
}

interface Window {
  index: number;
  endedAtSeconds: number;
  requests: number;
  requestsPerSecond: number;
  failures: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  rssMb: number;
}

function parseOptions(args: string[]): SoakOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      minutes: { type: 'string', default: '10' },
      rate: { type: 'string', default: '300' },
      connections: { type: 'string', default: '20' },
      window: { type: 'string', default: '30' },
      citizens: { type: 'string', default: '20000' },
      out: { type: 'string', default: 'bench/results' },
    },
  });
  return {
    minutes: parseInteger('--minutes', values.minutes, 1, 24 * 60),
    rate: parseInteger('--rate', values.rate, 1, 100_000),
    connections: parseInteger('--connections', values.connections, 1, 1000),
    windowSeconds: parseInteger('--window', values.window, 5, 3600),
    citizens: parseInteger('--citizens', values.citizens, 1, 5_000_000),
    out: path.resolve(values.out),
  };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  print(`National data gateway soak, ${startedAt.toISOString()}`);
  print(`${options.rate} requests/s for ${options.minutes} min over ${options.connections} connections, in windows of ${options.windowSeconds} s`);
  await ensureRegistries(BENCH_TARGETS, options.citizens, print);
  await freshAuditDatabase();
  const scenarios = buildScenarios(await readInputs(BENCH_TARGETS));
  // The everyday mix: citizens by personal number (Zipf) and vehicles by plate with their owner.
  const [citizen, vehicle] = [scenarios.a.requests(), scenarios.c.requests()];
  let turn = 0;
  const nextBody = () => ((turn += 1) % 2 === 0 ? citizen() : vehicle());

  const child = await startChild<GatewayReport>('./gatewayProcess.ts', ['cached'], {
    label: 'gateway (cached)',
    env: gatewayEnv(BENCH_TARGETS, `soak${startedAt.getTime()}`),
    execArgv: GATEWAY_NODE_FLAGS,
    print,
  });
  const windows: Window[] = [];
  const count = Math.ceil((options.minutes * 60) / options.windowSeconds);
  print('\nwindow   at s   req/s  failures  p50 ms  p99 ms  RSS MB');
  for (let index = 1; index <= count; index += 1) {
    const load = await runLoad({ url: child.url, connections: options.connections, nextBody, duration: options.windowSeconds, rate: options.rate });
    const report = await child.report();
    const window: Window = {
      index,
      endedAtSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      requests: load.requests,
      requestsPerSecond: load.requestsPerSecond,
      failures: failuresOf(load),
      latencyP50Ms: load.latencyP50Ms,
      latencyP99Ms: load.latencyP99Ms,
      rssMb: report.rssKb / 1024,
    };
    windows.push(window);
    print(
      `${String(index).padStart(6)}  ${String(window.endedAtSeconds).padStart(5)}  ${window.requestsPerSecond.toFixed(0).padStart(6)}  ` +
        `${String(window.failures).padStart(8)}  ${String(window.latencyP50Ms).padStart(6)}  ${String(window.latencyP99Ms).padStart(6)}  ${window.rssMb.toFixed(1).padStart(6)}`,
    );
  }
  await child.stop();

  // The first window warms the cache and the JIT: drift is measured from the second.
  const baseline = windows[Math.min(1, windows.length - 1)]!;
  const last = windows[windows.length - 1]!;
  const summary = {
    requests: windows.reduce((sum, window) => sum + window.requests, 0),
    failures: windows.reduce((sum, window) => sum + window.failures, 0),
    p99DriftRatio: baseline.latencyP99Ms > 0 ? last.latencyP99Ms / baseline.latencyP99Ms : null,
    rssDriftMb: last.rssMb - baseline.rssMb,
  };
  print(
    `\n${summary.requests.toLocaleString('en')} requests, ${summary.failures} failures; p99 ${baseline.latencyP99Ms} ms → ${last.latencyP99Ms} ms ` +
      `(× ${summary.p99DriftRatio?.toFixed(2) ?? '—'}); RSS ${baseline.rssMb.toFixed(1)} MB → ${last.rssMb.toFixed(1)} MB (${summary.rssDriftMb >= 0 ? '+' : ''}${summary.rssDriftMb.toFixed(1)} MB)`,
  );
  await mkdir(options.out, { recursive: true });
  const file = path.join(options.out, `soak-${startedAt.toISOString().replaceAll(':', '-')}.json`);
  await writeFile(file, `${JSON.stringify({ startedAt: startedAt.toISOString(), options: { ...options, out: undefined }, windows, summary }, null, 2)}\n`);
  print(`Results written to ${file}`);
  return summary.failures === 0 ? 0 : 1;
}

main().then(
  (code) => stopAllChildren().finally(() => process.exit(code)),
  (error: unknown) => {
    print(`\n!!! The soak failed: ${error instanceof Error ? error.message : String(error)}`);
    void stopAllChildren().finally(() => process.exit(1));
  },
);
