import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getDirective } from '@graphql-tools/utils';
import {
  getNamedType, isAbstractType, isInterfaceType, isLeafType, isObjectType, isRequiredArgument, type GraphQLCompositeType, type GraphQLNamedType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPersonalData, ScopeRules } from '../../src/auth/scopes.js';
import { listedSubjectType } from '../../src/plugins/auditTrail.js';
import type { Citizen } from '../../src/domain.js';
import { buildSchema } from '../../src/schema.js';
import { allReads } from '../support/audit.js';
import { authHeaders } from '../support/consumers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

const schema = buildSchema();
const rules = new ScopeRules(schema);
const subjectOf = (type: GraphQLNamedType) => getDirective(schema, type, 'subject')?.[0] as { of?: string } | undefined;

// Types that hold personal data under a scope and yet are no one person's: each with why.
const ABOUT_NO_ONE_PERSON: Readonly<Record<string, string>> = {
  Address: 'a place: the people registered there are citizens, each recorded as such',
  DataAccess: "the audit trail's own record, read only by the person it is about, through their own portal",
  Company: 'a legal person: its owners and representatives who are people are citizens, each recorded as such',
};

// Links that lead only to what is no one person's, though of a type that can be: each with why.
const NO_ONE_PERSONS: Readonly<Record<string, string>> = {
  'Company.vehicles': "a company's vehicles, owned by no person",
};

/** A step from a type to another: a field, or an inline fragment on one of an interface's types. */
type Step = { field: string } | { on: string };

/** Every type with a subject (or, given `wanted`, every type it picks) a root reaches, with the shortest way there: from the schema alone. */
function reachedFrom(root: string, wanted: (type: GraphQLNamedType) => boolean = (type) => subjectOf(type) !== undefined): Array<{ type: string; steps: Step[] }> {
  const start = getNamedType(schema.getQueryType()!.getFields()[root]!.type);
  const seen = new Map<string, Step[]>([[start.name, []]]);
  const queue: GraphQLNamedType[] = [start];
  while (queue.length > 0) {
    const type = queue.shift()!;
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const next: Array<[GraphQLNamedType, Step]> = Object.values(type.getFields())
      .filter((field) => !(`${type.name}.${field.name}` in NO_ONE_PERSONS))
      .map((field) => [getNamedType(field.type), { field: field.name }]);
    if (isAbstractType(type)) for (const possible of schema.getPossibleTypes(type)) next.push([possible, { on: possible.name }]);
    for (const [target, step] of next) {
      if (seen.has(target.name) || target.name.startsWith('__')) continue;
      seen.set(target.name, [...seen.get(type.name)!, step]);
      queue.push(target);
    }
  }
  return [...seen].filter(([name]) => wanted(schema.getType(name)!)).map(([type, steps]) => ({ type, steps }));
}

// Pairs the sample data cannot reach, though the schema can: each proven by another root through the same link.
const BEYOND_THE_SAMPLES: Readonly<Record<string, string>> = {
  'expiringDocuments CompanyOwnership': "none of the sample's holders owns a company: Citizen.companies is proven through citizen",
  'expiringDocuments CompanyRepresentative': "none of the sample's holders owns a company: Citizen.companies is proven through citizen",
  'electoralRoll CompanyOwnership': 'a roll page to its voters\' neighbours\' companies costs more than an operation may: Citizen.companies is proven through citizen',
  'electoralRoll CompanyRepresentative': 'a roll page to its voters\' neighbours\' companies costs more than an operation may: Citizen.companies is proven through citizen',
};

const ROOTS = Object.keys(schema.getQueryType()!.getFields()).filter((root) => !root.startsWith('__'));
// Pages the sample data leaves empty, though the schema reaches them: each proven by another root through the same link.
const PAGES_BEYOND_THE_SAMPLES: Readonly<Record<string, string>> = Object.fromEntries(
  ['company', 'companies', 'vehicle', 'vehicleByVin'].map((root) => [
    `${root} CitizenConnection`,
    "the way there ends at a company's seat address, where no one of the samples lives: Address.residents is proven through address",
  ]),
);

