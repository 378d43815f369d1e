import { Cluster, Redis } from 'ioredis';
import type { RedisTarget } from './config.js';

// Connections to Redis, shared by the cache and the rate limits: a slow or absent Redis costs a
// bounded wait, never a failed request.

// How long ioredis itself keeps an unanswered command, so a Redis that hangs cannot pile them up.
// Callers stop waiting far earlier, at `commandTimeoutMs`.
const ABANDON_AFTER_MS = 5000;

/** A command that did not answer within the command timeout. */
class CommandTimeoutError extends Error {
  override name = 'CommandTimeoutError';
}

/**
 * A connection for commands (no offline queue, abandoned after a while) or for pub/sub (which queues
 * and retries until it is back): a subscriber, or a tracker of changes.
 */
export function connectRedis(target: RedisTarget, role: 'commands' | 'subscriber' | 'tracker'): Redis | Cluster {
  const commands = role === 'commands';
  const perConnection = {
    ...(commands ? { commandTimeout: ABANDON_AFTER_MS, maxRetriesPerRequest: 0 } : { maxRetriesPerRequest: null }),
    // A tracker learns its new connection's id before it subscribes again (see `trackChanges`).
    ...(role === 'tracker' ? { autoResubscribe: false } : {}),
    ...(target.mode === 'cluster' && target.username ? { username: target.username } : {}),
    ...(target.mode === 'cluster' && target.password ? { password: target.password } : {}),
    ...(target.mode === 'cluster' && target.tls ? { tls: {} } : {}),
  };
  // No auto-pipelining: the cache already reads a batch's keys in one MGET and writes its write-back
  // as one pipeline (each of one hash slot on a cluster), and the rate limits count in batches; what
  // it costs is a socket write a command instead of one a turn of the event loop. ioredis keeps its
  // automatic pipelines in a Map that it fills and empties every turn; once V8 has moved that Map's
  // table to the old generation, every table after it is made there too and each outgrown one stays
  // reachable until a full collection, holding the commands of requests long answered: a gateway
  // whose requests wait for the audit trail's commit then moved 1.1 MB to the old generation a
  // scavenge, against 0.02 MB without, and spent a third more CPU a request.
  const shared = { enableOfflineQueue: !commands };
  if (target.mode === 'standalone') return new Redis(target.url, { ...perConnection, ...shared, retryStrategy: reconnectDelay });
  return new Cluster([...target.nodes], { ...shared, clusterRetryStrategy: reconnectDelay, redisOptions: perConnection });
}

/**
 * The command's answer, or a CommandTimeoutError once `ms` have passed. An expired timer first lets
 * the process read its sockets once more (setImmediate runs after the event loop's I/O phase), so an
 * answer that arrived while the gateway was busy computing is still taken: only Redis's slowness
 * counts against the deadline, not the gateway's own.
 */
export function deadline<T>(command: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => setImmediate(() => {
      if (settled) return;
      settled = true;
      reject(new CommandTimeoutError(`no answer within ${ms} ms`));
    }), ms);
    command.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

// Reconnects forever, backing off to one attempt every two seconds.
function reconnectDelay(attempt: number): number {
  return Math.min(attempt * 200, 2000);
}
