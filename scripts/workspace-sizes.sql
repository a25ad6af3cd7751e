-- Rows of one workspace per table, and each table's bytes per row (heap, indexes, TOAST)
-- over all its rows. Run ANALYZE first; docs/SCALING.md quotes its output.
--   psql "$DATABASE_URL" -v ws=<workspace key> -f scripts/workspace-sizes.sql
SELECT c.relname AS table_name,
       (xpath('/row/c/text()', query_to_xml(format(
          'SELECT count(*) AS c FROM %I WHERE workspace_id = (SELECT id FROM workspaces WHERE key = %L)',
          c.relname, :'ws'), false, true, '')))[1]::text::bigint AS workspace_rows,
       c.reltuples::bigint AS all_rows,
       pg_size_pretty(pg_total_relation_size(c.oid)) AS total_size,
       round(pg_total_relation_size(c.oid)::numeric / NULLIF(c.reltuples, 0)) AS bytes_per_row
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT IN ('workspaces', 'schema_migrations')
   AND pg_total_relation_size(c.oid) > 100000
 ORDER BY pg_total_relation_size(c.oid) DESC;
