import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { parseInteger } from '../src/integerText.js';
import { MAX_CITIZENS, type SeedTargets } from '../src/seed/index.js';
import { connect } from '../src/sources/engine.js';
import type { AddressRegisterDatabase } from '../src/sources/address/rows.js';
import { startChild, stopAllChildren } from './childProcess.js';
import { BENCH_HEADERS } from './consumer.js';
import { gatewayEnv } from './gatewayEnv.js';
import { GATEWAY_NODE_FLAGS } from './gatewayHeap.js';
import type { GatewayReport } from './protocol.js';
import { benchPostgresUrl, ensureRegistries, freshAuditDatabase } from './registries.js';
import { writeResults } from './resultsFile.js';

// The election commission's and the desks' new questions at the country's size: the roll of the
// largest municipality (a page, and the whole export), the people living there, and addresses by
// street and postal code, against a gateway over PostgreSQL and MariaDB with its Redis cache.

const SCALE_TARGETS: Readonly<SeedTargets> = Object.freeze({
  civil: benchPostgresUrl('postgres', 'ndg_scale_civil'),
  address: benchPostgresUrl('postgres', 'ndg_scale_address'),
  vehicle: 'mysql://root@127.0.0.1:3306/ndg_scale_vehicle',
});
const COUNTRY = 1_800_000;
// An election of the seeded data's year: the cut-off a month before election day.
const ROLL = { cutOffDate: '2025-11-28', electionDay: '2025-12-28' };
// Each request after the first (which meets cold caches) is timed this many times, the median counted.
const REPEATS = 5;

