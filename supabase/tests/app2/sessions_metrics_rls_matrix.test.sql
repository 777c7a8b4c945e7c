-- RLS matrix for websocket_sessions and metrics (and the functions that read and write them):
-- {anon, owner, member, outsider, service_role} x SELECT/INSERT/UPDATE/DELETE/EXECUTE, each
-- compared with the documented outcome (docs/data-model.md, "Realtime sessions" and "Metrics
-- time series"). Each probe runs in a subtransaction that is always rolled back, so every cell
-- starts from the same fixture. "allowed" = the statement touched (or returned) a fixture row;
-- "denied" = permission error or zero rows. Any other error fails the cell. Then: zero leaks
-- across two workspaces and four users.
begin;

select tests.create_user('alice');   -- owner of ws
select tests.create_user('mia');     -- member of ws
select tests.create_user('oscar');   -- outsider: owns ws2 only

create temp table fx (name text primary key, id uuid not null);
insert into fx values
  ('alice', tests.get_user_id('alice')), ('mia', tests.get_user_id('mia')), ('oscar', tests.get_user_id('oscar')),
  ('ws', gen_random_uuid()), ('ws2', gen_random_uuid());
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;
grant select on fx to anon, authenticated, service_role;

insert into public.workspaces (id, owner_id, name) values
  (pg_temp.fx('ws'), pg_temp.fx('alice'), 'alpha'), (pg_temp.fx('ws2'), pg_temp.fx('oscar'), 'oscar-ws');
insert into public.workspace_members (workspace_id, user_id, role) values (pg_temp.fx('ws'), pg_temp.fx('mia'), 'member');

-- Sessions: mia in ws, mia without a workspace, alice in ws, oscar in ws2.
select ops.ws_session_open(pg_temp.fx('mia'), 'mia-ws', pg_temp.fx('ws'), '198.51.100.1', 'mia browser');
select ops.ws_session_open(pg_temp.fx('mia'), 'mia-private', null, '198.51.100.2', 'mia phone');
select ops.ws_session_open(pg_temp.fx('alice'), 'alice-ws', pg_temp.fx('ws'));
select ops.ws_session_open(pg_temp.fx('oscar'), 'oscar-ws2', pg_temp.fx('ws2'));
select ops.metrics_record(jsonb_build_array(
  jsonb_build_object('workspace_id', pg_temp.fx('ws'), 'metric_name', 'latency_ms', 'value', 12.5),
  jsonb_build_object('workspace_id', pg_temp.fx('ws'), 'metric_name', 'latency_ms', 'value', 14),
  jsonb_build_object('workspace_id', pg_temp.fx('ws2'), 'metric_name', 'latency_ms', 'value', 99)));

create temp table probes (tbl text, op text, stmt text, primary key (tbl, op));
insert into probes values
  -- mia's session in ws: hers, and in alice's workspace.
  ('websocket_sessions', 'select', $$select 1 from public.websocket_sessions where connection_id = 'mia-ws'$$),
  ('websocket_sessions', 'insert', format($$insert into public.websocket_sessions (user_id, workspace_id, connection_id) values (%L, %L, 'probe')$$, pg_temp.fx('mia'), pg_temp.fx('ws'))),
  ('websocket_sessions', 'update', $$update public.websocket_sessions set last_ping_at = now() where connection_id = 'mia-ws'$$),
  ('websocket_sessions', 'delete', $$delete from public.websocket_sessions where connection_id = 'mia-ws'$$),
  -- mia's session without a workspace: hers only.
  ('websocket_sessions/no workspace', 'select', $$select 1 from public.websocket_sessions where connection_id = 'mia-private'$$),
  -- alice's (the owner's) session in ws: a member does not see co-members' sessions.
  ('websocket_sessions/owner''s', 'select', $$select 1 from public.websocket_sessions where connection_id = 'alice-ws'$$),
  ('ops.ws_session_*', 'execute', $$select ops.ws_session_ping('mia-ws')$$),
  ('ops.ws_sessions_reap', 'execute', $$select * from ops.ws_sessions_reap(interval '2 minutes')$$),
  ('metrics', 'select', format($$select 1 from public.metrics where workspace_id = %L$$, pg_temp.fx('ws'))),
  ('metrics', 'insert', format($$insert into public.metrics (time, workspace_id, metric_name, value) values (now(), %L, 'probe', 1)$$, pg_temp.fx('ws'))),
  ('metrics', 'update', format($$update public.metrics set value = value where workspace_id = %L$$, pg_temp.fx('ws'))),
  ('metrics', 'delete', format($$delete from public.metrics where workspace_id = %L$$, pg_temp.fx('ws'))),
  ('ops.metrics_record', 'execute', format($$select ops.metrics_record('[{"workspace_id": "%s", "metric_name": "probe", "value": 1}]')$$, pg_temp.fx('ws'))),
  ('get_metric_series', 'execute', format($$select * from public.get_metric_series(%L, 'latency_ms', now() - interval '1 hour', now() + interval '1 hour', interval '10 minutes') where samples > 0$$, pg_temp.fx('ws')));

