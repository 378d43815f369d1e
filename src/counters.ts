import type { CacheCounters, EntityKind } from './cache/index.js';
import type { Sources } from './sources/index.js';

/** Statements one registry was sent since start, in all and per named query. */
export interface RegistryStatements {
  total: number;
  byQuery: Record<string, number>;
}

/** What the gateway has counted since it started: read by the benchmark and the operators. */
export interface CountersSnapshot {
  /** Null when the gateway runs without a cache. */
  cache: {
    kind: string;
    hits: Partial<Record<EntityKind, number>>;
    misses: Partial<Record<EntityKind, number>>;
  } | null;
  statements: Record<keyof Sources, RegistryStatements>;
}

/** A copy of the counters as they stand. */
export function countersSnapshot(sources: Sources, cache: { kind: string; counters: CacheCounters } | null): CountersSnapshot {
  const statementsOf = (registry: keyof Sources): RegistryStatements => ({
    total: sources[registry].statements.total,
    byQuery: sources[registry].statements.byQuery(),
  });
  return {
    cache: cache && { kind: cache.kind, hits: { ...cache.counters.hits }, misses: { ...cache.counters.misses } },
    statements: { civil: statementsOf('civil'), address: statementsOf('address'), vehicle: statementsOf('vehicle'), business: statementsOf('business') },
  };
}
