-- Rollback of 20261124160400_app_usage_views.
set lock_timeout = '5s';
set local statement_timeout = '60s';
drop view if exists public.v_cache_effectiveness;
drop view if exists public.v_active_rate_limits;
