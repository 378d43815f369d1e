import { graphql, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, parseValue, type GraphQLScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateScalar, PersonalNumberScalar } from '../../resolvers/scalars.js';
import { GatewayError } from '../../src/errors.js';
import { gatewayErrorBehind } from '../../src/plugins/errorMapping.js';

/** The gateway's error behind what `run` throws, so a test can look at its class, code and message. */
function rejection(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    const behind = gatewayErrorBehind(error);
    expect(behind).toBeInstanceOf(GatewayError);
    return behind!;
  }
  throw new Error('expected the value to be rejected');
}

/** Asserts the value was refused as bad input, and that the message does not repeat it. */
function expectRefused(run: () => unknown, given: string): void {
  const error = rejection(run);
  expect(error.code).toBe('BAD_USER_INPUT');
  expect(error.message).not.toBe('');
  if (given !== '') expect(error.message).not.toContain(given);
}

function literal(scalar: GraphQLScalarType, source: string): unknown {
  return scalar.parseLiteral(parseValue(source), undefined);
}

describe('PersonalNumber', () => {
  it('a 10-digit personal number is accepted as a variable and as a literal, leading zeros kept', () => {
    expect(PersonalNumberScalar.parseValue('0123456789')).toBe('0123456789');
    expect(literal(PersonalNumberScalar, '"0123456789"')).toBe('0123456789');
  });

  it.each(['123456789', '12345678901', '12345abcde', ' 1234567890', '1234567890 ', '', '１２３４５６７８９０'])(
    'the variable %j is refused as bad input without repeating it',
    (value) => {
      expectRefused(() => PersonalNumberScalar.parseValue(value), value);
    },
  );

  it('a personal number given as a JSON number is refused: it would lose leading zeros', () => {
    expectRefused(() => PersonalNumberScalar.parseValue(1234567890), '1234567890');
    expectRefused(() => PersonalNumberScalar.parseValue(null), 'null');
    expectRefused(() => PersonalNumberScalar.parseValue({ number: '1234567890' }), '1234567890');
  });

  it.each(['1234567890', '"123"', '["1234567890"]', '{ n: "1234567890" }', '12345.67890'])(
    'the literal %s is refused as bad input without repeating it',
    (source) => {
      expectRefused(() => literal(PersonalNumberScalar, source), source.includes('1234567890') ? '1234567890' : source.replace(/"/g, ''));
    },
  );

  it('a personal number is returned as the string it is', () => {
    expect(PersonalNumberScalar.serialize('0123456789')).toBe('0123456789');
  });
});

describe('Date', () => {
  it('a real calendar day in YYYY-MM-DD is accepted as a variable and as a literal', () => {
    expect(DateScalar.parseValue('2024-02-29')).toBe('2024-02-29');
    expect(literal(DateScalar, '"2026-12-31"')).toBe('2026-12-31');
  });

  it.each(['2023-02-29', '2026-04-31', '2026-13-01', '2026-1-5', '01.05.2026', '2026-05-01T00:00:00Z', ''])(
    'the date %j is refused as bad input without repeating it',
    (value) => {
      expectRefused(() => DateScalar.parseValue(value), value);
    },
  );

  it('a date given as a timestamp number or a literal integer is refused', () => {
    expectRefused(() => DateScalar.parseValue(1767225600000), '1767225600000');
    expectRefused(() => literal(DateScalar, '20260101'), '20260101');
  });

  it('a date is returned as the string it is', () => {
    expect(DateScalar.serialize('2026-01-01')).toBe('2026-01-01');
  });
});

describe('the scalars inside a schema', () => {
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        holder: {
          type: GraphQLString,
          args: { number: { type: new GraphQLNonNull(PersonalNumberScalar) } },
          resolve: (_, { number }: { number: string }) => `holder ${number}`,
        },
        on: {
          type: GraphQLString,
          args: { day: { type: new GraphQLNonNull(DateScalar) } },
          resolve: (_, { day }: { day: string }) => `on ${day}`,
        },
      },
    }),
  });

  it('a well-formed personal number and date reach the resolver unchanged', async () => {
    const result = await graphql({ schema, source: 'query($n: PersonalNumber!) { holder(number: $n) on(day: "2026-02-28") }', variableValues: { n: '0012345678' } });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ holder: 'holder 0012345678', on: 'on 2026-02-28' });
  });

  it('a malformed personal number in a variable or a literal stops the query with the gateway\'s BAD_USER_INPUT error, which never echoes it', async () => {
    const results = await Promise.all([
      graphql({ schema, source: 'query($n: PersonalNumber!) { holder(number: $n) }', variableValues: { n: '98765' } }),
      graphql({ schema, source: '{ holder(number: "98765") }' }),
    ]);
    for (const result of results) {
      expect(result.data).toBeUndefined();
      expect(result.errors).toHaveLength(1);
      const error = result.errors![0]!;
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.locations).toHaveLength(1);
      // graphql-js may prefix the variable's value; the gateway shows only its own error's message.
      const behind = gatewayErrorBehind(error);
      expect(behind).toBeInstanceOf(GatewayError);
      expect(behind!.message).not.toContain('98765');
    }
  });
});
