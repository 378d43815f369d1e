import { GraphQLError, type ASTNode, type GraphQLFormattedError } from 'graphql';

/** Every code a client may see in `extensions.code`; clients branch on these, never on messages. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  BAD_REQUEST = 'BAD_REQUEST',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  REQUEST_TOO_LARGE = 'REQUEST_TOO_LARGE',
  /** The consumer sent more requests than its rate limit allows; `Retry-After` says when to come back. */
  RATE_LIMITED = 'RATE_LIMITED',
  SOURCE_UNAVAILABLE = 'SOURCE_UNAVAILABLE',
  /** The shared cache could not be reached for an invalidation, which must then be sent again. */
  CACHE_UNAVAILABLE = 'CACHE_UNAVAILABLE',
  /** The access could not be recorded in the audit trail, so no personal data was given. */
  AUDIT_UNAVAILABLE = 'AUDIT_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

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

/** An error the gateway raises on purpose: its message and code are safe to show to the caller. */
export class GatewayError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, nodes?: ASTNode) {
    super(message, { extensions: { ...extensions, code }, ...(nodes ? { nodes } : {}) });
    this.name = 'GatewayError';
  }
}

/** Bad input for a named argument; raised before any registry is asked. */
export function badArgument(argumentName: string, message: string): GatewayError {
  return new GatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${argumentName}": ${message}`, { argumentName });
}

/** A registry could not be read; the caller learns which one, never the SQL or the driver's words. */
export class SourceUnavailableError extends GatewayError {
  constructor(registry: string) {
    super(ErrorCode.SOURCE_UNAVAILABLE, `The ${registry} could not be read; try again later`, { registry });
    this.name = 'SourceUnavailableError';
  }
}

/**
 * The audit trail could not be written or read. Its message is for the log (it names the driver's
 * error class); the caller is told only that the access could not be recorded or read.
 */
export class AuditUnavailableError extends GatewayError {
  constructor(readonly detail: string) {
    super(ErrorCode.AUDIT_UNAVAILABLE, 'The audit trail cannot be reached; try again later', { http: { status: 503 } });
    this.name = 'AuditUnavailableError';
  }
}

/** What of a gateway error's extensions the caller sees: all but the HTTP status, which is Apollo's to set. */
export function callerExtensions(error: GatewayError): Record<string, unknown> {
  const { http: _status, ...extensions } = error.extensions;
  return extensions;
}

/** The GatewayError behind an error, however GraphQL or Apollo wrapped it. */
export function gatewayErrorBehind(error: unknown): GatewayError | null {
  for (let current = error; current instanceof Error; current = (current as GraphQLError).originalError) {
    if (current instanceof GatewayError) return current;
  }
  return null;
}

/** Codes that describe the caller's request and may be shown as they are. */
const CLIENT_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT, ErrorCode.BAD_REQUEST, ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED, ErrorCode.OPERATION_RESOLUTION_FAILURE,
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Whether an error is one the gateway did not mean to raise: a fault to log and, in production, mask. */
export function isUnexpected(error: GraphQLError): boolean {
  return gatewayErrorBehind(error) === null && !CLIENT_CODES.has(String(error.extensions.code ?? ''));
}

/**
 * Apollo's `formatError`: only a message, the code (and the argument it concerns), path and
 * locations leave the gateway. In production an unexpected error becomes INTERNAL_SERVER_ERROR and
 * no message suggests a field name.
 */
export function formatErrorFor(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const base = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
    const argumentName = formatted.extensions?.argumentName as string | undefined;
    const gatewayError = gatewayErrorBehind(error);
    if (gatewayError) {
      const message = argumentName && !gatewayError.message.startsWith('Argument "') ? `Argument "${argumentName}": ${gatewayError.message}` : gatewayError.message;
      return { ...base, message, extensions: { ...callerExtensions(gatewayError), ...(argumentName ? { argumentName } : {}) } };
    }
    const code = String(formatted.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
    if (CLIENT_CODES.has(code)) {
      const message = rejectedVariableMessage(formatted) ?? (production ? withoutSuggestions(formatted.message) : formatted.message);
      return { ...base, message, extensions: { code, ...(argumentName ? { argumentName } : {}) } };
    }
    return {
      ...base,
      message: production ? 'Internal server error' : formatted.message,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
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