// Every page of people a root reaches, with the way there.
const PAGES = ROOTS.flatMap((root) => reachedFrom(root, (type) => listedSubjectType(schema, type) !== null).map(({ type, steps }) => [root, type, steps] as const)).filter(
  ([root, type]) => !(`${root} ${type}` in PAGES_BEYOND_THE_SAMPLES),
);
const PAIRS = ROOTS.flatMap((root) => reachedFrom(root).map(({ type, steps }) => [root, type, steps] as const)).filter(
  ([root, type]) => !(`${root} ${type}` in BEYOND_THE_SAMPLES),
);

/** A selection along `steps` ending in `leaf`. */
function along(steps: readonly Step[], leaf: string): string {
  return steps.reduceRight((inner, step) => ('field' in step ? `${step.field} { ${inner} }` : `... on ${step.on} { ${inner} }`), leaf);
}

// The first plain field of a type other than what names its subject: what the tested query reads.
function plainField(type: GraphQLCompositeType): string {
  if (!isObjectType(type) && !isInterfaceType(type)) throw new Error(`${type.name} has no fields`);
  const of = subjectOf(type)?.of;
  return Object.values(type.getFields()).find((field) => isLeafType(getNamedType(field.type)) && !field.args.some(isRequiredArgument) && field.name !== 'personalNumber' && field.name !== of)!.name;
}

// What names the subject of a type, read alongside to know whom the record must be under: the
// person's own number, or the field that links to the person or holds their number.
function subjectField(type: GraphQLCompositeType): string {
  const of = subjectOf(type)?.of;
  if (of === undefined) return 'personalNumber';
  if (!isObjectType(type) && !isInterfaceType(type)) throw new Error(`${type.name} has no fields`);
  return isLeafType(getNamedType(type.getFields()[of]!.type)) ? of : `${of} { personalNumber }`;
}

describe('the data subjects the schema declares', () => {
  it('are declared by every type that holds personal data, but those about no one person (each with why)', () => {
    const undeclared = Object.values(schema.getTypeMap())
      .filter((type) => (isObjectType(type) || isInterfaceType(type)) && !type.name.startsWith('__'))
      .filter((type) => isPersonalData(rules.typeRequirement(type.name)) && !subjectOf(type) && !(type.name in ABOUT_NO_ONE_PERSON))
      .map((type) => type.name);
    expect(undeclared).toEqual([]);
  });

  it('are listed by pages a root reaches', () => {
    expect(new Set(PAGES.map(([, type]) => type))).toEqual(new Set(['CitizenConnection', 'DocumentConnection', 'VoterConnection']));
  });

  it('are reached from the roots that answer personal data', () => {
    expect(new Set(PAIRS.map(([, type]) => type))).toEqual(new Set(['Citizen', 'Vehicle', 'DrivingLicence', 'IdentityDocument', 'Document', 'IdentityDocumentCheck', 'Residence', 'Voter', 'CompanyOwnership', 'CompanyRepresentative']));
  });
});

