-- agent_memories: the embedding mode matches what is installed, dimension checks, exact
-- nearest-neighbour search (checked against an independent brute force), filters, RLS inside
-- the search function, and memory links that cannot cross users.
begin;
select plan(14);

select tests.create_user('alice');
select tests.create_user('bob');
insert into public.agents (id, user_id, name) values ('00000000-0000-4000-8000-00000000a001', tests.get_user_id('alice'), 'a');
insert into public.agents (id, user_id, name) values ('00000000-0000-4000-8000-00000000b001', tests.get_user_id('bob'), 'b');

select ok(case when exists (select from pg_extension where extname = 'vector')
               then format_type(a.atttypid, a.atttypmod) = 'extensions.vector(1536)'
               else format_type(a.atttypid, a.atttypmod) = 'real[]' end,
          'embedding is vector(1536) with pgvector, real[] without (here: ' || format_type(a.atttypid, a.atttypmod) || ')')
from pg_attribute a where a.attrelid = 'public.agent_memories'::regclass and a.attname = 'embedding';

select throws_ok($$insert into public.agent_memories (agent_id, user_id, memory_type, content, embedding) values ('00000000-0000-4000-8000-00000000a001', tests.get_user_id('alice'), 'semantic', 'x', array[1, 2, 3]::real[])$$,
                 '23514', null, 'embeddings must have 1536 dimensions');
select throws_ok($$insert into public.agent_memories (agent_id, user_id, memory_type, content, embedding) values ('00000000-0000-4000-8000-00000000a001', tests.get_user_id('alice'), 'semantic', 'x', array_fill(null::real, array[1536]))$$,
                 '23514', null, 'embeddings cannot contain nulls');
select throws_ok($$insert into public.agent_memories (agent_id, user_id, memory_type, content) values ('00000000-0000-4000-8000-00000000a001', tests.get_user_id('alice'), 'dream', 'x')$$,
                 '23514', null, 'memory_type is episodic, semantic, procedural or working');

-- 60 memories with pseudo-random embeddings (deterministic), mixed types and importance.
insert into public.agent_memories (agent_id, user_id, memory_type, content, importance, embedding)
select '00000000-0000-4000-8000-00000000a001', tests.get_user_id('alice'),
       (array['semantic', 'episodic', 'procedural', 'working'])[1 + g % 4], 'memory ' || g,
       case when g % 3 = 0 then 0.5 else 0.9 end,
       (select array_agg(sin(g * 31 + d)::real order by d) from generate_series(1, 1536) d)
from generate_series(1, 60) g;

create temp table query_vec as select (select array_agg(cos(d * 0.7)::real order by d) from generate_series(1, 1536) d) as q;

-- Brute force, written differently: subscripts instead of unnest.
create temp table expected_order as
select m.id, (select sqrt(sum(((m.embedding[i])::float8 - (qv.q[i])::float8) ^ 2)) from generate_series(1, 1536) i) as dist
from public.agent_memories m, query_vec qv
where m.memory_type in ('semantic', 'episodic') and m.importance > 0.7;

-- The impersonated roles read the fixtures too.
grant select on query_vec, expected_order to authenticated;

select tests.authenticate_as('alice');
select results_eq(
  $$select id from public.match_agent_memories('00000000-0000-4000-8000-00000000a001', (select q from query_vec), 10)$$,
  $$select id from expected_order order by dist, id limit 10$$,
  'match_agent_memories returns the exact 10 nearest, in order');
select ok((select bool_and(abs(r.distance - e.dist) < 1e-9)
           from public.match_agent_memories('00000000-0000-4000-8000-00000000a001', (select q from query_vec), 10) r join expected_order e using (id)),
          'reported distances are the L2 distances');
select is((select count(*)::int from public.match_agent_memories('00000000-0000-4000-8000-00000000a001', (select q from query_vec), 100)),
          (select count(*)::int from expected_order), 'only semantic/episodic memories above the importance floor qualify by default');
select is((select count(*)::int from public.match_agent_memories('00000000-0000-4000-8000-00000000a001', (select q from query_vec), 100, array['working'], 0)),
          15, 'types and importance floor are parameters');
select throws_ok($$select * from public.match_agent_memories('00000000-0000-4000-8000-00000000a001', array[1, 2]::real[])$$, '22023', null,
                 'a query embedding of the wrong size is an error, not an empty result');
select tests.clear_authentication();

select tests.authenticate_as('bob');
select is((select count(*)::int from public.match_agent_memories('00000000-0000-4000-8000-00000000a001', (select q from query_vec), 10, array['semantic', 'episodic', 'procedural', 'working'], 0)),
          0, 'search runs under RLS: bob finds nothing in alice''s agent');
insert into public.agent_memories (id, agent_id, user_id, memory_type, content) values ('00000000-0000-4000-8000-0000000b0001', '00000000-0000-4000-8000-00000000b001', auth.uid(), 'semantic', 'bob''s');
select throws_ok(format($$insert into public.agent_memory_links (user_id, source_memory_id, target_memory_id, relation_type) values (auth.uid(), '00000000-0000-4000-8000-0000000b0001', %L, 'related')$$,
                        (select id from expected_order limit 1)), '23503', null, 'a link cannot point at another user''s memory');
select throws_ok($$insert into public.agent_memory_links (user_id, source_memory_id, target_memory_id, relation_type) values (auth.uid(), '00000000-0000-4000-8000-0000000b0001', '00000000-0000-4000-8000-0000000b0001', 'related')$$,
                 '23514', null, 'a memory cannot link to itself');
select tests.clear_authentication();

insert into public.agent_memory_links (user_id, source_memory_id, target_memory_id, relation_type)
select tests.get_user_id('alice'), a.id, b.id, 'supports' from (select id from expected_order order by id limit 1) a, (select id from expected_order order by id desc limit 1) b;
delete from public.agent_memories where id = (select id from expected_order order by id limit 1);
select is((select count(*)::int from public.agent_memory_links), 0, 'deleting a memory deletes its links');

delete from public.agents where id = '00000000-0000-4000-8000-00000000a001';
select is((select count(*)::int from public.agent_memories where user_id = tests.get_user_id('alice')), 0, 'deleting an agent deletes its memories');

select * from finish();
rollback;
