begin;
select plan(4);

create table public.explain_probe (owner uuid, v int);
alter table public.explain_probe enable row level security;
create policy explain_probe_own on public.explain_probe for select to authenticated using (owner = (select auth.uid()));
grant select on public.explain_probe to authenticated;
select tests.create_user('ann');

select matches(tests.explain('select * from public.explain_probe'), '^Seq Scan on explain_probe', 'the plan, as text');
select doesnt_match(tests.explain('select * from public.explain_probe'), 'Filter', 'as the session role, RLS does not apply');
select matches(tests.explain('select * from public.explain_probe', 'ann'), 'Filter: \(owner = \$0\)', 'as a test user, the policy shows in the plan');
select is(current_user::text, session_user::text, 'explaining as someone leaves no role behind');

select * from finish();
rollback;
