import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { startBusinessRegistryService, type BusinessRegistryService } from './seed/businessRegistry/service.js';
import { seedRegistries, type SeedTargets } from './seed/index.js';
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
  const targets = embeddedTargets(config);
  await seedEmbeddedRegistries(config, targets, log);
  const businessService = await businessRegistryStandIn(config, targets, log);

  const gateway = await createGateway({ config: { ...config, businessRegistryUrl: businessService?.wsdlUrl ?? config.businessRegistryUrl }, log });
  await gateway.listen();
  log.info({ url: gateway.url().replace('127.0.0.1', 'localhost'), cache: gateway.cache?.kind }, 'gateway listening');
  // Whoever started the gateway waits for this line: it does not wait for the next batch of lines.
  log.flush();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceMs: config.shutdownGraceMs }, 'gateway stopping: answering the requests it accepted');
    await gateway.stop();
    await businessService?.close();
    log.info({ signal }, 'gateway stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

// The registries as the config names them, and the business registry's embedded data beside them.
function embeddedTargets(config: Config): Required<SeedTargets> {
  return {
    civil: config.civilRegistryUrl,
    address: config.addressRegisterUrl,
    vehicle: config.vehicleRegistryUrl,
    business: config.businessRegistryDataUrl,
  };
}

// Without BUSINESS_REGISTRY_URL, the gateway over its own embedded registries starts the business
// registry's stand-in over their synthetic companies; over real registries, it has none to ask.
async function businessRegistryStandIn(config: Config, targets: Required<SeedTargets>, log: Logger): Promise<BusinessRegistryService | null> {
  if (config.businessRegistryUrl !== null) return null;
  const embedded = [targets.civil, targets.address, targets.vehicle].every((url) => engineOf(url) === 'sqlite');
  if (!embedded || !existsSync(sqliteFileOf(targets.business))) {
    log.warn('no BUSINESS_REGISTRY_URL: companies are answered as unavailable');
    return null;
  }
  const service = await startBusinessRegistryService(targets.business);
  log.info('the business registry\'s stand-in serves the embedded synthetic companies');
  return service;
}

// Only the embedded SQLite registries are the gateway's to create, or to recreate when it wrote them;
// real registries belong to their owners.
async function seedEmbeddedRegistries(config: Config, targets: Required<SeedTargets>, log: Logger): Promise<void> {
  const urls = [targets.civil, targets.address, targets.vehicle];
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
