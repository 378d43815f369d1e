import { describe, expect, it } from 'vitest';
import { invalidationTargets, MAX_INVALIDATION_ENTITIES } from '../../src/admin/adminRoutes.js';

describe('an invalidation request', () => {
  it('names entities by their graph type and registry key, which are brought to their canonical form', () => {
    expect(
      invalidationTargets({
        entities: [
          { type: 'Citizen', key: '1234567890' },
          { type: 'Address', key: '100042' },
          { type: 'Settlement', key: 3 },
          { type: 'Municipality', key: 7 },
          { type: 'Vehicle', key: '05 123 ab' },
          { type: 'DrivingLicence', key: 'dl123456' },
          { type: 'IdentityDocument', key: 'p0123456' },
          { type: 'Company', key: '811817460' },
        ],
      }),
    ).toEqual([
      { type: 'Citizen', key: '1234567890' },
      { type: 'Address', key: '100042' },
      { type: 'Settlement', key: 3 },
      { type: 'Municipality', key: 7 },
      { type: 'Vehicle', key: '05-123-AB' },
      { type: 'DrivingLicence', key: 'DL123456' },
      { type: 'IdentityDocument', key: 'P0123456' },
      { type: 'Company', key: '811817460' },
    ]);
  });

  it.each([
    [{ type: 'Citizen', key: 1234567890 }, 'entities[0]: a Citizen key is a personal number'],
    [{ type: 'Citizen', key: '123456789' }, 'entities[0]: a Citizen key is a personal number'],
    [{ type: 'Address', key: '0' }, 'entities[0]: an Address key'],
    [{ type: 'Municipality', key: '7' }, 'entities[0]: a Municipality key'],
    [{ type: 'Vehicle', key: '08-123-AB' }, 'entities[0]: a Vehicle key'],
    [{ type: 'IdentityDocument', key: 'P01' }, 'entities[0]: an IdentityDocument key is a document number'],
    [{ type: 'Passport', key: 'P0123456' }, 'entities[0]: type must be one of Citizen, Address'],
    [{ type: 'Company', key: '81181746' }, 'entities[0]: a Company key is a business number'],
    [null, 'entities[0]: type must be one of'],
  ])('refuses %j, saying which entity and why without repeating its key', (entity, message) => {
    const refusal = invalidationTargets({ entities: [entity] });
    expect(refusal).toEqual(expect.stringContaining(message));
    expect(refusal).not.toMatch(/123456789|08-123|P01/);
  });

  it(`takes from 1 to ${MAX_INVALIDATION_ENTITIES} entities`, () => {
    expect(typeof invalidationTargets({ entities: [] })).toBe('string');
    expect(typeof invalidationTargets({})).toBe('string');
    expect(typeof invalidationTargets(null)).toBe('string');
    const many = Array.from({ length: MAX_INVALIDATION_ENTITIES + 1 }, () => ({ type: 'Municipality', key: 1 }));
    expect(typeof invalidationTargets({ entities: many })).toBe('string');
    expect(invalidationTargets({ entities: many.slice(1) })).toHaveLength(MAX_INVALIDATION_ENTITIES);
  });
});
