-- Retention and decay for the agent/chat model, run by pg_cron every 15 minutes:
--   * delete expired context snapshots, state checkpoints and working memories;
--   * decay memory importance by exp(-decay_rate x days since last decay);
--   * end sessions idle for longer than p_session_idle.
-- Each step touches at most p_batch_size rows per run, so a backlog drains over several runs
-- instead of holding locks and generating WAL in one long transaction.
set lock_timeout = '5s';
set local statement_timeout = '60s';

create or replace function ops.apply_app_retention(
  p_batch_size integer default 5000,
  p_session_idle interval default interval '24 hours'
)
returns table (step text, affected bigint)
language plpgsql
set search_path = ''
as $$
declare
  n bigint;
begin
  delete from public.context_snapshots c
  where c.id in (select x.id from public.context_snapshots x where x.expires_at < pg_catalog.now() limit p_batch_size);
  get diagnostics n = row_count;
  step := 'context_snapshots_expired'; affected := n; return next;

  delete from public.state_checkpoints c
  where c.id in (select x.id from public.state_checkpoints x where x.retain_until < pg_catalog.now() limit p_batch_size);
  get diagnostics n = row_count;
  step := 'state_checkpoints_expired'; affected := n; return next;

  delete from public.agent_memories m
  where m.id in (select x.id from public.agent_memories x where x.expires_at < pg_catalog.now() limit p_batch_size);
  get diagnostics n = row_count;
  step := 'agent_memories_expired'; affected := n; return next;

  -- Daily-granular decay; the exponent uses the real elapsed time, so a missed run loses nothing.
  update public.agent_memories m
  set importance = (m.importance * pg_catalog.exp(-m.decay_rate * extract(epoch from pg_catalog.now() - m.last_decayed_at) / 86400.0))::real,
      last_decayed_at = pg_catalog.now()
  where m.id in (select x.id from public.agent_memories x
                 where x.decay_rate > 0 and x.last_decayed_at < pg_catalog.now() - interval '1 day'
                 limit p_batch_size);
  get diagnostics n = row_count;
  step := 'agent_memories_decayed'; affected := n; return next;

  update public.conversation_sessions s
  set status = 'ended', ended_at = greatest(s.last_activity_at, s.started_at)
  where s.id in (select x.id from public.conversation_sessions x
                 where x.status <> 'ended' and x.last_activity_at < pg_catalog.now() - p_session_idle
                 limit p_batch_size);
  get diagnostics n = row_count;
  step := 'conversation_sessions_ended'; affected := n; return next;
end
$$;
comment on function ops.apply_app_retention(integer, interval) is 'Expires snapshots, checkpoints and working memories, decays memory importance and ends idle sessions, each bounded by p_batch_size. Scheduled as opsbase-app-retention.';
revoke execute on function ops.apply_app_retention(integer, interval) from public, anon, authenticated;
grant execute on function ops.apply_app_retention(integer, interval) to service_role;

-- cron.schedule upserts by job name, so re-running this migration is harmless.
select cron.schedule('opsbase-app-retention', '*/15 * * * *', 'select ops.apply_app_retention()');
