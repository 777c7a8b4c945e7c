-- ops.apply_app_retention: expiry of snapshots, checkpoints and working memories, importance
-- decay by elapsed time, idle sessions ended, per-run batch bound, and the cron schedule.
begin;
select plan(10);

select tests.create_user('alice');
insert into public.agents (id, user_id, name) values ('00000000-0000-4000-8000-00000000a001', tests.get_user_id('alice'), 'a');
insert into public.conversation_sessions (id, user_id, conversation_id, last_activity_at, started_at) values
  ('00000000-0000-4000-8000-00000000c001', tests.get_user_id('alice'), gen_random_uuid(), now() - interval '3 days', now() - interval '3 days'),
  ('00000000-0000-4000-8000-00000000c002', tests.get_user_id('alice'), gen_random_uuid(), now() - interval '1 hour', now() - interval '2 hours');
insert into public.context_snapshots (user_id, session_id, snapshot, expires_at)
select tests.get_user_id('alice'), '00000000-0000-4000-8000-00000000c002', jsonb_build_object('n', g), now() + (g - 4) * interval '1 hour'
from generate_series(1, 5) g;  -- 3 expired, 2 not
insert into public.state_checkpoints (user_id, agent_id, checkpoint_type, states, created_at) values
  (tests.get_user_id('alice'), '00000000-0000-4000-8000-00000000a001', 'automatic', '{}', now() - interval '8 days'),
  (tests.get_user_id('alice'), '00000000-0000-4000-8000-00000000a001', 'automatic', '{}', now() - interval '6 days'),
  (tests.get_user_id('alice'), '00000000-0000-4000-8000-00000000a001', 'manual', '{}', now() - interval '400 days');
insert into public.agent_memories (id, user_id, agent_id, memory_type, content, importance, decay_rate, last_decayed_at, expires_at) values
  ('00000000-0000-4000-8000-0000000d0001', tests.get_user_id('alice'), '00000000-0000-4000-8000-00000000a001', 'working', 'scratch', 0.5, 0, now(), now() - interval '1 minute'),
  ('00000000-0000-4000-8000-0000000d0002', tests.get_user_id('alice'), '00000000-0000-4000-8000-00000000a001', 'semantic', 'fading', 0.8, 0.1, now() - interval '10 days', null),
  ('00000000-0000-4000-8000-0000000d0003', tests.get_user_id('alice'), '00000000-0000-4000-8000-00000000a001', 'semantic', 'pinned', 0.8, 0, now() - interval '10 days', null),
  ('00000000-0000-4000-8000-0000000d0004', tests.get_user_id('alice'), '00000000-0000-4000-8000-00000000a001', 'semantic', 'fresh', 0.8, 0.1, now() - interval '2 hours', null);

select results_eq($$select step, affected from ops.apply_app_retention(p_batch_size => 2)$$,
  $$values ('context_snapshots_expired'::text, 2::bigint), ('state_checkpoints_expired', 1), ('agent_memories_expired', 1),
           ('agent_memories_decayed', 1), ('conversation_sessions_ended', 1)$$,
  'one run: each step bounded by the batch size');
select is((select count(*)::int from public.context_snapshots where expires_at < now()), 1, 'the rest of the backlog waits for the next run');
select results_eq($$select step, affected from ops.apply_app_retention() where step = 'context_snapshots_expired'$$,
                  $$values ('context_snapshots_expired'::text, 1::bigint)$$, 'the next run drains it');
select is((select count(*)::int from public.context_snapshots), 2, 'unexpired snapshots stay');
select is((select array_agg(checkpoint_type order by created_at) from public.state_checkpoints), array['manual', 'automatic'],
          'an automatic checkpoint past 7 days is deleted; manual ones and recent ones stay');
select is((select array_agg(content order by content) from public.agent_memories), array['fading', 'fresh', 'pinned'], 'expired working memory is deleted');
select is((select round(importance::numeric, 4) from public.agent_memories where content = 'fading'), round(0.8 * exp(-1.0), 4),
          'decay uses the elapsed time: 0.8 x exp(-0.1 x 10 days)');
select is((select importance from public.agent_memories where content in ('pinned', 'fresh') group by importance), 0.8::real,
          'decay_rate 0 pins a memory; memories decayed within the day wait');
select results_eq($$select id, status, ended_at = last_activity_at from public.conversation_sessions order by id$$,
  $$values ('00000000-0000-4000-8000-00000000c001'::uuid, 'ended'::text, true), ('00000000-0000-4000-8000-00000000c002', 'active', null)$$,
  'a session idle for over a day is ended at its last activity; an active one is untouched');

select results_eq($$select schedule, command from cron.job where jobname = 'opsbase-app-retention'$$,
                  $$values ('*/15 * * * *'::text, 'select ops.apply_app_retention()'::text)$$, 'pg_cron runs retention every 15 minutes');

select * from finish();
rollback;
