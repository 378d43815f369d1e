import type { Plugin } from '@envelop/core';
import { GraphQLError, type ASTNode, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, GatewayError, httpStatusOf } from '../errors.js';
import type { RequestContext } from '../context.js';

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

/** The GatewayError behind an error, however GraphQL wrapped it. */
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

/** Codes the GraphQL engine's stages give a caller's mistakes, which may be shown as they are. */
const CLIENT_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT, ErrorCode.BAD_REQUEST, ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED, ErrorCode.OPERATION_RESOLUTION_FAILURE, ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
]);

// The refusal of a persisted query: the caller is told what to send instead.
const PERSISTED_QUERY_MESSAGE = 'Automatic persisted queries are not served: send the operation itself in "query", or the documentId of one your system registered';

/** Whether an error is one the gateway did not mean to raise: a fault to log and, in production, mask. */
export function isUnexpected(error: GraphQLError): boolean {
  return gatewayErrorBehind(error) === null && !CLIENT_CODES.has(String(error.extensions.code ?? ''));
}

/** The code an error is answered with: its gateway error's, the one a stage gave it, or INTERNAL_SERVER_ERROR for a fault. */
export function codeOf(error: GraphQLError): string {
  const gatewayError = gatewayErrorBehind(error);
  if (gatewayError) return gatewayError.code;
  return isUnexpected(error) ? ErrorCode.INTERNAL_SERVER_ERROR : String(error.extensions.code);
}

/** A GraphQL error of a stage (parse, validation, variables) marked with the stage's code, unless it carries one. */
export function withCode(error: GraphQLError, code: ErrorCode): GraphQLError {
  if (error.extensions.code === undefined && gatewayErrorBehind(error) === null) error.extensions.code = code;
  return error;
}

/**
 * Gives every error of an execution graphql-js's own form (a compiled query raises look-alikes whose
 * extensions cannot be added to), and the code BAD_USER_INPUT to those of variables the operation
 * refused before reading anything (then the answer has no data). Any other error of an answer without
 * data (a document the compiler could not take) stays a fault.
 */
export function useExecutionErrorCodes(): Plugin<RequestContext> {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          const answer = result as ExecutionResult;
          if (!answer.errors?.length) return;
          const refused = answer.data === undefined;
          const errors = answer.errors.map((error) => {
            const own = Object.getOwnPropertyDescriptor(error, 'extensions')?.writable === false ? graphqlJsError(error) : error;
            return refused && variableNamedBy(own) !== undefined ? withCode(own, ErrorCode.BAD_USER_INPUT) : own;
          });
          setResult({ ...answer, errors });
        },
      };
    },
  };
}

/** The variable an error of graphql-js or graphql-jit is about (`Variable "$p" ...`), by its name; undefined for any other error. */
export function variableNamedBy(error: GraphQLError): string | undefined {
  return /^Variable "\$([^"]+)"/.exec(error.message)?.[1];
}

function graphqlJsError(error: GraphQLError): GraphQLError {
  const copy = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: { ...error.extensions } });
  (copy as { locations: GraphQLError['locations'] }).locations = error.locations;
  return copy;
}

/**
 * The one place errors become what a caller reads: only a message, the code (and the argument it
 * concerns), path and locations leave the gateway. In production an unexpected error becomes
 * INTERNAL_SERVER_ERROR and no message suggests a field name. An error that is no GraphQL error is
 * graphql-http's refusal of the request's parameters (no query, a body that is not an object).
 */
export function formatErrorFor(production: boolean) {
  return (error: Error): GraphQLFormattedError => {
    if (!(error instanceof GraphQLError)) return { message: requestParametersMessage(error.message), extensions: { code: ErrorCode.BAD_REQUEST } };
    const base = { ...(error.locations ? { locations: error.locations } : {}), ...(error.path ? { path: error.path } : {}) };
    const { argumentName } = error.extensions;
    const gatewayError = gatewayErrorBehind(error);
    if (gatewayError) {
      const { message, extensions } = formattedGatewayError(gatewayError);
      const named = argumentName && !message.startsWith('Argument "') ? `Argument "${argumentName}": ${message}` : message;
      return { ...base, message: named, extensions: { ...extensions, ...(argumentName ? { argumentName } : {}) } };
    }
    const code = codeOf(error);
    if (code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const message = code === ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED
        ? PERSISTED_QUERY_MESSAGE
        : rejectedVariableMessage(error) ?? (production ? withoutSuggestions(error.message) : error.message);
      return { ...base, message, extensions: { code, ...(argumentName ? { argumentName } : {}) } };
    }
    return {
      ...base,
      message: production ? 'Internal server error' : error.message,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

// graphql-http names what is wrong with the parameters tersely ("Missing query"); the caller is told what to send.
function requestParametersMessage(message: string): string {
  return `${message}: send a JSON object {"query": "...", "variables": {...}, "operationName": "..."}, or the same as URL parameters of a GET`;
}

const APPLICATION_JSON = 'application/json; charset=utf-8';
// The GraphQL-over-HTTP specification keeps 200 for these under the older media type, which clients
// of it read as "look at the errors", and 4xx under application/graphql-response+json.
const ANSWERED_200_AS_JSON = new Set<string>([ErrorCode.GRAPHQL_PARSE_FAILED, ErrorCode.GRAPHQL_VALIDATION_FAILED, ErrorCode.BAD_USER_INPUT]);

/**
 * The HTTP status of an answer refused with `code` (it has errors and no data), sent as `mediaType`:
 * the code decides, as on every other route. An answer with data keeps 200 whatever its field errors.
 */
export function refusalStatus(code: string, mediaType: string): number {
  return mediaType === APPLICATION_JSON && ANSWERED_200_AS_JSON.has(code) ? 200 : httpStatusOf(code);
}

// graphql-js suggests the names nearest a misspelt one, which maps the schema for a caller not
// allowed to introspect it; in production the suggestion goes.
function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean [^?]*\?/g, '');
}

// graphql-js quotes a rejected variable's value, which may be a personal number: only the variable
// and its type are told.
function rejectedVariableMessage(error: GraphQLError): string | null {
  const match = /^Variable "\$([^"]+)" (?:got|has) invalid value/.exec(error.message);
  if (!match) return null;
  const type = error.extensions.variableType;
  return `Variable "$${match[1]}" does not hold a valid ${typeof type === 'string' ? type : 'value'}`;
}
