/** One entry to store: a serialized value and how long it may be served. */
export interface CacheEntry {
  key: string;
  value: string;
  ttlSeconds: number;
}

/**
 * A store of serialized entries that expire. It never throws: an unreachable cache answers every
 * key as missing and drops writes, so the registries are read instead.
 */
export interface Cache {
  /** The values for the keys, in key order, null where absent. */
  getMany(keys: readonly string[]): Promise<Array<string | null>>;
  /** Stores the entries, each with its own time-to-live. */
  setMany(entries: readonly CacheEntry[]): Promise<void>;
  close(): Promise<void>;
}
