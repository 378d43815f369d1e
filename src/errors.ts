/** Every code a client may see in `extensions.code`; clients branch on these, never on messages. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  BAD_REQUEST = 'BAD_REQUEST',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  /** A mutation or subscription: the graph is read-only and serves queries alone. */
  OPERATION_TYPE_NOT_SERVED = 'OPERATION_TYPE_NOT_SERVED',
  /** A `persistedQuery` extension: the gateway takes the operation's text only. */
  PERSISTED_QUERY_NOT_SUPPORTED = 'PERSISTED_QUERY_NOT_SUPPORTED',
  /** A `documentId` (or a `persistedQuery` hash without the text) that the consumer did not register. */
  TRUSTED_DOCUMENT_NOT_FOUND = 'TRUSTED_DOCUMENT_NOT_FOUND',
  /** An operation's text from a consumer that may send only the operations it registered. */
  TRUSTED_DOCUMENTS_ONLY = 'TRUSTED_DOCUMENTS_ONLY',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  /** The path exists, not with this method; `Allow` lists those it takes. */
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  /** The body is not of a media type the endpoint reads (JSON). */
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  REQUEST_TOO_LARGE = 'REQUEST_TOO_LARGE',
  /** The consumer sent more requests than its rate limit allows; `Retry-After` says when to come back. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The replica is over its bound of event-loop delay or memory; `Retry-After` says when to come back. */
  OVERLOADED = 'OVERLOADED',
  SOURCE_UNAVAILABLE = 'SOURCE_UNAVAILABLE',
  /** The shared cache could not be reached for an invalidation, which must then be sent again. */
  CACHE_UNAVAILABLE = 'CACHE_UNAVAILABLE',
  /** The access could not be recorded in the audit trail, so no personal data was given. */
  AUDIT_UNAVAILABLE = 'AUDIT_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** The HTTP status of a request refused with each code, on every route. */
const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  OPERATION_RESOLUTION_FAILURE: 400,
  OPERATION_TYPE_NOT_SERVED: 400,
  PERSISTED_QUERY_NOT_SUPPORTED: 400,
  TRUSTED_DOCUMENT_NOT_FOUND: 400,
  TRUSTED_DOCUMENTS_ONLY: 403,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  QUERY_TOO_COMPLEX: 400,
  REQUEST_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  OVERLOADED: 503,
  SOURCE_UNAVAILABLE: 503,
  CACHE_UNAVAILABLE: 503,
  AUDIT_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** The HTTP status of a request refused with `code`; 500 for a code the gateway does not know. */
export function httpStatusOf(code: string): number {
  return HTTP_STATUS[code as ErrorCode] ?? 500;
}

/**
 * An error the gateway raises on purpose: its message, code and details are safe to show to the
 * caller. The edge turns it into a GraphQL error or an HTTP refusal; nothing below knows either.
 */
export class GatewayError extends Error {
  override name = 'GatewayError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What the caller is told besides the code, e.g. the argument, the registry, the limit. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** Bad input for a named argument; raised before any registry is asked. */
export function badArgument(argumentName: string, message: string): GatewayError {
  return new GatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${argumentName}": ${message}`, { argumentName });
}

/** A registry could not be read; the caller learns which one, never the SQL or the driver's words. */
export class SourceUnavailableError extends GatewayError {
  override name = 'SourceUnavailableError';

  constructor(registry: string) {
    super(ErrorCode.SOURCE_UNAVAILABLE, `The ${registry} could not be read; try again later`, { registry });
  }
}

/**
 * The audit trail could not be written or read. What failed and the driver's error are for the log;
 * the caller is told only that the access could not be recorded or read.
 */
export class AuditUnavailableError extends GatewayError {
  override name = 'AuditUnavailableError';

  constructor(
    readonly failed: 'write' | 'read',
    readonly driverError: DriverError,
  ) {
    super(
      ErrorCode.AUDIT_UNAVAILABLE,
      failed === 'write' ? 'The access could not be recorded, so no data is given; try again later' : 'The audit trail cannot be read; try again later',
    );
  }
}

/** What may be logged of a database driver's error. */
export interface DriverError {
  type: string;
  code?: unknown;
  errno?: unknown;
}

/** The class and SQLSTATE or errno of a driver's error, never its message: that can quote the values bound. */
export function driverErrorOf(error: unknown): DriverError {
  if (!(error instanceof Error)) return { type: typeof error };
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  return { type: error.name, ...(code === undefined ? {} : { code }), ...(errno === undefined ? {} : { errno }) };
}
