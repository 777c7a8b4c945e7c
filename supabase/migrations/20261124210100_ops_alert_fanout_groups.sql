-- Alert fan-out, part 2: alert state and groups. Outbox 'alert' events are folded into one row
-- per fingerprint (ops.alert_states); only a change of status or severity touches the groups, so
-- 1,000 repeats of 10 alerts cost 10 group updates. Each routed alert is a member of a group
-- (route + group_by label values) whose timers live in the row (first event, next flush, last
-- notification): Alertmanager's group_wait / group_interval / repeat_interval, kept in Postgres so
-- any function instance can flush any group.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table ops.alert_states (
  fingerprint text primary key,
  alert_type text not null,
  severity text not null check (severity in ('info', 'warning', 'error', 'critical')),
  status text not null check (status in ('firing', 'resolved')),
  -- labels plus alertname and severity: what matchers see.
  label_set jsonb not null,
  -- An event with no lifecycle (an outbox dead letter): notified once, never resolved.
  one_shot boolean not null default false,
  message text not null default '',
  details jsonb not null default '{}',
  starts_at timestamptz not null,
  ends_at timestamptz,
  last_event_id bigint not null,
  updated_at timestamptz not null default now()
);
-- Inhibition looks up firing alerts by label containment.
create index alert_states_firing_labels_idx on ops.alert_states using gin (label_set jsonb_path_ops) where status = 'firing';
comment on table ops.alert_states is 'Latest state per alert fingerprint, folded from outbox topic alert by ops.alert_fanout_ingest.';

create table ops.alert_groups (
  id bigint generated always as identity primary key,
  route_id bigint not null references ops.alert_routes (id) on delete cascade,
  receiver text not null references ops.alert_receivers (name) on delete cascade,
  -- '<route name>:<group labels as jsonb text>': stable, and the notification log's group key.
  group_key text not null,
  group_labels jsonb not null,
  first_event_at timestamptz not null default now(),
  next_flush_at timestamptz,
  last_flush_at timestamptz,
  last_notified_at timestamptz,
  last_hash text,
  -- An alert joined, left or changed since the last flush (a flush not just a periodic re-check).
  dirty boolean not null default true,
  unique (receiver, group_key)
);
create index alert_groups_due_idx on ops.alert_groups (next_flush_at) where next_flush_at is not null;
create index alert_groups_route_idx on ops.alert_groups (route_id);

create table ops.alert_group_alerts (
  group_id bigint not null references ops.alert_groups (id) on delete cascade,
  fingerprint text not null references ops.alert_states (fingerprint) on delete cascade,
  status text not null check (status in ('firing', 'resolved')),
  -- Sent as firing at least once: only those get a resolved notification.
  notified boolean not null default false,
  primary key (group_id, fingerprint)
);
create index alert_group_alerts_fingerprint_idx on ops.alert_group_alerts (fingerprint);

-- The notification log: one row per (receiver, group, alert set, state). The unique key is what
-- stops retries and concurrent instances from sending a set twice; a repeat (repeat_interval or
-- the same set firing again) re-arms the row with generation + 1.
create table ops.alert_notifications (
  id bigint generated always as identity primary key,
  receiver text not null references ops.alert_receivers (name) on delete cascade,
  group_key text not null,
  alert_set_hash text not null,
  state text not null check (state in ('firing', 'resolved')),
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'superseded')),
  -- squawk-ignore prefer-bigint-over-int
  generation integer not null default 1,
  payload jsonb not null,
  -- squawk-ignore prefer-bigint-over-int
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  claimed_by text,
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (receiver, group_key, alert_set_hash, state)
);
create index alert_notifications_due_idx on ops.alert_notifications (next_attempt_at) where status in ('pending', 'sending');
create index alert_notifications_group_idx on ops.alert_notifications (receiver, group_key, id) where status in ('pending', 'sending');
create index alert_notifications_sent_idx on ops.alert_notifications (sent_at) where status in ('sent', 'failed', 'superseded');

create table ops.alert_delivery_attempts (
  id bigint generated always as identity primary key,
  notification_id bigint not null references ops.alert_notifications (id) on delete cascade,
  -- squawk-ignore prefer-bigint-over-int
  generation integer not null,
  consumer text not null,
  outcome text not null check (outcome in ('sent', 'retry', 'failed', 'rate_limited')),
  -- squawk-ignore prefer-bigint-over-int
  status_code integer,
  error text,
  retry_after interval,
  duration_ms numeric,
  attempted_at timestamptz not null default now()
);
create index alert_delivery_attempts_notification_idx on ops.alert_delivery_attempts (notification_id, id);
create index alert_delivery_attempts_at_idx on ops.alert_delivery_attempts (attempted_at);

