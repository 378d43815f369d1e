import type { ValidationRule } from 'graphql';
import { ErrorCode, GatewayError } from '../errors.js';
import { graphQLErrorOf } from './errorMapping.js';

/**
 * Refuses a document holding a mutation or a subscription: the graph is read-only and has neither, and
 * graphql-js 16 would let one through validation to fail at execution as an unexpected fault.
 */
export const queriesOnlyRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === 'query') return;
    const error = new GatewayError(ErrorCode.OPERATION_TYPE_NOT_SERVED, `The gateway serves queries only: ${node.operation} operations are not served`, {
      operationType: node.operation,
    });
    context.reportError(graphQLErrorOf(error, node));
  },
});
