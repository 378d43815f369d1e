import type { Plugin } from '@envelop/core';
import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver, getNamedType, isInterfaceType, isLeafType, isObjectType, type DocumentNode, type ExecutionResult, type GraphQLField, type GraphQLFieldConfig,
  type GraphQLNamedType, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema,
} from 'graphql';
import type { AccessRecorder } from '../audit/auditTrail.js';
import { accessEvent } from '../audit/records.js';
import type { DataSubject, NotedPlace, SubjectNotes } from '../audit/subjectNotes.js';
import { releaseExecution, type RequestContext } from '../context.js';
import type { Citizen, CompanyOwner, CompanyRepresentative, DrivingLicence, ExpiringDocument, IdentityDocument, IdentityDocumentCheck, Residence, Vehicle, Voter } from '../domain.js';
import { AuditUnavailableError, driverErrorOf } from '../errors.js';
import { fixedShape, type SelectedField } from '../operation/selections.js';
import { AnswerText } from './answerText.js';
import { graphQLErrorOf } from './errorMapping.js';
import { requestSelections, type OperationArgs } from './requestSelections.js';

// Whose data an object of each type with `@subject` is, from the entity its registry row was mapped to.
const SUBJECT_OF: Readonly<Record<string, (entity: never) => string | null>> = {
  Citizen: (citizen: Citizen) => citizen.personalNumber,
  Document: (document: ExpiringDocument) => document.holderPersonalNumber,
  IdentityDocument: (document: IdentityDocument) => document.holderPersonalNumber,
  // A check is about the person it was asked of, whoever the document turned out to be issued to.
  IdentityDocumentCheck: (check: IdentityDocumentCheck) => check.personalNumber,
  DrivingLicence: (licence: DrivingLicence) => licence.holderPersonalNumber,
  Residence: (residence: Residence) => residence.personalNumber,
  Voter: (voter: Voter) => voter.personalNumber,
  // A share a company owns is no one's personal data.
  CompanyOwnership: (owner: CompanyOwner) => owner.personalNumber,
  CompanyRepresentative: (representative: CompanyRepresentative) => representative.personalNumber,
  // A company's vehicle is no one's personal data.
  Vehicle: (vehicle: Vehicle) => vehicle.ownerPersonalNumber,
};

/** The types that declare `@subject`, by name, and whether each is a person itself (`@subject` without `of`). */
function declaredSubjects(schema: GraphQLSchema): ReadonlyMap<string, { isPerson: boolean }> {
  let declared = DECLARED.get(schema);
  if (!declared) {
    const found = new Map<string, { isPerson: boolean }>();
    declared = found;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const [subject] = getDirective(schema, type, 'subject') ?? [];
      if (subject) found.set(type.name, { isPerson: subject.of === undefined });
    }
    DECLARED.set(schema, declared);
  }
  return declared;
}
const DECLARED = new WeakMap<GraphQLSchema, ReadonlyMap<string, { isPerson: boolean }>>();

/**
 * The type of the items of a page of `type`, when it is a page whose items have `@subject` (its
 * `nodes` are someone's data, its `pageInfo` tells where it ends and whether more follow); else null.
 */
export function listedSubjectType(schema: GraphQLSchema, type: GraphQLNamedType): string | null {
  if (!isObjectType(type)) return null;
  const { nodes, pageInfo } = type.getFields();
  if (!nodes || !pageInfo) return null;
  const items = getNamedType(nodes.type).name;
  return declaredSubjects(schema).has(items) ? items : null;
}

/**
 * The schema with every field that returns a type with `@subject` noting, in the request's `subjects`,
 * the response path and person of each object it returns: what the audit trail records the answer by.
 * The person comes from the registry's row, whether or not the operation asks for them. A page of such
 * objects notes them at its `pageInfo` too: where a page ends and whether more follow tell that the
 * people it lists exist and match what was asked, even when none of them is asked for.
 */
