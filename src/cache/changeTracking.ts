import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisTarget } from '../config.js';
import { connectRedis, deadline } from '../redis.js';
import type { ChangeListener, ChangeTracking } from './cache.js';

// Where Redis sends what changed, to the connection that tracking is redirected to.
const INVALIDATE_CHANNEL = '__redis__:invalidate';
// How often the tracking connection is asked whether it is still there: a link that died without
// closing would otherwise leave changes untold until TCP noticed.
const HEARTBEAT_MS = 1000;

/**
 * Redis's client-side caching, in broadcast mode: Redis tells this process of every change that
 * anyone else makes to a key starting with `prefix` (written, deleted, expired or evicted), on a
 * connection of its own. Telling stops, and the listeners hear `null`, whenever either connection
 * drops, the tracking connection does not answer a heartbeat within `timeoutMs`, or Redis refuses to
 * track (a Redis older than 6, or a proxy); it starts again, as a new session, once both are back.
 * Tracking is set on `client`, the connection this process writes with, so that its own writes are
 * not told back to it.
 */
export function trackChanges(
  client: Redis,
  target: RedisTarget,
  prefix: string,
  { timeoutMs, log }: { timeoutMs: number; log: Logger },
): ChangeTracking & { close(): void } {
  const tracker = connectRedis(target, 'tracker') as Redis;
  // The command connection already reports an outage.
  tracker.on('error', () => {});
  const within = <T>(command: Promise<T>) => deadline(command, timeoutMs);
  const listeners: ChangeListener[] = [];
  const tell = (keys: readonly string[] | null) => {
    for (const listener of listeners) listener(keys);
  };
  let session: number | null = null;
  let sessions = 0;
  // Moved by every stop, so that a start under way when one came does not count.
  let stops = 0;
  let trackerId: string | null = null;
  let starting = false;
  // Redis refused a command of tracking (an ACL, a proxy): it is not asked again.
  let refused = false;
  const refusedBy = (error: unknown): boolean => {
    if ((error as Error).name !== 'ReplyError') return false;
    if (!refused) log.warn({ cache: 'redis' }, 'Redis does not tell this process of changes; what it read is kept in memory for CACHE_LOCAL_TTL_MS only');
    refused = true;
    return true;
  };

  const stop = () => {
    stops += 1;
    if (session === null) return;
    session = null;
    tell(null);
  };
  // Tracking that does not start (Redis slow, a connection dropping) is tried again by the heartbeat.
  const start = async () => {
    if (starting || refused || trackerId === null || client.status !== 'ready') return;
    starting = true;
    const stopsBefore = stops;
    try {
      // Tracking that was on points at a tracking connection that is gone.
      await within(client.client('TRACKING', 'OFF'));
      await within(client.client('TRACKING', 'ON', 'REDIRECT', trackerId, 'BCAST', 'PREFIX', prefix, 'NOLOOP'));
      if (stops === stopsBefore) session = ++sessions;
    } catch (error) {
      refusedBy(error);
    } finally {
      starting = false;
    }
  };

  tracker.on('ready', () => {
    void (async () => {
      try {
        const id = String(await within(tracker.client('ID')));
        await within(tracker.subscribe(INVALIDATE_CHANNEL));
        trackerId = id;
      } catch (error) {
        if (!refusedBy(error)) tracker.disconnect(true);
        return;
      }
      await start();
    })();
  });
  tracker.on('close', () => {
    trackerId = null;
    stop();
  });
  tracker.on('messageBuffer', (channel: Buffer, keys: Buffer[] | null) => {
    if (channel.toString() !== INVALIDATE_CHANNEL) return;
    // Null: the whole database was flushed.
    tell(keys === null ? null : keys.map(String));
  });
  // The command connection's tracking ends with it.
  client.on('close', stop);
  client.on('ready', () => void start());

  const heartbeat = setInterval(() => {
    if (session === null) return void start();
    within(tracker.ping()).catch(() => {
      stop();
      tracker.disconnect(true);
    });
  }, HEARTBEAT_MS).unref();

  return {
    get session() {
      return session;
    },
    onChange(listener) {
      listeners.push(listener);
    },
    close() {
      clearInterval(heartbeat);
      tracker.disconnect();
    },
  };
}
