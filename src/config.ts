import path from 'node:path';
import { z } from 'zod';
import { integerText } from './integerText.js';
import { engineOf, type Engine } from './sources/engine.js';
import { projectFile } from './projectFiles.js';

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
  /** How the audit trail's chains are signed and kept besides their database. */
  readonly audit: AuditSettings;
  readonly civilRegistryUrl: string;
  /**
   * The business registry's web service, its WSDL's URL; null when unset, where the gateway starts
   * the registry's stand-in over its embedded synthetic data.
   */
  readonly businessRegistryUrl: string | null;
  /** The database the business registry's stand-in serves: the embedded SQLite file the seeder fills beside the registries. */
  readonly businessRegistryDataUrl: string;
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
  readonly cacheTtlSeconds: Readonly<{ person: number; address: number; municipality: number; vehicle: number; company: number; notFound: number }>;
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
  /**
   * The key that seals list cursors (64 hex digits), the same on every replica; null gives each process
   * a key of its own, so a cursor then opens only where it was made, until that process stops.
   */
  readonly cursorKey: string | null;
  /** Where OpenTelemetry traces go (an OTLP/HTTP collector's base URL); null sends none. */
  readonly tracingEndpoint: string | null;
  /** The most one operation may ask for; each is checked before anything is read. */
  readonly operationLimits: OperationLimits;
  /** When the process sheds requests with 503 rather than answer them all late. */
  readonly overload: OverloadLimits;
}

