import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dayOf } from '../../src/dates.js';
import { foldedSql } from '../../src/sources/fold.js';
import { generateBatches, type RegistryBatch } from '../../src/seed/generator.js';
import { markSeeded, SEED_LAYOUT, SEED_MARKER, seededByGateway, seededInOlderLayout } from '../../src/seed/marker.js';
import { MUNICIPALITIES, municipalityRows, settlementRows } from '../../src/seed/municipalities.js';
import { Permutation } from '../../src/seed/random.js';
import { createTableStatements, indexStatements } from '../../src/seed/schema.js';
import { VIN_ALPHABET, vinCheckDigit } from '../../src/seed/vehicleCatalogue.js';

const REFERENCE_DATE = '2026-01-01';
const CITIZENS = 3000;

function generate(citizens = CITIZENS, seed = 1, batchPersons?: number): RegistryBatch & { batches: number } {
  const all: RegistryBatch & { batches: number } = {
    persons: [], familyLinks: [], idDocuments: [], residences: [], addresses: [], vehicles: [], drivingLicences: [],
    businessSubjects: [], businessOwners: [], businessRepresentatives: [], batches: 0,
  };
  for (const batch of generateBatches({ citizens, seed, referenceDate: REFERENCE_DATE, batchPersons })) {
    all.batches++;
    all.persons.push(...batch.persons);
    all.familyLinks.push(...batch.familyLinks);
    all.idDocuments.push(...batch.idDocuments);
    all.residences.push(...batch.residences);
    all.addresses.push(...batch.addresses);
    all.vehicles.push(...batch.vehicles);
    all.drivingLicences.push(...batch.drivingLicences);
    all.businessSubjects.push(...batch.businessSubjects);
    all.businessOwners.push(...batch.businessOwners);
    all.businessRepresentatives.push(...batch.businessRepresentatives);
  }
  return all;
}

const data = generate();
const personByNo = new Map(data.persons.map((p) => [p.personal_no, p]));
const addressById = new Map(data.addresses.map((a) => [Number(a.id), a]));
const regionBySettlement = new Map(
  settlementRows().map((s) => [s.id, MUNICIPALITIES.find((m) => m.code === s.komuna_kodi)!.region]),
);
const reference = dayOf(REFERENCE_DATE);

function isIsoDate(text: string | null): boolean {
  if (text === null) return false;
  try {
    dayOf(text);
    return true;
  } catch {
    return false;
  }
}

// 'DD.MM.YYYY' that names a real calendar day.
function isLegacyDate(text: string | null): boolean {
  const match = text === null ? null : /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  return match !== null && isIsoDate(`${match[3]}-${match[2]}-${match[1]}`);
}

function legacyDay(text: string): number {
  return dayOf(`${text.slice(6, 10)}-${text.slice(3, 5)}-${text.slice(0, 2)}`);
}

