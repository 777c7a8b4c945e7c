-- ops.rate_limit_check: exact admission, weighted costs, the returned fields, bad input.
-- The arithmetic itself is pinned by functions/_shared/rate-limit-conformance.json (run by
-- functions/_shared/rate-limit.test.ts against ops.rate_limit_gcra and the Redis script), and
-- 32 concurrent clients by tests/coordination/rate_limits.test.ts.
begin;
select plan(17);

-- A day-long period: refill within this transaction is one unit per 2.4 h, i.e. none.
create temp table r on commit drop as
select n, (ops.rate_limit_check('t:burst', 10, '1 day')).* from generate_series(1, 15) n;
select is((select count(*)::int from r where allowed), 10, 'exactly limit requests are admitted from a full bucket');
select is((select array_agg(n order by n) from r where allowed), array[1,2,3,4,5,6,7,8,9,10], 'the first ten, in order');
select is((select array_agg(remaining order by n) from r where allowed), array[9,8,7,6,5,4,3,2,1,0], 'remaining counts down');
select ok((select bool_and(retry_after_ms = 0) from r where allowed), 'an admitted request has no retry_after');
select ok((select bool_and(retry_after_ms between 8639000 and 8640000 and remaining = 0) from r where not allowed),
          'a denied request is told to come back after one emission interval (8,640 s)');
select ok((select bool_and(reset_after_ms between 86399000 and 86400000) from r where n >= 10),
          'reset_after is the time until the bucket is full again (a day)');
select is((select count(*)::int from ops.rate_limits where rate_key = 't:burst'), 1, 'one row of state per key, however many requests');

-- Weighted costs.
select is((select (allowed, remaining) from ops.rate_limit_check('t:w', 10, '1 day', 7)), (true, 3), 'cost 7 of 10');
select is((select (allowed, remaining) from ops.rate_limit_check('t:w', 10, '1 day', 4)), (false, 3), 'cost 4 with 3 left is denied and consumes nothing');
select is((select (allowed, remaining) from ops.rate_limit_check('t:w', 10, '1 day', 3)), (true, 0), 'cost 3 with 3 left is admitted');
select is((select (allowed, remaining) from ops.rate_limit_check('t:w', 10, '1 day', 0)), (true, 0), 'cost 0 only reads');

-- Refill on the server clock.
select is((select count(*)::int from (select (ops.rate_limit_check('t:fast', 2, '1 second')).* from generate_series(1, 3)) c
           where c.allowed), 2,
          '2 per second: two of three admitted');
select pg_sleep(0.6);
select ok((select allowed from ops.rate_limit_check('t:fast', 2, '1 second')), 'one unit has refilled after 600 ms (one per 500 ms)');

select ok(ops.rate_limit_reset('t:w') and (select allowed from ops.rate_limit_check('t:w', 10, '1 day', 10)), 'reset gives a key a full bucket');

-- Bad input.
select throws_ok($$ select ops.rate_limit_check(null, 10, '1 second') $$, '22023', null, 'NULL key is refused');
select throws_ok($$ select ops.rate_limit_check('k', 0, '1 second') $$, '22023', 'rate limit must be a positive integer, got 0', 'limit 0 is refused');
select throws_ok($$ select ops.rate_limit_check('k', 10, '-1 second') $$, '22023', 'rate limit period must be positive, got -00:00:01', 'a negative period is refused');

select * from finish();
rollback;
