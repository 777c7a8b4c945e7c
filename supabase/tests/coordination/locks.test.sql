-- ops.lock_*: lease semantics, fencing tokens, ownership rules, bad input, the advisory fast path.
-- Concurrency and killed holders are in tests/coordination/locks.test.ts.
begin;
select plan(32);

-- Grant, contention, release, re-grant with a larger token.
select isnt(ops.lock_acquire('t:a', 'w1', '10 seconds'), null, 'a free key is granted');
select is(ops.lock_acquire('t:a', 'w2', '10 seconds'), null, 'a held key is not granted to another holder');
select is(ops.lock_acquire('t:a', 'w1', '10 seconds'), null, 'nor re-granted to its own holder (not re-entrant)');
create temp table tok on commit drop as select fencing_token as t1 from ops.distributed_locks where lock_key = 't:a';
select ok(not ops.lock_release('t:a', 'w2', (select t1 from tok)), 'another holder cannot release');
select ok(not ops.lock_release('t:a', 'w1', (select t1 + 1 from tok)), 'the holder cannot release with a wrong token');
select ok(ops.lock_release('t:a', 'w1', (select t1 from tok)), 'the owner releases');
select ok(not ops.lock_release('t:a', 'w1', (select t1 from tok)), 'a second release is refused');
select ok(ops.lock_acquire('t:a', 'w2', '10 seconds') > (select t1 from tok), 'the next grant carries a larger token');
select is((select lock_holder from ops.distributed_locks where lock_key = 't:a'), 'w2', 'the row names the new holder');

-- Expiry on the server clock: a 50 ms lease can be taken over once it has run out.
select isnt(ops.lock_acquire('t:exp', 'w1', '50 milliseconds'), null, 'short lease granted');
select is(ops.lock_acquire('t:exp', 'w2', '10 seconds'), null, 'not yet expired');
select pg_sleep(0.08);
insert into tok select fencing_token from ops.distributed_locks where lock_key = 't:exp';
select isnt(ops.lock_acquire('t:exp', 'w2', '10 seconds'), null, 'an expired lease is taken over');
select ok(not ops.lock_release('t:exp', 'w1', (select max(t1) from tok)), 'the expired holder can no longer release');
select ok(not ops.lock_extend('t:exp', 'w1', (select max(t1) from tok), '10 seconds'), 'nor extend');

-- Extend keeps the token and moves the expiry.
select isnt(ops.lock_acquire('t:ext', 'w1', '50 milliseconds'), null, 'granted for 50 ms');
select ok(ops.lock_extend('t:ext', 'w1', (select fencing_token from ops.distributed_locks where lock_key = 't:ext'), '10 seconds'),
          'the owner extends');
select pg_sleep(0.08);
select is(ops.lock_acquire('t:ext', 'w2', '10 seconds'), null, 'an extended lease is still held after its original expiry');

-- Fencing: the current token passes; an older one fails with OPL01.
select lives_ok($$ select ops.lock_assert('t:exp', (select fencing_token from ops.distributed_locks where lock_key = 't:exp')) $$,
                'the current token passes lock_assert');
select throws_ok($$ select ops.lock_assert('t:exp', (select max(t1) from tok)) $$, 'OPL01', null,
                 'a superseded token fails lock_assert');
select throws_ok($$ select ops.lock_assert('t:never', 1) $$, 'OPL01', null, 'a key that was never locked fails lock_assert');

-- Tokens never go backwards, even for a key whose row was purged and re-created.
create temp table before_purge on commit drop as select fencing_token from ops.distributed_locks where lock_key = 't:a';
select ok(ops.lock_release('t:a', 'w2', (select fencing_token from before_purge)), 'release before purge');
select is(ops.lock_purge('0 seconds') >= 1, true, 'purge removes idle keys');
select is((select count(*)::int from ops.distributed_locks where lock_key = 't:a'), 0, 'the released key''s row is gone');
select ok(ops.lock_acquire('t:a', 'w3', '10 seconds') > (select fencing_token from before_purge),
          'a re-created key still gets a larger token than any before the purge');

-- Blocking acquire: times out on a held key, succeeds once the lease expires.
select isnt(ops.lock_acquire('t:wait', 'w1', '100 milliseconds'), null, 'held for 100 ms');
select is(ops.lock_acquire_wait('t:wait', 'w2', '1 second', '20 milliseconds'), null, 'a 20 ms wait times out');
select isnt(ops.lock_acquire_wait('t:wait', 'w2', '1 second', '2 seconds'), null, 'a 2 s wait gets the lock when the lease ends');

-- Bad input.
select throws_ok($$ select ops.lock_acquire(null, 'w', '1 second') $$, '22023', null, 'NULL key is refused');
select throws_ok($$ select ops.lock_acquire('', 'w', '1 second') $$, '22023',
                 'lock key must be a non-empty string of at most 255 characters, got ''''', 'empty key is refused, named');
select throws_ok($$ select ops.lock_acquire('k', 'w', '0 seconds') $$, '22023', 'lock ttl must be positive, got 00:00:00',
                 'zero TTL is refused');
select throws_ok($$ select ops.lock_extend('t:a', 'w3', 1, '-1 seconds') $$, '22023', null, 'negative TTL is refused on extend');

-- Fast path: transaction-scoped advisory lock, held until this transaction ends.
select ok(ops.lock_xact_try('t:x') and ops.lock_xact('t:x', '10 milliseconds')
          and exists (select from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()
                      and ((classid::bigint << 32) | objid::bigint) = ops.lock_xact_id('t:x')),
          'lock_xact_try takes a transaction advisory lock on the key''s hash');

select * from finish();
rollback;
