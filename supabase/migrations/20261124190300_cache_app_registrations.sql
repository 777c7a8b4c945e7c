-- Wire the cache layer to the app model (20261124160xxx_app_*): cache_metadata rows go with
-- their document, and the seed 000 §4 invalidations are registered as rules.
--   documents: an update to what cached artefacts depend on, or a delete, invalidates the keys
--     cache_metadata maps to the document (its cache:{t:<user>}:doc:… and :enhance:… keys) and
--     the owner's "documents" tag set (list views). Status-only updates (the enhancement queue
--     churning) invalidate nothing.
--   user_profiles: a subscription_tier change invalidates the user's rate-limit windows and
--     sessions, which both embed the tier's limits.
-- v_cache_effectiveness already exists (20261124160400_app_usage_views).
set lock_timeout = '5s';
set statement_timeout = '60s';

-- cache_metadata was created two migrations ago and no writer exists yet in this release, so
-- validating immediately scans an empty table.
alter table public.cache_metadata
  -- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid
  add constraint cache_metadata_document_id_fkey foreign key (document_id)
  references public.documents (id) on delete cascade;

select ops.register_cache_invalidation(
  'public.documents',
  p_keys => '{}',
  p_patterns => '{}',
  p_tags => array['tag:{t:${old.user_id}}:documents'],
  p_columns => array['content', 'title', 'mime_type', 'enhanced_content', 'user_id'],
  p_operations => '{UPDATE,DELETE}',
  p_metadata_column => 'document_id');

select ops.register_cache_invalidation(
  'public.user_profiles',
  p_keys => '{}',
  p_patterns => array['rl:{t:${old.id}}:*', 'session:{t:${old.id}}:*'],
  p_tags => '{}',
  p_columns => array['subscription_tier'],
  p_operations => '{UPDATE}');
