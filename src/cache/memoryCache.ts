import { LRUCache } from 'lru-cache';
import type { Cache, ChangeTracking, InvalidationListener } from './cache.js';

// No one but its own process writes this cache, and that process drops from memory every key it
// invalidates: what it read stays true until then, so telling never stops and has nothing to tell.
const NOTHING_CHANGES_UNTOLD: ChangeTracking = { session: 1, onChange() {} };

/**
 * The in-process cache used without Redis: bounded by entry count, each entry with its own TTL.
 * It serves one process only, so its invalidations reach this process alone.
 */
export function createMemoryCache(maxEntries: number): Cache {
  const entries = new LRUCache<string, string>({ max: maxEntries });
  const listeners: InvalidationListener[] = [];
  return {
    kind: 'in-process',
    changes: NOTHING_CHANGES_UNTOLD,
    async getMany(keys) {
      return keys.map((key) => entries.get(key) ?? null);
    },
    async setMany(toStore) {
      for (const { key, value, ttlSeconds } of toStore) entries.set(key, value, { ttl: ttlSeconds * 1000 });
    },
    async deleteMany(keys) {
      for (const key of keys) entries.delete(key);
    },
    async announceInvalidation(keys) {
      for (const listener of listeners) listener(keys);
    },
    onInvalidation(listener) {
      listeners.push(listener);
    },
    async reachable() {
      return true;
    },
    async close() {
      entries.clear();
    },
  };
}
