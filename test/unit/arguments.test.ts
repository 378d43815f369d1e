import { describe, expect, it } from 'vitest';
import {
  addressId, afterCitizen, afterDocument, citizenCursor, documentCursor, integerIn, documentNumber, listOf, namePrefix, pageSize, plate, vin,
} from '../../resolvers/arguments.js';
import { CursorSeal } from '../../src/cursors.js';
import { GatewayError } from '../../src/errors.js';

/** Asserts `run` refuses its input as BAD_USER_INPUT for `argumentName`, without repeating `given`. */
function expectBadArgument(run: () => unknown, argumentName: string, given?: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(GatewayError);
  const error = thrown as GatewayError;
  expect(error.code).toBe('BAD_USER_INPUT');
  expect(error.details.argumentName).toBe(argumentName);
  if (given) expect(error.message).not.toContain(given);
}

/** A cursor as a caller could forge it: any JSON, base64url-encoded. */
function forged(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('page sizes and ranges', () => {
  it('a page holds 20 items unless the caller asks for 1 to 100', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(null)).toBe(20);
    expect(pageSize(1)).toBe(1);
    expect(pageSize(100)).toBe(100);
  });

  it.each([0, -1, 101, 2.5, Number.NaN])('a page size of %d is refused for "first"', (first) => {
    expectBadArgument(() => pageSize(first), 'first');
  });

  it('an integer argument outside its range is refused under its own name; its bounds are allowed', () => {
    expect(integerIn('withinDays', 0, 0, 366)).toBe(0);
    expect(integerIn('withinDays', 366, 0, 366)).toBe(366);
    expectBadArgument(() => integerIn('withinDays', 367, 0, 366), 'withinDays');
    expectBadArgument(() => integerIn('withinDays', -1, 0, 366), 'withinDays');
    expectBadArgument(() => integerIn('code', 1.5, 1, 9999), 'code');
  });
});

describe('identifiers', () => {
  it.each([
    ['01 234 ab', '01-234-AB'],
    ['01234AB', '01-234-AB'],
    [' 07-001-zz ', '07-001-ZZ'],
  ])('the plate %j is looked up as %s', (value, canonical) => {
    expect(plate(value)).toBe(canonical);
  });

  it.each(['08-234-AB', '1-234-AB', '01-234-A', 'AB-123-01', ''])('the plate %j is refused before any registry is asked', (value) => {
    expectBadArgument(() => plate(value), 'plate');
  });

  it('a VIN is looked up in upper case, whatever case and blanks it was given in', () => {
    expect(vin(' wvwzzz1jzxw000001 ')).toBe('WVWZZZ1JZXW000001');
    expect(vin('1HGCM82633A004352')).toBe('1HGCM82633A004352');
  });

  it.each([
    ['16 characters', 'WVWZZZ1JZXW00000'],
    ['18 characters', 'WVWZZZ1JZXW0000011'],
    ['an I', 'WVWZZZ1JZXI000001'],
    ['an O', 'WVWZZZ1JZXO000001'],
    ['a Q', 'WVWZZZ1JZXQ000001'],
    ['a lower-case o', 'wvwzzz1jzxo000001'],
    ['a hyphen', 'WVWZZZ1JZX-000001'],
  ])('a VIN with %s is refused', (_, value) => {
    expectBadArgument(() => vin(value), 'vin', value);
  });

  it('a document number is looked up in upper case', () => {
    expect(documentNumber(' dl00000042 ')).toBe('DL00000042');
    expect(documentNumber('AB12')).toBe('AB12');
    expect(documentNumber('ABCDEF123456')).toBe('ABCDEF123456');
  });

  it.each(['AB1', 'ABCDEF1234567', 'DL-0000042', "DL0' OR 1=1", ''])('the document number %j is refused under "number"', (value) => {
    expectBadArgument(() => documentNumber(value), 'number', value);
  });

  it('an address id is a positive whole number of up to 18 digits', () => {
    expect(addressId('1')).toBe('1');
    expect(addressId('900000000000000001')).toBe('900000000000000001');
  });

  it.each(['0', '042', '-1', '1.5', '1e3', ' 42', '1000000000000000000', 'abc', ''])('the address id %j is refused under "id"', (value) => {
    expectBadArgument(() => addressId(value), 'id');
  });
});

describe('name prefixes', () => {
  it('an absent name prefix means no filter', () => {
    expect(namePrefix('lastName', undefined)).toBeUndefined();
    expect(namePrefix('lastName', null)).toBeUndefined();
  });

  it.each([
    [' Đor ', 'Đor'],
    ['Çeku', 'Çeku'],
    ["O'Brien", "O'Brien"],
    ['Jean-Luc', 'Jean-Luc'],
    ['Van der Berg', 'Van der Berg'],
    ['Yılmaz', 'Yılmaz'],
  ])('the name prefix %j searches as %j', (value, searched) => {
    expect(namePrefix('lastName', value)).toBe(searched);
  });

  it.each([
    ['a SQL wildcard %', 'Kra%'],
    ['a SQL wildcard _', 'Kr_sniqi'],
    ['a leading digit', '1Arben'],
    ['a leading hyphen', '-Arben'],
    ['only blanks', '   '],
    ['51 letters', 'a'.repeat(51)],
  ])('a name prefix with %s is refused under its own argument name', (_, value) => {
    expectBadArgument(() => namePrefix('firstName', value), 'firstName');
  });

  it('a name prefix of exactly 50 letters is accepted', () => {
    expect(namePrefix('lastName', 'a'.repeat(50))).toBe('a'.repeat(50));
  });
});

