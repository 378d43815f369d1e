import type { ApolloServerPlugin } from '@apollo/server';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver, getNamedType, Kind, responsePathAsArray, type DocumentNode, type FieldNode, type FragmentDefinitionNode,
  type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { AccessEvent } from '../audit/records.js';
import type { RequestContext } from '../context.js';
import type { Citizen } from '../domain.js';
import { AuditUnavailableError, driverErrorOf } from '../errors.js';
import { answerWithError } from './errorMapping.js';

/**
 * The schema with every field that returns citizens noting, in the request's `personsRead`, the
 * response path and personal number of each: what the audit trail records the answer by.
 */
export function trackPersonsRead(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field) => {
      if (getNamedType(field.type).name !== 'Citizen') return field;
      const resolve = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve: async (source, args, context: RequestContext, info) => {
          const value = (await resolve(source, args, context, info)) as Citizen | Array<Citizen | null> | null;
          const path = responsePathAsArray(info.path).join('.');
          if (Array.isArray(value)) value.forEach((citizen, index) => citizen && context.personsRead.set(`${path}.${index}`, citizen.personalNumber));
          else if (value) context.personsRead.set(path, value.personalNumber);
          return value;
        },
      };
    },
  });
}

/**
 * Records, before the answer leaves, one access event per person it carries: who asked, why, and which
 * of the person's fields. If the trail cannot be written, the caller gets AUDIT_UNAVAILABLE and no data.
 */
export function useAuditTrail(trail: AuditTrail, onWithheld: () => void = () => {}): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, document, operation }) {
          if (response.body.kind !== 'single' || !document || !operation) return;
          const { data } = response.body.singleResult;
          if (!data || contextValue.personsRead.size === 0) return;
          const perPerson = fieldsPerPerson(document, operation, data, contextValue.personsRead);
          if (perPerson.size === 0) return;
          const { caller, request } = contextValue;
          const at = new Date().toISOString();
          const events: AccessEvent[] = [...perPerson].map(([personalNumber, paths]) => ({
            at,
            consumer: caller.consumer.id,
            institution: caller.consumer.institution,
            system: caller.consumer.system,
            purpose: caller.purpose,
            legalBasis: caller.legalBasis,
            caseReference: caller.caseReference,
            operationName: request.operationName,
            requestId: request.id,
            personalNumber,
            fieldPaths: [...paths].sort(),
            bulk: perPerson.size > 1,
            hiddenUntil: caller.hiddenUntil,
          }));
          try {
            await trail.record(events);
          } catch (error) {
            const unavailable = error instanceof AuditUnavailableError ? error : new AuditUnavailableError('write', driverErrorOf(error));
            contextValue.log.error({ driverError: unavailable.driverError, records: events.length }, 'access records could not be written; answer withheld');
            onWithheld();
            answerWithError(response, unavailable);
          }
        },
      };
    },
  };
}

/**
 * For each person in `data`, the paths of the fields returned for them: walked along the operation's
 * selections, so aliases count under their field's name. A link to another person counts for both:
 * its name for the one, the other's fields for the other.
 */
export function fieldsPerPerson(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  data: Record<string, unknown>,
  personsRead: ReadonlyMap<string, string>,
): Map<string, Set<string>> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // An answer repeats the same selections for every item of a list: each set of field nodes is
  // resolved to its response keys, and to the selections below it, once.
  const keysOf = new Map<readonly SelectionSetNode[], Map<string, FieldNode[]>>();
  const byResponseKey = (selections: readonly SelectionSetNode[]) => {
    let byKey = keysOf.get(selections);
    if (!byKey) keysOf.set(selections, (byKey = fieldsByResponseKey(selections, fragments)));
    return byKey;
  };
  const selectionsOf = new Map<readonly FieldNode[], SelectionSetNode[]>();
  const selectionsBelow = (nodes: readonly FieldNode[]) => {
    let below = selectionsOf.get(nodes);
    if (!below) selectionsOf.set(nodes, (below = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []))));
    return below;
  };
  const perPerson = new Map<string, Set<string>>();
  const note = (personalNumber: string, path: string) => {
    const paths = perPerson.get(personalNumber) ?? new Set<string>();
    paths.add(path);
    perPerson.set(personalNumber, paths);
  };

  const visitObject = (object: Record<string, unknown>, selections: readonly SelectionSetNode[], responsePath: string, owner: string | null, prefix: string) => {
    const byKey = byResponseKey(selections);
    for (const [key, child] of Object.entries(object)) {
      const nodes = byKey.get(key);
      if (!nodes || nodes[0]!.name.value === '__typename') continue;
      const fieldPath = prefix ? `${prefix}.${nodes[0]!.name.value}` : nodes[0]!.name.value;
      const childPath = responsePath ? `${responsePath}.${key}` : key;
      const childSelections = selectionsBelow(nodes);
      // A value, a null or an empty list was returned for the field itself.
      if (childSelections.length === 0 || child === null || typeof child !== 'object' || (Array.isArray(child) && child.length === 0)) {
        if (owner !== null) note(owner, fieldPath);
        continue;
      }
      const items = Array.isArray(child) ? child.map((item, index) => [item, `${childPath}.${index}`] as const) : [[child, childPath] as const];
      for (const [item, itemPath] of items) {
        if (item === null || typeof item !== 'object') continue;
        const person = personsRead.get(itemPath);
        if (person !== undefined) {
          if (owner !== null) note(owner, fieldPath);
          note(person, '');
          visitObject(item as Record<string, unknown>, childSelections, itemPath, person, '');
        } else {
          visitObject(item as Record<string, unknown>, childSelections, itemPath, owner, fieldPath);
        }
      }
    }
  };
  visitObject(data, [operation.selectionSet], '', null, '');
  // A person whose record was reached but none of whose fields were asked for is still a person read.
  for (const paths of perPerson.values()) paths.delete('');
  return perPerson;
}

// The field nodes behind each response key, through fragments (the answer says which applied).
function fieldsByResponseKey(selectionSets: readonly SelectionSetNode[], fragments: ReadonlyMap<string, FragmentDefinitionNode>): Map<string, FieldNode[]> {
  const byKey = new Map<string, FieldNode[]>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        byKey.set(key, [...(byKey.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  selectionSets.forEach(collect);
  return byKey;
}
