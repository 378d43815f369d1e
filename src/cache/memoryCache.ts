import { LRUCache } from 'lru-cache';
import type { Cache } from './cache.js';

/** The in-process cache used without Redis: bounded by entry count, each entry with its own TTL. */
export function createMemoryCache(maxEntries: number): Cache {
  const entries = new LRUCache<string, string>({ max: maxEntries });
  return {
    async getMany(keys) {
      return keys.map((key) => entries.get(key) ?? null);
    },
    async setMany(toStore) {
      for (const { key, value, ttlSeconds } of toStore) entries.set(key, value, { ttl: ttlSeconds * 1000 });
    },
    async close() {
      entries.clear();
    },
  };
}
