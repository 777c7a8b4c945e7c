-- Rollback of 20261124160200_app_documents.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set local statement_timeout = '60s';
drop table if exists public.documents;
drop function if exists ops.set_content_hash();
