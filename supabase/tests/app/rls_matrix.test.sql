-- RLS matrix for the app model: every table (and view) x SELECT/INSERT/UPDATE/DELETE x
-- {anon, owner, other user, service_role}, each compared with the documented outcome
-- (docs/data-model.md, "Access matrix"). Each probe runs in a subtransaction that is always
-- rolled back, so every cell starts from the same fixture. "allowed" = the statement touched the
-- fixture row; "denied" = permission error or zero rows. Any other error fails the cell.
-- Then: zero leaks (nobody sees a row that is not theirs) and no API role holds TRUNCATE.
begin;

-- ---- fixture: alice owns one row in every table; bob owns an agent; dave has no profile -----
select tests.create_user('alice');
select tests.create_user('bob');
alter table auth.users disable trigger on_auth_user_created_create_profile;
select tests.create_user('dave');
alter table auth.users enable trigger on_auth_user_created_create_profile;

create temp table fx (name text primary key, id text not null);
insert into fx values
  ('alice', tests.get_user_id('alice')), ('bob', tests.get_user_id('bob')), ('dave', tests.get_user_id('dave')),
  ('agent', gen_random_uuid()), ('bob_agent', gen_random_uuid()), ('session', gen_random_uuid()),
  ('conversation', gen_random_uuid()), ('document', gen_random_uuid()), ('usage', gen_random_uuid()),
  ('memory', gen_random_uuid()), ('memory2', gen_random_uuid()), ('state', gen_random_uuid()),
  ('message', gen_random_uuid()), ('snapshot', gen_random_uuid()), ('checkpoint', gen_random_uuid());
create function pg_temp.fx(n text) returns text language sql stable as $$ select id from fx where name = n $$;

insert into public.documents (id, user_id, title, content) values (pg_temp.fx('document')::uuid, pg_temp.fx('alice')::uuid, 'doc', 'body');
insert into public.ai_usage_tracking (id, user_id, model, cost_usd) values (pg_temp.fx('usage')::uuid, pg_temp.fx('alice')::uuid, 'gpt-4o-mini', 0.01);
insert into public.agents (id, user_id, name) values (pg_temp.fx('agent')::uuid, pg_temp.fx('alice')::uuid, 'alice-agent');
insert into public.agents (id, user_id, name) values (pg_temp.fx('bob_agent')::uuid, pg_temp.fx('bob')::uuid, 'bob-agent');
insert into public.agent_memories (id, agent_id, user_id, memory_type, content) values
  (pg_temp.fx('memory')::uuid, pg_temp.fx('agent')::uuid, pg_temp.fx('alice')::uuid, 'semantic', 'm1'),
  (pg_temp.fx('memory2')::uuid, pg_temp.fx('agent')::uuid, pg_temp.fx('alice')::uuid, 'episodic', 'm2');
insert into public.agent_memory_links (user_id, source_memory_id, target_memory_id, relation_type)
  values (pg_temp.fx('alice')::uuid, pg_temp.fx('memory')::uuid, pg_temp.fx('memory2')::uuid, 'related');
insert into public.agent_states (id, agent_id, user_id, state_type, version, state_data)
  values (pg_temp.fx('state')::uuid, pg_temp.fx('agent')::uuid, pg_temp.fx('alice')::uuid, 'local', 1, '{"k": 1}');
insert into public.conversation_sessions (id, user_id, agent_id, conversation_id)
  values (pg_temp.fx('session')::uuid, pg_temp.fx('alice')::uuid, pg_temp.fx('agent')::uuid, pg_temp.fx('conversation')::uuid);
insert into public.chat_messages_v2 (id, user_id, conversation_id, session_id, role, content)
  values (pg_temp.fx('message')::uuid, pg_temp.fx('alice')::uuid, pg_temp.fx('conversation')::uuid, pg_temp.fx('session')::uuid, 'user', '{"type": "text", "text": "hi"}');
insert into public.context_snapshots (id, user_id, session_id, snapshot)
  values (pg_temp.fx('snapshot')::uuid, pg_temp.fx('alice')::uuid, pg_temp.fx('session')::uuid, '{"messages": []}');
insert into public.state_checkpoints (id, user_id, agent_id, states)
  values (pg_temp.fx('checkpoint')::uuid, pg_temp.fx('alice')::uuid, pg_temp.fx('agent')::uuid, '{}');
with l as (
  insert into public.chat_messages (user_id, conversation_id, role, content)
  values (pg_temp.fx('alice')::uuid, pg_temp.fx('conversation')::uuid, 'user', 'legacy hi') returning id)
