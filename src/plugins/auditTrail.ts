import type { ApolloServerPlugin } from '@apollo/server';
import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, getNamedType, isInterfaceType, isObjectType, responsePathAsArray, type GraphQLSchema } from 'graphql';
import type { AccessRecorder } from '../audit/auditTrail.js';
import type { AccessEvent } from '../audit/records.js';
import type { DataSubject, RequestContext } from '../context.js';
import type { Citizen, DrivingLicence, ExpiringDocument, IdentityDocument, Vehicle } from '../domain.js';
import { AuditUnavailableError, driverErrorOf } from '../errors.js';
import type { SelectedField } from '../operation/selections.js';
import { answerWithError } from './errorMapping.js';
import { requestSelections } from './requestSelections.js';

// Whose data an object of each type with `@subject` is, from the entity its registry row was mapped to.
const SUBJECT_OF: Readonly<Record<string, (entity: never) => string | null>> = {
  Citizen: (citizen: Citizen) => citizen.personalNumber,
  Document: (document: ExpiringDocument) => document.holderPersonalNumber,
  IdentityDocument: (document: IdentityDocument) => document.holderPersonalNumber,
  DrivingLicence: (licence: DrivingLicence) => licence.holderPersonalNumber,
  // A company's vehicle is no one's personal data.
  Vehicle: (vehicle: Vehicle) => vehicle.ownerPersonalNumber,
};

/**
 * The schema with every field that returns a type with `@subject` noting, in the request's `subjects`,
 * the response path and person of each object it returns: what the audit trail records the answer by.
 * The person comes from the registry's row, whether or not the operation asks for them.
 */
export function trackSubjects(schema: GraphQLSchema): GraphQLSchema {
  const subjectOf = new Map<string, (entity: unknown) => DataSubject | null>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const [declared] = getDirective(schema, type, 'subject') ?? [];
    if (!declared) continue;
    const personOf = SUBJECT_OF[type.name] as ((entity: unknown) => string | null) | undefined;
    if (!personOf) throw new Error(`${type.name} declares a data subject the audit trail does not know how to read`);
    const isPerson = declared.of === undefined;
    subjectOf.set(type.name, (entity) => {
      const personalNumber = personOf(entity);
      return personalNumber === null ? null : { personalNumber, isPerson };
    });
  }
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field) => {
      const subject = subjectOf.get(getNamedType(field.type).name);
      if (!subject) return field;
      const resolve = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve: async (source, args, context: RequestContext, info) => {
          const value: unknown = await resolve(source, args, context, info);
          const path = responsePathAsArray(info.path).join('.');
          const note = (entity: unknown, at: string) => {
            const read = entity === null || entity === undefined ? null : subject(entity);
            if (read) context.subjects.set(at, read);
          };
          if (Array.isArray(value)) value.forEach((entity, index) => note(entity, `${path}.${index}`));
          else note(value, path);
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
export function useAuditTrail(trail: AccessRecorder, onWithheld: () => void = () => {}): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(requestContext) {
          const { contextValue, response, document } = requestContext;
          if (response.body.kind !== 'single' || !document) return;
          const { data } = response.body.singleResult;
          if (!data || contextValue.subjects.size === 0) return;
          const perPerson = fieldsPerPerson(requestSelections({ ...requestContext, document }), data, contextValue.subjects);
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
 * For each person whose data is in `data`, the paths of the fields returned of it: walked along the
 * fields the operation selects, so aliases count under their field's name. A person's own fields are
 * named from the person (`address.street`); those of something of theirs from where it was reached
 * (`vehicle.make`). A link to another person counts for both: its name for the one, the other's fields
 * for the other.
 */
export function fieldsPerPerson(
  selections: readonly SelectedField[],
  data: Record<string, unknown>,
  subjects: ReadonlyMap<string, DataSubject>,
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
        const subject = subjects.get(itemPath);
        if (subject === undefined || (subject.personalNumber === owner && !subject.isPerson)) {
          visitObject(item as Record<string, unknown>, childFields, itemPath, owner, fieldPath);
          continue;
        }
        if (owner !== null) note(owner, fieldPath);
        note(subject.personalNumber, '');
        visitObject(item as Record<string, unknown>, childFields, itemPath, subject.personalNumber, subject.isPerson ? '' : fieldPath);
      }
    }
  };
  visitObject(data, selections, '', null, '');
  // A person whose record was reached but none of whose fields were asked for is still a person read.
  for (const paths of perPerson.values()) paths.delete('');
  return perPerson;
}
