import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema.js';

const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

interface Described {
  description?: string | null;
}

// Read through toConfig(): its shape tells the kinds apart without graphql's class checks.
interface TypeConfig extends Described {
  name: string;
  fields?: Record<string, Described & { args?: Record<string, Described> }>;
  values?: Record<string, Described>;
}

/** Every part of the gateway's own schema that a client reads about in its documentation. */
function documentedParts(): Array<{ where: string; description: string | null | undefined }> {
  const parts: Array<{ where: string; description: string | null | undefined }> = [];
  for (const type of Object.values(buildSchema().getTypeMap())) {
    if (type.name.startsWith('__') || BUILT_IN_SCALARS.has(type.name)) continue;
    const config = type.toConfig() as TypeConfig;
    parts.push({ where: `type ${type.name}`, description: config.description });
    for (const [fieldName, field] of Object.entries(config.fields ?? {})) {
      parts.push({ where: `${type.name}.${fieldName}`, description: field.description });
      for (const [argumentName, argument] of Object.entries(field.args ?? {})) {
        parts.push({ where: `${type.name}.${fieldName}(${argumentName})`, description: argument.description });
      }
    }
    for (const [valueName, value] of Object.entries(config.values ?? {})) {
      parts.push({ where: `${type.name}.${valueName}`, description: value.description });
    }
  }
  return parts;
}

describe('the gateway schema', () => {
  it('builds from the SDL with its resolvers', () => {
    expect(() => buildSchema()).not.toThrow();
  });

  it('answers the lookups and lists clients are told about', () => {
    const queries = Object.keys(buildSchema().getQueryType()?.getFields() ?? {});
    expect(queries).toEqual(
      expect.arrayContaining([
        'citizen', 'citizens', 'searchCitizens', 'address', 'municipality', 'municipalities',
        'vehicle', 'vehicleByVin', 'drivingLicence', 'expiringDocuments',
      ]),
    );
  });

  it('documents every type, field, argument, input field and enum value of its own', () => {
    const parts = documentedParts();
    const where = parts.map((part) => part.where);
    // The walk must reach each kind of part, or finding nothing undocumented would prove nothing.
    expect(where).toEqual(
      expect.arrayContaining([
        'type Query', 'type Citizen', 'type PersonalNumber', 'type CitizenFilter', 'type Document', 'type Fuel',
        'Query.vehicle', 'Query.vehicle(plate)', 'CitizenFilter.lastName', 'Document.number', 'Fuel.DIESEL',
      ]),
    );
    expect(where.some((part) => part.startsWith('type __') || part === 'type String')).toBe(false);
    const undocumented = parts.filter((part) => (part.description ?? '').trim() === '').map((part) => part.where);
    expect(undocumented).toEqual([]);
  });
});
