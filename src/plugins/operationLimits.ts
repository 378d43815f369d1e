import type { Plugin } from '@envelop/core';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { Lexer, Source, TokenKind, type GraphQLError, type GraphQLSchema, type ValidationContext, type ValidationRule } from 'graphql';
import type { OperationLimits } from '../config.js';
import type { RequestContext } from '../context.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { OperationCost } from '../operation/cost.js';
import { graphQLErrorOf } from './errorMapping.js';
import { requestSelections, type OperationArgs } from './requestSelections.js';

/** What each limit measures, as the error's `extensions.limit` names it and its message says it. */
const MEASURES = {
  depth: 'levels of nested fields',
  aliases: 'aliases',
  directives: 'directives',
  tokens: 'tokens',
  cost: 'cost',
} as const satisfies Record<keyof OperationLimits, string>;

/** An operation over one of the limits: the code, the figure measured and the limit, before anything is read. */
export function overLimit(limit: keyof OperationLimits, measured: number | null, max: number): GatewayError {
  const figure = measured === null ? `more than ${max}` : String(measured);
  return new GatewayError(ErrorCode.QUERY_TOO_COMPLEX, `The operation has ${figure} ${MEASURES[limit]}; the limit is ${max}`, {
    limit,
    ...(measured === null ? {} : { measured }),
    max,
  });
}

/**
 * The checks of an operation's shape: depth, aliases and directives as validation rules (so a
 * document is checked once, when first parsed), and cost, which hangs on the variables (`first`,
 * the personal numbers of a bulk check), for every request. Tokens are counted before anything is
 * parsed: see `tokensOverLimit`.
 */
export function operationLimits(schema: GraphQLSchema, limits: OperationLimits): { validationRules: ValidationRule[]; plugin: Plugin<RequestContext> } {
  const cost = new OperationCost(schema);
  return {
    validationRules: [
      maxDepthRule({ n: limits.depth, flattenFragments: true, ...reportAs('depth', limits.depth) }),
      maxAliasesRule({ n: limits.aliases, ...reportAs('aliases', limits.aliases) }),
      maxDirectivesRule({ n: limits.directives, ...reportAs('directives', limits.directives) }),
    ],
    plugin: {
      onExecute({ args, setResultAndStopExecution }) {
        const measured = cost.of(requestSelections(args as OperationArgs));
        if (measured > limits.cost) setResultAndStopExecution({ errors: [graphQLErrorOf(overLimit('cost', measured, limits.cost))] });
      },
    },
  };
}

// graphql-armor reports "… limit of <max> exceeded, found <measured>."; the figure is taken from it
// and reported with the gateway's code instead of the library's error.
function reportAs(limit: keyof OperationLimits, max: number) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const found = /found (\d+)/.exec(error.message);
        context?.reportError(graphQLErrorOf(overLimit(limit, found ? Number(found[1]) : null, max)));
      },
    ],
  };
}

/**
 * The refusal of a document of more tokens than allowed, or null. Counted by the graphql-js lexer to
 * the end, so the figure is known past the limit (a body is bounded in size); a document that does
 * not lex is left for the parser to refuse.
 */
export function tokensOverLimit(query: string, limits: OperationLimits): GatewayError | null {
  const tokens = tokenCount(query);
  return tokens !== null && tokens > limits.tokens ? overLimit('tokens', tokens, limits.tokens) : null;
}

function tokenCount(source: string): number | null {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    return null;
  }
  return count;
}
