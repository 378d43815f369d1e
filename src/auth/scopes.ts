import { getDirective } from '@graphql-tools/utils';
import { isInterfaceType, isObjectType, type GraphQLField, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import type { SelectedField } from '../operation/selections.js';

/** What a consumer may be granted: the schema's `Scope` enum, written in lower case with hyphens in the consumers file. */
export const SCOPES = ['identity', 'address', 'family', 'documents', 'vehicles', 'licences', 'verification', 'electoral-roll', 'companies', 'access-log', 'schema'] as const;
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

  /** What reading a selected field takes: `__typename` and what introspection selects are open. */
  requirementOf(field: SelectedField): ScopeRequirement {
    return this.requirement(field.parentType.name, field.definition.name);
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

/** Whether `granted` meets `requirement`: a scope of every group. */
export function satisfies(requirement: ScopeRequirement, granted: ReadonlySet<Scope>): boolean {
  return requirement.every((anyOf) => anyOf.some((scope) => granted.has(scope)));
}

/** Whether reading a field with this requirement reads personal data: any scope but `schema`. */
export function isPersonalData(requirement: ScopeRequirement): boolean {
  return requirement.some((anyOf) => anyOf.some((scope) => scope !== 'schema'));
}
