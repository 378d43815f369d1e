import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineOf } from './sources/engine.js';

/** The gateway's settings, read and validated once from the environment. */
export interface Config {
  readonly port: number;
  /** In production unexpected errors are masked and logs stay terse. */
  readonly production: boolean;
  readonly logLevel: string;
  /** Where the embedded SQLite registries live when no registry URL is set. */
  readonly dataDir: string;
  /** The registered consumer systems: who may call, with which credentials, scopes and purposes. */
  readonly consumersFile: string;
  /** The audit trail's database: PostgreSQL in production, an SQLite file in the embedded default. */
  readonly auditDatabaseUrl: string;
  readonly civilRegistryUrl: string;
  readonly addressRegisterUrl: string;
  readonly vehicleRegistryUrl: string;
  /** How many synthetic citizens the first start seeds into the embedded registries. */
  readonly seedCitizens: number;
  /** Connections per registry pool. */
  readonly poolSize: number;
  /** How long a stopping gateway lets the requests it accepted finish before it closes their connections. */
  readonly shutdownGraceMs: number;
  /** How long a registry may take, and when the gateway stops asking a failing one for a while. */
  readonly registryResilience: RegistryResilience;
  /** The shared cache; without it each process keeps an in-process cache. */
  readonly redis: RedisTarget | null;
  /** How long one Redis command may take before the registry is read instead. */
  readonly redisCommandTimeoutMs: number;
  /** Namespace of the gateway's cache keys. */
  readonly cachePrefix: string;
  /** Entries the in-process cache holds at most; also the bound of what a process keeps in front of Redis. */
  readonly cacheMemoryEntries: number;
  /** How long a value a process has just read keeps answering it from memory, in ms; 0 turns this off. */
  readonly cacheLocalTtlMs: number;
  /** How long cached facts may be served, in seconds: the bound on their staleness. */
  readonly cacheTtlSeconds: Readonly<{ person: number; address: number; municipality: number; vehicle: number; notFound: number }>;
  /**
   * How long past its time-to-live an entry is kept, to answer (marked stale) while its registry
   * cannot be read; 0 keeps nothing past its time.
   */
  readonly cacheStaleGraceSeconds: number;
  /**
   * The SHA-256 (hex) of the key that opens the operators' endpoints under /admin; without it they
   * are closed. Only the hash is configured, so the key itself is never stored with the gateway.
   */
  readonly adminKeySha256: string | null;
  /** Where OpenTelemetry traces go (an OTLP/HTTP collector's base URL); null sends none. */
  readonly tracingEndpoint: string | null;
  /** The most one operation may ask for; each is checked before anything is read. */
  readonly operationLimits: OperationLimits;
  /** When the process sheds requests with 503 rather than answer them all late. */
  readonly overload: OverloadLimits;
}

/** The bounds past which a replica is overloaded: it answers 503 with `Retry-After`, and `/readyz` says so. */
export interface OverloadLimits {
  /** Mean event-loop delay, in ms, over the last second; 0 does not check it. */
  readonly maxEventLoopDelayMs: number;
  /** Heap in use, in bytes; 0 does not check it. */
  readonly maxHeapUsedBytes: number;
  /** What `Retry-After` tells a refused caller. */
  readonly retryAfterSeconds: number;
}

/** The bounds on one operation, each answered with `QUERY_TOO_COMPLEX`, the figure measured and the bound. */
export interface OperationLimits {
  /** Fields nested in fields. */
  readonly depth: number;
  readonly aliases: number;
  readonly directives: number;
  /** Lexical tokens of the document, checked before it is parsed. */
  readonly tokens: number;
  /** Fields the answer may hold: each field 1, times the size of every list around it (see `@listSize`). */
  readonly cost: number;
}

