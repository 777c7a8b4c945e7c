-- Rollback of 20261124190300_cache_app_registrations.
set lock_timeout = '5s';
select ops.unregister_cache_invalidation(id) from ops.cache_invalidation_rules
where table_name in ('public.documents'::regclass, 'public.user_profiles'::regclass);
alter table public.cache_metadata drop constraint if exists cache_metadata_document_id_fkey;
