-- Rollback of 20261124190100_cache_invalidation: drops every rule's triggers, then the machinery.
-- Invalidation events already in ops.outbox stay and are still delivered.
set lock_timeout = '5s';
select ops.unregister_cache_invalidation(id) from ops.cache_invalidation_rules;
drop function if exists ops.unregister_cache_invalidation(bigint);
drop function if exists ops.register_cache_invalidation(regclass, text[], text[], text[], text[], text[], text);
drop function if exists ops.cache_check_templates(regclass, text, text[], text[]);
drop function if exists ops.cache_invalidation_trigger();
drop function if exists ops.cache_pattern_is_safe(text);
drop function if exists ops.cache_key_segments(text);
drop function if exists ops.cache_render_template(text, jsonb, jsonb, boolean);
drop function if exists ops.cache_template_placeholders(text);
drop table if exists ops.cache_invalidation_rules;
