-- Alert fan-out, part 1: where alerts go. Alertmanager's model in tables: named receivers (kind +
-- the NAMES of the function secrets holding URLs and keys, never the secrets), a routing tree of
-- label matchers with group_by and the three timers, silences with an expiry, and inhibition
-- rules. An alert's label set is its labels plus alertname (= alert_type) and severity, so one
-- matcher syntax covers all three: [{"label": "severity", "op": "=~", "value": "critical|error"}].
set lock_timeout = '5s';
set statement_timeout = '60s';

-- True when p_matchers is an array of {label, op, value} with a known op and a valid regex.
create function ops.alert_matchers_valid(p_matchers jsonb)
returns boolean
language plpgsql immutable set search_path = '' as $$
declare
  m jsonb;
begin
  if p_matchers is null or jsonb_typeof(p_matchers) <> 'array' then
    return false;
  end if;
  for m in select e from jsonb_array_elements(p_matchers) e loop
    if jsonb_typeof(m) <> 'object' or jsonb_typeof(m -> 'value') is distinct from 'string'
       or coalesce(m ->> 'label', '') !~ '^[A-Za-z_][A-Za-z0-9_]{0,62}$'
       or coalesce(m ->> 'op', '') not in ('=', '!=', '=~', '!~')
       or (select count(*) from jsonb_object_keys(m)) <> 3 then
      return false;
    end if;
    if m ->> 'op' in ('=~', '!~') then
      begin
        perform '' ~ (m ->> 'value');
      exception when invalid_regular_expression then
        return false;
      end;
    end if;
  end loop;
  return true;
end
$$;

-- Every matcher holds for the label set. A missing label reads as '' (as in Alertmanager);
-- regexes are anchored.
create function ops.alert_matches(p_labels jsonb, p_matchers jsonb)
returns boolean
language sql immutable set search_path = '' as $$
  select not exists (
    select from jsonb_array_elements(p_matchers) m
    where not coalesce(case m ->> 'op'
      when '=' then coalesce(p_labels ->> (m ->> 'label'), '') = m ->> 'value'
      when '!=' then coalesce(p_labels ->> (m ->> 'label'), '') <> m ->> 'value'
      when '=~' then coalesce(p_labels ->> (m ->> 'label'), '') ~ ('^(?:' || (m ->> 'value') || ')$')
      when '!~' then coalesce(p_labels ->> (m ->> 'label'), '') !~ ('^(?:' || (m ->> 'value') || ')$')
    end, false))
$$;

create table ops.alert_receivers (
  name text primary key check (name ~ '^[a-z][a-z0-9_-]{0,62}$'),
  kind text not null check (kind in ('slack', 'webhook', 'pagerduty', 'email')),
  -- Names of function secrets (supabase secrets set ALERT_…). The ALERT_ prefix keeps a row from
  -- pointing the function at a platform secret such as SUPABASE_SERVICE_ROLE_KEY.
  url_secret text check (url_secret ~ '^ALERT_[A-Z0-9_]{1,120}$'),
  key_secret text check (key_secret ~ '^ALERT_[A-Z0-9_]{1,120}$'),
  -- Non-secret channel options: email from/to, PagerDuty source, Slack title prefix.
  settings jsonb not null default '{}' check (jsonb_typeof(settings) = 'object'),
  send_resolved boolean not null default true,
  -- Per-receiver limit through ops.rate_limit_check; delivery retries with exponential backoff.
  -- squawk-ignore prefer-bigint-over-int
  rate_limit integer not null default 30 check (rate_limit between 1 and 100000),
  rate_period interval not null default '1 minute' check (rate_period > interval '0'),
  -- squawk-ignore prefer-bigint-over-int
  max_attempts integer not null default 10 check (max_attempts between 1 and 100),
  backoff_base interval not null default '1 second' check (backoff_base > interval '0'),
  backoff_max interval not null default '10 minutes' check (backoff_max >= backoff_base),
  created_at timestamptz not null default now(),
  -- coalesce: a NULL from a missing setting must fail the check, not pass it.
  check (coalesce(case kind
    when 'slack' then url_secret is not null
    when 'webhook' then url_secret is not null and key_secret is not null
    when 'pagerduty' then key_secret is not null
    when 'email' then key_secret is not null and settings ? 'from' and jsonb_typeof(settings -> 'to') = 'array'
  end, false))
);
comment on table ops.alert_receivers is 'Alert channels. url_secret/key_secret name function secrets (ALERT_*); secrets never live in the database.';

