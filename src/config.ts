import path from 'node:path';
import { engineOf } from './sources/engine.js';

/** The gateway's settings, read and validated once from the environment. */
export interface Config {
  readonly port: number;
  /** In production unexpected errors are masked and logs stay terse. */
  readonly production: boolean;
  readonly logLevel: string;
  /** Where the embedded SQLite registries live when no registry URL is set. */
  readonly dataDir: string;
  readonly civilRegistryUrl: string;
  readonly addressRegisterUrl: string;
  readonly vehicleRegistryUrl: string;
  /** How many synthetic citizens the first start seeds into the embedded registries. */
  readonly seedCitizens: number;
  /** Connections per registry pool. */
  readonly poolSize: number;
}

/** Thrown when the environment cannot make a valid config; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

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
    civilRegistryUrl: registryUrl(env, 'CIVIL_REGISTRY_URL', embedded('civil_registry'), ['postgres', 'sqlite']),
    addressRegisterUrl: registryUrl(env, 'ADDRESS_REGISTER_URL', embedded('address_register'), ['postgres', 'sqlite']),
    vehicleRegistryUrl: registryUrl(env, 'VEHICLE_REGISTRY_URL', embedded('vehicle_registry'), ['mysql', 'sqlite']),
    seedCitizens: integer(env, 'SEED_CITIZENS', 20_000, 1, 5_000_000),
    poolSize: integer(env, 'DB_POOL_SIZE', 10, 1, 200),
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

function registryUrl(env: NodeJS.ProcessEnv, name: string, fallback: string, engines: string[]): string {
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
