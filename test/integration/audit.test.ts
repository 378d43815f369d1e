import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Citizen } from '../../src/domain.js';
import { dropDatabase } from '../../src/seed/index.js';
import { connect } from '../../src/sources/engine.js';
import { allReads, allRecords, freshWitnessDir, postgresTrail, verifyAt, type PostgresTrail } from '../support/audit.js';
import { authHeaders, portalToken, TEST_CONSUMERS_FILE } from '../support/consumers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { startGatewayProcess } from '../support/gatewayProcess.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

let registries: TestRegistries;
let people: Citizen[];
const trails: PostgresTrail[] = [];

/** A fresh PostgreSQL trail, made by `audit:migrate` and dropped after the suite: the gateway writes as its writer role. */
async function postgresAuditTrail(): Promise<PostgresTrail> {
  const trail = await postgresTrail();
  trails.push(trail);
  return trail;
}


beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 1500);
  const gw = await startTestGateway(registries.targets);
  try {
    const found: Citizen[] = [];
    for (let code = 1; found.length < 1000 && code <= 38; code += 1) {
      for (let after: string | null = null; ; ) {
        const page: Citizen[] = await gw.sources.civil.searchPersons({ birthMunicipalityCode: code }, after, 500);
        found.push(...page);
        if (page.length < 500) break;
        after = page[page.length - 1]!.personalNumber;
      }
    }
    people = found.slice(0, 1000);
  } finally {
    await gw.stop();
  }
  expect(people).toHaveLength(1000);
});

afterAll(async () => {
  await Promise.all(trails.map((trail) => trail.drop()));
  await registries?.drop();
});

