import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, print, visit, type ASTNode, type DocumentNode, type GraphQLError } from 'graphql';
import type { RequestContext } from '../context.js';
import { isUnexpected } from './errorMapping.js';

/**
 * Records the operation name for the request's log line, names the argument (and the variable's type)
 * that bad input was given for, and logs unexpected errors (their class and stack, never variables).
 */
export function useRequestDetails(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName }) {
          contextValue.request.operationName = operationName ?? null;
        },
        async didEncounterErrors({ contextValue, document, errors }) {
          for (const error of errors) {
            const argumentName = document ? argumentNameFor(document, error) : undefined;
            if (argumentName && error.extensions.argumentName === undefined) error.extensions.argumentName = argumentName;
            const node = error.nodes?.[0];
            if (node?.kind === Kind.VARIABLE_DEFINITION) error.extensions.variableType = print(node.type);
            if (isUnexpected(error)) {
              const cause = error.originalError ?? error;
              contextValue.log.error({ path: error.path, errorType: cause.name, stack: cause.stack }, 'unexpected error');
            }
          }
        },
      };
    },
  };
}

/** The field argument whose value holds the error's node, or that a rejected variable feeds. */
function argumentNameFor(document: DocumentNode, error: GraphQLError): string | undefined {
  const node = error.nodes?.[0];
  if (!node) return undefined;
  const variable = node.kind === Kind.VARIABLE_DEFINITION ? node.variable.name.value : null;
  let found: string | undefined;
  visit(document, {
    Argument(argument) {
      if (found !== undefined) return false;
      if (variable !== null ? usesVariable(argument.value, variable) : contains(argument.value, node)) found = argument.name.value;
      return undefined;
    },
  });
  return found;
}

function contains(root: ASTNode, target: ASTNode): boolean {
  let hit = false;
  visit(root, {
    enter(node) {
      if (node === target) hit = true;
      return hit ? false : undefined;
    },
  });
  return hit;
}

function usesVariable(root: ASTNode, name: string): boolean {
  let hit = false;
  visit(root, {
    Variable(node) {
      if (node.name.value === name) hit = true;
    },
  });
  return hit;
}
