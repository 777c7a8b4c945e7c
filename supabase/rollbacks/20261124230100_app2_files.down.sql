-- Rollback of 20261124230100_app2_files. Drops files and their history with the data.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists public.get_file_tree(uuid);
select ops.partition_unregister(pg_catalog.to_regclass('public.file_versions'))
where pg_catalog.to_regclass('public.file_versions') is not null;
drop table if exists public.file_versions;
drop table if exists public.files;