/** The signing of the audit trail's chains, their witness and retention. */
export interface AuditSettings {
  /** The Ed25519 private key (PEM) that signs checkpoints: never in the audit database. */
  readonly signingKeyFile: string;
  /** The public keys (PEM) whose checkpoints `audit:verify` trusts: the writers' published keys. */
  readonly publicKeyFiles: readonly string[];
  /** A chain's head is signed at least this often while it moves. */
  readonly checkpointSeconds: number;
  /** How many chains a process writes at once: while one write commits, the next goes out on another. */
  readonly writeLanes: number;
  /** The directory the checkpoints are appended to, outside the database. */
  readonly witnessDir: string;
  /** How long records are kept before `audit:prune` may drop them. */
  readonly retentionDays: number;
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

/** Thrown when the environment cannot make a valid config; the message names each variable that is wrong. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
// The consumers of the seed documents, with development keys (see the README).
const CONSUMERS_FILE = projectFile('config', 'consumers.json');

// Compose files leave a variable blank to mean its default.
const blankIsUnset = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);
const integer = (fallback: number, min: number, max: number) => blankIsUnset(integerText(min, max).default(fallback));
const optionalMatch = (pattern: RegExp, message: string) => blankIsUnset(z.string().regex(pattern, message).optional());

// The message names the engines, never the URL, which may carry a password.
function databaseUrl(...engines: Engine[]) {
  const expected = `must be a ${engines.join(' or ')} URL`;
  const schema = z.string().superRefine((url, ctx) => {
    try {
      const engine = engineOf(url);
      if (!engines.includes(engine)) ctx.addIssue(`${expected}, not ${engine}`);
    } catch {
      ctx.addIssue(expected);
    }
  });
  return blankIsUnset(schema.optional());
}

// Each node is host:port or a redis:// URL; credentials and TLS come from the first URL.
const clusterNodes = z.string().transform((list, ctx): RedisTarget => {
  const urls = list.split(',').map((node) => node.trim()).map((node) => (/^rediss?:\/\//.test(node) ? node : `redis://${node}`));
  const parsed = urls.map((url) => (URL.canParse(url) ? new URL(url) : undefined));
  if (!parsed.every((url): url is URL => Boolean(url?.hostname && url.port))) {
    ctx.addIssue('must be a comma-separated list of host:port or redis://[user:password@]host:port');
    return z.NEVER;
  }
  const first = parsed[0]!;
  return {
    mode: 'cluster',
    nodes: parsed.map((node) => ({ host: node.hostname.replace(/^\[|\]$/g, ''), port: Number(node.port) })),
    ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
    ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
    tls: first.protocol === 'rediss:',
  };
});

/** Reads the environment (or the given map) into a frozen, typed config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  // Every variable is read before any is refused, so that one error names each wrong variable.
  const read = <T extends z.ZodType>(name: string, schema: T): z.output<T> => {
    const parsed = schema.safeParse(env[name]);
    if (!parsed.success) problems.push(`${name} ${parsed.error.issues[0]!.message}`);
    return parsed.data as z.output<T>;
  };
  // Families of variables named alike, with bounds in common.
  const ttl = (kind: string, fallback: number, max = 86_400) => read(`CACHE_TTL_${kind}_SECONDS`, integer(fallback, 0, max));
  const limit = (measure: string, fallback: number, min: number, max: number) => read(`QUERY_MAX_${measure}`, integer(fallback, min, max));
  const dataDir = path.resolve(read('DATA_DIR', z.string().default('data')));
  const embedded = (name: string) => `sqlite:${path.join(dataDir, `${name}.sqlite`)}`;
  const signingKeyFile = path.resolve(read('AUDIT_SIGNING_KEY_FILE', blankIsUnset(z.string().optional())) ?? path.join(dataDir, 'audit-signing-key.pem'));
  const redisUrl = read('REDIS_URL', optionalMatch(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'));
  const cluster = read('REDIS_CLUSTER_NODES', blankIsUnset(clusterNodes.optional()));
  if (env.REDIS_URL && env.REDIS_CLUSTER_NODES) problems.push('Set REDIS_URL or REDIS_CLUSTER_NODES, not both');
  const config: Config = {
    port: read('PORT', integer(4000, 0, 65_535)),
    production: env.NODE_ENV === 'production',
    logLevel: read('LOG_LEVEL', z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info')),
    dataDir,
    consumersFile: path.resolve(read('CONSUMERS_FILE', blankIsUnset(z.string().default(CONSUMERS_FILE)))),
    auditDatabaseUrl: read('AUDIT_DATABASE_URL', databaseUrl('postgres', 'sqlite')) ?? embedded('access-trail'),
    audit: {
      signingKeyFile,
      publicKeyFiles: read('AUDIT_PUBLIC_KEY_FILES', blankIsUnset(z.string().optional()))?.split(',').map((file) => path.resolve(file.trim())) ?? [`${signingKeyFile}.pub`],
      checkpointSeconds: read('AUDIT_CHECKPOINT_SECONDS', integer(5, 1, 3600)),
      writeLanes: read('AUDIT_WRITE_LANES', integer(1, 1, 32)),
      witnessDir: path.resolve(read('AUDIT_WITNESS_DIR', blankIsUnset(z.string().optional())) ?? path.join(dataDir, 'access-trail-witness')),
      retentionDays: read('AUDIT_RETENTION_DAYS', integer(5 * 365 + 1, 1, 100 * 366)),
    },
    civilRegistryUrl: read('CIVIL_REGISTRY_URL', databaseUrl('postgres', 'sqlite')) ?? embedded('civil_registry'),
    addressRegisterUrl: read('ADDRESS_REGISTER_URL', databaseUrl('postgres', 'sqlite')) ?? embedded('address_register'),
    vehicleRegistryUrl: read('VEHICLE_REGISTRY_URL', databaseUrl('mysql', 'sqlite')) ?? embedded('vehicle_registry'),
    businessRegistryDataUrl: embedded('business_registry'),
    businessRegistryUrl: read('BUSINESS_REGISTRY_URL', optionalMatch(/^https?:\/\/[^\s]+$/, 'must be the http:// or https:// URL of the service\'s WSDL')) ?? null,
    seedCitizens: read('SEED_CITIZENS', integer(20_000, 1, 5_000_000)),
    poolSize: read('DB_POOL_SIZE', integer(10, 1, 200)),
    shutdownGraceMs: read('SHUTDOWN_GRACE_MS', integer(10_000, 0, 300_000)),
    registryResilience: {
      statementTimeoutMs: read('REGISTRY_STATEMENT_TIMEOUT_MS', integer(5000, 10, 600_000)),
      breakerErrorPercent: read('REGISTRY_BREAKER_ERROR_PERCENT', integer(50, 1, 100)),
      breakerResetMs: read('REGISTRY_BREAKER_RESET_MS', integer(10_000, 100, 600_000)),
    },
    redis: redisUrl ? { mode: 'standalone', url: redisUrl } : (cluster ?? null),
    redisCommandTimeoutMs: read('REDIS_COMMAND_TIMEOUT_MS', integer(100, 1, 10_000)),
    cachePrefix: read('CACHE_PREFIX', z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1 to 32 letters, digits, _ or -').default('ndg')),
    cacheMemoryEntries: read('CACHE_MEMORY_ENTRIES', integer(100_000, 1, 10_000_000)),
    cacheLocalTtlMs: read('CACHE_LOCAL_TTL_MS', integer(1000, 0, 60_000)),
    cacheStaleGraceSeconds: read('CACHE_STALE_GRACE_SECONDS', integer(900, 0, 86_400)),
    cacheTtlSeconds: {
      person: ttl('PERSON', 300),
      address: ttl('ADDRESS', 3600),
      municipality: ttl('MUNICIPALITY', 86_400, 604_800),
      vehicle: ttl('VEHICLE', 300),
      company: ttl('COMPANY', 3600),
      notFound: ttl('NOT_FOUND', 30, 3600),
    },
    adminKeySha256: read('ADMIN_KEY_SHA256', optionalMatch(/^[0-9a-fA-F]{64}$/, 'must be the 64 hex digits of a SHA-256 hash'))?.toLowerCase() ?? null,
    cursorKey: read('CURSOR_KEY', optionalMatch(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits (32 random bytes)'))?.toLowerCase() ?? null,
    // OpenTelemetry's own variable, so collectors' usual settings apply.
    tracingEndpoint: read('OTEL_EXPORTER_OTLP_ENDPOINT', optionalMatch(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL')) ?? null,
    operationLimits: {
      depth: limit('DEPTH', 12, 1, 100),
      aliases: limit('ALIASES', 20, 0, 1000),
      directives: limit('DIRECTIVES', 20, 0, 1000),
      tokens: limit('TOKENS', 3000, 10, 1_000_000),
      cost: limit('COST', 25_000, 1, 100_000_000),
    },
    overload: {
      maxEventLoopDelayMs: read('OVERLOAD_MAX_EVENT_LOOP_DELAY_MS', integer(1000, 0, 60_000)),
      maxHeapUsedBytes: read('OVERLOAD_MAX_HEAP_USED_BYTES', integer(0, 0, 2 ** 40)),
      retryAfterSeconds: read('OVERLOAD_RETRY_AFTER_SECONDS', integer(5, 1, 3600)),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return deepFreeze(config);
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  return Object.freeze(value);
}
