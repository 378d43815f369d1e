import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { getDirective, MapperKind, mapSchema, printSchemaWithDirectives } from '@graphql-tools/utils';
import {
  getNamedType, GraphQLInterfaceType, GraphQLObjectType, isInterfaceType, isObjectType, type GraphQLFieldConfig, type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { resolvers } from '../resolvers/index.js';
import { ScopeRules, type ScopeRequirement } from './auth/scopes.js';
import { projectFile } from './projectFiles.js';

const SCHEMA_DIR = projectFile('schema');

/** The composed schema as a reviewed artefact: every change of the public API shows in its diff. */
export const PRINTED_SCHEMA_FILE = projectFile('schema.graphql');

/** The SDL of every domain, read from `schema/*.graphql`. */
export function readTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(path.join(SCHEMA_DIR, file), 'utf8'));
}

/** The gateway's executable schema: the domains' SDL with their resolvers, its descriptions closed by owner and scopes. */
export function buildSchema(): GraphQLSchema {
  return withOwnersAndScopesDescribed(makeExecutableSchema({ typeDefs: readTypeDefs(), resolvers, inheritResolversFromInterfaces: true }));
}

/** The composed SDL, descriptions and directives included, as `npm run schema:print` writes it. */
export function printedSchema(): string {
  return `${printSchemaWithDirectives(buildSchema())}\n`;
}

// How a description names each value of the schema's `Registry` enum.
const REGISTRY_NAMES: Readonly<Record<string, string>> = {
  CIVIL_REGISTRY: "the Civil Registration Agency's civil registry",
  ADDRESS_REGISTER: 'the address register',
  VEHICLE_REGISTRY: 'the vehicle and driving-licence registry',
  AUDIT_TRAIL: "the gateway's audit trail",
};

/**
 * Closes the description of every type and field that holds data with the registry that owns it
 * (`@owner`) and the scopes that read it (`@scope`): what a developer reads in the documentation is
 * what the gateway enforces, from one source.
 */
function withOwnersAndScopesDescribed(schema: GraphQLSchema): GraphQLSchema {
  const rules = new ScopeRules(schema);
  const ownersOf = (node: GraphQLNamedType | GraphQLFieldConfig<unknown, unknown> | undefined): string[] | null =>
    (node && (getDirective(schema, node, 'owner')?.[0]?.registries as string[] | undefined)) ?? null;
  const describedType = <T extends GraphQLObjectType | GraphQLInterfaceType>(type: T): string | undefined => {
    const owners = ownersOf(type);
    const [subject] = getDirective(schema, type, 'subject') ?? [];
    const description = subject ? `${type.description ?? ''}\n\n${subjectSentence(subject.of as string | undefined)}` : type.description;
    return owners ? closed(description, owners, rules.typeRequirement(type.name)) : description ?? undefined;
  };
  return mapSchema(schema, {
    [MapperKind.OBJECT_TYPE]: (type) => new GraphQLObjectType({ ...type.toConfig(), description: describedType(type) }),
    [MapperKind.INTERFACE_TYPE]: (type) => new GraphQLInterfaceType({ ...type.toConfig(), description: describedType(type) }),
    [MapperKind.COMPOSITE_FIELD]: (field, fieldName, typeName) => {
      const parent = schema.getType(typeName) ?? undefined;
      const returned = getNamedType(field.type);
      const owners = ownersOf(field) ?? (isObjectType(returned) || isInterfaceType(returned) ? ownersOf(returned) : null) ?? ownersOf(parent);
      const requirement = rules.requirement(typeName, fieldName);
      // A page's own fields (nodes, pageInfo) are read with the field that returned the page.
      const wrapper = parent !== schema.getQueryType() && ownersOf(parent) === null && requirement.length === 0;
      if (owners === null && wrapper) return field;
      return { ...field, description: closed(field.description, owners, wrapper ? null : requirement) };
    },
  });
}

function closed(description: string | null | undefined, owners: string[] | null, requirement: ScopeRequirement | null): string {
  const sentences = [description?.trim() ?? ''];
  if (owners) sentences.push(`Registry: ${owners.map((owner) => REGISTRY_NAMES[owner] ?? owner).join(' and ')}.`);
  if (requirement) sentences.push(scopesSentence(requirement));
  return sentences.filter(Boolean).join('\n\n');
}

function subjectSentence(of: string | undefined): string {
  const whom = of === undefined ? 'the person themself' : `its ${of}`;
  return `Data subject: ${whom}; every answer with a field of it is recorded in the audit trail under that person.`;
}

function scopesSentence(requirement: ScopeRequirement): string {
  if (requirement.length === 0) return 'Scope: none; every consumer reads it.';
  const groups = requirement.map((anyOf) => anyOf.map((scope) => `\`${scope}\``).join(' or '));
  return groups.length === 1 ? `Scope: ${groups[0]}.` : `Scopes: ${groups.join(' and ')}.`;
}