describe('seed generator', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives byte-identical rows for the same seed and size, and other rows for another seed', () => {
    expect(JSON.stringify(generate())).toBe(JSON.stringify(data));
    const other = generate(CITIZENS, 2);
    expect(other.persons).toHaveLength(CITIZENS);
    expect(other.persons.map((p) => p.personal_no)).not.toEqual(data.persons.map((p) => p.personal_no));
    expect(JSON.stringify(other.vehicles)).not.toBe(JSON.stringify(data.vehicles));
  });

  it('does not depend on the wall clock', () => {
    const now = JSON.stringify(generate(500));
    vi.useFakeTimers({ now: new Date('2031-07-15T12:00:00Z') });
    expect(JSON.stringify(generate(500))).toBe(now);
  });

  it('streams the population in batches and produces exactly the requested number of persons', () => {
    const streamed = generate(CITIZENS, 1, 400);
    expect(streamed.batches).toBeGreaterThanOrEqual(CITIZENS / 420);
    expect(streamed.persons).toHaveLength(CITIZENS);
    expect(JSON.stringify(streamed.persons)).toBe(JSON.stringify(data.persons));
    expect(JSON.stringify(streamed.residences)).toBe(JSON.stringify(data.residences));
    expect(generate(1).persons).toHaveLength(1);
  });

  it('gives every person a unique ten-digit personal number that does not start with 0', () => {
    const numbers = data.persons.map((p) => p.personal_no);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const number of numbers) expect(number).toMatch(/^[1-9]\d{9}$/);
    // Not handed out in sequence.
    const sorted = numbers.filter((_, i) => i < 50);
    expect(sorted).not.toEqual([...sorted].sort());
  });

  it('links families to people who exist, with symmetric spouse links and consistent names', () => {
    const spouseLinks = new Set<string>();
    for (const link of data.familyLinks) {
      const person = personByNo.get(link.personal_no);
      const related = personByNo.get(link.related_no);
      expect(person, link.personal_no).toBeDefined();
      expect(related, link.related_no).toBeDefined();
      if (link.relation === 'F') {
        expect(related!.sex).toBe('M');
        expect(person!.father_name).toBe(related!.first_name.trim());
        expect(related!.birth_date! < person!.birth_date!).toBe(true);
      } else if (link.relation === 'M') {
        expect(related!.sex).toBe('F');
      } else {
        expect(link.relation).toBe('S');
        expect(person!.marital_status).toBe('M');
        spouseLinks.add(`${link.personal_no}>${link.related_no}`);
      }
    }
    expect(spouseLinks.size).toBeGreaterThan(100);
    for (const link of spouseLinks) {
      const [from, to] = link.split('>');
      expect(spouseLinks.has(`${to}>${from}`)).toBe(true);
    }
    // Widowed people have no spouse link.
    const widowed = data.persons.filter((p) => p.marital_status === 'W').map((p) => p.personal_no);
    expect(widowed.length).toBeGreaterThan(0);
    expect([...spouseLinks].some((link) => widowed.some((w) => link.startsWith(`${w}>`)))).toBe(false);
  });

  it('keeps children at their father\'s surname and household address', () => {
    const fathers = data.familyLinks.filter((l) => l.relation === 'F');
    let sameAddress = 0;
    for (const link of fathers) {
      const child = personByNo.get(link.personal_no)!;
      const father = personByNo.get(link.related_no)!;
      expect(child.last_name).toBe(father.last_name);
      if (child.status === 'A' && father.status !== 'E' && child.address_id === father.address_id) sameAddress++;
    }
    expect(sameAddress / fathers.length).toBeGreaterThan(0.8);
  });

  it('writes every date well-formed, except the vehicle registry\'s deliberate quirks', () => {
    for (const person of data.persons) {
      expect(isIsoDate(person.birth_date), person.birth_date ?? 'null').toBe(true);
      expect(person.birth_date! >= '1930-01-01' && person.birth_date! <= REFERENCE_DATE).toBe(true);
      expect(String(person.updated_at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(String(person.updated_at).slice(0, 10) <= REFERENCE_DATE).toBe(true);
      if (person.status === 'D') {
        expect(isIsoDate(person.death_date)).toBe(true);
        expect(person.death_date! > person.birth_date! && person.death_date! <= REFERENCE_DATE).toBe(true);
      } else {
        expect(person.death_date).toBeNull();
      }
    }
    for (const doc of data.idDocuments) {
      expect(isIsoDate(doc.issued_on) && isIsoDate(doc.expires_on)).toBe(true);
      expect(doc.issued_on! < doc.expires_on!).toBe(true);
      expect(doc.issued_on! <= REFERENCE_DATE).toBe(true);
    }
    for (const licence of data.drivingLicences) {
      expect(isLegacyDate(licence.LESHUAR) && isLegacyDate(licence.SKADON)).toBe(true);
    }
    const quirks = data.vehicles.filter((v) => !isLegacyDate(v.DATA_REGJ));
    for (const vehicle of quirks) {
      expect(vehicle.DATA_REGJ === '' || vehicle.DATA_REGJ === '00.00.0000' || /^3[01]\.(02|04|06|09|11)\.\d{4}$/.test(vehicle.DATA_REGJ!)).toBe(true);
    }
    expect(quirks.length / data.vehicles.length).toBeLessThan(0.03);
    for (const vehicle of data.vehicles) {
      if (vehicle.STATUSI === 'AKTIV') {
        expect(isLegacyDate(vehicle.SKADON), vehicle.SKADON ?? 'null').toBe(true);
        // Registration is renewed yearly.
        expect(Math.abs(legacyDay(vehicle.SKADON!) - reference)).toBeLessThanOrEqual(366);
      } else if (!isLegacyDate(vehicle.SKADON)) {
        expect(vehicle.SKADON).toBe('');
      }
    }
  });

  it('spreads document expiry from about two years before to ten years after the reference date', () => {
    const expiries = data.idDocuments.filter((d) => d.status === 'V').map((d) => dayOf(d.expires_on!) - reference);
    expect(Math.min(...expiries)).toBeGreaterThan(-3 * 366);
    expect(Math.max(...expiries)).toBeLessThanOrEqual(10 * 366);
    expect(expiries.filter((days) => days < 0).length).toBeGreaterThan(0);
    expect(new Set(data.idDocuments.map((d) => d.doc_no)).size).toBe(data.idDocuments.length);
    for (const doc of data.idDocuments) expect(doc.doc_no).toMatch(doc.doc_type === 'ID' ? /^ID\d{9}$/ : /^P\d{8}$/);
    expect(new Set(data.idDocuments.map((d) => d.status))).toEqual(new Set(['V', 'L', 'X']));
  });

  it('gives plates the region of the owner\'s address', () => {
    let checked = 0;
    for (const vehicle of data.vehicles) {
      const region = Number(vehicle.TARGA.slice(0, 2));
      expect(vehicle.TARGA).toMatch(/^0[1-7]-\d{3}-[A-Z]{2}$/);
      if (vehicle.LLOJI_PRONARIT === 'J') {
        expect(vehicle.PRONARI).toMatch(/^81\d{7}$/);
        continue;
      }
      const owner = personByNo.get(vehicle.PRONARI);
      expect(owner?.status).toBe('A');
      expect(Number(owner!.birth_date!.slice(0, 4))).toBeLessThanOrEqual(2008);
      if (owner!.address_id === null) continue;
      const address = addressById.get(Number(owner!.address_id))!;
      expect(region).toBe(regionBySettlement.get(address.vendbanimi_id));
      checked++;
    }
    expect(checked).toBeGreaterThan(data.vehicles.length / 2);
  });

  it('keeps vehicle and licence keys unique and free of blanks', () => {
    const plates = data.vehicles.map((v) => v.TARGA);
    const vins = data.vehicles.map((v) => v.SHASIA);
    expect(new Set(plates).size).toBe(plates.length);
    expect(new Set(vins).size).toBe(vins.length);
    for (const vin of vins) {
      expect(vin).toHaveLength(17);
      for (const char of vin) expect(VIN_ALPHABET).toContain(char);
      expect(vin[8]).toBe(vinCheckDigit(vin));
    }
    for (const vehicle of data.vehicles) expect(vehicle.PRONARI).toBe(vehicle.PRONARI.trim());
    const licences = data.drivingLicences.map((l) => l.NR_PATENTES);
    expect(new Set(licences).size).toBe(licences.length);
    for (const licence of data.drivingLicences) {
      expect(licence.NR_PATENTES).toMatch(/^DL\d{8}$/);
      expect(personByNo.get(licence.NR_PERSONAL)?.status).toBe('A');
      expect(licence.KATEGORITE!.length).toBeLessThanOrEqual(32);
      expect(licence.KATEGORITE!.replace(/\s/g, '').toUpperCase().split(',').every((c) => /^(AM|A1|A2|A|BE|B|C1E|C1|CE|C|D1E|D1|DE|D|F)$/.test(c))).toBe(true);
    }
  });

  it('has the mix of people, documents and vehicles a country has', () => {
    const share = (count: number, of: number) => count / of;
    const persons = data.persons.length;
    const deceased = data.persons.filter((p) => p.status === 'D').length;
    const emigrated = data.persons.filter((p) => p.status === 'E');
    const homeless = data.persons.filter((p) => p.status === 'A' && p.address_id === null).length;
    expect(share(deceased, persons)).toBeGreaterThan(0.03);
    expect(share(deceased, persons)).toBeLessThan(0.09);
    expect(share(emigrated.length, persons)).toBeGreaterThan(0.02);
    expect(share(emigrated.length, persons)).toBeLessThan(0.07);
    expect(emigrated.every((p) => p.address_id === null)).toBe(true);
    expect(share(homeless, persons)).toBeGreaterThan(0.005);
    expect(share(homeless, persons)).toBeLessThan(0.05);
    const lastNames = new Set(data.persons.map((p) => p.last_name));
    expect(lastNames.has('Gashi') || lastNames.has('Krasniqi')).toBe(true);
    expect([...lastNames].some((name) => /[čćšžđ]/i.test(name))).toBe(true);
    expect(data.persons.some((p) => p.first_name !== p.first_name.trim())).toBe(true);
    const companies = data.vehicles.filter((v) => v.LLOJI_PRONARIT === 'J').length;
    expect(share(companies, data.vehicles.length)).toBeGreaterThan(0.04);
    expect(share(companies, data.vehicles.length)).toBeLessThan(0.18);
    expect(new Set(data.vehicles.map((v) => v.STATUSI))).toEqual(new Set(['AKTIV', 'CREGJ', 'VJEDHUR']));
    expect(new Set(data.drivingLicences.map((l) => l.STATUSI.trim()))).toEqual(new Set(['AKTIVE', 'PEZULLUAR', 'REVOKUAR']));
    expect(data.addresses.filter((a) => a.aktive).length / data.addresses.length).toBeGreaterThan(0.9);
    for (const address of data.addresses) {
      expect(address.numri).toMatch(/^\d+[A-C]?$/);
      expect(address.kodi_postar).toMatch(/^\d{5}$/);
    }
  });
});

