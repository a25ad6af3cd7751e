/** `npm run migrate`: runs pending migrations on the configured database and exits. */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/data-source';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const ran = await db.migrate();
    console.log(ran.length ? `ran: ${ran.join(', ')}` : 'the schema is up to date');
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
