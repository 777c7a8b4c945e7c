-- Job alerts with a lifecycle (issue 4 follow-up): ops.check_jobs used to send one-shot events,
-- so a failed or late pg_cron job stayed "firing" in every receiver after it recovered. Now each
-- (job, problem) is one stateful alert, fingerprint cron_job_<problem>:<job>, as Alertmanager
-- and PagerDuty Events v2 expect: 'firing' when it starts, 'resolved' when the job is healthy
-- again (failed: a good run; late: any run), disabled, no longer alerting, or gone. ops.job_alerts remembers what is open.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table ops.job_alerts (
  job_name text not null,
  problem text not null check (problem in ('failed', 'late')),
  since timestamptz not null default now(),
  primary key (job_name, problem)
);
comment on table ops.job_alerts is 'Open job alerts raised by ops.check_jobs; a row goes when its resolved event is sent.';
alter table ops.job_alerts enable row level security;
revoke all on ops.job_alerts from public, anon, authenticated;
grant select on ops.job_alerts to service_role;

-- Returns one row per event sent: problem 'failed' or 'late' (firing) or 'resolved'.
create or replace function ops.check_jobs()
returns table (job_name text, problem text, outbox_id bigint)
language plpgsql volatile security definer set search_path = '' as $$
declare
  j record;
  a record;
begin
  -- Watched jobs with a problem: fire once per failed run / missed due time (dedup key).
  for j in
    select s.* from ops.job_status() s
    left join ops.job_definitions d on d.job_name = s.job_name
    where (s.job_name like 'ops:%' or s.job_name like 'opsbase-%') and s.job_name not like 'ops:maint-action:%'
      and coalesce(d.alert, true) and s.health in ('failed', 'late')
  loop
    insert into ops.job_alerts (job_name, problem) values (j.job_name, j.health) on conflict do nothing;
    job_name := j.job_name;
    problem := j.health;
    outbox_id := ops.outbox_enqueue('alert', pg_catalog.jsonb_build_object(
        'alert_type', 'cron_job_' || j.health,
        'status', 'firing',
        'fingerprint', pg_catalog.format('cron_job_%s:%s', j.health, j.job_name),
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

  -- Open alerts whose problem is over: the job's health moved on, it stopped alerting, or it is gone.
  for a in
    select ja.job_name, ja.problem, ja.since, s.health, s.last_end
    from ops.job_alerts ja
    left join ops.job_status() s on s.job_name = ja.job_name
    left join ops.job_definitions d on d.job_name = ja.job_name
    where s.health is null or s.health = 'inactive' or not coalesce(d.alert, true)
       -- A failed job is over after a good run, not while the next run is going (no flapping);
       -- a late one as soon as it runs again.
       or (ja.problem = 'failed' and s.health in ('ok', 'never_run'))
       or (ja.problem = 'late' and s.health <> 'late')
    for update of ja
  loop
    delete from ops.job_alerts x where x.job_name = a.job_name and x.problem = a.problem;
    job_name := a.job_name;
    problem := 'resolved';
    outbox_id := ops.outbox_enqueue('alert', pg_catalog.jsonb_build_object(
        'alert_type', 'cron_job_' || a.problem,
        'status', 'resolved',
        'fingerprint', pg_catalog.format('cron_job_%s:%s', a.problem, a.job_name),
        'severity', 'warning',
        'labels', pg_catalog.jsonb_build_object('job', a.job_name),
        'message', case
          when a.health is null then pg_catalog.format('pg_cron job %s no longer exists', a.job_name)
          else pg_catalog.format('pg_cron job %s is %s again (was %s since %s)', a.job_name, a.health, a.problem, a.since) end),
      'cron_job', a.job_name, a.job_name,
      pg_catalog.format('cron-job-%s-resolved:%s:%s', a.problem, a.job_name, extract(epoch from a.since)));
    return next;
  end loop;
end
$$;
