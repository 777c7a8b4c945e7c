-- Job alerts have a lifecycle (20261124231100_ops_job_alert_lifecycle): a failed or late job
-- fires one stateful alert per problem, repeats are deduplicated, and the alert resolves when the
-- job recovers, stops alerting or is removed. Runs are simulated in cron.job_run_details; the
-- alert router (ops.alert_ingest_event) shows the resulting state.
begin;
select plan(13);

create function pg_temp.events(p_status text) returns integer language sql as $$
  select count(*)::integer from ops.outbox where topic = 'alert' and ordering_key = 'ops:flaky-job' and payload ->> 'status' = p_status
$$;
create function pg_temp.run(p_runid bigint, p_status text, p_ago interval) returns void language sql as $$
  insert into cron.job_run_details (jobid, runid, job_pid, database, username, command, status, return_message, start_time, end_time)
  select j.jobid, p_runid, 1, current_database(), current_user, j.command, p_status, case p_status when 'failed' then 'ERROR: boom' else '1 row' end,
    now() - p_ago, now() - p_ago
  from cron.job j where j.jobname = 'ops:flaky-job'
$$;

select ops.schedule_job('ops:flaky-job', '*/10 * * * *', 'select 1', 'a job that fails once');
update ops.job_definitions set defined_at = now() - interval '1 day' where job_name = 'ops:flaky-job';

select pg_temp.run(910001, 'failed', interval '1 minute');
select results_eq($$ select problem from ops.check_jobs() where job_name = 'ops:flaky-job' $$, array['failed'], 'a failed run fires');
select is((select payload ->> 'fingerprint' from ops.outbox where topic = 'alert' and ordering_key = 'ops:flaky-job'),
  'cron_job_failed:ops:flaky-job', 'one fingerprint per job and problem');
select is((select count(*)::int from ops.job_alerts where job_name = 'ops:flaky-job'), 1, 'the alert is open');
select is((select count(*)::int from ops.check_jobs() where job_name = 'ops:flaky-job'), 1, 'still failing: reported again');
select is(pg_temp.events('firing'), 1, 'but the repeat is deduplicated in the outbox');

-- The next run is going: still failed until it ends well (no flapping).
select pg_temp.run(910002, 'running', interval '40 seconds');
select is((select count(*)::int from ops.check_jobs() where job_name = 'ops:flaky-job' and problem = 'resolved'), 0, 'a run in progress does not resolve it');
update cron.job_run_details set status = 'succeeded' where runid = 910002;

-- The next run succeeds: resolved, once.
select results_eq($$ select problem from ops.check_jobs() where job_name = 'ops:flaky-job' $$, array['resolved'], 'a good run resolves it');
select is(pg_temp.events('resolved'), 1, 'one resolved event');
select is((select payload ->> 'fingerprint' from ops.outbox where topic = 'alert' and ordering_key = 'ops:flaky-job' and payload ->> 'status' = 'resolved'),
  'cron_job_failed:ops:flaky-job', 'for the same fingerprint');
select is((select count(*)::int from ops.check_jobs() where job_name = 'ops:flaky-job'), 0, 'nothing more once it is over');

-- The router sees firing then resolved for one alert.
select ops.alert_ingest_event(id, payload) from ops.outbox where topic = 'alert' and ordering_key = 'ops:flaky-job' order by id;
select is((select status from ops.alert_states where fingerprint = 'cron_job_failed:ops:flaky-job'), 'resolved', 'the routed alert is resolved');

-- A job removed while failing resolves too.
select pg_temp.run(910003, 'failed', interval '10 seconds');
select is((select count(*)::int from ops.check_jobs() where job_name = 'ops:flaky-job' and problem = 'failed'), 1, 'failing again fires again');
select ops.unschedule_job('ops:flaky-job');
select results_eq($$ select problem from ops.check_jobs() where job_name = 'ops:flaky-job' $$, array['resolved'], 'an unscheduled job''s alert resolves');

select * from finish();
rollback;
