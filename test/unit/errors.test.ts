import { envelop, useEngine, useSchema } from '@envelop/core';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { execute, GraphQLError, parse, specifiedRules, subscribe, validate, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PersonalNumberScalar } from '../../resolvers/scalars.js';
import { badArgument, ErrorCode, GatewayError, SourceUnavailableError } from '../../src/errors.js';
import { formatErrorFor, useExecutionErrorCodes, withCode } from '../../src/plugins/errorMapping.js';
import { useRequestDetails } from '../../src/plugins/requestDetails.js';
import { buildSchema } from '../../src/schema.js';

const PATH = ['citizen', 'documents', 0];
const LOCATIONS = [{ line: 2, column: 3 }];

/** The error graphql-js raises when a resolver throws `thrown`, at a field of the answer. */
function raisedAt(thrown: Error): GraphQLError {
  const error = new GraphQLError(thrown.message, { path: PATH, originalError: thrown });
  (error as { locations: unknown }).locations = LOCATIONS;
  return error;
}

/** `error` as it would reach `formatError` with a stack trace among its extensions, which must never leave. */
function withStackTrace(error: GraphQLError): GraphQLError {
  error.extensions.stacktrace = ['Error: at resolver (resolvers/citizen.ts:12:5)'];
  return error;
}

const MODES: Array<[string, boolean]> = [['in production', true], ['outside production', false]];

