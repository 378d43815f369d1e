/** One entry to store: a serialized value and how long it may be served. */
export interface CacheEntry {
  key: string;
  value: string;
  ttlSeconds: number;
}

/** Receives the keys of an invalidation, whichever replica it was sent to. */
export type InvalidationListener = (keys: readonly string[]) => void;

/** Told of the entries that changed in the store, or `null` when any may have. */
export type ChangeListener = (keys: readonly string[] | null) => void;

/**
 * How a store tells this process of every change to its entries made by anyone else (Redis's
 * client-side caching; the in-process cache, which no one else writes): what the process read from
 * it then stays true until it is told otherwise.
 */
export interface ChangeTracking {
  /**
   * Not null while every change is told; a new number each time telling starts again. When it stops,
   * the listeners are told `null` first: a change may have gone untold.
   */
  readonly session: number | null;
  onChange(listener: ChangeListener): void;
}

/**
 * A store of serialized entries that expire. Reads and writes never throw: an unreachable cache
 * answers every key as missing and drops writes, so the registries are read instead.
 */
export interface Cache {
  /** Where entries live: 'in-process', 'redis' or 'redis-cluster'. */
  readonly kind: string;
  /** Absent where the store cannot tell of changes (a Redis Cluster). */
  readonly changes?: ChangeTracking;
  /** The values for the keys, in key order, null where absent. */
  getMany(keys: readonly string[]): Promise<Array<string | null>>;
  /** Stores the entries, each with its own time-to-live. */
  setMany(entries: readonly CacheEntry[]): Promise<void>;
  /**
   * Drops the keys. Unlike reads and writes it throws `CacheUnavailableError` when it could not
   * reach the store: an invalidation that did not happen must be sent again.
   */
  deleteMany(keys: readonly string[]): Promise<void>;
  /** Tells every replica on this cache, this one included, that the keys were invalidated. */
  announceInvalidation(keys: readonly string[]): Promise<void>;
  /** Calls `listener` with the keys of every invalidation announced by any replica. */
  onInvalidation(listener: InvalidationListener): void;
  /** Whether the store answers now: always for the in-process cache, a PING within the command timeout for Redis. */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

/** The cache store could not be reached for an operation that must not silently fail. */
export class CacheUnavailableError extends Error {
  override name = 'CacheUnavailableError';
}
