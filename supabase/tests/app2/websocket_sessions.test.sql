-- websocket_sessions: schema (the seed 003 defects are gone), the realtime server's functions
-- (open, ping, close), the reaper (timeouts, retention, batches), its pg_cron schedule, RLS and
-- privileges, and the partial indexes the reaper and "active sessions" queries use.
begin;
select plan(49);

select tests.create_user('alice');   -- owns ws
select tests.create_user('mia');     -- member of ws
select tests.create_user('oscar');   -- outsider
create temp table fx (name text primary key, id uuid not null);
insert into fx values ('alice', tests.get_user_id('alice')), ('mia', tests.get_user_id('mia')), ('oscar', tests.get_user_id('oscar')),
  ('ws', gen_random_uuid());
grant select on fx to authenticated, service_role;
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;
insert into public.workspaces (id, owner_id, name) values (pg_temp.fx('ws'), pg_temp.fx('alice'), 'alpha');
insert into public.workspace_members (workspace_id, user_id) values (pg_temp.fx('ws'), pg_temp.fx('mia'));

-- ---- schema ---------------------------------------------------------------------------------------
select is((select attgenerated::text from pg_attribute where attrelid = 'public.websocket_sessions'::regclass and attname = 'is_active'), 's',
  'is_active is a stored generated column, not a second copy of the state');
select is((select pg_get_expr(adbin, adrelid) from pg_attrdef d join pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum
           where d.adrelid = 'public.websocket_sessions'::regclass and a.attname = 'is_active'), '(disconnected_at IS NULL)',
  'is_active is derived from disconnected_at');
select is((select array_agg(a.attname::text order by a.attname) from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
           where c.conrelid = 'public.websocket_sessions'::regclass and c.contype = 'u'), '{connection_id}', 'connection_id is unique');
select is((select confdeltype::text || ':' || confrelid::regclass::text from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
           where c.conrelid = 'public.websocket_sessions'::regclass and c.contype = 'f' and a.attname = 'user_id'), 'c:user_profiles',
  'user_id references user_profiles, on delete cascade');
select is((select confdeltype::text || ':' || confrelid::regclass::text || ':' || (select attnotnull from pg_attribute where attrelid = c.conrelid and attname = 'workspace_id')::text
           from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
           where c.conrelid = 'public.websocket_sessions'::regclass and c.contype = 'f' and a.attname = 'workspace_id'), 'c:workspaces:false',
  'workspace_id is optional and references workspaces, on delete cascade');
select is((select array_agg(indexrelid::regclass::text || ' where ' || pg_get_expr(indpred, indrelid) order by indexrelid::regclass::text) from pg_index
           where indrelid = 'public.websocket_sessions'::regclass and indpred is not null),
  '{"idx_websocket_sessions_closed where (disconnected_at IS NOT NULL)","idx_websocket_sessions_stale where (disconnected_at IS NULL)","idx_websocket_sessions_user_active where (disconnected_at IS NULL)"}',
  'partial indexes: active sessions per user, stale open sessions, closed sessions');
select tests.rls_enabled('public', 'websocket_sessions');

-- ---- open / ping / close (as the realtime server: service_role) ------------------------------
select tests.authenticate_as_service_role();
create temp table s1 as select ops.ws_session_open(pg_temp.fx('mia'), 'conn-1', pg_temp.fx('ws'), '203.0.113.7', 'Mozilla/5.0') as id;
select ok((select id is not null from s1), 'ws_session_open returns the session id');
select is((select row(user_id, workspace_id, ip_address, user_agent, is_active, disconnected_at, disconnect_reason)::text
           from public.websocket_sessions where id = (select id from s1)),
  row(pg_temp.fx('mia'), pg_temp.fx('ws'), '203.0.113.7'::inet, 'Mozilla/5.0', true, null::timestamptz, null::text)::text, 'the session row is open, with its client details');
select is(ops.ws_session_open(pg_temp.fx('mia'), 'conn-1', pg_temp.fx('ws'), '203.0.113.7', 'Mozilla/5.0'), (select id from s1),
  'a retried open with the same connection, user and workspace returns the same session');
select throws_ok(format($$select ops.ws_session_open(%L, 'conn-1')$$, pg_temp.fx('oscar')), '23505', null,
  'another user cannot take over a connection id');
select throws_ok(format($$select ops.ws_session_open(%L, 'conn-x', %L)$$, pg_temp.fx('oscar'), pg_temp.fx('ws')), '42501',
  format('ops.ws_session_open: user %s is not a member of workspace %s', pg_temp.fx('oscar'), pg_temp.fx('ws')),
  'a session in a workspace needs a membership');
