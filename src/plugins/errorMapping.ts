import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { GraphQLError, type ASTNode, type GraphQLFormattedError } from 'graphql';
import Negotiator from 'negotiator';
import { ErrorCode, GatewayError, httpStatusOf } from '../errors.js';

declare module 'graphql' {
  interface GraphQLErrorExtensions {
    code?: ErrorCode | string;
    /** The argument of the field that the bad input was given for. */
    argumentName?: string;
    /** The registry that could not be read. */
    registry?: string;
    /** The declared type of a variable whose value was rejected. */
    variableType?: string;
    /** Fields refused, each with the scopes that would allow it (any one of each group). */
    fields?: Array<{ path: string; needs?: string[][] }>;
    /** Why the purpose was refused: 'missing' or 'not allowed'. */
    purpose?: string;
    /** The purposes the calling consumer may read for. */
    allowedPurposes?: string[];
    /** The limit an operation went over (`depth`, `aliases`, `directives`, `tokens`, `cost`), what it measured and the bound. */
    limit?: string;
    measured?: number;
    max?: number;
  }
}

/** The GatewayError behind an error, however GraphQL or Apollo wrapped it. */
export function gatewayErrorBehind(error: unknown): GatewayError | null {
  for (let current = error; current instanceof Error; current = (current as GraphQLError).originalError) {
    if (current instanceof GatewayError) return current;
  }
  return null;
}

/** A gateway error as graphql-js takes it where it must be given a GraphQL error (scalars, validation rules), at `node`. */
export function graphQLErrorOf(error: GatewayError, node?: ASTNode): GraphQLError {
  return new GraphQLError(error.message, { ...(node ? { nodes: node } : {}), originalError: error, extensions: { ...error.details, code: error.code } });
}

/** What the caller is told of a gateway error: its message and code, with the details it carries. */
export function formattedGatewayError(error: GatewayError): GraphQLFormattedError {
  return { message: error.message, extensions: { ...error.details, code: error.code } };
}

/** Codes Apollo raises for a caller's request that may be shown as they are. */
const CLIENT_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT, ErrorCode.BAD_REQUEST, ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED, ErrorCode.OPERATION_RESOLUTION_FAILURE, ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
]);

// Apollo names the refusal of a persisted query by its class; the caller is told what to send instead.
const PERSISTED_QUERY_MESSAGE = 'Automatic persisted queries are not served: send the operation itself in "query", or the documentId of one your system registered';

/** Whether an error is one the gateway did not mean to raise: a fault to log and, in production, mask. */
export function isUnexpected(error: GraphQLError): boolean {
  return gatewayErrorBehind(error) === null && !CLIENT_CODES.has(String(error.extensions.code ?? ''));
}

/**
 * Apollo's `formatError`, the one place errors become what a caller reads: only a message, the code
 * (and the argument it concerns), path and locations leave the gateway. In production an unexpected
 * error becomes INTERNAL_SERVER_ERROR and no message suggests a field name.
 */
export function formatErrorFor(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const base = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
    const argumentName = formatted.extensions?.argumentName as string | undefined;
    const gatewayError = gatewayErrorBehind(error);
    if (gatewayError) {
      const { message, extensions } = formattedGatewayError(gatewayError);
      const named = argumentName && !message.startsWith('Argument "') ? `Argument "${argumentName}": ${message}` : message;
      return { ...base, message: named, extensions: { ...extensions, ...(argumentName ? { argumentName } : {}) } };
    }
    const code = String(formatted.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
    if (CLIENT_CODES.has(code)) {
      const message = code === ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED
        ? PERSISTED_QUERY_MESSAGE
        : rejectedVariableMessage(formatted) ?? (production ? withoutSuggestions(formatted.message) : formatted.message);
      return { ...base, message, extensions: { code, ...(argumentName ? { argumentName } : {}) } };
    }
    return {
      ...base,
      message: production ? 'Internal server error' : formatted.message,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

const APPLICATION_JSON = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
// The GraphQL-over-HTTP specification keeps 200 for these under the older media type, which clients
// of it read as "look at the errors", and 4xx under application/graphql-response+json.
const ANSWERED_200_AS_JSON = new Set<string>([ErrorCode.GRAPHQL_PARSE_FAILED, ErrorCode.GRAPHQL_VALIDATION_FAILED, ErrorCode.BAD_USER_INPUT]);

/**
 * The HTTP status of an answer refused before execution (it has errors and no data): its first error's
 * code decides, as on every other route. An answer with data keeps 200 whatever its field errors.
 */
export function useHttpStatuses(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (data !== undefined || !errors?.length) return;
          const code = String(errors[0]!.extensions?.code);
          // Chosen as Apollo would, so that the status can follow the media type; none acceptable is Apollo's 406.
          const accept = request.http?.headers.get('accept');
          const mediaType = accept ? new Negotiator({ headers: { accept } }).mediaType([APPLICATION_JSON, GRAPHQL_RESPONSE_JSON]) : APPLICATION_JSON;
          if (mediaType === undefined) return;
          response.http.headers.set('content-type', mediaType);
          // Apollo marks its refusal of a persisted query as one a client may keep; the edge's no-store stands.
          response.http.headers.delete('cache-control');
          response.http.status = mediaType === APPLICATION_JSON && ANSWERED_200_AS_JSON.has(code) ? 200 : httpStatusOf(code);
        },
      };
    },
  };
}

/** Replaces an answer by the refusal `error`, with its status: what a plugin does when the data may not leave. */
export function answerWithError(response: GraphQLResponse, error: GatewayError): void {
  response.body = { kind: 'single', singleResult: { errors: [formattedGatewayError(error)] } };
  response.http.status = httpStatusOf(error.code);
}

// graphql-js suggests the names nearest a misspelt one, which maps the schema for a caller not
// allowed to introspect it; in production the suggestion goes.
function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean [^?]*\?/g, '');
}

// graphql-js quotes a rejected variable's value, which may be a personal number: only the variable
// and its type are told.
function rejectedVariableMessage(formatted: GraphQLFormattedError): string | null {
  const match = /^Variable "\$([^"]+)" (?:got|has) invalid value/.exec(formatted.message);
  if (!match) return null;
  const type = formatted.extensions?.variableType;
  return `Variable "$${match[1]}" does not hold a valid ${typeof type === 'string' ? type : 'value'}`;
}
