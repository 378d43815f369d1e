import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { ErrorCode, GatewayError, httpStatusOf } from '../errors.js';
import { formattedGatewayError } from '../plugins/errorMapping.js';

/** The largest request body accepted, on every route. */
export const MAX_BODY_BYTES = 1024 * 1024;
// The most of a refused body read past to keep its connection.
const MAX_DRAINED_BYTES = 16 * MAX_BODY_BYTES;

/**
 * How the edge refuses a request, every refusal counted: a fault as a coded error, a path asked with
 * a method it does not take as 405 with `Allow` (from the route table), any other path as 404.
 */
export class Refusals {
  // Every route's methods, as the routes are added.
  readonly #methodsOf = new Map<string, Set<string>>();

  constructor(private readonly counted: (code: ErrorCode) => void) {}

  /** Notes a route's methods: fastify's `onRoute` hook. */
  readonly route = (route: RouteOptions): void => {
    const methods = this.#methodsOf.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    this.#methodsOf.set(route.url, methods);
  };

  /** Answers `error`, counted. */
  answer(reply: FastifyReply, error: GatewayError): FastifyReply {
    this.counted(error.code);
    return refuse(reply, error);
  }

  /** A request no route took: fastify's not-found handler. */
  readonly unrouted = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const methods = this.#methodsOf.get(pathOf(request.url));
    return methods ? this.#notAllowed(reply, methods) : this.answer(reply, new GatewayError(ErrorCode.NOT_FOUND, 'Not found; the GraphQL endpoint is /graphql'));
  };

  /** A target that is not a path: fastify's `frameworkErrors`. A CONNECT's is a host; the gateway is no proxy, and says what it serves. */
  readonly malformedTarget = (_error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply =>
    request.method === 'CONNECT'
      ? this.#notAllowed(reply, new Set([...this.#methodsOf.values()].flatMap((methods) => [...methods])))
      : this.answer(reply, new GatewayError(ErrorCode.BAD_REQUEST, 'The request target is malformed'));

  /** Whatever a request's handling threw: fastify's error handler. A fault not meant is logged, and a 500. */
  readonly fault = async (error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const refusal = refusalOf(error, Number(request.headers['content-length']));
    if (refusal === null) {
      request.log.error({ errorType: error instanceof Error ? error.name : typeof error, stack: (error as Error).stack }, 'request handling failed');
      return this.answer(reply, new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'));
    }
    keepConnectionUsable(request, reply);
    return this.answer(reply, refusal);
  };

  #notAllowed(reply: FastifyReply, methods: ReadonlySet<string>): FastifyReply {
    const allowed = [...methods].sort().join(', ');
    reply.header('allow', allowed);
    return this.answer(reply, new GatewayError(ErrorCode.METHOD_NOT_ALLOWED, `This path takes ${allowed}`));
  }
}

/** The path of a request's URL, without its query. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

// Fastify asks to close the connection after refusing a body. Node reads what is left of a body the
// handler did not read, drops it, and serves the requests behind it: the connection stays usable for
// them where what is left is bounded (a body of no declared length is bounded by the request timeout).
function keepConnectionUsable(request: FastifyRequest, reply: FastifyReply): void {
  const declared = Number(request.headers['content-length']);
  if (!(declared > MAX_DRAINED_BYTES)) reply.removeHeader('connection');
}

/**
 * Answers `error` with the status of its code and a body in the shape of a GraphQL error response, on
 * every route, with the headers its code calls for.
 */
function refuse(reply: FastifyReply, error: GatewayError): FastifyReply {
  if (error.code === ErrorCode.UNAUTHENTICATED) reply.header('www-authenticate', 'Bearer');
  const { retryAfterSeconds } = error.details;
  if (typeof retryAfterSeconds === 'number') reply.header('retry-after', retryAfterSeconds);
  return reply.code(httpStatusOf(error.code)).type('application/json; charset=utf-8').send({ errors: [formattedGatewayError(error)] });
}

/**
 * The refusal a fault of the HTTP edge stands for: the gateway's own errors as they are, the
 * framework's refusals of a request (its body, its media type) in the catalogue's terms. Null for a
 * fault the gateway did not mean: a 500 to log.
 */
function refusalOf(error: unknown, declaredLength: number): GatewayError | null {
  if (error instanceof GatewayError) return error;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GatewayError(ErrorCode.REQUEST_TOO_LARGE, `The request body is over the limit of ${MAX_BODY_BYTES} bytes`, {
        limit: 'bodyBytes',
        // The size it declared, when it did: reading stops at the limit.
        ...(Number.isSafeInteger(declaredLength) && declaredLength > MAX_BODY_BYTES ? { measured: declaredLength } : {}),
        max: MAX_BODY_BYTES,
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GatewayError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'The request body must be JSON, sent as Content-Type: application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new GatewayError(ErrorCode.BAD_REQUEST, 'The request body is empty; send {"query": ...}');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new GatewayError(ErrorCode.BAD_REQUEST, 'The request body does not have the length its Content-Length says');
    default:
      // The JSON parser's own error: a body that does not parse.
      if (error instanceof SyntaxError && statusCode === 400) return new GatewayError(ErrorCode.BAD_REQUEST, 'The request body is not valid JSON');
      return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500
        ? new GatewayError(ErrorCode.BAD_REQUEST, 'The request is malformed')
        : null;
  }
}
