import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, PerformanceObserver, type NodeGCPerformanceDetail, type PerformanceEntry } from 'node:perf_hooks';
import type { BareReport, ParentCommand, ReadyMessage } from './protocol.js';

/**
 * Serves the benchmark parent over IPC: announces `url`, answers each `'report'` with `report()`,
 * and stops and exits on `'stop'`, on SIGINT or SIGTERM, or when the parent is gone.
 */
export function serveParent(url: string, report: () => unknown, stop: () => Promise<void>): void {
  const send = parentSender();
  let stopping = false;
  const stopAndExit = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('message', (command: ParentCommand) => {
    if (command === 'report') send(report());
    else if (command === 'stop') stopAndExit();
  });
  // Ctrl-C reaches the whole process group, and a child must never outlive its parent.
  process.on('SIGINT', stopAndExit);
  process.on('SIGTERM', stopAndExit);
  process.on('disconnect', stopAndExit);
  send({ url } satisfies ReadyMessage);
}

/**
 * Listens with a server that is no gateway on a free loopback port and serves the parent: its
 * `/graphql` announced, its memory reported; on stop, the server closed, then `release` run.
 */
export async function serveHttpToParent(server: Server, release: () => Promise<void> = async () => {}): Promise<void> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serveParent(
    `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    processReport,
    async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await release();
    },
  );
}

/** The first message the parent sends. */
export function firstParentMessage(): Promise<unknown> {
  parentSender();
  return new Promise((resolve) => process.once('message', resolve));
}

function parentSender(): (message: unknown) => void {
  if (!process.send) throw new Error('This process is started by bench/run.ts and talks to it over IPC');
  return process.send.bind(process);
}

// The process's garbage collections so far: every child loads this module as it starts.
const collections = { micros: 0, oldGeneration: 0 };
new PerformanceObserver((entries) => {
  for (const entry of entries.getEntries()) {
    collections.micros += entry.duration * 1000;
    const { detail } = entry as PerformanceEntry & { detail?: NodeGCPerformanceDetail };
    if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) collections.oldGeneration += 1;
  }
}).observe({ entryTypes: ['gc'] });

/** What every child reports of its process: peak memory, CPU time, waits and garbage collections so far. */
export function processReport(): BareReport {
  const { maxRSS, userCPUTime, systemCPUTime, voluntaryContextSwitches } = process.resourceUsage();
  return {
    maxRssKb: maxRSS,
    cpuMicros: userCPUTime + systemCPUTime,
    systemCpuMicros: systemCPUTime,
    waits: voluntaryContextSwitches,
    gcMicros: collections.micros,
    oldGenerationGcs: collections.oldGeneration,
  };
}
