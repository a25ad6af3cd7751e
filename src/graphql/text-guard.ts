/**
 * Text the database cannot store faithfully is refused before any resolver runs:
 * - NUL (U+0000): PostgreSQL text and JSON cannot hold it, so it would fail inside the
 *   database as an internal error;
 * - a lone surrogate (half of a UTF-16 pair, e.g. U+D800): it has no UTF-8 form, so it would
 *   be stored silently as U+FFFD and read back as different text.
 * The arguments of every Query and Mutation field are checked once, strings and JSON
 * object keys alike, and such text is INVALID_INPUT naming the field: a typed InputError
 * for a mutation whose result union has one, a GraphQL error otherwise.
 */
import { defaultFieldResolver, getNamedType, GraphQLError, type GraphQLOutputType, type GraphQLSchema, isUnionType } from 'graphql';
import { Problem } from '../domain/problem';
import { toProblemResult } from './problem.types';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with the text, or undefined when it can be stored as it is. */
function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000), which text cannot hold; remove it';
  const lone = LONE_SURROGATE.exec(text);
  if (lone) {
    const code = lone[0].charCodeAt(0).toString(16).toUpperCase();
    return `contains a lone surrogate (U+${code}) at character ${lone.index}, which is not valid Unicode; send the complete character`;
  }
  return undefined;
}

/** A bad name as it can appear in a path: NUL as \0, a lone surrogate as U+FFFD. */
function printable(name: string): string {
  return name.replaceAll('\u0000', '\\0').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

export function refuseUnstorableText(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      const resolve = field.resolve ?? defaultFieldResolver;
      const typed = answersWithInputError(field.type);
      field.resolve = (source, args, context, info) => {
        const found = findUnstorable(args);
        if (found === undefined) return resolve(source, args, context, info);
        const message = `${found.field} ${found.problem}.`;
        const problem = new Problem('INVALID_INPUT', message, { field: found.field, details: [{ field: found.field, index: found.index, message }] });
        if (typed) return toProblemResult(problem);
        throw new GraphQLError(message, { extensions: { code: 'INVALID_INPUT', field: found.field } });
      };
    }
  }
  return schema;
}

function answersWithInputError(type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  return isUnionType(named) && named.getTypes().some((t) => t.name === 'InputError');
}

/**
 * The first unstorable text in the arguments, with its input path in the style of Problem
 * details (`values[3].team`; an `input` object's fields by their own names) and the row
 * index of a top-level list. Iterative: JSON arguments may be nested thousands of levels deep.
 */
function findUnstorable(args: Record<string, unknown>): { field: string; problem: string; index?: number } | undefined {
  // Children are pushed last-first so that the first problem in reading order is the one named.
  const stack: Array<{ value: unknown; path: string; index?: number }> = Object.entries(args).reverse().map(([name, value]) => ({ value, path: name === 'input' ? '' : name }));
  while (stack.length > 0) {
    const { value, path, index } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = unstorable(value);
      if (problem) return { field: path, problem, index };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}[${i}]`, index: index ?? i });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (const [key] of entries) {
        const problem = unstorable(key);
        if (problem) return { field: `${path === '' ? '' : `${path}.`}${printable(key)}`, problem: `is a name that ${problem}`, index };
      }
      for (const [key, item] of entries.reverse()) stack.push({ value: item, path: path === '' ? key : `${path}.${key}`, index });
    }
  }
  return undefined;
}
