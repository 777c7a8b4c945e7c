-- Scheduling for every ops module: jobs named `ops:<job>`, scheduled idempotently through
-- ops.schedule_job, and watched through the ops.jobs view. ops.check_jobs() turns a failed run or
-- a job that stopped running into an `alert` outbox event, once per failure.
-- Also holds the maintenance settings the later maintenance migrations read.
set lock_timeout = '5s';
set statement_timeout = '60s';

-- One row of knobs for maintenance and scheduling (id is always true, so there is exactly one row).
create table ops.maintenance_settings (
  id boolean primary key default true check (id),
  enabled boolean not null default true,
  -- Maintenance window for planned work, in window_timezone. Null start and end: always open.
  -- start > end wraps midnight (22:00–04:00).
  window_start time,
  window_end time,
  window_timezone text not null default 'UTC',
  -- How many maintenance statements may run at once across the database (each on its own table).
  -- squawk-ignore prefer-bigint-over-int
  max_parallel_actions integer not null default 2 check (max_parallel_actions between 1 and 16),
  -- A statement still running after this is cancelled (pg_cancel_backend) and recorded as failed.
  action_timeout interval not null default '2 hours' check (action_timeout > interval '0'),
  -- REINDEX CONCURRENTLY when a btree index wastes at least this share of its size (percent).
  reindex_bloat_threshold numeric not null default 30 check (reindex_bloat_threshold > 0 and reindex_bloat_threshold < 100),
  -- Smaller indexes are not measured by the planner: pgstatindex reads every page.
  reindex_min_index_bytes bigint not null default 8388608 check (reindex_min_index_bytes >= 0),
  -- Upper bound on the index bytes the planner reads with pgstatindex per plan.
  bloat_scan_budget_bytes bigint not null default 10737418240 check (bloat_scan_budget_bytes > 0),
  -- DDL in the partition manager waits at most this long for a lock, then skips until the next run.
  ddl_lock_timeout interval not null default '2 seconds' check (ddl_lock_timeout > interval '0'),
  history_retention interval not null default '90 days' check (history_retention > interval '0'),
  cron_history_retention interval not null default '14 days' check (cron_history_retention > interval '0'),
  -- A job is late when its last due time passed this long ago without a run.
  job_late_grace interval not null default '5 minutes' check (job_late_grace >= interval '0'),
  updated_at timestamptz not null default now()
);
comment on table ops.maintenance_settings is 'Maintenance and scheduling settings (one row). See docs/maintenance.md.';
insert into ops.maintenance_settings default values;

-- A bad time zone name would otherwise surface only when the window is first checked.
create function ops.maintenance_settings_validate() returns trigger
language plpgsql set search_path = '' as $$
begin
  perform now() at time zone new.window_timezone;
  if (new.window_start is null) <> (new.window_end is null) then
    raise exception 'maintenance window needs both window_start and window_end, or neither'
      using errcode = 'invalid_parameter_value';
  end if;
  new.updated_at := now();
  return new;
end
$$;
create trigger maintenance_settings_validate before insert or update on ops.maintenance_settings
  for each row execute function ops.maintenance_settings_validate();

alter table ops.maintenance_settings enable row level security;
revoke all on ops.maintenance_settings from public, anon, authenticated;
grant select, update on ops.maintenance_settings to service_role;

-- Jobs scheduled through ops.schedule_job. cron.job stays the source of truth for what runs;
-- this adds what pg_cron does not keep: a description, whether to alert, and when it was defined
-- (so a job defined a minute ago is not "late" for a due time before it existed).
create table ops.job_definitions (
  job_name text primary key check (job_name ~ '^ops:[a-z0-9][a-z0-9_.:-]{0,60}$'),
  schedule text not null,
  command text not null,
  description text,
  alert boolean not null default true,
  late_grace interval check (late_grace >= interval '0'),
  defined_at timestamptz not null default now()
);
comment on table ops.job_definitions is 'pg_cron jobs defined through ops.schedule_job; ops.jobs joins them with cron.job.';
alter table ops.job_definitions enable row level security;
revoke all on ops.job_definitions from public, anon, authenticated;
grant select on ops.job_definitions to service_role;

