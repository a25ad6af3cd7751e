import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildKpiSchema } from './schema';

/** The SDL as committed: sorted, so the file changes only when the API does. */
export async function printSchemaText(): Promise<string> {
  const header = '# Generated from the code by `npm run schema`; do not edit. CI fails when it drifts.\n\n';
  return header + printSchema(lexicographicSortSchema(await buildKpiSchema())) + '\n';
}
