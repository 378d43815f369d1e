import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { AddressRegister } from './address/addressRegister.js';
import { BusinessRegistry } from './business/businessRegistry.js';
import type { AddressRegisterDatabase } from './address/rows.js';
import { CivilRegistry } from './civil/civilRegistry.js';
import type { CivilRegistryDatabase } from './civil/rows.js';
import { connect } from './engine.js';
import { VehicleRegistry } from './vehicle/vehicleRegistry.js';
import type { VehicleRegistryDatabase } from './vehicle/rows.js';

export { AddressRegister, BusinessRegistry, CivilRegistry, VehicleRegistry };
export type { AddressSearch } from './address/addressRegister.js';
export type { CitizenSearch, RollQuery } from './civil/civilRegistry.js';

/** The legacy registries the gateway reads: three databases, and the business registry's web service. */
export interface Sources {
  civil: CivilRegistry;
  address: AddressRegister;
  vehicle: VehicleRegistry;
  business: BusinessRegistry;
}

/** Opens a read-only pool on each registry's database, on the engine its URL names, and the business registry's service client. */
export function openSources(
  config: Pick<Config, 'civilRegistryUrl' | 'addressRegisterUrl' | 'vehicleRegistryUrl' | 'businessRegistryUrl' | 'poolSize' | 'registryResilience'>,
  log: Logger,
): Sources {
  const resilience = config.registryResilience;
  const options = { poolSize: config.poolSize, statementTimeoutMs: resilience.statementTimeoutMs };
  return {
    civil: new CivilRegistry(connect<CivilRegistryDatabase>(config.civilRegistryUrl, options), log, resilience),
    address: new AddressRegister(connect<AddressRegisterDatabase>(config.addressRegisterUrl, options), log, resilience),
    vehicle: new VehicleRegistry(connect<VehicleRegistryDatabase>(config.vehicleRegistryUrl, options), log, resilience),
    business: new BusinessRegistry(config.businessRegistryUrl, log, resilience),
  };
}

/** Closes every registry pool. */
export async function closeSources(sources: Sources): Promise<void> {
  await Promise.all([sources.civil.close(), sources.address.close(), sources.vehicle.close(), sources.business.close()]);
}
