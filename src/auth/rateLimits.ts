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
}

/**
 * Each consumer's rate limit, counted in Redis so that every replica sees the same count. A Redis
 * that is slow or out of reach never refuses a request: each replica then counts on its own, up to
 * the same limit, until Redis answers again.
 */
export class RateLimits {
  readonly #limiters: ReadonlyMap<string, ConsumerLimiter>;
  readonly #close: () => Promise<void>;
  readonly #commandTimeoutMs: number;

  private constructor(limiters: ReadonlyMap<string, ConsumerLimiter>, close: () => Promise<void>, commandTimeoutMs: number) {
    this.#limiters = limiters;
    this.#close = close;
    this.#commandTimeoutMs = commandTimeoutMs;
  }

  static create(
    registry: ConsumerRegistry,
    options: { redis: RedisTarget | null; keyPrefix: string; commandTimeoutMs: number },
  ): RateLimits {
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
        rejectIfRedisNotReady: true,
        insuranceLimiter: local,
      });
      limiters.set(consumer.id, { limit: consumer.rateLimit, shared, local });
    }
    return new RateLimits(limiters, async () => void client?.disconnect(), options.commandTimeoutMs);
  }

  /** Counts one request of `consumer` and says whether it is within the limit. */
  async admit(consumer: Consumer): Promise<RateDecision> {
    const limiter = this.#limiters.get(consumer.id)!;
    if (limiter.shared) {
      try {
        return decision(limiter.limit, await deadline(limiter.shared.consume(consumer.id), this.#commandTimeoutMs), true);
      } catch (outcome) {
        if (outcome instanceof RateLimiterRes) return decision(limiter.limit, outcome, false);
        // Redis did not answer in time: this process counts the request instead.
      }
    }
    try {
      return decision(limiter.limit, await limiter.local.consume(consumer.id), true);
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return decision(limiter.limit, outcome, false);
      throw outcome;
    }
  }

  close(): Promise<void> {
    return this.#close();
  }
}

function decision(limit: RateLimit, outcome: RateLimiterRes, admitted: boolean): RateDecision {
  return { admitted, limit, remaining: outcome.remainingPoints, resetSeconds: Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)) };
}
