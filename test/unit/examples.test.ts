import { getOperationAST, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConsumers } from '../../src/auth/consumers.js';
import { satisfies, ScopeRules } from '../../src/auth/scopes.js';
import { everyField, selectionsOf } from '../../src/operation/selections.js';
import { examplesFor, PLACEHOLDER_INPUTS } from '../../src/playground/examples.js';
import { buildSchema } from '../../src/schema.js';
import { SHIPPED_CONSUMERS_FILE } from '../support/consumers.js';

const schema = buildSchema();
const rules = new ScopeRules(schema);
const examples = examplesFor(PLACEHOLDER_INPUTS);

describe('the playground examples', () => {
  it('cover every consumer of the seed documents, the SMS reminder service among them', () => {
    expect(examples.map((example) => example.consumer)).toEqual(['developer', 'payroll', 'procurement', 'cec', 'police', 'cra', 'sms-reminders', 'citizen-portal']);
  });

  it.each(examples.map((example) => [example.consumer, example] as const))('of %s are valid operations within its scopes and purposes', async (id, example) => {
    const consumer = (await loadConsumers(SHIPPED_CONSUMERS_FILE)).consumers.find((candidate) => candidate.id === id)!;
    const document = parse(example.query);
    expect(validate(schema, document)).toEqual([]);
    const operation = getOperationAST(document)!;
    const refused = [...everyField(selectionsOf(schema, document, operation, example.variables))].filter((field) => !satisfies(rules.requirementOf(field), consumer.scopes));
    expect(refused.map((field) => field.path)).toEqual([]);
    expect(example.purpose === null || consumer.purposes.has(example.purpose)).toBe(true);
    // Every variable the operation declares is given.
    expect(Object.keys(example.variables).sort()).toEqual((operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value).sort());
  });
});