describe('the audit trail', () => {
  let gw: TestGateway;
  let audit: string;

  beforeAll(async () => {
    audit = (await postgresAuditTrail()).writerUrl;
    gw = await startTestGateway(registries.targets, { config: { auditDatabaseUrl: audit } });
  });

  afterAll(() => gw?.stop());

  it('holds exactly one record per answer, naming each person read: 200 concurrent requests of 5 people leave 200 records of 5, the right ones', async () => {
    const groups = Array.from({ length: 200 }, (_, index) => people.slice(index * 5, index * 5 + 5).map((person) => person.personalNumber));
    const answers = await Promise.all(
      groups.map((numbers, index) =>
        gw.query('query Payroll($n: [PersonalNumber!]!) { citizens(personalNumbers: $n) { lastName address { street } } }', { n: numbers }, {
          ...authHeaders(),
          'x-request-id': `payroll-${index}`,
          'x-case-reference': `case ${index}`,
        }),
      ),
    );
    expect(answers.every((answer) => answer.status === 200 && answer.data?.citizens.length === 5)).toBe(true);
    const hasAddress = new Map(answers.flatMap((answer, index) => answer.data!.citizens.map((citizen: any, position: number) => [groups[index]![position], citizen.address !== null])));

    expect(await allRecords(audit)).toHaveLength(200);
    const reads = await allReads(audit);
    expect(reads).toHaveLength(1000);
    const read = new Map(reads.map((record) => [`${record.requestId} ${record.personalNumber}`, record]));
    groups.forEach((numbers, index) => {
      for (const number of numbers) {
        expect(read.get(`payroll-${index} ${number}`)).toMatchObject({
          consumer: 'tester',
          institution: 'Gateway tests',
          purpose: 'testing',
          caseReference: `case ${index}`,
          operationName: 'Payroll',
          // Someone without an address had `address` returned as null.
          fieldPaths: [hasAddress.get(number) ? 'address.street' : 'address', 'lastName'],
          bulk: true,
        });
      }
    });
    expect(await verifyAt(audit)).toMatchObject({ intact: true, chains: new Set(reads.map((record) => record.writer)).size, records: 200 });
  });

  it('records which fields were returned for whom, under field names, and never a value', async () => {
    const person = people.find((candidate) => candidate.status === 'ALIVE' && candidate.addressId !== null)!;
    const before = new Set((await allRecords(audit)).map((record) => record.hash));
    const answer = await gw.query(
      `query { citizen(personalNumber: "${person.personalNumber}") { name: lastName isAlive household { firstName } documents { number } } }`,
    );
    const { household, documents } = answer.data!.citizen as { household: unknown[]; documents: unknown[] };
    const records = (await allReads(audit)).filter((record) => !before.has(record.hash));
    const own = records.find((record) => record.personalNumber === person.personalNumber)!;
    expect(new Set(records.map((record) => record.hash)).size).toBe(1);
    // A living person is a member of their own household, so their first name was returned too.
    const ownFirstName = person.status === 'ALIVE' && household.length > 0 ? ['firstName'] : [];
    expect(own.fieldPaths).toEqual([documents.length > 0 ? 'documents.number' : 'documents', ...ownFirstName, 'household', 'isAlive', 'lastName']);
    expect(records).toHaveLength(new Set([person.personalNumber, ...records.map((record) => record.personalNumber)]).size);
    expect(own.bulk).toBe(records.length > 1);
    // Each other member of the household is named in the record, with what was read of them.
    expect(records.filter((record) => record.personalNumber !== person.personalNumber).every((record) => record.fieldPaths.join() === 'firstName')).toBe(true);
    expect(JSON.stringify(records)).not.toContain(person.lastName);
  });

  it('records nothing for reference data, or for a refused operation', async () => {
    const before = (await allRecords(audit)).length;
    await gw.query('{ municipality(code: 3) { nameSq } }');
    await gw.query(`{ citizen(personalNumber: "${people[1]!.personalNumber}") { lastName } }`, undefined, authHeaders(undefined, null));
    expect(await allRecords(audit)).toHaveLength(before);
  });

  it("cannot be changed through the gateway's own role: it may add and read, and nothing else", async () => {
    const { db } = connect<any>(audit, { writable: true, poolSize: 1 });
    try {
      const refused = [
        'update access_record set purpose = \'other\' where seq = 1',
        'delete from access_record where seq = 1',
        'truncate access_record',
        'truncate access_record_default',
        'update audit_checkpoint set seq = 0',
        'delete from audit_checkpoint',
        'alter table access_record disable trigger access_record_append_only',
        'drop trigger access_record_append_only on access_record',
        'alter table access_record add column note text',
        'drop table access_record',
        'create table access_record_copy (seq bigint)',
      ];
      for (const statement of refused) {
        await expect(sql.raw(statement).execute(db), statement).rejects.toMatchObject({ code: expect.stringMatching(/^(42501|42P01)$/) });
      }
      expect((await allRecords(audit)).length).toBeGreaterThan(0);
    } finally {
      await db.destroy();
    }
  });

  it('withholds the answer when the audit database is gone: AUDIT_UNAVAILABLE, and no personal data', async () => {
    const doomedTrail = await postgresAuditTrail();
    const doomed = doomedTrail.writerUrl;
    const doomedGw = await startTestGateway(registries.targets, { config: { auditDatabaseUrl: doomed } });
    try {
      expect((await doomedGw.query(`{ citizen(personalNumber: "${people[2]!.personalNumber}") { lastName } }`)).data?.citizen?.lastName).toBe(people[2]!.lastName);
      await dropDatabase(doomedTrail.ownerUrl);
      const answer = await doomedGw.query(`{ citizen(personalNumber: "${people[2]!.personalNumber}") { lastName } }`);
      expect(answer.status).toBe(503);
      expect(answer.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
      expect(answer).not.toHaveProperty('data');
      expect(JSON.stringify(answer)).not.toContain(people[2]!.lastName);
      // Reference data is no one's: it is still answered.
      expect((await doomedGw.query('{ municipality(code: 1) { nameSq } }')).data?.municipality?.nameSq).toBe('Prishtinë');
    } finally {
      await doomedGw.stop();
    }
  });
});

describe('two gateway processes on one audit database', () => {
  it('leave, for 200 concurrent requests, exactly the records expected, on chains of their own that all verify', async () => {
    const trail = await postgresAuditTrail();
    const witness = freshWitnessDir();
    const env = {
      CIVIL_REGISTRY_URL: registries.targets.civil, ADDRESS_REGISTER_URL: registries.targets.address, VEHICLE_REGISTRY_URL: registries.targets.vehicle,
      CONSUMERS_FILE: TEST_CONSUMERS_FILE, AUDIT_DATABASE_URL: trail.writerUrl, AUDIT_WITNESS_DIR: witness, AUDIT_WRITE_LANES: '3',
    };
    const processes = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
    try {
      const groups = Array.from({ length: 200 }, (_, index) => people.slice(index * 5, index * 5 + 5).map((person) => person.personalNumber));
      const answers = await Promise.all(groups.map(async (numbers, index) => {
        const response = await fetch(processes[index % 2]!.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': `pair-${index}`, ...authHeaders() },
          body: JSON.stringify({ query: 'query($n: [PersonalNumber!]!) { citizens(personalNumbers: $n) { lastName } }', variables: { n: numbers } }),
        });
        return ((await response.json()) as { data?: { citizens: unknown[] } }).data?.citizens.length;
      }));
      expect(answers.every((length) => length === 5)).toBe(true);
    } finally {
      for (const gateway of processes) gateway.process.kill('SIGTERM');
      await Promise.all(processes.map((gateway) => gateway.exited));
    }
    const records = await allRecords(trail.writerUrl);
    expect((await allReads(trail.writerUrl)).map((record) => `${record.requestId} ${record.personalNumber}`).sort()).toEqual(
      Array.from({ length: 200 }, (_, index) => people.slice(index * 5, index * 5 + 5).map((person) => `pair-${index} ${person.personalNumber}`)).flat().sort(),
    );
    // Each process writes three chains at most, each numbered from 1 without a gap.
    const chains = new Map<string, typeof records>();
    for (const record of records) chains.set(record.writer, [...(chains.get(record.writer) ?? []), record]);
    expect(chains.size).toBeGreaterThanOrEqual(2);
    expect(chains.size).toBeLessThanOrEqual(6);
    for (const chain of chains.values()) expect(chain.map((record) => record.seq).sort((a, b) => a - b)).toEqual(chain.map((_, index) => index + 1));
    expect(await verifyAt(trail.writerUrl, [witness])).toMatchObject({ intact: true, chains: chains.size, records: 200, unsigned: 0 });
  });
});

