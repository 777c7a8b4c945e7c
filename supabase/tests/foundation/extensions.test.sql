-- The foundation migration installs what the bundle needs, in the schemas Supabase uses.
begin;
select plan(9);

select has_schema('ops');
select has_schema('extensions');
select is((select extnamespace::regnamespace::text from pg_extension where extname = 'pg_stat_statements'), 'extensions', 'pg_stat_statements lives in extensions');
select is((select extnamespace::regnamespace::text from pg_extension where extname = 'pgcrypto'), 'extensions', 'pgcrypto lives in extensions');
select is((select extnamespace::regnamespace::text from pg_extension where extname = 'pg_trgm'), 'extensions', 'pg_trgm lives in extensions');
select is((select extnamespace::regnamespace::text from pg_extension where extname = 'pgstattuple'), 'extensions', 'pgstattuple lives in extensions');
select is((select extnamespace::regnamespace::text from pg_extension where extname = 'hypopg'), 'extensions', 'hypopg lives in extensions');
select has_extension('pg_cron');
select is((select count(*)::int from pg_extension where extnamespace = 'public'::regnamespace), 0, 'no extension is installed in public');

select * from finish();
rollback;
