import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { parseIsoDate } from '../src/dates.js';
import { isPersonalNumber } from '../src/domain.js';
import { ErrorCode, GatewayError } from '../src/errors.js';
import { graphQLErrorOf } from '../src/plugins/errorMapping.js';

// The messages never repeat the value given: it may be someone's personal number.
// graphql-js quotes the literal around any error but a GraphQL error: the gateway's own is given.
const invalid = (message: string, node?: ValueNode) => graphQLErrorOf(new GatewayError(ErrorCode.BAD_USER_INPUT, message), node);

function stringScalar(name: string, description: string, parse: (text: string) => string | null, rule: string) {
  const parseValue = (value: unknown, node?: ValueNode): string => {
    const parsed = typeof value === 'string' ? parse(value) : null;
    if (parsed === null) throw invalid(rule, node);
    return parsed;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (value) => String(value),
    parseValue,
    parseLiteral: (node: ValueNode) => {
      if (node.kind !== Kind.STRING) throw invalid(rule, node);
      return parseValue(node.value, node);
    },
  });
}

/** Exactly 10 digits. */
export const PersonalNumberScalar = stringScalar(
  'PersonalNumber',
  'A personal number of the civil registry: exactly 10 digits, given and returned as a string.',
  (text) => (isPersonalNumber(text) ? text : null),
  'a personal number is exactly 10 digits',
);

/** An ISO 8601 calendar date that exists. */
export const DateScalar = stringScalar(
  'Date',
  'A calendar date in ISO 8601 form, YYYY-MM-DD.',
  parseIsoDate,
  'a date is a real calendar day written YYYY-MM-DD',
);
