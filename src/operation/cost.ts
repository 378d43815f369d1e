import { getDirective } from '@graphql-tools/utils';
import { getNamedType, isAbstractType, isInterfaceType, isObjectType, type GraphQLField, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import type { SelectedField } from './selections.js';

interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
}

/**
 * The cost of what an operation selects: each field 1 and what it selects, times the size of the list
 * it returns (`@listSize`: the slicing argument's value, else the assumed size). Where a field returns
 * an interface, its selections cost what they cost for the dearest type it may turn out to be.
 * Introspection and `__typename` cost nothing.
 */
export class OperationCost {
  // By the field's definition, which each selection of it carries: nothing is built to look one up.
  readonly #sizes = new Map<GraphQLField<unknown, unknown>, ListSize>();

  constructor(private readonly schema: GraphQLSchema) {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const [size] = (getDirective(schema, field, 'listSize') ?? []) as ListSize[];
        if (size) this.#sizes.set(field, size);
      }
    }
  }

  /** The cost of fields selected together on one type. */
  of(fields: readonly SelectedField[]): number {
    let cost = 0;
    for (const field of fields) {
      if (field.definition.name.startsWith('__')) continue;
      cost += this.#listSize(field) * (1 + this.#selectionsCost(field));
    }
    return cost;
  }

  #selectionsCost(field: SelectedField): number {
    const returned = getNamedType(field.definition.type);
    if (!isAbstractType(returned)) return this.of(field.children);
    // The fields selected on the abstract type itself, or on a type condition the object type meets.
    const applying = (type: GraphQLNamedType) => field.children.filter((child) => child.parentType === type || (isAbstractType(child.parentType) && isObjectType(type) && this.schema.isSubType(child.parentType, type)));
    return Math.max(0, ...this.schema.getPossibleTypes(returned).map((type) => this.of(applying(type))));
  }

  #listSize(field: SelectedField): number {
    const size = this.#sizes.get(field.definition);
    if (!size) return 1;
    for (const name of size.slicingArguments ?? []) {
      const value = field.arguments?.[name];
      if (typeof value === 'number') return Math.max(value, 0);
      if (Array.isArray(value)) return value.length;
    }
    return size.assumedSize ?? 1;
  }
}
