import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

let registries: TestRegistries;
let collector: http.Server;
const received: ExportedSpan[] = [];
const paths: string[] = [];

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 200);
  // A stand-in OTLP/HTTP collector: it keeps the spans it is sent.
  collector = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      paths.push(request.url ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: ExportedSpan[] }> }> };
      for (const resource of body.resourceSpans) for (const scope of resource.scopeSpans) received.push(...scope.spans);
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  collector?.close();
  await registries?.drop();
});

const attribute = (span: ExportedSpan, key: string) => Object.values(span.attributes.find((candidate) => candidate.key === key)?.value ?? {})[0];

describe('traces, when a collector is configured', () => {
  it('hold a span per GraphQL request with one per registry statement inside it, and no personal data', async () => {
    const gw = await startTestGateway(registries.targets, { config: { tracingEndpoint: `http://127.0.0.1:${(collector.address() as AddressInfo).port}` } });
    const [someone] = await gw.sources.civil.searchPersons({}, null, 1);
    const result = await gw.query('query TraceProbe($p: PersonalNumber!) { citizen(personalNumber: $p) { lastName address { street } vehicles { plate } } }', {
      p: someone!.personalNumber,
    });
    expect(result.errors).toBeUndefined();
    // Stopping sends what is left.
    await gw.stop();

    expect(paths.every((path) => path === '/v1/traces')).toBe(true);
    const operation = received.find((span) => span.name === 'graphql TraceProbe');
    expect(operation).toBeDefined();
    expect(attribute(operation!, 'ndg.consumer')).toBe('tester');
    expect(Number(attribute(operation!, 'http.response.status_code'))).toBe(200);
    const statements = received.filter((span) => span.parentSpanId === operation!.spanId);
    expect(statements.map((span) => span.name).sort()).toEqual(['address register addressesByIds', 'civil registry personsByNumbers', 'vehicle registry vehiclesOfOwners']);
    for (const span of statements) {
      expect(span.traceId).toBe(operation!.traceId);
      expect(attribute(span, 'ndg.outcome')).toBe('ok');
      expect(attribute(span, 'db.system')).toBe('sqlite');
    }
    const everything = JSON.stringify(received);
    expect(everything).not.toContain(someone!.personalNumber);
    expect(everything).not.toContain(someone!.lastName);
  });
});
