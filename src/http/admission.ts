import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/authenticate.js';
import type { RateLimits } from '../auth/rateLimits.js';
import { ErrorCode, GatewayError } from '../errors.js';

// How a consumer's request is let in, on every route that answers consumers: its credential
// checked, then counted against its rate limit.

/** Identifies the consumer by its credential; UNAUTHENTICATED otherwise. */
export function authenticate(authenticator: Authenticator) {
  return async (request: FastifyRequest) => {
    request.caller = await authenticator.authenticate(request.headers);
  };
}

/** Counts the request against its consumer's rate limit, telling the consumer where it stands; RATE_LIMITED over it. */
export function admit(rateLimits: RateLimits) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { consumer } = request.caller!;
    const rate = await rateLimits.admit(consumer);
    // The draft IETF RateLimit fields, so a consumer can pace itself before it is refused.
    reply.header('ratelimit-limit', rate.limit.requests);
    reply.header('ratelimit-remaining', rate.remaining);
    reply.header('ratelimit-reset', rate.resetSeconds);
    if (rate.admitted) return;
    const { requests, perSeconds } = rate.limit;
    throw new GatewayError(
      ErrorCode.RATE_LIMITED,
      `The consumer ${consumer.id} may send ${requests} requests in ${perSeconds} s; try again in ${rate.resetSeconds} s`,
      { limit: 'requests', max: requests, perSeconds, retryAfterSeconds: rate.resetSeconds },
    );
  };
}
