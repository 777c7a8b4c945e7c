begin;
select plan(3);

select tests.create_user('carol');
select tests.authenticate_as('carol');
select tests.clear_authentication();
select is(current_user::text, session_user::text, 'clear_authentication restores the session role');
select is(auth.uid(), null, 'no user id after clearing');
select is(auth.role(), null, 'no role claim after clearing');

select * from finish();
rollback;
