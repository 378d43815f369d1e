import { LRUCache } from 'lru-cache';
import type { Cache, InvalidationListener } from './cache.js';

/**
 * The in-process cache used without Redis: bounded by entry count, each entry with its own TTL.
 * It serves one process only, so its invalidations reach this process alone.
 */
export function createMemoryCache(maxEntries: number): Cache {
  const entries = new LRUCache<string, string>({ max: maxEntries });
  const listeners: InvalidationListener[] = [];
  return {
    kind: 'in-process',
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