select throws_ok($$select ops.ws_session_open(gen_random_uuid(), 'conn-y')$$, '23503', null, 'an unknown user is refused');
select throws_ok(format($$select ops.ws_session_open(%L, '')$$, pg_temp.fx('oscar')), '22023', null, 'an empty connection id is refused');
select lives_ok(format($$select ops.ws_session_open(%L, 'conn-2')$$, pg_temp.fx('alice')), 'a session without a workspace');
select lives_ok(format($$select ops.ws_session_open(%L, 'conn-3', %L)$$, pg_temp.fx('alice'), pg_temp.fx('ws')), 'the owner opens a session in ws');
select lives_ok(format($$select ops.ws_session_open(%L, 'conn-4')$$, pg_temp.fx('oscar')), 'oscar opens a session');

update public.websocket_sessions set last_ping_at = now() - interval '1 minute' where connection_id = 'conn-1';
select ok(ops.ws_session_ping('conn-1'), 'ping of an open session returns true');
select is((select last_ping_at from public.websocket_sessions where connection_id = 'conn-1'), now(), 'and moves last_ping_at');
select ok(not ops.ws_session_ping('no-such-connection'), 'ping of an unknown connection returns false');
select ok(ops.ws_session_close('conn-2', 'client_closed'), 'close returns true');
select is((select is_active::text || ':' || disconnect_reason || ':' || (disconnected_at = now())::text from public.websocket_sessions where connection_id = 'conn-2'),
  'false:client_closed:true', 'a closed session is inactive, with its reason and time');
select ok(not ops.ws_session_ping('conn-2'), 'ping of a closed session returns false');
select ok(not ops.ws_session_close('conn-2', 'again'), 'closing twice returns false');
select is((select disconnect_reason from public.websocket_sessions where connection_id = 'conn-2'), 'client_closed', 'and keeps the first reason');
select throws_ok($$update public.websocket_sessions set is_active = false where connection_id = 'conn-1'$$, '428C9', null,
  'is_active cannot be written');
select throws_ok($$update public.websocket_sessions set disconnected_at = now() where connection_id = 'conn-1'$$, '23514', null,
  'a closed session needs a reason');

-- ---- the reaper -------------------------------------------------------------------------------
-- conn-3 stopped pinging 5 minutes ago; conn-1 pinged just now; conn-4 pinged 90 s ago.
update public.websocket_sessions set connected_at = now() - interval '10 minutes', last_ping_at = now() - interval '5 minutes' where connection_id = 'conn-3';
update public.websocket_sessions set connected_at = now() - interval '10 minutes', last_ping_at = now() - interval '90 seconds' where connection_id = 'conn-4';
-- Closed sessions: one past the 30-day retention, one within it.
insert into public.websocket_sessions (user_id, connection_id, connected_at, last_ping_at, disconnected_at, disconnect_reason) values
  (pg_temp.fx('oscar'), 'old-closed', now() - interval '40 days', now() - interval '31 days', now() - interval '31 days', 'client_closed'),
  (pg_temp.fx('oscar'), 'recent-closed', now() - interval '30 days', now() - interval '29 days', now() - interval '29 days', 'client_closed');
select results_eq($$select timed_out, purged from ops.ws_sessions_reap(interval '2 minutes')$$, $$values (1::bigint, 1::bigint)$$,
  'the reaper times out one stale session and purges one expired closed session');
select is((select disconnect_reason || ':' || is_active::text from public.websocket_sessions where connection_id = 'conn-3'), 'timeout:false',
  'the stale session is closed with reason timeout');
select is((select string_agg(connection_id, ',' order by connection_id) from public.websocket_sessions where is_active), 'conn-1,conn-4',
  'sessions that pinged within stale_after stay open');
select ok(not exists (select from public.websocket_sessions where connection_id = 'old-closed'), 'a session closed more than 30 days ago is deleted');
select ok(exists (select from public.websocket_sessions where connection_id = 'recent-closed'), 'a session closed 29 days ago is kept');
select ok(not ops.ws_session_ping('conn-3'), 'a reaped session answers ping with false');
-- Batches: two more stale sessions and two more expired closed ones, one of each per call.
insert into public.websocket_sessions (user_id, connection_id, connected_at, last_ping_at, disconnected_at, disconnect_reason) values
  (pg_temp.fx('oscar'), 'b1', now() - interval '1 hour', now() - interval '10 minutes', null, null),
  (pg_temp.fx('oscar'), 'b2', now() - interval '1 hour', now() - interval '11 minutes', null, null),
  (pg_temp.fx('oscar'), 'c1', now() - interval '50 days', now() - interval '40 days', now() - interval '40 days', 'client_closed'),
  (pg_temp.fx('oscar'), 'c2', now() - interval '50 days', now() - interval '41 days', now() - interval '41 days', 'client_closed');