create table ops.alert_routes (
  id bigint generated always as identity primary key,
  name text not null unique check (name ~ '^[a-z][a-z0-9_.-]{0,62}$'),
  -- The root has no parent and matches everything; children are tried in (position, id) order.
  parent_id bigint references ops.alert_routes (id) on delete cascade,
  -- squawk-ignore prefer-bigint-over-int
  position integer not null default 0,
  matchers jsonb not null default '[]' check (ops.alert_matchers_valid(matchers)),
  -- The FK rejects a route naming an unknown receiver at insert. NULL: inherit the parent's.
  receiver text references ops.alert_receivers (name),
  -- Label names; NULL inherits; '{...}' groups by every label (one group per alert).
  group_by text[],
  group_wait interval check (group_wait >= interval '0'),
  group_interval interval check (group_interval > interval '0'),
  repeat_interval interval check (repeat_interval > interval '0'),
  -- After matching, keep trying later siblings (Alertmanager's `continue`).
  continue_matching boolean not null default false,
  created_at timestamptz not null default now(),
  check (parent_id <> id),
  check (parent_id is not null or (receiver is not null and matchers = '[]'::jsonb))
);
create unique index alert_routes_one_root_idx on ops.alert_routes ((true)) where parent_id is null;
create index alert_routes_parent_idx on ops.alert_routes (parent_id, position, id);
create index alert_routes_receiver_idx on ops.alert_routes (receiver);
comment on table ops.alert_routes is 'Alertmanager-style routing tree for ops alerts (see docs/alerts.md).';

create table ops.alert_silences (
  id bigint generated always as identity primary key,
  matchers jsonb not null check (ops.alert_matchers_valid(matchers) and jsonb_array_length(matchers) > 0),
  starts_at timestamptz not null default now(),
  ends_at timestamptz not null,
  created_by text not null default current_user,
  comment text not null default '',
  created_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index alert_silences_active_idx on ops.alert_silences (ends_at, starts_at);

-- A firing alert matching source mutes firing alerts matching target whose `equal` labels are
-- present and equal in both (stricter than Alertmanager, where two missing labels count as equal).
create table ops.alert_inhibit_rules (
  id bigint generated always as identity primary key,
  source_matchers jsonb not null check (ops.alert_matchers_valid(source_matchers)),
  target_matchers jsonb not null check (ops.alert_matchers_valid(target_matchers)),
  equal text[] not null default '{}',
  created_at timestamptz not null default now()
);
insert into ops.alert_inhibit_rules (source_matchers, target_matchers, equal) values (
  '[{"label": "severity", "op": "=", "value": "critical"}]',
  '[{"label": "severity", "op": "=", "value": "warning"}]',
  '{object}');

alter table ops.alert_receivers enable row level security;
alter table ops.alert_routes enable row level security;
alter table ops.alert_silences enable row level security;
alter table ops.alert_inhibit_rules enable row level security;
revoke all on ops.alert_receivers, ops.alert_routes, ops.alert_silences, ops.alert_inhibit_rules
  from public, anon, authenticated;
grant select, insert, update, delete on ops.alert_receivers, ops.alert_routes, ops.alert_silences,
  ops.alert_inhibit_rules to service_role;

-- Routes with their inherited settings filled in (receiver, group_by, timers), root first.
create view ops.alert_routes_effective with (security_invoker = true) as
with recursive tree as (
  select r.id, r.name, r.parent_id, r.position, r.matchers, r.continue_matching, r.receiver,
    coalesce(r.group_by, '{alertname}'::text[]) as group_by,
    coalesce(r.group_wait, interval '30 seconds') as group_wait,
    coalesce(r.group_interval, interval '5 minutes') as group_interval,
    coalesce(r.repeat_interval, interval '4 hours') as repeat_interval,
    0 as depth
  from ops.alert_routes r where r.parent_id is null
  union all
  select c.id, c.name, c.parent_id, c.position, c.matchers, c.continue_matching, coalesce(c.receiver, t.receiver),
    coalesce(c.group_by, t.group_by), coalesce(c.group_wait, t.group_wait),
    coalesce(c.group_interval, t.group_interval), coalesce(c.repeat_interval, t.repeat_interval), t.depth + 1
  from ops.alert_routes c join tree t on c.parent_id = t.id
)
select * from tree;
revoke all on ops.alert_routes_effective from public, anon, authenticated;
grant select on ops.alert_routes_effective to service_role;

-- Alertmanager's walk below one node: the deepest matching routes; a child without `continue`
-- ends the search among its siblings; a node none of whose children match is itself the match.
create function ops.alert_route_walk(p_route_id bigint, p_labels jsonb)
returns setof bigint
language plpgsql stable set search_path = '' as $$
declare
  child record;
  matched boolean := false;
begin
  for child in
    select r.id, r.matchers, r.continue_matching from ops.alert_routes r
    where r.parent_id = p_route_id order by r.position, r.id
  loop
    if ops.alert_matches(p_labels, child.matchers) then
      matched := true;
      return query select ops.alert_route_walk(child.id, p_labels);
      exit when not child.continue_matching;
    end if;
  end loop;
  if not matched then
    return next p_route_id;
  end if;
end
$$;

-- The routes (with effective settings) an alert with this label set goes to. No root: none.
create function ops.alert_routes_for(p_labels jsonb)
returns setof ops.alert_routes_effective
language sql stable set search_path = '' as $$
  select e.* from ops.alert_routes root
  cross join lateral ops.alert_route_walk(root.id, p_labels) w(id)
  join ops.alert_routes_effective e on e.id = w.id
  where root.parent_id is null
$$;

-- Is a firing alert with this label set silenced now?
create function ops.alert_silenced(p_labels jsonb)
returns boolean
language sql stable set search_path = '' as $$
  select exists (
    select from ops.alert_silences s
    where s.starts_at <= now() and s.ends_at > now() and ops.alert_matches(p_labels, s.matchers))
$$;

revoke execute on function
  ops.alert_matchers_valid(jsonb),
  ops.alert_matches(jsonb, jsonb),
  ops.alert_route_walk(bigint, jsonb),
  ops.alert_routes_for(jsonb),
  ops.alert_silenced(jsonb)
from public, anon, authenticated;
grant execute on function
  ops.alert_matchers_valid(jsonb),
  ops.alert_matches(jsonb, jsonb),
  ops.alert_route_walk(bigint, jsonb),
  ops.alert_routes_for(jsonb),
  ops.alert_silenced(jsonb)
to service_role;
