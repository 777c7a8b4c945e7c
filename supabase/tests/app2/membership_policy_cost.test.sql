-- Member reads do not call public.is_workspace_member once per membership
-- (20261124230900_app2_membership_policy_self_first). Counted with track_functions: a user in 40
-- workspaces reads files; the membership subquery of the files policy must not call the helper
-- for the caller's own rows. Co-members stay visible through the helper.
begin;
select plan(4);

select tests.create_user('many');
select tests.create_user('peer');
insert into public.workspaces (owner_id, name)
select tests.get_user_id('many'), 'ws ' || g from generate_series(1, 40) g;
insert into public.workspace_members (workspace_id, user_id, role)
select w.id, tests.get_user_id('peer'), 'member' from public.workspaces w where w.owner_id = tests.get_user_id('many');
insert into public.files (workspace_id, path, content)
select w.id, 'f.txt', 'x' from public.workspaces w where w.owner_id = tests.get_user_id('many');

set local track_functions = 'all';
create temp table calls_before as
  select coalesce(sum(calls), 0) as n from pg_stat_xact_user_functions where funcname = 'is_workspace_member';
grant select on calls_before to authenticated;

select tests.authenticate_as('many');
select is((select count(*)::int from public.files), 40, 'the member reads the files of all 40 workspaces');
select tests.clear_authentication();
select cmp_ok((select coalesce(sum(calls), 0) from pg_stat_xact_user_functions where funcname = 'is_workspace_member') - (select n from calls_before),
  '<', 40::numeric, 'without one is_workspace_member call per membership');

select tests.authenticate_as('peer');
select is((select count(*)::int from public.workspace_members where user_id = tests.get_user_id('many')), 40,
  'co-members still see each other');
select tests.clear_authentication();
select tests.create_user('stranger');
select tests.authenticate_as('stranger');
select is((select count(*)::int from public.workspace_members), 0, 'an outsider sees no membership');

select * from finish();
rollback;
