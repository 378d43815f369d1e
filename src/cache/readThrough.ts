import { LRUCache } from 'lru-cache';
import { SourceUnavailableError } from '../errors.js';
import type { BatchFn, Fetchers } from '../loaders/index.js';
import type { Cache, CacheEntry } from './cache.js';
import { CODECS, type Codec, type EntityKind } from './codec.js';

/** How entries are named, how long each kind may be served, and how much a process keeps in memory. */
export interface CachePolicy {
  /** Namespace of every key, so several gateways can share one Redis. */
  prefix: string;
  /** Bumped when a cached shape changes, so an old shape is never read. */
  version: number;
  /** How long each kind may be served; 0 keeps that kind out of the cache. */
  ttlSeconds: Readonly<Record<EntityKind, number>>;
  /** "Not found" (null or an empty list) is kept only briefly. */
  notFoundTtlSeconds: number;
  /** How long past its time-to-live an entry still answers, marked stale, while its registry cannot be read. */
  staleGraceSeconds: number;
  /** How long a value a process has just read keeps answering that process from its memory; 0 turns this off. */
  localTtlMs: number;
  /** The most values a process keeps in its memory. */
  localEntries: number;
}

/**
 * Keys answered without a registry read (hits: from memory, the cache, or a read already under way
 * in this process) and keys read from a registry (misses), per entity kind.
 */
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
  return keyPrefix(policy, kind) + String(key);
}

// What every cache key of a kind starts with.
function keyPrefix(policy: CachePolicy, kind: EntityKind): string {
  return `${policy.prefix}:v${policy.version}:${kind}:`;
}

/** A registry read of one key by this process, which concurrent requests for the key join. */
interface InFlightRead {
  readonly value: Promise<unknown>;
  /** An invalidation named the key meanwhile: the value is not written, or is dropped again. */
  invalidated: boolean;
  /** The cache told of a change to the key meanwhile: the value is not kept in memory. */
  changed: boolean;
}

/**
 * Reads of one key from the cache under way, in the foreground or the background, and whether an
 * invalidation or a change the cache told named the key meanwhile: what they bring is then not kept.
 */
interface CacheRead {
  outdated: boolean;
  readers: number;
}

/**
 * A value this process has just read, and the cache's entry it is (`text`, read from its registry at
 * `readAt`): a background read that finds the same entry keeps the value on as it is, without
 * decoding it again. `written`: this process wrote the entry itself. `refreshFrom` and `expiresAt`:
 * when half its time in memory is over, and when all of it is, on `performance.now()`'s clock; a
 * value the cache tells changes of is never read again in the background, and expires with its entry.
 */
interface LocalValue extends CachedEntry {
  readonly text: string;
  readonly written: boolean;
  refreshFrom: number;
  expiresAt: number;
}

// How many times over the time in memory a process gathers the keys to read again from the cache.
const REFRESH_GATHERINGS = 10;

/**
 * Wraps every fetcher so a batch costs one multi-get, one registry read for the misses only, and one
 * pipelined write-back with the kind's time-to-live. In front of the cache, each process keeps what
 * it has just read, and a key it is already reading is joined instead of read again: a burst of
 * requests for one cold key costs one registry statement. Where the cache tells this process of
 * every change to its entries (Redis's tracking, the in-process cache), a value is kept until its
 * entry changes or is no longer fresh. Otherwise it is kept for `localTtlMs`: a value asked for in
 * the second half of that time is answered from memory and read again from the cache in the
 * background, so that a key asked for often is never waited for on the cache, and is never served
 * from memory longer than `localTtlMs` after the cache last gave it. Invalidations announced by any
 * replica drop all of these.
 */
