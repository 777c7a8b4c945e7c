-- Rollback of 20261124130000_ops_foundation. Drops the ops schema and the extensions only
-- opsbase uses. pg_stat_statements, pgcrypto, pg_trgm and pg_cron stay: Supabase pre-installs
-- or commonly shares them, and dropping pg_cron would delete every user's scheduled jobs.
-- opsbase-test-keeps extension pg_stat_statements, extension pgcrypto, extension pg_trgm, extension pg_cron, schema cron, acl extensions.*: shared extensions stay on purpose (see above)
set lock_timeout = '5s';
drop schema if exists ops cascade;
drop extension if exists hypopg;
drop extension if exists pgstattuple;
