-- opsbase foundation: the ops schema and the extensions the bundle needs.
-- On Supabase, pg_stat_statements and pgcrypto are pre-installed in `extensions`;
-- IF NOT EXISTS makes this a no-op there.
set lock_timeout = '5s';
set statement_timeout = '60s';

create schema if not exists extensions;
create schema if not exists ops;
comment on schema ops is 'opsbase operations layer: monitoring, maintenance, coordination, cache, migrations. Not exposed through the Data API.';

-- ops is for the service role and the database owner only.
revoke all on schema ops from public;
grant usage on schema ops to service_role;

create extension if not exists pg_stat_statements with schema extensions;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists pg_trgm with schema extensions;
create extension if not exists pgstattuple with schema extensions;
create extension if not exists hypopg with schema extensions;
-- pg_cron always owns the `cron` schema; Supabase's docs install it into pg_catalog.
create extension if not exists pg_cron with schema pg_catalog;
grant usage on schema cron to postgres;
