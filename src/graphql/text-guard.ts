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

/** Most text holds neither NUL nor any surrogate: one scan settles it. */
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** A list or input object being walked: its entries, the next one, and where it sits. */
interface Frame {
  readonly value: Record<string, unknown> | unknown[];
  readonly keys: string[] | null;
  next: number;
  readonly parent: Frame | null;
  /** Its name or position in the parent. */
  readonly at: string | number;
}

/**
 * The first unstorable text in the arguments, with its input path in the style of Problem
 * details (`values[3].team`; an `input` object's fields by their own names) and the row
 * index of the outermost list. Iterative (JSON arguments may be nested thousands of
 * levels deep) and in reading order; paths are spelled out only for the text refused,
 * since a bulk batch holds hundreds of thousands of strings.
 */
function findUnstorable(args: Record<string, unknown>): { field: string; problem: string; index?: number } | undefined {
  const check = (text: string): string | undefined => (SUSPECT.test(text) ? unstorable(text) : undefined);
  let top: Frame | null = { value: args, keys: Object.keys(args), next: 0, parent: null, at: '' };
  while (top !== null) {
    const frame: Frame = top;
    const length = frame.keys ? frame.keys.length : (frame.value as unknown[]).length;
    if (frame.next >= length) {
      top = frame.parent;
      continue;
    }
    const at = frame.keys ? frame.keys[frame.next] : frame.next;
    frame.next++;
    const value = frame.keys ? (frame.value as Record<string, unknown>)[at as string] : (frame.value as unknown[])[at as number];
    if (typeof value === 'string') {
      const problem = check(value);
      if (problem) return { ...located(frame, at), problem };
    } else if (value !== null && typeof value === 'object') {
      const keys = Array.isArray(value) ? null : Object.keys(value);
      const child: Frame = { value: value as Frame['value'], keys, next: 0, parent: frame, at };
      for (const key of keys ?? []) {
        const problem = check(key);
        if (problem) return { ...located(child, printable(key)), problem: `is a name that ${problem}` };
      }
      top = child;
    }
  }
  return undefined;
}

/** The path of entry `at` of `frame`, and the position in the outermost list on the way. */
function located(frame: Frame, at: string | number): { field: string; index?: number } {
  const steps: Array<{ at: string | number; inList: boolean }> = [{ at, inList: frame.keys === null }];
  for (let f: Frame | null = frame; f !== null && f.parent !== null; f = f.parent) steps.push({ at: f.at, inList: f.parent.keys === null });
  steps.reverse();
  let field = '';
  let index: number | undefined;
  steps.forEach((step, i) => {
    if (step.inList) {
      index ??= step.at as number;
      field += `[${step.at}]`;
    } else if (i === 0) {
      // Arguments named `input` hold the fields a client thinks of as the arguments.
      field = step.at === 'input' ? '' : String(step.at);
    } else {
      field += field === '' ? String(step.at) : `.${String(step.at)}`;
    }
  });
  return { field, index };
}
