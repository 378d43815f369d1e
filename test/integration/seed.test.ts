import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressRegisterDatabase } from '../../src/sources/address/rows.js';
import type { CivilRegistryDatabase } from '../../src/sources/civil/rows.js';
import { connect } from '../../src/sources/engine.js';
import type { VehicleRegistryDatabase } from '../../src/sources/vehicle/rows.js';
import { createDatabase, dropDatabase, seedRegistries, type SeedSummary, type SeedTargets } from '../../src/seed/index.js';
import { SEED_LAYOUT, SEED_MARKER, seededByGateway } from '../../src/seed/marker.js';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432';
const MARIADB = 'mysql://root@127.0.0.1:3306';
const CITIZENS = 2000;
const OPTIONS = { citizens: CITIZENS, seed: 7, referenceDate: '2026-01-01' };

const suffix = randomBytes(4).toString('hex');
const servers: SeedTargets = {
  civil: `${POSTGRES}/seed_test_${suffix}_civil`,
  address: `${POSTGRES}/seed_test_${suffix}_address`,
  vehicle: `${MARIADB}/seed_test_${suffix}_vehicle`,
};
let directory = '';
let embedded: SeedTargets;
let serverSummary: SeedSummary;
let embeddedSummary: SeedSummary;

interface Registries {
  civil: Kysely<CivilRegistryDatabase>;
  address: Kysely<AddressRegisterDatabase>;
  vehicle: Kysely<VehicleRegistryDatabase>;
}

async function withRegistries<T>(targets: SeedTargets, work: (registries: Registries) => Promise<T>): Promise<T> {
  const registries = {
    civil: connect<CivilRegistryDatabase>(targets.civil).db,
    address: connect<AddressRegisterDatabase>(targets.address).db,
    vehicle: connect<VehicleRegistryDatabase>(targets.vehicle).db,
  };
  try {
    return await work(registries);
  } finally {
    await Promise.all(Object.values(registries).map((db) => db.destroy()));
  }
}

// Engines hand the same value back in different types: bigint as text, booleans as 0/1, timestamps as Date.
function normalise(rows: readonly object[]): Array<Record<string, unknown>> {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => {
        if (value instanceof Date) return [key, value.toISOString().replace('.000Z', 'Z')];
        if ((key === 'address_id' || key === 'id' || key === 'reg_no') && typeof value === 'string') return [key, Number(value)];
        if (key === 'aktive') return [key, Boolean(value)];
        return [key, value];
      }),
    ),
  );
}

async function counts(targets: SeedTargets): Promise<Record<string, number>> {
  return withRegistries(targets, async ({ civil, address, vehicle }) => {
    const count = async <DB>(db: Kysely<DB>, table: string) => {
      const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
      return Number(rows[0]!.n);
    };
    return {
      person: await count(civil, 'person'),
      family_link: await count(civil, 'family_link'),
      id_document: await count(civil, 'id_document'),
      residence_reg: await count(civil, 'residence_reg'),
      komuna: await count(address, 'komuna'),
      vendbanimi: await count(address, 'vendbanimi'),
      adresa: await count(address, 'adresa'),
      AUTOMJETET: await count(vehicle, 'AUTOMJETET'),
      PATENTAT: await count(vehicle, 'PATENTAT'),
    };
  });
}

function expectedCounts(summary: SeedSummary): Record<string, number> {
  return {
    person: summary.persons,
    family_link: summary.familyLinks,
    id_document: summary.idDocuments,
    residence_reg: summary.residences,
    komuna: summary.municipalities,
    vendbanimi: summary.settlements,
    adresa: summary.addresses,
    AUTOMJETET: summary.vehicles,
    PATENTAT: summary.drivingLicences,
  };
}

// Every row that belongs to a sample of keys, in a fixed order.
async function sample(targets: SeedTargets, keys: { persons: string[]; addresses: number[]; vehicles: number[]; licences: string[] }) {
  return withRegistries(targets, async ({ civil, address, vehicle }) => ({
    person: normalise(await civil.selectFrom('person').selectAll().where('personal_no', 'in', keys.persons).orderBy('personal_no').execute()),
    family_link: normalise(
      await civil.selectFrom('family_link').selectAll().where('personal_no', 'in', keys.persons)
        .orderBy('personal_no').orderBy('relation').execute(),
    ),
    id_document: normalise(await civil.selectFrom('id_document').selectAll().where('personal_no', 'in', keys.persons).orderBy('doc_no').execute()),
    residence_reg: normalise(await civil.selectFrom('residence_reg').selectAll().where('personal_no', 'in', keys.persons).orderBy('reg_no').execute()),
    komuna: normalise(await address.selectFrom('komuna').selectAll().orderBy('kodi').execute()),
    vendbanimi: normalise(await address.selectFrom('vendbanimi').selectAll().orderBy('id').execute()),
    adresa: normalise(await address.selectFrom('adresa').selectAll().where('id', 'in', keys.addresses).orderBy('id').execute()),
    AUTOMJETET: normalise(await vehicle.selectFrom('AUTOMJETET').selectAll().where('ID', 'in', keys.vehicles).orderBy('ID').execute()),
    PATENTAT: normalise(await vehicle.selectFrom('PATENTAT').selectAll().where('NR_PATENTES', 'in', keys.licences).orderBy('NR_PATENTES').execute()),
  }));
}

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'seed-test-'));
  embedded = {
    civil: `sqlite:${path.join(directory, 'registries', 'civil_registry.sqlite')}`,
    address: `sqlite:${path.join(directory, 'registries', 'address_register.sqlite')}`,
    vehicle: `sqlite:${path.join(directory, 'registries', 'vehicle_registry.sqlite')}`,
  };
  [embeddedSummary, serverSummary] = await Promise.all([seedRegistries(embedded, OPTIONS), seedRegistries(servers, OPTIONS)]);
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((url) => dropDatabase(url)));
  if (directory) await rm(directory, { recursive: true, force: true });
}, 60_000);

