begin;
select plan(2);

select tests.authenticate_as_service_role();
select is(current_user::text, 'service_role', 'authenticate_as_service_role switches role');
select ok((select rolbypassrls from pg_roles where rolname = current_user), 'service_role bypasses RLS');

select * from finish();
rollback;