/** The bounds on waiting for a registry, and its circuit breaker. */
export interface RegistryResilience {
  /** A statement fails after this long, the wait for a pooled connection included. */
  readonly statementTimeoutMs: number;
  /** The share of failed statements, in percent, over the last 10 s (5 statements at least) that opens the circuit. */
  readonly breakerErrorPercent: number;
  /** How long an open circuit answers without the registry before one statement probes it again. */
  readonly breakerResetMs: number;
}

/** A Redis node of a cluster. */
export interface RedisNode {
  readonly host: string;
  readonly port: number;
}

/** Where the shared cache lives: one Redis server, or a Redis Cluster. */
export type RedisTarget =
  | { readonly mode: 'standalone'; readonly url: string }
  | {
      readonly mode: 'cluster';
      readonly nodes: readonly RedisNode[];
      readonly username?: string;
      readonly password?: string;
      readonly tls: boolean;
    };

/** Thrown when the environment cannot make a valid config; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
// The consumers of the seed documents, with development keys (see the README).
const CONSUMERS_FILE = fileURLToPath(new URL('../config/consumers.json', import.meta.url));

/** Reads the environment (or the given map) into a frozen, typed config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? 'data');
  const embedded = (name: string) => `sqlite:${path.join(dataDir, `${name}.sqlite`)}`;
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  return Object.freeze({
    port: integer(env, 'PORT', 4000, 0, 65_535),
    production: env.NODE_ENV === 'production',
    logLevel,
    dataDir,
    consumersFile: path.resolve(env.CONSUMERS_FILE || CONSUMERS_FILE),
    auditDatabaseUrl: databaseUrl(env, 'AUDIT_DATABASE_URL', embedded('audit'), ['postgres', 'sqlite']),
    civilRegistryUrl: databaseUrl(env, 'CIVIL_REGISTRY_URL', embedded('civil_registry'), ['postgres', 'sqlite']),
    addressRegisterUrl: databaseUrl(env, 'ADDRESS_REGISTER_URL', embedded('address_register'), ['postgres', 'sqlite']),
    vehicleRegistryUrl: databaseUrl(env, 'VEHICLE_REGISTRY_URL', embedded('vehicle_registry'), ['mysql', 'sqlite']),
    seedCitizens: integer(env, 'SEED_CITIZENS', 20_000, 1, 5_000_000),
    poolSize: integer(env, 'DB_POOL_SIZE', 10, 1, 200),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 300_000),
    registryResilience: Object.freeze({
      statementTimeoutMs: integer(env, 'REGISTRY_STATEMENT_TIMEOUT_MS', 5000, 10, 600_000),
      breakerErrorPercent: integer(env, 'REGISTRY_BREAKER_ERROR_PERCENT', 50, 1, 100),
      breakerResetMs: integer(env, 'REGISTRY_BREAKER_RESET_MS', 10_000, 100, 600_000),
    }),
    redis: redisTarget(env),
    redisCommandTimeoutMs: integer(env, 'REDIS_COMMAND_TIMEOUT_MS', 100, 1, 10_000),
    cachePrefix: cachePrefix(env),
    cacheMemoryEntries: integer(env, 'CACHE_MEMORY_ENTRIES', 100_000, 1, 10_000_000),
    cacheLocalTtlMs: integer(env, 'CACHE_LOCAL_TTL_MS', 1000, 0, 60_000),
    cacheStaleGraceSeconds: integer(env, 'CACHE_STALE_GRACE_SECONDS', 900, 0, 86_400),
    cacheTtlSeconds: Object.freeze({
      person: integer(env, 'CACHE_TTL_PERSON_SECONDS', 300, 0, 86_400),
      address: integer(env, 'CACHE_TTL_ADDRESS_SECONDS', 3600, 0, 86_400),
      municipality: integer(env, 'CACHE_TTL_MUNICIPALITY_SECONDS', 86_400, 0, 604_800),
      vehicle: integer(env, 'CACHE_TTL_VEHICLE_SECONDS', 300, 0, 86_400),
      notFound: integer(env, 'CACHE_TTL_NOT_FOUND_SECONDS', 30, 0, 3600),
    }),
    adminKeySha256: adminKeySha256(env),
    tracingEndpoint: tracingEndpoint(env),
    operationLimits: Object.freeze({
      depth: integer(env, 'QUERY_MAX_DEPTH', 12, 1, 100),
      aliases: integer(env, 'QUERY_MAX_ALIASES', 20, 0, 1000),
      directives: integer(env, 'QUERY_MAX_DIRECTIVES', 20, 0, 1000),
      tokens: integer(env, 'QUERY_MAX_TOKENS', 3000, 10, 1_000_000),
      cost: integer(env, 'QUERY_MAX_COST', 25_000, 1, 100_000_000),
    }),
    overload: Object.freeze({
      maxEventLoopDelayMs: integer(env, 'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS', 1000, 0, 60_000),
      maxHeapUsedBytes: integer(env, 'OVERLOAD_MAX_HEAP_USED_BYTES', 0, 0, 2 ** 40),
      retryAfterSeconds: integer(env, 'OVERLOAD_RETRY_AFTER_SECONDS', 5, 1, 3600),
    }),
  });
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function databaseUrl(env: NodeJS.ProcessEnv, name: string, fallback: string, engines: string[]): string {
  const url = env[name] || fallback;
  let engine: string;
  try {
    engine = engineOf(url);
  } catch {
    throw new ConfigError(`${name} must be a ${engines.join(' or ')} URL`);
  }
  if (!engines.includes(engine)) throw new ConfigError(`${name} must be a ${engines.join(' or ')} URL, not ${engine}`);
  return url;
}

function redisTarget(env: NodeJS.ProcessEnv): RedisTarget | null {
  const url = env.REDIS_URL || undefined;
  const clusterNodes = env.REDIS_CLUSTER_NODES || undefined;
  if (url !== undefined && clusterNodes !== undefined) throw new ConfigError('Set REDIS_URL or REDIS_CLUSTER_NODES, not both');
  if (url !== undefined) {
    if (!/^rediss?:\/\//.test(url)) throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL');
    return { mode: 'standalone', url };
  }
  if (clusterNodes === undefined) return null;
  // Each node is host:port or a redis:// URL; credentials and TLS come from the first URL.
  const nodeError = new ConfigError('REDIS_CLUSTER_NODES must be a comma-separated list of host:port or redis://[user:password@]host:port');
  const urls = clusterNodes.split(',').map((node) => node.trim()).map((node) => {
    try {
      const parsed = new URL(/^rediss?:\/\//.test(node) ? node : `redis://${node}`);
      if (!parsed.hostname || !parsed.port) throw nodeError;
      return parsed;
    } catch {
      throw nodeError;
    }
  });
  const first = urls[0]!;
  return {
    mode: 'cluster',
    nodes: urls.map((node) => ({ host: node.hostname.replace(/^\[|\]$/g, ''), port: Number(node.port) })),
    ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
    ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
    tls: first.protocol === 'rediss:',
  };
}

function adminKeySha256(env: NodeJS.ProcessEnv): string | null {
  const hash = env.ADMIN_KEY_SHA256;
  if (hash === undefined || hash === '') return null;
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) throw new ConfigError('ADMIN_KEY_SHA256 must be the 64 hex digits of a SHA-256 hash');
  return hash.toLowerCase();
}

// OpenTelemetry's own variable, so collectors' usual settings apply.
function tracingEndpoint(env: NodeJS.ProcessEnv): string | null {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint === undefined || endpoint === '') return null;
  if (!/^https?:\/\/[^\s]+$/.test(endpoint)) throw new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL');
  return endpoint;
}

function cachePrefix(env: NodeJS.ProcessEnv): string {
  const prefix = env.CACHE_PREFIX ?? 'ndg';
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(prefix)) throw new ConfigError('CACHE_PREFIX must be 1 to 32 letters, digits, _ or -');
  return prefix;
}
