import { serverAudits } from 'graphql-http';
import { ClientError, GraphQLClient, gql } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders } from '../support/consumers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

let registries: TestRegistries;
let gw: TestGateway;

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 50);
  gw = await startTestGateway(registries.targets, { production: true });
});

afterAll(async () => {
  await gw?.stop();
  await registries?.drop();
});

describe('the GraphQL-over-HTTP specification', () => {
  it('passes every MUST of the graphql-http server audit', async () => {
    const results = await Promise.all(
      serverAudits({
        url: () => gw.gateway.url(),
        // A registered consumer calling as any server-side client does: with its credential.
        fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
          const headers = new Headers(init?.headers);
          for (const [name, value] of Object.entries(authHeaders())) headers.set(name, value);
          return fetch(input, { ...init, headers });
        },
      }).map(async (audit) => ({ name: audit.name, result: await audit.fn() })),
    );
    const failedMusts = results.filter(({ name, result }) => name.startsWith('MUST') && result.status !== 'ok').map(({ name, result }) => `${name}: ${result.status === 'ok' ? '' : result.reason}`);
    expect(failedMusts).toEqual([]);
  });

  it('keeps protection against cross-site requests: a GET a browser could send unasked is refused', async () => {
    const url = `${gw.gateway.url()}?query=${encodeURIComponent('{ __typename }')}`;
    const unasked = await fetch(url, { headers: authHeaders() });
    expect(unasked.status).toBe(400);
    expect(await unasked.text()).toContain('CSRF');
    const preflighted = await fetch(url, { headers: { ...authHeaders(), 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
  });
});

describe('a JavaScript client (graphql-request), as the README shows it', () => {
  const verification = gql`
    query PayrollVerification($personalNumbers: [PersonalNumber!]!, $on: Date!) {
      citizens(personalNumbers: $personalNumbers) { personalNumber isAlive isAdult(on: $on) hasValidIdentityDocument }
    }
  `;

  it('gets the data, and the error code when it is refused', async () => {
    const [someone] = await gw.sources.civil.searchPersons({}, null, 1);
    const client = new GraphQLClient(gw.gateway.url(), { headers: authHeaders() });
    const { citizens } = await client.request<{ citizens: Array<{ personalNumber: string; isAlive: boolean }> }>(verification, {
      personalNumbers: [someone!.personalNumber],
      on: '2026-01-01',
    });
    expect(citizens).toEqual([expect.objectContaining({ personalNumber: someone!.personalNumber, isAlive: expect.any(Boolean) })]);

    const withoutPurpose = new GraphQLClient(gw.gateway.url(), { headers: authHeaders(undefined, null) });
    const refusal = await withoutPurpose.request(verification, { personalNumbers: [someone!.personalNumber], on: '2026-01-01' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ClientError);
    expect((refusal as ClientError).response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

