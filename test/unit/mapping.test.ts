import { describe, expect, it } from 'vitest';
import { addDays, calendarDate, daysBetween, parseIsoDate, today } from '../../src/dates.js';
import {
  canonicalPlate, compareDocumentPositions, isDrivingLicence, standingOn, type DrivingLicence, type IdentityDocument,
} from '../../src/domain.js';
import { toAddress, toMunicipality, toSettlement, type AdresaWithMunicipality } from '../../src/sources/address/mapping.js';
import { toCitizen, toFamilyLink, toIdentityDocument, type PersonSelection } from '../../src/sources/civil/mapping.js';
import type { IdDocumentRow } from '../../src/sources/civil/rows.js';
import { decode, dottedDate, isoDate, toDottedDate, trimmed } from '../../src/sources/legacyValues.js';
import type { MappingWarning } from '../../src/sources/registry.js';
import { categoryList, toDrivingLicence, toVehicle } from '../../src/sources/vehicle/mapping.js';
import type { AutomjetRow, PatentaRow } from '../../src/sources/vehicle/rows.js';
import { toCompany, toMembers } from '../../src/sources/business/mapping.js';

/** A warn callback and every warning it received, so a test can assert exactly what was reported. */
function recordWarnings() {
  const warnings: MappingWarning[] = [];
  return { warnings, warn: (warning: MappingWarning) => void warnings.push(warning) };
}

function origin(table = 'PATENTAT', column = 'SKADON') {
  const recorder = recordWarnings();
  return { ...recorder, origin: { table, column, warn: recorder.warn } };
}

function personRow(overrides: Partial<PersonSelection> = {}): PersonSelection {
  return {
    personal_no: '1234567890',
    first_name: 'Arben',
    last_name: 'Krasniqi',
    father_name: 'Driton',
    sex: 'M',
    birth_date: '1985-04-12',
    birth_municipality: 7,
    marital_status: 'M',
    status: 'A',
    death_date: null,
    address_id: 42,
    ...overrides,
  };
}

function documentRow(overrides: Partial<IdDocumentRow> = {}): IdDocumentRow {
  return { doc_no: 'ID000000123', personal_no: '1234567890', doc_type: 'ID', issued_on: '2020-01-15', expires_on: '2030-01-15', status: 'V', ...overrides };
}

function vehicleRow(overrides: Partial<AutomjetRow> = {}): AutomjetRow {
  return {
    ID: 1,
    TARGA: '01-234-AB',
    SHASIA: 'WVWZZZ1JZXW000001',
    MARKA: 'Volkswagen',
    MODELI: 'Golf',
    VITI: 2015,
    NGJYRA: 'E zezë',
    KARBURANTI: 'D',
    LLOJI_PRONARIT: 'F',
    PRONARI: '1234567890',
    DATA_REGJ: '03.05.2015',
    SKADON: '02.05.2026',
    STATUSI: 'AKTIV',
    ...overrides,
  };
}

function licenceRow(overrides: Partial<PatentaRow> = {}): PatentaRow {
  return {
    NR_PATENTES: 'DL00000042',
    NR_PERSONAL: '1234567890',
    KATEGORITE: 'AM,A,B',
    LESHUAR: '10.06.2018',
    SKADON: '10.06.2028',
    PIKET: 0,
    STATUSI: 'AKTIVE',
    ...overrides,
  };
}

function addressRow(overrides: Partial<AdresaWithMunicipality> = {}): AdresaWithMunicipality {
  return { id: 900, vendbanimi_id: 12, rruga: 'Rruga Nëna Terezë', numri: '12A', banesa: null, kodi_postar: '10000', aktive: 1, komuna_kodi: 7, ...overrides };
}

