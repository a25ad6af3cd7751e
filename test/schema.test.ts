/** The committed SDL is what the code emits: API changes show up as a diff of schema/schema.graphql. */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printSchemaText } from '../src/graphql/print-schema';

test('schema/schema.graphql matches the schema the code emits (run `npm run schema` after an API change)', async () => {
  const committed = readFileSync(path.join(__dirname, '../schema/schema.graphql'), 'utf8');
  expect(committed).toBe(await printSchemaText());
});
