/**
 * `npm run import -- values.csv [--workspace demo]`: imports a CSV file of measure values
 * into the configured database (embedded by default; DATABASE_URL for PostgreSQL), all
 * or nothing, and prints the report. The embedded database belongs to one process at a
 * time: stop `npm start` before importing into it.
 */
import 'reflect-metadata';
import { createReadStream, existsSync } from 'node:fs';
import { loadConfig } from '../config';
import { openDatabase } from '../db/data-source';
import { CsvRejected, importMeasureValuesCsv } from '../domain/csv-import';
import { configureIngestLimits } from '../domain/ingest-limits';
import { Problem } from '../domain/problem';
import { findWorkspaceByKey } from '../domain/workspaces';
import { DEMO_WORKSPACE_KEY } from './local-admin';

const USAGE = 'usage: npm run import -- <file.csv> [--workspace <key>] [--adjustment <reason>]   (default workspace: demo; --adjustment writes into closed periods, logged with the reason)';

function parseArgs(argv: string[]): { file: string; workspace: string; adjustment: string | null } {
  let file: string | undefined;
  let workspace = DEMO_WORKSPACE_KEY;
  let adjustment: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--workspace' && argv[i + 1]) workspace = argv[++i];
    else if (argv[i] === '--adjustment' && argv[i + 1]) adjustment = argv[++i];
    else if (argv[i] === '--help' || argv[i] === '-h') throw new Error(USAGE);
    else if (!file && !argv[i].startsWith('--')) file = argv[i];
    else throw new Error(`unexpected argument "${argv[i]}"\n${USAGE}`);
  }
  if (!file) throw new Error(USAGE);
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  return { file, workspace, adjustment };
}

async function main(): Promise<number> {
  const { file, workspace: workspaceKey, adjustment } = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  configureIngestLimits({ maxBatchRows: config.limits.maxBatchRows });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await db.migrate();
    const workspace = await findWorkspaceByKey(db, workspaceKey);
    if (!workspace) throw new Error(`no workspace with key "${workspaceKey}" in ${config.databaseUrl ? 'the PostgreSQL database' : config.dataDir}`);
    const ctx = {
      requestId: `cli-import-${Date.now()}`,
      db,
      workspace: { id: workspace.id, key: workspace.key, timeZone: workspace.timeZone, fiscalYearStartMonth: workspace.fiscalYearStartMonth },
      // The operator at the console: audit name says where the data came from.
      actor: { name: `cli import (${process.env.USER ?? 'local'})`, keyId: 'cli', role: 'ADMIN' as const },
    };
    const started = Date.now();
    const report = await importMeasureValuesCsv(ctx, createReadStream(file), adjustment === null ? null : { reason: adjustment });
    const seconds = (Date.now() - started) / 1000;
    console.log(`imported ${file} into workspace "${workspace.key}" in ${seconds.toFixed(1)} s`);
    console.log(`  rows ${report.rows}, inserted ${report.inserted}, updated ${report.updated}, unchanged ${report.unchanged}`);
    return 0;
  } catch (error) {
    if (error instanceof CsvRejected) {
      console.error(error.message);
      for (const e of error.lines) console.error(`  line ${e.line} (${e.field}): ${e.message}`);
      return 1;
    }
    if (error instanceof Problem) {
      console.error(`${error.code}: ${error.message}`);
      for (const d of error.extra.details ?? []) console.error(`  ${d.field ?? ''}: ${d.message}`);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

main().then((code) => process.exit(code), (error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
