import { randomUUID } from 'node:crypto';
import { ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import underPressure from '@fastify/under-pressure';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { RequestLogger } from '../logger.js';
import type { Caller } from '../auth/authenticate.js';
import type { OverloadLimits } from '../config.js';
import type { RequestContext } from '../context.js';
import { withoutPersonalNumbers } from '../domain.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { formattedGatewayError } from '../plugins/errorMapping.js';
import { stopGracefully } from './drain.js';
import { MAX_BODY_BYTES, pathOf, Refusals } from './refusals.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The consumer calling, once its credential is checked. */
    caller: Caller | null;
    /** What the GraphQL request carries through the engine, once it is built. */
    requestContext: RequestContext | null;
  }
}

export interface EdgeOptions {
  log: Logger;
  /** How long a stopping gateway lets the requests it accepted finish. */
  shutdownGraceMs: number;
  overload: OverloadLimits;
  /** Told of every refusal answered at the edge, by code, as errors in GraphQL answers are counted. */
  onRefusal(code: ErrorCode): void;
}

/** The HTTP edge: fastify with the gateway's hooks, refusals, load shedding and drain; routes are added to `app`. */
export interface Edge {
  readonly app: FastifyInstance;
  /** Whether the process is over its bound of event-loop delay or memory, and sheds requests. */
  overloaded(): boolean;
  /** Whether the gateway is stopping. */
  readonly stopping: boolean;
  /**
   * Stops listening, answers what it accepted (each with `Connection: close`), then closes the
   * connections and every part registered for disposal on `app`, the last registered first.
   */
  stop(): Promise<void>;
}

// A caller's request id is kept when it is a plain token that holds nothing like a personal number,
// so its logs and ours correlate.
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
// How long a client may take to send a whole request: a slow sender holds no connection for ever.
const REQUEST_TIMEOUT_MS = 30_000;
const BAD_REQUEST_BODY = JSON.stringify({ errors: [formattedGatewayError(new GatewayError(ErrorCode.BAD_REQUEST, 'The request is malformed'))] });

/**
 * The fastify instance every request enters by: one route table, the body limit, a coded body for
 * every refusal, a log line per request, and requests shed with 503 while the process is overloaded.
 */
export async function createEdge(options: EdgeOptions): Promise<Edge> {
  const { log } = options;
  const refusals = new Refusals(options.onRefusal);
  const app = Fastify<Server, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: log,
    // Each request is logged once, by the gateway, when answered.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    childLoggerFactory: (parent, bindings, childOptions) => new RequestLogger(parent, bindings, childOptions),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) && withoutPersonalNumbers(given) === given ? given : randomUUID();
    },
    bodyLimit: MAX_BODY_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // A stopping gateway still answers the requests that reach it, asking the client to close.
    return503OnClosing: false,
    frameworkErrors: refusals.malformedTarget,
    // Bytes that are not HTTP: a coded 400, and nothing of them in the log.
    clientErrorHandler: (_error, socket) => {
      if (socket.writable) {
        socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(BAD_REQUEST_BODY)}\r\n\r\n${BAD_REQUEST_BODY}`);
      }
    },
  });
  app.decorateRequest('caller', null);
  app.decorateRequest('requestContext', null);

  let stopping = false;
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Answers carry personal data: no browser or proxy may keep them.
    reply.header('cache-control', 'no-store');
  });
  app.addHook('onSend', async (_request, reply) => {
    if (stopping) reply.header('connection', 'close');
  });
  // The request line is made of fields that are never personal (ids, method, path, status): it skips
  // the redaction every other line goes through, which costs more than writing the line.
  const requestLines = log.child({}, { redact: [] });
  app.addHook('onResponse', async (request, reply) => {
    requestLines.info(
      {
        requestId: request.id,
        method: request.method,
        path: withoutPersonalNumbers(pathOf(request.url)),
        consumer: request.caller?.consumer.id ?? null,
        status: reply.statusCode,
        operationName: request.requestContext?.request.operationName ?? null,
        durationMs: reply.elapsedTime,
      },
      'request',
    );
  });

  app.setErrorHandler(refusals.fault);
  app.addHook('onRoute', refusals.route);
  app.setNotFoundHandler(refusals.unrouted);
  // Node hands a CONNECT to a 'connect' listener and, without one, drops the connection unanswered:
  // it goes through the routes like any other request instead, on a connection closed after it.
  app.server.on('connect', (request: IncomingMessage, socket: Socket) => {
    const response = new ServerResponse(request);
    response.shouldKeepAlive = false;
    response.assignSocket(socket);
    response.once('finish', () => socket.end());
    app.routing(request, response);
  });

  await app.register(underPressure, {
    maxEventLoopDelay: options.overload.maxEventLoopDelayMs,
    maxHeapUsedBytes: options.overload.maxHeapUsedBytes,
    retryAfter: options.overload.retryAfterSeconds,
    customError: class OverloadedError extends GatewayError {
      constructor() {
        super(ErrorCode.OVERLOADED, `The gateway is overloaded; try again in ${options.overload.retryAfterSeconds} s`, {
          retryAfterSeconds: options.overload.retryAfterSeconds,
        });
      }
    },
  });

  const stop = stopGracefully(app, { graceMs: options.shutdownGraceMs, log });
  return {
    app,
    overloaded: () => app.isUnderPressure(),
    get stopping() {
      return stopping;
    },
    async stop() {
      stopping = true;
      await stop();
    },
  };
}