describe('seeding the registries', () => {
  it('reports the rows it wrote, and the civil registry holds exactly the citizens asked for', () => {
    expect(embeddedSummary.persons).toBe(CITIZENS);
    expect(embeddedSummary.municipalities).toBe(38);
    expect({ ...serverSummary, millis: 0 }).toEqual({ ...embeddedSummary, millis: 0 });
  });

  it('leaves its marker beside the SQLite registries it filled, with how it filled them, and none for servers', async () => {
    expect(JSON.parse(await readFile(path.join(directory, 'registries', SEED_MARKER), 'utf8'))).toEqual({
      files: ['civil_registry.sqlite', 'address_register.sqlite', 'vehicle_registry.sqlite'],
      layout: SEED_LAYOUT,
      ...OPTIONS,
    });
    expect(await seededByGateway(embedded)).toBe(true);
    expect(await seededByGateway(servers)).toBe(false);
  });

  it('holds the same row counts on SQLite as on PostgreSQL and MariaDB', async () => {
    const expected = expectedCounts(embeddedSummary);
    expect(await counts(embedded)).toEqual(expected);
    expect(await counts(servers)).toEqual(expected);
  }, 30_000);

  it('holds the same rows on every engine for a sample of keys', async () => {
    const keys = await withRegistries(embedded, async ({ civil, address, vehicle }) => ({
      persons: (await civil.selectFrom('person').select('personal_no').orderBy('personal_no').execute())
        .filter((_, i) => i % 37 === 0).map((r) => r.personal_no),
      addresses: (await address.selectFrom('adresa').select('id').execute()).filter((_, i) => i % 23 === 0).map((r) => Number(r.id)),
      vehicles: (await vehicle.selectFrom('AUTOMJETET').select('ID').execute()).filter((_, i) => i % 11 === 0).map((r) => r.ID),
      licences: (await vehicle.selectFrom('PATENTAT').select('NR_PATENTES').execute()).filter((_, i) => i % 13 === 0).map((r) => r.NR_PATENTES),
    }));
    expect(keys.persons.length).toBeGreaterThan(40);
    const fromEmbedded = await sample(embedded, keys);
    const fromServers = await sample(servers, keys);
    expect(fromEmbedded.person).toHaveLength(keys.persons.length);
    expect(fromEmbedded.AUTOMJETET).toHaveLength(keys.vehicles.length);
    expect(fromServers).toEqual(fromEmbedded);
  }, 30_000);

  it('keeps the legacy text forms: ISO dates in the civil registry, DD.MM.YYYY and trailing blanks in the vehicle registry', async () => {
    await withRegistries(servers, async ({ civil, vehicle }) => {
      const person = await civil.selectFrom('person').select(['birth_date']).executeTakeFirstOrThrow();
      expect(person.birth_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const skadon = await vehicle.selectFrom('PATENTAT').select('SKADON').executeTakeFirstOrThrow();
      expect(skadon.SKADON).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
      const blanks = await vehicle.selectFrom('PATENTAT').select('KATEGORITE').where('KATEGORITE', 'like', '% ').execute();
      expect(blanks.length).toBeGreaterThan(0);
    });
  }, 30_000);

  it('indexes the keys the gateway looks up by, including the folded names and streets on PostgreSQL', async () => {
    const client = new pg.Client({ connectionString: servers.civil });
    await client.connect();
    try {
      const { rows } = await client.query<{ indexname: string; indexdef: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'person'`);
      const names = rows.map((r) => r.indexname);
      expect(names).toEqual(expect.arrayContaining([
        'person_personal_no_key', 'person_address_id_idx', 'person_birth_municipality_idx', 'person_last_name_idx',
        'person_last_name_folded_idx', 'person_first_name_folded_idx',
      ]));
      expect(rows.find((r) => r.indexname === 'person_last_name_folded_idx')!.indexdef).toContain('text_pattern_ops');
    } finally {
      await client.end();
    }
    const addressRegister = new pg.Client({ connectionString: servers.address });
    await addressRegister.connect();
    try {
      const { rows } = await addressRegister.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'adresa'`);
      expect(rows.map((r) => r.indexname)).toEqual(expect.arrayContaining(['adresa_vendbanimi_id_idx', 'adresa_kodi_postar_idx', 'adresa_rruga_folded_idx']));
    } finally {
      await addressRegister.end();
    }
    await withRegistries(servers, async ({ vehicle }) => {
      const { rows } = await sql<{ Key_name: string; Non_unique: number }>`SHOW INDEX FROM AUTOMJETET`.execute(vehicle);
      const unique = new Set(rows.filter((r) => Number(r.Non_unique) === 0).map((r) => r.Key_name));
      expect(unique).toEqual(new Set(['PRIMARY', 'UQ_AUTOMJETET_TARGA', 'UQ_AUTOMJETET_SHASIA']));
    });
  }, 30_000);

  it('replaces the data when seeded again instead of adding to it', async () => {
    const again = await seedRegistries(servers, OPTIONS);
    expect({ ...again, millis: 0 }).toEqual({ ...serverSummary, millis: 0 });
    expect(await counts(servers)).toEqual(expectedCounts(serverSummary));
    const smaller = await seedRegistries(embedded, { ...OPTIONS, citizens: 500 });
    expect((await counts(embedded)).person).toBe(500);
    expect(smaller.persons).toBe(500);
    await seedRegistries(embedded, OPTIONS);
  }, 120_000);

  it('leaves no half-built embedded registry behind when seeding fails', async () => {
    // A view where the vehicle registry's table should be: dropping it as a table fails mid-seed.
    const broken = `${POSTGRES}/seed_test_${suffix}_broken`;
    await createDatabase(broken);
    const client = new pg.Client({ connectionString: broken });
    await client.connect();
    await client.query('CREATE VIEW "AUTOMJETET" AS SELECT 1 AS "ID"');
    await client.end();
    const failing: SeedTargets = {
      civil: `sqlite:${path.join(directory, 'failed', 'civil.sqlite')}`,
      address: `sqlite:${path.join(directory, 'failed', 'address.sqlite')}`,
      vehicle: broken,
    };
    try {
      await expect(seedRegistries(failing, { citizens: 100 })).rejects.toThrow(/AUTOMJETET/);
      expect(await readdir(path.join(directory, 'failed'))).toEqual([]);
      // Nothing listens on port 1.
      await expect(seedRegistries({ ...failing, vehicle: 'mysql://root@127.0.0.1:1/seed_unreachable' }, { citizens: 100 })).rejects.toThrow();
      expect(await readdir(path.join(directory, 'failed'))).toEqual([]);
    } finally {
      await dropDatabase(broken);
    }
  }, 30_000);

  it('rejects a size it cannot honour before touching any database', async () => {
    await expect(seedRegistries(embedded, { citizens: 0 })).rejects.toThrow(/citizens/);
    await expect(seedRegistries(embedded, { citizens: 10, referenceDate: '2026-02-30' })).rejects.toThrow(/calendar date/);
  });
});

describe('throwaway databases', () => {
  it('can be created twice and dropped twice, on PostgreSQL even while a client is connected', async () => {
    const url = `${POSTGRES}/seed_test_${suffix}_scratch`;
    await createDatabase(url);
    await createDatabase(url);
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    await client.connect();
    await dropDatabase(url);
    await dropDatabase(url);
    await client.end().catch(() => {});
    const admin = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
    await admin.connect();
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [`seed_test_${suffix}_scratch`]);
    await admin.end();
    expect(rowCount).toBe(0);
  }, 30_000);

  it('can be created and dropped on MariaDB with utf8mb4, and as SQLite files', async () => {
    const url = `${MARIADB}/seed_test_${suffix}_scratch`;
    await createDatabase(url);
    await createDatabase(url);
    const connection = connect<Record<string, never>>(url).db;
    try {
      const { rows } = await sql<{ charset: string }>`SELECT DEFAULT_CHARACTER_SET_NAME AS charset FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()`.execute(connection);
      expect(rows[0]?.charset).toBe('utf8mb4');
    } finally {
      await connection.destroy();
    }
    await dropDatabase(url);
    await dropDatabase(url);

    const file = path.join(directory, 'scratch', 'nested', 'x.sqlite');
    await createDatabase(`sqlite:${file}`);
    expect(existsSync(path.dirname(file))).toBe(true);
    await dropDatabase(`sqlite:${file}`);
    await dropDatabase(`sqlite:${file}`);
    expect(existsSync(file)).toBe(false);
  }, 30_000);
});
