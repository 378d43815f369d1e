import type { ApolloServerPlugin } from '@apollo/server';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, getNamedType, responsePathAsArray, type GraphQLSchema } from 'graphql';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { AccessEvent } from '../audit/records.js';
import type { RequestContext } from '../context.js';
import type { Citizen } from '../domain.js';
import { AuditUnavailableError, driverErrorOf } from '../errors.js';
import type { SelectedField } from '../operation/selections.js';
import { answerWithError } from './errorMapping.js';
import { requestSelections } from './requestSelections.js';

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
        async willSendResponse(requestContext) {
          const { contextValue, response, document } = requestContext;
          if (response.body.kind !== 'single' || !document) return;
          const { data } = response.body.singleResult;
          if (!data || contextValue.personsRead.size === 0) return;
          const perPerson = fieldsPerPerson(requestSelections({ ...requestContext, document }), data, contextValue.personsRead);
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
 * For each person in `data`, the paths of the fields returned for them: walked along the fields the
 * operation selects, so aliases count under their field's name. A link to another person counts for
 * both: its name for the one, the other's fields for the other.
 */
export function fieldsPerPerson(
  selections: readonly SelectedField[],
  data: Record<string, unknown>,
  personsRead: ReadonlyMap<string, string>,
): Map<string, Set<string>> {
  // An answer repeats the same selections for every item of a list: each set of fields is keyed by
  // response key once, and the fields below the fields of one key gathered once.
  const keysOf = new Map<readonly SelectedField[], Map<string, SelectedField[]>>();
  const byResponseKey = (fields: readonly SelectedField[]) => {
    let byKey = keysOf.get(fields);
    if (!byKey) {
      byKey = new Map();
      for (const field of fields) byKey.set(field.responseKey, [...(byKey.get(field.responseKey) ?? []), field]);
      keysOf.set(fields, byKey);
    }
    return byKey;
  };
  const belowOf = new Map<readonly SelectedField[], readonly SelectedField[]>();
  // Fields of one key on several types (fragments on an interface's types) select together what each does.
  const below = (fields: readonly SelectedField[]) => {
    if (fields.length === 1) return fields[0]!.children;
    let children = belowOf.get(fields);
    if (!children) belowOf.set(fields, (children = fields.flatMap((field) => field.children)));
    return children;
  };
  const perPerson = new Map<string, Set<string>>();
  const note = (personalNumber: string, path: string) => {
    const paths = perPerson.get(personalNumber) ?? new Set<string>();
    paths.add(path);
    perPerson.set(personalNumber, paths);
  };

  const visitObject = (object: Record<string, unknown>, fields: readonly SelectedField[], responsePath: string, owner: string | null, prefix: string) => {
    const byKey = byResponseKey(fields);
    for (const [key, child] of Object.entries(object)) {
      const selected = byKey.get(key);
      if (!selected || selected[0]!.definition.name === '__typename') continue;
      const name = selected[0]!.definition.name;
      const fieldPath = prefix ? `${prefix}.${name}` : name;
      const childPath = responsePath ? `${responsePath}.${key}` : key;
      const childFields = below(selected);
      // A value, a null or an empty list was returned for the field itself.
      if (childFields.length === 0 || child === null || typeof child !== 'object' || (Array.isArray(child) && child.length === 0)) {
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
          visitObject(item as Record<string, unknown>, childFields, itemPath, person, '');
        } else {
          visitObject(item as Record<string, unknown>, childFields, itemPath, owner, fieldPath);
        }
      }
    }
  };
  visitObject(data, selections, '', null, '');
  // A person whose record was reached but none of whose fields were asked for is still a person read.
  for (const paths of perPerson.values()) paths.delete('');
  return perPerson;
}
