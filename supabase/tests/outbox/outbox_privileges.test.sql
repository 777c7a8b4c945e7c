-- Only service_role (and the owner) may touch the outbox.
begin;
select plan(4);

select tests.create_user('mallory');
select tests.authenticate_as('mallory');
select throws_ok($$ select ops.outbox_enqueue('test.a', '{}') $$, '42501', null, 'an authenticated user cannot enqueue');
select throws_ok($$ select count(*) from ops.outbox $$, '42501', null, 'an authenticated user cannot read the outbox');
select tests.authenticate_as_anon();
select throws_ok($$ select * from ops.outbox_claim('test.a', 'x') $$, '42501', null, 'anon cannot claim');
select tests.authenticate_as_service_role();
select lives_ok($$ select ops.outbox_enqueue('test.a', '{}') $$, 'service_role can enqueue');

select * from finish();
rollback;