-- Schedule (or re-schedule) a job. Calling it again with the same name updates the job in place:
-- pg_cron's schedule() upserts by (jobname, username). SECURITY INVOKER on purpose: a scheduled
-- command runs as its owner, so only a role that may use pg_cron itself (the migration role)
-- can schedule; service_role gets pg_cron's own "permission denied".
create function ops.schedule_job(
  p_name text,
  p_schedule text,
  p_command text,
  p_description text default null,
  p_alert boolean default true,
  p_late_grace interval default null
) returns bigint
language plpgsql volatile set search_path = '' as $$
declare
  v_jobid bigint;
begin
  if p_name is null or p_name !~ '^ops:[a-z0-9][a-z0-9_.:-]{0,60}$' then
    raise exception 'ops.schedule_job: job name must look like ops:<job> (lowercase, digits, _ . : -), got %', coalesce(p_name, 'null')
      using errcode = 'invalid_parameter_value';
  end if;
  if coalesce(btrim(p_command), '') = '' then
    raise exception 'ops.schedule_job: % needs a command', p_name using errcode = 'invalid_parameter_value';
  end if;
  -- pg_cron validates the schedule and raises "invalid schedule" for a bad one.
  v_jobid := cron.schedule(p_name, p_schedule, p_command);
  insert into ops.job_definitions as d (job_name, schedule, command, description, alert, late_grace)
  values (p_name, p_schedule, p_command, p_description, p_alert, p_late_grace)
  on conflict (job_name) do update
    set schedule = excluded.schedule, command = excluded.command, description = excluded.description,
        alert = excluded.alert, late_grace = excluded.late_grace,
        -- Only a changed schedule resets lateness tracking.
        defined_at = case when d.schedule is distinct from excluded.schedule then now() else d.defined_at end;
  return v_jobid;
end
$$;

create function ops.unschedule_job(p_name text) returns boolean
language plpgsql volatile set search_path = '' as $$
declare
  v_found boolean;
begin
  v_found := exists (select from cron.job where jobname = p_name and username = current_user);
  if v_found then
    perform cron.unschedule(p_name);
  end if;
  delete from ops.job_definitions where job_name = p_name;
  return v_found;
end
$$;

-- The values a cron field allows: '*', lists, ranges and steps ('*/15', '1-5', '0,30', '10-50/10').
-- Names (jan, mon) are mapped to numbers first; '$' (pg_cron 1.5+: last day of month) is handled
-- by the caller.
create function ops.cron_field_values(p_field text, p_lo integer, p_hi integer) returns integer[]
language plpgsql immutable set search_path = '' as $$
declare
  v_part text;
  v_range text;
  v_step integer;
  v_from integer;
  v_to integer;
  v_out integer[] := '{}'::integer[];
begin
  foreach v_part in array pg_catalog.string_to_array(p_field, ',') loop
    v_range := pg_catalog.split_part(v_part, '/', 1);
    v_step := coalesce(nullif(pg_catalog.split_part(v_part, '/', 2), '')::integer, 1);
    if v_step < 1 then
      raise exception 'cron field %: step must be positive', p_field using errcode = 'invalid_parameter_value';
    end if;
    if v_range = '*' then
      v_from := p_lo;
      v_to := p_hi;
    elsif v_range like '%-%' then
      v_from := pg_catalog.split_part(v_range, '-', 1)::integer;
      v_to := pg_catalog.split_part(v_range, '-', 2)::integer;
    else
      v_from := v_range::integer;
      -- '5/15' means 5, 20, 35, 50.
      v_to := case when v_part like '%/%' then p_hi else v_from end;
    end if;
    if v_from < p_lo or v_to > p_hi or v_from > v_to then
      raise exception 'cron field % is outside %-%', p_field, p_lo, p_hi using errcode = 'invalid_parameter_value';
    end if;
    v_out := v_out || array(select pg_catalog.generate_series(v_from, v_to, v_step));
  end loop;
  return array(select distinct x from pg_catalog.unnest(v_out) x order by x);
end
$$;