export function trackSubjects(schema: GraphQLSchema): GraphQLSchema {
  const subjectOf = new Map<string, (entity: unknown) => DataSubject | null>();
  for (const [typeName, { isPerson }] of declaredSubjects(schema)) {
    const personOf = SUBJECT_OF[typeName] as ((entity: unknown) => string | null) | undefined;
    if (!personOf) throw new Error(`${typeName} declares a data subject the audit trail does not know how to read`);
    subjectOf.set(typeName, (entity) => {
      const personalNumber = personOf(entity);
      return personalNumber === null ? null : { personalNumber, isPerson };
    });
  }
  const ofEntity = (subject: (entity: unknown) => DataSubject | null) => (entity: unknown) => (entity === null || entity === undefined ? null : subject(entity));
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const parent = schema.getType(typeName)!;
      const listed = fieldName === 'pageInfo' ? listedSubjectType(schema, parent) : null;
      if (listed) return notingListed(field, (parent as GraphQLObjectType).getFields().nodes!, ofEntity(subjectOf.get(listed)!));
      const subject = subjectOf.get(getNamedType(field.type).name);
      if (!subject) return field;
      const resolve = field.resolve ?? defaultFieldResolver;
      const subjectOfEntity = ofEntity(subject);
      const noted = (value: unknown, subjects: SubjectNotes, info: GraphQLResolveInfo) => {
        if (Array.isArray(value)) subjects.note(info.path, value.map(subjectOfEntity));
        else {
          const read = subjectOfEntity(value);
          if (read) subjects.note(info.path, read);
        }
        return value;
      };
      return {
        ...field,
        // Most of these resolvers answer from a loader's promise, some at once: only a promise is waited on.
        resolve: (source, args, context: RequestContext, info) => {
          const value: unknown = resolve(source, args, context, info);
          return isPromise(value) ? value.then((resolved) => noted(resolved, context.subjects, info)) : noted(value, context.subjects, info);
        },
      };
    },
  });
}

// A page's `pageInfo`, noting the people of the page's items (its `nodes`, as they resolve) at its own place.
function notingListed(pageInfo: GraphQLFieldConfig<unknown, RequestContext>, nodes: GraphQLField<unknown, RequestContext>, subjectOfEntity: (entity: unknown) => DataSubject | null): GraphQLFieldConfig<unknown, RequestContext> {
  const resolve = pageInfo.resolve ?? defaultFieldResolver;
  const itemsOf = (page: unknown, context: RequestContext, info: GraphQLResolveInfo): unknown =>
    nodes.resolve ? nodes.resolve(page, {}, context, info) : (page as { nodes?: unknown } | null)?.nodes;
  return {
    ...pageInfo,
    resolve: (page, args, context: RequestContext, info) => {
      const note = (items: unknown) => {
        if (Array.isArray(items)) context.subjects.note(info.path, items.map(subjectOfEntity));
      };
      const items = itemsOf(page, context, info);
      const value: unknown = resolve(page, args, context, info);
      if (isPromise(items)) return items.then((resolved) => (note(resolved), value));
      note(items);
      return value;
    },
  };
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | null)?.then === 'function';
}

/**
 * Records, before the answer leaves, its access event: who asked, why, and each person it carries with
 * which of their fields. If the trail cannot be written, the caller gets AUDIT_UNAVAILABLE and no data.
 */
export function useAuditTrail(trail: AccessRecorder, onWithheld: () => void = () => {}): Plugin<RequestContext> {
  return {
    onExecute({ args }) {
      const operation = args as OperationArgs;
      return {
        async onExecuteDone({ result, setResult }) {
          const { contextValue, document, schema } = operation;
          const answer = result as ExecutionResult;
          if (!answer.data || contextValue.subjects.empty) return;
          const perPerson = fieldsPerPerson(schema, requestSelections(operation), answer.data, contextValue.subjects, { document, operationName: operation.operationName ?? null });
          if (perPerson.size === 0) return;
          // While the record commits, the request holds the answer's text and the record, and nothing
          // else of its execution (an answer with errors is written later, each error as the consumer
          // may see it).
          if (!answer.errors?.length) setResult(AnswerText.of(answer));
          releaseExecution(contextValue);
          try {
            await trail.record(accessEvent(contextValue.caller, contextValue.request, perPerson));
          } catch (error) {
            const unavailable = error instanceof AuditUnavailableError ? error : new AuditUnavailableError('write', driverErrorOf(error));
            contextValue.log.error({ driverError: unavailable.driverError, people: perPerson.size }, 'the access record could not be written; answer withheld');
            onWithheld();
            setResult({ errors: [graphQLErrorOf(unavailable)] });
          }
        },
      };
    },
  };
}

