import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessEvent } from '../../src/audit/records.js';
import { loadConsumers } from '../../src/auth/consumers.js';
import { addDays } from '../../src/dates.js';
import { exportedRoll } from '../../src/exports/electoralRoll.js';
import { createFetchers } from '../../src/loaders/index.js';
import type { AddressRegisterDatabase } from '../../src/sources/address/rows.js';
import type { CivilRegistryDatabase } from '../../src/sources/civil/rows.js';
import { connect } from '../../src/sources/engine.js';
import { dropDatabase } from '../../src/seed/index.js';
import { allReads, postgresTrail } from '../support/audit.js';
import { authHeaders, DEVELOPMENT_KEYS, SHIPPED_CONSUMERS_FILE } from '../support/consumers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { ENGINE_SETUPS, provisionRegistries, type TestRegistries } from '../support/registries.js';

const CITIZENS = 3000;
const TODAY = '2026-01-01';

interface Roll {
  municipalityCode: number;
  cutOffDate: string;
  electionDay: string;
}

const ROLL_PAGE = /* GraphQL */ `
  query Roll($m: Int!, $cut: Date!, $day: Date!, $first: Int, $after: String) {
    electoralRoll(municipalityCode: $m, cutOffDate: $cut, electionDay: $day, first: $first, after: $after) {
      totalCount
      nodes { personalNumber lastName firstName dateOfBirth address { id municipality { code } } }
      pageInfo { endCursor hasNextPage }
    }
  }
`;

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe.each(ENGINE_SETUPS)('the electoral roll over %s registries', (setup) => {
  let registries: TestRegistries;
  let gw: TestGateway;
  let civil: Kysely<CivilRegistryDatabase>;
  let address: Kysely<AddressRegisterDatabase>;
  // The election commission's system, as the shipped consumers file registers it.
  const cec = authHeaders(DEVELOPMENT_KEYS.cec, 'voter-registration');
  const auditDatabaseUrl = `sqlite:${path.join(tmpdir(), `roll-${process.pid}-${randomBytes(4).toString('hex')}-audit.sqlite`)}`;

  beforeAll(async () => {
    registries = await provisionRegistries(setup, CITIZENS);
    gw = await startTestGateway(registries.targets, { today: TODAY, config: { consumersFile: SHIPPED_CONSUMERS_FILE, auditDatabaseUrl } });
    civil = connect<CivilRegistryDatabase>(registries.targets.civil).db;
    address = connect<AddressRegisterDatabase>(registries.targets.address).db;
  });

  afterAll(async () => {
    await gw?.stop();
    await Promise.all([civil?.destroy(), address?.destroy()]);
    await registries?.drop();
  });

  // The roll as the registries' rows define it, computed apart from the gateway: the people alive
  // today, registered at one of the municipality's addresses on the cut-off date, 18 or older on
  // election day, by last name, first name and personal number.
  async function expectedRoll({ municipalityCode, cutOffDate, electionDay }: Roll): Promise<Array<{ personalNumber: string; addressId: string }>> {
    const addresses = await address
      .selectFrom('adresa')
      .innerJoin('vendbanimi', 'vendbanimi.id', 'adresa.vendbanimi_id')
      .select('adresa.id')
      .where('vendbanimi.komuna_kodi', '=', municipalityCode)
      .execute();
    const inMunicipality = new Set(addresses.map((row) => String(row.id)));
    const [year, month, day] = electionDay.split('-').map(Number) as [number, number, number];
    const rows = await civil
      .selectFrom('residence_reg as r')
      .innerJoin('person as p', 'p.personal_no', 'r.personal_no')
      .select(['p.personal_no', 'p.last_name', 'p.first_name', 'p.birth_date', 'r.address_id'])
      .where('p.status', '=', 'A')
      .where('r.reg_from', '<=', cutOffDate)
      .where(sql<boolean>`coalesce(r.reg_to, '9999-12-31') >= ${cutOffDate}`)
      .execute();
    return rows
      .filter((row) => inMunicipality.has(String(row.address_id)))
      .filter((row) => {
        // 18 on the day: the 18th birthday is on or before it (29 February's on 1 March in common years).
        const [by, bm, bd] = String(row.birth_date).split('-').map(Number) as [number, number, number];
        return year - by > 18 || (year - by === 18 && (month > bm || (month === bm && day >= bd)));
      })
      .sort((a, b) => byCodePoint(a.last_name.trim(), b.last_name.trim()) || byCodePoint(a.first_name.trim(), b.first_name.trim()) || byCodePoint(a.personal_no, b.personal_no))
      .map((row) => ({ personalNumber: row.personal_no.trim(), addressId: String(row.address_id) }));
  }

  async function pagedRoll(roll: Roll, first: number): Promise<{ voters: Array<{ personalNumber: string; addressId: string }>; totalCounts: number[] }> {
    const voters: Array<{ personalNumber: string; addressId: string }> = [];
    const totalCounts: number[] = [];
    let after: string | null = null;
    for (;;) {
      const result = await gw.query(ROLL_PAGE, { m: roll.municipalityCode, cut: roll.cutOffDate, day: roll.electionDay, first, after }, cec);
      expect(result.errors).toBeUndefined();
      const page = result.data!.electoralRoll;
      totalCounts.push(page.totalCount);
      for (const node of page.nodes) {
        expect(node.address.municipality.code).toBe(roll.municipalityCode);
        voters.push({ personalNumber: node.personalNumber, addressId: node.address.id });
      }
      if (!page.pageInfo.hasNextPage) return { voters, totalCounts };
      after = page.pageInfo.endCursor;
    }
  }

  // Rolls whose cut-off or election day falls where someone's life changes: a move across
  // municipalities, an 18th birthday, a death, an emigration. Each is measured on the day and the day
  // before or after, so that both sides of the change are checked.
  async function rollsAtChanges(): Promise<Array<{ why: string; roll: Roll }>> {
    const municipalityOf = new Map(
      (await address.selectFrom('adresa').innerJoin('vendbanimi', 'vendbanimi.id', 'adresa.vendbanimi_id').select(['adresa.id', 'vendbanimi.komuna_kodi']).execute()).map(
        (row) => [String(row.id), row.komuna_kodi],
      ),
    );
    const registrations = await civil.selectFrom('residence_reg').selectAll().orderBy('personal_no').orderBy('reg_from').execute();
    const rolls: Array<{ why: string; roll: Roll }> = [];
    // Moved to another municipality: on the roll of the old one on the last day there, the new one the day after.
    const move = registrations.find((row, index) => {
      const next = registrations[index + 1];
      return row.end_code === 'M' && next?.personal_no === row.personal_no && municipalityOf.get(String(row.address_id)) !== municipalityOf.get(String(next.address_id));
    })!;
    const moved = registrations[registrations.indexOf(move) + 1]!;
    for (const cutOffDate of [move.reg_to!, moved.reg_from]) {
      for (const registration of [move, moved]) {
        rolls.push({ why: 'a move across municipalities', roll: { municipalityCode: municipalityOf.get(String(registration.address_id))!, cutOffDate, electionDay: addDays(cutOffDate, 30) } });
      }
    }
    // Turns 18 on election day, or the day after.
    const young = await civil.selectFrom('person').select(['birth_date', 'address_id']).where('status', '=', 'A').where('address_id', 'is not', null).where('birth_date', '>=', '2004-01-01').where('birth_date', '<=', '2007-06-30').orderBy('personal_no').executeTakeFirstOrThrow();
    const eighteenth = `${Number(young.birth_date!.slice(0, 4)) + 18}${young.birth_date!.slice(4)}`;
    for (const electionDay of [eighteenth, addDays(eighteenth, -1)]) {
      rolls.push({ why: 'an 18th birthday', roll: { municipalityCode: municipalityOf.get(String(young.address_id))!, cutOffDate: addDays(electionDay, -45), electionDay } });
    }
    // Died or emigrated the day after the cut-off: registered then, but no voter today.
    for (const endCode of ['D', 'E']) {
      const ended = registrations.find((row) => row.end_code === endCode && row.reg_to! > '2015-01-01')!;
      rolls.push({ why: endCode === 'D' ? 'a death' : 'an emigration', roll: { municipalityCode: municipalityOf.get(String(ended.address_id))!, cutOffDate: addDays(ended.reg_to!, -1), electionDay: addDays(ended.reg_to!, 20) } });
    }
    return rolls;
  }

  it('lists exactly the voters the registries define, in order and paged, at changes of residence, age and life', async () => {
    const rolls = await rollsAtChanges();
    expect(new Set(rolls.map(({ why }) => why))).toEqual(new Set(['a move across municipalities', 'an 18th birthday', 'a death', 'an emigration']));
    for (const { why, roll } of rolls) {
      const expected = await expectedRoll(roll);
      const { voters, totalCounts } = await pagedRoll(roll, 100);
      expect({ why, roll, voters }).toEqual({ why, roll, voters: expected });
      expect(new Set(totalCounts)).toEqual(new Set([expected.length]));
    }
  });

  it('holds the same roll in pages of any size, and the mover on the right side of the cut-off', async () => {
    const rolls = await rollsAtChanges();
    const [beforeOld, beforeNew, afterOld, afterNew] = rolls.slice(0, 4).map(({ roll }) => roll) as [Roll, Roll, Roll, Roll];
    for (const first of [1, 7]) {
      const { voters } = await pagedRoll(beforeOld, first);
      expect(voters).toEqual(await expectedRoll(beforeOld));
    }
    // Whoever is on the old municipality's roll on the last day there is on the new one's the day after.
    const onOld = new Set((await pagedRoll(beforeOld, 100)).voters.map((voter) => voter.personalNumber));
    const onNewAfter = new Set((await pagedRoll(afterNew, 100)).voters.map((voter) => voter.personalNumber));
    const movers = [...onOld].filter((personalNumber) => onNewAfter.has(personalNumber));
    expect(movers.length).toBeGreaterThan(0);
    const onNewBefore = new Set((await pagedRoll(beforeNew, 100)).voters.map((voter) => voter.personalNumber));
    const onOldAfter = new Set((await pagedRoll(afterOld, 100)).voters.map((voter) => voter.personalNumber));
    for (const personalNumber of movers) {
      expect(onNewBefore.has(personalNumber)).toBe(false);
      expect(onOldAfter.has(personalNumber)).toBe(false);
    }
  });

  it('costs the same statements for a page of 1 as of 100', async () => {
    const roll = (await rollsAtChanges())[0]!.roll;
    const variables = { m: roll.municipalityCode, cut: roll.cutOffDate, day: roll.electionDay };
    const one = await gw.statementsDuring(() => gw.query(ROLL_PAGE, { ...variables, first: 1 }, cec));
    let page: Awaited<ReturnType<TestGateway['query']>> | undefined;
    const hundred = await gw.statementsDuring(async () => (page = await gw.query(ROLL_PAGE, { ...variables, first: 100 }, cec)));
    const expected = {
      civil: { electoralRoll: 1, electoralRollSize: 1 },
      address: { addressIdsInMunicipality: 1, municipalitiesByCodes: 1, addressesByIds: 1 },
      vehicle: {},
    };
    expect(one).toEqual(expected);
    expect(hundred).toEqual(expected);
    expect(page!.data!.electoralRoll.nodes.length).toBeGreaterThan(1);
  });

  it.each([
    ['an election day before the cut-off', { m: 1, cut: '2025-06-01', day: '2025-05-31' }, 'electionDay'],
    ['an unknown municipality', { m: 99, cut: '2025-06-01', day: '2025-06-30' }, 'municipalityCode'],
    ['an impossible date', { m: 1, cut: '2025-02-30', day: '2025-06-30' }, 'cut'],
    ['a cursor of another list', { m: 1, cut: '2025-06-01', day: '2025-06-30', after: 'bm90LWEtY3Vyc29y' }, 'after'],
  ])('refuses %s as BAD_USER_INPUT, reading no person', async (_, variables, argumentName) => {
    let result: Awaited<ReturnType<TestGateway['query']>> | undefined;
    const statements = await gw.statementsDuring(async () => (result = await gw.query(ROLL_PAGE, variables, cec)));
    expect(result!.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result!.errors)).toContain(argumentName);
    expect(statements.civil).toEqual({});
  });

  it('is the election commission\'s: a consumer without the electoral-roll scope is refused', async () => {
    const result = await gw.query(ROLL_PAGE, { m: 1, cut: '2025-06-01', day: '2025-06-30' }, authHeaders(DEVELOPMENT_KEYS.police, 'public-order'));
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  describe('exported whole', () => {
    const exportUrl = (parameters: Record<string, string | number>) =>
      `${gw.gateway.url().replace(/\/graphql$/, '/exports/electoral-roll')}?${new URLSearchParams(Object.entries(parameters).map(([name, value]) => [name, String(value)]))}`;
    const asParameters = (roll: Roll) => ({ municipalityCode: roll.municipalityCode, cutOffDate: roll.cutOffDate, electionDay: roll.electionDay });

    it('streams the roll as CSV and NDJSON, each voter recorded as a bulk read before leaving', async () => {
      const roll = (await rollsAtChanges())[0]!.roll;
      const expected = await expectedRoll(roll);
      expect(expected.length).toBeGreaterThan(10);

      const requestId = `roll-export-${randomBytes(4).toString('hex')}`;
      const csv = await fetch(exportUrl(asParameters(roll)), { headers: { ...cec, 'x-request-id': requestId } });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toContain(`electoral-roll-${roll.municipalityCode}-${roll.cutOffDate}.csv`);
      const rows = parse(await csv.text(), { columns: true }) as Array<Record<string, string>>;
      expect(rows.map((row) => ({ personalNumber: row.personalNumber, addressId: row.addressId }))).toEqual(expected);
      expect(Object.keys(rows[0]!)).toEqual(['personalNumber', 'lastName', 'firstName', 'fatherName', 'sex', 'dateOfBirth', 'addressId', 'street', 'houseNumber', 'apartment', 'postalCode', 'settlement']);
      expect(rows.every((row) => row.street !== '' && row.settlement !== '' && /^\d{4}-\d{2}-\d{2}$/.test(row.dateOfBirth!))).toBe(true);

      const records = (await allReads(auditDatabaseUrl)).filter((record) => record.requestId === requestId);
      expect(records.map((record) => record.personalNumber).sort()).toEqual(expected.map((voter) => voter.personalNumber).sort());
      expect(records.every((record) => record.bulk && record.consumer === 'cec' && record.purpose === 'voter-registration' && record.operationName === 'ElectoralRollExport')).toBe(true);
      expect(records[0]!.fieldPaths).toEqual(expect.arrayContaining(['personalNumber', 'lastName', 'address.street']));

      const ndjson = await fetch(exportUrl({ ...asParameters(roll), format: 'ndjson' }), { headers: cec });
      expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      const lines = (await ndjson.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, string | null>);
      expect(lines.map((line) => ({ personalNumber: line.personalNumber, addressId: line.addressId }))).toEqual(expected);
      expect(lines.map((line) => line.lastName)).toEqual(rows.map((row) => row.lastName));
    });

    it('reads, records and writes a page at a time, each page recorded before it is given out', async () => {
      const roll = (await rollsAtChanges())[0]!.roll;
      const expected = await expectedRoll(roll);
      const cecConsumer = (await loadConsumers(SHIPPED_CONSUMERS_FILE)).consumers.find((consumer) => consumer.id === 'cec')!;
      const caller = { consumer: cecConsumer, subject: null, purpose: 'voter-registration', legalBasis: null, caseReference: null, hiddenUntil: null };
      const recorded: AccessEvent[] = [];
      const trail = { record: async (event: AccessEvent) => void recorded.push(event) };
      const pageSize = 7;
      const given: string[] = [];
      for await (const part of exportedRoll({ sources: gw.sources, fetchers: createFetchers(gw.sources), trail }, roll, 'ndjson', caller, { id: 'r', operationName: 'ElectoralRollExport' }, pageSize)) {
        // Every voter given out so far was recorded before.
        given.push(...part.trimEnd().split('\n').map((line) => (JSON.parse(line) as { personalNumber: string }).personalNumber));
        expect(recorded.flatMap((event) => event.subjects.map((subject) => subject.personalNumber)).sort()).toEqual([...given].sort());
      }
      expect(given).toEqual(expected.map((voter) => voter.personalNumber));
      expect(recorded.length).toBe(Math.floor(expected.length / pageSize) + 1);
      expect(recorded.slice(0, -1).every((page) => page.subjects.length === pageSize)).toBe(true);
    });

    it('sends no voter when the trail cannot record them: AUDIT_UNAVAILABLE before the answer starts', async () => {
      const doomedTrail = await postgresTrail();
      const doomed = await startTestGateway(registries.targets, { today: TODAY, config: { consumersFile: SHIPPED_CONSUMERS_FILE, auditDatabaseUrl: doomedTrail.writerUrl } });
      try {
        await dropDatabase(doomedTrail.ownerUrl);
        const roll = (await rollsAtChanges())[0]!.roll;
        const response = await fetch(`${doomed.gateway.url().replace(/\/graphql$/, '/exports/electoral-roll')}?${new URLSearchParams(Object.entries(asParameters(roll)).map(([name, value]) => [name, String(value)]))}`, { headers: cec });
        expect(response.status).toBe(503);
        const body = await response.text();
        expect((JSON.parse(body) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('AUDIT_UNAVAILABLE');
        const [voter] = await expectedRoll(roll);
        expect(body).not.toContain(voter!.personalNumber);
      } finally {
        await doomed.stop();
        await doomedTrail.drop();
      }
    });

    it.each([
      ['no credential', {}, { municipalityCode: 1, cutOffDate: '2025-06-01', electionDay: '2025-06-30' }, 401, 'UNAUTHENTICATED'],
      ['a consumer without the electoral-roll scope', 'police', { municipalityCode: 1, cutOffDate: '2025-06-01', electionDay: '2025-06-30' }, 403, 'FORBIDDEN'],
      ['no purpose', 'cec-without-purpose', { municipalityCode: 1, cutOffDate: '2025-06-01', electionDay: '2025-06-30' }, 403, 'FORBIDDEN'],
      ['an impossible date', 'cec', { municipalityCode: 1, cutOffDate: '2025-02-30', electionDay: '2025-06-30' }, 400, 'BAD_USER_INPUT'],
      ['an election day before the cut-off', 'cec', { municipalityCode: 1, cutOffDate: '2025-06-01', electionDay: '2025-05-31' }, 400, 'BAD_USER_INPUT'],
      ['an unknown municipality', 'cec', { municipalityCode: 99, cutOffDate: '2025-06-01', electionDay: '2025-06-30' }, 400, 'BAD_USER_INPUT'],
      ['an unknown format', 'cec', { municipalityCode: 1, cutOffDate: '2025-06-01', electionDay: '2025-06-30', format: 'xlsx' }, 400, 'BAD_USER_INPUT'],
      ['a parameter it does not take', 'cec', { municipalityCode: 1, cutOffDate: '2025-06-01', electionDay: '2025-06-30', first: 10 }, 400, 'BAD_USER_INPUT'],
    ])('refuses %s with a coded error, reading no person', async (_, who, parameters, status, code) => {
      const headers =
        who === 'cec' ? cec : who === 'police' ? authHeaders(DEVELOPMENT_KEYS.police, 'public-order') : who === 'cec-without-purpose' ? authHeaders(DEVELOPMENT_KEYS.cec, null) : {};
      let response: Response | undefined;
      const statements = await gw.statementsDuring(async () => (response = await fetch(exportUrl(parameters), { headers: headers as Record<string, string> })));
      expect(response!.status).toBe(status);
      const body = (await response!.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(body.errors[0]!.extensions.code).toBe(code);
      expect(statements.civil).toEqual({});
    });
  });
});
