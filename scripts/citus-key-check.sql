-- Before distributing by workspace on Citus: every primary key, unique index and foreign
-- key whose first column is not workspace_id, and every table without that column.
-- docs/SCALING.md explains each row it prints.
--   psql "$DATABASE_URL" -f scripts/citus-key-check.sql
SELECT c.relname AS table_name, 'index' AS kind, i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
  FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND (x.indisunique OR x.indisprimary) AND c.relname <> 'schema_migrations'
   AND (SELECT attname FROM pg_attribute WHERE attrelid = c.oid AND attnum = x.indkey[0]) IS DISTINCT FROM 'workspace_id'
UNION ALL
SELECT c.relname, 'foreign key', k.conname, pg_get_constraintdef(k.oid)
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND k.contype = 'f'
   AND (SELECT attname FROM pg_attribute WHERE attrelid = c.oid AND attnum = k.conkey[1]) IS DISTINCT FROM 'workspace_id'
UNION ALL
SELECT c.relname, 'no workspace_id column', '', ''
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migrations'
   AND NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = c.oid AND attname = 'workspace_id' AND NOT attisdropped)
ORDER BY 1, 2, 3;
