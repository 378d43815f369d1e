import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { MAX_BODY_BYTES } from '../../src/http/refusals.js';
import { authHeaders } from '../support/consumers.js';
import { startTestGateway, type GraphQLResult, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

// The shipped defaults: what a consumer meets on a gateway nobody tuned.
const LIMITS = loadConfig({}).operationLimits;

let registries: TestRegistries;
let gw: TestGateway;
let numbers: string[];

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 300);
  gw = await startTestGateway(registries.targets, { production: true });
  numbers = (await gw.sources.civil.searchPersons({}, null, 300)).map((person) => person.personalNumber);
});

afterAll(async () => {
  await gw?.stop();
  await registries?.drop();
});

/** Runs `query` and returns its answer with the statements it cost. */
async function refused(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult> {
  let result: GraphQLResult | undefined;
  const statements = await gw.statementsDuring(async () => (result = await gw.query(query, variables)));
  expect(statements).toEqual({ civil: {}, address: {}, vehicle: {} });
  return result!;
}

function expectOver(result: GraphQLResult, limit: string, measured: number | undefined, max: number): void {
  expect(result.status).toBe(400);
  expect(result.data).toBeUndefined();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit, ...(measured === undefined ? {} : { measured }), max });
  expect(result.errors![0]!.message).toContain(`the limit is ${max}`);
}

describe('limits on an operation, checked before anything is read', () => {
  it('refuses nesting deeper than the limit, naming the depth found', async () => {
    const levels = LIMITS.depth + 3;
    const nested = 'father { '.repeat(levels - 2) + 'firstName' + ' }'.repeat(levels - 2);
    // citizen, then the fathers, then firstName.
    expectOver(await refused(`{ citizen(personalNumber: "${numbers[0]}") { ${nested} } }`), 'depth', levels, LIMITS.depth);
  });

  it('counts the depth through fragments, not the fragments themselves', async () => {
    const levels = LIMITS.depth + 1;
    const query = `query { citizen(personalNumber: "${numbers[0]}") { ...Up } }
      fragment Up on Citizen { ${'father { ... on Citizen { '.repeat(levels - 2)}firstName${' } }'.repeat(levels - 2)} }`;
    expectOver(await refused(query), 'depth', levels, LIMITS.depth);
  });

  it('answers an operation at the depth limit', async () => {
    const nested = 'father { '.repeat(LIMITS.depth - 2) + 'firstName' + ' }'.repeat(LIMITS.depth - 2);
    const result = await gw.query(`{ citizen(personalNumber: "${numbers[0]}") { ${nested} } }`);
    expect(result.errors).toBeUndefined();
    expect(result.status).toBe(200);
  });

  it('refuses more aliases than the limit, the ones in fragments counted', async () => {
    const aliased = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `n${from + i}: firstName`).join(' ');
    const query = `{ citizen(personalNumber: "${numbers[0]}") { ${aliased(0, LIMITS.aliases)} ...More } }
      fragment More on Citizen { ${aliased(LIMITS.aliases, LIMITS.aliases + 2)} }`;
    expectOver(await refused(query), 'aliases', LIMITS.aliases + 2, LIMITS.aliases);
  });

  it('refuses more directives than the limit', async () => {
    const fields = Array.from({ length: LIMITS.directives + 1 }, () => 'firstName @include(if: true)').join(' ');
    expectOver(await refused(`{ citizen(personalNumber: "${numbers[0]}") { ${fields} } }`), 'directives', LIMITS.directives + 1, LIMITS.directives);
  });

  it('refuses a document of more tokens than the limit before parsing it, with the count', async () => {
    // Each `firstName` is one token, around them ten: { citizen ( personalNumber : "…" ) { } }.
    const fields = Array.from({ length: LIMITS.tokens }, () => 'firstName').join(' ');
    expectOver(await refused(`{ citizen(personalNumber: "${numbers[0]}") { ${fields} } }`), 'tokens', LIMITS.tokens + 10, LIMITS.tokens);
  });

  it('prices a bulk list by the numbers the variables carry, so one document passes or fails by its size', async () => {
    // Each citizen: 1, with two households of an assumed 10 around firstName: 1 + 10 × (1 + 10 × (1 + 1)) = 211.
    const query = 'query Households($p: [PersonalNumber!]!) { citizens(personalNumbers: $p) { household { household { firstName } } } }';
    const within = Math.floor(LIMITS.cost / 211);
    const answered = await gw.query(query, { p: numbers.slice(0, within) });
    expect(answered.errors).toBeUndefined();
    expect(answered.data?.citizens).toHaveLength(within);
    expectOver(await refused(query, { p: numbers.slice(0, within + 1) }), 'cost', 211 * (within + 1), LIMITS.cost);
  });

  it('prices a page by its `first`, its default when it has none', async () => {
    const query = `query Page($first: Int) {
      searchCitizens(filter: { municipalityCode: 1 }, first: $first) { nodes { address { residents(first: 100) { nodes { household { documents { number } } } } } } }
    }`;
    // Inside out: documents 5 × (1 + 1) = 10; household 10 × (1 + 10) = 110; residents 100 × (1 + nodes 1 + 110)
    // = 11 200; address 1 + 11 200; nodes 1 + 11 201 = 11 202; so the page costs first × (1 + 11 202).
    expectOver(await refused(query, { first: 3 }), 'cost', 3 * 11_203, LIMITS.cost);
    expectOver(await refused(query, {}), 'cost', 20 * 11_203, LIMITS.cost);
    const one = await gw.query(query, { first: 1 });
    expect(one.errors).toBeUndefined();
  });

  it('lets the payroll check of 1000 employees through', async () => {
    const query = `query Payroll($p: [PersonalNumber!]!) {
      citizens(personalNumbers: $p) { personalNumber isAlive isAdult hasValidIdentityDocument firstName lastName address { municipality { code } } }
    }`;
    const thousand = Array.from({ length: 1000 }, (_, i) => numbers[i % numbers.length]);
    const result = await gw.query(query, { p: thousand });
    expect(result.errors).toBeUndefined();
    expect(result.data?.citizens).toHaveLength(1000);
  });

  it('refuses a body over the size limit with 413, its code, its size and the limit', async () => {
    const body = JSON.stringify({ query: `{ __typename }`, variables: { padding: 'x'.repeat(MAX_BODY_BYTES) } });
    const response = await fetch(gw.gateway.url(), { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders() }, body });
    expect(response.status).toBe(413);
    expect(((await response.json()) as GraphQLResult).errors![0]!.extensions).toEqual({
      code: 'REQUEST_TOO_LARGE', limit: 'bodyBytes', measured: Buffer.byteLength(body), max: MAX_BODY_BYTES,
    });
  });
});