/**
 * For each person whose data is in `data`, the paths of the fields returned of it, sorted: walked along
 * the fields the operation selects, so aliases count under their field's name. A person's own fields
 * are named from the person (`address.street`); those of something of theirs from where it was reached
 * (`vehicle.make`). A link to another person counts for both: its name for the one, the other's fields
 * for the other.
 */
export function fieldsPerPerson(
  schema: GraphQLSchema,
  selections: readonly SelectedField[],
  data: Record<string, unknown>,
  subjects: SubjectNotes,
  /** The document and operation the selections are of, when known: their walk is then made once for all requests. */
  source?: { document: DocumentNode; operationName: string | null },
): Map<string, string[]> {
  const { steps, paths } = walkOf(schema, selections, source);
  // Which of the walk's paths were returned of each person: a bit a path, in words of 31 bits, the
  // people's words one after the other. An answer of a hundred people then allocates no object per person.
  const words = Math.ceil(paths.length / BITS_A_WORD) || 1;
  const people = new Map<string, number>();
  let marks = new Int32Array(16 * words);
  const read = (personalNumber: string): number => {
    let at = people.get(personalNumber);
    if (at === undefined) {
      at = people.size * words;
      people.set(personalNumber, at);
      if (at + words > marks.length) {
        const grown = new Int32Array(marks.length * 2);
        grown.set(marks);
        marks = grown;
      }
    }
    return at;
  };
  // The people a page lists, noted at its `pageInfo`: each is read once that is returned.
  const readListed = (place: NotedPlace | undefined) => {
    for (const listed of (place?.subjects as ReadonlyArray<DataSubject | null> | undefined) ?? []) {
      if (listed) read(listed.personalNumber);
    }
  };
  // The owner of what is visited: their personal number and where their marks are (-1 for no one).
  const visitObject = (object: Record<string, unknown>, fieldSteps: readonly Step[], place: NotedPlace | undefined, owner: string | null, ownerAt: number) => {
    for (const step of fieldSteps) {
      const child = object[step.key];
      if (child === undefined) continue;
      if (step.lists) readListed(place?.below?.get(step.key));
      // A value, a null or an empty list was returned for the field itself.
      if (step.leaf || child === null || typeof child !== 'object' || (Array.isArray(child) && child.length === 0)) {
        if (ownerAt >= 0) marks[ownerAt + step.word]! |= step.bit;
        continue;
      }
      // Whose the objects returned are, noted once for the field: one subject, or one per list item.
      const childPlace = place?.below?.get(step.key);
      const noted = step.subjects ? childPlace?.subjects : undefined;
      if (!Array.isArray(child)) visitItem(child as Record<string, unknown>, step, childPlace, owner, ownerAt, noted as DataSubject | undefined);
      else {
        const each = noted as ReadonlyArray<DataSubject | null> | undefined;
        for (let index = 0; index < child.length; index++) {
          const item: unknown = child[index];
          if (item !== null && typeof item === 'object') visitItem(item as Record<string, unknown>, step, childPlace?.below?.get(index), owner, ownerAt, each?.[index] ?? undefined);
        }
      }
    }
  };
  const visitItem = (item: Record<string, unknown>, step: Step, place: NotedPlace | undefined, owner: string | null, ownerAt: number, subject: DataSubject | undefined) => {
    if (subject === undefined || (subject.personalNumber === owner && !subject.isPerson)) {
      // An object of which nothing but its type was asked for (`__typename`, or fields all skipped) was returned all the same.
      if (step.children.length === 0 && ownerAt >= 0) marks[ownerAt + step.word]! |= step.bit;
      visitObject(item, step.children, place, owner, ownerAt);
      return;
    }
    if (ownerAt >= 0) marks[ownerAt + step.word]! |= step.bit;
    // A person whose record was reached but none of whose fields were asked for is still a person read.
    visitObject(item, step.children, place, subject.personalNumber, read(subject.personalNumber));
  };
  visitObject(data, steps, subjects.root, null, -1);

  // People read alike share one list of paths.
  const lists = new Map<number | string, string[]>();
  const perPerson = new Map<string, string[]>();
  for (const [personalNumber, at] of people) {
    const key = words === 1 ? marks[at]! : marks.subarray(at, at + words).join(' ');
    let list = lists.get(key);
    if (!list) lists.set(key, (list = paths.filter((_, path) => (marks[at + wordOf(path)]! & bitOf(path)) !== 0)));
    perPerson.set(personalNumber, list);
  }
  return perPerson;
}

