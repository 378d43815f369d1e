import { getDirective } from '@graphql-tools/utils';
import {
  getNamedType, isInterfaceType, isObjectType, Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode,
  type GraphQLField, type GraphQLNamedType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';

/** What a consumer may be granted: the schema's `Scope` enum, written in lower case with hyphens in the consumers file. */
export const SCOPES = ['identity', 'address', 'family', 'documents', 'vehicles', 'licences', 'verification', 'access-log', 'schema'] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * The scopes reading one field takes: every group must share a scope with the caller's.
 * Empty for a field open to every consumer.
 */
export type ScopeRequirement = ReadonlyArray<readonly Scope[]>;

const INTROSPECTION: ScopeRequirement = [['schema']];
const OPEN: ScopeRequirement = [];

/** The `@scope` directives of the schema, per type and field: a field's own, else its type's. */
export class ScopeRules {
  readonly #byField = new Map<string, ScopeRequirement>();
  readonly #byType = new Map<string, ScopeRequirement>();

  constructor(schema: GraphQLSchema) {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const ofType = requirementOf(schema, type);
      this.#byType.set(type.name, ofType);
      for (const field of Object.values(type.getFields())) {
        const ofField = requirementOf(schema, field);
        this.#byField.set(`${type.name}.${field.name}`, ofField.length > 0 ? ofField : ofType);
      }
    }
  }

  /** What reading the fields of `typeName` takes where they state nothing of their own. */
  typeRequirement(typeName: string): ScopeRequirement {
    return this.#byType.get(typeName) ?? OPEN;
  }

  /** What reading `typeName.fieldName` takes. */
  requirement(typeName: string, fieldName: string): ScopeRequirement {
    if (fieldName === '__schema' || fieldName === '__type') return INTROSPECTION;
    return this.#byField.get(`${typeName}.${fieldName}`) ?? OPEN;
  }
}

function requirementOf(schema: GraphQLSchema, node: GraphQLNamedType | GraphQLField<unknown, unknown>): ScopeRequirement {
  const directives = (getDirective(schema, node, 'scope') ?? []) as Array<{ anyOf: string[] }>;
  return directives.map(({ anyOf }) => anyOf.map((scope) => scope.toLowerCase().replaceAll('_', '-') as Scope));
}

/** A field an operation asks for, where it stands and what reading it takes. */
export interface SelectedField {
  /** Field names from the root, dot-separated: `citizen.address.street`. */
  path: string;
  typeName: string;
  node: FieldNode;
  requirement: ScopeRequirement;
}

/**
 * Every field an operation selects, fragments expanded, with the scopes it takes. Introspection is
 * listed but not entered; `__typename` is open and left out.
 */
export function selectedFields(
  schema: GraphQLSchema,
  rules: ScopeRules,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): SelectedField[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fields: SelectedField[] = [];
  const walk = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined, path: string, spread: ReadonlySet<string>) => {
    if (!isObjectType(parent) && !isInterfaceType(parent)) return;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') continue;
        const fieldPath = path ? `${path}.${name}` : name;
        fields.push({ path: fieldPath, typeName: parent.name, node: selection, requirement: rules.requirement(parent.name, name) });
        const definition = parent.getFields()[name];
        if (selection.selectionSet && definition) walk(selection.selectionSet, getNamedType(definition.type), fieldPath, spread);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        walk(selection.selectionSet, type ?? undefined, path, spread);
      } else {
        const fragment = fragments.get(selection.name.value);
        // Validation refuses fragment cycles; the guard only keeps a malformed document from looping.
        if (!fragment || spread.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        walk(fragment.selectionSet, type ?? undefined, path, new Set([...spread, fragment.name.value]));
      }
    }
  };
  walk(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined, '', new Set());
  return fields;
}

/** Whether `granted` meets `requirement`: a scope of every group. */
export function satisfies(requirement: ScopeRequirement, granted: ReadonlySet<Scope>): boolean {
  return requirement.every((anyOf) => anyOf.some((scope) => granted.has(scope)));
}

/** Whether reading a field with this requirement reads personal data: any scope but `schema`. */
export function isPersonalData(requirement: ScopeRequirement): boolean {
  return requirement.some((anyOf) => anyOf.some((scope) => scope !== 'schema'));
}