describe('seeded residence registrations', () => {
  const OPEN = '9999-12-31';
  const registrationsOf = new Map<string, typeof data.residences>();
  for (const registration of data.residences) {
    const list = registrationsOf.get(registration.personal_no) ?? [];
    list.push(registration);
    registrationsOf.set(registration.personal_no, list);
  }
  const addressById = new Map(data.addresses.map((address) => [address.id, address]));
  const municipalityOf = (addressId: number | string) => Math.floor(addressById.get(Number(addressId))!.vendbanimi_id / 100);
  const endOf = (registration: (typeof data.residences)[number]) => registration.reg_to ?? OPEN;

  it('registers each person at one address at a time, from birth or the registry\'s first day, in order', () => {
    for (const [personalNo, registrations] of registrationsOf) {
      const person = personByNo.get(personalNo)!;
      expect(registrations[0]!.reg_from >= '2000-01-01' && registrations[0]!.reg_from >= person.birth_date!).toBe(true);
      registrations.forEach((registration, index) => {
        expect(addressById.has(Number(registration.address_id))).toBe(true);
        expect(endOf(registration) >= registration.reg_from).toBe(true);
        const next = registrations[index + 1];
        // The next one starts the day after this one ends.
        if (next) expect(next.reg_from).toBe(addDaysIso(registration.reg_to!, 1));
      });
    }
  });

  it('agrees with each person\'s current address, death and emigration', () => {
    for (const person of data.persons) {
      const registrations = registrationsOf.get(person.personal_no) ?? [];
      const last = registrations[registrations.length - 1];
      const open = registrations.filter((registration) => endOf(registration) === OPEN);
      if (person.status === 'A') {
        // Registered where the registry says they live; without an address, nowhere.
        if (person.address_id === null) expect(registrations).toEqual([]);
        else expect(open.map((registration) => Number(registration.address_id))).toEqual([Number(person.address_id)]);
        expect(open.every((registration) => registration.end_code === null)).toBe(true);
      } else if (person.status === 'D' && person.address_id !== null && person.death_date! >= '2000-01-01') {
        expect(last).toMatchObject({ address_id: person.address_id, reg_to: person.death_date, end_code: 'D' });
      } else if (person.status === 'E' && registrations.length > 0) {
        expect(last!.end_code).toBe('E');
        expect(open).toEqual([]);
      }
    }
  });

  it('holds moves within and across municipalities over the years, emigrations, and the old registry\'s quirks', () => {
    const moves = data.residences.filter((registration) => registration.end_code === 'M' || registration.end_code === ' ');
    const movers = [...registrationsOf.values()].filter((registrations) => registrations.length > 1);
    const across = movers.filter((registrations) => new Set(registrations.map((registration) => municipalityOf(registration.address_id))).size > 1);
    expect(across.length).toBeGreaterThan(movers.length * 0.2);
    expect(across.length).toBeLessThan(movers.length * 0.8);
    expect(movers.length).toBeGreaterThan(registrationsOf.size * 0.3);
    expect(new Set(moves.map((registration) => registration.reg_to!.slice(0, 4))).size).toBeGreaterThan(15);
    expect(data.residences.filter((registration) => registration.end_code === 'E').length).toBeGreaterThan(20);
    // Open ends both ways, and moves that lost their code.
    expect(data.residences.some((registration) => registration.reg_to === null)).toBe(true);
    expect(data.residences.some((registration) => registration.reg_to === OPEN)).toBe(true);
    expect(data.residences.some((registration) => registration.end_code === ' ')).toBe(true);
    expect(new Set(data.residences.map((registration) => registration.reg_no)).size).toBe(data.residences.length);
  });
});