const print = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { citizens: { type: 'string', default: String(COUNTRY) }, out: { type: 'string', default: 'bench/results' } } });
  const citizens = parseInteger('--citizens', values.citizens, 1, MAX_CITIZENS);
  const startedAt = new Date();
  print(`National data gateway at scale, ${startedAt.toISOString()}: ${citizens.toLocaleString('en')} citizens`);
  await ensureRegistries(SCALE_TARGETS, citizens, print);
  const [{ code, name, addresses, postalCode }, smallest] = await municipalitiesBySize();
  print(`largest municipality: ${name} (${code}), ${addresses.toLocaleString('en')} addresses; smallest: ${smallest.name} (${smallest.code})`);
  await freshAuditDatabase();
  const gateway = await startChild<GatewayReport>('./gatewayProcess.ts', ['cached'], { label: 'gateway', env: gatewayEnv(SCALE_TARGETS, `scale-${startedAt.getTime()}`), execArgv: GATEWAY_NODE_FLAGS, print });
  try {
    const graphql = (query: string, variables: object) => timed(async () => {
      const response = await fetch(gateway.url, { method: 'POST', headers: { ...BENCH_HEADERS, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
      if (body.errors) throw new Error(`the gateway answered errors: ${JSON.stringify(body.errors).slice(0, 300)}`);
      return body.data!;
    });
    const repeatedly = async (label: string, query: string, variables: object, count: (data: Record<string, any>) => string) => {
      const first = await graphql(query, variables);
      const after: number[] = [];
      for (let run = 0; run < REPEATS; run++) after.push((await graphql(query, variables)).ms);
      const warm = median(after);
      print(`  ${label}: ${count(first.value)}; first ${first.ms.toFixed(0)} ms, then median ${warm.toFixed(0)} ms`);
      return { firstMs: Math.round(first.ms), medianMs: Math.round(warm) };
    };

    print('\nrequests (GraphQL, the gateway cached in Redis)');
    const rollPage = await repeatedly(
      'electoral roll, a page of 100 with totalCount',
      'query($m: Int!, $c: Date!, $e: Date!) { electoralRoll(municipalityCode: $m, cutOffDate: $c, electionDay: $e, first: 100) { totalCount nodes { personalNumber lastName firstName address { street houseNumber } } } }',
      { m: code, c: ROLL.cutOffDate, e: ROLL.electionDay },
      (data) => `${data.electoralRoll.totalCount.toLocaleString('en')} voters`,
    );
    const residents = await repeatedly(
      'people living there, a page of 100',
      'query($m: Int!) { searchCitizens(filter: { residenceMunicipalityCode: $m }, first: 100) { nodes { personalNumber } } }',
      { m: code },
      (data) => `${data.searchCitizens.nodes.length} on the page`,
    );
    const streets = await repeatedly(
      'addresses by a street word ("deshmoret"), a page of 100',
      '{ addresses(filter: { street: "deshmoret" }, first: 100) { nodes { id street } } }',
      {},
      (data) => `${data.addresses.nodes.length} on the page`,
    );
    const postal = await repeatedly(
      `addresses by postal code (${postalCode}), a page of 100`,
      'query($p: String!) { addresses(filter: { postalCode: $p }, first: 100) { nodes { id postalCode } } }',
      { p: postalCode },
      (data) => `${data.addresses.nodes.length} on the page`,
    );
    const streetsThere = await repeatedly(
      'addresses there by a street\'s start ("rruga"), a page of 100',
      'query($m: Int!) { addresses(filter: { municipalityCode: $m, street: "rruga" }, first: 100) { nodes { id street } } }',
      { m: code },
      (data) => `${data.addresses.nodes.length} on the page`,
    );

    // The smallest roll, then the largest twice: memory flat means the largest's second export raises
    // the peak no further than its first.
    print('\nwhole rolls, exported as CSV');
    const exports = [];
    for (const municipality of [smallest, { code, name }, { code, name }]) {
      const exported = await exportRoll(gateway.url, municipality.code);
      // The trail's last checkpoint and the log drain before the peak is read.
      await sleep(500);
      const report = await gateway.report();
      const figures = { municipality: municipality.name, ...exported.value, ms: Math.round(exported.ms), peakRssMb: Math.round(report.maxRssKb / 1024) };
      exports.push(figures);
      print(
        `  ${municipality.name}: ${figures.voters.toLocaleString('en')} voters, ${(figures.bytes / 1e6).toFixed(1)} MB in ${(exported.ms / 1000).toFixed(1)} s ` +
          `(${Math.round(figures.voters / (exported.ms / 1000)).toLocaleString('en')} voters/s); the gateway's peak RSS since start ${figures.peakRssMb} MB`,
      );
    }
    const file = await writeResults(values.out, startedAt, {
      kind: 'scale',
      citizens,
      municipality: { code, name, addresses },
      roll: ROLL,
      requests: { rollPage, residents, streets, postal, streetsThere },
      exports,
    });
    print(`\nResults written to ${file}`);
  } finally {
    await gateway.stop();
    await stopAllChildren();
  }
}

// The municipality with the most addresses and the one with the fewest.
async function municipalitiesBySize(): Promise<[MunicipalitySize, MunicipalitySize]> {
  const { db } = connect<AddressRegisterDatabase>(SCALE_TARGETS.address, { poolSize: 1 });
  try {
    const rows = await db
      .selectFrom('adresa')
      .innerJoin('vendbanimi', 'vendbanimi.id', 'adresa.vendbanimi_id')
      .innerJoin('komuna', 'komuna.kodi', 'vendbanimi.komuna_kodi')
      .select(['komuna.kodi', 'komuna.emri_sq', (eb) => eb.fn.countAll<string>().as('addresses'), (eb) => eb.fn.min('adresa.kodi_postar').as('postal_code')])
      .groupBy(['komuna.kodi', 'komuna.emri_sq'])
      .orderBy('addresses', 'desc')
      .execute();
    const sized = rows.map((row) => ({ code: row.kodi, name: row.emri_sq, addresses: Number(row.addresses), postalCode: String(row.postal_code).trim() }));
    return [sized[0]!, sized[sized.length - 1]!];
  } finally {
    await db.destroy();
  }
}

type MunicipalitySize = { code: number; name: string; addresses: number; postalCode: string };

// A municipality's whole roll as CSV, read to its end: its voters and bytes.
function exportRoll(graphqlUrl: string, code: number) {
  return timed(async () => {
    const url = `${graphqlUrl.replace(/\/graphql$/, '/exports/electoral-roll')}?municipalityCode=${code}&cutOffDate=${ROLL.cutOffDate}&electionDay=${ROLL.electionDay}`;
    const response = await fetch(url, { headers: BENCH_HEADERS });
    if (response.status !== 200) throw new Error(`the export answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body!) {
      bytes += chunk.length;
      for (const byte of chunk as Uint8Array) if (byte === 10) lines++;
    }
    // The header is a line, and no voter.
    return { bytes, voters: lines - 1 };
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  await stopAllChildren();
  process.exit(1);
});
