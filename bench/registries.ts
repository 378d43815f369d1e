import { sql, type Kysely } from 'kysely';
import { migratePostgresTrail } from '../src/audit/schema.js';
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

// The benchmarked gateways' audit trail, made anew for every run as `audit:migrate` makes it.
const AUDIT_DATABASE = 'ndg_bench_audit';
const AUDIT_ROLES = { owner: `${AUDIT_DATABASE}_owner`, writer: `${AUDIT_DATABASE}_writer`, writerPassword: null };
const superuserUrl = (database: string) => `postgres://postgres@127.0.0.1:5432/${database}`;
// Partitions for the month of the run and the next, should it cross a month's end.
const AUDIT_MONTHS_AHEAD = 1;

/** Where the benchmarked gateways write their audit trail: as its writer role, which may only add and read, as in production. */
export const BENCH_AUDIT_URL = `postgres://${AUDIT_ROLES.writer}@127.0.0.1:5432/${AUDIT_DATABASE}`;

/** Drops the audit trail of an earlier run with its roles, and migrates an empty one for this run. */
export async function freshAuditDatabase(): Promise<void> {
  await dropDatabase(superuserUrl(AUDIT_DATABASE));
  // Roles belong to the server, not the database: dropped too, so every run starts from what the
  // migration makes on a server that never held the trail.
  await asSuperuser('postgres', async (db) => {
    for (const role of [AUDIT_ROLES.writer, AUDIT_ROLES.owner]) await sql`drop role if exists ${sql.id(role)}`.execute(db);
  });
  await createDatabase(superuserUrl(AUDIT_DATABASE));
  await asSuperuser(AUDIT_DATABASE, (db) => migratePostgresTrail(db, AUDIT_ROLES, AUDIT_MONTHS_AHEAD));
}

// Runs `work` as the server's superuser, connected to `database`.
async function asSuperuser(database: string, work: (db: Kysely<any>) => Promise<unknown>): Promise<void> {
  const { db } = connect<any>(superuserUrl(database), { writable: true, poolSize: 1 });
  try {
    await work(db);
  } finally {
    await db.destroy();
  }
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
    // A pool to a database that is not there fails to close too: what matters was said above.
    await Promise.allSettled([civil.db.destroy(), address.db.destroy(), vehicle.db.destroy()]);
  }
}
