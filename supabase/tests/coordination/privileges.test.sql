-- Who may do what: only service_role takes or releases locks, checks limits or coalesces; the
-- status page (anon, authenticated) reads breaker status but cannot write it or see internals.
begin;
select plan(20);

select ops.breaker_configure('t-priv');
select tests.create_user('mallory');

-- authenticated
select tests.authenticate_as('mallory');
select throws_ok($$ select ops.lock_acquire('t:p', 'mallory', '1 minute') $$, '42501', null, 'authenticated cannot acquire a lock');
select throws_ok($$ select ops.lock_release('t:p', 'mallory', 1) $$, '42501', null, 'authenticated cannot release a lock');
select throws_ok($$ select ops.lock_xact_try('t:p') $$, '42501', null, 'authenticated cannot take the advisory fast path');
select throws_ok($$ select * from ops.distributed_locks $$, '42501', null, 'authenticated cannot read locks');
select throws_ok($$ select * from ops.rate_limit_check('t:p', 1, '1 minute') $$, '42501', null, 'authenticated cannot check rate limits');
select throws_ok($$ select ops.breaker_record('t-priv', false, 1) $$, '42501', null, 'authenticated cannot record breaker outcomes');
select is((select state from public.circuit_breaker_status where service_name = 't-priv'), 'closed', 'authenticated reads breaker status');

-- anon
select tests.authenticate_as_anon();
select throws_ok($$ select ops.lock_acquire('t:p', 'anon', '1 minute') $$, '42501', null, 'anon cannot acquire a lock');
select throws_ok($$ select ops.lock_release('t:p', 'anon', 1) $$, '42501', null, 'anon cannot release a lock');
select throws_ok($$ select * from ops.coalesce_claim('op', 'h') $$, '42501', null, 'anon cannot coalesce');
select is((select state from public.circuit_breaker_status where service_name = 't-priv'), 'closed', 'anon reads the status view');
select is((select failure_rate from public.circuit_breaker_states where service_name = 't-priv'), null::numeric,
          'anon reads the status columns of the table');
select throws_ok($$ select metadata from public.circuit_breaker_states $$, '42501', null, 'but not metadata');
select throws_ok($$ select win_calls from public.circuit_breaker_states $$, '42501', null, 'nor the window internals');
select throws_ok($$ update public.circuit_breaker_states set state = 'open' where service_name = 't-priv' $$, '42501', null,
                 'anon cannot update breaker state');
select throws_ok($$ insert into public.circuit_breaker_states (service_name) values ('t-anon') $$, '42501', null,
                 'anon cannot insert a breaker');
select throws_ok($$ delete from public.circuit_breaker_states $$, '42501', null, 'anon cannot delete breakers');
select throws_ok($$ select ops.breaker_force_open('t-priv') $$, '42501', null, 'anon cannot force a breaker open');

-- service_role
select tests.authenticate_as_service_role();
select ok((select ops.lock_release('t:p', 'svc', ops.lock_acquire('t:p', 'svc', '1 minute'))), 'service_role takes and releases a lock');
select tests.clear_authentication();
select is((select state from public.circuit_breaker_states where service_name = 't-priv'), 'closed', 'nobody''s attempts changed the breaker');

select * from finish();
rollback;
