/**
 * The configuration the TypeORM CLI uses (`npx typeorm -d dist/ormconfig.js migration:show`):
 * PostgreSQL from DATABASE_URL. The embedded database is migrated by the service itself
 * on start, or with `npm run migrate`.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

export default new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  migrations: MIGRATIONS,
  migrationsTableName: 'schema_migrations',
  synchronize: false,
});
