-- ops.outbox: enqueue, dedup, claim, visibility timeout, ack, nack/backoff, dead letter, ordering.
-- now() is fixed inside this transaction, so time passing is simulated by moving timestamps back.
begin;
select plan(27);

-- enqueue and dedup
select ops.outbox_enqueue('test.a', '{"n": 1}') as e1 \gset
select is((select status || '/' || attempts from ops.outbox where id = :e1), 'pending/0', 'a new event is pending with no attempts');
select ops.outbox_enqueue('test.a', '{"n": 2}', p_dedup_key => 'k1') as d1 \gset
select is(ops.outbox_enqueue('test.a', '{"n": 3}', p_dedup_key => 'k1'), :d1::bigint, 'a repeated dedup key returns the first event');
select is((select count(*)::int from ops.outbox where topic = 'test.a' and dedup_key = 'k1'), 1, 'and stores it once');

-- claim
select is((select array_agg(id order by id) from ops.outbox_claim('test.a', 'c1', 10)), array[:e1, :d1]::bigint[], 'claim returns due events in id order');
select is((select status || '/' || attempts || '/' || claimed_by from ops.outbox where id = :e1), 'inflight/1/c1', 'a claim marks the event in flight and counts an attempt');
select is((select lease_until from ops.outbox where id = :e1), now() + interval '30 seconds', 'the lease is the visibility timeout');
select is_empty($$ select * from ops.outbox_claim('test.a', 'c2', 10) $$, 'events in flight are invisible to other consumers');

-- an expired lease is re-delivered; the stale consumer can no longer ack
update ops.outbox set lease_until = now() - interval '1 second' where id = :e1;
select is((select array_agg(id) from ops.outbox_claim('test.a', 'c2', 10)), array[:e1]::bigint[], 'an expired lease makes the event claimable again');
select is((select attempts from ops.outbox where id = :e1), 2, 'the re-delivery counts a second attempt');
select is(ops.outbox_ack(array[:e1]::bigint[], 'c1'), 0, 'the consumer that lost the lease cannot ack');
select is(ops.outbox_ack(array[:e1]::bigint[], 'c2'), 1, 'the current consumer acks');
select is((select status from ops.outbox where id = :e1), 'done', 'an acked event is done');

-- nack: backoff, Retry-After, dead letter
select is(ops.outbox_nack(:d1, 'c1', 'boom'), 'retry', 'a failed delivery is retried');
select ok((select available_at > now() and available_at <= now() + interval '1.2 seconds' and status = 'pending'
           from ops.outbox where id = :d1), 'the first retry waits about one second');
update ops.outbox set attempts = 4, available_at = now() where id = :d1;
select ops.outbox_claim('test.a', 'c1', 10);
select ops.outbox_nack(:d1, 'c1', 'boom again');
select ok((select available_at between now() + interval '12.8 seconds' and now() + interval '19.2 seconds'
           from ops.outbox where id = :d1), 'the fifth attempt backs off 16 s ± 20%');
update ops.outbox set available_at = now() where id = :d1;
select ops.outbox_claim('test.a', 'c1', 10);
select ops.outbox_nack(:d1, 'c1', '429', interval '42 seconds');
select is((select available_at from ops.outbox where id = :d1), now() + interval '42 seconds', 'an explicit Retry-After wins');
select is(ops.outbox_nack(:d1, 'c1', 'not mine'), 'ignored', 'nacking an event not held is ignored');

select ops.outbox_enqueue('test.b', '{}', p_max_attempts => 1) as dead \gset
select ops.outbox_claim('test.b', 'c1', 10);
select is(ops.outbox_nack(:dead, 'c1', 'fatal'), 'dead', 'the last attempt dead-letters the event');
select is((select payload ->> 'alert_type' from ops.outbox where topic = 'alert' and dedup_key = 'outbox-dead:' || :dead),
          'outbox_dead_letter', 'a dead letter emits an alert event');
select is(ops.outbox_redrive('test.b'), 1, 'redrive returns dead events to pending');
select is((select status || '/' || attempts from ops.outbox where id = :dead), 'pending/0', 'with a fresh attempt budget');

-- per-key ordering
select ops.outbox_enqueue('test.c', '{"i": 1}', p_ordering_key => 'doc-1') as o1 \gset
select ops.outbox_enqueue('test.c', '{"i": 2}', p_ordering_key => 'doc-1') as o2 \gset
select ops.outbox_enqueue('test.c', '{"i": 3}', p_ordering_key => 'doc-2') as o3 \gset
select is((select array_agg(id order by id) from ops.outbox_claim('test.c', 'c1', 10)), array[:o1, :o3]::bigint[],
          'an event waits while an earlier one with its ordering key is undelivered');
select ops.outbox_ack(array[:o1, :o3]::bigint[], 'c1');
select is((select array_agg(id) from ops.outbox_claim('test.c', 'c1', 10)), array[:o2]::bigint[], 'and is claimable once that one is done');

-- bad input
select throws_ok($$ select ops.outbox_claim('test.a', '', 10) $$, '22023', null, 'a consumer must be named');
select throws_ok($$ select ops.outbox_claim('test.a', 'c1', 0) $$, '22023', null, 'the batch size must be positive');
select throws_ok($$ select ops.outbox_enqueue('Bad Topic!', '{}') $$, '23514', null, 'topics are validated');
select throws_ok($$ select ops.outbox_enqueue('test.a', null) $$, '22004', null, 'a null payload is refused');

select * from finish();
rollback;
