-- Rollback of 20261124230600_app2_websocket_sessions. Drops the sessions with their data and
-- removes the reaper's schedule.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set statement_timeout = '60s';
select ops.unschedule_job('ops:ws-sessions-reap');
drop function if exists ops.ws_sessions_reap(interval, interval, integer);
drop function if exists ops.ws_session_close(text, text);
drop function if exists ops.ws_session_ping(text);
drop function if exists ops.ws_session_open(uuid, text, uuid, inet, text);
drop table if exists public.websocket_sessions;