-- The latest time at or before p_at when a five-field cron schedule was due, evaluated in p_tz
-- (pg_cron's cron.timezone). Null for schedules with no due times ('@reboot') and for pg_cron's
-- interval schedules ('30 seconds'), which ops.job_status handles from the previous run instead.
create function ops.cron_last_due(p_schedule text, p_at timestamptz, p_tz text default 'UTC') returns timestamptz
language plpgsql stable set search_path = '' as $$
declare
  v_expr text := pg_catalog.lower(pg_catalog.btrim(p_schedule));
  v_fields text[];
  v_minutes integer[];
  v_hours integer[];
  v_doms integer[];
  v_months integer[];
  v_dows integer[];
  v_last_dom boolean;
  v_dom_star boolean;
  v_dow_star boolean;
  v_local timestamp := p_at at time zone p_tz;
  v_day date;
  v_dom_ok boolean;
  v_dow_ok boolean;
  v_hour integer;
  v_minute integer;
  v_names text[] := array['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  v_mnames text[] := array['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
begin
  if v_expr ~ '^\d+\s+seconds?$' or v_expr = '@reboot' then
    return null;
  end if;
  v_expr := case v_expr
    when '@yearly' then '0 0 1 1 *' when '@annually' then '0 0 1 1 *' when '@monthly' then '0 0 1 * *'
    when '@weekly' then '0 0 * * 0' when '@daily' then '0 0 * * *' when '@midnight' then '0 0 * * *'
    when '@hourly' then '0 * * * *' else v_expr end;
  v_fields := pg_catalog.regexp_split_to_array(v_expr, '\s+');
  if pg_catalog.array_length(v_fields, 1) <> 5 then
    raise exception 'cron schedule "%" does not have five fields', p_schedule using errcode = 'invalid_parameter_value';
  end if;
  for i in 1..7 loop
    v_fields[5] := pg_catalog.replace(v_fields[5], v_names[i], (i - 1)::text);
  end loop;
  for i in 1..12 loop
    v_fields[4] := pg_catalog.replace(v_fields[4], v_mnames[i], i::text);
  end loop;
  v_minutes := ops.cron_field_values(v_fields[1], 0, 59);
  v_hours := ops.cron_field_values(v_fields[2], 0, 23);
  v_last_dom := v_fields[3] = '$';
  v_doms := case when v_last_dom then '{}'::integer[] else ops.cron_field_values(v_fields[3], 1, 31) end;
  v_months := ops.cron_field_values(v_fields[4], 1, 12);
  -- 7 is Sunday too.
  v_dows := array(select distinct x % 7 from pg_catalog.unnest(ops.cron_field_values(v_fields[5], 0, 7)) x);
  -- Vixie cron: when both day fields are restricted, a day matching either one is due.
  v_dom_star := v_fields[3] like '*%';
  v_dow_star := v_fields[5] like '*%';

  -- Walk back day by day; four years and a day covers every schedule, including 29 February.
  for i in 0..1461 loop
    v_day := v_local::date - i;
    continue when not (pg_catalog.date_part('month', v_day)::integer = any(v_months));
    v_dom_ok := case when v_last_dom
      then v_day = (pg_catalog.date_trunc('month', v_day) + interval '1 month - 1 day')::date
      else pg_catalog.date_part('day', v_day)::integer = any(v_doms) end;
    v_dow_ok := pg_catalog.date_part('dow', v_day)::integer = any(v_dows);
    continue when not case
      when v_dom_star or v_dow_star then v_dom_ok and v_dow_ok
      else v_dom_ok or v_dow_ok end;
    select max(h) into v_hour from pg_catalog.unnest(v_hours) h
    where i > 0 or h <= pg_catalog.date_part('hour', v_local)::integer;
    while v_hour is not null loop
      select max(m) into v_minute from pg_catalog.unnest(v_minutes) m
      where i > 0 or v_hour < pg_catalog.date_part('hour', v_local)::integer
        or m <= pg_catalog.date_part('minute', v_local)::integer;
      if v_minute is not null then
        return (v_day + pg_catalog.make_time(v_hour, v_minute, 0)) at time zone p_tz;
      end if;
      select max(h) into v_hour from pg_catalog.unnest(v_hours) h where h < v_hour;
    end loop;
  end loop;
  return null;
end
$$;

-- pg_cron's time zone for schedules; 'GMT' is its default when the setting does not exist.
create function ops.cron_timezone() returns text
language sql stable set search_path = '' as $$
  select coalesce(nullif(pg_catalog.current_setting('cron.timezone', true), ''), 'GMT')
$$;

-- Every pg_cron job of this database with its last run and health. SECURITY DEFINER because
-- cron.job and cron.job_run_details are readable by their owners only; it exposes no command
-- output beyond the last run's message.
create function ops.job_status()
returns table (
  jobid bigint,
  job_name text,
  schedule text,
  command text,
  active boolean,
  managed boolean,
  description text,
  last_run_id bigint,
  last_status text,
  last_start timestamptz,
  last_end timestamptz,
  last_duration interval,
  last_message text,
  last_success_at timestamptz,
  expected_at timestamptz,
  late_by interval,
  health text
)
language sql stable security definer set search_path = '' as $$
  with last_runs as (
    select distinct on (d.jobid) d.jobid, d.runid, d.status, d.start_time, d.end_time, d.return_message
    from cron.job_run_details d
    order by d.jobid, d.runid desc
  ), successes as (
    select d.jobid, max(d.end_time) as at from cron.job_run_details d where d.status = 'succeeded' group by d.jobid
  ), jobs as (
    select j.jobid, j.jobname::text as job_name, j.schedule, j.command, j.active,
      def.job_name is not null as managed, def.description, def.alert, def.defined_at,
      coalesce(def.late_grace, s.job_late_grace, interval '5 minutes') as grace,
      r.runid, r.status, r.start_time, r.end_time, r.return_message, ok.at as last_success_at,
      case
        -- Interval schedules ('30 seconds'): due one interval after the previous start.
        when j.schedule ~* '^\s*\d+\s+seconds?\s*$'
          then r.start_time + pg_catalog.substring(j.schedule, '\d+')::integer * interval '1 second'
        -- The latest due time at least one grace period ago: a run for it should exist by now.
        -- (The latest due time alone would hide a dead job for the first grace after each due.)
        else ops.cron_last_due(j.schedule,
          now() - coalesce(def.late_grace, s.job_late_grace, interval '5 minutes'), ops.cron_timezone())
      end as expected_at
    from cron.job j
    left join ops.job_definitions def on def.job_name = j.jobname
    left join ops.maintenance_settings s on true
    left join last_runs r on r.jobid = j.jobid
    left join successes ok on ok.jobid = j.jobid
    where j.database = pg_catalog.current_database()
  )
  select jobid, job_name, schedule, command, active, managed, description,
    runid, status, start_time, end_time, end_time - start_time, return_message, last_success_at, expected_at,
    case when health = 'late' then now() - expected_at else interval '0' end,
    health
  from (
    select jobs.*,
      case
        when not active then 'inactive'
        when status in ('starting', 'running', 'sending', 'connecting') then 'running'
        -- Due (and past the grace) with no run since: the scheduler stopped running it. A job
        -- that never ran is late only once a due time has passed since it was defined.
        when expected_at is not null and expected_at < now() - grace
          and coalesce(start_time < expected_at, expected_at > defined_at, false) then 'late'
        when status = 'failed' then 'failed'
        when runid is null then 'never_run'
        else 'ok'
      end as health
    from jobs
  ) x
$$;

create view ops.jobs with (security_invoker = true) as
select * from ops.job_status();
comment on view ops.jobs is 'pg_cron jobs of this database: schedule, last run, status and lateness (health: ok, running, failed, late, never_run, inactive).';

-- Raise an `alert` outbox event for every opsbase job (named ops:<job>, or opsbase-<job> by the
-- modules that predate ops.schedule_job) whose last run failed (once per failed run) or that is
-- late (once per missed due time). ordering_key is the job name, so one job's alerts reach
-- consumers in order. One-shot maintenance jobs report through ops.maintenance_actions instead.
create function ops.check_jobs()
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

revoke execute on function
  ops.maintenance_settings_validate(),
  ops.schedule_job(text, text, text, text, boolean, interval),
  ops.unschedule_job(text),
  ops.cron_field_values(text, integer, integer),
  ops.cron_last_due(text, timestamptz, text),
  ops.cron_timezone(),
  ops.job_status(),
  ops.check_jobs()
from public, anon, authenticated;
grant execute on function
  ops.schedule_job(text, text, text, text, boolean, interval),
  ops.unschedule_job(text),
  ops.cron_field_values(text, integer, integer),
  ops.cron_last_due(text, timestamptz, text),
  ops.cron_timezone(),
  ops.job_status(),
  ops.check_jobs()
to service_role;
revoke all on ops.jobs from public, anon, authenticated;
grant select on ops.jobs to service_role;
