begin;
select plan(3);

create table public.rls_probe_on (id int);
alter table public.rls_probe_on enable row level security;
create table public.rls_probe_off (id int);

select check_test(tests.rls_enabled('public', 'rls_probe_on'), true,
                  'rls_enabled passes on a table with RLS');
select check_test(tests.rls_enabled('public', 'rls_probe_off'), false,
                  'rls_enabled fails on a table without RLS');
-- The schema form must catch rls_probe_off, so it has to fail here.
select check_test(tests.rls_enabled('public'), false, 'rls_enabled(schema) fails when one table lacks RLS');

select * from finish();
rollback;
