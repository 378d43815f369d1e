import type { Span } from '@opentelemetry/api';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/authenticate.js';
import type { RateLimits } from '../auth/rateLimits.js';
import { createRequestContext, type ContextDependencies, type RequestContext } from '../context.js';
import { documentReferenceOf, trustedDocument } from '../auth/trustedDocuments.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { GraphQLServer } from '../graphqlServer.js';
import type { GatewayMetrics } from '../metrics.js';
import type { Playground } from '../playground/playground.js';
import { refusalStatus } from '../plugins/errorMapping.js';
import type { Tracing } from '../tracing.js';
import { admit, authenticate } from './admission.js';

/** What the GraphQL endpoint is made of. */
export interface GraphQLRouteParts {
  graphql: GraphQLServer;
  authenticator: Authenticator;
  rateLimits: RateLimits;
  contextDependencies: ContextDependencies;
  /** What a browser opening the endpoint is shown. */
  playground: Playground;
  metrics: GatewayMetrics;
  tracing: Tracing | null;
}

/**
 * GET and POST /graphql. A request goes one way: the consumer identified by its credential, counted
 * against its rate limit, its context built, then the GraphQL engine (tokens counted, parsing,
 * validation, limits, access control, resolvers, the audit trail). A refusal at any step answers at once.
 */
export function graphqlRoutes(parts: GraphQLRouteParts): FastifyPluginAsync {
  return async (app) => {
    // The endpoint reads JSON: a form or plain text, as a page on another site could send, is 415.
    app.removeContentTypeParser('text/plain');
    const spans = new WeakMap<FastifyRequest, Span>();

    app.route({
      method: ['GET', 'POST'],
      url: '/graphql',
      exposeHeadRoute: false,
      onRequest: [pageForBrowsers(parts.playground), authenticate(parts.authenticator), admit(parts.rateLimits)],
      preHandler: async (request) => {
        useTrustedDocument(request);
        request.requestContext = createRequestContext(parts.contextDependencies, request.id, request.caller!, request.log);
      },
      handler(request, reply) {
        const answer = () => answerGraphQL(parts.graphql, request, reply);
        return parts.tracing ? parts.tracing.request((span) => (spans.set(request, span), answer())) : answer();
      },
    });

    app.addHook('onResponse', async (request, reply) => {
      // The playground's page is not a GraphQL request.
      if (String(reply.getHeader('content-type')).startsWith('text/html')) return;
      const operationName = request.requestContext?.request.operationName ?? null;
      parts.metrics.request(operationName, reply.statusCode, reply.elapsedTime);
      const span = spans.get(request);
      if (span) parts.tracing?.endRequest(span, { operationName, consumer: request.caller?.consumer.id ?? null, requestId: request.id, status: reply.statusCode });
    });
  };
}

/** Runs the request through the GraphQL engine and sends its answer, the status following its refusal's code. */
async function answerGraphQL(graphql: GraphQLServer, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const context = request.requestContext!;
  const [body, init] = await graphql({ method: request.method, url: request.raw.url!, headers: request.headers, body: request.body as Record<string, unknown>, raw: request.raw, context });
  reply.headers(init.headers ?? {});
  const refusal = context.request.refusal;
  reply.code(refusal !== null && body !== null ? refusalStatus(refusal, String(init.headers?.['content-type'])) : init.status);
  return reply.send(body ?? undefined);
}

/**
 * A request that names one of its consumer's registered operations by id goes on as if it had sent
 * the operation's text; a consumer that may send nothing else is refused any text.
 */
function useTrustedDocument(request: FastifyRequest): void {
  const { consumer } = request.caller!;
  const get = request.method === 'GET';
  const params = (get ? request.query : request.body) as ({ query?: unknown; documentId?: unknown; extensions?: unknown } | null);
  const reference = params && documentReferenceOf(params);
  if (!reference) {
    if (consumer.trustedDocumentsOnly) {
      throw new GatewayError(ErrorCode.TRUSTED_DOCUMENTS_ONLY, `The consumer ${consumer.id} may send only the operations it registered, by their id (documentId)`);
    }
    return;
  }
  const query = trustedDocument(consumer.id, consumer.trustedDocuments, reference);
  if (!get) {
    const { documentId: _documentId, extensions, ...rest } = params as Record<string, unknown>;
    const { persistedQuery: _persistedQuery, ...others } = (extensions ?? {}) as Record<string, unknown>;
    request.body = { ...rest, query, ...(Object.keys(others).length > 0 ? { extensions: others } : {}) };
    return;
  }
  // The engine reads a GET's parameters from its URL.
  const url = new URL(request.raw.url!, 'http://gateway');
  url.searchParams.delete('documentId');
  url.searchParams.delete('extensions');
  url.searchParams.set('query', query);
  request.raw.url = `${url.pathname}${url.search}`;
}

// A browser opening the endpoint asks for a page; a GraphQL client asks for JSON.
function pageForBrowsers(playground: Playground) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || 'query' in (request.query as object) || !/\btext\/html\b/.test(request.headers.accept ?? '')) return;
    return playground.sendPage(reply);
  };
}
