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
  };
}

function cacheFigures(before: CountersSnapshot['cache'], after: NonNullable<CountersSnapshot['cache']>) {
  const hits = sum(after.hits) - (before ? sum(before.hits) : 0);
  const misses = sum(after.misses) - (before ? sum(before.misses) : 0);
  return { hits, misses, hitRate: hits + misses > 0 ? hits / (hits + misses) : 0 };
}

function sum(counts: Partial<Record<string, number>>): number {
  return Object.values(counts).reduce<number>((total, count) => total + (count ?? 0), 0);
}