describe('every answer with data about a person', () => {
  let registries: TestRegistries;
  let gw: TestGateway;
  let samples: Record<string, Record<string, unknown>>;
  const auditDatabaseUrl = `sqlite:${path.join(tmpdir(), `subjects-${process.pid}-${randomBytes(4).toString('hex')}-audit.sqlite`)}`;

  beforeAll(async () => {
    // Enough people that one of them has something of every kind, a company among them.
    registries = await provisionRegistries('sqlite', 3000);
    gw = await startTestGateway(registries.targets, { config: { auditDatabaseUrl } });
    // One person with something of every kind: an address, identity documents, a vehicle of their own, a licence, a company.
    let someone: { citizen: Citizen; plate: string; vin: string; licence: string; document: string; municipalityCode: number; settlementId: number; street: string; businessNumber?: string } | undefined;
    for (let after: string | null = null; !someone; ) {
      const page = await gw.sources.civil.searchPersons({ lastNamePrefix: '' }, after, 100);
      if (page.length === 0) throw new Error('no seeded person holds something of every kind');
      for (const citizen of page) {
        const [vehicles, licences, documents] = await Promise.all([
          gw.sources.vehicle.vehiclesOfOwners([citizen.personalNumber]),
          gw.sources.vehicle.licencesOfHolders([citizen.personalNumber]),
          gw.sources.civil.documentsOfHolders([citizen.personalNumber]),
        ]);
        const vehicle = vehicles.find((candidate) => candidate.ownerPersonalNumber === citizen.personalNumber);
        const [home] = citizen.addressId === null ? [] : await gw.sources.address.addressesByIds([citizen.addressId]);
        const owns = vehicle && licences[0] && documents.length > 0 && home ? await gw.sources.business.companiesOwnedBy(citizen.personalNumber) : [];
        if (vehicle && licences[0] && documents.length > 0 && home && owns.length > 0) {
          someone = { citizen, plate: vehicle.plate, vin: vehicle.vin, licence: licences[0].number, document: documents[0]!.number, municipalityCode: home.municipalityCode, settlementId: home.settlementId, street: home.street };
          break;
        }
      }
      after = page[page.length - 1]!.personalNumber;
    }
    const { citizen } = someone;
    // A company with owners and a representative who are people.
    const businessNumber = await firstCompanyWithPeople(gw);
    Object.assign(someone, { businessNumber });
    samples = {
      citizen: { personalNumber: citizen.personalNumber },
      citizens: { personalNumbers: [citizen.personalNumber] },
      searchCitizens: { filter: { lastName: citizen.lastName, firstName: citizen.firstName }, first: 5 },
      address: { id: citizen.addressId },
      addresses: { filter: { settlementId: someone.settlementId, street: someone.street }, first: 20 },
      vehicle: { plate: someone.plate },
      vehicleByVin: { vin: someone.vin },
      drivingLicence: { number: someone.licence },
      identityDocument: { number: someone.document },
      verifyIdentityDocument: { number: someone.document, personalNumber: citizen.personalNumber },
      expiringDocuments: { withinDays: 366, first: 100 },
      company: { businessNumber: someone.businessNumber },
      companies: { businessNumbers: [someone.businessNumber] },
      electoralRoll: { municipalityCode: someone.municipalityCode, cutOffDate: '2025-12-01', electionDay: '2025-12-31', first: 30 },
    };
    // A vehicle reaches a company's people through the company that owns it: a company's vehicle.
    const fleet = await companyVehicleWithPeople(gw);
    for (const type of ['CompanyOwnership', 'CompanyRepresentative']) {
      samples[`vehicle ${type}`] = { plate: fleet.plate };
      samples[`vehicleByVin ${type}`] = { vin: fleet.vin };
    }
  });

  afterAll(async () => {
    await gw?.stop();
    await registries?.drop();
  });

  it.each(PAIRS)('read through %s as %s leaves a record under its person, who was not asked for, even when nothing but its type was', async (root, typeName, steps) => {
    const args = samples[`${root} ${typeName}`] ?? samples[root];
    if (!args) throw new Error(`no sample arguments for the root ${root}, which reaches ${typeName}: add them`);
    const type = schema.getType(typeName) as GraphQLCompositeType;
    const definition = schema.getQueryType()!.getFields()[root]!;
    const declared = definition.args.filter((arg) => arg.name in args).map((arg) => `$${arg.name}: ${String(arg.type)}`);
    const call = `${root}${declared.length > 0 ? `(${definition.args.filter((arg) => arg.name in args).map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : ''}`;
    const query = (leaf: string) => `query${declared.length > 0 ? `(${declared.join(', ')})` : ''} { ${call} { ${along(steps, leaf)} } }`;

    // Whom the answer is about, asked for openly.
    const told = await gw.query(query(subjectField(type)), args);
    expect(told.errors).toBeUndefined();
    const expected = new Set(JSON.stringify(told.data).match(/"personalNumber":"(\d{10})"/g)?.map((match) => match.slice(-11, -1)));
    expect(expected.size).toBeGreaterThan(0);

    // The same objects, the person not asked for: each person is recorded all the same.
    const requestId = `subjects-${randomBytes(4).toString('hex')}`;
    const leaf = plainField(type);
    const read = await gw.query(query(leaf), args, { ...authHeaders(), 'x-request-id': requestId });
    expect(read.errors).toBeUndefined();
    const records = (await allReads(auditDatabaseUrl)).filter((record) => record.requestId === requestId);
    const recorded = new Set(records.map((record) => record.personalNumber));
    expect([...expected].filter((personalNumber) => !recorded.has(personalNumber))).toEqual([]);
    const paths = records.flatMap((record) => record.fieldPaths);
    expect(paths.some((fieldPath) => fieldPath === leaf || fieldPath.endsWith(`.${leaf}`))).toBe(true);

    // Nothing of the same objects asked for but what they are: that they exist is theirs all the same.
    const typeOnly = `subjects-${randomBytes(4).toString('hex')}`;
    const named = await gw.query(query('__typename'), args, { ...authHeaders(), 'x-request-id': typeOnly });
    expect(named.errors).toBeUndefined();
    const namedRecorded = new Set((await allReads(auditDatabaseUrl)).filter((record) => record.requestId === typeOnly).map((record) => record.personalNumber));
    expect([...expected].filter((personalNumber) => !namedRecorded.has(personalNumber))).toEqual([]);
  });

  it.each(PAGES)('listed on a page through %s as %s leave a record under each, when only where the page ends is asked for', async (root, typeName, steps) => {
    const args = samples[root];
    if (!args) throw new Error(`no sample arguments for the root ${root}, which reaches ${typeName}: add them`);
    const definition = schema.getQueryType()!.getFields()[root]!;
    const given = definition.args.filter((arg) => arg.name in args);
    const query = (inner: string) =>
      `query${given.length > 0 ? `(${given.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ')})` : ''} { ${root}${given.length > 0 ? `(${given.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : ''} { ${along(steps, inner)} } }`;
    const items = getNamedType((schema.getType(typeName) as GraphQLCompositeType & { getFields(): Record<string, { type: never }> }).getFields().nodes!.type) as GraphQLCompositeType;

    // Whom the page lists, asked for openly.
    const told = await gw.query(query(`nodes { ${subjectField(items)} } pageInfo { hasNextPage }`), args);
    expect(told.errors).toBeUndefined();
    const listed = new Set(JSON.stringify(told.data).match(/"personalNumber":"(\d{10})"/g)?.map((match) => match.slice(-11, -1)));
    expect(listed.size).toBeGreaterThan(0);

    const requestId = `pages-${randomBytes(4).toString('hex')}`;
    const read = await gw.query(query('pageInfo { endCursor hasNextPage }'), args, { ...authHeaders(), 'x-request-id': requestId });
    expect(read.errors).toBeUndefined();
    const recorded = new Set((await allReads(auditDatabaseUrl)).filter((record) => record.requestId === requestId).map((record) => record.personalNumber));
    expect([...listed].filter((personalNumber) => !recorded.has(personalNumber))).toEqual([]);
  });
});

// The companies whose owners and representatives include people, as the business registry lists them.
async function* companiesWithPeople(gw: TestGateway): AsyncGenerator<string> {
  for (let code = 1; code <= 38; code += 1) {
    for (const citizen of await gw.sources.civil.searchPersons({ birthMunicipalityCode: code }, null, 100)) {
      for (const company of await gw.sources.business.companiesOwnedBy(citizen.personalNumber)) {
        const members = await gw.sources.business.membersOf(company.businessNumber);
        if (members?.owners.some((owner) => owner.personalNumber) && members.representatives.length > 0) yield company.businessNumber;
      }
    }
  }
}

// The first company whose owners and representatives include people.
async function firstCompanyWithPeople(gw: TestGateway): Promise<string> {
  for await (const businessNumber of companiesWithPeople(gw)) return businessNumber;
  throw new Error('no seeded company has people among its owners and representatives');
}

// A vehicle of a company whose owners and representatives include people.
async function companyVehicleWithPeople(gw: TestGateway): Promise<{ plate: string; vin: string }> {
  for await (const businessNumber of companiesWithPeople(gw)) {
    const [vehicle] = await gw.sources.vehicle.vehiclesOfCompanies([businessNumber]);
    if (vehicle) return vehicle;
  }
  throw new Error('no seeded company with people among its owners and representatives owns a vehicle');
}