describe('cursors', () => {
  const seal = CursorSeal.withRandomKey();
  const LIST = listOf('searchCitizens', { lastNamePrefix: 'Ber' });

  it('a citizen cursor leads back to the citizen it was made after', () => {
    expect(afterCitizen(seal, LIST, citizenCursor(seal, LIST, '0123456789'))).toBe('0123456789');
  });

  it('a document cursor leads back to the document position it was made after', () => {
    const position = { expiresOn: '2026-03-31', number: 'DL00000042' };
    expect(afterDocument(seal, LIST, documentCursor(seal, LIST, position))).toEqual(position);
  });

  it('no cursor means the first page', () => {
    expect(afterCitizen(seal, LIST, null)).toBeNull();
    expect(afterCitizen(seal, LIST, undefined)).toBeNull();
    expect(afterDocument(seal, LIST, null)).toBeNull();
    expect(afterDocument(seal, LIST, undefined)).toBeNull();
  });

  it('a cursor is sealed: neither it nor its decoded bytes show the personal number or the document number it stands for', () => {
    for (const cursor of [citizenCursor(seal, LIST, '0123456789'), documentCursor(seal, LIST, { expiresOn: '2026-03-31', number: 'DL00000042' })]) {
      const bytes = Buffer.from(cursor, 'base64url').toString('latin1');
      for (const shown of [cursor, bytes]) expect(shown).not.toMatch(/0123456789|DL00000042|2026-03-31|citizen|document/);
    }
  });

  it('a cursor made under another key, or with one byte changed, is refused for "after"', () => {
    expectBadArgument(() => afterCitizen(seal, LIST, citizenCursor(CursorSeal.withRandomKey(), LIST, '0123456789')), 'after');
    const bytes = Buffer.from(citizenCursor(seal, LIST, '0123456789'), 'base64url');
    bytes[bytes.length - 20]! ^= 1;
    expectBadArgument(() => afterCitizen(seal, LIST, bytes.toString('base64url')), 'after');
  });

  it('a cursor of another list of the same kind (another filter, another address, another person) is refused for "after"', () => {
    const cursor = citizenCursor(seal, LIST, '0123456789');
    for (const other of [listOf('searchCitizens', { lastNamePrefix: 'Bes' }), listOf('Address.residents', '1'), listOf('myDataAccess', '0123456789')]) {
      expectBadArgument(() => afterCitizen(seal, other, cursor), 'after');
    }
  });

  it('a document cursor given to a citizen list, or the reverse, is refused for "after"', () => {
    expectBadArgument(() => afterCitizen(seal, LIST, documentCursor(seal, LIST, { expiresOn: '2026-03-31', number: 'DL00000042' })), 'after');
    expectBadArgument(() => afterDocument(seal, LIST, citizenCursor(seal, LIST, '0123456789')), 'after');
  });

  it.each([
    ['plain text', 'not-a-cursor'],
    ['an empty string', ''],
    ['a personal number', '0123456789'],
    ['encoded JSON, as cursors were once written', forged({ k: 'citizen', p: '0123456789' })],
    ['an encoded string', forged('0123456789')],
  ])('garbage (%s) given as a citizen cursor is refused for "after"', (_, value) => {
    expectBadArgument(() => afterCitizen(seal, LIST, value), 'after');
  });

  // Sealed by the gateway's own key, yet not a position it makes: refused all the same.
  it.each([
    ['a short personal number', { k: 'citizen', p: '12345' }],
    ['a numeric personal number', { k: 'citizen', p: 123456789 }],
    ['SQL in the personal number', { k: 'citizen', p: "0' OR '1'='1" }],
    ['no kind', { p: '0123456789' }],
  ])('a citizen cursor holding %s is refused for "after"', (_, value) => {
    expectBadArgument(() => afterCitizen(seal, LIST, seal.seal(value, LIST)), 'after');
  });

  it.each([
    ['no number', { k: 'document', e: '2026-03-31' }],
    ['a lower-case number', { k: 'document', e: '2026-03-31', n: 'dl00000042' }],
    ['SQL in the number', { k: 'document', e: '2026-03-31', n: "X' OR 1=1 --" }],
    ['a dotted date', { k: 'document', e: '31.03.2026', n: 'DL00000042' }],
    ['a date with a time', { k: 'document', e: '2026-03-31T00:00:00Z', n: 'DL00000042' }],
    ['30 February', { k: 'document', e: '2026-02-30', n: 'DL00000042' }],
  ])('a document cursor holding %s is refused for "after"', (_, value) => {
    expectBadArgument(() => afterDocument(seal, LIST, seal.seal(value, LIST)), 'after');
  });
});