describe('legacy values', () => {
  it('trailing blanks of legacy CHAR columns are removed and a blank value reads as absent', () => {
    expect(trimmed('Prishtinë   ')).toBe('Prishtinë');
    expect(trimmed('   ')).toBeNull();
    expect(trimmed('')).toBeNull();
    expect(trimmed(null)).toBeNull();
    expect(trimmed(undefined)).toBeNull();
  });

  it('a dotted vehicle-registry date reads as the ISO date it means, blanks included, without a warning', () => {
    const { warnings, origin: from } = origin();
    expect(dottedDate('01.03.2019', from)).toBe('2019-03-01');
    expect(dottedDate('29.02.2024 ', from)).toBe('2024-02-29');
    expect(dottedDate('31.12.1999', from)).toBe('1999-12-31');
    expect(warnings).toEqual([]);
  });

  it('a missing dotted date is null and is not reported as odd', () => {
    const { warnings, origin: from } = origin();
    expect(dottedDate(null, from)).toBeNull();
    expect(warnings).toEqual([]);
  });

  it.each([
    ['an empty string', ''],
    ['the legacy zero date', '00.00.0000'],
    ['a day February never has', '31.02.2011'],
    ['29 February of a common year', '29.02.2023'],
    ['an ISO date in a dotted column', '2019-03-01'],
    ['a month 13', '01.13.2019'],
  ])('an impossible legacy date (%s) becomes null and is reported once, never a crash', (_, value) => {
    const { warnings, origin: from } = origin('AUTOMJETET', 'DATA_REGJ');
    expect(dottedDate(value, from)).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toEqual({ table: 'AUTOMJETET', column: 'DATA_REGJ', reason: expect.any(String) });
    expect(warnings[0]!.reason).not.toBe('');
  });

  it('a warning about an odd value never carries the value itself', () => {
    const { warnings, origin: from } = origin('PATENTAT', 'LESHUAR');
    dottedDate('31.02.2011', from);
    decode({ A: 1 }, 'SECRET-CODE-77', from);
    isoDate('1234567890', from);
    expect(warnings).toHaveLength(3);
    for (const warning of warnings) {
      expect(Object.keys(warning).sort()).toEqual(['column', 'reason', 'table']);
      const text = JSON.stringify(warning);
      expect(text).not.toContain('31.02.2011');
      expect(text).not.toContain('SECRET-CODE-77');
      expect(text).not.toContain('1234567890');
    }
  });

  it('an ISO date column reads as its calendar day; a JS Date is taken at its UTC day', () => {
    const { warnings, origin: from } = origin('person', 'birth_date');
    expect(isoDate('1985-04-12', from)).toBe('1985-04-12');
    expect(isoDate(' 1985-04-12 ', from)).toBe('1985-04-12');
    expect(isoDate('1985-04-12 00:00:00', from)).toBe('1985-04-12');
    expect(isoDate(new Date('1985-04-12T23:30:00Z'), from)).toBe('1985-04-12');
    expect(isoDate(null, from)).toBeNull();
    expect(warnings).toEqual([]);
  });

  it.each([['', 'empty'], ['2011-02-31', 'impossible'], ['12.04.1985', 'dotted'], ['0000-00-00', 'zero'], ['1985-4-12', 'one digit'], ['1985-04-1', 'short']])(
    'an unusable ISO date column value %j (%s) becomes null with one warning',
    (value) => {
      const { warnings, origin: from } = origin('person', 'birth_date');
      expect(isoDate(value, from)).toBeNull();
      expect(warnings).toEqual([{ table: 'person', column: 'birth_date', reason: expect.any(String) }]);
    },
  );

  it('an ISO date is written back as the vehicle registry writes it, DD.MM.YYYY', () => {
    expect(toDottedDate('2019-03-01')).toBe('01.03.2019');
    expect(toDottedDate('2028-12-31')).toBe('31.12.2028');
  });

  it('legacy codes are read whatever their case and trailing blanks', () => {
    const { warnings, origin: from } = origin('PATENTAT', 'STATUSI');
    const codes = { AKTIVE: 'VALID', PEZULLUAR: 'SUSPENDED' };
    expect(decode(codes, 'AKTIVE ', from)).toBe('VALID');
    expect(decode(codes, ' pezulluar', from)).toBe('SUSPENDED');
    expect(warnings).toEqual([]);
  });

  it('an unknown legacy code becomes null and is reported, never a crash', () => {
    const { warnings, origin: from } = origin('PATENTAT', 'STATUSI');
    expect(decode({ AKTIVE: 'VALID' }, 'ZZZ', from)).toBeNull();
    expect(warnings).toEqual([{ table: 'PATENTAT', column: 'STATUSI', reason: expect.any(String) }]);
  });
});

