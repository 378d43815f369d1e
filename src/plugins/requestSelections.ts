import { getOperationAST, type ExecutionArgs } from 'graphql';
import type { RequestContext } from '../context.js';
import { selectionsOf, type SelectedField } from '../operation/selections.js';

/** What a plugin is given of an operation about to run, or run. */
export type OperationArgs = Pick<ExecutionArgs, 'schema' | 'document' | 'operationName' | 'variableValues'> & { contextValue: RequestContext };

/** The fields the request's operation selects (none without one): walked once per request, by whichever plugin asks first. */
export function requestSelections({ contextValue, schema, document, operationName, variableValues }: OperationArgs): readonly SelectedField[] {
  if (contextValue.selections) return contextValue.selections;
  const operation = getOperationAST(document, operationName);
  return (contextValue.selections = operation ? selectionsOf(schema, document, operation, variableValues ?? {}) : []);
}
