-- A workspace keeps at least one owner (20261124230800_app2_workspace_last_owner): the last owner
-- cannot leave, be demoted, be moved or be truncated away, whoever asks (owner, service_role,
-- table owner); after promoting someone it can; members still leave; deleting the workspace still
-- cascades; owner_id follows ownership; deleting a user deletes workspaces they alone belong to and
-- is refused while they are the last owner of a shared one. Concurrency: tests/app2/last-owner.test.ts.
begin;
select plan(36);

select tests.create_user('alice');  -- creates ws
select tests.create_user('mia');    -- member, later owner
select tests.create_user('bob');    -- member who leaves
select tests.create_user('carol');  -- member, owner after a swap
select tests.create_user('oscar');  -- owns ws2
select tests.create_user('dave');   -- alone in ws_solo
select tests.create_user('erin');   -- last owner of ws_shared
select tests.create_user('frank');  -- member of ws_shared
select tests.create_user('gina');   -- creator of ws_pair
select tests.create_user('hank');   -- co-owner of ws_pair

create temp table fx (name text primary key, id uuid not null);
insert into fx select n, tests.get_user_id(n) from unnest('{alice,mia,bob,carol,oscar,dave,erin,frank,gina,hank}'::text[]) as n;
insert into fx values ('ws', gen_random_uuid()), ('ws2', gen_random_uuid()), ('ws_solo', gen_random_uuid()),
                      ('ws_shared', gen_random_uuid()), ('ws_pair', gen_random_uuid());
grant select on fx to authenticated, service_role;
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;

-- SQLSTATE, constraint and hint of the error `stmt` raises (its effects are rolled back).
create function pg_temp.error_of(stmt text) returns text language plpgsql as $$
declare
  state text;
  cons text;
  hint text;
begin
  execute stmt;
  return 'no error';
exception when others then
  get stacked diagnostics state = returned_sqlstate, cons = constraint_name, hint = pg_exception_hint;
  return format('%s %s: %s', state, cons, hint);
end
$$;

insert into public.workspaces (id, owner_id, name) values (pg_temp.fx('ws'), pg_temp.fx('alice'), 'alpha'), (pg_temp.fx('ws2'), pg_temp.fx('oscar'), 'oscar-ws');
insert into public.workspace_members (workspace_id, user_id, role) values
  (pg_temp.fx('ws'), pg_temp.fx('mia'), 'member'), (pg_temp.fx('ws'), pg_temp.fx('bob'), 'member'), (pg_temp.fx('ws'), pg_temp.fx('carol'), 'member');

-- ---- the last owner stays -------------------------------------------------------------------------
select tests.authenticate_as('alice');
select throws_ok(format('delete from public.workspace_members where workspace_id = %L and user_id = %L', pg_temp.fx('ws'), pg_temp.fx('alice')),
                 '23514', 'cannot remove or demote the last owner of a workspace', 'the last owner cannot leave');
select throws_ok(format($$update public.workspace_members set role = 'member' where workspace_id = %L and user_id = %L$$, pg_temp.fx('ws'), pg_temp.fx('alice')),
                 '23514', 'cannot remove or demote the last owner of a workspace', 'the last owner cannot demote themselves');
select is(pg_temp.error_of(format('delete from public.workspace_members where workspace_id = %L and user_id = %L', pg_temp.fx('ws'), pg_temp.fx('alice'))),
          '23514 workspace_members_last_owner: Promote another member to owner first, or delete the workspace.',
          'the error names the constraint and hints at the way out');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select throws_ok(format('delete from public.workspace_members where workspace_id = %L and user_id = %L', pg_temp.fx('ws'), pg_temp.fx('alice')),
                 '23514', 'cannot remove or demote the last owner of a workspace', 'service_role cannot remove the last owner either');
select throws_ok(format($$update public.workspace_members set role = 'member' where workspace_id = %L$$, pg_temp.fx('ws')),
                 '23514', 'cannot remove or demote the last owner of a workspace', 'service_role cannot demote the last owner');
select tests.clear_authentication();

-- The table owner (postgres) as well; moving the row to another workspace or to another user.
select throws_ok(format('update public.workspace_members set workspace_id = %L where workspace_id = %L and user_id = %L', pg_temp.fx('ws2'), pg_temp.fx('ws'), pg_temp.fx('alice')),
                 '23514', 'cannot remove or demote the last owner of a workspace', 'moving the last owner row to another workspace is refused');
select is(tests.attempt_as('service_role', format('update public.workspace_members set user_id = %L where workspace_id = %L and user_id = %L',
                                                   pg_temp.fx('dave'), pg_temp.fx('ws'), pg_temp.fx('alice'))),
          'allowed', 'handing the owner row to another user keeps an owner, so it passes (rolled back)');
select throws_ok('truncate public.workspace_members', '23514', 'cannot remove or demote the last owner of a workspace',
                 'TRUNCATE of workspace_members is refused while workspaces exist');
select is((select role from public.workspace_members where workspace_id = pg_temp.fx('ws') and user_id = pg_temp.fx('alice')), 'owner',
          'after all that, alice is still the owner');
select is((select owner_id from public.workspaces where id = pg_temp.fx('ws')), pg_temp.fx('alice'), 'owner_id is still alice');

-- ---- members leave; after a promotion the former owner can go ------------------------------------
select tests.authenticate_as('bob');
select lives_ok(format('delete from public.workspace_members where workspace_id = %L and user_id = %L', pg_temp.fx('ws'), pg_temp.fx('bob')),
                'a member can still leave');
