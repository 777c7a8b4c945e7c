-- Rollback of 20261124231100_ops_job_alert_lifecycle: ops.check_jobs sends one-shot alerts again.
-- Open job alerts are forgotten; receivers keep showing them until they expire.
set lock_timeout = '5s';
create or replace function ops.check_jobs()
returns table (job_name text, problem text, outbox_id bigint)
language plpgsql volatile security definer set search_path = '' as $$
declare
  j record;
begin
  for j in
    select s.* from ops.job_status() s
    left join ops.job_definitions d on d.job_name = s.job_name
    where (s.job_name like 'ops:%' or s.job_name like 'opsbase-%') and s.job_name not like 'ops:maint-action:%'
      and coalesce(d.alert, true) and s.health in ('failed', 'late')
  loop
    job_name := j.job_name;
    problem := j.health;
    outbox_id := ops.outbox_enqueue('alert', pg_catalog.jsonb_build_object(
        'alert_type', case j.health when 'failed' then 'cron_job_failed' else 'cron_job_late' end,
        'severity', 'warning',
        'labels', pg_catalog.jsonb_build_object('job', j.job_name),
        'message', case j.health
          when 'failed' then pg_catalog.format('pg_cron job %s failed at %s: %s', j.job_name, j.last_end, j.last_message)
          else pg_catalog.format('pg_cron job %s was due at %s and has not run (last start %s)', j.job_name, j.expected_at, coalesce(j.last_start::text, 'never')) end,
        'schedule', j.schedule, 'last_run_id', j.last_run_id, 'expected_at', j.expected_at),
      'cron_job', j.job_name, j.job_name,
      case j.health
        when 'failed' then pg_catalog.format('cron-job-failed:%s:%s', j.job_name, j.last_run_id)
        else pg_catalog.format('cron-job-late:%s:%s', j.job_name, extract(epoch from j.expected_at)::bigint) end);
    return next;
  end loop;
end
$$;
drop table if exists ops.job_alerts;
