import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/dates.js';
import type { AddressRegisterDatabase } from '../../src/sources/address/rows.js';
import { foldName } from '../../src/sources/fold.js';
import type { CivilRegistryDatabase } from '../../src/sources/civil/rows.js';
import { connect, MAX_PARAMETERS } from '../../src/sources/engine.js';
import type { VehicleRegistryDatabase } from '../../src/sources/vehicle/rows.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { ENGINE_SETUPS, provisionRegistries, type TestRegistries } from '../support/registries.js';

const CITIZENS = 3000;
const TODAY = '2026-01-01';

const FULL_CITIZEN = /* GraphQL */ `
  personalNumber firstName lastName
  address { street settlement { nameSq } municipality { nameSq } }
  documents { number status }
  vehicles { plate }
  drivingLicence { number categories }
`;

function dottedToIso(value: string | null): string | null {
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value?.trim() ?? '');
  return match ? `${match[3]}-${match[2]}-${match[1]}` : null;
}

describe.each(ENGINE_SETUPS)('the gateway over %s registries', (setup) => {
  let registries: TestRegistries;
  let gw: TestGateway;
  let civil: Kysely<CivilRegistryDatabase>;
  let address: Kysely<AddressRegisterDatabase>;
  let vehicle: Kysely<VehicleRegistryDatabase>;
  let withAddress: string[];

  beforeAll(async () => {
    registries = await provisionRegistries(setup, CITIZENS);
    gw = await startTestGateway(registries.targets, { today: TODAY });
    civil = connect<CivilRegistryDatabase>(registries.targets.civil).db;
    address = connect<AddressRegisterDatabase>(registries.targets.address).db;
    vehicle = connect<VehicleRegistryDatabase>(registries.targets.vehicle).db;
    const rows = await civil
      .selectFrom('person')
      .select('personal_no')
      .where('status', '=', 'A')
      .where('address_id', 'is not', null)
      .orderBy('personal_no')
      .limit(200)
      .execute();
    withAddress = rows.map((row) => row.personal_no.trim());
  });

  afterAll(async () => {
    await gw?.stop();
    await Promise.all([civil?.destroy(), address?.destroy(), vehicle?.destroy()]);
    await registries?.drop();
  });

  it('costs the same statements for 1 citizen as for 200: one per table per level', async () => {
    const query = `query($numbers: [PersonalNumber!]!) { citizens(personalNumbers: $numbers) { ${FULL_CITIZEN} } }`;
    let one: unknown;
    let many: unknown;
    const forOne = await gw.statementsDuring(async () => (one = await gw.query(query, { numbers: withAddress.slice(0, 1) })));
    const forMany = await gw.statementsDuring(async () => (many = await gw.query(query, { numbers: withAddress })));
    const expected = {
      civil: { personsByNumbers: 1, documentsOfHolders: 1 },
      address: { addressesByIds: 1, settlementsByIds: 1, municipalitiesByCodes: 1 },
      vehicle: { vehiclesOfOwners: 1, licencesOfHolders: 1 },
    };
    expect(forOne).toEqual(expected);
    expect(forMany).toEqual(expected);
    expect((one as any).data.citizens).toHaveLength(1);
    expect((many as any).data.citizens).toHaveLength(200);
    expect((many as any).data.citizens.every((c: any) => c.address?.municipality?.nameSq)).toBe(true);
  });

  it('answers where citizens lived over time as the civil registry holds it, in one statement a level for 200', async () => {
    // Movers, the deceased and emigrants, as well as people who never moved.
    const pick = (status: string, limit: number) =>
      civil.selectFrom('person').select('personal_no').where('status', '=', status).orderBy('personal_no').limit(limit).execute();
    const movers = await civil.selectFrom('residence_reg').select('personal_no').groupBy('personal_no').having((eb) => eb.fn.countAll(), '>', 1).orderBy('personal_no').limit(100).execute();
    const numbers = [...new Set([...movers, ...(await pick('D', 40)), ...(await pick('E', 40)), ...(await pick('A', 20))].map((row) => row.personal_no.trim()))];
    const rows = await civil.selectFrom('residence_reg').selectAll().where('personal_no', 'in', numbers).orderBy('reg_from').execute();
    const history = (personalNumber: string) =>
      rows
        .filter((row) => row.personal_no.trim() === personalNumber)
        .map((row) => {
          const open = row.reg_to === null || row.reg_to.startsWith('9999');
          const code = row.end_code?.trim() ?? '';
          return {
            from: row.reg_from,
            to: open ? null : row.reg_to,
            endReason: open || code === '' ? null : ({ M: 'MOVED', D: 'DIED', E: 'EMIGRATED' } as Record<string, string>)[code],
            address: { id: String(row.address_id) },
          };
        });
    const days = ['2001-03-15', '2012-07-01', '2020-02-29', TODAY];
    const on = (personalNumber: string, day: string) => history(personalNumber).find((r) => r.from <= day && (r.to === null || day <= r.to))?.address ?? null;

    const query = `query($n: [PersonalNumber!]!) { citizens(personalNumbers: $n) {
      personalNumber residenceHistory { from to endReason address { id } }
      ${days.map((day, index) => `on${index}: addressOn(date: "${day}") { id }`).join(' ')}
    } }`;
    let result: Awaited<ReturnType<TestGateway['query']>> | undefined;
    const statements = await gw.statementsDuring(async () => (result = await gw.query(query, { n: numbers })));
    expect(result!.errors).toBeUndefined();
    expect(result!.data!.citizens).toEqual(
      numbers.map((personalNumber) => ({
        personalNumber,
        residenceHistory: history(personalNumber),
        ...Object.fromEntries(days.map((day, index) => [`on${index}`, on(personalNumber, day)])),
      })),
    );
    expect(statements).toEqual({ civil: { personsByNumbers: 1, residencesOf: 1 }, address: { addressesByIds: 1 }, vehicle: {} });
    // The data holds what the test is about: moves, with and without their code, deaths and emigrations.
    const reasons = new Set(result!.data!.citizens.flatMap((citizen: any) => citizen.residenceHistory.map((r: any) => r.endReason)));
    expect(reasons).toEqual(new Set(['MOVED', 'DIED', 'EMIGRATED', null]));
  });

  it('answers citizens in the order asked, null for an unknown number', async () => {
    const numbers = [withAddress[5]!, '0000000001', withAddress[2]!, withAddress[5]!];
    const result = await gw.query('query($n: [PersonalNumber!]!) { citizens(personalNumbers: $n) { personalNumber } }', { n: numbers });
    expect(result.data?.citizens).toEqual([{ personalNumber: numbers[0] }, null, { personalNumber: numbers[2] }, { personalNumber: numbers[0] }]);
  });

  it('maps a citizen exactly as the civil registry holds them', async () => {
    const row = await civil.selectFrom('person').selectAll().where('personal_no', '=', withAddress[7]!).executeTakeFirstOrThrow();
    const result = await gw.query(
      'query($p: PersonalNumber!) { citizen(personalNumber: $p) { personalNumber firstName lastName sex dateOfBirth status placeOfBirth { code } } }',
      { p: row.personal_no },
    );
    expect(result.data?.citizen).toEqual({
      personalNumber: row.personal_no.trim(),
      firstName: row.first_name.trim(),
      lastName: row.last_name.trim(),
      sex: row.sex === 'M' ? 'MALE' : 'FEMALE',
      dateOfBirth: String(row.birth_date).slice(0, 10),
      status: 'ALIVE',
      placeOfBirth: { code: Number(row.birth_municipality) },
    });
  });

  it('links family both ways: a child names its parents, the parents list the child', async () => {
    const link = await civil.selectFrom('family_link').selectAll().where('relation', '=', 'F').orderBy('personal_no').executeTakeFirstOrThrow();
    const result = await gw.query(
      'query($c: PersonalNumber!) { citizen(personalNumber: $c) { father { personalNumber children { personalNumber } } } }',
      { c: link.personal_no.trim() },
    );
    const father = result.data?.citizen.father;
    expect(father.personalNumber).toBe(link.related_no.trim());
    expect(father.children.map((c: any) => c.personalNumber)).toContain(link.personal_no.trim());
  });

  it('gives a vehicle its owner and the owner\'s address, and no owner for a company', async () => {
    const owned = await vehicle.selectFrom('AUTOMJETET').select(['TARGA', 'PRONARI']).where('LLOJI_PRONARIT', '=', 'F').orderBy('ID').executeTakeFirstOrThrow();
    const company = await vehicle.selectFrom('AUTOMJETET').select(['TARGA', 'PRONARI']).where('LLOJI_PRONARIT', '=', 'J').orderBy('ID').executeTakeFirstOrThrow();
    const query = 'query($p: String!) { vehicle(plate: $p) { plate ownerKind ownerBusinessNumber owner { personalNumber address { id } } } }';
    const person = await gw.query(query, { p: owned.TARGA.toLowerCase().replace(/-/g, ' ') });
    expect(person.data?.vehicle).toMatchObject({ plate: owned.TARGA, ownerKind: 'PERSON', ownerBusinessNumber: null, owner: { personalNumber: owned.PRONARI } });
    const firm = await gw.query(query, { p: company.TARGA });
    expect(firm.data?.vehicle).toMatchObject({ ownerKind: 'COMPANY', owner: null, ownerBusinessNumber: company.PRONARI });
  });

  it('answers null, not an error, for well-formed keys nobody holds', async () => {
    const result = await gw.query(`{
      citizen(personalNumber: "0000000002") { firstName }
      address(id: "999999999") { street }
      municipality(code: 99) { nameSq }
      vehicle(plate: "07-999-ZZ") { make }
      vehicleByVin(vin: "ZZZZZZZZZZZZZZZZZ") { make }
      drivingLicence(number: "DL00000000") { number }
    }`);
    expect(result.errors).toBeUndefined();
    expect(Object.values(result.data!)).toEqual([null, null, null, null, null, null]);
  });

  it('finds the people living in a municipality now, and addresses by street, settlement, municipality and postal code', async () => {
    const addresses = await address
      .selectFrom('adresa')
      .innerJoin('vendbanimi', 'vendbanimi.id', 'adresa.vendbanimi_id')
      .select(['adresa.id', 'adresa.rruga', 'adresa.kodi_postar', 'adresa.vendbanimi_id', 'vendbanimi.komuna_kodi'])
      .execute();
    const people = await civil.selectFrom('person').select(['personal_no', 'status', 'address_id', 'last_name']).execute();
    const municipalityOf = new Map(addresses.map((row) => [String(row.id), row.komuna_kodi]));
    const pageAll = async (root: 'searchCitizens' | 'addresses', filter: Record<string, unknown>, key: string) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 500; page += 1) {
        const result = await gw.query(`query($f: ${root === 'addresses' ? 'AddressFilter' : 'CitizenFilter'}!, $a: String) { ${root}(filter: $f, first: 50, after: $a) { nodes { ${key} } pageInfo { endCursor hasNextPage } } }`, { f: filter, a: after });
        expect(result.errors).toBeUndefined();
        const connection = result.data![root];
        seen.push(...connection.nodes.map((node: Record<string, string>) => node[key]));
        if (!connection.pageInfo.hasNextPage) return seen;
        after = connection.pageInfo.endCursor;
      }
      throw new Error('too many pages');
    };

    // Living here now: alive and registered at one of the municipality's addresses; the birthplace does not matter.
    const code = 1;
    const livingHere = people
      .filter((row) => row.status === 'A' && row.address_id !== null && municipalityOf.get(String(row.address_id)) === code)
      .map((row) => row.personal_no.trim())
      .sort();
    expect(livingHere.length).toBeGreaterThan(20);
    expect(await pageAll('searchCitizens', { residenceMunicipalityCode: code }, 'personalNumber')).toEqual(livingHere);
    const named = people.find((row) => livingHere.includes(row.personal_no.trim()))!.last_name.trim();
    expect(await pageAll('searchCitizens', { residenceMunicipalityCode: code, lastName: named }, 'personalNumber')).toEqual(
      livingHere.filter((personalNumber) => people.find((row) => row.personal_no.trim() === personalNumber)!.last_name.trim() === named),
    );

    // Addresses: a street's start or a word's, accent-insensitive, in either script; settlement, municipality, postal code.
    const byId = (rows: typeof addresses) => rows.map((row) => String(row.id)).sort((a, b) => Number(a) - Number(b));
    const streetMatches = (typed: string) => (row: (typeof addresses)[number]) => {
      const folded = foldName(row.rruga);
      const prefix = foldName(typed);
      return folded.startsWith(prefix) || folded.includes(` ${prefix}`);
    };
    const someone = addresses.find((row) => row.rruga.includes('Dëshmorët')) ?? addresses.find((row) => row.rruga.includes('Karadžića'))!;
    const cases: Array<[Record<string, unknown>, typeof addresses]> = [
      [{ street: 'deshmoret' }, addresses.filter(streetMatches('deshmoret'))],
      [{ street: 'Rruga Dësh' }, addresses.filter(streetMatches('rruga desh'))],
      [{ street: 'вука' }, addresses.filter(streetMatches('vuka'))],
      [{ street: 'rruga', municipalityCode: code }, addresses.filter((row) => streetMatches('rruga')(row) && row.komuna_kodi === code)],
      [{ postalCode: someone.kodi_postar.trim() }, addresses.filter((row) => row.kodi_postar.trim() === someone.kodi_postar.trim())],
      [{ settlementId: someone.vendbanimi_id }, addresses.filter((row) => row.vendbanimi_id === someone.vendbanimi_id)],
    ];
    for (const [filter, expected] of cases) {
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(await pageAll('addresses', filter, 'id'), JSON.stringify(filter)).toEqual(byId(expected));
    }
    for (const [filter, argumentName] of [[{}, 'filter'], [{ street: '%' }, 'filter.street'], [{ postalCode: '1000' }, 'filter.postalCode']] as const) {
      const refused = await gw.query('query($f: AddressFilter!) { addresses(filter: $f) { nodes { id } } }', { f: filter });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
    }
  });

  it('finds names accent-insensitively by prefix, and pages through all of them exactly once', async () => {
    const everyone = await civil.selectFrom('person').select(['personal_no', 'last_name']).execute();
    const expected = everyone
      .filter((row) => foldName(row.last_name).startsWith('ce'))
      .map((row) => row.personal_no.trim())
      .sort();
    expect(expected.length).toBeGreaterThan(3);
    const seen: string[] = [];
    const cursors: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const result = await gw.query(
        'query($a: String) { searchCitizens(filter: { lastName: "ÇE" }, first: 3, after: $a) { nodes { personalNumber } pageInfo { endCursor hasNextPage } } }',
        { a: after },
      );
      const connection = result.data?.searchCitizens;
      seen.push(...connection.nodes.map((n: any) => n.personalNumber));
      cursors.push(connection.pageInfo.endCursor);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    // Sealed: no cursor, nor its decoded bytes, shows the personal number a page ended at.
    const shown = cursors.flatMap((cursor) => [cursor, Buffer.from(cursor, 'base64url').toString('latin1')]).join(' ');
    expect(seen.filter((number) => shown.includes(number))).toEqual([]);
  });

  it.each([
    ['in Serbian Cyrillic', 'Ђо', 'Đo', 'đ'],
    ['with a combining cedilla', 'C\u0327e', 'Çe', 'ç'],
  ])('finds the same people for a name typed %s as in Latin and without diacritics', async (_, typed, latin, letter) => {
    const search = async (lastName: string) => {
      const result = await gw.query('query($n: String!) { searchCitizens(filter: { lastName: $n }, first: 100) { nodes { personalNumber lastName } } }', { n: lastName });
      expect(result.errors).toBeUndefined();
      return result.data!.searchCitizens.nodes as Array<{ personalNumber: string; lastName: string }>;
    };
    const found = await search(typed);
    expect(found.some((citizen) => citizen.lastName.toLowerCase().startsWith(letter))).toBe(true);
    expect(await search(latin)).toEqual(found);
    expect(await search(foldName(latin))).toEqual(found);
  });

  it('checks an identity document against a person, telling nothing of another\'s, in one statement for every check', async () => {
    const documents = await civil.selectFrom('id_document').select(['doc_no', 'personal_no', 'status', 'issued_on', 'expires_on']).orderBy('doc_no').execute();
    const row = (test: (d: (typeof documents)[number]) => boolean) => {
      const found = documents.find(test);
      if (!found) throw new Error('the seeded registry holds no such document');
      return { number: found.doc_no.trim(), holder: found.personal_no.trim(), issuedOn: String(found.issued_on).slice(0, 10), expiresOn: String(found.expires_on).slice(0, 10) };
    };
    const inForce = row((d) => d.status === 'V' && String(d.expires_on).slice(0, 10) >= TODAY && String(d.issued_on).slice(0, 10) <= TODAY);
    const expired = row((d) => d.status === 'V' && String(d.expires_on).slice(0, 10) < TODAY);
    const lost = row((d) => d.status === 'L');
    const other = row((d) => d.personal_no.trim() !== inForce.holder).holder;
    const fields = 'personalNumber number checkedOn belongsToPerson validOn status';
    const query = `query($inForce: String!, $inForceLower: String!, $expired: String!, $lost: String!, $holder: PersonalNumber!, $expiredHolder: PersonalNumber!, $lostHolder: PersonalNumber!, $other: PersonalNumber!, $lastDay: Date!, $dayAfter: Date!, $beforeIssue: Date!) {
      own: verifyIdentityDocument(number: $inForceLower, personalNumber: $holder) { ${fields} }
      beforeIssue: verifyIdentityDocument(number: $inForce, personalNumber: $holder, on: $beforeIssue) { ${fields} }
      notTheirs: verifyIdentityDocument(number: $inForce, personalNumber: $other) { ${fields} }
      expired: verifyIdentityDocument(number: $expired, personalNumber: $expiredHolder) { ${fields} }
      expiredLastDay: verifyIdentityDocument(number: $expired, personalNumber: $expiredHolder, on: $lastDay) { ${fields} }
      expiredDayAfter: verifyIdentityDocument(number: $expired, personalNumber: $expiredHolder, on: $dayAfter) { ${fields} }
      lost: verifyIdentityDocument(number: $lost, personalNumber: $lostHolder) { ${fields} }
      unknown: verifyIdentityDocument(number: "ZZ000000000", personalNumber: $holder) { ${fields} }
    }`;
    const variables = {
      inForce: inForce.number, inForceLower: inForce.number.toLowerCase(), expired: expired.number, lost: lost.number, holder: inForce.holder,
      expiredHolder: expired.holder, lostHolder: lost.holder, other, lastDay: expired.expiresOn, dayAfter: addDays(expired.expiresOn, 1), beforeIssue: addDays(inForce.issuedOn, -1),
    };
    let result: Awaited<ReturnType<TestGateway['query']>> | undefined;
    const statements = await gw.statementsDuring(async () => (result = await gw.query(query, variables)));
    expect(result!.errors).toBeUndefined();
    const check = (number: string, personalNumber: string, checkedOn: string, belongsToPerson: boolean, validOn: boolean, status: string | null) =>
      ({ personalNumber, number, checkedOn, belongsToPerson, validOn, status });
    expect(result!.data).toEqual({
      own: check(inForce.number, inForce.holder, TODAY, true, true, 'VALID'),
      beforeIssue: check(inForce.number, inForce.holder, variables.beforeIssue, true, false, 'VALID'),
      notTheirs: check(inForce.number, other, TODAY, false, false, null),
      expired: check(expired.number, expired.holder, TODAY, true, false, 'EXPIRED'),
      expiredLastDay: check(expired.number, expired.holder, expired.expiresOn, true, true, 'EXPIRED'),
      expiredDayAfter: check(expired.number, expired.holder, variables.dayAfter, true, false, 'EXPIRED'),
      lost: check(lost.number, lost.holder, TODAY, true, false, 'LOST_OR_STOLEN'),
      unknown: check('ZZ000000000', inForce.holder, TODAY, false, false, null),
    });
    // Every number checked, in one statement; no person read.
    expect(statements).toEqual({ civil: { documentsByNumbers: 1 }, address: {}, vehicle: {} });

    const byNumber = await gw.query('query($n: String!) { identityDocument(number: $n) { number kind status expiresOn holder { personalNumber } } }', { n: inForce.number });
    expect(byNumber.data?.identityDocument).toMatchObject({ number: inForce.number, status: 'VALID', expiresOn: inForce.expiresOn, holder: { personalNumber: inForce.holder } });
    const refused = await gw.query('{ identityDocument(number: "ID-1") { number } }');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'number' });
  });

  it('lists every expiring document of living holders once, in expiry order, and filters by municipality', async () => {
    const to = addDays(TODAY, 45);
    const people = new Map(
      (await civil.selectFrom('person').select(['personal_no', 'status', 'address_id']).execute()).map((p) => [p.personal_no.trim(), p]),
    );
    const documents = await civil.selectFrom('id_document').select(['doc_no', 'personal_no', 'expires_on', 'status']).execute();
    const licences = await vehicle.selectFrom('PATENTAT').select(['NR_PATENTES', 'NR_PERSONAL', 'SKADON', 'STATUSI']).execute();
    const candidates = [
      ...documents
        .filter((d) => d.status === 'V')
        .map((d) => ({ number: d.doc_no.trim(), expiresOn: String(d.expires_on).slice(0, 10), holder: d.personal_no.trim() })),
      ...licences
        .filter((l) => l.STATUSI.trim() === 'AKTIVE')
        .map((l) => ({ number: l.NR_PATENTES.trim(), expiresOn: dottedToIso(l.SKADON) ?? '', holder: l.NR_PERSONAL.trim() })),
    ]
      .filter((d) => d.expiresOn >= TODAY && d.expiresOn <= to && people.get(d.holder)?.status === 'A')
      .sort((a, b) => (a.expiresOn === b.expiresOn ? (a.number < b.number ? -1 : 1) : a.expiresOn < b.expiresOn ? -1 : 1));
    expect(candidates.some((d) => d.number.startsWith('DL'))).toBe(true);

    const walk = async (municipalityCode: number | null) => {
      const numbers: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 200; page += 1) {
        const result = await gw.query(
          'query($a: String, $m: Int) { expiringDocuments(withinDays: 45, municipalityCode: $m, first: 7, after: $a) { nodes { number expiresOn holder { status } } pageInfo { endCursor hasNextPage } } }',
          { a: after, m: municipalityCode },
        );
        expect(result.errors).toBeUndefined();
        const connection = result.data?.expiringDocuments;
        numbers.push(...connection.nodes.map((n: any) => n.number));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      return numbers;
    };
    expect(await walk(null)).toEqual(candidates.map((d) => d.number));

    const inMunicipality = new Set(
      (await address.selectFrom('adresa').innerJoin('vendbanimi', 'vendbanimi.id', 'adresa.vendbanimi_id').select('adresa.id').where('vendbanimi.komuna_kodi', '=', 1).execute()).map((a) => String(a.id)),
    );
    const expectedThere = candidates.filter((d) => inMunicipality.has(String(people.get(d.holder)?.address_id))).map((d) => d.number);
    expect(expectedThere.length).toBeGreaterThan(0);
    expect(await walk(1)).toEqual(expectedThere);
  });

  it('pages an address\'s residents and lists the same people as each resident\'s household', async () => {
    const busiest = await civil
      .selectFrom('person')
      .select(['address_id'])
      .select((eb) => eb.fn.countAll<number>().as('residents'))
      .where('status', '=', 'A')
      .where('address_id', 'is not', null)
      .groupBy('address_id')
      .orderBy('residents', 'desc')
      .orderBy('address_id')
      .executeTakeFirstOrThrow();
    const id = String(busiest.address_id);
    const first = await gw.query('query($id: ID!) { address(id: $id) { residents(first: 2) { nodes { personalNumber household { personalNumber } } pageInfo { endCursor hasNextPage } } } }', { id });
    const page = first.data?.address.residents;
    const rest = await gw.query('query($id: ID!, $a: String) { address(id: $id) { residents(first: 100, after: $a) { nodes { personalNumber } } } }', { id, a: page.pageInfo.endCursor });
    const all = [...page.nodes.map((n: any) => n.personalNumber), ...rest.data?.address.residents.nodes.map((n: any) => n.personalNumber)];
    expect(all).toHaveLength(Number(busiest.residents));
    expect(page.nodes[0].household.map((n: any) => n.personalNumber)).toEqual(all);
  });

  it('chunks a batch larger than the engine allows in one statement, and still answers every key', async () => {
    const limit = MAX_PARAMETERS[gw.sources.civil.engine];
    const keys = Array.from({ length: limit + 5 }, (_, i) => String(i).padStart(10, '0'));
    keys.push(withAddress[0]!);
    const statements = await gw.statementsDuring(async () => {
      const found = await gw.sources.civil.personsByNumbers(keys);
      expect(found.map((c) => c.personalNumber)).toEqual([withAddress[0]]);
    });
    expect(statements.civil).toEqual({ personsByNumbers: 2 });
  });

  it.runIf(setup === 'postgres+mariadb')('survives a registry that terminates its connections, and answers the next request', async () => {
    const query = 'query($p: PersonalNumber!) { citizen(personalNumber: $p) { personalNumber } }';
    expect((await gw.query(query, { p: withAddress[0] })).data?.citizen).not.toBeNull();
    const database = new URL(registries.targets.civil).pathname.slice(1);
    // Each termination waits until its backend has exited, which is after it told its client.
    const terminated = await sql<{ exited: boolean }>`select pg_terminate_backend(pid, 30000) as exited from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`.execute(civil);
    expect(terminated.rows.length).toBeGreaterThan(0);
    expect(terminated.rows.every((row) => row.exited)).toBe(true);
    expect((await gw.query(query, { p: withAddress[1] })).data?.citizen).toEqual({ personalNumber: withAddress[1] });
  });

  it.each([
    ['citizen(personalNumber: "123")', 'personalNumber'],
    ['citizen(personalNumber: "12345678901")', 'personalNumber'],
    ['searchCitizens(filter: { dateOfBirth: "1990-02-30" }) { nodes { firstName } }', 'filter'],
    ['vehicle(plate: "AB-123-01")', 'plate'],
    ['vehicleByVin(vin: "WVWZZZ1KZAW00000I")', 'vin'],
    ['searchCitizens(filter: { lastName: "Gashi" }, after: "bm90LWEtY3Vyc29y") { nodes { firstName } }', 'after'],
    ['searchCitizens(filter: { lastName: "Gashi" }, first: 101) { nodes { firstName } }', 'first'],
    ['expiringDocuments(withinDays: 400) { nodes { number } }', 'withinDays'],
  ])('refuses %s as BAD_USER_INPUT naming the argument, before any registry is asked', async (field, argumentName) => {
    const selection = field.includes('{') ? field : `${field} { __typename }`;
    let result: Awaited<ReturnType<TestGateway['query']>> | undefined;
    const statements = await gw.statementsDuring(async () => (result = await gw.query(`{ ${selection} }`)));
    expect(result!.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: argumentName === 'filter' ? 'filter' : argumentName });
    expect(statements).toEqual({ civil: {}, address: {}, vehicle: {} });
  });

  it('refuses more than 1000 personal numbers without asking the registry', async () => {
    const numbers = Array.from({ length: 1001 }, (_, i) => String(1_000_000_000 + i));
    let result: Awaited<ReturnType<TestGateway['query']>> | undefined;
    const statements = await gw.statementsDuring(async () => (result = await gw.query('query($n: [PersonalNumber!]!) { citizens(personalNumbers: $n) { firstName } }', { n: numbers })));
    expect(result!.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'personalNumbers' });
    expect(statements).toEqual({ civil: {}, address: {}, vehicle: {} });
  });
});
