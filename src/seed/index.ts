import path from 'node:path';
import { dayOf } from '../dates.js';
import { engineOf, sqliteFileOf } from '../sources/engine.js';
import { openStore, type RegistryStore, type TableWriter } from './bulkLoad.js';
import { createDatabase } from './databases.js';
import { generateBatches, type RegistryBatch } from './generator.js';
import { markSeeded } from './marker.js';
import { municipalityRows, settlementRows } from './municipalities.js';
import { analyzeStatements, createTableStatements, indexStatements, TABLES, type Registry, type TableSpec } from './schema.js';

export { createDatabase, dropDatabase } from './databases.js';

/** The registry URLs to seed (`postgres://…`, `mysql://…`, `sqlite:<file>`). */
export interface SeedTargets {
  civil: string;
  address: string;
  vehicle: string;
  /** The business registry's own database, behind its web service's stand-in; not seeded when absent. */
  business?: string;
}

export interface SeedOptions {
  /** How many persons the civil registry gets. */
  citizens: number;
  /** The same seed and size always give the same rows (default 1). */
  seed?: number;
  /** 'YYYY-MM-DD', "today" for the data (default '2026-01-01'). */
  referenceDate?: string;
  /** Called as the work advances; `phase` is 'schema', 'load', 'indexes' or 'analyze'. */
  onProgress?: (progress: { phase: string; done: number; total: number }) => void;
}

