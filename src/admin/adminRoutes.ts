import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { bearerCredential } from '../auth/authenticate.js';
import { CacheUnavailableError, INVALIDATION_TYPES, type InvalidationTarget, type Invalidator } from '../cache/index.js';
import type { CountersSnapshot } from '../counters.js';
import { canonicalDocumentNumber, canonicalPlate, isAddressId, isBusinessNumber, isPersonalNumber } from '../domain.js';
import { ErrorCode, GatewayError } from '../errors.js';

/** The most entities one invalidation may name. */
export const MAX_INVALIDATION_ENTITIES = 1000;

/** What the operators' endpoints act on. */
export interface AdminDependencies {
  /** SHA-256 (hex) of the key that opens them; null keeps them closed. */
  adminKeySha256: string | null;
  /** Null when the gateway runs without a cache: there is nothing to invalidate. */
  invalidator: Invalidator | null;
  counters: () => CountersSnapshot;
  log: Logger;
}

/**
 * The operators' endpoints under /admin, each behind the admin key (`Authorization: Bearer <key>`):
 * `POST /admin/cache/invalidate` drops entities from the cache on every replica, and
 * `GET /admin/counters` shows the cache and registry counters.
 */
export function adminRoutes(deps: AdminDependencies): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', async (request) => {
      if (deps.adminKeySha256 === null) throw new GatewayError(ErrorCode.FORBIDDEN, 'Administration is closed on this gateway: no admin key is configured');
      if (!presentsKey(request, deps.adminKeySha256)) throw new GatewayError(ErrorCode.UNAUTHENTICATED, 'The admin key is missing or wrong');
    });

    app.get('/admin/counters', async () => deps.counters());

    app.post('/admin/cache/invalidate', async (request) => {
      const targets = invalidationTargets(request.body);
      if (typeof targets === 'string') throw new GatewayError(ErrorCode.BAD_USER_INPUT, targets);
      if (deps.invalidator === null) return { invalidated: { entities: targets.length, cacheKeys: 0 } };
      try {
        const { keys } = await deps.invalidator.invalidate(targets);
        // The types only: the keys may be personal numbers.
        deps.log.info({ entities: targets.length, types: [...new Set(targets.map((target) => target.type))], cacheKeys: keys }, 'cache invalidated');
        return { invalidated: { entities: targets.length, cacheKeys: keys } };
      } catch (error) {
        if (!(error instanceof CacheUnavailableError)) throw error;
        throw new GatewayError(ErrorCode.CACHE_UNAVAILABLE, 'The cache could not be reached; nothing is known to be dropped, send the invalidation again');
      }
    });
  };
}

// Compares hashes in constant time, so the response time tells nothing about the key.
function presentsKey(request: FastifyRequest, expectedSha256: string): boolean {
  const key = bearerCredential(request.headers.authorization);
  if (key === null) return false;
  return timingSafeEqual(createHash('sha256').update(key).digest(), Buffer.from(expectedSha256, 'hex'));
}

/** The targets of an invalidation body, or what is wrong with it (never quoting a key). */
export function invalidationTargets(body: unknown): InvalidationTarget[] | string {
  const entities = (body as { entities?: unknown } | null)?.entities;
  if (!Array.isArray(entities) || entities.length === 0 || entities.length > MAX_INVALIDATION_ENTITIES) {
    return `The body must be {"entities": [{"type": ..., "key": ...}, ...]} with 1 to ${MAX_INVALIDATION_ENTITIES} entities`;
  }
  const targets: InvalidationTarget[] = [];
  for (const [index, entity] of entities.entries()) {
    const { type, key } = (entity ?? {}) as { type?: unknown; key?: unknown };
    const target = invalidationTarget(type, key);
    if (typeof target === 'string') return `entities[${index}]: ${target}`;
    targets.push(target);
  }
  return targets;
}

function invalidationTarget(type: unknown, key: unknown): InvalidationTarget | string {
  const text = typeof key === 'string' ? key : null;
  switch (type) {
    case 'Citizen':
      return text !== null && isPersonalNumber(text) ? { type, key: text } : 'a Citizen key is a personal number of exactly 10 digits';
    case 'Address':
      return text !== null && isAddressId(text) ? { type, key: text } : 'an Address key is an address id, a positive whole number as a string';
    case 'Settlement':
    case 'Municipality':
      return Number.isInteger(key) && (key as number) > 0 && (key as number) <= 999_999
        ? { type, key: key as number }
        : `a ${type} key is a positive whole number`;
    case 'Vehicle': {
      const plate = text === null ? null : canonicalPlate(text);
      return plate !== null ? { type, key: plate } : 'a Vehicle key is a plate such as 01-234-AB';
    }
    case 'DrivingLicence':
    case 'IdentityDocument': {
      const number = text === null ? null : canonicalDocumentNumber(text);
      return number !== null ? { type, key: number } : `${type === 'IdentityDocument' ? 'an' : 'a'} ${type} key is a document number of 4 to 12 letters and digits`;
    }
    case 'Company':
      return text !== null && isBusinessNumber(text) ? { type, key: text } : 'a Company key is a business number of exactly 9 digits';
    default:
      return `type must be one of ${INVALIDATION_TYPES.join(', ')}`;
  }
}
