import type { Plugin } from '@envelop/core';
import { Kind, print, visit, type ASTNode, type DocumentNode, type ExecutionResult, type GraphQLError, type VariableDefinitionNode } from 'graphql';
import type { RequestContext } from '../context.js';
import { isUnexpected, variableNamedBy } from './errorMapping.js';

/**
 * Names the argument (and the variable's type) that bad input was given for, and logs unexpected
 * errors (their class and stack, never variables).
 */
export function useRequestDetails(): Plugin<RequestContext> {
  return {
    onValidate({ params }) {
      return ({ result }) => annotate(params.documentAST, result as readonly GraphQLError[]);
    },
    onExecute({ args }) {
      return {
        onExecuteDone({ result }) {
          const { errors } = result as ExecutionResult;
          if (!errors) return;
          annotate(args.document, errors);
          for (const error of errors) {
            if (!isUnexpected(error)) continue;
            const cause = error.originalError ?? error;
            (args.contextValue as RequestContext).log.error({ path: error.path, errorType: cause.name, stack: cause.stack }, 'unexpected error');
          }
        },
      };
    },
  };
}

function annotate(document: DocumentNode, errors: readonly GraphQLError[]): void {
  for (const error of errors) {
    const variable = rejectedVariable(document, error);
    const argumentName = argumentNameFor(document, error, variable);
    if (argumentName && error.extensions.argumentName === undefined) error.extensions.argumentName = argumentName;
    if (variable) error.extensions.variableType = print(variable.type);
  }
}

// The definition of the variable whose value an error rejects: the error's node, or the variable its
// message names (a compiled query reports variables without their node).
function rejectedVariable(document: DocumentNode, error: GraphQLError): VariableDefinitionNode | null {
  const node = error.nodes?.[0];
  if (node?.kind === Kind.VARIABLE_DEFINITION) return node;
  const name = variableNamedBy(error);
  if (name === undefined) return null;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const found = definition.variableDefinitions?.find((candidate) => candidate.variable.name.value === name);
    if (found) return found;
  }
  return null;
}

/** The field argument whose value holds the error's node, or that a rejected variable feeds. */
function argumentNameFor(document: DocumentNode, error: GraphQLError, variable: VariableDefinitionNode | null): string | undefined {
  const node = error.nodes?.[0];
  if (!node && !variable) return undefined;
  let found: string | undefined;
  visit(document, {
    Argument(argument) {
      if (found !== undefined) return false;
      if (variable ? usesVariable(argument.value, variable.variable.name.value) : contains(argument.value, node!)) found = argument.name.value;
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
