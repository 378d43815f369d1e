import type { SeedTargets } from '../src/seed/index.js';
import { Random } from '../src/seed/random.js';
import type { BusinessRegistryDatabase } from '../src/seed/businessRegistry/rows.js';
import type { CivilRegistryDatabase } from '../src/sources/civil/rows.js';
import { connect } from '../src/sources/engine.js';
import type { VehicleRegistryDatabase } from '../src/sources/vehicle/rows.js';

/** The keys the scenarios ask for, read once from the bench's registries. */
export interface BenchInputs {
  /** Every person's personal number in a fixed pseudo-random order: index 0 is Zipf rank 1. */
  personalNumbers: string[];
  /** A municipality of birth of at least `MUNICIPALITY_PEOPLE` people. */
  municipalityCode: number;
  /** Plates of vehicles owned by persons. */
  plates: string[];
  /** The payroll checks: lists of personal numbers. */
  payrollLists: string[][];
  /** Companies with owners, as procurement checks bidders: `COMPANIES` of them. */
  businessNumbers: string[];
}

const MUNICIPALITY_PEOPLE = 100;
const PLATES = 2000;
const PAYROLL_LISTS = 10;
/** How many companies scenario (e) asks for at once. */
export const COMPANIES = 100;
export const PAYROLL_LIST_LENGTH = 1000;

const INPUT_SEED = 2026;

/** Reads the inputs; the same registries always give the same inputs. */
export async function readInputs(targets: Required<SeedTargets>): Promise<BenchInputs> {
  const civil = connect<CivilRegistryDatabase>(targets.civil, { poolSize: 2 });
  const vehicle = connect<VehicleRegistryDatabase>(targets.vehicle, { poolSize: 1 });
  const business = connect<BusinessRegistryDatabase>(targets.business, { poolSize: 1 });
  try {
    const [people, municipality, ownedVehicles, owned] = await Promise.all([
      civil.db.selectFrom('person').select('personal_no').execute(),
      civil.db
        .selectFrom('person')
        .select('birth_municipality')
        .where('birth_municipality', 'is not', null)
        .groupBy('birth_municipality')
        .having((eb) => eb.fn.countAll(), '>=', MUNICIPALITY_PEOPLE)
        .orderBy('birth_municipality')
        .limit(1)
        .executeTakeFirst(),
      vehicle.db.selectFrom('AUTOMJETET').select('TARGA').where('LLOJI_PRONARIT', '=', 'F').execute(),
      business.db.selectFrom('pronari').select('nr_biznesit').distinct().orderBy('nr_biznesit').execute(),
    ]);
    if (owned.length < COMPANIES) throw new Error(`Fewer than ${COMPANIES} companies have owners; seed more citizens`);
    if (!municipality?.birth_municipality) throw new Error(`No municipality of birth has ${MUNICIPALITY_PEOPLE} people; seed more citizens`);
    if (ownedVehicles.length === 0) throw new Error('No vehicle is owned by a person; seed more citizens');
    // Sorted first, so the order depends on the data only, never on how the registry returned it.
    const numbers = people.map((person) => person.personal_no).sort();
    const plates = ownedVehicles.map((row) => row.TARGA).sort();
    const payrollOrder = shuffled(numbers, Random.of(INPUT_SEED, 2));
    return {
      personalNumbers: shuffled(numbers, Random.of(INPUT_SEED, 0)),
      municipalityCode: municipality.birth_municipality,
      plates: shuffled(plates, Random.of(INPUT_SEED, 1)).slice(0, PLATES),
      payrollLists: Array.from({ length: PAYROLL_LISTS }, (_, list) =>
        Array.from({ length: PAYROLL_LIST_LENGTH }, (_, i) => payrollOrder[(list * PAYROLL_LIST_LENGTH + i) % payrollOrder.length]!),
      ),
      businessNumbers: shuffled(owned.map((row) => row.nr_biznesit.trim()), Random.of(INPUT_SEED, 3)).slice(0, COMPANIES),
    };
  } finally {
    await Promise.all([civil.db.destroy(), vehicle.db.destroy(), business.db.destroy()]);
  }
}

/** A copy of `values` in the order `random` shuffles them to (Fisher-Yates). */
export function shuffled<T>(values: readonly T[], random: Random): T[] {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