select tests.clear_authentication();
select is((select count(*)::int from public.workspace_members where workspace_id = pg_temp.fx('ws') and user_id = pg_temp.fx('bob')), 0, 'bob is gone');

select tests.authenticate_as('alice');
select lives_ok(format($$update public.workspace_members set role = 'owner' where workspace_id = %L and user_id = %L$$, pg_temp.fx('ws'), pg_temp.fx('mia')),
                'the owner promotes mia');
select throws_ok(format($$update public.workspaces set owner_id = %L where id = %L$$, pg_temp.fx('carol'), pg_temp.fx('ws')),
                 '23514', 'workspaces.owner_id must name an owner of the workspace', 'owner_id cannot name a plain member');
select lives_ok(format('delete from public.workspace_members where workspace_id = %L and user_id = %L', pg_temp.fx('ws'), pg_temp.fx('alice')),
                'with another owner in place, alice can leave');
select tests.clear_authentication();
select is((select owner_id from public.workspaces where id = pg_temp.fx('ws')), pg_temp.fx('mia'), 'owner_id moved to the remaining owner');

select tests.authenticate_as('mia');
select throws_ok(format($$update public.workspace_members set role = 'member' where workspace_id = %L and user_id = %L$$, pg_temp.fx('ws'), pg_temp.fx('mia')),
                 '23514', 'cannot remove or demote the last owner of a workspace', 'now mia is the last owner and cannot step down');
-- One statement that hands ownership over: the check runs after the whole statement.
select lives_ok(format($$update public.workspace_members set role = case when user_id = %L then 'member' else 'owner' end where workspace_id = %L$$,
                       pg_temp.fx('mia'), pg_temp.fx('ws')), 'a one-statement role swap passes');
select tests.clear_authentication();
select is((select array_agg(role order by role) from public.workspace_members where workspace_id = pg_temp.fx('ws')), '{member,owner}', 'carol owner, mia member');
select is((select owner_id from public.workspaces where id = pg_temp.fx('ws')), pg_temp.fx('carol'), 'owner_id followed the swap to carol');

select tests.authenticate_as('carol');
select lives_ok(format($$update public.workspace_members set role = 'owner' where workspace_id = %L and user_id = %L$$, pg_temp.fx('ws'), pg_temp.fx('mia')),
                'carol promotes mia back');
select throws_ok(format($$update public.workspace_members set role = 'member' where workspace_id = %L$$, pg_temp.fx('ws')),
                 '23514', 'cannot remove or demote the last owner of a workspace', 'demoting every owner at once is refused');
select lives_ok(format($$update public.workspaces set owner_id = %L where id = %L$$, pg_temp.fx('mia'), pg_temp.fx('ws')),
                'owner_id can be set to another owner');
-- ---- deleting the workspace still cascades ---------------------------------------------------------
select lives_ok(format('delete from public.workspaces where id = %L', pg_temp.fx('ws')), 'an owner deletes the workspace');
select tests.clear_authentication();
select is((select count(*)::int from public.workspace_members where workspace_id = pg_temp.fx('ws')), 0, 'its memberships went with it');

-- ---- deleting users -------------------------------------------------------------------------------------
insert into public.workspaces (id, owner_id, name) values
  (pg_temp.fx('ws_solo'), pg_temp.fx('dave'), 'solo'), (pg_temp.fx('ws_shared'), pg_temp.fx('erin'), 'shared'), (pg_temp.fx('ws_pair'), pg_temp.fx('gina'), 'pair');
insert into public.workspace_members (workspace_id, user_id, role) values
  (pg_temp.fx('ws_shared'), pg_temp.fx('frank'), 'member'), (pg_temp.fx('ws_pair'), pg_temp.fx('hank'), 'owner');

select lives_ok(format('delete from auth.users where id = %L', pg_temp.fx('dave')), 'a user alone in their workspace can be deleted');
select is((select count(*)::int from public.workspaces where id = pg_temp.fx('ws_solo')), 0, 'their workspace was deleted with them');

select throws_ok(format('delete from auth.users where id = %L', pg_temp.fx('erin')),
                 '23514', 'cannot delete the last owner of a workspace that has other members',
                 'the last owner of a shared workspace cannot be deleted');
select is(pg_temp.error_of(format('delete from auth.users where id = %L', pg_temp.fx('erin'))),
          '23514 workspace_members_last_owner: Promote another member to owner first, or delete the workspace.',
          'same constraint name and hint');
select is((select count(*)::int from public.user_profiles where id = pg_temp.fx('erin')) + (select count(*)::int from public.workspaces where id = pg_temp.fx('ws_shared')), 2,
          'erin and her workspace are still there');

select lives_ok(format('delete from auth.users where id = %L', pg_temp.fx('gina')), 'the creator of a workspace with another owner can be deleted');
select is((select owner_id from public.workspaces where id = pg_temp.fx('ws_pair')), pg_temp.fx('hank'),
          'the workspace survives, owner_id moved to the other owner (no owner_id cascade)');
select is((select array_agg(user_id::text || ':' || role) from public.workspace_members where workspace_id = pg_temp.fx('ws_pair')), array[pg_temp.fx('hank')::text || ':owner'],
          'only the other owner is left');

select lives_ok(format('delete from auth.users where id = %L', pg_temp.fx('frank')), 'a plain member can be deleted');
select lives_ok(format('delete from auth.users where id = %L', pg_temp.fx('erin')), 'with the members gone, the last owner can be deleted');
select is((select count(*)::int from public.workspaces where id = pg_temp.fx('ws_shared')), 0, 'and the workspace went with her');

select * from finish();
rollback;
