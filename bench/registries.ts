import { existsSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { migratePostgresTrail } from '../src/audit/schema.js';
import { createDatabase, dropDatabase, seedRegistries, type SeedTargets } from '../src/seed/index.js';
import type { AddressRegisterDatabase } from '../src/sources/address/rows.js';
import type { CivilRegistryDatabase } from '../src/sources/civil/rows.js';
import { projectFile } from '../src/projectFiles.js';
import type { BusinessRegistryDatabase } from '../src/seed/businessRegistry/rows.js';
import { connect } from '../src/sources/engine.js';
import type { VehicleRegistryDatabase } from '../src/sources/vehicle/rows.js';

// The machine's PostgreSQL through its local socket where it has one, as a client on the same
// machine reaches it (loopback TCP costs both ends of every commit more), else over loopback.
const POSTGRES_SOCKET_DIRECTORY = '/var/run/postgresql';
const POSTGRES_HOST = existsSync(`${POSTGRES_SOCKET_DIRECTORY}/.s.PGSQL.5432`) ? encodeURIComponent(POSTGRES_SOCKET_DIRECTORY) : '127.0.0.1:5432';

/** A database of the machine's PostgreSQL as the bench reaches it, for every client it starts: the gateways, the peers and itself. */
export const benchPostgresUrl = (role: string, database: string) => `postgres://${role}@${POSTGRES_HOST}/${database}`;

/** The benchmark's own registries, on the machine's PostgreSQL and MariaDB. */
export const BENCH_TARGETS: Readonly<Required<SeedTargets>> = Object.freeze({
  civil: benchPostgresUrl('postgres', 'ndg_bench_civil'),
  address: benchPostgresUrl('postgres', 'ndg_bench_address'),
  vehicle: 'mysql://root@127.0.0.1:3306/ndg_bench_vehicle',
  // The business registry's own database, behind its web service's stand-in.
  business: `sqlite:${projectFile('data', 'ndg_bench_business_registry.sqlite')}`,
});

// The benchmarked gateways' audit trail, made anew for every run as `audit:migrate` makes it.
const AUDIT_DATABASE = 'ndg_bench_audit';
const AUDIT_ROLES = { owner: `${AUDIT_DATABASE}_owner`, writer: `${AUDIT_DATABASE}_writer`, writerPassword: null };
const superuserUrl = (database: string) => benchPostgresUrl('postgres', database);
// Partitions for the month of the run and the next, should it cross a month's end.
const AUDIT_MONTHS_AHEAD = 1;

/** Where the benchmarked gateways write their audit trail: as its writer role, which may only add and read, as in production. */
export const BENCH_AUDIT_URL = benchPostgresUrl(AUDIT_ROLES.writer, AUDIT_DATABASE);

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
  // The databases' common name: ndg_bench_* for ndg_bench_civil and its siblings.
  const databases = `${new URL(targets.civil).pathname.slice(1).replace(/_civil$/, '')}_*`;
  if (found === citizens) {
    print(`registries: reusing ${databases} (${citizens.toLocaleString('en')} people)`);
    return 'reused';
  }
  const reason = typeof found === 'number' ? `they hold ${found.toLocaleString('en')} people` : `they are not usable: ${found}`;
  print(`registries: seeding ${databases} with ${citizens.toLocaleString('en')} people (${reason}) …`);
  // The seeder drops and recreates the tables: a document's key to its holder would forbid it.
  await dropPeerForeignKey(targets.civil);
  const summary = await seedRegistries(targets, { citizens });
  print(
    `registries: seeded in ${(summary.millis / 1000).toFixed(1)} s: ${summary.persons} persons, ${summary.addresses} addresses, ` +
      `${summary.vehicles} vehicles, ${summary.drivingLicences} driving licences, ${summary.idDocuments} identity documents, ${summary.residences} residence registrations`,
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
    if (targets.business !== undefined && !(await hasCompanies(targets.business))) return 'the business registry holds no company';
    return Number(people.count);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    // A pool to a database that is not there fails to close too: what matters was said above.
    await Promise.allSettled([civil.db.destroy(), address.db.destroy(), vehicle.db.destroy()]);
  }
}

// Whether the business registry's database holds companies.
async function hasCompanies(url: string): Promise<boolean> {
  const business = connect<BusinessRegistryDatabase>(url, { poolSize: 1 });
  try {
    return (await business.db.selectFrom('subjekti').select('nr_biznesit').limit(1).executeTakeFirst()) !== undefined;
  } catch {
    return false;
  } finally {
    await business.db.destroy();
  }
}

// What PostGraphile needs to see in the civil registry to join a person to their documents: it reads
// relations from constraints only, and the legacy schema has a unique index where a key would be.
const PERSONAL_NO_UNIQUE = 'person_personal_no_key';
const DOCUMENT_HOLDER_KEY = 'id_document_personal_no_fkey';
// A database that is not there yet has no key to drop.
const UNDEFINED_DATABASE = '3D000';

/**
 * Gives the bench's civil registry what the PostGraphile peers build their relations from: the
 * unique constraint its unique index on `person.personal_no` stands for, and a foreign key from
 * `id_document.personal_no` to it. Adds only what is missing; says whether it added anything.
 */
export async function ensurePeerConstraints(civilUrl: string): Promise<'added' | 'present'> {
  const { db } = connect<any>(civilUrl, { writable: true, poolSize: 1 });
  try {
    const { rows } = await sql<{ conname: string }>`
      select conname from pg_constraint
      where conrelid in ('person'::regclass, 'id_document'::regclass) and conname in (${PERSONAL_NO_UNIQUE}, ${DOCUMENT_HOLDER_KEY})
    `.execute(db);
    const present = new Set(rows.map((row) => row.conname));
    if (present.size === 2) return 'present';
    await db.transaction().execute(async (tx) => {
      if (!present.has(PERSONAL_NO_UNIQUE)) {
        await sql`alter table person add constraint ${sql.id(PERSONAL_NO_UNIQUE)} unique using index ${sql.id(PERSONAL_NO_UNIQUE)}`.execute(tx);
      }
      if (!present.has(DOCUMENT_HOLDER_KEY)) {
        await sql`alter table id_document add constraint ${sql.id(DOCUMENT_HOLDER_KEY)} foreign key (personal_no) references person (personal_no)`.execute(tx);
      }
    });
    return 'added';
  } finally {
    await db.destroy();
  }
}

// Drops the documents' foreign key to their holder, where the civil registry has one.
async function dropPeerForeignKey(civilUrl: string): Promise<void> {
  const { db } = connect<any>(civilUrl, { writable: true, poolSize: 1 });
  try {
    await sql`alter table if exists id_document drop constraint if exists ${sql.id(DOCUMENT_HOLDER_KEY)}`.execute(db);
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNDEFINED_DATABASE) throw error;
  } finally {
    await db.destroy();
  }
}
