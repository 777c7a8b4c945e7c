-- agent_states: versioning, state hash, immutability, exactly one current version per agent and
-- state type; state checkpoints and their retention defaults, restore and corruption detection.
begin;
select plan(22);

select tests.create_user('alice');
select tests.create_user('bob');
insert into public.agents (id, user_id, name) values ('00000000-0000-4000-8000-00000000a001', tests.get_user_id('alice'), 'a');
insert into public.agents (id, user_id, name) values ('00000000-0000-4000-8000-00000000b001', tests.get_user_id('bob'), 'b');

select tests.authenticate_as('alice');
select results_eq($$select version, is_current from public.save_agent_state('00000000-0000-4000-8000-00000000a001', 'local', '{"step": 1}')$$,
                  $$values (1::bigint, true)$$, 'the first save is version 1 and current');
select results_eq($$select version, is_current from public.save_agent_state('00000000-0000-4000-8000-00000000a001', 'local', '{"step": 2}', 1)$$,
                  $$values (2::bigint, true)$$, 'saving with the expected version creates version 2');
select results_eq($$select version, is_current, superseded_at is not null from public.agent_states order by version$$,
                  $$values (1::bigint, false, true), (2::bigint, true, false)$$, 'version 1 is retired with a timestamp');
select is((select state_hash from public.agent_states where version = 2), encode(sha256(convert_to('{"step": 2}'::jsonb::text, 'UTF8')), 'hex'),
          'state_hash is sha256 of the canonical jsonb text');
select throws_ok($$select public.save_agent_state('00000000-0000-4000-8000-00000000a001', 'local', '{"step": 3}', 1)$$,
                 '40001', null, 'a stale expected version is a serialization failure');
select results_eq($$select state_type, version from public.agent_states where agent_id = '00000000-0000-4000-8000-00000000a001' and is_current$$,
                  $$values ('local'::text, 2::bigint)$$, 'the current-state query returns exactly one row');

select throws_ok($$insert into public.agent_states (agent_id, user_id, state_type, version, state_data) values ('00000000-0000-4000-8000-00000000a001', auth.uid(), 'local', 3, '{}')$$,
                 '23505', null, 'a second current version is rejected');
select throws_ok($$update public.agent_states set state_data = '{"step": 99}' where version = 2$$, '23000', null, 'state rows are immutable');
select throws_ok($$update public.agent_states set is_current = true where version = 1$$, '23000', null, 'an old version cannot be made current again');
select throws_ok($$insert into public.agent_states (agent_id, user_id, state_type, version, state_data, state_hash) values ('00000000-0000-4000-8000-00000000a001', auth.uid(), 'shared', 1, '{"a": 1}', 'deadbeef')$$,
                 'XX001', null, 'a client hash that does not match the data is rejected');
select lives_ok(format($$insert into public.agent_states (agent_id, user_id, state_type, version, state_data, state_hash) values ('00000000-0000-4000-8000-00000000a001', auth.uid(), 'shared', 1, '{"a": 1}', %L)$$,
                       encode(sha256(convert_to('{"a": 1}'::jsonb::text, 'UTF8')), 'hex')), 'a matching client hash is accepted');

savepoint before_delete;
delete from public.agent_states where state_type = 'local' and is_current;
select throws_ok($$set constraints agent_states_exactly_one_current immediate$$, '23000', null,
                 'deleting only the current version leaves none current: rejected at commit');
rollback to savepoint before_delete;
delete from public.agent_states where state_type = 'shared';
select lives_ok($$set constraints agent_states_exactly_one_current immediate$$, 'deleting every version of a state type is fine');
set constraints agent_states_exactly_one_current deferred;

select throws_ok($$select public.save_agent_state('00000000-0000-4000-8000-00000000b001', 'local', '{}')$$, 'P0002', null,
                 'a user cannot save state for someone else''s agent (it is invisible)');
select throws_ok($$insert into public.agent_states (agent_id, user_id, state_type, version, state_data) values ('00000000-0000-4000-8000-00000000b001', auth.uid(), 'local', 1, '{}')$$,
                 '23503', null, 'nor file a state row under it with their own user_id');

-- Checkpoints.
select public.save_agent_state('00000000-0000-4000-8000-00000000a001', 'persistent', '{"facts": ["x"]}');
create temp table cp as select * from public.create_state_checkpoint('00000000-0000-4000-8000-00000000a001', 'automatic', 'before experiment');
select is((select states -> 'local' -> 'state_data' from cp), '{"step": 2}'::jsonb, 'a checkpoint holds each current state');
select is((select retain_until - created_at from cp), interval '7 days', 'automatic checkpoints are kept 7 days');
select is((select retain_until from public.create_state_checkpoint('00000000-0000-4000-8000-00000000a001')), null, 'manual checkpoints are kept until deleted');

select public.save_agent_state('00000000-0000-4000-8000-00000000a001', 'local', '{"step": 3}');
select results_eq($$select state_type, version, state_data from public.restore_state_checkpoint((select id from cp)) order by 1$$,
                  $$values ('local'::text, 4::bigint, '{"step": 2}'::jsonb), ('persistent'::text, 2::bigint, '{"facts": ["x"]}'::jsonb)$$,
                  'restoring saves the checkpointed states as new current versions');
select is((select count(*)::int from public.agent_states where agent_id = '00000000-0000-4000-8000-00000000a001' and state_type = 'local'), 4,
          'restore keeps the history');
select throws_ok($$update public.state_checkpoints set label = 'x'$$, '42501', null, 'users cannot edit checkpoints');
select tests.clear_authentication();

update public.state_checkpoints set states = jsonb_set(states, '{local,state_data}', '{"step": 666}') where id = (select id from cp);
select tests.authenticate_as('alice');
select throws_ok($$select * from public.restore_state_checkpoint((select id from cp))$$, 'XX001', null, 'a tampered checkpoint is refused');
select tests.clear_authentication();

select * from finish();
rollback;
