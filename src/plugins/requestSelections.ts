import type { GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import type { RequestContext } from '../context.js';
import { selectionsOf, type SelectedField } from '../operation/selections.js';

type Resolved = Pick<GraphQLRequestContextDidResolveOperation<RequestContext>, 'contextValue' | 'schema' | 'document' | 'operation' | 'request'>;

/** The fields the request's operation selects (none without one): walked once per request, by whichever plugin asks first. */
export function requestSelections({ contextValue, schema, document, operation, request }: Resolved): readonly SelectedField[] {
  return (contextValue.selections ??= operation ? selectionsOf(schema, document, operation, request.variables ?? {}) : []);
}
