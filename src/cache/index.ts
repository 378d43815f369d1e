import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Cache } from './cache.js';
import { createMemoryCache } from './memoryCache.js';
import type { CachePolicy } from './readThrough.js';
import { createRedisCache } from './redisCache.js';

export { CacheUnavailableError, type Cache, type CacheEntry, type ChangeListener, type ChangeTracking } from './cache.js';
export { CODECS, type EntityKind } from './codec.js';
export { INVALIDATION_TYPES, Invalidator, type InvalidationTarget } from './invalidation.js';
export { CacheCounters, cacheKey, readThrough, type CachePolicy } from './readThrough.js';
export { createMemoryCache, createRedisCache };

/** The shape of cached values; bump it whenever a domain entity or a codec changes. */
export const CACHE_SHAPE_VERSION = 3;

/** Redis (one server or a cluster) when configured, otherwise the in-process cache. */
export function createCache(
  config: Pick<Config, 'redis' | 'redisCommandTimeoutMs' | 'cacheMemoryEntries' | 'cachePrefix'>,
  log: Logger,
): Cache {
  return config.redis
    ? createRedisCache(config.redis, log, {
      commandTimeoutMs: config.redisCommandTimeoutMs,
      invalidationChannel: `${config.cachePrefix}:invalidations`,
      keyPrefix: `${config.cachePrefix}:v${CACHE_SHAPE_VERSION}:`,
    })
    : createMemoryCache(config.cacheMemoryEntries);
}

/** Which time-to-live each entity kind gets, from the configured staleness bounds, and what a process keeps. */
export function cachePolicyFrom(
  config: Pick<Config, 'cachePrefix' | 'cacheTtlSeconds' | 'cacheLocalTtlMs' | 'cacheMemoryEntries' | 'cacheStaleGraceSeconds'>,
): CachePolicy {
  const { person, address, municipality, vehicle, company, notFound } = config.cacheTtlSeconds;
  return {
    prefix: config.cachePrefix,
    version: CACHE_SHAPE_VERSION,
    notFoundTtlSeconds: notFound,
    staleGraceSeconds: config.cacheStaleGraceSeconds,
    localTtlMs: config.cacheLocalTtlMs,
    localEntries: config.cacheMemoryEntries,
    ttlSeconds: {
      citizenByPersonalNumber: person,
      residentsByAddress: person,
      familyLinksByPerson: person,
      childrenByParent: person,
      documentsByHolder: person,
      identityDocumentByNumber: person,
      residencesByPerson: person,
      addressById: address,
      settlementById: municipality,
      municipalityByCode: municipality,
      vehicleByPlate: vehicle,
      vehicleByVin: vehicle,
      vehiclesByOwner: vehicle,
      drivingLicenceByNumber: vehicle,
      drivingLicenceByHolder: vehicle,
      companyByNumber: company,
      membersOfCompany: company,
      companiesOwnedBy: company,
      companiesRepresentedBy: company,
      vehiclesOfCompany: vehicle,
    },
  };
}
