import { describe, expect, it } from 'vitest';
import { fieldsOf, subjectColumns, subjectsOf, type SubjectRead } from '../../src/audit/records.js';

describe("a record's people, as the trail keeps them", () => {
  it("write each list of paths once, the same as the one before as `=`, the same as an earlier person's by their position, and read back exactly what was written", () => {
    const subjects: SubjectRead[] = [
      { personalNumber: '1000000001', fieldPaths: ['address.street', 'lastName'] },
      { personalNumber: '1000000002', fieldPaths: ['address.street', 'lastName'] },
      { personalNumber: '1000000003', fieldPaths: [] },
      { personalNumber: '1000000004', fieldPaths: [] },
      { personalNumber: '1000000005', fieldPaths: ['firstName'] },
      { personalNumber: '1000000006', fieldPaths: ['address.street', 'lastName'] },
    ];
    const columns = subjectColumns(subjects);
    expect(columns).toEqual({
      people: '1000000001,1000000002,1000000003,1000000004,1000000005,1000000006',
      fields: 'address.street,lastName;=;;=;firstName;=0',
    });
    expect(subjectsOf(columns)).toEqual(subjects);
    // One person's fields, read without the others'.
    for (const { personalNumber, fieldPaths } of subjects) expect(fieldsOf(columns, personalNumber)).toEqual(fieldPaths);
    expect(fieldsOf(columns, '1000000009')).toEqual([]);
  });

  it('read a record written before lists were referred to by position as it was written', () => {
    const columns = { people: '1000000001,1000000002,1000000003', fields: 'lastName;=;lastName' };
    expect(subjectsOf(columns).map(({ fieldPaths }) => fieldPaths)).toEqual([['lastName'], ['lastName'], ['lastName']]);
    expect(fieldsOf(columns, '1000000002')).toEqual(['lastName']);
  });

  it('read a reference that is not to an earlier person as no fields, and stop', () => {
    const columns = { people: '1000000001,1000000002,1000000003,1000000004', fields: 'lastName;=1;=7;=x' };
    expect(subjectsOf(columns).map(({ fieldPaths }) => fieldPaths)).toEqual([['lastName'], [], [], []]);
    for (const personalNumber of ['1000000002', '1000000003', '1000000004']) expect(fieldsOf(columns, personalNumber)).toEqual([]);
  });

  it('read back one person, and none', () => {
    for (const subjects of [[], [{ personalNumber: '1000000001', fieldPaths: [] }], [{ personalNumber: '1000000001', fieldPaths: ['isAlive'] }]]) {
      expect(subjectsOf(subjectColumns(subjects))).toEqual(subjects);
    }
  });
});
