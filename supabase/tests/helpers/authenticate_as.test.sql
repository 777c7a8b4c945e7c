begin;
select plan(4);

select tests.create_user('bob');
select tests.authenticate_as('bob');
select is(current_user::text, 'authenticated', 'authenticate_as switches to the authenticated role');
select is(auth.uid(), tests.get_user_id('bob'), 'auth.uid() is the user');
select is(auth.role(), 'authenticated', 'auth.role() reads the claims');
select is(auth.jwt() ->> 'email', 'bob@test.opsbase.local', 'auth.jwt() carries the email claim');

select * from finish();
rollback;