export function readThrough(fetchers: Fetchers, cache: Cache, policy: CachePolicy, counters: CacheCounters): Fetchers {
  const inFlight = new Map<string, InFlightRead>();
  const local = new LRUCache<string, LocalValue>({ max: policy.localEntries });
  // Keys to read again in the background, gathered by kind.
  const toRefresh = new Map<EntityKind, Set<string>>();
  const cacheReads = new Map<string, CacheRead>();
  const { changes } = cache;

  // An entry changed or invalidated: out of memory, and what is on its way from the cache not kept.
  const forget = (key: string) => {
    local.delete(key);
    const read = cacheReads.get(key);
    if (read) read.outdated = true;
  };
  // What the cache tells of changed entries leaves memory, and so does what is being read of them.
  changes?.onChange((keys) => {
    if (keys === null) {
      local.clear();
      for (const read of cacheReads.values()) read.outdated = true;
      for (const read of inFlight.values()) read.changed = true;
      return;
    }
    for (const key of keys) {
      forget(key);
      const registryRead = inFlight.get(key);
      if (registryRead) registryRead.changed = true;
    }
  });
  // Whether what is read now in a session of the cache's tracking is still told of when it changes.
  const stillTracked = (session: number | null) => session !== null && session === changes?.session;
  const readingFromCache = (keys: readonly string[]): CacheRead[] =>
    keys.map((key) => {
      let read = cacheReads.get(key);
      if (read) read.readers += 1;
      else cacheReads.set(key, (read = { outdated: false, readers: 1 }));
      return read;
    });
  const doneReadingFromCache = (keys: readonly string[]) => {
    for (const key of keys) {
      const read = cacheReads.get(key)!;
      if ((read.readers -= 1) === 0) cacheReads.delete(key);
    }
  };

  cache.onInvalidation((keys) => {
    const maybeRewritten: string[] = [];
    for (const key of keys) {
      if (local.peek(key)?.written) maybeRewritten.push(key);
      forget(key);
      const read = inFlight.get(key);
      if (read === undefined) continue;
      read.invalidated = true;
      inFlight.delete(key);
    }
    // This process's write may have landed after the invalidation dropped the key.
    if (maybeRewritten.length > 0) cache.deleteMany(maybeRewritten).catch(() => {});
  });

  const ttlOf = (kind: EntityKind, value: unknown) => (isNotFound(value) ? policy.notFoundTtlSeconds : policy.ttlSeconds[kind]);
  // Whether the cache's entry may still answer: read from its registry less than its kind's time ago.
  const isFresh = (kind: EntityKind, entry: CachedEntry, now: number) => now - entry.readAt < ttlOf(kind, entry.value);
  // How long a value read in `session` is kept, and from when it is read again in the background.
  const keptFor = (kind: EntityKind, entry: CachedEntry, session: number | null): { keptMs: number; refreshMs: number } => {
    if (policy.localTtlMs <= 0) return { keptMs: 0, refreshMs: 0 };
    if (stillTracked(session)) return { keptMs: (entry.readAt + ttlOf(kind, entry.value)) * 1000 - Date.now(), refreshMs: Number.POSITIVE_INFINITY };
    const keptMs = Math.min(policy.localTtlMs, ttlOf(kind, entry.value) * 1000);
    return { keptMs, refreshMs: keptMs / 2 };
  };
  const keepLocally = (kind: EntityKind, key: string, entry: CachedEntry, text: string, written: boolean, session: number | null) => {
    const { keptMs, refreshMs } = keptFor(kind, entry, session);
    if (keptMs <= 0) return;
    const now = performance.now();
    local.set(key, { value: entry.value, readAt: entry.readAt, text, written, refreshFrom: now + refreshMs, expiresAt: now + keptMs });
  };
  // The same entry found again: kept on in place, for another whole time in memory.
  const keepOn = (kind: EntityKind, kept: LocalValue, session: number | null) => {
    const { keptMs, refreshMs } = keptFor(kind, kept, session);
    const now = performance.now();
    kept.refreshFrom = now + refreshMs;
    kept.expiresAt = now + keptMs;
  };

  const refreshLater = (kind: EntityKind, key: string) => {
    if (cacheReads.has(key)) return;
    let keys = toRefresh.get(kind);
    if (!keys) {
      toRefresh.set(kind, (keys = new Set()));
      // Every key of the kind asked for within a tenth of the time in memory goes in one multi-get:
      // hot keys cost the cache a few reads a second instead of one per request, and each is read
      // again well before its time in memory is over.
      setTimeout(() => {
        toRefresh.delete(kind);
        void refresh(kind, [...keys!]);
      }, policy.localTtlMs / REFRESH_GATHERINGS).unref();
    }
    keys.add(key);
  };

  // A fresh entry is kept in memory again; an entry gone or past its time leaves memory, so the next
  // request reads it the whole way. A cache that cannot be reached leaves memory to expire.
  async function refresh(kind: EntityKind, keys: string[]): Promise<void> {
    const reads = readingFromCache(keys);
    const session = changes?.session ?? null;
    try {
      const cached = await cache.getMany(keys);
      const codec = CODECS[kind] as Codec<unknown>;
      const now = nowSeconds();
      keys.forEach((key, position) => {
        if (reads[position]!.outdated) return;
        const text = cached[position] ?? null;
        const kept = local.peek(key);
        if (kept !== undefined && kept.text === text) {
          if (isFresh(kind, kept, now)) keepOn(kind, kept, session);
          else local.delete(key);
          return;
        }
        const entry = decodedEntry(codec, text);
        if (entry !== undefined && isFresh(kind, entry, now)) keepLocally(kind, key, entry, text!, kept?.written ?? false, session);
        else local.delete(key);
      });
    } catch {
      // Nothing to do: what memory holds expires in its time.
    } finally {
      doneReadingFromCache(keys);
    }
  }

  async function readAndKeep(kind: EntityKind, keys: readonly unknown[], keysInCache: readonly string[]): Promise<unknown[]> {
    const fetch = fetchers[kind] as BatchFn<unknown, unknown>;
    const reading = fetch(keys);
    const reads = keysInCache.map((key, position) => {
      const read: InFlightRead = { value: reading.then((values) => values[position]), invalidated: false, changed: false };
      // Whoever joins sees the failure; an unjoined read must not become an unhandled rejection.
      read.value.catch(() => {});
      inFlight.set(key, read);
      return read;
    });
    const settle = () =>
      keysInCache.forEach((key, position) => {
        if (inFlight.get(key) === reads[position]) inFlight.delete(key);
      });
    let fetched: unknown[];
    try {
      fetched = await reading;
    } catch (error) {
      settle();
      throw error;
    }
    const codec = CODECS[kind] as Codec<unknown>;
    const toWrite = fetched.flatMap((value, position) => (!reads[position]!.invalidated && ttlOf(kind, value) > 0 ? [position] : []));
    const readAt = nowSeconds();
    const entries = toWrite.map((position): CacheEntry => ({
      key: keysInCache[position]!,
      value: `${readAt}${READ_AT_END}${codec.encode(fetched[position])}`,
      // Kept past its time, to answer while the registry cannot be read.
      ttlSeconds: ttlOf(kind, fetched[position]) + policy.staleGraceSeconds,
    }));
    const session = changes?.session ?? null;
    await cache.setMany(entries);
    const invalidatedWhileWriting: string[] = [];
    toWrite.forEach((position, index) => {
      const read = reads[position]!;
      if (read.invalidated) invalidatedWhileWriting.push(keysInCache[position]!);
      else if (!read.changed) keepLocally(kind, keysInCache[position]!, { readAt, value: fetched[position] }, entries[index]!.value, true, session);
    });
    if (invalidatedWhileWriting.length > 0) cache.deleteMany(invalidatedWhileWriting).catch(() => {});
    // Only now: a request whose cache read was sent before the write finds the value in memory.
    settle();
    return fetched;
  }

  const wrapped: Partial<Record<EntityKind, BatchFn<unknown, unknown>>> = {};
  for (const kind of Object.keys(fetchers) as EntityKind[]) {
    const codec = CODECS[kind] as Codec<unknown>;
    const prefix = keyPrefix(policy, kind);
    wrapped[kind] = async (keys, staleness) => {
      const keysInCache = keys.map((key) => prefix + String(key));
      const values: unknown[] = new Array(keys.length);
      const joined: Array<Promise<void>> = [];
      // From memory or a read under way; false when this process has nothing for the key.
      const answerInProcess = (index: number): boolean => {
        const key = keysInCache[index]!;
        const kept = local.get(key);
        if (kept !== undefined) {
          const now = performance.now();
          if (now < kept.expiresAt) {
            values[index] = kept.value;
            if (now > kept.refreshFrom) refreshLater(kind, key);
            return true;
          }
          local.delete(key);
        }
        const read = inFlight.get(key);
        if (read === undefined) return false;
        joined.push(read.value.then((value) => void (values[index] = value)));
        return true;
      };

      const toLookUp: number[] = [];
      for (let index = 0; index < keys.length; index++) if (!answerInProcess(index)) toLookUp.push(index);
      const missing: number[] = [];
      // Entries past their time-to-live: read again, but kept to answer if the registry cannot be.
      let expired: Map<number, { value: unknown; ageSeconds: number }> | undefined;
      if (toLookUp.length > 0) {
        const lookedUp = toLookUp.map((index) => keysInCache[index]!);
        const session = changes?.session ?? null;
        const reads = readingFromCache(lookedUp);
        let cached: Array<string | null>;
        try {
          cached = await cache.getMany(lookedUp);
        } finally {
          doneReadingFromCache(lookedUp);
        }
        const now = nowSeconds();
        toLookUp.forEach((index, position) => {
          const text = cached[position] ?? null;
          const entry = decodedEntry(codec, text);
          if (entry !== undefined && isFresh(kind, entry, now)) {
            values[index] = entry.value;
            // An invalidation or a change told while the entry was on its way may be older or newer than it: not kept.
            if (!reads[position]!.outdated) keepLocally(kind, lookedUp[position]!, entry, text!, false, session);
          } else if (!answerInProcess(index)) {
            // Another request of this process may have read the key meanwhile; if not, it is a miss.
            missing.push(index);
            if (entry !== undefined) (expired ??= new Map()).set(index, { value: entry.value, ageSeconds: now - entry.readAt });
          }
        });
      }
      counters.record(kind, keys.length - missing.length, missing.length);
      if (missing.length > 0) {
        const fetched = readAndKeep(kind, missing.map((index) => keys[index]), missing.map((index) => keysInCache[index]!));
        joined.push(
          fetched.then(
            (found) => missing.forEach((index, position) => (values[index] = found[position])),
            (error: unknown) => {
              if (!(error instanceof SourceUnavailableError)) throw error;
              // The registry cannot be read: what it said within the grace period answers, marked stale;
              // a key with nothing of the kind fails alone.
              for (const index of missing) {
                const kept = expired?.get(index);
                if (kept === undefined) {
                  values[index] = error;
                  continue;
                }
                values[index] = kept.value;
                staleness?.note(kept.ageSeconds);
              }
            },
          ),
        );
      }
      if (joined.length > 0) await Promise.all(joined);
      return values;
    };
  }
  return wrapped as Fetchers;
}

// An entry is the time it was read from its registry, in seconds, then the encoded value.
const READ_AT_END = '|';

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A cache entry as read: when its value was read from its registry (seconds since the epoch), and the value. */
interface CachedEntry {
  readAt: number;
  value: unknown;
}

/**
 * A cache entry's value and the time it was read from its registry; undefined for an entry of
 * another shape (written by an older gateway, or damaged), which counts as a miss.
 */
export function decodedEntry(codec: Codec<unknown>, text: string | null): CachedEntry | undefined {
  if (text === null) return undefined;
  const end = text.indexOf(READ_AT_END);
  const readAt = Number(text.slice(0, end));
  if (end <= 0 || !Number.isSafeInteger(readAt)) return undefined;
  try {
    return { readAt, value: codec.decode(text.slice(end + 1)) };
  } catch {
    return undefined;
  }
}

function isNotFound(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.length === 0);
}
