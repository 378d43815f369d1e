import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { seedRegistries } from './seed/index.js';
import { seededInOlderLayout } from './seed/marker.js';
import { createGateway } from './server.js';
import { engineOf, sqliteFileOf } from './sources/engine.js';

/**
 * Starts the gateway: embedded registries are seeded on the first start (and again when they were
 * seeded in an older layout), then it serves until stopped.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(2);
  }
  const log = createLogger(config);
  await seedEmbeddedRegistries(config, log);

  const gateway = await createGateway({ config, log });
  await gateway.listen();
  log.info({ url: gateway.url().replace('127.0.0.1', 'localhost'), cache: gateway.cache?.kind }, 'gateway listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceMs: config.shutdownGraceMs }, 'gateway stopping: answering the requests it accepted');
    await gateway.stop();
    log.info({ signal }, 'gateway stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

// Only the embedded SQLite registries are the gateway's to create, or to recreate when it wrote them;
// real registries belong to their owners.
async function seedEmbeddedRegistries(config: Config, log: Logger): Promise<void> {
  const targets = { civil: config.civilRegistryUrl, address: config.addressRegisterUrl, vehicle: config.vehicleRegistryUrl };
  const urls = Object.values(targets);
  const embedded = urls.filter((url) => engineOf(url) === 'sqlite');
  if (embedded.length === 0) return;
  if (embedded.every((url) => existsSync(sqliteFileOf(url)))) {
    if (!(await seededInOlderLayout(targets))) return;
    log.info({ dataDir: config.dataDir }, 'the embedded registries were seeded in an older layout: seeding them again');
  } else if (embedded.length !== urls.length) {
    throw new Error('Some registries are embedded SQLite files that do not exist yet; seed them with `npm run seed` first');
  } else {
    log.info({ citizens: config.seedCitizens, dataDir: config.dataDir }, 'first start: seeding the embedded registries with synthetic data');
  }
  const summary = await seedRegistries(targets, { citizens: config.seedCitizens });
  log.info({ ...summary }, 'embedded registries seeded');
}

main().catch((error: unknown) => {
  process.stderr.write(`The gateway could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
