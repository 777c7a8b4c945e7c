-- Cleanup that keeps the operations layer's own history bounded: pg_cron's run log and the
-- maintenance records. Metrics retention is the partition manager's (drop whole partitions);
-- the outbox, cache, lock and rate-limit cleanups belong to their modules and are scheduled in
-- 20261124200500_ops_maintenance_schedules.
set lock_timeout = '5s';
set statement_timeout = '60s';

-- Delete cron.job_run_details rows that ended more than p_keep ago (default: settings), in
-- batches so each delete stays short. pg_cron never trims this table itself: one every-minute
-- job adds half a million rows a year.
create function ops.purge_cron_history(p_keep interval default null, p_batch integer default 10000)
returns bigint
language plpgsql volatile security definer set search_path = '' as $$
declare
  v_keep interval := coalesce(p_keep, (select s.cron_history_retention from ops.maintenance_settings s));
  v_total bigint := 0;
  v_n bigint;
begin
  if v_keep < interval '1 hour' then
    raise exception 'ops.purge_cron_history: keep at least an hour of history, got %', v_keep using errcode = 'invalid_parameter_value';
  end if;
  if p_batch is null or p_batch < 1 or p_batch > 100000 then
    raise exception 'ops.purge_cron_history: batch must be between 1 and 100000, got %', p_batch using errcode = 'invalid_parameter_value';
  end if;
  loop
    delete from cron.job_run_details where runid in (
      select d.runid from cron.job_run_details d where d.end_time < now() - v_keep limit p_batch);
    get diagnostics v_n = row_count;
    v_total := v_total + v_n;
    exit when v_n < p_batch;
  end loop;
  perform ops.record_metric('maintenance', 'cron_history_purged', v_total, pg_catalog.jsonb_build_object('keep', v_keep::text));
  return v_total;
end
$$;

-- Finished maintenance actions and emptied plans older than p_keep (default: settings).
create function ops.purge_maintenance_history(p_keep interval default null)
returns bigint
language plpgsql volatile security definer set search_path = '' as $$
declare
  v_keep interval := coalesce(p_keep, (select s.history_retention from ops.maintenance_settings s));
  v_n bigint;
begin
  if v_keep < interval '1 day' then
    raise exception 'ops.purge_maintenance_history: keep at least a day of history, got %', v_keep using errcode = 'invalid_parameter_value';
  end if;
  delete from ops.maintenance_actions
  where status in ('succeeded', 'skipped', 'failed', 'cancelled') and finished_at < now() - v_keep;
  get diagnostics v_n = row_count;
  delete from ops.maintenance_plans p
  where p.created_at < now() - v_keep and not exists (select from ops.maintenance_actions a where a.plan_id = p.id);
  return v_n;
end
$$;

revoke execute on function
  ops.purge_cron_history(interval, integer),
  ops.purge_maintenance_history(interval)
from public, anon, authenticated;
grant execute on function
  ops.purge_cron_history(interval, integer),
  ops.purge_maintenance_history(interval)
to service_role;
