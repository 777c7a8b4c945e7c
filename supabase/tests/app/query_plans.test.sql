-- Plan shape (not timing) of seed 001's common queries at 100k rows per table: each uses the
-- index designed for it (index or bitmap scan: the planner's pick for a handful of rows), never a
-- sequential scan, and the newest-first queries need no sort. Both for an app user (under RLS)
-- and for service_role.
--   current state        -> idx_agent_states_one_current
--   relevant memories    -> idx_agent_memories_agent_type_importance (exact ranking over real[])
--   conversation context (public.get_conversation_context),
--   latest messages      -> idx_chat_messages_v2_user_conversation_created under RLS,
--                           idx_chat_messages_v2_conversation_created for service_role; no sort
begin;
select plan(14);

-- 20 users x 50 agents; alice is user 1 and owns agent 1 and conversation 1.
create temp table u as
select g as n, tests.create_user('planner' || g) as id from generate_series(1, 20) g;
insert into public.agents (id, user_id, name)
select md5('agent' || a)::uuid, (select id from u where n = 1 + a % 20), 'agent ' || a from generate_series(0, 999) a;
-- 1000 agents x 4 state types x 25 versions = 100k rows, only the last version current.
insert into public.agent_states (agent_id, user_id, state_type, version, state_data, is_current)
select md5('agent' || a)::uuid, (select id from u where n = 1 + a % 20), t, v, jsonb_build_object('v', v), v = 25
from generate_series(0, 999) a, unnest(array['local', 'shared', 'session', 'persistent']) t, generate_series(1, 25) v;
-- 100 memories per agent; embeddings on agent 0's only (the query path filters first).
insert into public.agent_memories (agent_id, user_id, memory_type, content, importance, embedding)
select md5('agent' || a)::uuid, (select id from u where n = 1 + a % 20),
       (array['episodic', 'semantic', 'procedural', 'working'])[1 + m % 4], 'm', (m % 10) / 10.0,
       case when a = 0 then array_fill((m % 7)::real, array[1536]) end
from generate_series(0, 999) a, generate_series(0, 99) m;
-- 100k sessions, one per conversation. Conversation 0 is long (10k messages), conversations
-- 1-900 have 100 each: a long conversation is where reading the newest 50 in index order matters.
insert into public.conversation_sessions (id, user_id, conversation_id)
select md5('session' || c)::uuid, (select id from u where n = 1 + c % 20), md5('conv' || c)::uuid from generate_series(0, 99999) c;
insert into public.chat_messages_v2 (user_id, conversation_id, session_id, role, content, created_at)
select (select id from u where n = 1 + c % 20), md5('conv' || c)::uuid, md5('session' || c)::uuid, 'user',
       jsonb_build_object('type', 'text', 'text', 'x'), timestamptz '2026-01-01' + (c * 10000 + i) * interval '1 second'
from generate_series(0, 900) c, generate_series(0, case when c = 0 then 9999 else 99 end) i;
-- Every row sampled (target 1000 = 300,000 rows), so plans do not hinge on a random sample.
set local default_statistics_target = 1000;
analyze public.agents, public.agent_states, public.agent_memories, public.conversation_sessions, public.chat_messages_v2;

select is((select count(*)::int from public.agent_states), 100000, '100k agent states');
select is((select count(*)::int from public.chat_messages_v2), 100000, '100k messages');
select is((select count(*)::int from public.agent_memories), 100000, '100k memories');
select is((select count(*)::int from public.conversation_sessions), 100000, '100k sessions');

create temp table queries (name text, q text, owner_index text, service_index text, must_not text[]);
insert into queries values
  ('current state',
   format($q$select * from public.agent_states where agent_id = %L and is_current$q$, md5('agent0')::uuid),
   'idx_agent_states_one_current', 'idx_agent_states_one_current', array['Seq Scan', 'Sort']),
  ('relevant memories',
   format($q$select m.id, m.content, (select sqrt(sum((e.a::float8 - e.b::float8) ^ 2)) from unnest(m.embedding, %L::real[]) e(a, b)) as distance
             from public.agent_memories m
             where m.agent_id = %L and m.memory_type in ('semantic', 'episodic') and m.importance > 0.7 and m.embedding is not null
             order by 3 limit 10$q$, array_fill(1::real, array[1536]), md5('agent0')::uuid),
   'idx_agent_memories_agent_type_importance', 'idx_agent_memories_agent_type_importance', array['Seq Scan']),
  -- The query of public.get_conversation_context (the seed's join, limited before joining).
  ('conversation context',
   format($q$select m.id, m.session_id, m.parent_id, m.role, m.content, m.metadata, m.version, m.created_at, s.session_state
             from (select * from public.chat_messages_v2 c where c.conversation_id = %L order by c.created_at desc limit 50) m
             left join public.conversation_sessions s on s.id = m.session_id
             order by m.created_at desc$q$, md5('conv0')::uuid),
   'Index Scan using idx_chat_messages_v2_user_conversation_created on chat_messages_v2',
   'Index Scan using idx_chat_messages_v2_conversation_created on chat_messages_v2', array['Seq Scan', 'Sort']),
  ('latest messages',
   format($q$select * from public.chat_messages_v2 where conversation_id = %L order by created_at desc limit 50$q$, md5('conv0')::uuid),
   'Index Scan using idx_chat_messages_v2_user_conversation_created on chat_messages_v2',
   'Index Scan using idx_chat_messages_v2_conversation_created on chat_messages_v2', array['Seq Scan', 'Sort']);

-- On failure the plan is printed as a diagnostic.
select ok(good, format('%s as %s uses %s, no %s', qs.name, w.who, ix, array_to_string(qs.must_not, ' or ')))
       || case when good then '' else E'\n' || diag(p) end
from queries qs cross join (values ('owner'), ('service_role')) as w(who),
     lateral (select case w.who when 'owner' then qs.owner_index else qs.service_index end as ix) i,
     lateral (select tests.explain(qs.q, case w.who when 'owner' then 'planner1' else w.who end) as p) pl,
     lateral (select strpos(p, ix) > 0 and (select bool_and(strpos(p, x) = 0) from unnest(qs.must_not) x) as good) g
order by qs.name, w.who;

-- And the functions behind two of the queries answer at this size.
select tests.authenticate_as('planner1');
select results_eq($$select created_at from public.get_conversation_context(md5('conv0')::uuid) limit 2$$,
                  $$values (timestamptz '2026-01-01' + 9999 * interval '1 second'), (timestamptz '2026-01-01' + 9998 * interval '1 second')$$,
                  'get_conversation_context returns the newest messages first');
select is((select count(*)::int from public.match_agent_memories(md5('agent0')::uuid, array_fill(1::real, array[1536]), 10)), 10,
          'match_agent_memories returns 10 of agent 0''s memories at 100k rows');
select tests.clear_authentication();

select * from finish();
rollback;