describe("the citizen's own view of the trail", () => {
  let audit: string;
  let onNewYear: TestGateway;
  let inMarch: TestGateway;
  const view = `query($after: String) { myDataAccess(first: 1, after: $after) { nodes { at institution system purpose legalBasis fields } pageInfo { endCursor hasNextPage } } }`;
  const asPortal = async (personalNumber: string) => ({ authorization: `Bearer ${await portalToken(personalNumber)}`, 'x-purpose': 'own-data' });

  beforeAll(async () => {
    audit = `sqlite:/tmp/gw-audit-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`;
    [onNewYear, inMarch] = await Promise.all([
      startTestGateway(registries.targets, { today: '2026-01-01', config: { auditDatabaseUrl: audit } }),
      startTestGateway(registries.targets, { today: '2026-03-01', config: { auditDatabaseUrl: audit } }),
    ]);
  });

  afterAll(() => Promise.all([onNewYear?.stop(), inMarch?.stop()]));

  it('shows a citizen who read their data, when, why and which fields, newest first; a hidden read only from the day its hiding ends', async () => {
    const [person, other] = [people[10]!, people[11]!];
    await onNewYear.query(`{ citizen(personalNumber: "${person.personalNumber}") { lastName } }`, undefined, { ...authHeaders(), 'x-legal-basis': 'Law 03/L-099, art. 12' });
    await onNewYear.query(`{ citizen(personalNumber: "${person.personalNumber}") { dateOfBirth } }`, undefined, { ...authHeaders(), 'x-hidden-until': '2026-03-01' });
    await onNewYear.query(`{ citizen(personalNumber: "${other.personalNumber}") { lastName } }`);

    const inJanuary = await onNewYear.query(view, {}, await asPortal(person.personalNumber));
    expect(inJanuary.data?.myDataAccess).toEqual({
      nodes: [{ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), institution: 'Gateway tests', system: 'Integration suite', purpose: 'testing', legalBasis: 'Law 03/L-099, art. 12', fields: ['lastName'] }],
      pageInfo: { endCursor: expect.any(String), hasNextPage: false },
    });

    const newest = await inMarch.query(view, {}, await asPortal(person.personalNumber));
    expect(newest.data?.myDataAccess.nodes[0].fields).toEqual(['dateOfBirth']);
    expect(newest.data?.myDataAccess.pageInfo.hasNextPage).toBe(true);
    const older = await inMarch.query(view, { after: newest.data?.myDataAccess.pageInfo.endCursor }, await asPortal(person.personalNumber));
    expect(older.data?.myDataAccess.nodes[0].fields).toEqual(['lastName']);
    expect(older.data?.myDataAccess.pageInfo.hasNextPage).toBe(false);
  });

  it("shows a vehicle's owner that the police read the vehicle by its plate, without asking for the owner; a hidden read from its day", async () => {
    // Among people no other test reads.
    const owners = await onNewYear.sources.vehicle.vehiclesOfOwners(people.slice(20).map((person) => person.personalNumber));
    const vehicle = owners.find((candidate) => candidate.ownerPersonalNumber !== null)!;
    const byPlate = `{ vehicle(plate: "${vehicle.plate}") { make model status } }`;
    await onNewYear.query(byPlate, undefined, { ...authHeaders(), 'x-case-reference': 'PK-2026-0117' });
    await onNewYear.query(`{ drivingLicence(number: "NOSUCHLICENCE") { penaltyPoints } }`);
    await onNewYear.query(byPlate, undefined, { ...authHeaders(), 'x-hidden-until': '2026-03-01' });
    const everything = `{ myDataAccess(first: 10) { nodes { fields } } }`;

    const inJanuary = await onNewYear.query(everything, {}, await asPortal(vehicle.ownerPersonalNumber!));
    expect(inJanuary.data?.myDataAccess.nodes).toEqual([{ fields: ['vehicle.make', 'vehicle.model', 'vehicle.status'] }]);
    const inMarchToo = await inMarch.query(everything, {}, await asPortal(vehicle.ownerPersonalNumber!));
    expect(inMarchToo.data?.myDataAccess.nodes).toHaveLength(2);
  });

  it('shows each person of an answer that read several only the fields read of them', async () => {
    const [first, second] = [people[13]!, people[14]!];
    await onNewYear.query(
      `query($n: [PersonalNumber!]!) { citizens(personalNumbers: $n) { lastName } citizen(personalNumber: "${first.personalNumber}") { dateOfBirth } }`,
      { n: [first.personalNumber, second.personalNumber] },
    );
    const fieldsSeenBy = async (person: Citizen) => (await onNewYear.query(`{ myDataAccess(first: 10) { nodes { fields } } }`, {}, await asPortal(person.personalNumber))).data?.myDataAccess.nodes;
    expect(await fieldsSeenBy(first)).toEqual([{ fields: ['dateOfBirth', 'lastName'] }]);
    expect(await fieldsSeenBy(second)).toEqual([{ fields: ['lastName'] }]);
  });

  it('is no one else\'s: a consumer whose credential names no citizen is refused it', async () => {
    const result = await onNewYear.query('{ myDataAccess { nodes { at } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.data).toBeNull();
  });

  it('refuses a hiding day that is not after today', async () => {
    const result = await onNewYear.query(`{ citizen(personalNumber: "${people[12]!.personalNumber}") { lastName } }`, undefined, { ...authHeaders(), 'x-hidden-until': '2026-01-01' });
    expect(result).toMatchObject({ status: 400, errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });
});

