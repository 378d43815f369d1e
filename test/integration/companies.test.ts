import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessRegistryDatabase } from '../../src/seed/businessRegistry/rows.js';
import { connect } from '../../src/sources/engine.js';
import type { VehicleRegistryDatabase } from '../../src/sources/vehicle/rows.js';
import { allReads } from '../support/audit.js';
import { authHeaders } from '../support/consumers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { ENGINE_SETUPS, provisionRegistries, type TestRegistries } from '../support/registries.js';

const CITIZENS = 3000;

const COMPANY = /* GraphQL */ `
  businessNumber name legalForm status registeredOn seatAddress { id }
  owners { sharePercent person { personalNumber } company { businessNumber } }
  representatives { role person { personalNumber } }
`;

describe.each(ENGINE_SETUPS)('companies from the business registry\'s web service, over %s registries', (setup) => {
  let registries: TestRegistries;
  let gw: TestGateway;
  let business: Kysely<BusinessRegistryDatabase>;
  let vehicle: Kysely<VehicleRegistryDatabase>;
  const auditDatabaseUrl = `sqlite:${path.join(tmpdir(), `companies-${process.pid}-${randomBytes(4).toString('hex')}-audit.sqlite`)}`;
  // The service's calls, by operation, that `work` cost.
  const callsDuring = async (work: () => Promise<unknown>) => {
    const before = gw.sources.business.statements.byQuery();
    await work();
    const after = gw.sources.business.statements.byQuery();
    return Object.fromEntries(Object.entries(after).flatMap(([name, count]) => (count - (before[name] ?? 0) > 0 ? [[name, count - (before[name] ?? 0)]] : [])));
  };

  beforeAll(async () => {
    registries = await provisionRegistries(setup, CITIZENS);
    gw = await startTestGateway(registries.targets, { config: { auditDatabaseUrl } });
    business = connect<BusinessRegistryDatabase>(registries.targets.business!).db;
    vehicle = connect<VehicleRegistryDatabase>(registries.targets.vehicle).db;
  });

  afterAll(async () => {
    await gw?.stop();
    await Promise.all([business?.destroy(), vehicle?.destroy()]);
    await registries?.drop();
  });

  it('answers companies in the order asked, null where unknown, with a call per 50 numbers, owners and representatives as the registry holds them', async () => {
    const subjects = await business.selectFrom('subjekti').selectAll().orderBy('nr_biznesit').execute();
    expect(subjects.length).toBeGreaterThan(60);
    const numbers = subjects.slice(0, 60).map((subject) => subject.nr_biznesit.trim());
    const asked = [...numbers, '819999999', numbers[0]!];
    let result: Awaited<ReturnType<TestGateway['query']>> | undefined;
    const calls = await callsDuring(async () => (result = await gw.query(`query($n: [String!]!) { companies(businessNumbers: $n) { ${COMPANY} } }`, { n: asked })));
    expect(result!.errors).toBeUndefined();
    const owners = await business.selectFrom('pronari').selectAll().execute();
    // 61 distinct numbers: two calls for the subjects, one for each known company's members, and at
    // the owners' level one for the companies that own shares and were not asked for.
    const owningCompanies = new Set(owners.filter((owner) => owner.lloji === 'J' && numbers.includes(owner.nr_biznesit.trim()) && !numbers.includes(owner.nr_pronarit.trim())).map((owner) => owner.nr_pronarit));
    expect(calls).toEqual({ MerrSubjektet: 2 + Math.ceil(owningCompanies.size / 50), MerrPronaretDhePerfaqesuesit: 60 });

    const representatives = await business.selectFrom('perfaqesuesi').selectAll().execute();
    const companies = result!.data!.companies as Array<Record<string, any> | null>;
    expect(companies.map((company) => company?.businessNumber ?? null)).toEqual([...numbers, null, numbers[0]]);
    for (const [index, subject] of subjects.slice(0, 60).entries()) {
      const number = subject.nr_biznesit.trim();
      const [day, month, year] = subject.data_regj.split('/');
      expect(companies[index]).toMatchObject({ registeredOn: `${year}-${month}-${day}`, seatAddress: subject.adresa_id === null ? null : { id: String(subject.adresa_id) } });
      expect(companies[index]!.owners).toEqual(
        owners
          .filter((owner) => owner.nr_biznesit.trim() === number)
          .map((owner) => ({
            sharePercent: Number(owner.pjesa.replace(',', '.')),
            person: owner.lloji === 'F' ? { personalNumber: owner.nr_pronarit.trim() } : null,
            company: owner.lloji === 'J' ? { businessNumber: owner.nr_pronarit.trim() } : null,
          })),
      );
      expect(companies[index]!.representatives.map((r: any) => r.person.personalNumber)).toEqual(
        representatives.filter((representative) => representative.nr_biznesit.trim() === number).map((representative) => representative.nr_personal.trim()),
      );
    }
  });

  it('leads from a company-owned vehicle to its company and back, and from a person to the companies they own or represent', async () => {
    const fleet = await vehicle.selectFrom('AUTOMJETET').select(['TARGA', 'PRONARI']).where('LLOJI_PRONARIT', '=', 'J').orderBy('ID').executeTakeFirstOrThrow();
    const byPlate = await gw.query('query($p: String!) { vehicle(plate: $p) { ownerBusinessNumber ownerCompany { businessNumber status vehicles { plate } } } }', { p: fleet.TARGA });
    expect(byPlate.errors).toBeUndefined();
    const found = byPlate.data!.vehicle;
    expect(found.ownerCompany.businessNumber).toBe(fleet.PRONARI.trim());
    expect(found.ownerBusinessNumber).toBe(fleet.PRONARI.trim());
    expect(found.ownerCompany.status).toBe('REGISTERED');
    expect(found.ownerCompany.vehicles.map((v: { plate: string }) => v.plate)).toContain(fleet.TARGA.trim());

    // Someone who represents a company they do not own, and may own others: both kinds are theirs.
    const representatives = await business.selectFrom('perfaqesuesi').selectAll().orderBy('nr_personal').execute();
    const owners = await business.selectFrom('pronari').selectAll().where('lloji', '=', 'F').execute();
    const ownedBy = (personalNumber: string) => owners.filter((row) => row.nr_pronarit.trim() === personalNumber).map((row) => row.nr_biznesit.trim());
    const representing = representatives.find((row) => !ownedBy(row.nr_personal.trim()).includes(row.nr_biznesit.trim()))!;
    const personalNumber = representing.nr_personal.trim();
    const theirs = [...new Set([...ownedBy(personalNumber), ...representatives.filter((row) => row.nr_personal.trim() === personalNumber).map((row) => row.nr_biznesit.trim())])].sort();
    let person: Awaited<ReturnType<TestGateway['query']>> | undefined;
    const calls = await callsDuring(async () => (person = await gw.query('query($p: PersonalNumber!) { citizen(personalNumber: $p) { companies { businessNumber } } }', { p: personalNumber })));
    expect(person!.errors).toBeUndefined();
    expect(person!.data!.citizen.companies.map((company: { businessNumber: string }) => company.businessNumber)).toEqual(theirs);
    expect(calls).toEqual({ MerrSubjektetSipasPronarit: 1, MerrSubjektetSipasPerfaqesuesit: 1 });
  });

  it('records each owner and representative who is a person under them, and no one for the company', async () => {
    const owner = await business.selectFrom('pronari').selectAll().where('lloji', '=', 'F').orderBy('nr_biznesit').executeTakeFirstOrThrow();
    const requestId = `companies-${randomBytes(4).toString('hex')}`;
    const read = await gw.query('query($n: String!) { company(businessNumber: $n) { name owners { sharePercent } } }', { n: owner.nr_biznesit.trim() }, { ...authHeaders(), 'x-request-id': requestId });
    expect(read.errors).toBeUndefined();
    const records = (await allReads(auditDatabaseUrl)).filter((record) => record.requestId === requestId);
    expect(records.map((record) => record.personalNumber)).toContain(owner.nr_pronarit.trim());
    expect(records.find((record) => record.personalNumber === owner.nr_pronarit.trim())!.fieldPaths).toEqual(['company.owners.sharePercent']);
  });

  it('refuses a malformed business number before the service is asked', async () => {
    for (const [query, argumentName] of [['{ company(businessNumber: "81181746") { name } }', 'businessNumber'], ['{ companies(businessNumbers: ["811817460", "x"]) { name } }', 'businessNumbers']] as const) {
      let result: Awaited<ReturnType<TestGateway['query']>> | undefined;
      const calls = await callsDuring(async () => (result = await gw.query(query)));
      expect(result!.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
      expect(calls).toEqual({});
    }
  });

  it('answers SOURCE_UNAVAILABLE naming the business registry when its service cannot be reached, and the rest of the answer', async () => {
    // A port nothing listens on: the service is down.
    const down = await startTestGateway(registries.targets, { config: { businessRegistryUrl: 'http://127.0.0.1:9/ws/subjektet?wsdl' } });
    try {
      const fleet = await vehicle.selectFrom('AUTOMJETET').select(['TARGA']).where('LLOJI_PRONARIT', '=', 'J').orderBy('ID').executeTakeFirstOrThrow();
      const result = await down.query('query($p: String!) { vehicle(plate: $p) { plate ownerCompany { name } } }', { p: fleet.TARGA });
      expect(result.data?.vehicle).toEqual({ plate: fleet.TARGA.trim(), ownerCompany: null });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
      expect(JSON.stringify(result.errors)).toContain('business registry');
      expect(JSON.stringify(result.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|wsdl/i);
    } finally {
      await down.stop();
    }
  });
});