select results_eq($$select timed_out, purged from ops.ws_sessions_reap(interval '5 minutes', interval '35 days', 1)$$, $$values (1::bigint, 1::bigint)$$,
  'with a batch size of 1, one row of each kind per call');
select is((select string_agg(connection_id, ',' order by connection_id) from public.websocket_sessions where connection_id in ('b1', 'b2', 'c1', 'c2') and is_active is not false), 'b1',
  'oldest first: b2 (last ping 11 min ago) timed out first, and c2 (closed 41 days ago) was purged first');
select results_eq($$select timed_out, purged from ops.ws_sessions_reap(interval '5 minutes', interval '35 days', 1)$$, $$values (1::bigint, 1::bigint)$$,
  'the next call continues where the last one stopped');
select results_eq($$select timed_out, purged from ops.ws_sessions_reap(interval '5 minutes', interval '35 days', 1)$$, $$values (0::bigint, 0::bigint)$$,
  'then nothing is left to do');
select throws_ok($$select * from ops.ws_sessions_reap(interval '0')$$, '22023', null, 'stale_after must be positive');
select throws_ok($$select * from ops.ws_sessions_reap(null)$$, '22023', null, 'stale_after is required');
select throws_ok($$select * from ops.ws_sessions_reap(interval '1 minute', interval '-1 day')$$, '22023', null, 'retention must be positive');
select tests.clear_authentication();

-- ---- schedule --------------------------------------------------------------------------------------
select is((select schedule || ' | ' || command from cron.job where jobname = 'ops:ws-sessions-reap'),
  $$* * * * * | select * from ops.ws_sessions_reap(interval '2 minutes', interval '30 days')$$, 'the reaper runs every minute (pg_cron)');
select ok(exists (select from ops.jobs where job_name = 'ops:ws-sessions-reap' and managed), 'it is a managed ops: job (ops.jobs, alerts)');

-- ---- RLS and privileges ------------------------------------------------------------------------
select ops.ws_session_open(pg_temp.fx('mia'), 'mia-private');
select tests.authenticate_as('mia');
select is((select string_agg(connection_id, ',' order by connection_id) from public.websocket_sessions), 'conn-1,mia-private', 'mia sees her own sessions only');
select tests.clear_authentication();
select tests.authenticate_as('alice');
select is((select string_agg(connection_id, ',' order by connection_id) from public.websocket_sessions), 'conn-1,conn-2,conn-3',
  'the owner sees her own and the sessions opened in her workspace, not mia''s private one');
select tests.clear_authentication();
select tests.authenticate_as('oscar');
select is((select count(*)::int from public.websocket_sessions where user_id <> pg_temp.fx('oscar')), 0, 'an outsider sees nobody else''s sessions');
select throws_ok($$select ops.ws_session_open((select id from fx where name = 'oscar'), 'self-made')$$, '42501', null,
  'users cannot call the ops functions');
select tests.clear_authentication();
select is_empty($$select r.rolname || ' ' || p.priv from (values ('anon'), ('authenticated')) r(rolname)
                  cross join (values ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE')) p(priv)
                  where has_table_privilege(r.rolname, 'public.websocket_sessions', p.priv)$$, 'no API role may write sessions');

-- ---- plans -----------------------------------------------------------------------------------
set local enable_seqscan = off;
-- The reaper's own query shape (oldest first, a batch): only the stale index returns rows in
-- last_ping_at order, so the choice does not hinge on near-equal costs of two partial indexes.
select matches(tests.explain($$select id from public.websocket_sessions where disconnected_at is null and last_ping_at < now() - interval '2 minutes'
                              order by last_ping_at limit 1000$$),
  'idx_websocket_sessions_stale', 'the reaper''s scan can use the partial stale index');
select matches(tests.explain(format($$select id from public.websocket_sessions where user_id = %L and disconnected_at is null order by connected_at desc$$, pg_temp.fx('mia'))),
  'idx_websocket_sessions_user_active', 'active sessions of a user come from the partial index');

select * from finish();
rollback;
