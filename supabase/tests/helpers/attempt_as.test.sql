begin;
select plan(5);

create table public.attempt_probe (owner uuid, v int);
alter table public.attempt_probe enable row level security;
create policy attempt_probe_own on public.attempt_probe for select to authenticated using (owner = (select auth.uid()));
grant select on public.attempt_probe to authenticated;
select tests.create_user('ann');
select tests.create_user('ben');
insert into public.attempt_probe values (tests.get_user_id('ann'), 1);

select is(tests.attempt_as('ann', 'select * from public.attempt_probe'), 'allowed', 'a row visible to the user is allowed');
select is(tests.attempt_as('ben', 'select * from public.attempt_probe'), 'denied', 'no visible row is denied');
select is(tests.attempt_as('anon', 'select * from public.attempt_probe'), 'denied', 'insufficient privilege is denied');
select matches(tests.attempt_as('service_role', 'select * from public.no_such_table'), '^error 42P01', 'other errors are reported, not hidden');
select is(current_user::text, session_user::text, 'the attempt leaves no role behind');

select * from finish();
rollback;