describe.each(MODES)('formatError %s', (_, production) => {
  const format = formatErrorFor(production);

  it("a gateway error keeps its message and code, so clients can branch on the code", () => {
    const error = raisedAt(new GatewayError(ErrorCode.NOT_FOUND, 'No citizen has this personal number'));
    const result = format(error);
    expect(result.message).toBe('No citizen has this personal number');
    expect(result.extensions?.code).toBe('NOT_FOUND');
    expect(result.path).toEqual(PATH);
    expect(result.locations).toEqual(LOCATIONS);
  });

  it('bad input for an argument keeps its message, code and the argument it concerns', () => {
    const error = raisedAt(badArgument('first', 'must be from 1 to 100'));
    const result = format(error);
    expect(result.message).toBe('Argument "first": must be from 1 to 100');
    expect(result.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'first' });
  });

  it('an unreadable registry is SOURCE_UNAVAILABLE and names the registry', () => {
    const error = raisedAt(new SourceUnavailableError('civil registry'));
    const result = format(error);
    expect(result.extensions).toEqual({ code: 'SOURCE_UNAVAILABLE', registry: 'civil registry' });
    expect(result.message).toContain('civil registry');
  });

  it('no formatted error ever carries a stack trace, whatever raised it', () => {
    const errors = [
      raisedAt(new GatewayError(ErrorCode.FORBIDDEN, 'Not allowed')),
      raisedAt(new TypeError('boom')),
      new GraphQLError('Cannot query field "age" on type "Citizen".', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    ];
    for (const error of errors) {
      const result = format(withStackTrace(error));
      expect(result.extensions).toBeDefined();
      expect(result.extensions).not.toHaveProperty('stacktrace');
      expect(JSON.stringify(result)).not.toContain('resolvers/citizen.ts');
    }
  });

  it("an error about the caller's query keeps its message and code", () => {
    const error = new GraphQLError('Cannot query field "age" on type "Citizen".', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const result = format(error);
    expect(result).toEqual({ message: 'Cannot query field "age" on type "Citizen".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('a variable error message loses the value the caller sent, which may be a personal number', () => {
    const error = new GraphQLError('Variable "$p" got invalid value "1234567890"; Expected type "PersonalNumber".', {
      extensions: { code: 'BAD_USER_INPUT', variableType: 'PersonalNumber!' },
    });
    const result = format(error);
    expect(result.message).not.toContain('1234567890');
    expect(result.message).toBe('Variable "$p" does not hold a valid PersonalNumber!');
    expect(result.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('formatError for an unexpected fault', () => {
  const unexpected = raisedAt(new TypeError('boom'));

  it('in production, an unexpected error becomes "Internal server error" and says nothing of its cause', () => {
    const result = formatErrorFor(true)(unexpected);
    expect(result.message).toBe('Internal server error');
    expect(result.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(result)).not.toContain('boom');
  });

  it('outside production, an unexpected error keeps its message for the developer, still as INTERNAL_SERVER_ERROR', () => {
    const result = formatErrorFor(false)(unexpected);
    expect(result.message).toBe('boom');
    expect(result.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('in production, an error with a code the gateway never raises is masked as INTERNAL_SERVER_ERROR', () => {
    const error = new GraphQLError('connect ECONNREFUSED 10.0.0.5:5432', { extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } });
    const result = formatErrorFor(true)(error);
    expect(result).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});

describe('formatError over a compiled query', () => {
  const schema = makeExecutableSchema({
    typeDefs: /* GraphQL */ `
      scalar PersonalNumber
      input CitizenFilter {
        lastName: String
      }
      type Query {
        holder(number: PersonalNumber!): String
        plate(plate: String!): String
        search(filter: CitizenFilter!): String
        fault: String
      }
    `,
    resolvers: {
      PersonalNumber: PersonalNumberScalar,
      Query: {
        holder: () => 'holder',
        plate: () => 'plate',
        search: () => 'search',
        fault: () => {
          throw new TypeError('boom');
        },
      },
    },
  });
  // The stages of the gateway's engine that shape errors, over graphql-jit as the gateway runs it.
  const { execute: run } = envelop({ plugins: [useEngine({ parse, validate, specifiedRules, execute, subscribe }), useSchema(schema), useGraphQlJit(), useExecutionErrorCodes(), useRequestDetails()] })();
  const format = formatErrorFor(true);

  const errorsOf = async (query: string, variables?: Record<string, unknown>): Promise<readonly GraphQLFormattedError[]> => {
    const log = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };
    const result = (await run({ schema, document: parse(query), variableValues: variables ?? {}, contextValue: { log } })) as ExecutionResult;
    return (result.errors ?? []).map((error) => format(error));
  };

  it('a malformed personal number in a variable is BAD_USER_INPUT and is not echoed back', async () => {
    const errors = await errorsOf('query($n: PersonalNumber!) { holder(number: $n) }', { n: '98765' });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors[0]!.message).not.toContain('98765');
    expect(errors[0]!.extensions).not.toHaveProperty('stacktrace');
  });

  it('an unexpected fault reaches the caller as "Internal server error" without a stack trace', async () => {
    const errors = await errorsOf('{ fault }');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe('Internal server error');
    expect(errors[0]!.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('a wrongly typed value in a variable is BAD_USER_INPUT, names the variable\'s type and is not echoed back', async () => {
    const errors = await errorsOf('query($p: String!) { plate(plate: $p) }', { p: 1234567890 });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'plate' });
    expect(errors[0]!.message).toBe('Variable "$p" does not hold a valid String!');
  });

  it('a rejected input object is not echoed back, even when one of its values contains "; "', async () => {
    const errors = await errorsOf('query($f: CitizenFilter!) { search(filter: $f) }', { f: { lastName: 'Krasniqi; 0123456789', age: 1 } });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors[0]!.message).toContain('Variable "$f"');
    expect(errors[0]!.message).not.toContain('0123456789');
  });
});

describe('field suggestions', () => {
  // What graphql-js says of a misspelt field, with the code the engine's validation gives it.
  const error = withCode(validate(buildSchema(), parse('{ municipality(code: 1) { nameS } }'))[0]!, ErrorCode.GRAPHQL_VALIDATION_FAILED);

  it('are dropped in production, where they would map the schema for callers not allowed to introspect it', () => {
    expect(error.message).toContain('Did you mean "nameSq"');
    expect(formatErrorFor(true)(error)).toEqual({
      message: 'Cannot query field "nameS" on type "Municipality".',
      locations: error.locations,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('are kept outside production, where developers explore synthetic data', () => {
    expect(formatErrorFor(false)(error).message).toBe(error.message);
  });
});
