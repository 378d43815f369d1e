import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.js';
import { dayOf } from '../dates.js';
import { parseInteger } from '../integerText.js';
import { engineOf } from '../sources/engine.js';
import { DEFAULT_REFERENCE_DATE, DEFAULT_SEED, MAX_CITIZENS, REFERENCE_DATE_RANGE, seedRegistries, type SeedOptions, type SeedSummary, type SeedTargets } from './index.js';

const USAGE = `Usage: npm run seed -- [--citizens N] [--seed S] [--reference-date YYYY-MM-DD]
                        [--civil-registry URL] [--address-register URL] [--vehicle-registry URL]
                        [--business-registry URL]

Builds the three legacy registries with deterministic synthetic data.
  --citizens N                 persons to generate (default SEED_CITIZENS, 20000)
  --seed S                     seed of the generator (default ${DEFAULT_SEED})
  --reference-date YYYY-MM-DD  "today" for the data (default ${DEFAULT_REFERENCE_DATE})
  --civil-registry URL         default CIVIL_REGISTRY_URL or the embedded SQLite file
  --address-register URL       default ADDRESS_REGISTER_URL or the embedded SQLite file
  --vehicle-registry URL       default VEHICLE_REGISTRY_URL or the embedded SQLite file
  --business-registry URL      the business registry's own database, which its web service's
                               stand-in serves (default: the embedded SQLite file)
URLs: postgres://user@host:port/db, mysql://user@host:port/db, sqlite:<file>
`;

const PHASES: Readonly<Record<string, string>> = {
  schema: 'Creating tables',
  load: 'Loading rows',
  indexes: 'Building indexes',
  analyze: 'Analysing tables',
};

/** A mistake in the command line: reported without a stack trace, exit code 2. */
class UsageError extends Error {}

interface Command {
  targets: SeedTargets;
  options: Omit<SeedOptions, 'onProgress'>;
}

function parseCommand(argv: string[]): Command | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        citizens: { type: 'string' },
        seed: { type: 'string' },
        'reference-date': { type: 'string' },
        'civil-registry': { type: 'string' },
        'address-register': { type: 'string' },
        'vehicle-registry': { type: 'string' },
        'business-registry': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';

  let config: ReturnType<typeof loadConfig> | undefined;
  const defaults = () => {
    try {
      config ??= loadConfig();
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    return config;
  };
  const citizens = values.citizens === undefined ? defaults().seedCitizens : integerOption('--citizens', values.citizens, 1, MAX_CITIZENS);
  const seed = values.seed === undefined ? DEFAULT_SEED : integerOption('--seed', values.seed, 0, 0x7fff_ffff);
  const referenceDate = values['reference-date'] ?? DEFAULT_REFERENCE_DATE;
  let day: number;
  try {
    day = dayOf(referenceDate);
  } catch {
    throw new UsageError(`--reference-date must be a calendar date written YYYY-MM-DD, not "${referenceDate}"`);
  }
  if (day < dayOf(REFERENCE_DATE_RANGE.from) || day > dayOf(REFERENCE_DATE_RANGE.to)) {
    throw new UsageError(`--reference-date must be between ${REFERENCE_DATE_RANGE.from} and ${REFERENCE_DATE_RANGE.to}`);
  }
  const targets: SeedTargets = {
    civil: urlOption('--civil-registry', values['civil-registry'] ?? defaults().civilRegistryUrl),
    address: urlOption('--address-register', values['address-register'] ?? defaults().addressRegisterUrl),
    vehicle: urlOption('--vehicle-registry', values['vehicle-registry'] ?? defaults().vehicleRegistryUrl),
    business: urlOption('--business-registry', values['business-registry'] ?? defaults().businessRegistryDataUrl),
  };
  return { targets, options: { citizens, seed, referenceDate } };
}

// Quotes the value back to show a typo: a number is no secret.
function integerOption(name: string, raw: string, min: number, max: number): number {
  try {
    return parseInteger(name, raw, min, max);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}, not "${raw}"`);
  }
}

function urlOption(name: string, url: string): string {
  try {
    engineOf(url);
  } catch (error) {
    throw new UsageError(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return url;
}

// One bar per phase on a terminal; one line per finished phase otherwise (CI logs).
function progressReporter(): { onProgress: NonNullable<SeedOptions['onProgress']>; stop: () => void } {
  const interactive = Boolean(process.stderr.isTTY);
  let bar: cliProgress.SingleBar | null = null;
  let current: string | null = null;
  let phaseStarted = performance.now();
  const endPhase = () => {
    if (current === null) return;
    bar?.stop();
    bar = null;
    if (!interactive) process.stderr.write(`${PHASES[current] ?? current}: done in ${((performance.now() - phaseStarted) / 1000).toFixed(1)} s\n`);
    current = null;
  };
  return {
    onProgress: ({ phase, done, total }) => {
      if (phase !== current) {
        endPhase();
        current = phase;
        phaseStarted = performance.now();
        if (interactive) {
          bar = new cliProgress.SingleBar(
            { format: `${(PHASES[phase] ?? phase).padEnd(17)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`, stream: process.stderr, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, done);
        }
      }
      bar?.setTotal(total);
      bar?.update(done);
    },
    stop: endPhase,
  };
}

function summaryLine(summary: SeedSummary): string {
  const count = (n: number) => n.toLocaleString('en-US');
  return `Seeded ${count(summary.persons)} persons, ${count(summary.familyLinks)} family links, ${count(summary.idDocuments)} identity documents, `
    + `${count(summary.residences)} residence registrations, `
    + `${count(summary.municipalities)} municipalities, ${count(summary.settlements)} settlements, ${count(summary.addresses)} addresses, `
    + `${count(summary.vehicles)} vehicles, ${count(summary.drivingLicences)} driving licences, ${count(summary.businesses)} businesses in ${(summary.millis / 1000).toFixed(1)} s\n`;
}

async function main(argv: string[]): Promise<number> {
  let command: Command | 'help';
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`seed: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const progress = progressReporter();
  try {
    const summary = await seedRegistries(command.targets, { ...command.options, onProgress: progress.onProgress });
    progress.stop();
    process.stdout.write(summaryLine(summary));
    return 0;
  } catch (error) {
    progress.stop();
    process.stderr.write(`seed: failed: ${describe(error)}\n`);
    return 1;
  }
}

// Connection failures arrive as an AggregateError with an empty message: name the first cause.
function describe(error: unknown): string {
  if (error instanceof AggregateError && !error.message && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return error.message || (typeof code === 'string' ? code : error.name);
  }
  return String(error);
}

process.exitCode = await main(process.argv.slice(2));
