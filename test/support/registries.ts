import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dropDatabase, seedRegistries, type SeedTargets } from '../../src/seed/index.js';

/** Where a test's registries live: all embedded SQLite, or the machine's PostgreSQL and MariaDB. */
export type EngineSetup = 'sqlite' | 'postgres+mariadb';
export const ENGINE_SETUPS: EngineSetup[] = ['sqlite', 'postgres+mariadb'];

export interface TestRegistries {
  targets: SeedTargets;
  /** Drops every database (or file) the test created. */
  drop(): Promise<void>;
}

/** Creates and seeds throwaway registries, named so that parallel runs never collide. */
export async function provisionRegistries(setup: EngineSetup, citizens: number): Promise<TestRegistries> {
  const name = `gw_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  let targets: SeedTargets;
  let cleanup = async () => {};
  if (setup === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), `${name}-`));
    targets = {
      civil: `sqlite:${path.join(dir, 'civil_registry.sqlite')}`,
      address: `sqlite:${path.join(dir, 'address_register.sqlite')}`,
      vehicle: `sqlite:${path.join(dir, 'vehicle_registry.sqlite')}`,
      business: `sqlite:${path.join(dir, 'business_registry.sqlite')}`,
    };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    // The business registry keeps its own database behind its web service: a file either way.
    const dir = mkdtempSync(path.join(tmpdir(), `${name}-`));
    targets = {
      civil: `postgres://postgres@127.0.0.1:5432/${name}_civil`,
      address: `postgres://postgres@127.0.0.1:5432/${name}_address`,
      vehicle: `mysql://root@127.0.0.1:3306/${name}_vehicle`,
      business: `sqlite:${path.join(dir, 'business_registry.sqlite')}`,
    };
    cleanup = async () => {
      await Promise.all([dropDatabase(targets.civil), dropDatabase(targets.address), dropDatabase(targets.vehicle)]);
      rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    await seedRegistries(targets, { citizens });
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { targets, drop: cleanup };
}
