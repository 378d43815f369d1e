import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ScopeRules } from '../../src/auth/scopes.js';
import { everyField, selectionsOf } from '../../src/operation/selections.js';
import { buildSchema } from '../../src/schema.js';

const schema = buildSchema();
const rules = new ScopeRules(schema);

describe('the scopes of the schema', () => {
  it.each([
    ['Citizen', 'firstName', [['identity']]],
    ['Citizen', 'personalNumber', [['identity', 'verification']]],
    ['Citizen', 'address', [['address']]],
    ['Citizen', 'spouse', [['family']]],
    ['Citizen', 'isAlive', [['verification']]],
    ['Citizen', 'vehicles', [['vehicles']]],
    ['Address', 'street', [['address']]],
    ['Vehicle', 'owner', [['vehicles']]],
    ['IdentityDocument', 'number', [['documents']]],
    ['DrivingLicence', 'categories', [['licences']]],
    ['Document', 'number', [['documents'], ['licences']]],
    ['Query', 'citizens', [['identity', 'verification']]],
    ['Query', 'expiringDocuments', [['documents'], ['licences']]],
    ['Query', '__schema', [['schema']]],
    ['Query', 'myDataAccess', [['access-log']]],
    ['DataAccess', 'fields', [['access-log']]],
    ['Municipality', 'nameSq', []],
  ])('%s.%s takes %j', (type, field, requirement) => {
    expect(rules.requirement(type, field)).toEqual(requirement);
  });

  it('leave open only reference data and the structure of pages', () => {
    const open: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !('getFields' in type) || !('getInterfaces' in type)) continue;
      for (const field of Object.keys(type.getFields())) if (rules.requirement(type.name, field).length === 0) open.push(`${type.name}.${field}`);
    }
    expect(open.filter((field) => !/^(Municipality|Settlement|PageInfo|CitizenConnection|DocumentConnection|DataAccessConnection|VoterConnection|AddressConnection)\./.test(field)).sort()).toEqual([
      'Query.municipalities',
      'Query.municipality',
    ]);
  });
});

describe('what reading the fields of an operation takes', () => {
  it('is each field\'s own requirement, through fragments and inline fragments; __typename and what introspection selects are open', () => {
    const document = parse(`
      query Check($p: PersonalNumber!) {
        citizen(personalNumber: $p) { ...Names address { ... on Address { street } } }
        __schema { types { name } }
        __typename
      }
      fragment Names on Citizen { firstName father { lastName } }
    `);
    const operation = document.definitions[0]!;
    if (operation.kind !== 'OperationDefinition') throw new Error('expected the operation first');
    const fields = [...everyField(selectionsOf(schema, document, operation, { p: '1234567890' }))];
    expect(fields.map((field) => [field.path, rules.requirementOf(field)])).toEqual([
      ['citizen', [['identity', 'verification']]],
      ['citizen.firstName', [['identity']]],
      ['citizen.father', [['family']]],
      ['citizen.father.lastName', [['identity']]],
      ['citizen.address', [['address']]],
      ['citizen.address.street', [['address']]],
      ['__schema', [['schema']]],
      ['__schema.types', []],
      ['__schema.types.name', []],
      ['__typename', []],
    ]);
  });
});
