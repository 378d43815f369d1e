import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The ConfigError `loadConfig` raises for `env`. */
function configErrorFor(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the environment to be refused');
}

describe('loadConfig', () => {
  it('with nothing set, the gateway listens on 4000 and reads embedded SQLite registries under ./data', () => {
    const config = loadConfig({});
    const dataDir = path.join(process.cwd(), 'data');
    expect(config).toMatchObject({
      port: 4000,
      production: false,
      logLevel: 'info',
      dataDir,
      civilRegistryUrl: `sqlite:${dataDir}/civil_registry.sqlite`,
      addressRegisterUrl: `sqlite:${dataDir}/address_register.sqlite`,
      vehicleRegistryUrl: `sqlite:${dataDir}/vehicle_registry.sqlite`,
    });
  });

  it('the embedded registries follow DATA_DIR', () => {
    const config = loadConfig({ DATA_DIR: '/srv/gateway' });
    expect(config.dataDir).toBe('/srv/gateway');
    expect(config.civilRegistryUrl).toBe('sqlite:/srv/gateway/civil_registry.sqlite');
    expect(config.addressRegisterUrl).toBe('sqlite:/srv/gateway/address_register.sqlite');
    expect(config.vehicleRegistryUrl).toBe('sqlite:/srv/gateway/vehicle_registry.sqlite');
  });

  it('registry URLs, port and production mode are taken from the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      CIVIL_REGISTRY_URL: 'postgres://gw@db.internal:5432/civil_registry',
      ADDRESS_REGISTER_URL: 'postgresql://gw@db.internal:5432/address_register',
      VEHICLE_REGISTRY_URL: 'mysql://gw@vehicles.internal:3306/vehicle_registry',
    });
    expect(config).toMatchObject({
      port: 8080,
      production: true,
      logLevel: 'warn',
      civilRegistryUrl: 'postgres://gw@db.internal:5432/civil_registry',
      addressRegisterUrl: 'postgresql://gw@db.internal:5432/address_register',
      vehicleRegistryUrl: 'mysql://gw@vehicles.internal:3306/vehicle_registry',
    });
  });

  it('an empty variable means its default, as when a compose file leaves it blank', () => {
    const config = loadConfig({ PORT: '', CIVIL_REGISTRY_URL: '', DATA_DIR: '/srv/gateway' });
    expect(config.port).toBe(4000);
    expect(config.civilRegistryUrl).toBe('sqlite:/srv/gateway/civil_registry.sqlite');
  });

  it.each(['abc', '4000.5', '80x', '-1', '65536'])('PORT=%s is refused with an error naming PORT', (port) => {
    expect(configErrorFor({ PORT: port }).message).toContain('PORT');
  });

  it.each(['12abc', '1.5', '1e3', '0x10', ' 4000', '+4000'])('PORT=%s is refused: an integer is written in digits only', (port) => {
    expect(configErrorFor({ PORT: port }).message).toBe('PORT must be an integer from 0 to 65535');
  });

  it.each([
    'PORT', 'SEED_CITIZENS', 'DB_POOL_SIZE', 'SHUTDOWN_GRACE_MS', 'REGISTRY_STATEMENT_TIMEOUT_MS', 'REGISTRY_BREAKER_ERROR_PERCENT',
    'REGISTRY_BREAKER_RESET_MS', 'REDIS_COMMAND_TIMEOUT_MS', 'CACHE_MEMORY_ENTRIES', 'CACHE_LOCAL_TTL_MS', 'CACHE_STALE_GRACE_SECONDS',
    'CACHE_TTL_PERSON_SECONDS', 'CACHE_TTL_ADDRESS_SECONDS', 'CACHE_TTL_MUNICIPALITY_SECONDS', 'CACHE_TTL_VEHICLE_SECONDS',
    'CACHE_TTL_NOT_FOUND_SECONDS', 'QUERY_MAX_DEPTH', 'QUERY_MAX_ALIASES', 'QUERY_MAX_DIRECTIVES', 'QUERY_MAX_TOKENS', 'QUERY_MAX_COST',
  ])('%s=many is refused with an error that starts with its name and gives its range', (name) => {
    expect(configErrorFor({ [name]: 'many' }).message).toMatch(new RegExp(`^${name} must be an integer from \\d+ to \\d+$`));
  });

  it('one error names every wrong variable', () => {
    expect(configErrorFor({ PORT: '-1', LOG_LEVEL: 'verbose' }).message).toBe(
      'PORT must be an integer from 0 to 65535; LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    );
  });

  it('a MySQL URL for the civil registry is refused with an error naming CIVIL_REGISTRY_URL', () => {
    expect(configErrorFor({ CIVIL_REGISTRY_URL: 'mysql://root@127.0.0.1:3306/civil_registry' }).message).toContain('CIVIL_REGISTRY_URL');
  });

  it('a MariaDB URL for the address register is refused with an error naming ADDRESS_REGISTER_URL', () => {
    expect(configErrorFor({ ADDRESS_REGISTER_URL: 'mariadb://root@127.0.0.1:3306/address_register' }).message).toContain('ADDRESS_REGISTER_URL');
  });

  it('a PostgreSQL URL for the vehicle registry is refused with an error naming VEHICLE_REGISTRY_URL', () => {
    expect(configErrorFor({ VEHICLE_REGISTRY_URL: 'postgres://gw@db.internal:5432/vehicle_registry' }).message).toContain('VEHICLE_REGISTRY_URL');
  });

  it('a registry URL of no known engine is refused with an error naming the variable', () => {
    expect(configErrorFor({ CIVIL_REGISTRY_URL: 'redis://127.0.0.1:6379' }).message).toContain('CIVIL_REGISTRY_URL');
    expect(configErrorFor({ VEHICLE_REGISTRY_URL: 'vehicle_registry.sqlite' }).message).toContain('VEHICLE_REGISTRY_URL');
  });

  it('an unknown log level is refused with an error naming LOG_LEVEL', () => {
    expect(configErrorFor({ LOG_LEVEL: 'verbose' }).message).toContain('LOG_LEVEL');
  });

  it('a config error does not repeat a registry URL, which may carry a password', () => {
    const error = configErrorFor({ CIVIL_REGISTRY_URL: 'mysql://gw:s3cret-pw@db.internal:3306/civil_registry' });
    expect(error.message).not.toContain('s3cret-pw');
  });

  it('without Redis the cache stays in the process; REDIS_URL names one shared server', () => {
    expect(loadConfig({}).redis).toBeNull();
    expect(loadConfig({ REDIS_URL: 'redis://cache.internal:6379' }).redis).toEqual({ mode: 'standalone', url: 'redis://cache.internal:6379' });
    expect(configErrorFor({ REDIS_URL: 'http://cache.internal' }).message).toContain('REDIS_URL');
  });

  it('REDIS_CLUSTER_NODES names a cluster by host:port or redis:// URLs, with credentials and TLS from the URL', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001' }).redis).toEqual({
      mode: 'cluster',
      nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7001 }],
      tls: false,
    });
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'rediss://gateway:p%40ss@cache-0:6379,cache-1:6379' }).redis).toEqual({
      mode: 'cluster',
      nodes: [{ host: 'cache-0', port: 6379 }, { host: 'cache-1', port: 6379 }],
      username: 'gateway',
      password: 'p@ss',
      tls: true,
    });
  });

  it.each(['cache-0', 'cache-0:notaport', ':7000', 'http://cache-0:7000'])('REDIS_CLUSTER_NODES=%s is refused with an error naming the variable', (nodes) => {
    expect(configErrorFor({ REDIS_CLUSTER_NODES: nodes }).message).toContain('REDIS_CLUSTER_NODES');
  });

  it('a cluster error does not repeat the nodes, which may carry a password', () => {
    expect(configErrorFor({ REDIS_CLUSTER_NODES: 'redis://gw:s3cret-pw@cache-0' }).message).not.toContain('s3cret-pw');
  });

  it('REDIS_URL and REDIS_CLUSTER_NODES together are refused', () => {
    expect(configErrorFor({ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:7000' }).message).toMatch(/REDIS_URL.*REDIS_CLUSTER_NODES/);
  });

  it('the admin endpoints stay closed without ADMIN_KEY_SHA256, and take only a SHA-256 hash', () => {
    expect(loadConfig({}).adminKeySha256).toBeNull();
    const hash = 'A'.repeat(64);
    expect(loadConfig({ ADMIN_KEY_SHA256: hash }).adminKeySha256).toBe('a'.repeat(64));
    expect(configErrorFor({ ADMIN_KEY_SHA256: 'my-admin-password' }).message).toContain('ADMIN_KEY_SHA256');
  });

  it('the limits on an operation have defaults, and each its own variable', () => {
    expect(loadConfig({}).operationLimits).toEqual({ depth: 12, aliases: 20, directives: 20, tokens: 3000, cost: 25_000 });
    const tuned = loadConfig({ QUERY_MAX_DEPTH: '8', QUERY_MAX_ALIASES: '0', QUERY_MAX_DIRECTIVES: '5', QUERY_MAX_TOKENS: '500', QUERY_MAX_COST: '1000' });
    expect(tuned.operationLimits).toEqual({ depth: 8, aliases: 0, directives: 5, tokens: 500, cost: 1000 });
    expect(configErrorFor({ QUERY_MAX_COST: '0' }).message).toContain('QUERY_MAX_COST');
    expect(configErrorFor({ QUERY_MAX_DEPTH: 'deep' }).message).toContain('QUERY_MAX_DEPTH');
  });

  it('bounds the wait for a registry and opens its circuit on failures, each bound its own variable', () => {
    expect(loadConfig({}).registryResilience).toEqual({ statementTimeoutMs: 5000, breakerErrorPercent: 50, breakerResetMs: 10_000 });
    const tuned = loadConfig({ REGISTRY_STATEMENT_TIMEOUT_MS: '2000', REGISTRY_BREAKER_ERROR_PERCENT: '25', REGISTRY_BREAKER_RESET_MS: '30000' });
    expect(tuned.registryResilience).toEqual({ statementTimeoutMs: 2000, breakerErrorPercent: 25, breakerResetMs: 30_000 });
    expect(configErrorFor({ REGISTRY_BREAKER_ERROR_PERCENT: '150' }).message).toContain('REGISTRY_BREAKER_ERROR_PERCENT');
    expect(configErrorFor({ REGISTRY_STATEMENT_TIMEOUT_MS: '0' }).message).toContain('REGISTRY_STATEMENT_TIMEOUT_MS');
  });

  it('gives a stopping gateway 10 s to answer what it accepted, SHUTDOWN_GRACE_MS to change it', () => {
    expect(loadConfig({}).shutdownGraceMs).toBe(10_000);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '25000' }).shutdownGraceMs).toBe(25_000);
    expect(configErrorFor({ SHUTDOWN_GRACE_MS: 'soon' }).message).toContain('SHUTDOWN_GRACE_MS');
  });

  it('keeps cache entries 15 minutes past their time for a registry that fails, CACHE_STALE_GRACE_SECONDS to change it', () => {
    expect(loadConfig({}).cacheStaleGraceSeconds).toBe(900);
    expect(loadConfig({ CACHE_STALE_GRACE_SECONDS: '0' }).cacheStaleGraceSeconds).toBe(0);
    expect(configErrorFor({ CACHE_STALE_GRACE_SECONDS: '-5' }).message).toContain('CACHE_STALE_GRACE_SECONDS');
  });

  it('sends traces only where OTEL_EXPORTER_OTLP_ENDPOINT names a collector', () => {
    expect(loadConfig({}).tracingEndpoint).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' }).tracingEndpoint).toBe('http://otel-collector:4318');
    expect(configErrorFor({ OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' }).message).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  });

  it('the config cannot be changed once loaded', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(config.port).toBe(4000);
  });
});
