import { getOperationAST, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { OperationCost } from '../../src/operation/cost.js';
import { everyField, selectionsOf, type SelectedField } from '../../src/operation/selections.js';
import { fieldsPerPerson } from '../../src/plugins/auditTrail.js';
import { SubjectNotes, type AnswerPath, type NotedSubjects } from '../../src/audit/subjectNotes.js';
import { buildSchema } from '../../src/schema.js';

const schema = buildSchema();
const P1 = '1111111111';
const P2 = '2222222222';
const person = (personalNumber: string) => ({ personalNumber, isPerson: true });
const thingOf = (personalNumber: string) => ({ personalNumber, isPerson: false });

/** The notes resolvers leave of whose the objects at these places are (`searchCitizens.nodes.0.vehicles`). */
function notes(entries: ReadonlyArray<readonly [place: string, subjects: NotedSubjects]>): SubjectNotes {
  const noted = new SubjectNotes();
  for (const [place, subjects] of entries) {
    const path = place.split('.').reduce<AnswerPath | undefined>((prev, key) => ({ prev, key: /^\d+$/.test(key) ? Number(key) : key }), undefined)!;
    noted.note(path, subjects);
  }
  return noted;
}

/** The paths recorded per person. */
function recorded(perPerson: Map<string, readonly string[]>): Record<string, readonly string[]> {
  return Object.fromEntries(perPerson);
}

/** The fields `source` selects with `variables`, after checking the document is one the gateway would run. */
function walk(source: string, variables: Record<string, unknown> = {}): readonly SelectedField[] {
  const document = parse(source);
  expect(validate(schema, document)).toEqual([]);
  return selectionsOf(schema, document, getOperationAST(document)!, variables);
}

/** Each field as `responsePath  path  parentType.fieldName`. */
function described(fields: readonly SelectedField[]): string[] {
  return [...everyField(fields)].map((field) => `${field.responsePath.join('.')}  ${field.path}  ${field.parentType.name}.${field.definition.name}`);
}

describe('the fields an operation selects', () => {
  it('are walked through named fragments, nested, in the order of the document', () => {
    const fields = walk(`
      query($p: PersonalNumber!) { citizen(personalNumber: $p) { ...Who address { ...Where } } }
      fragment Who on Citizen { firstName father { ...Name } }
      fragment Name on Citizen { lastName }
      fragment Where on Address { street municipality { nameSq } }
    `, { p: P1 });
    expect(described(fields)).toEqual([
      'citizen  citizen  Query.citizen',
      'citizen.firstName  citizen.firstName  Citizen.firstName',
      'citizen.father  citizen.father  Citizen.father',
      'citizen.father.lastName  citizen.father.lastName  Citizen.lastName',
      'citizen.address  citizen.address  Citizen.address',
      'citizen.address.street  citizen.address.street  Address.street',
      'citizen.address.municipality  citizen.address.municipality  Address.municipality',
      'citizen.address.municipality.nameSq  citizen.address.municipality.nameSq  Municipality.nameSq',
    ]);
  });

  it('keep inline fragments on an interface under their type condition, each type its own field', () => {
    const fields = walk(`{
      expiringDocuments(withinDays: 30) { nodes {
        number
        ... on IdentityDocument { kind holder { firstName } }
        ... on DrivingLicence { categories holder { lastName } }
      } }
    }`);
    expect(described(fields)).toEqual([
      'expiringDocuments  expiringDocuments  Query.expiringDocuments',
      'expiringDocuments.nodes  expiringDocuments.nodes  DocumentConnection.nodes',
      'expiringDocuments.nodes.number  expiringDocuments.nodes.number  Document.number',
      'expiringDocuments.nodes.kind  expiringDocuments.nodes.kind  IdentityDocument.kind',
      'expiringDocuments.nodes.holder  expiringDocuments.nodes.holder  IdentityDocument.holder',
      'expiringDocuments.nodes.holder.firstName  expiringDocuments.nodes.holder.firstName  Citizen.firstName',
      'expiringDocuments.nodes.categories  expiringDocuments.nodes.categories  DrivingLicence.categories',
      'expiringDocuments.nodes.holder  expiringDocuments.nodes.holder  DrivingLicence.holder',
      'expiringDocuments.nodes.holder.lastName  expiringDocuments.nodes.holder.lastName  Citizen.lastName',
    ]);
  });

  it('are keyed by alias in the answer and named by field in the path, each with its own arguments', () => {
    const [mine, theirs] = walk(`{ mine: citizen(personalNumber: "${P1}") { given: firstName } theirs: citizen(personalNumber: "${P2}") { firstName } }`);
    expect([mine!.responseKey, mine!.path, mine!.arguments]).toEqual(['mine', 'citizen', { personalNumber: P1 }]);
    expect([theirs!.responseKey, theirs!.path, theirs!.arguments]).toEqual(['theirs', 'citizen', { personalNumber: P2 }]);
    expect(mine!.children.map((field) => [field.responsePath, field.path])).toEqual([[['mine', 'given'], 'citizen.firstName']]);
  });

  it('merge the selections of one key, as the answer does', () => {
    const [citizen] = walk(`query($p: PersonalNumber!) { citizen(personalNumber: $p) { firstName } ...More }
      fragment More on Query { citizen(personalNumber: $p) { lastName } }`, { p: P1 });
    expect(citizen!.nodes).toHaveLength(2);
    expect(citizen!.children.map((field) => field.path)).toEqual(['citizen.firstName', 'citizen.lastName']);
  });

  it('leave out what @skip and @include drop for the variables given, on fields, inline fragments and spreads', () => {
    const source = `query($p: PersonalNumber!, $s: Boolean!, $i: Boolean!) {
      citizen(personalNumber: $p) {
        firstName @skip(if: $s)
        lastName @include(if: $i)
        ... on Citizen @skip(if: $s) { sex }
        ...Birth @include(if: $i)
        fatherName @include(if: true) @skip(if: false)
      }
    }
    fragment Birth on Citizen { dateOfBirth }`;
    const paths = (variables: Record<string, unknown>) => [...everyField(walk(source, variables))].map((field) => field.path);
    expect(paths({ p: P1, s: true, i: false })).toEqual(['citizen', 'citizen.fatherName']);
    expect(paths({ p: P1, s: false, i: true })).toEqual(['citizen', 'citizen.firstName', 'citizen.lastName', 'citizen.sex', 'citizen.dateOfBirth', 'citizen.fatherName']);
    const [citizen] = walk(source, { p: P1, s: false, i: true });
    expect(citizen!.children.at(-1)!.directives.map((directive) => directive.name.value)).toEqual(['include', 'skip']);
  });

  it('carry their arguments with variables applied and defaults filled in, or null when the variables do not fit', () => {
    const [search] = walk(`query($n: Int) { searchCitizens(filter: { lastName: "Ber" }, first: $n) { nodes { firstName } } }`, { n: 7 });
    expect(search!.arguments).toEqual({ filter: { lastName: 'Ber' }, first: 7 });
    expect(walk(`{ searchCitizens(filter: { lastName: "Ber" }) { nodes { firstName } } }`)[0]!.arguments).toEqual({ filter: { lastName: 'Ber' }, first: 20 });
    expect(walk(`query($p: [PersonalNumber!]!) { citizens(personalNumbers: $p) { firstName } }`, { p: [P1, P2] })[0]!.arguments).toEqual({ personalNumbers: [P1, P2] });
    expect(walk(`query($p: PersonalNumber!) { citizen(personalNumber: $p) { firstName } }`, { p: 'not a number' })[0]!.arguments).toBeNull();
  });
});

describe('the fields the audit trail records for each person', () => {
  it('follow fragments and aliases to the field names, a link to another person counting for both', () => {
    const fields = walk(`query($p: PersonalNumber!) { person: citizen(personalNumber: $p) { ...Who home: address { ...Where } spouse { ...Who } } }
      fragment Who on Citizen { given: firstName lastName }
      fragment Where on Address { street municipality { nameSq } }`, { p: P1 });
    const data = { person: { given: 'Arta', lastName: 'Berisha', home: { street: 'Rruga B', municipality: { nameSq: 'Prishtinë' } }, spouse: { given: 'Blerim', lastName: 'Berisha' } } };
    const perPerson = fieldsPerPerson(schema, fields, data, notes([['person', person(P1)], ['person.spouse', person(P2)]]));
    expect(recorded(perPerson)).toEqual({
      [P1]: ['address.municipality.nameSq', 'address.street', 'firstName', 'lastName', 'spouse'],
      [P2]: ['firstName', 'lastName'],
    });
  });

  it('follow inline fragments on an interface to what each holder was answered with', () => {
    const fields = walk(`{ expiringDocuments(withinDays: 30) { nodes { number ... on IdentityDocument { holder { firstName } } ... on DrivingLicence { holder { lastName } } } } }`);
    const data = { expiringDocuments: { nodes: [{ number: 'ID1', holder: { firstName: 'Arta' } }, { number: 'DL1', holder: { lastName: 'Berisha' } }] } };
    const perPerson = fieldsPerPerson(schema, fields, data, notes([['expiringDocuments.nodes.0.holder', person(P1)], ['expiringDocuments.nodes.1.holder', person(P2)]]));
    expect(recorded(perPerson)).toEqual({ [P1]: ['firstName'], [P2]: ['lastName'] });
  });

  it("record what is read of a person's vehicle or licence under that person, named from where it was reached, the person asked for or not", () => {
    const data = { vehicle: { make: 'Golf', model: 'VII' }, drivingLicence: { penaltyPoints: 4, holder: { firstName: 'Arta' } } };
    const fields = walk(`{ vehicle(plate: "01-234-AB") { make model } drivingLicence(number: "DL0001") { penaltyPoints holder { firstName } } }`);
    const subjects = notes([['vehicle', thingOf(P1)], ['drivingLicence', thingOf(P2)], ['drivingLicence.holder', person(P2)]]);
    expect(recorded(fieldsPerPerson(schema, fields, data, subjects))).toEqual({
      [P1]: ['vehicle.make', 'vehicle.model'],
      [P2]: ['drivingLicence.holder', 'drivingLicence.penaltyPoints', 'firstName'],
    });
  });

  it("record a person's own documents under them once, named from the person", () => {
    const data = { citizen: { documents: [{ number: 'ID1' }, { number: 'PP1' }] } };
    const fields = walk(`{ citizen(personalNumber: "${P1}") { documents { number } } }`);
    const subjects = notes([['citizen', person(P1)], ['citizen.documents', [thingOf(P1), thingOf(P1)]]]);
    expect(recorded(fieldsPerPerson(schema, fields, data, subjects))).toEqual({ [P1]: ['documents.number'] });
  });

  it('record each item of a list under whose it is, an item of no one staying with the person it was reached from', () => {
    const fields = walk(`{ searchCitizens(filter: { lastName: "Ber" }) { nodes { firstName vehicles { make } } } }`);
    const data = { searchCitizens: { nodes: [{ firstName: 'Arta', vehicles: [{ make: 'Golf' }, { make: 'Audi' }] }, { firstName: 'Blerim', vehicles: [] }] } };
    const subjects = notes([['searchCitizens.nodes', [person(P1), person(P2)]], ['searchCitizens.nodes.0.vehicles', [thingOf(P1), null]]]);
    expect(recorded(fieldsPerPerson(schema, fields, data, subjects))).toEqual({ [P1]: ['firstName', 'vehicles.make'], [P2]: ['firstName', 'vehicles'] });
  });

  it('record more fields than a word of marks holds, for more people than the first marks were made for, each person their own', () => {
    const fields = walk(`{ searchCitizens(filter: { lastName: "Ber" }, first: 40) { nodes {
      personalNumber firstName lastName fatherName sex dateOfBirth status maritalStatus
      address { street houseNumber apartment postalCode settlement { nameSq nameSr } municipality { code nameSq nameSr region } }
      vehicles { plate vin make model year colour fuel status }
      documents { kind number issuedOn expiresOn status }
      drivingLicence { number categories issuedOn expiresOn penaltyPoints status }
    } } }`);
    const vehicle = { plate: '01-234-AB', vin: 'V1', make: 'Golf', model: 'VII', year: 2015, colour: 'RED', fuel: 'DIESEL', status: 'ACTIVE' };
    const numbers = Array.from({ length: 40 }, (_, index) => String(1_000_000_000 + index));
    const nodes = numbers.map((personalNumber, index) => ({
      personalNumber, firstName: 'Arta', lastName: 'Berisha', fatherName: 'Agim', sex: 'F', dateOfBirth: '1990-01-01', status: 'ACTIVE', maritalStatus: 'SINGLE',
      address: { street: 'Rruga B', houseNumber: '1', apartment: null, postalCode: '10000', settlement: { nameSq: 'Prishtinë', nameSr: 'Priština' }, municipality: { code: 1, nameSq: 'Prishtinë', nameSr: 'Priština', region: 'Prishtinë' } },
      // Every other person owns no vehicle.
      vehicles: index % 2 === 0 ? [vehicle] : [],
      documents: [{ kind: 'ID_CARD', number: `ID${index}`, issuedOn: '2020-01-01', expiresOn: '2030-01-01', status: 'VALID' }],
      drivingLicence: { number: `DL${index}`, categories: ['B'], issuedOn: '2020-01-01', expiresOn: '2030-01-01', penaltyPoints: 0, status: 'VALID' },
    }));
    const subjects = notes([
      ['searchCitizens.nodes', numbers.map(person)],
      ...numbers.flatMap((personalNumber, index) => [
        [`searchCitizens.nodes.${index}.vehicles`, index % 2 === 0 ? [thingOf(personalNumber)] : []],
        [`searchCitizens.nodes.${index}.documents`, [thingOf(personalNumber)]],
        [`searchCitizens.nodes.${index}.drivingLicence`, thingOf(personalNumber)],
      ] as const),
    ]);
    const shared = [
      'personalNumber', 'firstName', 'lastName', 'fatherName', 'sex', 'dateOfBirth', 'status', 'maritalStatus',
      'address.street', 'address.houseNumber', 'address.apartment', 'address.postalCode', 'address.settlement.nameSq', 'address.settlement.nameSr',
      'address.municipality.code', 'address.municipality.nameSq', 'address.municipality.nameSr', 'address.municipality.region',
      'documents.kind', 'documents.number', 'documents.issuedOn', 'documents.expiresOn', 'documents.status',
      'drivingLicence.number', 'drivingLicence.categories', 'drivingLicence.issuedOn', 'drivingLicence.expiresOn', 'drivingLicence.penaltyPoints', 'drivingLicence.status',
    ];
    const owner = [...shared, 'vehicles.plate', 'vehicles.vin', 'vehicles.make', 'vehicles.model', 'vehicles.year', 'vehicles.colour', 'vehicles.fuel', 'vehicles.status'].sort();
    const perPerson = fieldsPerPerson(schema, fields, { searchCitizens: { nodes } }, subjects);
    expect(owner.length).toBeGreaterThan(31);
    expect(recorded(perPerson)).toEqual(Object.fromEntries(numbers.map((personalNumber, index) => [personalNumber, index % 2 === 0 ? owner : [...shared, 'vehicles'].sort()])));
  });
});

describe('the walk over answers to one document', () => {
  const source = (text: string) => {
    const document = parse(text);
    return { document, operationName: getOperationAST(document)!.name?.value ?? null };
  };
  const at = (document: ReturnType<typeof source>, variables: Record<string, unknown>) => selectionsOf(schema, document.document, getOperationAST(document.document)!, variables);

  it('serves every request of a document no variable reshapes, whoever each answer is about', () => {
    const check = source(`query Check($p: PersonalNumber!) { citizen(personalNumber: $p) { firstName spouse { lastName } } }`);
    const first = fieldsPerPerson(schema, at(check, { p: P1 }), { citizen: { firstName: 'Arta', spouse: null } }, notes([['citizen', person(P1)]]), check);
    const second = fieldsPerPerson(schema, at(check, { p: P2 }), { citizen: { firstName: 'Blerim', spouse: { lastName: 'Berisha' } } }, notes([['citizen', person(P2)], ['citizen.spouse', person(P1)]]), check);
    expect(recorded(first)).toEqual({ [P1]: ['firstName', 'spouse'] });
    expect(recorded(second)).toEqual({ [P2]: ['firstName', 'spouse'], [P1]: ['lastName'] });
  });

  it('follows what @include and @skip on a variable leave in each request', () => {
    const check = source(`query Check($p: PersonalNumber!, $more: Boolean!) { citizen(personalNumber: $p) { firstName lastName @include(if: $more) } }`);
    const subjects = notes([['citizen', person(P1)]]);
    const without = fieldsPerPerson(schema, at(check, { p: P1, more: false }), { citizen: { firstName: 'Arta' } }, subjects, check);
    const withMore = fieldsPerPerson(schema, at(check, { p: P1, more: true }), { citizen: { firstName: 'Arta', lastName: 'Berisha' } }, subjects, check);
    expect(recorded(without)).toEqual({ [P1]: ['firstName'] });
    expect(recorded(withMore)).toEqual({ [P1]: ['firstName', 'lastName'] });
  });
});

describe('the cost of an operation', () => {
  const cost = new OperationCost(schema);

  it('is each field 1 and what it selects, times the size of the list it returns', () => {
    // 3 × (1 + firstName 1 + household 10 × (1 + 1)) = 3 × 22.
    expect(cost.of(walk(`query($p: [PersonalNumber!]!) { citizens(personalNumbers: $p) { firstName household { lastName } } }`, { p: [P1, P2, P1] }))).toBe(66);
  });

  it('takes the page size from `first`, its default when not given', () => {
    const page = (first: string) => cost.of(walk(`{ searchCitizens(filter: { lastName: "Ber" }${first}) { nodes { firstName } pageInfo { hasNextPage } } }`));
    // first × (1 + nodes (1 + 1) + pageInfo (1 + 1)).
    expect(page(', first: 5')).toBe(5 * 5);
    expect(page('')).toBe(20 * 5);
  });

  it('counts selections on an interface for the dearest type it may be, and nothing for __typename or introspection', () => {
    const documents = `{ expiringDocuments(withinDays: 30, first: 2) { nodes { __typename number ... on IdentityDocument { kind } ... on DrivingLicence { categories penaltyPoints } } } __schema { queryType { name } } }`;
    // 2 × (1 + nodes (1 + number 1 + the licence's 2)).
    expect(cost.of(walk(documents))).toBe(2 * (1 + 1 + 1 + 2));
  });
});

describe('the fields of an operation run again', () => {
  const operationOf = (text: string) => {
    const document = parse(text);
    expect(validate(schema, document)).toEqual([]);
    return { document, operation: getOperationAST(document)! };
  };

  it('are walked once when no variable is used: every request reads the same tree', () => {
    const { document, operation } = operationOf(`{ municipality(code: 1) { nameSq } }`);
    expect(selectionsOf(schema, document, operation)).toBe(selectionsOf(schema, document, operation));
  });

  it("carry each request's own arguments, and keep what takes no variable from the first walk", () => {
    const { document, operation } = operationOf(`
      query Page($first: Int!) { searchCitizens(filter: { municipalityCode: 1 }, first: $first) { nodes { firstName father { lastName } } } }
    `);
    const ten = selectionsOf(schema, document, operation, { first: 10 });
    const fifty = selectionsOf(schema, document, operation, { first: 50 });
    expect(ten[0]!.arguments).toEqual({ filter: { municipalityCode: 1 }, first: 10 });
    expect(fifty[0]!.arguments).toEqual({ filter: { municipalityCode: 1 }, first: 50 });
    expect(described(ten)).toEqual(described(fifty));
    // What hangs below the field that takes the variable is the same for both.
    expect(fifty[0]!.children).toBe(ten[0]!.children);
    expect(new OperationCost(schema).of(fifty)).toBeGreaterThan(new OperationCost(schema).of(ten));
  });

  it('are walked again for each request where @skip or @include hangs on a variable', () => {
    const { document, operation } = operationOf(`query($more: Boolean!) { municipality(code: 1) { nameSq code @include(if: $more) } }`);
    expect(described(selectionsOf(schema, document, operation, { more: false }))).toHaveLength(2);
    expect(described(selectionsOf(schema, document, operation, { more: true }))).toHaveLength(3);
  });
});