describe('calendar dates', () => {
  it('a calendar day exists only when the calendar has it', () => {
    expect(calendarDate(2024, 2, 29)).toBe('2024-02-29');
    expect(calendarDate(2023, 2, 29)).toBeNull();
    expect(calendarDate(2000, 2, 29)).toBe('2000-02-29');
    expect(calendarDate(1900, 2, 29)).toBeNull();
    expect(calendarDate(2021, 4, 31)).toBeNull();
    expect(calendarDate(2021, 13, 1)).toBeNull();
    expect(calendarDate(2021, 0, 1)).toBeNull();
    expect(calendarDate(2021, 1, 0)).toBeNull();
    expect(calendarDate(2021, 1.5, 1)).toBeNull();
    expect(calendarDate(7, 1, 1)).toBeNull();
  });

  it('only a strict YYYY-MM-DD string that names a real day is a date', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(parseIsoDate('2023-02-29')).toBeNull();
    expect(parseIsoDate('2024-2-9')).toBeNull();
    expect(parseIsoDate('2024-02-29T00:00:00Z')).toBeNull();
    expect(parseIsoDate(' 2024-02-29')).toBeNull();
    expect(parseIsoDate('29.02.2024')).toBeNull();
  });

  it('adding days crosses month, year and leap-day boundaries, forwards and backwards', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-01-01', 366)).toBe('2027-01-02');
    expect(addDays('2026-03-29', 0)).toBe('2026-03-29');
  });

  it('the days of a window include both ends, and an empty window has none', () => {
    expect(daysBetween('2024-02-27', '2024-03-01')).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    expect(daysBetween('2026-01-01', '2026-01-01')).toEqual(['2026-01-01']);
    expect(daysBetween('2026-01-02', '2026-01-01')).toEqual([]);
  });

  it('today is the day in Belgrade, not in UTC', () => {
    expect(today(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(today(new Date('2026-06-30T21:30:00Z'))).toBe('2026-06-30');
    expect(today(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
    expect(today(new Date('2025-12-31T22:30:00Z'))).toBe('2025-12-31');
  });
});

describe('the domain rules', () => {
  it.each([
    ['01 234 ab', '01-234-AB'],
    ['01234AB', '01-234-AB'],
    ['07-999-zz', '07-999-ZZ'],
    [' 02-001-KS ', '02-001-KS'],
  ])('the plate %j reads as %s', (value, canonical) => {
    expect(canonicalPlate(value)).toBe(canonical);
  });

  it.each(['08-234-AB', '00-234-AB', '1-234-AB', '01-23-AB', '01-234-A1', '01-2345-AB', 'KS-234-AB', ''])(
    '%j is not a plate of the registry',
    (value) => {
      expect(canonicalPlate(value)).toBeNull();
    },
  );

  it('a VALID document past its expiry date stands as EXPIRED; on its last day it is still VALID', () => {
    expect(standingOn('VALID', '2025-12-31', '2026-01-01')).toBe('EXPIRED');
    expect(standingOn('VALID', '2026-01-01', '2026-01-01')).toBe('VALID');
    expect(standingOn('VALID', '2026-01-02', '2026-01-01')).toBe('VALID');
  });

  it('other statuses, unknown statuses and documents without expiry keep what the registry says', () => {
    expect(standingOn('LOST_OR_STOLEN', '2020-01-01', '2026-01-01')).toBe('LOST_OR_STOLEN');
    expect(standingOn('SUSPENDED', '2020-01-01', '2026-01-01')).toBe('SUSPENDED');
    expect(standingOn(null, '2020-01-01', '2026-01-01')).toBeNull();
    expect(standingOn('VALID', null, '2026-01-01')).toBe('VALID');
  });

  it('expiring documents are ordered by expiry date, then by number', () => {
    const positions = [
      { expiresOn: '2026-02-01', number: 'ID000000002' },
      { expiresOn: '2026-01-15', number: 'P00000009' },
      { expiresOn: '2026-02-01', number: 'DL00000001' },
      { expiresOn: '2026-01-15', number: 'DL00000005' },
    ];
    expect([...positions].sort(compareDocumentPositions)).toEqual([
      { expiresOn: '2026-01-15', number: 'DL00000005' },
      { expiresOn: '2026-01-15', number: 'P00000009' },
      { expiresOn: '2026-02-01', number: 'DL00000001' },
      { expiresOn: '2026-02-01', number: 'ID000000002' },
    ]);
    expect(compareDocumentPositions({ expiresOn: '2026-01-15', number: 'X1' }, { expiresOn: '2026-01-15', number: 'X1' })).toBe(0);
  });

  it('a driving licence is told apart from an identity document', () => {
    const { warn } = recordWarnings();
    const licence: DrivingLicence = toDrivingLicence(licenceRow(), warn);
    const document: IdentityDocument = toIdentityDocument(documentRow(), warn);
    expect(isDrivingLicence(licence)).toBe(true);
    expect(isDrivingLicence(document)).toBe(false);
  });
});

describe('civil registry rows', () => {
  it('a person row becomes a citizen with its codes decoded and blanks trimmed', () => {
    const { warnings, warn } = recordWarnings();
    const citizen = toCitizen(
      personRow({ personal_no: '1234567890 ', first_name: 'Arbër   ', last_name: 'Çeku  ', father_name: '   ', sex: 'f ', marital_status: 'w', status: 'D ', death_date: '2024-11-03' }),
      warn,
    );
    expect(citizen).toEqual({
      personalNumber: '1234567890',
      firstName: 'Arbër',
      lastName: 'Çeku',
      fatherName: null,
      sex: 'FEMALE',
      dateOfBirth: '1985-04-12',
      placeOfBirthCode: 7,
      maritalStatus: 'WIDOWED',
      status: 'DECEASED',
      dateOfDeath: '2024-11-03',
      addressId: '42',
    });
    expect(warnings).toEqual([]);
  });

  it('a bigint address id reads the same whether the driver gives a string or a number', () => {
    const { warn } = recordWarnings();
    expect(toCitizen(personRow({ address_id: '900000000000000001' }), warn).addressId).toBe('900000000000000001');
    expect(toCitizen(personRow({ address_id: 42 }), warn).addressId).toBe('42');
    expect(toCitizen(personRow({ address_id: null }), warn).addressId).toBeNull();
  });

  it('each unknown code or impossible date of a person becomes null with its own warning, the rest still maps', () => {
    const { warnings, warn } = recordWarnings();
    const citizen = toCitizen(personRow({ sex: 'X', marital_status: 'Q', status: 'Z', birth_date: '1985-02-30' }), warn);
    expect(citizen).toMatchObject({ personalNumber: '1234567890', lastName: 'Krasniqi', sex: null, maritalStatus: null, status: null, dateOfBirth: null });
    expect(warnings.map(({ table, column }) => `${table}.${column}`).sort()).toEqual(['person.birth_date', 'person.marital_status', 'person.sex', 'person.status']);
  });

  it('a person with no birth municipality and no father name keeps them absent', () => {
    const { warnings, warn } = recordWarnings();
    const citizen = toCitizen(personRow({ birth_municipality: null, father_name: null, marital_status: null }), warn);
    expect(citizen.placeOfBirthCode).toBeNull();
    expect(citizen.fatherName).toBeNull();
    expect(citizen.maritalStatus).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('family links name father, mother and spouse; an unknown relation is dropped and reported', () => {
    const { warnings, warn } = recordWarnings();
    expect(toFamilyLink({ personal_no: '1234567890 ', related_no: '0987654321 ', relation: 'f' }, warn)).toEqual({
      personalNumber: '1234567890',
      relatedNumber: '0987654321',
      relation: 'FATHER',
    });
    expect(toFamilyLink({ personal_no: '1', related_no: '2', relation: 'M' }, warn)?.relation).toBe('MOTHER');
    expect(toFamilyLink({ personal_no: '1', related_no: '2', relation: 'S ' }, warn)?.relation).toBe('SPOUSE');
    expect(warnings).toEqual([]);
    expect(toFamilyLink({ personal_no: '1', related_no: '2', relation: 'B' }, warn)).toBeNull();
    expect(warnings).toEqual([{ table: 'family_link', column: 'relation', reason: expect.any(String) }]);
  });

  it('an identity document row becomes a document of the right kind and status', () => {
    const { warnings, warn } = recordWarnings();
    expect(toIdentityDocument(documentRow({ doc_no: 'P00000042  ', doc_type: 'pp ', status: 'l', personal_no: '1234567890 ' }), warn)).toEqual({
      kind: 'PASSPORT',
      number: 'P00000042',
      issuedOn: '2020-01-15',
      expiresOn: '2030-01-15',
      status: 'LOST_OR_STOLEN',
      holderPersonalNumber: '1234567890',
    });
    expect(toIdentityDocument(documentRow({ status: 'X' }), warn)).toMatchObject({ kind: 'ID_CARD', status: 'CANCELLED' });
    expect(toIdentityDocument(documentRow({ status: 'V' }), warn).status).toBe('VALID');
    expect(warnings).toEqual([]);
  });

  it('an identity document with an unknown kind and an impossible expiry still maps, with two warnings', () => {
    const { warnings, warn } = recordWarnings();
    const document = toIdentityDocument(documentRow({ doc_type: 'DL', expires_on: '2030-02-31' }), warn);
    expect(document).toMatchObject({ kind: null, expiresOn: null, number: 'ID000000123' });
    expect(warnings.map((warning) => warning.column).sort()).toEqual(['doc_type', 'expires_on']);
    expect(warnings.every((warning) => warning.table === 'id_document')).toBe(true);
  });
});

describe('address register rows', () => {
  it('an address row becomes an address with its municipality, trimmed, its id a string', () => {
    expect(toAddress(addressRow({ id: '900000000000000001', rruga: 'Rruga B   ', numri: '12A ', banesa: '3 ', kodi_postar: '10000 ', aktive: true }))).toEqual({
      id: '900000000000000001',
      street: 'Rruga B',
      houseNumber: '12A',
      apartment: '3',
      postalCode: '10000',
      settlementId: 12,
      municipalityCode: 7,
      active: true,
    });
  });

  it('an address is active or not whether the engine stores a boolean or 0/1', () => {
    expect(toAddress(addressRow({ aktive: 1 })).active).toBe(true);
    expect(toAddress(addressRow({ aktive: 0 })).active).toBe(false);
    expect(toAddress(addressRow({ aktive: false })).active).toBe(false);
  });

  it('an address without an apartment has none, even when the column holds blanks', () => {
    expect(toAddress(addressRow({ banesa: null })).apartment).toBeNull();
    expect(toAddress(addressRow({ banesa: '   ' })).apartment).toBeNull();
    expect(toAddress(addressRow({ id: 42 })).id).toBe('42');
  });

  it('settlements and municipalities keep both their Albanian and Serbian names, trimmed', () => {
    expect(toSettlement({ id: 12, komuna_kodi: 7, emri_sq: 'Fushë Kosovë  ', emri_sr: 'Kosovo Polje  ' })).toEqual({
      id: 12,
      nameSq: 'Fushë Kosovë',
      nameSr: 'Kosovo Polje',
      municipalityCode: 7,
    });
    expect(toMunicipality({ kodi: 7, emri_sq: 'Prishtinë ', emri_sr: 'Priština ', rajoni: 1 })).toEqual({ code: 7, nameSq: 'Prishtinë', nameSr: 'Priština', region: 1 });
  });
});

describe('vehicle registry rows', () => {
  it('a vehicle row becomes a vehicle with canonical plate, upper-case VIN and decoded codes', () => {
    const { warnings, warn } = recordWarnings();
    expect(toVehicle(vehicleRow({ TARGA: '01 234 ab  ', SHASIA: 'wvwzzz1jzxw000001 ', MARKA: 'Volkswagen   ', KARBURANTI: 'd ', STATUSI: 'AKTIV   ' }), warn)).toEqual({
      plate: '01-234-AB',
      vin: 'WVWZZZ1JZXW000001',
      make: 'Volkswagen',
      model: 'Golf',
      year: 2015,
      colour: 'E zezë',
      fuel: 'DIESEL',
      firstRegisteredOn: '2015-05-03',
      registrationExpiresOn: '2026-05-02',
      status: 'ACTIVE',
      ownerKind: 'PERSON',
      ownerPersonalNumber: '1234567890',
      ownerBusinessNumber: null,
    });
    expect(warnings).toEqual([]);
  });

  it.each([
    ['B', 'PETROL'],
    ['D', 'DIESEL'],
    ['E', 'ELECTRIC'],
    ['H', 'HYBRID'],
    ['G', 'GAS'],
    ['g ', 'GAS'],
  ])('fuel code %j reads as %s', (code, fuel) => {
    const { warnings, warn } = recordWarnings();
    expect(toVehicle(vehicleRow({ KARBURANTI: code }), warn).fuel).toBe(fuel);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['AKTIV', 'ACTIVE'],
    ['CREGJ ', 'DEREGISTERED'],
    ['vjedhur', 'STOLEN'],
  ])('vehicle status %j reads as %s', (code, status) => {
    const { warn } = recordWarnings();
    expect(toVehicle(vehicleRow({ STATUSI: code }), warn).status).toBe(status);
  });

  it('a company-owned vehicle carries a business number and never a personal number', () => {
    const { warn } = recordWarnings();
    const vehicle = toVehicle(vehicleRow({ LLOJI_PRONARIT: 'J ', PRONARI: '810000001   ' }), warn);
    expect(vehicle.ownerKind).toBe('COMPANY');
    expect(vehicle.ownerBusinessNumber).toBe('810000001');
    expect(vehicle.ownerPersonalNumber).toBeNull();
  });

  it('a person-owned vehicle carries a personal number and never a business number', () => {
    const { warn } = recordWarnings();
    const vehicle = toVehicle(vehicleRow({ LLOJI_PRONARIT: 'f', PRONARI: '1234567890 ' }), warn);
    expect(vehicle.ownerKind).toBe('PERSON');
    expect(vehicle.ownerPersonalNumber).toBe('1234567890');
    expect(vehicle.ownerBusinessNumber).toBeNull();
  });

  it('a vehicle with an unknown owner kind names no owner at all and reports the code', () => {
    const { warnings, warn } = recordWarnings();
    const vehicle = toVehicle(vehicleRow({ LLOJI_PRONARIT: 'X', PRONARI: '1234567890' }), warn);
    expect(vehicle).toMatchObject({ ownerKind: null, ownerPersonalNumber: null, ownerBusinessNumber: null });
    expect(warnings).toEqual([{ table: 'AUTOMJETET', column: 'LLOJI_PRONARIT', reason: expect.any(String) }]);
  });

  it('an unknown fuel or status code becomes null and is reported, the vehicle still maps', () => {
    const { warnings, warn } = recordWarnings();
    const vehicle = toVehicle(vehicleRow({ KARBURANTI: 'N', STATUSI: 'NE PRITJE' }), warn);
    expect(vehicle).toMatchObject({ plate: '01-234-AB', fuel: null, status: null });
    expect(warnings.map((warning) => warning.column).sort()).toEqual(['KARBURANTI', 'STATUSI']);
  });

  it('a vehicle with no fuel recorded has none and raises no warning', () => {
    const { warnings, warn } = recordWarnings();
    expect(toVehicle(vehicleRow({ KARBURANTI: null }), warn).fuel).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('a model year of 0 (the legacy "unknown") or none is null', () => {
    const { warn } = recordWarnings();
    expect(toVehicle(vehicleRow({ VITI: 0 }), warn).year).toBeNull();
    expect(toVehicle(vehicleRow({ VITI: null }), warn).year).toBeNull();
    expect(toVehicle(vehicleRow({ VITI: 1999 }), warn).year).toBe(1999);
  });

  it('impossible registration dates become null with a warning each, never a crash', () => {
    const { warnings, warn } = recordWarnings();
    const vehicle = toVehicle(vehicleRow({ DATA_REGJ: '00.00.0000', SKADON: '31.02.2011' }), warn);
    expect(vehicle.firstRegisteredOn).toBeNull();
    expect(vehicle.registrationExpiresOn).toBeNull();
    expect(warnings.map((warning) => warning.column).sort()).toEqual(['DATA_REGJ', 'SKADON']);
  });

  it('a plate the registry wrote in a form the gateway cannot read is kept as written, trimmed', () => {
    const { warn } = recordWarnings();
    expect(toVehicle(vehicleRow({ TARGA: 'KS 123 AB  ' }), warn).plate).toBe('KS 123 AB');
  });

  it('a licence row becomes a driving licence with its categories in upper case', () => {
    const { warnings, warn } = recordWarnings();
    expect(toDrivingLicence(licenceRow({ NR_PATENTES: 'DL00000042  ', NR_PERSONAL: '1234567890 ', KATEGORITE: 'b, c1 ', PIKET: 3, STATUSI: 'AKTIVE ' }), warn)).toEqual({
      number: 'DL00000042',
      categories: ['B', 'C1'],
      issuedOn: '2018-06-10',
      expiresOn: '2028-06-10',
      penaltyPoints: 3,
      status: 'VALID',
      holderPersonalNumber: '1234567890',
    });
    expect(warnings).toEqual([]);
  });

  it.each([
    ['AKTIVE ', 'VALID'],
    ['PEZULLUAR', 'SUSPENDED'],
    ['revokuar  ', 'REVOKED'],
  ])('licence status %j reads as %s', (code, status) => {
    const { warn } = recordWarnings();
    expect(toDrivingLicence(licenceRow({ STATUSI: code }), warn).status).toBe(status);
  });

  it('a licence with an unknown status or impossible dates still maps, with a warning each', () => {
    const { warnings, warn } = recordWarnings();
    const licence = toDrivingLicence(licenceRow({ STATUSI: 'ANULUAR', LESHUAR: '', SKADON: '2028-06-10', PIKET: null }), warn);
    expect(licence).toMatchObject({ number: 'DL00000042', status: null, issuedOn: null, expiresOn: null, penaltyPoints: null });
    expect(warnings.map((warning) => warning.column).sort()).toEqual(['LESHUAR', 'SKADON', 'STATUSI']);
    expect(warnings.every((warning) => warning.table === 'PATENTAT')).toBe(true);
  });

  it.each([
    ['b, c1 ', ['B', 'C1']],
    ['AM,A, b ,C1', ['AM', 'A', 'B', 'C1']],
    ['B;C  CE', ['B', 'C', 'CE']],
    ['B,b, B ,c,C', ['B', 'C']],
    ['', []],
    ['  ,  ', []],
  ])('the legacy category list %j reads as %j', (value, categories) => {
    expect(categoryList(value)).toEqual(categories);
  });

  it('a licence with no categories recorded has an empty list, not null', () => {
    const { warn } = recordWarnings();
    expect(categoryList(null)).toEqual([]);
    expect(toDrivingLicence(licenceRow({ KATEGORITE: null }), warn).categories).toEqual([]);
  });
});

describe('business registry answers', () => {
  const warnings: MappingWarning[] = [];
  const warn = (warning: MappingWarning) => warnings.push(warning);

  it('map a subject: legal form, status, a dd/MM/yyyy date, the seat', () => {
    expect(
      toCompany({ NumriBiznesit: ' 811817460 ', Emri: 'KRASNIQI TRANS SH.P.K.', FormaLigjore: 'SHPK', Statusi: 'REGJISTRUAR', DataRegjistrimit: '04/03/2011', AdresaId: '42' }, warn),
    ).toEqual({
      businessNumber: '811817460', name: 'KRASNIQI TRANS SH.P.K.', legalForm: 'LIMITED_LIABILITY_COMPANY', status: 'REGISTERED', registeredOn: '2011-03-04', seatAddressId: '42',
    });
  });

  it.each([
    ['BYTYÃ‡I AUTO SH.P.K.', 'BYTYÇI AUTO SH.P.K.'],
    ['B.I. DÃ‹SHIRA ISTREFI', 'B.I. DËSHIRA ISTREFI'],
    ['Ä†IRIÄ† TECH SH.K.', 'ĆIRIĆ TECH SH.K.'],
    ['Å½IVKOVIÄ† BAU SH.A.', 'ŽIVKOVIĆ BAU SH.A.'],
    ['GËRGURI TEX SH.P.K.', 'GËRGURI TEX SH.P.K.'],
    ['KRASNIQI SH.P.K.', 'KRASNIQI SH.P.K.'],
  ])('read a name stored twice-encoded back: %s is %s', (stored, name) => {
    expect(toCompany({ NumriBiznesit: '811817460', Emri: stored }, warn).name).toBe(name);
  });

  it('map odd values to null with a warning that names the element, never the value', () => {
    warnings.length = 0;
    const company = toCompany({ NumriBiznesit: '811817460', Emri: 'X', FormaLigjore: 'LTD', Statusi: 'AKTIV', DataRegjistrimit: '2011-03-04' }, warn);
    expect(company).toMatchObject({ legalForm: null, status: null, registeredOn: null, seatAddressId: null });
    expect(warnings.map((warning) => warning.column).sort()).toEqual(['DataRegjistrimit', 'FormaLigjore', 'Statusi']);
    expect(JSON.stringify(warnings)).not.toMatch(/LTD|AKTIV|2011/);
  });

  it('map owners with their shares written with a decimal comma, and representatives, one element or many', () => {
    expect(
      toMembers(
        {
          Pronari: [
            { LlojiPronarit: 'FIZIK', NumriPronarit: '1234567890', Pjesa: '66,67' },
            { LlojiPronarit: 'JURIDIK', NumriPronarit: '811817460', Pjesa: '33,33' },
            { LlojiPronarit: 'TJETER', NumriPronarit: '1', Pjesa: '1,00' },
          ],
          Perfaqesuesi: { NumriPersonal: '1234567890', Roli: 'DREJTOR' },
        },
        warn,
      ),
    ).toEqual({
      owners: [
        { ownerKind: 'PERSON', personalNumber: '1234567890', businessNumber: null, sharePercent: 66.67 },
        { ownerKind: 'COMPANY', personalNumber: null, businessNumber: '811817460', sharePercent: 33.33 },
      ],
      representatives: [{ personalNumber: '1234567890', role: 'DIRECTOR' }],
    });
    expect(toMembers({}, warn)).toEqual({ owners: [], representatives: [] });
  });
});