alter table ops.alert_states enable row level security;
alter table ops.alert_groups enable row level security;
alter table ops.alert_group_alerts enable row level security;
alter table ops.alert_notifications enable row level security;
alter table ops.alert_delivery_attempts enable row level security;
revoke all on ops.alert_states, ops.alert_groups, ops.alert_group_alerts, ops.alert_notifications,
  ops.alert_delivery_attempts from public, anon, authenticated;
grant select, insert, update, delete on ops.alert_states, ops.alert_groups, ops.alert_group_alerts,
  ops.alert_notifications, ops.alert_delivery_attempts to service_role;

-- Is a firing alert muted by an inhibition rule? Needs another firing alert that matches the
-- rule's source, is not the alert itself, and carries the same values for every `equal` label.
-- The equal labels go first as a containment probe (GIN index), so a flush of many groups does
-- not evaluate source matchers against every firing alert.
create function ops.alert_inhibited(p_fingerprint text, p_labels jsonb)
returns boolean
language plpgsql stable set search_path = '' as $$
declare
  r record;
  eq jsonb;
begin
  for r in select * from ops.alert_inhibit_rules loop
    continue when not ops.alert_matches(p_labels, r.target_matchers) or ops.alert_matches(p_labels, r.source_matchers)
      or exists (select from unnest(r.equal) l where p_labels ->> l is null);
    select coalesce(jsonb_object_agg(l, p_labels ->> l), '{}') into eq from unnest(r.equal) l;
    if exists (select from ops.alert_states s
               where s.status = 'firing' and s.label_set @> eq and s.fingerprint <> p_fingerprint
                 and ops.alert_matches(s.label_set, r.source_matchers)) then
      return true;
    end if;
  end loop;
  return false;
end
$$;

-- Fold one outbox event into the alert state and its groups. Payloads: ops.performance_alerts
-- transitions (status opened|updated|resolved), and one-shot events with no status (outbox dead
-- letters: one alert per dead event; maintenance job and partition alerts: fingerprinted by
-- type and labels). Raises 22023 on a payload that can never be applied.
create function ops.alert_ingest_event(p_event_id bigint, p_payload jsonb)
returns boolean
language plpgsql volatile set search_path = '' as $$
declare
  v_type text := p_payload ->> 'alert_type';
  v_severity text := coalesce(p_payload ->> 'severity', 'warning');
  v_status text;
  v_labels jsonb;
  v_fp text;
  prev ops.alert_states;
  cur ops.alert_states;
  r record;
  v_groups bigint[] := '{}'::bigint[];
  v_gid bigint;
  v_glabels jsonb;
