import type { CountersSnapshot } from '../src/counters.js';

/** What the gateway counted over one measured run. */
export interface CounterFigures {
  /** Requests the gateway handled in the run. */
  requests: number;
  /** Statements each registry was sent. */
  statements: Record<string, number>;
  /** All registries' statements per request handled; null when none was. */
  statementsPerRequest: number | null;
  /** Null when the gateway ran without a cache. */
  cache: { hits: number; misses: number; hitRate: number } | null;
  /** The audit trail's commits: records each, and milliseconds each from sending to committed; null without a trail or a commit. */
  auditWrites: { writes: number; recordsPerWrite: number; msPerWrite: number } | null;
}

/** The counters' growth from `before` to `after`, over the `requests` handled meanwhile. */
export function countersBetween(before: CountersSnapshot, after: CountersSnapshot, requests: number): CounterFigures {
  const statements: Record<string, number> = {};
  for (const [registry, counted] of Object.entries(after.statements)) {
    statements[registry] = counted.total - (before.statements[registry as keyof CountersSnapshot['statements']]?.total ?? 0);
  }
  const total = Object.values(statements).reduce((sum, count) => sum + count, 0);
  return {
    requests,
    statements,
    statementsPerRequest: requests > 0 ? total / requests : null,
    cache: after.cache && cacheFigures(before.cache, after.cache),
    auditWrites: auditWriteFigures(before.auditWrites, after.auditWrites),
  };
}

function auditWriteFigures(before: CountersSnapshot['auditWrites'], after: CountersSnapshot['auditWrites']): CounterFigures['auditWrites'] {
  if (!before || !after || after.writes === before.writes) return null;
  const writes = after.writes - before.writes;
  return { writes, recordsPerWrite: (after.records - before.records) / writes, msPerWrite: (after.milliseconds - before.milliseconds) / writes };
}

function cacheFigures(before: CountersSnapshot['cache'], after: NonNullable<CountersSnapshot['cache']>) {
  const hits = sum(after.hits) - (before ? sum(before.hits) : 0);
  const misses = sum(after.misses) - (before ? sum(before.misses) : 0);
  return { hits, misses, hitRate: hits + misses > 0 ? hits / (hits + misses) : 0 };
}

function sum(counts: Partial<Record<string, number>>): number {
  return Object.values(counts).reduce<number>((total, count) => total + (count ?? 0), 0);
}
