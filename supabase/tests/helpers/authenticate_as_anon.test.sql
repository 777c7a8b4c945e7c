begin;
select plan(3);

select tests.authenticate_as_anon();
select is(current_user::text, 'anon', 'authenticate_as_anon switches to anon');
select is(auth.uid(), null, 'anon has no user id');
select is(auth.role(), 'anon', 'auth.role() is anon');

select * from finish();
rollback;
