import {
  BREAK, getArgumentValues, getDirectiveValues, getVariableValues, GraphQLIncludeDirective, GraphQLSkipDirective, isCompositeType, Kind, TypeInfo,
  visit, visitWithTypeInfo, type DirectiveNode, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type FragmentSpreadNode,
  type GraphQLCompositeType, type GraphQLField, type GraphQLSchema, type InlineFragmentNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';

/** A field an operation selects: where the answer holds it, what it is, and what it selects in turn. */
export interface SelectedField {
  /** The key the answer holds it under: its alias, or its name. */
  readonly responseKey: string;
  /** Response keys from the root, list positions left out: `['payroll', 'home', 'street']`. */
  readonly responsePath: readonly string[];
  /** Field names from the root, dot-separated, aliases aside: `citizens.address.street`. */
  readonly path: string;
  /** The type it is selected on: the field's own type, or a fragment's type condition. */
  readonly parentType: GraphQLCompositeType;
  readonly definition: GraphQLField<unknown, unknown>;
  /** Its arguments with the variables applied; null when they do not fit, which execution refuses. */
  readonly arguments: Readonly<Record<string, unknown>> | null;
  /** The directives written on it. */
  readonly directives: readonly DirectiveNode[];
  /** Every node selecting it under this key and type: fragments may select a field more than once. */
  readonly nodes: readonly FieldNode[];
  /** The fields it selects, in the order the document first selects them. */
  readonly children: readonly SelectedField[];
}

interface Selected extends SelectedField {
  readonly nodes: FieldNode[];
  readonly children: Selected[];
}

/**
 * Every field `operation` selects, as the tree the answer will have: fragments spread in place, inline
 * fragments on interfaces kept under their type condition, fields of one key and type merged, and
 * those `@skip` or `@include` leave out dropped for these `variables`. The one walk over an operation
 * that access control, cost and the audit trail read. Where no variable decides what is selected, the
 * tree is walked once per operation and kept: a request then works out only the arguments that take
 * its variables, and those only when read.
 */
export function selectionsOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Readonly<Record<string, unknown>> = {},
): readonly SelectedField[] {
  if (!fixedShape(document)) return walkSelections(schema, document, operation, rawVariables);
  let shape = SHAPES.get(operation);
  if (!shape) SHAPES.set(operation, (shape = shapeOf(walkSelections(schema, document, operation, {}))));
  if (shape.varying.size === 0) return shape.fields;
  // The variables are worked out when a reader first asks for arguments that take them: the checks of
  // most operations (a lookup by key) read none.
  let variables: Record<string, unknown> | undefined;
  const applied = (fields: readonly SelectedField[]): readonly SelectedField[] =>
    fields.some((field) => shape.varying.has(field))
      ? fields.map((field) => {
          if (!shape.varying.has(field)) return field;
          const children = applied(field.children);
          if (!shape.takingVariables.has(field)) return { ...field, children };
          return new FieldTakingVariables(field, children, () => (variables ??= coercedVariables(schema, operation, rawVariables)));
        })
      : fields;
  return applied(shape.fields);
}

// A field whose arguments take the request's variables, worked out when first read. A class, not an
// object literal with a getter, which V8 would make a slow dictionary of for every request.
class FieldTakingVariables implements SelectedField {
  readonly responseKey: string;
  readonly responsePath: readonly string[];
  readonly path: string;
  readonly parentType: GraphQLCompositeType;
  readonly definition: GraphQLField<unknown, unknown>;
  readonly directives: readonly DirectiveNode[];
  readonly nodes: readonly FieldNode[];
  #arguments: Readonly<Record<string, unknown>> | null | undefined;

  constructor(
    field: SelectedField,
    readonly children: readonly SelectedField[],
    private readonly variables: () => Record<string, unknown>,
  ) {
    ({ responseKey: this.responseKey, responsePath: this.responsePath, path: this.path, parentType: this.parentType } = field);
    ({ definition: this.definition, directives: this.directives, nodes: this.nodes } = field);
  }

