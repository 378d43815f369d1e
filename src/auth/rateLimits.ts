import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisTarget } from '../config.js';
import { connectRedis, deadline } from '../redis.js';
import type { Consumer, ConsumerRegistry, RateLimit } from './consumers.js';

/** Whether a request may go on, and what is left of its consumer's window. */
export interface RateDecision {
  readonly admitted: boolean;
  readonly limit: RateLimit;
  /** Requests left in the current window. */
  readonly remaining: number;
  /** Seconds until the window starts again. */
  readonly resetSeconds: number;
}

interface ConsumerLimiter {
  readonly limit: RateLimit;
  /** Counts in Redis, shared by every replica; null when the gateway runs without Redis. */
  readonly shared: RateLimiterAbstract | null;
  /** Counts in this process: the limit itself without Redis, the stand-in while Redis is out of reach. */
  readonly local: RateLimiterMemory;
  /** The window as Redis last told it, and the requests admitted here since, not yet added there. */
  window: { counted: number; unsent: number; endsAt: number };
  /** Requests admitted here without asking Redis only while more than this many are left in the window. */
  readonly margin: number;
  /** And at most this many between two syncs: twice what the limit allows in that time. */
  readonly perSync: number;
}

/** How often requests counted here are added to the count in Redis. */
const RATE_SYNC_MS = 100;
// A replica counts on its own only while the consumer is far below its limit (a tenth of it, and at
// least this many requests), and no faster than about its limit's pace, so that what the replicas admit
// between two syncs cannot take it past: near the limit, or in a burst, every request is counted in
// Redis before it is answered.
const MIN_MARGIN = 50;

/**
 * Each consumer's rate limit, counted in Redis so that every replica sees the same count. A Redis
 * that is slow or out of reach never refuses a request: each replica then counts on its own, up to
 * the same limit, until Redis answers again.
 */
export class RateLimits {
  readonly #limiters: ReadonlyMap<string, ConsumerLimiter>;
  readonly #close: () => Promise<void>;
  readonly #commandTimeoutMs: number;
  readonly #syncMs: number;
  #sync: NodeJS.Timeout | null = null;

  private constructor(limiters: ReadonlyMap<string, ConsumerLimiter>, close: () => Promise<void>, commandTimeoutMs: number, syncMs: number) {
    this.#limiters = limiters;
    this.#close = close;
    this.#commandTimeoutMs = commandTimeoutMs;
    this.#syncMs = syncMs;
  }

  static create(
    registry: ConsumerRegistry,
    options: { redis: RedisTarget | null; keyPrefix: string; commandTimeoutMs: number; syncMs?: number },
  ): RateLimits {
    const syncMs = options.syncMs ?? RATE_SYNC_MS;
    const client = options.redis && connectRedis(options.redis, 'commands');
    // The cache logs Redis outages; this connection would only repeat them.
    client?.on('error', () => {});
    const limiters = new Map<string, ConsumerLimiter>();
    for (const consumer of registry.consumers) {
      const { requests: points, perSeconds: duration } = consumer.rateLimit;
      const local = new RateLimiterMemory({ points, duration });
      const shared = client && new RateLimiterRedis({
        storeClient: client,
        points,
        duration,
        keyPrefix: `${options.keyPrefix}:rate`,
        // Not ready, it fails the request's count, which this process then keeps: what Redis answers is
        // only ever Redis's own count.
        rejectIfRedisNotReady: true,
      });
      const margin = Math.max(Math.ceil(points / 10), MIN_MARGIN);
      const perSync = Math.ceil((2 * points * syncMs) / (duration * 1000));
      limiters.set(consumer.id, { limit: consumer.rateLimit, shared, local, window: { counted: 0, unsent: 0, endsAt: 0 }, margin, perSync });
    }
    return new RateLimits(limiters, async () => void client?.disconnect(), options.commandTimeoutMs, syncMs);
  }

  /** Counts one request of `consumer` and says whether it is within the limit. */
  async admit(consumer: Consumer): Promise<RateDecision> {
    const limiter = this.#limiters.get(consumer.id)!;
    if (limiter.shared) {
      const { window, limit } = limiter;
      const now = Date.now();
      const left = limit.requests - window.counted - window.unsent - 1;
      if (now < window.endsAt && left >= limiter.margin && window.unsent < limiter.perSync) {
        window.unsent += 1;
        this.#sync ??= setTimeout(() => void this.sync(), this.#syncMs).unref();
        return { admitted: true, limit, remaining: left, resetSeconds: secondsUntil(window.endsAt - now) };
      }
      // This request goes to Redis with those counted here since the last sync.
      const points = 1 + window.unsent;
      window.unsent = 0;
      try {
        const outcome = await deadline(limiter.shared.consume(consumer.id, points), this.#commandTimeoutMs);
        learn(window, outcome);
        return decision(limit, outcome, true);
      } catch (outcome) {
        if (outcome instanceof RateLimiterRes) {
          learn(window, outcome);
          return decision(limit, outcome, false);
        }
        // Redis did not answer in time: this process counts the request instead, and the next sync
        // tries again with those counted here before it.
        window.unsent += points - 1;
      }
    }
    try {
      return decision(limiter.limit, await limiter.local.consume(consumer.id), true);
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return decision(limiter.limit, outcome, false);
      throw outcome;
    }
  }

  /** Adds the requests counted here since the last sync to the counts in Redis, each consumer's in one command. */
  sync(): Promise<void> {
    if (this.#sync) clearTimeout(this.#sync);
    this.#sync = null;
    const sending = [...this.#limiters].filter(([, limiter]) => limiter.shared && limiter.window.unsent > 0);
    return Promise.all(
      sending.map(async ([consumerId, limiter]) => {
        const points = limiter.window.unsent;
        limiter.window.unsent = 0;
        try {
          learn(limiter.window, await deadline(limiter.shared!.penalty(consumerId, points), this.#commandTimeoutMs));
        } catch {
          // Not counted in Redis: this process forgets what it knew of the window, and asks again.
          limiter.window.endsAt = 0;
        }
      }),
    ).then(() => {});
  }

  async close(): Promise<void> {
    await this.sync();
    await this.#close();
  }
}

// What Redis answered of a consumer's window: how many it counted, and when the window ends.
function learn(window: ConsumerLimiter['window'], outcome: RateLimiterRes): void {
  window.counted = outcome.consumedPoints;
  window.endsAt = Date.now() + outcome.msBeforeNext;
}

function decision(limit: RateLimit, outcome: RateLimiterRes, admitted: boolean): RateDecision {
  return { admitted, limit, remaining: outcome.remainingPoints, resetSeconds: secondsUntil(outcome.msBeforeNext) };
}

// Whole seconds until a window ends, at least one.
function secondsUntil(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