-- The documented matrix (service_role: everything unless listed).
create temp table rights (tbl text, who text, ops text[], primary key (tbl, who));
insert into rights values
  ('websocket_sessions', 'alice', '{select}'), ('websocket_sessions', 'mia', '{select}'),
  ('websocket_sessions/no workspace', 'mia', '{select}'),
  ('websocket_sessions/owner''s', 'alice', '{select}'),
  ('metrics', 'alice', '{select}'), ('metrics', 'mia', '{select}'),
  ('get_metric_series', 'alice', '{execute}'), ('get_metric_series', 'mia', '{execute}');

create temp table expected as
select p.tbl, p.op, w.who, w.label,
       case
         when w.who = 'service_role' and r.ops is null then 'allowed'
         when p.op = any (coalesce(r.ops, '{}')) then 'allowed'
         else 'denied'
       end as outcome
from probes p
cross join (values ('anon', 'anon'), ('alice', 'owner'), ('mia', 'member'), ('oscar', 'outsider'), ('service_role', 'service_role')) as w(who, label)
left join rights r on r.tbl = p.tbl and r.who = w.who;

select plan((select count(*)::int from expected) + 8 + 4 + 1);

select is(tests.attempt_as(e.who, p.stmt), e.outcome, format('%s %s as %s: %s', e.tbl, e.op, e.label, e.outcome))
from expected e join probes p using (tbl, op)
order by e.tbl, e.op, e.who;

-- ---- zero leaks ------------------------------------------------------------------------------------
-- Sessions: a row is visible only to its user and to owners of its workspace. Metrics: only to
-- members of its workspace. Counted as each role, against the fixture's own bookkeeping.
create temp table membership as select workspace_id, user_id, role from public.workspace_members;
grant select on membership to anon, authenticated;
create function pg_temp.foreign_rows(who text, tbl text) returns bigint language plpgsql as $$
declare
  me uuid := case when who = 'anon' then null else tests.get_user_id(who) end;
  n bigint;
begin
  case who
    when 'anon' then perform tests.authenticate_as_anon();
    else perform tests.authenticate_as(who);
  end case;
  if tbl = 'websocket_sessions' then
    select count(*) into n from public.websocket_sessions s
    where s.user_id is distinct from me
      and (s.workspace_id is null or s.workspace_id not in (select m.workspace_id from pg_temp.membership m where m.user_id = me and m.role = 'owner'));
  else
    select count(*) into n from public.metrics t
    where t.workspace_id not in (select m.workspace_id from pg_temp.membership m where m.user_id = me);
  end if;
  perform tests.clear_authentication();
  return n;
exception when insufficient_privilege then
  perform tests.clear_authentication();
  return 0;
end
$$;
select is(pg_temp.foreign_rows(w.who, t.tbl), 0::bigint, format('%s: %s sees no row that is not theirs to see', t.tbl, w.who))
from (values ('websocket_sessions'), ('metrics')) as t(tbl)
cross join (values ('anon'), ('alice'), ('mia'), ('oscar')) as w(who)
order by t.tbl, w.who;

-- Positive visibility, so the zero-leak counts cannot pass on an empty table.
select tests.authenticate_as('alice');
select is((select string_agg(connection_id, ',' order by connection_id) from public.websocket_sessions), 'alice-ws,mia-ws', 'the owner sees the sessions in her workspace');
select is((select count(*)::int from public.metrics), 2, 'the owner sees her workspace''s two samples');
select tests.clear_authentication();
select tests.authenticate_as('mia');
select is((select string_agg(connection_id, ',' order by connection_id) from public.websocket_sessions), 'mia-private,mia-ws', 'the member sees her own sessions, with and without a workspace');
select tests.clear_authentication();
select tests.authenticate_as('oscar');
select is((select string_agg(connection_id || ':' || (select count(*) from public.metrics), ',') from public.websocket_sessions), 'oscar-ws2:1',
  'the outsider sees his own session and his workspace''s one sample');
select tests.clear_authentication();

select is_empty(
  $$select format('%s %s', r.rolname, c.relname)
    from pg_class c cross join (values ('anon'), ('authenticated')) as r(rolname)
    where c.relnamespace = 'public'::regnamespace and c.relname in ('websocket_sessions', 'metrics')
      and (has_table_privilege(r.rolname, c.oid, 'INSERT') or has_table_privilege(r.rolname, c.oid, 'UPDATE')
           or has_table_privilege(r.rolname, c.oid, 'DELETE') or has_table_privilege(r.rolname, c.oid, 'TRUNCATE')
           or has_table_privilege(r.rolname, c.oid, 'REFERENCES') or has_table_privilege(r.rolname, c.oid, 'TRIGGER'))$$,
  'anon and authenticated hold no write, TRUNCATE, REFERENCES or TRIGGER privilege on sessions or metrics');

select * from finish();
rollback;
