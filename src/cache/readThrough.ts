import type { BatchFn, Fetchers } from '../loaders/index.js';
import type { Cache } from './cache.js';

export type EntityKind = keyof Fetchers;

/** How entries are named and how long each kind may be served. */
export interface CachePolicy {
  /** Namespace of every key, so several gateways can share one Redis. */
  prefix: string;
  /** Bumped when a cached shape changes, so an old shape is never read. */
  version: number;
  ttlSeconds: Readonly<Record<EntityKind, number>>;
  /** "Not found" (null or an empty list) is kept only briefly. */
  notFoundTtlSeconds: number;
}

/** Hits and misses per entity kind, for the benchmark and, later, /metrics. */
export class CacheCounters {
  readonly hits: Partial<Record<EntityKind, number>> = {};
  readonly misses: Partial<Record<EntityKind, number>> = {};

  record(kind: EntityKind, hits: number, misses: number): void {
    this.hits[kind] = (this.hits[kind] ?? 0) + hits;
    this.misses[kind] = (this.misses[kind] ?? 0) + misses;
  }
}

/** The cache key of an entity: `<prefix>:v<version>:<kind>:<key>`. */
export function cacheKey(policy: CachePolicy, kind: EntityKind, key: string | number): string {
  return `${policy.prefix}:v${policy.version}:${kind}:${key}`;
}

/**
 * Wraps every fetcher so a batch costs one multi-get, one registry read for the misses only, and one
 * pipelined write-back with the kind's time-to-live.
 */
export function readThrough(fetchers: Fetchers, cache: Cache, policy: CachePolicy, counters: CacheCounters): Fetchers {
  const wrapped: Partial<Record<EntityKind, BatchFn<unknown, unknown>>> = {};
  for (const [kind, fetch] of Object.entries(fetchers) as Array<[EntityKind, BatchFn<unknown, unknown>]>) {
    wrapped[kind] = async (keys) => {
      const keysInCache = keys.map((key) => cacheKey(policy, kind, key as string | number));
      const cached = await cache.getMany(keysInCache);
      const values: unknown[] = cached.map((raw) => (raw === null ? undefined : JSON.parse(raw)));
      const missing = values.flatMap((value, index) => (value === undefined ? [index] : []));
      counters.record(kind, keys.length - missing.length, missing.length);
      if (missing.length === 0) return values;
      const fetched = await fetch(missing.map((index) => keys[index]));
      missing.forEach((index, position) => (values[index] = fetched[position]));
      await cache.setMany(
        missing.map((index, position) => ({
          key: keysInCache[index]!,
          value: JSON.stringify(fetched[position]),
          ttlSeconds: isNotFound(fetched[position]) ? policy.notFoundTtlSeconds : policy.ttlSeconds[kind],
        })),
      );
      return values;
    };
  }
  return wrapped as Fetchers;
}

function isNotFound(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.length === 0);
}
