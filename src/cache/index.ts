import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Cache } from './cache.js';
import { createMemoryCache } from './memoryCache.js';
import type { CachePolicy } from './readThrough.js';
import { createRedisCache } from './redisCache.js';

export type { Cache, CacheEntry } from './cache.js';
export { CacheCounters, cacheKey, readThrough, type CachePolicy, type EntityKind } from './readThrough.js';
export { createMemoryCache, createRedisCache };

/** The shape of cached values; bump it whenever a domain entity changes shape. */
export const CACHE_SHAPE_VERSION = 1;

/** Redis when configured, otherwise the in-process cache. */
export function createCache(config: Pick<Config, 'redisUrl' | 'redisCommandTimeoutMs' | 'cacheMemoryEntries'>, log: Logger): Cache {
  return config.redisUrl
    ? createRedisCache(config.redisUrl, log, { commandTimeoutMs: config.redisCommandTimeoutMs })
    : createMemoryCache(config.cacheMemoryEntries);
}

/** Which time-to-live each entity kind gets, from the configured staleness bounds. */
export function cachePolicyFrom(config: Pick<Config, 'cachePrefix' | 'cacheTtlSeconds'>): CachePolicy {
  const { person, address, municipality, vehicle, notFound } = config.cacheTtlSeconds;
  return {
    prefix: config.cachePrefix,
    version: CACHE_SHAPE_VERSION,
    notFoundTtlSeconds: notFound,
    ttlSeconds: {
      citizenByPersonalNumber: person,
      residentsByAddress: person,
      familyLinksByPerson: person,
      childrenByParent: person,
      documentsByHolder: person,
      addressById: address,
      settlementById: municipality,
      municipalityByCode: municipality,
      vehicleByPlate: vehicle,
      vehicleByVin: vehicle,
      vehiclesByOwner: vehicle,
      drivingLicenceByNumber: vehicle,
      drivingLicenceByHolder: vehicle,
    },
  };
}