function addDaysIso(date: string, days: number): string {
  return new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
}

describe('the seeded business registry', () => {
  const subjects = new Map(data.businessSubjects.map((subject) => [subject.nr_biznesit, subject]));

  it('holds every company that owns a vehicle, each number once', () => {
    expect(subjects.size).toBe(data.businessSubjects.length);
    const fleetOwners = new Set(data.vehicles.filter((vehicle) => vehicle.LLOJI_PRONARIT === 'J').map((vehicle) => vehicle.PRONARI));
    expect(fleetOwners.size).toBeGreaterThan(5);
    expect([...fleetOwners].filter((number) => !subjects.has(number))).toEqual([]);
    for (const number of subjects.keys()) expect(number).toMatch(/^81\d{7}$/);
  });

  it('has owners who are living adults or older companies, with shares of 100 written with a decimal comma', () => {
    const shares = new Map<string, number>();
    for (const owner of data.businessOwners) {
      expect(owner.pjesa).toMatch(/^\d{1,3},\d{2}$/);
      if (owner.lloji === 'F') expect(personByNo.get(owner.nr_pronarit)?.status).toBe('A');
      else expect(subjects.has(owner.nr_pronarit) && owner.nr_pronarit !== owner.nr_biznesit).toBe(true);
      shares.set(owner.nr_biznesit, (shares.get(owner.nr_biznesit) ?? 0) + Number(owner.pjesa.replace(',', '')));
    }
    expect([...shares.values()].every((hundredths) => hundredths === 10_000)).toBe(true);
    expect(data.businessOwners.some((owner) => owner.lloji === 'J')).toBe(true);
    for (const representative of data.businessRepresentatives) expect(personByNo.has(representative.nr_personal)).toBe(true);
  });

  it('keeps the legacy forms, statuses, dates and names the service answers with', () => {
    expect(new Set(data.businessSubjects.map((subject) => subject.forma))).toEqual(new Set(['BI', 'OP', 'SHK', 'SHPK', 'SHA']));
    expect(new Set(data.businessSubjects.map((subject) => subject.statusi))).toEqual(new Set(['REGJISTRUAR', 'PEZULLUAR', 'SHUAR']));
    for (const subject of data.businessSubjects) {
      expect(subject.data_regj).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(subject.emri).toBe(subject.emri.toUpperCase());
    }
    // Some names an old import stored twice-encoded: Ç as Ã‡. Rare: a larger registry shows them.
    const names = generate(20_000).businessSubjects.map((subject) => subject.emri);
    expect(names.some((name) => /Ã‡|Ã‹/.test(name))).toBe(true);
    expect(names.some((name) => /[ÇË]/.test(name))).toBe(true);
  });
});

