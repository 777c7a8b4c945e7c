-- Rollback of 20261124160700_app_agent_memories. The vector extension stays: Supabase projects
-- share it with other features.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set local statement_timeout = '60s';
drop function if exists public.match_agent_memories(uuid, real[], integer, text[], real);
drop table if exists public.agent_memory_links;
drop table if exists public.agent_memories;
