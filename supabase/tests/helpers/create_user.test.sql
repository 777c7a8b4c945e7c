begin;
select plan(3);

select lives_ok($$ select tests.create_user('alice') $$, 'create_user inserts a user');
select is((select email::text from auth.users where id = tests.get_user_id('alice')),
          'alice@test.opsbase.local', 'the user is in auth.users with a derived email');
select throws_ok($$ select tests.get_user_id('nobody') $$, 'P0002', null,
                 'an unknown identifier is an error, not NULL');

select * from finish();
rollback;
