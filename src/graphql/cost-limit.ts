/**
 * Query cost: the number of objects a query can make the server build. A list field
 * multiplies the cost of what is selected under it by its expected size: the length of
 * its list arguments (kpis × teams × periods for a grid) or, for lists without such
 * arguments, a fixed estimate. Alias bombs and nested list explosions exceed the budget
 * and are refused before anything runs; a 500-team × 24-month × 60-KPI grid fits.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { CALENDAR_YEAR, DEFAULT_MAX_PERIODS, GRANULARITIES, type Granularity, periodRange } from '../periods';
import {
  GraphQLError, Kind, getNamedType, getNullableType, isInterfaceType, isListType, isObjectType,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLNamedType,
  type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';

/** Expected size of a list field without list arguments (children, versions, …). */
const DEFAULT_LIST_SIZE = 20;
/** Lists whose size is known to be larger than the default. */
const KNOWN_LIST_SIZES: Record<string, number> = { 'Query.teams': 1000, 'Query.measures': 200, 'Query.kpis': 200, 'Query.auditTrail': 50 };
/** Selections per operation, counting aliases: bounds work that costs nothing per object. */
const MAX_FIELDS = 2000;

type Args = Record<string, unknown>;
/** Fields that size themselves from their arguments, e.g. a grid: kpis × teams × periods. */
export type ListSizeRule = (args: Args) => number;
const SIZE_RULES = new Map<string, ListSizeRule>();

export function registerListSize(typeAndField: string, rule: ListSizeRule): void {
  SIZE_RULES.set(typeAndField, rule);
}

/** The length of a list argument (1 when absent). */
export const listLength = (value: unknown): number => (Array.isArray(value) ? value.length : 1);

/**
 * Periods a `from`/`to`/`granularity` request spans, on the calendar year (a fiscal shift
 * changes the count by one at most); a range over the period limit counts as the limit.
 */
export function periodsRequested(args: Args): number {
  if (typeof args.from !== 'string' || typeof args.to !== 'string') return 1;
  // Variables are not coerced yet: an unknown granularity is refused right after this estimate.
  const granularity = GRANULARITIES.includes(args.granularity as Granularity) ? (args.granularity as Granularity) : 'MONTH';
  const range = periodRange(args.from, args.to, granularity, CALENDAR_YEAR);
  if (range.ok) return range.periods.length;
  return range.error.code === 'RANGE_TOO_LARGE' ? DEFAULT_MAX_PERIODS : 1;
}

function valueOf(node: ValueNode, variables: Args): unknown {
  switch (node.kind) {
    case Kind.VARIABLE: return variables[node.name.value];
    case Kind.LIST: return node.values.map((v) => valueOf(v, variables));
    case Kind.OBJECT: return Object.fromEntries(node.fields.map((f) => [f.name.value, valueOf(f.value, variables)]));
    case Kind.INT: case Kind.FLOAT: return Number(node.value);
    case Kind.STRING: case Kind.ENUM: return node.value;
    case Kind.BOOLEAN: return node.value;
    default: return null;
  }
}

function listSize(parent: string, field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Args): number {
  const key = `${parent}.${field.name}`;
  const args: Args = Object.fromEntries((node.arguments ?? []).map((a) => [a.name.value, valueOf(a.value, variables)]));
  const rule = SIZE_RULES.get(key);
  if (rule) return Math.max(1, rule(args));
  if (typeof args.first === 'number') return Math.max(1, args.first);
  return KNOWN_LIST_SIZES[key] ?? DEFAULT_LIST_SIZE;
}

export interface QueryCost {
  readonly cost: number;
  readonly fields: number;
}

/** Cost of one operation with its variables (list arguments often come as variables). */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Args): QueryCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  let fields = 0;

  const costOf = (type: GraphQLNamedType, set: SelectionSetNode, seen: ReadonlySet<string>): number => {
    let total = 0;
    // Only one member of a union or interface comes back, so fragments on them cost their maximum.
    let alternatives = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        fields++;
        if (!(isObjectType(type) || isInterfaceType(type))) continue;
        const field = type.getFields()[sel.name.value];
        if (!field || !sel.selectionSet) continue;
        const size = isListType(getNullableType(field.type)) ? listSize(type.name, field, sel, variables) : 1;
        total += size * (1 + costOf(getNamedType(field.type), sel.selectionSet, seen));
      } else {
        let onType: GraphQLNamedType = type;
        let selection: SelectionSetNode;
        let nextSeen = seen;
        if (sel.kind === Kind.INLINE_FRAGMENT) {
          onType = (sel.typeCondition && schema.getType(sel.typeCondition.name.value)) || type;
          selection = sel.selectionSet;
        } else {
          const fragment = fragments.get(sel.name.value);
          if (!fragment || seen.has(sel.name.value)) continue;
          onType = schema.getType(fragment.typeCondition.name.value) ?? type;
          selection = fragment.selectionSet;
          nextSeen = new Set([...seen, sel.name.value]);
        }
        const cost = costOf(onType, selection, nextSeen);
        if (onType !== type) alternatives = Math.max(alternatives, cost);
        else total += cost;
      }
    }
    return total + alternatives;
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const cost = root ? costOf(root, operation.selectionSet, new Set()) : 0;
  return { cost, fields };
}

/** Refuses operations over the cost or field budget before they run. */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          if (!rc.operation) return;
          const { cost, fields } = queryCost(rc.schema, rc.document, rc.operation, rc.request.variables ?? {});
          if (cost > maxCost) {
            throw new GraphQLError(
              `The query could build about ${Math.round(cost).toLocaleString('en-US')} objects; the limit is ${maxCost.toLocaleString('en-US')}. Ask for fewer teams, periods or KPIs per request, or use fewer aliases.`,
              { extensions: { code: 'QUERY_TOO_COSTLY', cost: Math.round(cost), limit: maxCost, http: { status: 400 } } },
            );
          }
          if (fields > MAX_FIELDS) {
            throw new GraphQLError(`The query selects ${fields} fields (aliases included); the limit is ${MAX_FIELDS}.`, {
              extensions: { code: 'QUERY_TOO_COSTLY', fields, limit: MAX_FIELDS, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
