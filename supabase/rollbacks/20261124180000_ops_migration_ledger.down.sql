-- Rollback of 20261124180000_ops_migration_ledger. The checksums and rollback history go with
-- the table; Supabase's own ledger (supabase_migrations.schema_migrations) is untouched.
set lock_timeout = '5s';
set statement_timeout = '60s';
revoke select on supabase_migrations.schema_migrations from service_role;
revoke usage on schema supabase_migrations from service_role;
drop view ops.migrations;
drop function ops.migration_mark_rolled_back(text, text);
drop function ops.migration_record(text, text, text, text, bigint, text);
drop table ops.migration_ledger;