begin
  if coalesce(v_type, '') !~ '^[a-z][a-z0-9_]{0,62}$' then
    raise exception 'alert event %: alert_type missing or malformed', p_event_id using errcode = 'invalid_parameter_value';
  end if;
  if v_severity not in ('info', 'warning', 'error', 'critical') then
    raise exception 'alert event %: severity %', p_event_id, v_severity using errcode = 'invalid_parameter_value';
  end if;
  if p_payload ? 'labels' and jsonb_typeof(p_payload -> 'labels') not in ('object', 'null') then
    raise exception 'alert event %: labels must be an object', p_event_id using errcode = 'invalid_parameter_value';
  end if;
  v_status := case coalesce(p_payload ->> 'status', 'firing')
    when 'opened' then 'firing' when 'updated' then 'firing' when 'firing' then 'firing'
    when 'resolved' then 'resolved' end;
  if v_status is null then
    raise exception 'alert event %: status %', p_event_id, p_payload ->> 'status' using errcode = 'invalid_parameter_value';
  end if;
  -- Label values as text, nulls dropped; alertname and severity are reserved.
  select coalesce(jsonb_object_agg(k, v #>> '{}'), '{}') into v_labels
  from jsonb_each(coalesce(nullif(p_payload -> 'labels', 'null'::jsonb), '{}')) e(k, v)
  where jsonb_typeof(v) <> 'null' and k !~ '^(alertname|severity)$';
  v_labels := v_labels || jsonb_build_object('alertname', v_type, 'severity', v_severity);
  v_fp := coalesce(p_payload ->> 'fingerprint',
    v_type || ':' || coalesce('event:' || (p_payload ->> 'event_id'), 'labels:' || md5(v_labels::text)));

  select * into prev from ops.alert_states s where s.fingerprint = v_fp for update;
  if prev.fingerprint is not null and prev.last_event_id >= p_event_id then
    return false; -- an older event delivered late: the state already moved past it
  end if;
  insert into ops.alert_states as s (fingerprint, alert_type, severity, status, label_set, one_shot, message, details,
    starts_at, ends_at, last_event_id, updated_at)
  values (v_fp, v_type, v_severity, v_status, v_labels, not (p_payload ? 'status'), coalesce(p_payload ->> 'message', ''),
    jsonb_strip_nulls(jsonb_build_object('value', p_payload -> 'value', 'details', p_payload -> 'details',
      'occurrences', p_payload -> 'occurrences', 'alert_id', p_payload -> 'alert_id', 'event_id', p_payload -> 'event_id')),
    now(), case when v_status = 'resolved' then now() end, p_event_id, now())
  on conflict (fingerprint) do update set
    alert_type = excluded.alert_type, severity = excluded.severity, status = excluded.status,
    label_set = excluded.label_set, one_shot = excluded.one_shot, message = excluded.message, details = excluded.details,
    -- A resolved alert that fires again starts a new incarnation.
    starts_at = case when s.status = 'resolved' and excluded.status = 'firing' then now() else s.starts_at end,
    ends_at = excluded.ends_at, last_event_id = excluded.last_event_id, updated_at = now()
  returning * into cur;

  -- One-shot events always (re)join their groups: each is news, not a repeat of a known state.
  if prev.fingerprint is not null and prev.status = cur.status and prev.severity = cur.severity
     and prev.label_set = cur.label_set and not cur.one_shot then
    return false; -- a repeat: message and value refreshed, no group changes
  end if;

  if cur.status = 'firing' then
    for r in select * from ops.alert_routes_for(cur.label_set) loop
      select coalesce(jsonb_object_agg(l, cur.label_set ->> l), '{}') into v_glabels
      from unnest(r.group_by) l
      where r.group_by <> '{...}' and cur.label_set ? l;
      if r.group_by = '{...}' then
        v_glabels := cur.label_set;
      end if;
      insert into ops.alert_groups as g (route_id, receiver, group_key, group_labels, next_flush_at)
      values (r.id, r.receiver, r.name || ':' || v_glabels::text, v_glabels, now() + r.group_wait)
      on conflict (receiver, group_key) do update set dirty = true,
        -- Within group_wait the first flush stays put; after a flush, changes wait for group_interval.
        next_flush_at = case when g.last_flush_at is null then coalesce(g.next_flush_at, now() + r.group_wait)
          else least(coalesce(g.next_flush_at, 'infinity'), greatest(now(), g.last_flush_at + r.group_interval)) end
      returning g.id into v_gid;
      v_groups := v_groups || v_gid;
      insert into ops.alert_group_alerts (group_id, fingerprint, status) values (v_gid, v_fp, 'firing')
      on conflict (group_id, fingerprint) do update set status = 'firing';
    end loop;
  end if;

  -- Groups it no longer routes to (resolved, or its labels changed route): resolved there.
  for r in
    update ops.alert_group_alerts ga set status = 'resolved'
    where ga.fingerprint = v_fp and ga.status = 'firing' and ga.group_id <> all (v_groups)
    returning ga.group_id
  loop
    update ops.alert_groups g set dirty = true, next_flush_at = case when g.last_flush_at is null
        then coalesce(g.next_flush_at, now())
        else least(coalesce(g.next_flush_at, 'infinity'), greatest(now(), g.last_flush_at + e.group_interval)) end
    from ops.alert_routes_effective e
    where g.id = r.group_id and e.id = g.route_id;
  end loop;
  return true;
end
$$;

-- Claim a batch of 'alert' events, fold them in, ack, all in one transaction: a crash leaves
-- the events claimed (lease) and unapplied, never applied and unacked. Malformed ones are nacked.
create function ops.alert_fanout_ingest(p_consumer text, p_batch integer default 500)
returns table (claimed integer, changed integer, refused integer)
language plpgsql volatile set search_path = '' as $$
declare
  ev record;
  n_claimed integer := 0;
  n_changed integer := 0;
  n_refused integer := 0;
  ok_ids bigint[] := '{}'::bigint[];
begin
  for ev in select o.id, o.payload from ops.outbox_claim('alert', p_consumer, p_batch, interval '60 seconds') o order by o.id loop
    n_claimed := n_claimed + 1;
    begin
      if ops.alert_ingest_event(ev.id, ev.payload) then
        n_changed := n_changed + 1;
      end if;
      ok_ids := ok_ids || ev.id;
    exception when invalid_parameter_value then
      n_refused := n_refused + 1;
      perform ops.outbox_nack(ev.id, p_consumer, sqlerrm);
    end;
  end loop;
  perform ops.outbox_ack(ok_ids, p_consumer);
  return query select n_claimed, n_changed, n_refused;
end
$$;

-- Flush due groups: compute the visible alert set (firing and not silenced or inhibited, plus
-- resolved ones that were notified as firing), and log a notification when the set changed or
-- repeat_interval passed. Resolved members leave the group once logged; an empty group goes.
create function ops.alert_fanout_flush(p_limit integer default 100)
returns integer
language plpgsql volatile set search_path = '' as $$
declare
  g record;
  v_alerts jsonb;
  v_hash text;
  v_firing integer;
  v_resolved integer;
  v_muted integer;
  v_state text;
  v_send_resolved boolean;
  v_new_id bigint;
  created integer := 0;
begin
  for g in
    select ag.*, e.name as route_name, e.group_interval, e.repeat_interval
    from ops.alert_groups ag join ops.alert_routes_effective e on e.id = ag.route_id
    where ag.id in (select x.id from ops.alert_groups x where x.next_flush_at <= now()
                    order by x.next_flush_at limit p_limit for update skip locked)
  loop
    select r.send_resolved into v_send_resolved from ops.alert_receivers r where r.name = g.receiver;
    -- Materialized: the mute check runs once per member, not once per aggregate below.
    with m as materialized (
      select ga.fingerprint, ga.status, ga.notified, s.severity, s.label_set, s.message, s.details, s.starts_at, s.ends_at,
        ga.status = 'firing' and (ops.alert_silenced(s.label_set) or ops.alert_inhibited(s.fingerprint, s.label_set)) as muted
      from ops.alert_group_alerts ga join ops.alert_states s on s.fingerprint = ga.fingerprint
      where ga.group_id = g.id
    )
    select
      coalesce(jsonb_agg(jsonb_build_object('fingerprint', m.fingerprint, 'status', m.status, 'severity', m.severity,
        'labels', m.label_set, 'message', m.message, 'details', m.details, 'starts_at', m.starts_at, 'ends_at', m.ends_at)
        order by m.fingerprint) filter (where not m.muted and (m.status = 'firing' or (m.notified and v_send_resolved))), '[]'),
      md5(coalesce(string_agg(m.fingerprint || ':' || m.status || ':' || m.severity, ',' order by m.fingerprint)
        filter (where not m.muted and (m.status = 'firing' or (m.notified and v_send_resolved))), '')),
      count(*) filter (where m.status = 'firing' and not m.muted),
      count(*) filter (where m.status = 'resolved' and m.notified and v_send_resolved),
      count(*) filter (where m.muted)
    into v_alerts, v_hash, v_firing, v_resolved, v_muted
    from m;
    v_state := case when v_firing > 0 then 'firing' else 'resolved' end;

    if v_firing + v_resolved = 0 then
      null; -- all muted or silently resolved: nothing to say
    elsif v_hash = g.last_hash and v_state = 'firing' and g.last_notified_at + g.repeat_interval > now() then
      null; -- the receiver already has this set
    else
      -- An undelivered older notification of this group is stale now: only the newest set goes out.
      update ops.alert_notifications n set status = 'superseded', last_error = 'superseded by a newer alert set'
      where n.receiver = g.receiver and n.group_key = g.group_key and n.status = 'pending';
      v_new_id := null;
      insert into ops.alert_notifications as n (receiver, group_key, alert_set_hash, state, payload)
      values (g.receiver, g.group_key, v_hash, v_state, jsonb_build_object(
        'receiver', g.receiver, 'route', g.route_name, 'group_key', g.group_key, 'group_labels', g.group_labels,
        'state', v_state, 'firing', v_firing, 'resolved', v_resolved, 'alerts', v_alerts))
      on conflict (receiver, group_key, alert_set_hash, state) do update set
        status = 'pending', generation = n.generation + 1, payload = excluded.payload, attempts = 0,
        next_attempt_at = now(), last_error = null, sent_at = null, claimed_by = null, lease_until = null
      where n.status in ('sent', 'failed', 'superseded')
      returning n.id into v_new_id;
      if v_new_id is not null then
        created := created + 1;
      end if;
      update ops.alert_groups x set last_hash = v_hash, last_notified_at = now() where x.id = g.id;
      update ops.alert_group_alerts ga set notified = true
      where ga.group_id = g.id and ga.status = 'firing'
        and ga.fingerprint in (select a ->> 'fingerprint' from jsonb_array_elements(v_alerts) a where a ->> 'status' = 'firing');
    end if;

    -- Resolved members have been said (or never needed saying): they leave the group. So do
    -- one-shot alerts once notified: a dead letter is reported, not repeated or resolved.
    delete from ops.alert_group_alerts ga where ga.group_id = g.id and ga.status = 'resolved';
    delete from ops.alert_group_alerts ga using ops.alert_states s
    where ga.group_id = g.id and ga.notified and s.fingerprint = ga.fingerprint and s.one_shot;
    if not exists (select from ops.alert_group_alerts ga where ga.group_id = g.id) then
      delete from ops.alert_groups x where x.id = g.id;
    else
      -- Muted alerts are re-checked every group_interval (a silence may expire); firing ones
      -- are repeated after repeat_interval.
      update ops.alert_groups x set last_flush_at = now(), dirty = false,
        next_flush_at = case when v_muted > 0 then now() + g.group_interval
                             else coalesce(x.last_notified_at, now()) + g.repeat_interval end
      where x.id = g.id;
    end if;
  end loop;
  return created;
end
$$;

-- Claim due notifications with their receiver. A notification waits while an older one of the
-- same receiver and group is undelivered, so a resolve never overtakes its trigger.
create function ops.alert_notifications_claim(p_consumer text, p_limit integer default 50,
  p_lease interval default '60 seconds')
returns table (id bigint, generation integer, attempts integer, state text, payload jsonb, receiver text, kind text,
  url_secret text, key_secret text, settings jsonb, rate_limit integer, rate_period interval)
language plpgsql volatile set search_path = '' as $$
begin
  if coalesce(p_consumer, '') = '' then
    raise exception 'alert_notifications_claim: consumer must be named' using errcode = 'invalid_parameter_value';
  end if;
  return query
  with c as (
    select n.id from ops.alert_notifications n
    where ((n.status = 'pending' and n.next_attempt_at <= now()) or (n.status = 'sending' and n.lease_until <= now()))
      and not exists (select from ops.alert_notifications e
        where e.receiver = n.receiver and e.group_key = n.group_key and e.id < n.id and e.status in ('pending', 'sending'))
    order by n.next_attempt_at, n.id
    limit p_limit
    for update skip locked
  ), upd as (
    update ops.alert_notifications n
    set status = 'sending', attempts = n.attempts + 1, claimed_by = p_consumer, lease_until = now() + p_lease
    from c where n.id = c.id
    returning n.*
  )
  select u.id, u.generation, u.attempts, u.state, u.payload, r.name, r.kind, r.url_secret, r.key_secret, r.settings,
    r.rate_limit, r.rate_period
  from upd u join ops.alert_receivers r on r.name = u.receiver
  order by u.id;
end
$$;

-- Record one delivery attempt and move the notification on: 'sent'; 'retry' (backoff, or
-- exactly p_retry_after from a 429, until the receiver's max_attempts); 'failed' (permanent);
-- 'rate_limited' (our own limiter said wait: not an attempt). Only the lease holder may record.
create function ops.alert_notification_record(p_id bigint, p_consumer text, p_outcome text,
  p_status_code integer default null, p_error text default null, p_retry_after interval default null,
  p_duration_ms numeric default null)
returns text
language plpgsql volatile set search_path = '' as $$
declare
  n ops.alert_notifications;
  rc ops.alert_receivers;
  v_status text;
  v_delay interval;
begin
  if p_outcome is null or p_outcome not in ('sent', 'retry', 'failed', 'rate_limited') then
    raise exception 'alert_notification_record: outcome %', p_outcome using errcode = 'invalid_parameter_value';
  end if;
  select * into n from ops.alert_notifications x
  where x.id = p_id and x.status = 'sending' and x.claimed_by = p_consumer for update;
  if not found then
    return 'ignored'; -- the lease moved on: another instance owns this notification now
  end if;
  select * into rc from ops.alert_receivers r where r.name = n.receiver;
  insert into ops.alert_delivery_attempts (notification_id, generation, consumer, outcome, status_code, error, retry_after, duration_ms)
  values (n.id, n.generation, p_consumer, p_outcome, p_status_code, left(p_error, 2000), p_retry_after, p_duration_ms);
  if p_outcome = 'sent' then
    v_status := 'sent';
  elsif p_outcome = 'failed' or (p_outcome = 'retry' and n.attempts >= rc.max_attempts) then
    v_status := 'failed';
  else
    v_status := 'pending';
    v_delay := coalesce(p_retry_after,
      least(rc.backoff_max, rc.backoff_base * power(2, n.attempts - 1)) * (0.8 + random() * 0.4));
  end if;
  update ops.alert_notifications x set
    status = v_status, claimed_by = null, lease_until = null,
    attempts = case when p_outcome = 'rate_limited' then x.attempts - 1 else x.attempts end,
    next_attempt_at = case when v_status = 'pending' then now() + v_delay else x.next_attempt_at end,
    sent_at = case when v_status = 'sent' then now() end,
    last_error = case when v_status = 'sent' then null else left(p_error, 2000) end
  where x.id = n.id;
  return v_status;
end
$$;

-- When the next group flush or notification retry is due (null: nothing scheduled). With
-- p_changes_only, periodic re-checks (repeat_interval, muted alerts) do not count.
create function ops.alert_fanout_next_due(p_changes_only boolean default false)
returns timestamptz
language sql stable set search_path = '' as $$
  select least(
    (select min(g.next_flush_at) from ops.alert_groups g where g.next_flush_at is not null and (g.dirty or not p_changes_only)),
    (select min(case when n.status = 'pending' then n.next_attempt_at else n.lease_until end)
       from ops.alert_notifications n where n.status in ('pending', 'sending')))
$$;

-- Timers have no event to wake the function: the cron job posts a drain when one is due.
create function ops.alert_fanout_wake()
returns boolean
language plpgsql volatile set search_path = '' as $$
begin
  if ops.alert_fanout_next_due() <= now() then
    return ops.functions_post('alert-fanout', '{"action": "drain"}'::jsonb) is not null;
  end if;
  return false;
end
$$;

-- Delivered notifications and their attempts are kept for p_keep.
create function ops.alert_fanout_purge(p_keep interval default '30 days')
returns bigint
language sql volatile set search_path = '' as $$
  with gone as (
    delete from ops.alert_notifications n
    where n.status in ('sent', 'failed', 'superseded') and coalesce(n.sent_at, n.created_at) < now() - p_keep
    returning 1
  ), states as (
    delete from ops.alert_states s
    where s.status = 'resolved' and s.updated_at < now() - p_keep
      and not exists (select from ops.alert_group_alerts ga where ga.fingerprint = s.fingerprint)
    returning 1
  )
  select (select count(*) from gone) + (select count(*) from states)
$$;

revoke execute on function
  ops.alert_inhibited(text, jsonb),
  ops.alert_ingest_event(bigint, jsonb),
  ops.alert_fanout_ingest(text, integer),
  ops.alert_fanout_flush(integer),
  ops.alert_notifications_claim(text, integer, interval),
  ops.alert_notification_record(bigint, text, text, integer, text, interval, numeric),
  ops.alert_fanout_next_due(boolean),
  ops.alert_fanout_wake(),
  ops.alert_fanout_purge(interval)
from public, anon, authenticated;
grant execute on function
  ops.alert_inhibited(text, jsonb),
  ops.alert_ingest_event(bigint, jsonb),
  ops.alert_fanout_ingest(text, integer),
  ops.alert_fanout_flush(integer),
  ops.alert_notifications_claim(text, integer, interval),
  ops.alert_notification_record(bigint, text, text, integer, text, interval, numeric),
  ops.alert_fanout_next_due(boolean),
  ops.alert_fanout_wake(),
  ops.alert_fanout_purge(interval)
to service_role;

-- The generic delivery path (20261124190200_cache_delivery): outbox inserts on topic 'alert'
-- wake alert-fanout; the catch-up job covers lost wake-ups; this job covers timers.
insert into ops.outbox_subscriptions (topic, function_name) values ('alert', 'alert-fanout');
select cron.schedule('opsbase-alert-fanout-tick', '* * * * *', 'select ops.alert_fanout_wake()');
select cron.schedule('opsbase-alert-fanout-purge', '41 3 * * *', 'select ops.alert_fanout_purge()');
