import { createDatabase, dropDatabase, seedRegistries, type SeedTargets } from '../src/seed/index.js';
import type { AddressRegisterDatabase } from '../src/sources/address/rows.js';
import type { CivilRegistryDatabase } from '../src/sources/civil/rows.js';
import { connect } from '../src/sources/engine.js';
import type { VehicleRegistryDatabase } from '../src/sources/vehicle/rows.js';

/** The benchmark's own registries, on the machine's PostgreSQL and MariaDB. */
export const BENCH_TARGETS: Readonly<SeedTargets> = Object.freeze({
  civil: 'postgres://postgres@127.0.0.1:5432/ndg_bench_civil',
  address: 'postgres://postgres@127.0.0.1:5432/ndg_bench_address',
  vehicle: 'mysql://root@127.0.0.1:3306/ndg_bench_vehicle',
});

/** The benchmarked gateways' audit trail, made anew for every run. */
export const BENCH_AUDIT_URL = 'postgres://postgres@127.0.0.1:5432/ndg_bench_audit';

/** Drops the audit trail of an earlier run and creates an empty database for this one. */
export async function freshAuditDatabase(): Promise<void> {
  await dropDatabase(BENCH_AUDIT_URL);
  await createDatabase(BENCH_AUDIT_URL);
}

/** Seeds the registries unless they already hold exactly `citizens` people; says what it did. */
export async function ensureRegistries(targets: SeedTargets, citizens: number, print: (line: string) => void): Promise<'reused' | 'seeded'> {
  const found = await peopleIn(targets);
  if (found === citizens) {
    print(`registries: reusing ndg_bench_* (${citizens.toLocaleString('en')} people)`);
    return 'reused';
  }
  const reason = typeof found === 'number' ? `they hold ${found.toLocaleString('en')} people` : `they are not usable: ${found}`;
  print(`registries: seeding ndg_bench_* with ${citizens.toLocaleString('en')} people (${reason}) …`);
  const summary = await seedRegistries(targets, { citizens });
  print(
    `registries: seeded in ${(summary.millis / 1000).toFixed(1)} s: ${summary.persons} persons, ${summary.addresses} addresses, ` +
      `${summary.vehicles} vehicles, ${summary.drivingLicences} driving licences, ${summary.idDocuments} identity documents`,
  );
  return 'seeded';
}

// The number of people in the civil registry, or why the three registries cannot be used as they are.
async function peopleIn(targets: SeedTargets): Promise<number | string> {
  const civil = connect<CivilRegistryDatabase>(targets.civil, { poolSize: 1 });
  const address = connect<AddressRegisterDatabase>(targets.address, { poolSize: 1 });
  const vehicle = connect<VehicleRegistryDatabase>(targets.vehicle, { poolSize: 1 });
  try {
    const [people, anAddress, aVehicle] = await Promise.all([
      civil.db.selectFrom('person').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow(),
      address.db.selectFrom('adresa').select('id').limit(1).executeTakeFirst(),
      vehicle.db.selectFrom('AUTOMJETET').select('ID').limit(1).executeTakeFirst(),
    ]);
    if (!anAddress || !aVehicle) return 'the address or vehicle registry is empty';
    return Number(people.count);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await Promise.all([civil.db.destroy(), address.db.destroy(), vehicle.db.destroy()]);
  }
}
