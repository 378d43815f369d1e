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
  /** Null when the gateway's answers are recorded by a recorder it was given instead of its trail. */
  auditWrites: AuditWrites | null;
}

/** The audit trail's writes since start, each one commit of the records waiting for it: how many, the records, the time they took. */
export interface AuditWrites {
  writes: number;
  records: number;
  milliseconds: number;
}

/** Counts the audit trail's writes that succeeded: how well its commits gather records, and what they take. */
export class AuditWriteCounters implements AuditWrites {
  writes = 0;
  records = 0;
  milliseconds = 0;

  count(records: number, milliseconds: number): void {
    this.writes += 1;
    this.records += records;
    this.milliseconds += milliseconds;
  }
}

/** A copy of the counters as they stand. */
export function countersSnapshot(sources: Sources, cache: { kind: string; counters: CacheCounters } | null, auditWrites: AuditWriteCounters | null): CountersSnapshot {
  const statementsOf = (registry: keyof Sources): RegistryStatements => ({
    total: sources[registry].statements.total,
    byQuery: sources[registry].statements.byQuery(),
  });
  return {
    cache: cache && { kind: cache.kind, hits: { ...cache.counters.hits }, misses: { ...cache.counters.misses } },
    statements: { civil: statementsOf('civil'), address: statementsOf('address'), vehicle: statementsOf('vehicle'), business: statementsOf('business') },
    auditWrites: auditWrites && { writes: auditWrites.writes, records: auditWrites.records, milliseconds: auditWrites.milliseconds },
  };
}
