import { serverAudits } from 'graphql-http';
import { ClientError, GraphQLClient, gql } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders } from '../support/consumers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

let registries: TestRegistries;
let gw: TestGateway;

let someone: string;

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 50);
  gw = await startTestGateway(registries.targets, { production: true });
  someone = (await gw.sources.civil.searchPersons({}, null, 1))[0]!.personalNumber;
});

afterAll(async () => {
  await gw?.stop();
  await registries?.drop();
});

describe('the GraphQL-over-HTTP specification', () => {
  it('passes every audit of graphql-http, MUST, SHOULD and MAY', async () => {
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
    const notOk = results.filter(({ result }) => result.status !== 'ok').map(({ name, result }) => `${name}: ${result.status === 'ok' ? '' : result.reason}`);
    expect(notOk).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(61);
  });

  it('reads nothing for a request a page on another site can make a browser send: it carries no credential', async () => {
    // Without a CORS preflight a browser sends no Authorization header and no header of its own
    // choosing, and takes only a form's or plain text's media type.
    const query = `{ citizen(personalNumber: "${someone}") { firstName lastName } }`;
    const simple = [
      await fetch(`${gw.gateway.url()}?query=${encodeURIComponent(query)}`, { headers: { origin: 'https://elsewhere.example' } }),
      await fetch(gw.gateway.url(), { method: 'POST', headers: { origin: 'https://elsewhere.example', 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${encodeURIComponent(query)}` }),
      await fetch(gw.gateway.url(), { method: 'POST', headers: { origin: 'https://elsewhere.example', 'content-type': 'text/plain' }, body: JSON.stringify({ query }) }),
    ];
    for (const response of simple) {
      expect(response.status).toBe(401);
      const body = (await response.json()) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
      expect(body.data).toBeUndefined();
      expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
    // And the preflight that would let it send the credential is never granted.
    const preflight = await fetch(gw.gateway.url(), {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
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

