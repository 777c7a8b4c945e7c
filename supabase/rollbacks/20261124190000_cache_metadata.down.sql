-- Rollback of 20261124190000_cache_metadata. The table only mirrors Redis; nothing is lost that
-- Redis TTLs would not expire anyway (keys written meanwhile are simply untracked).
set lock_timeout = '5s';
select cron.unschedule(jobid) from cron.job where jobname = 'opsbase-cache-cleanup';
drop function if exists ops.cleanup_expired_cache(integer);
drop function if exists ops.cache_track(text, text, uuid, uuid, integer);
drop table if exists public.cache_metadata;
