import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import codegenConfig from '../../codegen.js';
import { buildSchema, PRINTED_SCHEMA_FILE, printedSchema } from '../../src/schema.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GENERATED_TYPES_FILE = path.join(ROOT, 'resolvers', 'types.generated.ts');

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

  it('closes every description of data with the registry that owns it and the scopes that read it', () => {
    const schema = buildSchema();
    const fieldOf = (type: string, field: string) => (schema.getType(type) as GraphQLObjectType).getFields()[field]!.description;
    expect(fieldOf('Citizen', 'hasValidLicence')).toMatch(/Registry: the vehicle and driving-licence registry\.\n\nScope: `verification`\.$/);
    expect(fieldOf('Citizen', 'personalNumber')).toMatch(/Registry: the Civil Registration Agency's civil registry\.\n\nScope: `identity` or `verification`\.$/);
    expect(fieldOf('Citizen', 'address')).toMatch(/Registry: the address register\.\n\nScope: `address`\.$/);
    expect(fieldOf('Address', 'residents')).toMatch(/Registry: the Civil Registration Agency's civil registry\.\n\nScope: `address`\.$/);
    expect(fieldOf('Query', 'expiringDocuments')).toMatch(/civil registry and the vehicle and driving-licence registry\.\n\nScopes: `documents` and `licences`\.$/);
    expect(fieldOf('Query', 'municipalities')).toMatch(/Registry: the address register\.\n\nScope: none; every consumer reads it\.$/);
    expect(schema.getType('Citizen')?.description).toMatch(/Registry: the Civil Registration Agency's civil registry\.\n\nScope: `identity`\.$/);
    // Every field of a type whose data a registry owns says which, and what reads it.
    for (const type of Object.values(schema.getTypeMap())) {
      if (!(type instanceof GraphQLObjectType) || !type.astNode?.directives?.some((directive) => directive.name.value === 'owner')) continue;
      for (const field of Object.values(type.getFields())) {
        expect(field.description, `${type.name}.${field.name}`).toMatch(/\n\nRegistry: [^\n]+\.\n\nScopes?: [^\n]+\.$/);
      }
    }
  });

  it('is printed in schema.graphql as it is served, so every change of the public API shows in review', () => {
    const printed = readFileSync(PRINTED_SCHEMA_FILE, 'utf8');
    expect(printed, 'schema.graphql is out of date: run npm run schema:print and commit it').toBe(printedSchema());
  });

  it('types its resolvers in resolvers/types.generated.ts from the SDL as it is, so a changed field or argument fails the compile', async () => {
    // Generated in memory from the config `npm run schema:types` writes with.
    const outputs: Array<{ filename: string; content: string }> = await generate({ ...codegenConfig, cwd: ROOT }, false);
    expect(outputs.map((output) => path.resolve(ROOT, output.filename))).toEqual([GENERATED_TYPES_FILE]);
    const generated = readFileSync(GENERATED_TYPES_FILE, 'utf8');
    expect(generated, 'resolvers/types.generated.ts is out of date: run npm run schema:types and commit it').toBe(outputs[0]?.content);
  });
});

