import { AsyncLocalStorage } from 'node:async_hooks';

/** What of one request's answer came from cache entries past their time-to-live. */
export class Staleness {
  /** The age of the oldest stale entry used, in seconds since it was read from its registry; null when none. */
  ageSeconds: number | null = null;

  note(ageSeconds: number): void {
    this.ageSeconds = Math.max(this.ageSeconds ?? 0, ageSeconds);
  }
}

/** The staleness of the request being answered: the cache notes into it, the answer reports it. */
export const requestStaleness = new AsyncLocalStorage<Staleness>();