describe('seeded reference tables', () => {
  it('lists the 38 municipalities with both names and all seven regions', () => {
    const rows = municipalityRows();
    expect(rows.map((r) => r.kodi)).toEqual(Array.from({ length: 38 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.rajoni))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
    expect(rows.find((r) => r.kodi === 1)).toEqual({ kodi: 1, emri_sq: 'Prishtinë', emri_sr: 'Priština', rajoni: 1 });
    expect(rows.find((r) => r.emri_sq === 'Gjakovë')).toMatchObject({ emri_sr: 'Đakovica', rajoni: 7 });
    expect(rows.find((r) => r.emri_sq === 'Mamushë')).toMatchObject({ emri_sr: 'Mamuša', rajoni: 4 });
  });

  it('gives each municipality its main town first, with stable settlement ids', () => {
    const settlements = settlementRows();
    expect(new Set(settlements.map((s) => s.id)).size).toBe(settlements.length);
    for (const municipality of municipalityRows()) {
      const town = settlements.find((s) => s.id === municipality.kodi * 100 + 1);
      expect(town).toMatchObject({ komuna_kodi: municipality.kodi, emri_sq: municipality.emri_sq, emri_sr: municipality.emri_sr });
    }
    const used = new Set(data.addresses.map((a) => a.vendbanimi_id));
    for (const id of used) expect(settlements.some((s) => s.id === id)).toBe(true);
  });
});

describe('seed schema', () => {
  it('indexes the folded names on PostgreSQL with the exact expression the gateway searches by', () => {
    const statements = indexStatements('civil', 'postgres').join('\n');
    expect(statements).toContain(`(${foldedSql('postgres', 'last_name')}) text_pattern_ops`);
    expect(statements).toContain(`(${foldedSql('postgres', 'first_name')}) text_pattern_ops`);
    expect(indexStatements('civil', 'sqlite').join('\n')).not.toContain('text_pattern_ops');
  });

  it('creates the vehicle registry in upper case on InnoDB with utf8mb4', () => {
    const statements = createTableStatements('vehicle', 'mysql').join('\n');
    expect(statements).toContain('CREATE TABLE `AUTOMJETET`');
    expect(statements).toContain('ENGINE=InnoDB DEFAULT CHARSET=utf8mb4');
    expect(indexStatements('vehicle', 'mysql').join('\n')).toContain('ADD UNIQUE INDEX `UQ_AUTOMJETET_TARGA` (`TARGA`)');
  });
});

describe('keyed permutation', () => {
  it('maps a range onto itself without collisions', () => {
    const permutation = new Permutation(10_007, 42);
    const seen = new Set<number>();
    for (let i = 0; i < 10_007; i++) seen.add(permutation.at(i));
    expect(seen.size).toBe(10_007);
    expect(Math.max(...seen)).toBe(10_006);
  });
});

describe('the seed marker', () => {
  const folder = () => mkdtempSync(path.join(tmpdir(), 'seed-marker-'));
  const inFolders = (civil: string, address: string, vehicle: string) => ({
    civil: `sqlite:${path.join(civil, 'civil_registry.sqlite')}`,
    address: `sqlite:${path.join(address, 'address_register.sqlite')}`,
    vehicle: `sqlite:${path.join(vehicle, 'vehicle_registry.sqlite')}`,
  });
  const parameters = { citizens: 100, seed: 1, referenceDate: REFERENCE_DATE };

  it('says the SQLite registries of one folder were seeded here, each of them by name', async () => {
    const dir = folder();
    const targets = inFolders(dir, dir, dir);
    expect(await seededByGateway(targets)).toBe(false);
    await markSeeded(targets, parameters);
    expect(await seededByGateway(targets)).toBe(true);
    // Another file put beside them is no registry the seeder wrote.
    expect(await seededByGateway({ ...targets, vehicle: `sqlite:${path.join(dir, 'vehicles-of-elsewhere.sqlite')}` })).toBe(false);
    rmSync(path.join(dir, SEED_MARKER));
    expect(await seededByGateway(targets)).toBe(false);
  });

  it('tells registries seeded in an older layout, which the gateway seeds again, from today\'s', async () => {
    const dir = folder();
    const targets = inFolders(dir, dir, dir);
    expect(await seededInOlderLayout(targets)).toBe(false);
    await markSeeded(targets, parameters);
    expect(await seededInOlderLayout(targets)).toBe(false);
    // A marker of before the layout was numbered.
    const marker = JSON.parse(readFileSync(path.join(dir, SEED_MARKER), 'utf8')) as Record<string, unknown>;
    expect(marker.layout).toBe(SEED_LAYOUT);
    delete marker.layout;
    writeFileSync(path.join(dir, SEED_MARKER), JSON.stringify(marker));
    expect(await seededInOlderLayout(targets)).toBe(true);
    // Registries the gateway did not seed are never its to seed again.
    expect(await seededInOlderLayout({ ...targets, vehicle: `sqlite:${path.join(dir, 'vehicles-of-elsewhere.sqlite')}` })).toBe(false);
  });

  it('is not written, nor trusted, for registries on a server or in folders of their own', async () => {
    const [a, b] = [folder(), folder()];
    const spread = inFolders(a, b, b);
    await markSeeded(spread, parameters);
    expect([...readdirSync(a), ...readdirSync(b)]).toEqual([]);
    writeFileSync(path.join(a, SEED_MARKER), JSON.stringify({ files: ['civil_registry.sqlite', 'address_register.sqlite', 'vehicle_registry.sqlite'] }));
    expect(await seededByGateway(spread)).toBe(false);
    const servers = { civil: 'postgres://db/civil_registry', address: 'postgres://db/address_register', vehicle: 'mysql://db/vehicle_registry' };
    await markSeeded(servers, parameters);
    expect(await seededByGateway(servers)).toBe(false);
  });
});