  get arguments(): Readonly<Record<string, unknown>> | null {
    if (this.#arguments === undefined) this.#arguments = argumentsOf(this.definition, this.nodes[0]!, this.variables());
    return this.#arguments;
  }
}

// An operation's selections walked without variables, with the fields whose arguments take variables
// and those that have such a field at or below them.
interface Shape {
  readonly fields: readonly SelectedField[];
  readonly takingVariables: ReadonlySet<SelectedField>;
  readonly varying: ReadonlySet<SelectedField>;
}
const SHAPES = new WeakMap<OperationDefinitionNode, Shape>();

function shapeOf(fields: readonly SelectedField[]): Shape {
  const takingVariables = new Set<SelectedField>();
  const varying = new Set<SelectedField>();
  const mark = (field: SelectedField): boolean => {
    let varies = field.nodes[0]!.arguments?.some((argument) => hasVariable(argument.value)) ?? false;
    if (varies) takingVariables.add(field);
    for (const child of field.children) varies = mark(child) || varies;
    if (varies) varying.add(field);
    return varies;
  };
  for (const field of fields) mark(field);
  return { fields, takingVariables, varying };
}

function hasVariable(value: ValueNode): boolean {
  switch (value.kind) {
    case Kind.VARIABLE:
      return true;
    case Kind.LIST:
      return value.values.some(hasVariable);
    case Kind.OBJECT:
      return value.fields.some((field) => hasVariable(field.value));
    default:
      return false;
  }
}

/** Whether no `@skip` or `@include` in the document depends on a variable: then what it selects is the same whatever the variables. */
export function fixedShape(document: DocumentNode): boolean {
  let fixed = FIXED_SHAPES.get(document);
  if (fixed === undefined) {
    fixed = true;
    visit(document, {
      Directive(node) {
        if ((node.name.value === 'skip' || node.name.value === 'include') && node.arguments?.some((argument) => hasVariable(argument.value))) {
          fixed = false;
          return BREAK;
        }
        return undefined;
      },
    });
    FIXED_SHAPES.set(document, fixed);
  }
  return fixed;
}
const FIXED_SHAPES = new WeakMap<DocumentNode, boolean>();

// Variables as execution will see them; ones that do not fit leave arguments and conditions unknown.
function coercedVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, rawVariables: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables).coerced ?? {};
}

function walkSelections(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Readonly<Record<string, unknown>>,
): readonly SelectedField[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const variables = coercedVariables(schema, operation, rawVariables);
  const root: Pick<Selected, 'children' | 'path' | 'responsePath'> = { children: [], path: '', responsePath: [] };

  const walk = (selectionSet: SelectionSetNode, type: GraphQLCompositeType, parent: Pick<Selected, 'children' | 'path' | 'responsePath'>, spread: ReadonlySet<string>) => {
    const typeInfo = new TypeInfo(schema, type);
    const open = [parent];
    visit(
      selectionSet,
      visitWithTypeInfo(typeInfo, {
        Field: {
          enter(node) {
            const parentType = typeInfo.getParentType();
            const definition = typeInfo.getFieldDef();
            if (!parentType || !definition || !included(node, variables)) return false;
            open.push(selected(open[open.length - 1]!, node, parentType, definition, variables));
            return undefined;
          },
          leave() {
            open.pop();
          },
        },
        InlineFragment: (node) => (included(node, variables) ? undefined : false),
        FragmentSpread(node) {
          const fragment = fragments.get(node.name.value);
          const condition = fragment && schema.getType(fragment.typeCondition.name.value);
          // Validation refuses fragment cycles; the guard only keeps a malformed document from looping.
          if (!fragment || !isCompositeType(condition) || spread.has(fragment.name.value) || !included(node, variables)) return;
          walk(fragment.selectionSet, condition, open[open.length - 1]!, new Set([...spread, fragment.name.value]));
        },
      }),
    );
  };
  const rootType = schema.getRootType(operation.operation);
  if (rootType) walk(operation.selectionSet, rootType, root, new Set());
  return root.children;
}

/** Every field of the tree, each before what it selects. */
export function* everyField(fields: readonly SelectedField[]): Generator<SelectedField> {
  for (const field of fields) {
    yield field;
    yield* everyField(field.children);
  }
}

// The entry of `node` under `parent`: a field of the same key and type selected before takes it in.
function selected(
  parent: Pick<Selected, 'children' | 'path' | 'responsePath'>,
  node: FieldNode,
  parentType: GraphQLCompositeType,
  definition: GraphQLField<unknown, unknown>,
  variables: Record<string, unknown>,
): Selected {
  const responseKey = node.alias?.value ?? node.name.value;
  const known = parent.children.find((child) => child.responseKey === responseKey && child.parentType === parentType);
  if (known) {
    known.nodes.push(node);
    return known;
  }
  const entry: Selected = {
    responseKey,
    responsePath: [...parent.responsePath, responseKey],
    path: parent.path ? `${parent.path}.${definition.name}` : definition.name,
    parentType,
    definition,
    arguments: argumentsOf(definition, node, variables),
    directives: node.directives ?? [],
    nodes: [node],
    children: [],
  };
  parent.children.push(entry);
  return entry;
}

function argumentsOf(definition: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> | null {
  try {
    return getArgumentValues(definition, node, variables);
  } catch {
    return null;
  }
}

// Whether `@skip` and `@include` keep a selection; conditions that cannot be known keep it.
function included(node: FieldNode | InlineFragmentNode | FragmentSpreadNode, variables: Record<string, unknown>): boolean {
  try {
    return getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  } catch {
    return true;
  }
}