insert into fx select 'legacy', l.id::text from l;

-- ---- probes: one statement per table and operation, aimed at alice's fixture row ----------------
create temp table probes (tbl text, op text, stmt text, primary key (tbl, op));
create function pg_temp.add_probes(tbl text, key_cond text, set_clause text, insert_stmt text) returns void
language sql as $$
  insert into probes values
    (tbl, 'select', format('select 1 from public.%s where %s', tbl, key_cond)),
    (tbl, 'insert', insert_stmt),
    (tbl, 'update', format('update public.%s set %s where %s', tbl, set_clause, key_cond)),
    (tbl, 'delete', format('delete from public.%s where %s', tbl, key_cond));
$$;
select pg_temp.add_probes('user_profiles', format('id = %L', pg_temp.fx('alice')), 'display_name = display_name',
  format('insert into public.user_profiles (id) values (%L)', pg_temp.fx('dave')));
select pg_temp.add_probes('documents', format('id = %L', pg_temp.fx('document')), 'title = title',
  format('insert into public.documents (user_id, title) values (%L, %L)', pg_temp.fx('alice'), 'probe'));
select pg_temp.add_probes('ai_usage_tracking', format('id = %L', pg_temp.fx('usage')), 'model = model',
  format('insert into public.ai_usage_tracking (user_id, model) values (%L, %L)', pg_temp.fx('alice'), 'probe-model'));
select pg_temp.add_probes('agents', format('id = %L', pg_temp.fx('agent')), 'name = name',
  format('insert into public.agents (user_id, name) values (%L, %L)', pg_temp.fx('alice'), 'probe-agent'));
select pg_temp.add_probes('agent_memories', format('id = %L', pg_temp.fx('memory')), 'importance = importance',
  format('insert into public.agent_memories (user_id, agent_id, memory_type, content) values (%L, %L, %L, %L)',
         pg_temp.fx('alice'), pg_temp.fx('agent'), 'semantic', 'probe'));
select pg_temp.add_probes('agent_memory_links',
  format('user_id = %L and source_memory_id = %L and target_memory_id = %L', pg_temp.fx('alice'), pg_temp.fx('memory'), pg_temp.fx('memory2')),
  'strength = strength',
  format('insert into public.agent_memory_links (user_id, source_memory_id, target_memory_id, relation_type) values (%L, %L, %L, %L)',
         pg_temp.fx('alice'), pg_temp.fx('memory'), pg_temp.fx('memory2'), 'supports'));
select pg_temp.add_probes('agent_states', format('id = %L', pg_temp.fx('state')), 'is_current = is_current',
  format('insert into public.agent_states (user_id, agent_id, state_type, version, state_data) values (%L, %L, %L, 1, %L)',
         pg_temp.fx('alice'), pg_temp.fx('agent'), 'persistent', '{}'));
select pg_temp.add_probes('conversation_sessions', format('id = %L', pg_temp.fx('session')), 'status = status',
  format('insert into public.conversation_sessions (user_id, agent_id) values (%L, %L)', pg_temp.fx('alice'), pg_temp.fx('agent')));
select pg_temp.add_probes('chat_messages_v2', format('id = %L', pg_temp.fx('message')), 'metadata = metadata',
  format('insert into public.chat_messages_v2 (user_id, conversation_id, session_id, role, content) values (%L, %L, %L, %L, %L)',
         pg_temp.fx('alice'), pg_temp.fx('conversation'), pg_temp.fx('session'), 'user', '{"type": "text", "text": "probe"}'));
select pg_temp.add_probes('context_snapshots', format('id = %L', pg_temp.fx('snapshot')), 'token_count = token_count',
  format('insert into public.context_snapshots (user_id, session_id, snapshot) values (%L, %L, %L)',
         pg_temp.fx('alice'), pg_temp.fx('session'), '{}'));
select pg_temp.add_probes('state_checkpoints', format('id = %L', pg_temp.fx('checkpoint')), 'label = label',
  format('insert into public.state_checkpoints (user_id, agent_id, states) values (%L, %L, %L)',
         pg_temp.fx('alice'), pg_temp.fx('agent'), '{}'));
select pg_temp.add_probes('chat_messages', format('id = %s', pg_temp.fx('legacy')), 'content = content',
  format('insert into public.chat_messages (user_id, conversation_id, role, content) values (%L, %L, %L, %L)',
         pg_temp.fx('alice'), pg_temp.fx('conversation'), 'user', 'probe'));
