import { describe, expect, it } from 'vitest';
import { CODECS, type EntityKind } from '../../src/cache/index.js';
import type { Address, Citizen, Company, DrivingLicence, FamilyLink, IdentityDocument, Municipality, Settlement, Vehicle } from '../../src/domain.js';

const citizen: Citizen = {
  personalNumber: '1234567890', firstName: 'Đorđe', lastName: 'Çeku', fatherName: null, sex: 'MALE', dateOfBirth: '1980-02-29',
  placeOfBirthCode: 7, maritalStatus: 'MARRIED', status: 'ALIVE', dateOfDeath: null, addressId: '100042',
};
const link: FamilyLink = { personalNumber: '1234567890', relatedNumber: '1111111111', relation: 'SPOUSE' };
const document: IdentityDocument = { kind: 'PASSPORT', number: 'P01234567', issuedOn: '2020-01-02', expiresOn: '2030-01-01', status: 'VALID', holderPersonalNumber: '1234567890' };
const address: Address = { id: '100042', street: 'Rruga UÇK', houseNumber: '12A', apartment: null, postalCode: '10000', settlementId: 3, municipalityCode: 7, active: true };
const settlement: Settlement = { id: 3, nameSq: 'Viti', nameSr: 'Vitina', municipalityCode: 7 };
const municipality: Municipality = { code: 7, nameSq: 'Viti', nameSr: 'Vitina', region: 5 };
const vehicle: Vehicle = {
  plate: '05-123-AB', vin: 'WVWZZZ1JZXW000001', make: 'Volkswagen', model: 'Golf', year: 2004, colour: 'e zezë', fuel: 'DIESEL',
  firstRegisteredOn: '2004-05-06', registrationExpiresOn: '2026-05-06', status: 'ACTIVE', ownerKind: 'PERSON', ownerPersonalNumber: '1234567890',
  ownerBusinessNumber: null,
};
const licence: DrivingLicence = { number: 'DL123456', categories: ['AM', 'B'], issuedOn: '2015-01-01', expiresOn: '2025-01-01', penaltyPoints: 3, status: 'VALID', holderPersonalNumber: '1234567890' };

const company: Company = { businessNumber: '811817460', name: 'KRASNIQI TRANS SH.P.K.', legalForm: 'LIMITED_LIABILITY_COMPANY', status: 'REGISTERED', registeredOn: '2011-03-04', seatAddressId: '42' };

/** A value of every kind, as its fetcher answers for one key. */
const samples: { [K in EntityKind]: Array<unknown> } = {
  citizenByPersonalNumber: [citizen, null],
  residentsByAddress: [[citizen, { ...citizen, personalNumber: '1234567891', addressId: null }], []],
  familyLinksByPerson: [[link], []],
  childrenByParent: [['1234567891', '1234567892'], []],
  documentsByHolder: [[document], []],
  identityDocumentByNumber: [document, null],
  residencesByPerson: [[{ personalNumber: '1234567890', addressId: '42', from: '2000-01-01', to: '2011-05-04', endReason: 'MOVED' }, { personalNumber: '1234567890', addressId: '7', from: '2011-05-05', to: null, endReason: null }], []],
  addressById: [address, null],
  settlementById: [settlement, null],
  municipalityByCode: [municipality, null],
  vehicleByPlate: [vehicle, null],
  vehicleByVin: [vehicle, null],
  vehiclesByOwner: [[vehicle, { ...vehicle, plate: '05-124-AB', ownerKind: 'COMPANY', ownerPersonalNumber: null, ownerBusinessNumber: '810000001' }], []],
  drivingLicenceByNumber: [licence, null],
  drivingLicenceByHolder: [licence, null],
  companyByNumber: [company, null],
  membersOfCompany: [
    {
      owners: [
        { ownerKind: 'PERSON', personalNumber: '1234567890', businessNumber: null, sharePercent: 66.67 },
        { ownerKind: 'COMPANY', personalNumber: null, businessNumber: '811817460', sharePercent: 33.33 },
      ],
      representatives: [{ personalNumber: '1234567890', role: 'DIRECTOR' }],
    },
    { owners: [], representatives: [] },
    null,
  ],
  companiesOwnedBy: [[company], []],
  companiesRepresentedBy: [[company], []],
  vehiclesOfCompany: [[{ ...vehicle, ownerKind: 'COMPANY', ownerPersonalNumber: null, ownerBusinessNumber: '811817460' }], []],
};

describe('cached values', () => {
  it.each(Object.entries(samples))('of kind %s come back exactly as they were stored', (kind, values) => {
    const codec = CODECS[kind as EntityKind] as { encode(value: unknown): string; decode(text: string): unknown };
    for (const value of values) expect(codec.decode(codec.encode(value))).toEqual(value);
  });

  it('are stored without field names, under half the size of the plain JSON', () => {
    const stored = CODECS.citizenByPersonalNumber.encode(citizen);
    expect(stored).not.toContain('personalNumber');
    expect(stored.length).toBeLessThan(JSON.stringify(citizen).length / 2);
    expect(CODECS.vehiclesByOwner.encode([vehicle]).length).toBeLessThan(JSON.stringify([vehicle]).length / 2);
  });

  it('of another shape are refused rather than read as a wrong entity', () => {
    expect(() => CODECS.citizenByPersonalNumber.decode(JSON.stringify(citizen))).toThrow();
    expect(() => CODECS.citizenByPersonalNumber.decode('["1234567890","Đorđe"]')).toThrow();
    expect(() => CODECS.residentsByAddress.decode('{"a":1}')).toThrow();
    expect(() => CODECS.childrenByParent.decode('[1,2]')).toThrow();
    expect(() => CODECS.addressById.decode('not json')).toThrow();
  });
});