/**
 * A field on the walk over an answer, known before any answer is: the response key it is under, the
 * mark of the path it is recorded as (by its number in the walk's sorted paths: the word of a
 * person's marks and the bit there), and whether what it returns can be some person's data.
 */
interface Step {
  readonly key: string;
  /** Whether it returns values (a scalar or an enum), not objects. */
  readonly leaf: boolean;
  /** Whether it tells of the people its page lists (a page's `pageInfo`): each is read when it is returned. */
  readonly lists: boolean;
  readonly word: number;
  readonly bit: number;
  readonly subjects: boolean;
  readonly children: readonly Step[];
}

// The marks of a walk's paths: 31 to a word, clear of the sign bit.
const BITS_A_WORD = 31;
const wordOf = (path: number) => Math.floor(path / BITS_A_WORD);
const bitOf = (path: number) => 1 << path % BITS_A_WORD;

/**
 * The walk over answers to `selections`, made once per selection tree. The fields of one response key
 * (fragments on an interface's types) select together what each does. A field's path starts again
 * below a person, and goes on below anything else: the person it belongs to is known only from the
 * answer, but what it is called from them is not.
 */
function walkOf(schema: GraphQLSchema, selections: readonly SelectedField[], source: { document: DocumentNode; operationName: string | null } | undefined): Walk {
  // A document no variable reshapes selects the same tree for every request: one walk serves them all.
  const walks = source && fixedShape(source.document) ? walksOf(source.document) : null;
  const key = source?.operationName ?? '';
  const known = walks?.get(key);
  if (known) return known;
  const declared = declaredSubjects(schema);
  type Draft = { key: string; path: string; leaf: boolean; lists: boolean; subjects: boolean; children: Draft[] };
  const named = new Set<string>();
  const draftsOf = (fields: readonly SelectedField[], prefix: string): Draft[] => {
    const byKey = new Map<string, SelectedField[]>();
    for (const field of fields) {
      if (field.definition.name === '__typename') continue;
      const same = byKey.get(field.responseKey);
      if (same) same.push(field);
      else byKey.set(field.responseKey, [field]);
    }
    return [...byKey].map(([key, same]) => {
      const path = prefix ? `${prefix}.${same[0]!.definition.name}` : same[0]!.definition.name;
      named.add(path);
      const type = getNamedType(same[0]!.definition.type);
      const subject = declared.get(type.name);
      const lists = same.some((field) => field.definition.name === 'pageInfo' && listedSubjectType(schema, field.parentType) !== null);
      return { key, path, leaf: isLeafType(type), lists, subjects: subject !== undefined, children: draftsOf(same.flatMap((field) => field.children), subject?.isPerson ? '' : path) };
    });
  };
  const drafts = draftsOf(selections, '');
  // Paths numbered in sorted order, so that each person's come out sorted.
  const paths = [...named].sort();
  const numbers = new Map(paths.map((path, number) => [path, number]));
  const stepsOf = (of: readonly Draft[]): Step[] =>
    of.map(({ key, path, leaf, lists, subjects, children }) => ({ key, leaf, lists, word: wordOf(numbers.get(path)!), bit: bitOf(numbers.get(path)!), subjects, children: stepsOf(children) }));
  const walk = { steps: stepsOf(drafts), paths };
  walks?.set(key, walk);
  return walk;
}
type Walk = { readonly steps: readonly Step[]; readonly paths: readonly string[] };

// The walks made for a document, by operation name.
function walksOf(document: DocumentNode): Map<string, Walk> {
  let walks = WALKS.get(document);
  if (!walks) WALKS.set(document, (walks = new Map()));
  return walks;
}
const WALKS = new WeakMap<DocumentNode, Map<string, Walk>>();
