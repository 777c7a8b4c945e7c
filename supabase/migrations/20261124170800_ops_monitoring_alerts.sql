-- performance_alerts: issue-style lifecycle. An alert has a stable fingerprint (check + object).
-- While it is open, repeats update it (occurrences, last_seen_at, severity) instead of inserting
-- duplicates; when its condition clears it is resolved with resolved_at. Opening, a severity
-- change and resolving each write an 'alert' event to ops.outbox in the same transaction
-- (ordering key = fingerprint, so consumers see one alert's events in order).
set lock_timeout = '5s';
set statement_timeout = '60s';

create table ops.performance_alerts (
  id bigint generated always as identity primary key,
  fingerprint text not null,
  alert_type text not null references ops.monitoring_checks (check_name),
  severity text not null check (severity in ('info', 'warning', 'error', 'critical')),
  object_name text,
  message text not null,
  value numeric,
  details jsonb not null default '{}',
  -- Evaluations (or manual reports) that found the condition while this alert was open.
  -- squawk-ignore prefer-bigint-over-int
  occurrences integer not null default 1 check (occurrences > 0),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by text,
  resolution_notes text,
  check (resolved_at is null or resolved_at >= created_at)
);
-- At most one open alert per fingerprint: the lifecycle's invariant.
create unique index performance_alerts_open_fingerprint_idx on ops.performance_alerts (fingerprint) where resolved_at is null;
create index performance_alerts_open_idx on ops.performance_alerts (severity, created_at desc) where resolved_at is null;
create index performance_alerts_type_idx on ops.performance_alerts (alert_type, created_at desc);
create index performance_alerts_resolved_idx on ops.performance_alerts (resolved_at) where resolved_at is not null;
comment on table ops.performance_alerts is 'Performance alerts with fingerprint lifecycle; events go to ops.outbox topic alert.';

-- One row per evaluation run, for the report and for debugging a check that errors.
create table ops.alert_evaluations (
  id bigint generated always as identity primary key,
  evaluated_at timestamptz not null default now(),
  checks text[] not null,
  -- squawk-ignore prefer-bigint-over-int
  opened integer not null default 0,
  -- squawk-ignore prefer-bigint-over-int
  updated integer not null default 0,
  -- squawk-ignore prefer-bigint-over-int
  resolved integer not null default 0,
  errors jsonb not null default '{}',
  duration_ms numeric
);
create index alert_evaluations_at_idx on ops.alert_evaluations (evaluated_at);

alter table ops.performance_alerts enable row level security;
alter table ops.alert_evaluations enable row level security;
revoke all on ops.performance_alerts, ops.alert_evaluations from public, anon, authenticated;
grant select, insert, update on ops.performance_alerts to service_role;
grant select on ops.alert_evaluations to service_role;

-- What a check reports for one object.
create type ops.alert_finding as (
  alert_type text,
  object_name text,
  severity text,
  value numeric,
  message text,
  details jsonb
);

create function ops.alert_fingerprint(p_alert_type text, p_object_name text, p_message text)
returns text
language sql immutable set search_path = '' as $$
  select p_alert_type || ':' || coalesce(p_object_name, 'msg:' || pg_catalog.md5(coalesce(p_message, '')))
$$;

create function ops.enqueue_alert_event(a ops.performance_alerts, p_status text)
returns bigint
language sql volatile set search_path = '' as $$
  select ops.outbox_enqueue('alert',
    jsonb_build_object('source', 'performance_alerts', 'status', p_status, 'alert_id', a.id,
      'fingerprint', a.fingerprint, 'alert_type', a.alert_type, 'severity', a.severity,
      'labels', jsonb_build_object('object', a.object_name), 'message', a.message, 'value', a.value,
      'details', a.details, 'occurrences', a.occurrences, 'created_at', a.created_at,
      'resolved_at', a.resolved_at),
    'performance_alert', a.id::text, a.fingerprint,
    -- One event per transition: a retried evaluation cannot emit the same transition twice.
    format('performance_alert:%s:%s:%s', a.id, p_status, case when p_status = 'updated' then a.severity || ':' || a.occurrences else '' end))
$$;

-- Open or repeat an alert. Returns the alert and what happened: 'opened', 'escalated' (severity
-- changed: an event is written) or 'repeated' (occurrences + 1, no event).
create function ops.upsert_performance_alert(
  p_alert_type text, p_severity text, p_message text, p_details jsonb default '{}', p_object_name text default null,
  p_value numeric default null
) returns table (alert_id bigint, action text)
language plpgsql volatile set search_path = '' as $$
declare
  fp text := ops.alert_fingerprint(p_alert_type, p_object_name, p_message);
  cur ops.performance_alerts;
  old_severity text;
begin
  if p_severity is null or p_severity not in ('info', 'warning', 'error', 'critical') then
    raise exception 'create_performance_alert: severity must be info, warning, error or critical, got %', p_severity
      using errcode = 'invalid_parameter_value';
  end if;
  if not exists (select from ops.monitoring_checks c where c.check_name = p_alert_type) then
    raise exception 'create_performance_alert: unknown alert type % (add it to ops.monitoring_checks)', p_alert_type
      using errcode = 'invalid_parameter_value';
  end if;
  if coalesce(p_message, '') = '' then
    raise exception 'create_performance_alert: message is required' using errcode = 'invalid_parameter_value';
  end if;
  -- Serialise per fingerprint so two evaluators cannot both open the same alert.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ops.performance_alerts'), pg_catalog.hashtext(fp));
  select * into cur from ops.performance_alerts a where a.fingerprint = fp and a.resolved_at is null for update;
  if cur.id is null then
    insert into ops.performance_alerts (fingerprint, alert_type, severity, object_name, message, value, details)
    values (fp, p_alert_type, p_severity, p_object_name, p_message, p_value, coalesce(p_details, '{}'))
    returning * into cur;
    perform ops.enqueue_alert_event(cur, 'opened');
    return query select cur.id, 'opened'::text;
  else
    old_severity := cur.severity;
    update ops.performance_alerts a
    set occurrences = a.occurrences + 1, last_seen_at = now(), severity = p_severity, message = p_message,
        value = p_value, details = coalesce(p_details, '{}')
    where a.id = cur.id
    returning * into cur;
    if old_severity <> p_severity then
      perform ops.enqueue_alert_event(cur, 'updated');
      return query select cur.id, 'escalated'::text;
    else
      return query select cur.id, 'repeated'::text;
    end if;
  end if;
end
$$;

-- Seed 002's name: report a condition (manually or from a check); returns the alert id.
create function ops.create_performance_alert(
  p_alert_type text, p_severity text, p_message text, p_details jsonb default '{}', p_object_name text default null,
  p_value numeric default null
) returns bigint
language sql volatile set search_path = '' as $$
  select u.alert_id from ops.upsert_performance_alert(p_alert_type, p_severity, p_message, p_details, p_object_name, p_value) u
$$;

-- Resolve an open alert; returns false when it was not open. Writes a 'resolved' event.
create function ops.resolve_performance_alert(
  p_alert_id bigint, p_resolution_notes text default null, p_resolved_by text default 'operator'
) returns boolean
language plpgsql volatile set search_path = '' as $$
declare
  cur ops.performance_alerts;
begin
  update ops.performance_alerts a
  set resolved_at = greatest(now(), a.created_at), resolved_by = p_resolved_by, resolution_notes = p_resolution_notes
  where a.id = p_alert_id and a.resolved_at is null
  returning * into cur;
  if cur.id is null then
    return false;
  end if;
  perform ops.enqueue_alert_event(cur, 'resolved');
  return true;
end
$$;

-- Apply one evaluation of the given checks: every finding opens or repeats its alert; open alerts
-- of those checks with no finding this time are resolved (their condition cleared).
create function ops.apply_alert_findings(p_checks text[], p_findings ops.alert_finding[])
returns table (opened integer, updated integer, resolved integer)
language plpgsql volatile set search_path = '' as $$
declare
  f ops.alert_finding;
  act text;
  n_open integer := 0;
  n_upd integer := 0;
  n_res integer := 0;
  fps text[] := '{}'::text[];
  a record;
begin
  foreach f in array coalesce(p_findings, '{}') loop
    if f.alert_type <> all (p_checks) then
      raise exception 'apply_alert_findings: finding of % outside the evaluated checks %', f.alert_type, p_checks
        using errcode = 'invalid_parameter_value';
    end if;
    select u.action into act
    from ops.upsert_performance_alert(f.alert_type, f.severity, f.message, f.details, f.object_name, f.value) u;
    if act = 'opened' then n_open := n_open + 1; else n_upd := n_upd + 1; end if;
    fps := fps || ops.alert_fingerprint(f.alert_type, f.object_name, f.message);
  end loop;
  for a in
    select p.id from ops.performance_alerts p
    where p.resolved_at is null and p.alert_type = any (p_checks) and p.fingerprint <> all (fps)
    for update
  loop
    if ops.resolve_performance_alert(a.id, 'condition cleared', 'auto') then
      n_res := n_res + 1;
    end if;
  end loop;
  return query select n_open, n_upd, n_res;
end
$$;

revoke execute on function
  ops.alert_fingerprint(text, text, text),
  ops.enqueue_alert_event(ops.performance_alerts, text),
  ops.upsert_performance_alert(text, text, text, jsonb, text, numeric),
  ops.create_performance_alert(text, text, text, jsonb, text, numeric),
  ops.resolve_performance_alert(bigint, text, text),
  ops.apply_alert_findings(text[], ops.alert_finding[])
from public, anon, authenticated;
grant execute on function
  ops.alert_fingerprint(text, text, text),
  ops.enqueue_alert_event(ops.performance_alerts, text),
  ops.upsert_performance_alert(text, text, text, jsonb, text, numeric),
  ops.create_performance_alert(text, text, text, jsonb, text, numeric),
  ops.resolve_performance_alert(bigint, text, text),
  ops.apply_alert_findings(text[], ops.alert_finding[])
to service_role;
