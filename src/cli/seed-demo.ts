/**
 * `node dist/src/cli/seed-demo.js`: the demo workspace of `npm start` on the configured
 * database, PostgreSQL included (start-up seeds only the embedded one). Migrates, creates
 * the `demo` workspace with its admin key in DATA_DIR/local-admin-key, and seeds the
 * starter pack and demo data when it created the workspace; an existing one is left alone.
 */
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { loadConfig } from '../config';
import { openDatabase } from '../db/data-source';
import { createLogger } from '../logger';
import { seedDemoWorkspace } from './demo-seed';
import { ensureDemoWorkspace } from './local-admin';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await db.migrate();
    const demo = await ensureDemoWorkspace(db, config.dataDir);
    if (!demo.created) {
      console.log(`The demo workspace exists already; left as it is.`);
      return;
    }
    if (!(await seedDemoWorkspace(db, demo.workspace, logger))) process.exitCode = 1;
    console.log(`Admin key for workspace "${demo.workspace.key}" written to ${config.dataDir}/local-admin-key`);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