/** Rows written per table, and how long it took. */
export interface SeedSummary {
  persons: number;
  familyLinks: number;
  idDocuments: number;
  residences: number;
  municipalities: number;
  settlements: number;
  addresses: number;
  vehicles: number;
  drivingLicences: number;
  businesses: number;
  businessOwners: number;
  businessRepresentatives: number;
  millis: number;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_REFERENCE_DATE = '2026-01-01';
/** The reference dates the generator supports: its dates stay within 1900..2100. */
export const REFERENCE_DATE_RANGE = Object.freeze({ from: '1990-01-01', to: '2090-12-31' });
/** The most citizens one run generates (the country has about 1.8 million). */
export const MAX_CITIZENS = 5_000_000;

const DATABASE_REGISTRIES: readonly Registry[] = ['civil', 'address', 'vehicle'];

// Which batch list feeds which growing table.
const BATCH_ROWS: Readonly<Record<string, keyof RegistryBatch>> = {
  person: 'persons',
  family_link: 'familyLinks',
  id_document: 'idDocuments',
  residence_reg: 'residences',
  adresa: 'addresses',
  AUTOMJETET: 'vehicles',
  PATENTAT: 'drivingLicences',
  subjekti: 'businessSubjects',
  pronari: 'businessOwners',
  perfaqesuesi: 'businessRepresentatives',
};

// Which summary count each batch list adds to.
const SUMMED: Readonly<Record<keyof RegistryBatch, keyof Omit<SeedSummary, 'millis' | 'municipalities' | 'settlements'>>> = {
  persons: 'persons',
  familyLinks: 'familyLinks',
  idDocuments: 'idDocuments',
  residences: 'residences',
  addresses: 'addresses',
  vehicles: 'vehicles',
  drivingLicences: 'drivingLicences',
  businessSubjects: 'businesses',
  businessOwners: 'businessOwners',
  businessRepresentatives: 'businessRepresentatives',
};

/**
 * Builds the three legacy registries with deterministic synthetic data: creates the databases when
 * missing, drops and recreates the tables, streams the population in, then builds the indexes and
 * the planner statistics. SQLite registries of one folder get a marker beside them saying so (see
 * `seededByGateway`). Every connection it opens is closed before it returns or throws.
 */
export async function seedRegistries(targets: SeedTargets, options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const citizens = options.citizens;
  const seed = options.seed ?? DEFAULT_SEED;
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  validateOptions(citizens, seed, referenceDate);
  const report = options.onProgress ?? (() => {});
  const REGISTRIES: readonly Registry[] = targets.business === undefined ? DATABASE_REGISTRIES : [...DATABASE_REGISTRIES, 'business'];
  const urlOf = (registry: Registry) => (registry === 'business' ? targets.business! : targets[registry]);
  for (const registry of REGISTRIES) engineOf(urlOf(registry));

  const urls = [...new Set(REGISTRIES.map(urlOf))];
  await Promise.all(urls.map((url) => createDatabase(url)));

  const stores = new Map<string, RegistryStore>();
  try {
    // Registries that share an SQLite file share its store; elsewhere each gets its own connections.
    const storeOf: Partial<Record<Registry, RegistryStore>> = {};
    for (const registry of REGISTRIES) {
      const url = urlOf(registry);
      const key = engineOf(url) === 'sqlite' ? `sqlite:${path.resolve(sqliteFileOf(url))}` : `${registry}|${url}`;
      let store = stores.get(key);
      if (!store) {
        store = await openStore(url);
        stores.set(key, store);
      }
      storeOf[registry] = store;
    }
    const store = (registry: Registry) => storeOf[registry]!;

    report({ phase: 'schema', done: 0, total: REGISTRIES.length });
    for (const [i, registry] of REGISTRIES.entries()) {
      await store(registry).execute(createTableStatements(registry, store(registry).engine));
      report({ phase: 'schema', done: i + 1, total: REGISTRIES.length });
    }

    const summary: SeedSummary = {
      persons: 0, familyLinks: 0, idDocuments: 0, residences: 0, municipalities: 0, settlements: 0, addresses: 0, vehicles: 0, drivingLicences: 0,
      businesses: 0, businessOwners: 0, businessRepresentatives: 0, millis: 0,
    };
    const fixed = { komuna: municipalityRows(), vendbanimi: settlementRows() };
    for (const table of TABLES.address.filter((t) => t.name in fixed)) {
      const writer = await store('address').writer(table);
      await writer.write(fixed[table.name as keyof typeof fixed]);
      await writer.end();
    }
    summary.municipalities = fixed.komuna.length;
    summary.settlements = fixed.vendbanimi.length;

    const growing: Array<[TableSpec, TableWriter]> = [];
    for (const registry of REGISTRIES) {
      for (const table of TABLES[registry].filter((t) => t.name in BATCH_ROWS)) {
        const writer = await store(registry).writer(table);
        growing.push([table, writer]);
      }
    }
    report({ phase: 'load', done: 0, total: citizens });
    for (const batch of generateBatches({ citizens, seed, referenceDate })) {
      await Promise.all(growing.map(([table, writer]) => writer.write(batch[BATCH_ROWS[table.name]!])));
      for (const [key, counted] of Object.entries(SUMMED) as Array<[keyof RegistryBatch, keyof typeof summary]>) summary[counted] += batch[key].length;
      report({ phase: 'load', done: summary.persons, total: citizens });
      // Let the sockets drain while the next households are generated.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(growing.map(([, writer]) => writer.end()));

    // Each registry builds its indexes on its own connection, side by side.
    const indexWork = REGISTRIES.map((registry) => indexStatements(registry, store(registry).engine));
    const indexTotal = indexWork.reduce((sum, statements) => sum + statements.length, 0);
    let indexesBuilt = 0;
    report({ phase: 'indexes', done: 0, total: indexTotal });
    await inParallelPerStore(REGISTRIES, store, async (registry, i) => {
      for (const statement of indexWork[i]!) {
        await store(registry).execute([statement]);
        report({ phase: 'indexes', done: ++indexesBuilt, total: indexTotal });
      }
    });

    report({ phase: 'analyze', done: 0, total: REGISTRIES.length });
    let analyzed = 0;
    await inParallelPerStore(REGISTRIES, store, async (registry) => {
      await store(registry).execute(analyzeStatements(registry, store(registry).engine));
      report({ phase: 'analyze', done: ++analyzed, total: REGISTRIES.length });
    });

    for (const opened of stores.values()) await opened.finish();
    // The playground shows synthetic people's keys only over registries it can tell were seeded here.
    await markSeeded(targets, { citizens, seed, referenceDate });
    summary.millis = Math.round(performance.now() - started);
    return summary;
  } finally {
    await Promise.all([...stores.values()].map((opened) => opened.close().catch(() => {})));
  }
}

// Runs `work` per registry: concurrently across stores, one after the other within a shared store.
async function inParallelPerStore(
  registries: readonly Registry[],
  store: (registry: Registry) => RegistryStore,
  work: (registry: Registry, index: number) => Promise<void>,
): Promise<void> {
  const chains = new Map<RegistryStore, Promise<void>>();
  registries.forEach((registry, i) => {
    const previous = chains.get(store(registry)) ?? Promise.resolve();
    chains.set(store(registry), previous.then(() => work(registry, i)));
  });
  await Promise.all(chains.values());
}

function validateOptions(citizens: number, seed: number, referenceDate: string): void {
  if (!Number.isInteger(citizens) || citizens < 1 || citizens > MAX_CITIZENS) {
    throw new RangeError(`citizens must be an integer from 1 to ${MAX_CITIZENS}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0x7fff_ffff) throw new RangeError('seed must be an integer from 0 to 2147483647');
  const day = dayOf(referenceDate);
  if (day < dayOf(REFERENCE_DATE_RANGE.from) || day > dayOf(REFERENCE_DATE_RANGE.to)) {
    throw new RangeError(`referenceDate must be between ${REFERENCE_DATE_RANGE.from} and ${REFERENCE_DATE_RANGE.to}`);
  }
}
