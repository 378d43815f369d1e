import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeSigningKey } from '../src/audit/checkpoints.js';
import type { SeedTargets } from '../src/seed/index.js';
import { BENCH_CONSUMERS_FILE } from './consumer.js';
import { BENCH_AUDIT_URL } from './registries.js';

/** The machine's Redis, as the tests use it; each run keeps to a key prefix of its own. */
export const REDIS_URL = 'redis://127.0.0.1:6379';

// Production signs the trail's checkpoints only with a key made for it: the bench makes one each run,
// beside the witness directory its gateways append the checkpoints to.
const auditDir = mkdtempSync(path.join(tmpdir(), 'ndg-bench-audit-'));
const { privateKeyFile } = await writeSigningKey(path.join(auditDir, 'signing-key.pem'));

/** The environment of a gateway child over the bench's registries, and the business registry's service at `businessRegistryUrl`. */
export function gatewayEnv(targets: SeedTargets, cachePrefix: string, businessRegistryUrl?: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: '0',
    // As in production: one log line per request, and graphql-js without its development checks.
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    CIVIL_REGISTRY_URL: targets.civil,
    ADDRESS_REGISTER_URL: targets.address,
    VEHICLE_REGISTRY_URL: targets.vehicle,
    ...(businessRegistryUrl === undefined ? {} : { BUSINESS_REGISTRY_URL: businessRegistryUrl }),
    REDIS_URL,
    CACHE_PREFIX: cachePrefix,
    CONSUMERS_FILE: BENCH_CONSUMERS_FILE,
    // As production sets one: without it every gateway warns that its cursors open only where made.
    CURSOR_KEY: randomBytes(32).toString('hex'),
    // Every answer with personal data is recorded before it leaves, as in production.
    AUDIT_DATABASE_URL: BENCH_AUDIT_URL,
    AUDIT_SIGNING_KEY_FILE: privateKeyFile,
    AUDIT_WITNESS_DIR: path.join(auditDir, 'witness'),
  };
}
