-- ops.breaker_*: thresholds over count and time windows, minimum calls, slow calls, half-open
-- trials, operator switches, history and outbox events, bad input. Concurrent record()/allow()
-- calls are in tests/coordination/breakers.test.ts.
begin;
select plan(35);

-- Count window of 10 calls, minimum 10, failure threshold 50 %.
select ops.breaker_configure('t-count', p_sliding_window_size => 10, p_minimum_number_of_calls => 10,
  p_failure_rate_threshold => 50, p_wait_duration_in_open => '200 milliseconds', p_permitted_calls_in_half_open => 3);
select is((select state from public.circuit_breaker_states where service_name = 't-count'), 'closed', 'a new breaker is closed');
select is((select array_agg(ops.breaker_record('t-count', false, 5)) from generate_series(1, 9)),
          array_fill('closed'::text, array[9]), 'nine failures stay closed: below the minimum number of calls');
select is(ops.breaker_record('t-count', true, 5), 'open', 'the tenth call fills the window: 90 % failures opens');
select is((select (call_count, failure_count, failure_rate) from public.circuit_breaker_states where service_name = 't-count'),
          (10, 9, 90.00::numeric(5,2)), 'the window counts are visible');
select ok(not ops.breaker_allow('t-count'), 'open refuses calls');
select is(ops.breaker_record('t-count', false, 5), 'open', 'records while open are ignored');
select is((select call_count from public.circuit_breaker_states where service_name = 't-count'), 10, 'and not counted');

-- Open -> half-open after the wait; exactly three trials.
select pg_sleep(0.25);
select is((select array_agg(ops.breaker_allow('t-count')) from generate_series(1, 5)), array[true, true, true, false, false],
          'after the wait, half-open admits exactly the permitted three trials');
select is((select state from public.circuit_breaker_states where service_name = 't-count'), 'half-open', 'now half-open');
select is(ops.breaker_record('t-count', true, 5), 'half-open', 'first trial succeeds');
select is(ops.breaker_record('t-count', false, 5), 'half-open', 'second trial fails');
select is(ops.breaker_record('t-count', false, 5), 'open', 'two of three trials failed (67 % >= 50 %): reopen');
select pg_sleep(0.25);
select ok(ops.breaker_allow('t-count'), 'half-open again after the wait');
select is((select array_agg(ops.breaker_record('t-count', true, 5)) from generate_series(1, 3)), array['half-open', 'half-open', 'closed'],
          'three successful trials close the breaker');
select is((select (state, call_count) from public.circuit_breaker_states where service_name = 't-count'), ('closed'::text, 0),
          'closed again with an empty window');

-- The window slides: old outcomes leave it.
select ops.breaker_configure('t-slide', p_sliding_window_size => 4, p_minimum_number_of_calls => 4, p_failure_rate_threshold => 75);
select is((select array_agg(ops.breaker_record('t-slide', s, 1) order by n)
           from unnest(array[false, false, true, true, true, false, false, true]) with ordinality u(s, n)),
          array_fill('closed'::text, array[8]), 'never 3 failures among the last 4 calls: stays closed');
select is((select (call_count, failure_count) from public.circuit_breaker_states where service_name = 't-slide'), (4, 2),
          'the window holds only the last 4 calls');
select is(ops.breaker_record('t-slide', false, 1), 'open', 'the third failure among the last four opens (75 %)');

-- Slow calls: latency at or above slow_call_duration_ms counts as slow, even when successful.
select ops.breaker_configure('t-slow', p_sliding_window_size => 5, p_minimum_number_of_calls => 5,
  p_slow_call_duration_ms => 1000, p_slow_call_rate_threshold => 60);
select is((select array_agg(ops.breaker_record('t-slow', true, l) order by n)
           from unnest(array[999, 1000, 5000, 10, 2000]::float8[]) with ordinality u(l, n)),
          array['closed', 'closed', 'closed', 'closed', 'open'], 'three slow calls of five (60 %) open the breaker');
select alike((select reason from ops.circuit_breaker_history where service_name = 't-slow'), '%slow call rate 60.00%',
            'the history says why');

-- Time window: minimum calls within the window.
select ops.breaker_configure('t-time', p_sliding_window_type => 'time', p_sliding_window_size => 60,
  p_minimum_number_of_calls => 5, p_failure_rate_threshold => 100);
select is((select array_agg(ops.breaker_record('t-time', false, 1)) from generate_series(1, 5)),
          array['closed', 'closed', 'closed', 'closed', 'open'], 'time window: five failures within 60 s open it at the minimum');

-- Operator switches.
select ops.breaker_configure('t-ops');
select is(ops.breaker_force_open('t-ops'), 'closed', 'force_open returns the previous state');
select ok(not ops.breaker_allow('t-ops'), 'forced-open refuses calls');
select pg_sleep(0.01);
select ok(not ops.breaker_allow('t-ops'), 'and never moves to half-open by itself');
select is(ops.breaker_disable('t-ops'), 'forced-open', 'disable');
select is((select array_agg(ops.breaker_record('t-ops', false, 1)) from generate_series(1, 200)) @> array['open'], false,
          'a disabled breaker never opens');
select ok(ops.breaker_allow('t-ops'), 'and always allows');
select is(ops.breaker_reset('t-ops'), 'disabled', 'reset returns to closed');

-- Every state change went to history and to the outbox, in order, per service.
select is((select array_agg(from_state || '>' || to_state order by id) from ops.circuit_breaker_history where service_name = 't-count'),
          array['closed>open', 'open>half-open', 'half-open>open', 'open>half-open', 'half-open>closed'], 'history of t-count');
select is((select array_agg(payload ->> 'from' || '>' || (payload ->> 'to') order by id) from ops.outbox
           where topic = 'breaker.state_changed' and aggregate_id = 't-count'
             and aggregate_type = 'circuit_breaker' and ordering_key = 't-count'),
          (select array_agg(from_state || '>' || to_state order by id) from ops.circuit_breaker_history where service_name = 't-count'),
          'the outbox carries the same changes, keyed by service');
select is((select count(*)::int from ops.circuit_breaker_history where service_name = 't-ops'), 3, 'each operator switch is recorded');

-- Bad input.
select throws_ok($$ select ops.breaker_allow('t-nope') $$, 'P0002', 'unknown circuit breaker ''t-nope''', 'unknown service: allow');
select throws_ok($$ select ops.breaker_record('t-nope', true, 1) $$, 'P0002', 'unknown circuit breaker ''t-nope''', 'unknown service: record');
select throws_ok($$ select ops.breaker_record('t-count', true, -1) $$, '22023', null, 'negative latency is refused');
select throws_ok($$ select ops.breaker_configure('t-bad', p_sliding_window_size => 0) $$, '22023',
                 'sliding window size must be between 1 and 1000, got 0', 'a zero window is refused');

select * from finish();
rollback;
