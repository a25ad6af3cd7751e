/** `npm run schema`: writes schema/schema.graphql from the code. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSchemaText } from '../graphql/print-schema';

async function main(): Promise<void> {
  // npm runs scripts from the package root.
  const target = path.resolve(process.cwd(), 'schema/schema.graphql');
  writeFileSync(target, await printSchemaText());
  console.log(`wrote ${target}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
