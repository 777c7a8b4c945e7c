-- Rollback of 20261124230400_app2_file_search.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists public.search_files(uuid, text, integer);
