import DataLoader from 'dataloader';
import type { Staleness } from '../cache/staleness.js';
import type { BatchFn, Fetchers } from './fetchers.js';

export { createFetchers, type BatchFn, type Fetchers } from './fetchers.js';

type LoaderOf<F> = F extends BatchFn<infer K, infer V> ? DataLoader<K, V> : never;

/** One DataLoader per fetcher, living for a single request. */
export type Loaders = { readonly [Name in keyof Fetchers]: LoaderOf<Fetchers[Name]> };

export interface LoaderOptions {
  /**
   * Collect the keys a request asks for in one tick into one batch (the default). Off, every key is
   * its own registry read: the naive baseline the benchmark compares against.
   */
  batch?: boolean;
}

/**
 * Creates the loaders of one request, whose answer's staleness its cache reads note into. A new set
 * per request: DataLoader's memo is not a shared cache. Each loader is made when the request first
 * uses it: most requests use a few of the many kinds.
 */
export function createLoaders(fetchers: Fetchers, options: LoaderOptions = {}, staleness?: Staleness): Loaders {
  let RequestLoaders = LOADER_SETS.get(fetchers);
  if (!RequestLoaders) LOADER_SETS.set(fetchers, (RequestLoaders = loaderSet(fetchers)));
  return new RequestLoaders(options.batch ?? true, staleness);
}

type LoaderSet = new (batch: boolean, staleness: Staleness | undefined) => Loaders;
// The class of a request's loaders, one per set of fetchers: a getter per kind on its prototype makes
// the kind's loader on first use and keeps it on the request's instance.
const LOADER_SETS = new WeakMap<Fetchers, LoaderSet>();

function loaderSet(fetchers: Fetchers): LoaderSet {
  class RequestLoaders {
    constructor(
      readonly batch: boolean,
      readonly staleness: Staleness | undefined,
    ) {}
  }
  for (const [name, fetch] of Object.entries(fetchers) as Array<[string, BatchFn<unknown, unknown>]>) {
    Object.defineProperty(RequestLoaders.prototype, name, {
      get(this: RequestLoaders) {
        const { batch, staleness } = this;
        const loader = new DataLoader((keys: readonly unknown[]) => fetch(keys, staleness), { batch });
        Object.defineProperty(this, name, { value: loader });
        return loader;
      },
    });
  }
  return RequestLoaders as unknown as LoaderSet;
}

/** Empties the memo of every loader the request made: nothing it loaded is held through them any more. */
export function forgetLoaded(loaders: Loaders): void {
  // The loaders made are the instance's own properties (see `loaderSet`), not enumerable.
  for (const name of Object.getOwnPropertyNames(loaders)) {
    const loader: unknown = (loaders as Record<string, unknown>)[name];
    if (loader instanceof DataLoader) loader.clearAll();
  }
}

/** The fetchers, each telling `observe` the size of every batch it is given. */
export function withBatchSizes(fetchers: Fetchers, observe: (loader: string, keys: number) => void): Fetchers {
  const observed: Record<string, BatchFn<unknown, unknown>> = {};
  for (const [name, fetch] of Object.entries(fetchers) as Array<[string, BatchFn<unknown, unknown>]>) {
    observed[name] = (keys, staleness) => {
      observe(name, keys.length);
      return fetch(keys, staleness);
    };
  }
  return observed as unknown as Fetchers;
}

/** Loads many keys and fails as a whole if any key failed (a registry error reaches the caller once). */
export async function loadAll<K, V>(loader: DataLoader<K, V>, keys: readonly K[]): Promise<V[]> {
  const values = await loader.loadMany(keys);
  const failure = values.find((value): value is Error => value instanceof Error);
  if (failure) throw failure;
  return values as V[];
}