-- Views are read-only aggregates: SELECT only.
insert into probes values
  ('v_active_rate_limits', 'select', format('select 1 from public.v_active_rate_limits where user_id = %L', pg_temp.fx('alice'))),
  ('v_cache_effectiveness', 'select', 'select 1 from public.v_cache_effectiveness where cache_misses > 0');

-- ---- the documented matrix: what the owner may do; anon and other users nothing; service_role all
create temp table owner_rights (tbl text primary key, ops text[] not null);
insert into owner_rights values
  ('user_profiles', '{select,update}'),          -- created by the signup trigger; deleted with the auth user
  ('documents', '{select,insert,update,delete}'),
  ('ai_usage_tracking', '{select}'),            -- billing data: written by the backend only
  ('agents', '{select,insert,update,delete}'),
  ('agent_memories', '{select,insert,update,delete}'),
  ('agent_memory_links', '{select,insert,update,delete}'),
  ('agent_states', '{select,insert,update,delete}'),
  ('conversation_sessions', '{select,insert,update,delete}'),
  ('chat_messages_v2', '{select,insert,update,delete}'),
  ('context_snapshots', '{select,insert,delete}'), -- immutable
  ('state_checkpoints', '{select,insert,delete}'), -- immutable
  ('chat_messages', '{select,insert}'),          -- legacy: append-only during dual-write
  ('v_active_rate_limits', '{select}'),
  ('v_cache_effectiveness', '{select}');

create temp table expected as
select p.tbl, p.op, w.who, w.label,
       case
         when w.who = 'service_role' then 'allowed'
         when w.who = 'alice' and p.op = any (o.ops) then 'allowed'
         else 'denied'
       end as outcome
from probes p
join owner_rights o using (tbl)
cross join (values ('anon', 'anon'), ('alice', 'owner'), ('bob', 'other user'), ('service_role', 'service_role')) as w(who, label);

select plan((select count(*)::int from expected) + 3 * ((select count(*)::int from owner_rights) - 1) + 4);

select is(tests.attempt_as(e.who, p.stmt), e.outcome, format('%s %s as %s: %s', e.tbl, e.op, e.label, e.outcome))
from expected e join probes p using (tbl, op)
order by e.tbl, e.op, e.who;

-- ---- zero leaks: count every row a role can see that is not its own --------------------------
create function pg_temp.foreign_rows(who text, tbl text) returns bigint language plpgsql as $$
declare
  owner_col text := case tbl when 'user_profiles' then 'id' else 'user_id' end;
  me uuid := case when who in ('alice', 'bob') then tests.get_user_id(who) end;
  n bigint;
begin
  case who
    when 'anon' then perform tests.authenticate_as_anon();
    else perform tests.authenticate_as(who);
  end case;
  execute format('select count(*) from public.%I where %I is distinct from $1', tbl, owner_col) into n using me;
  perform tests.clear_authentication();
  return n;
exception when insufficient_privilege then
  -- Subtransaction rolled back: the role switch is undone too.
  return 0;
end
$$;
-- The view v_cache_effectiveness has no owner column; check it through its base table instead.
select is(pg_temp.foreign_rows(w.who, o.tbl), 0::bigint, format('%s: %s sees no row of anyone else', o.tbl, w.who))
from owner_rights o cross join (values ('anon'), ('alice'), ('bob')) as w(who)
where o.tbl <> 'v_cache_effectiveness'
order by o.tbl, w.who;

select is((select count(*)::int from public.v_cache_effectiveness), 1, 'v_cache_effectiveness: postgres sees alice''s hour');
select tests.authenticate_as('bob');
select is((select count(*)::int from public.v_cache_effectiveness), 0, 'v_cache_effectiveness: bob sees nothing of alice''s usage');
select tests.clear_authentication();
select tests.authenticate_as('alice');
select is((select count(*)::int from public.v_cache_effectiveness), 1, 'v_cache_effectiveness: alice sees her own hour');
select tests.clear_authentication();

-- TRUNCATE bypasses RLS, and Supabase's default privileges grant it to anon and authenticated.
select is_empty(
  $$select format('%s %s', r.rolname, c.relname)
    from pg_class c cross join (values ('anon'), ('authenticated')) as r(rolname)
    where c.relnamespace = 'public'::regnamespace
      and c.relname in (select tbl from owner_rights)
      and (has_table_privilege(r.rolname, c.oid, 'TRUNCATE') or has_table_privilege(r.rolname, c.oid, 'REFERENCES')
           or has_table_privilege(r.rolname, c.oid, 'TRIGGER'))$$,
  'anon and authenticated hold no TRUNCATE, REFERENCES or TRIGGER on app tables');

select * from finish();
rollback;
