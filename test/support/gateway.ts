import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Cache } from '../../src/cache/index.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startBusinessRegistryService } from '../../src/seed/businessRegistry/service.js';
import type { SeedTargets } from '../../src/seed/index.js';
import { createGateway, type Gateway } from '../../src/server.js';
import type { CivilRegistryDatabase } from '../../src/sources/civil/rows.js';
import { connect } from '../../src/sources/engine.js';
import { closeSources, openSources, type Sources } from '../../src/sources/index.js';
import { freshWitnessDir, TEST_SIGNING_KEY } from './audit.js';
import { authHeaders, TEST_CONSUMERS_FILE, TESTER_KEY } from './consumers.js';

export interface GraphQLResult {
  status: number;
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
}

/** Statements sent per named query, per registry, during one piece of work. */
export type StatementLog = Record<'civil' | 'address' | 'vehicle', Record<string, number>>;

export interface TestGateway {
  gateway: Gateway;
  sources: Sources;
  log: Logger;
  /** The JSON log lines the gateway wrote; a test may empty it to look at what follows. */
  logLines: string[];
  /** Posts an operation as the tests' consumer, reading for `testing`; `headers`, when given, replace those two. */
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResult>;
  /** Runs `work` and returns the statements each registry was sent meanwhile. */
  statementsDuring(work: () => Promise<unknown>): Promise<StatementLog>;
  /** Stops the gateway, then fails if anything it ever logged holds personal data or a credential. */
  stop(): Promise<void>;
}

/** The defaults of an empty environment, on a free port, with the tests' consumers; `overrides` change any setting. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const auditDatabaseUrl = `sqlite:${path.join(tmpdir(), `gw-audit-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`)}`;
  const defaults = loadConfig({});
  // A test gateway shares its event loop with the test runner, whose own work (seeding SQLite, for
  // one) holds it for seconds on a busy machine: only the tests of load shedding shed load.
  const overload = { ...defaults.overload, maxEventLoopDelayMs: 0 };
  const audit = { ...defaults.audit, signingKeyFile: TEST_SIGNING_KEY.privateKeyFile, publicKeyFiles: [TEST_SIGNING_KEY.publicKeyFile], witnessDir: freshWitnessDir() };
  return { ...defaults, port: 0, consumersFile: TEST_CONSUMERS_FILE, auditDatabaseUrl, audit, overload, ...overrides };
}

/** Starts a gateway over the given registries on a free port, logging into memory. */
export async function startTestGateway(
  targets: SeedTargets,
  options: { production?: boolean; today?: string; cache?: Cache; config?: Partial<Config> } = {},
): Promise<TestGateway> {
  const logLines: string[] = [];
  const everyLine: string[] = [];
  const log = createLogger({ logLevel: 'trace' }, {
    write: (line: string) => {
      logLines.push(line);
      everyLine.push(line);
    },
  });
  // The business registry's web service, as its stand-in serves the seeded companies.
  const businessService = targets.business === undefined || options.config?.businessRegistryUrl !== undefined ? null : await startBusinessRegistryService(targets.business);
  const config = testConfig({
    production: options.production ?? false,
    civilRegistryUrl: targets.civil,
    addressRegisterUrl: targets.address,
    vehicleRegistryUrl: targets.vehicle,
    businessRegistryUrl: businessService?.wsdlUrl ?? null,
    ...options.config,
  });
  const sources = openSources({ ...config, poolSize: 4 }, log);
  const gateway = await createGateway({
    config,
    sources,
    log,
    // Without a cache every statement a query costs is counted; cache tests bring their own.
    cache: options.cache ?? null,
    today: () => options.today ?? '2026-01-01',
  });
  await gateway.listen(0);
  const snapshot = (): StatementLog => ({
    civil: sources.civil.statements.byQuery(),
    address: sources.address.statements.byQuery(),
    vehicle: sources.vehicle.statements.byQuery(),
  });
  return {
    gateway,
    sources,
    log,
    logLines,
    async query(query, variables, headers) {
      const response = await fetch(gateway.url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(headers ?? authHeaders()) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async statementsDuring(work) {
      const before = snapshot();
      await work();
      const after = snapshot();
      const diff = {} as StatementLog;
      for (const registry of ['civil', 'address', 'vehicle'] as const) {
        diff[registry] = {};
        for (const [name, count] of Object.entries(after[registry])) {
          const sent = count - (before[registry][name] ?? 0);
          if (sent > 0) diff[registry][name] = sent;
        }
      }
      return diff;
    },
    async stop() {
      await gateway.stop();
      await closeSources(sources);
      await businessService?.close();
      await expectNoPersonalDataIn(everyLine, targets.civil);
    },
  };
}

/**
 * Every suite's traffic is a test of the logs: whatever the gateway logged, at every level, must
 * hold no personal number or name of its registry's citizens, and no credential of the tests.
 * The error names the log messages at fault, never the data found.
 */
async function expectNoPersonalDataIn(lines: readonly string[], civilRegistryUrl: string): Promise<void> {
  const civil = connect<CivilRegistryDatabase>(civilRegistryUrl, { poolSize: 1 });
  let people: Array<{ personal_no: string; first_name: string; last_name: string; father_name: string | null }>;
  try {
    people = await civil.db.selectFrom('person').select(['personal_no', 'first_name', 'last_name', 'father_name']).execute();
  } finally {
    await civil.db.destroy();
  }
  const numbers = people.map((person) => person.personal_no.trim());
  const names = new Set(people.flatMap((person) => [person.first_name, person.last_name, person.father_name ?? ''].map((name) => name.trim())).filter(Boolean));
  const faulty = lines.filter((line) =>
    line.includes(TESTER_KEY) || numbers.some((number) => line.includes(number)) || (line.match(/\p{L}+/gu) ?? []).some((word) => names.has(word)),
  );
  if (faulty.length > 0) {
    const messages = [...new Set(faulty.map((line) => String((JSON.parse(line) as { msg?: unknown }).msg)))];
    throw new Error(`The gateway logged personal data or a credential in ${faulty.length} lines, with the messages: ${messages.join('; ')}`);
  }
}
