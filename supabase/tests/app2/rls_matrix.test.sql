-- RLS matrix for workspaces, workspace_members, files, file_versions, agent_tasks and audit_logs:
-- {anon, owner, member, outsider, service_role} x SELECT/INSERT/UPDATE/DELETE, each compared with
-- the documented outcome (docs/data-model.md, "Workspaces and files"). Each probe runs in a
-- subtransaction that is always rolled back, so every cell starts from the same fixture.
-- "allowed" = the statement touched the fixture row; "denied" = permission error or zero rows.
-- Any other error fails the cell. Then: zero leaks for member/outsider/anon across workspaces.
begin;

select tests.create_user('alice');   -- owner of ws
select tests.create_user('mia');     -- member of ws
select tests.create_user('oscar');   -- outsider: owns ws2 only
select tests.create_user('newbie');  -- target of membership inserts

create temp table fx (name text primary key, id uuid not null);
insert into fx values
  ('alice', tests.get_user_id('alice')), ('mia', tests.get_user_id('mia')),
  ('oscar', tests.get_user_id('oscar')), ('newbie', tests.get_user_id('newbie')),
  ('ws', gen_random_uuid()), ('ws2', gen_random_uuid()), ('file', gen_random_uuid()), ('file2', gen_random_uuid()), ('task', gen_random_uuid()), ('task2', gen_random_uuid());
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;
grant select on fx to anon, authenticated;

insert into public.workspaces (id, owner_id, name) values
  (pg_temp.fx('ws'), pg_temp.fx('alice'), 'alpha'), (pg_temp.fx('ws2'), pg_temp.fx('oscar'), 'oscar-ws');
insert into public.workspace_members (workspace_id, user_id, role) values (pg_temp.fx('ws'), pg_temp.fx('mia'), 'member');
insert into public.files (id, workspace_id, path, content) values
  (pg_temp.fx('file'), pg_temp.fx('ws'), 'src/main.ts', 'console.log(1)'),
  (pg_temp.fx('file2'), pg_temp.fx('ws2'), 'secret/plan.md', 'oscar only');
insert into public.agent_tasks (id, workspace_id, task_type) values (pg_temp.fx('task'), pg_temp.fx('ws'), 'index'), (pg_temp.fx('task2'), pg_temp.fx('ws2'), 'index');
insert into public.file_versions (workspace_id, file_id, version, content, content_hash, size_bytes) values
  (pg_temp.fx('ws'), pg_temp.fx('file'), 1, 'console.log(1)', repeat('a', 64), 14),
  (pg_temp.fx('ws2'), pg_temp.fx('file2'), 1, 'oscar only', repeat('b', 64), 10);

create temp table probes (tbl text, op text, stmt text, primary key (tbl, op));
insert into probes values
  ('workspaces', 'select', format('select 1 from public.workspaces where id = %L', pg_temp.fx('ws'))),
  ('workspaces', 'insert', format('insert into public.workspaces (owner_id, name) values (%L, %L)', pg_temp.fx('alice'), 'probe')),
  ('workspaces', 'update', format('update public.workspaces set name = name where id = %L', pg_temp.fx('ws'))),
  ('workspaces', 'delete', format('delete from public.workspaces where id = %L', pg_temp.fx('ws'))),
  ('workspace_members', 'select', format('select 1 from public.workspace_members where workspace_id = %L and user_id = %L', pg_temp.fx('ws'), pg_temp.fx('mia'))),
  ('workspace_members', 'insert', format('insert into public.workspace_members (workspace_id, user_id) values (%L, %L)', pg_temp.fx('ws'), pg_temp.fx('newbie'))),
  ('workspace_members', 'update', format('update public.workspace_members set role = role where workspace_id = %L and user_id = %L', pg_temp.fx('ws'), pg_temp.fx('alice'))),
  ('workspace_members', 'delete', format('delete from public.workspace_members where workspace_id = %L and user_id = %L', pg_temp.fx('ws'), pg_temp.fx('alice'))),
  ('files', 'select', format('select 1 from public.files where id = %L', pg_temp.fx('file'))),
  ('files', 'insert', format('insert into public.files (workspace_id, path) values (%L, %L)', pg_temp.fx('ws'), 'probe/new.txt')),
  ('files', 'update', format('update public.files set content = content || %L where id = %L', 'x', pg_temp.fx('file'))),
  ('files', 'delete', format('delete from public.files where id = %L', pg_temp.fx('file'))),
  ('file_versions', 'select', format('select 1 from public.file_versions where file_id = %L', pg_temp.fx('file'))),
  ('file_versions', 'insert', format('insert into public.file_versions (workspace_id, file_id, version, content, content_hash, size_bytes) values (%L, %L, 2, %L, %L, 1)',
                                     pg_temp.fx('ws'), pg_temp.fx('file'), 'x', repeat('c', 64))),
  ('file_versions', 'update', format('update public.file_versions set diff = diff where file_id = %L', pg_temp.fx('file'))),
  ('file_versions', 'delete', format('delete from public.file_versions where file_id = %L', pg_temp.fx('file'))),
  ('agent_tasks', 'select', format('select 1 from public.agent_tasks where id = %L', pg_temp.fx('task'))),
  ('agent_tasks', 'insert', format('insert into public.agent_tasks (workspace_id, task_type) values (%L, %L)', pg_temp.fx('ws'), 'probe')),
  ('agent_tasks', 'update', format('update public.agent_tasks set priority = priority where id = %L', pg_temp.fx('task'))),
  ('agent_tasks', 'delete', format('delete from public.agent_tasks where id = %L', pg_temp.fx('task'))),
  ('audit_logs', 'select', format('select 1 from public.audit_logs where workspace_id = %L', pg_temp.fx('ws'))),
  ('audit_logs', 'insert', format('insert into public.audit_logs (workspace_id, table_schema, table_name, operation) values (%L, %L, %L, %L)', pg_temp.fx('ws'), 'public', 'files', 'INSERT')),
  ('audit_logs', 'update', format('update public.audit_logs set record_id = record_id where workspace_id = %L', pg_temp.fx('ws'))),
  ('audit_logs', 'delete', format('delete from public.audit_logs where workspace_id = %L', pg_temp.fx('ws')));

-- The documented matrix. A member deleting *their own* membership (leaving) is allowed; the probe
-- targets alice's (the owner's) row, so it is denied for mia. alice is ws's only owner: RLS lets
-- her and service_role delete that row, and the last-owner guard (20261124230800) then refuses it
-- with 23514, so those two cells expect that error instead of 'allowed'.
create temp table rights (tbl text, who text, ops text[], primary key (tbl, who));
insert into rights values
  ('workspaces', 'alice', '{select,insert,update,delete}'), ('workspaces', 'mia', '{select}'),
  ('workspace_members', 'alice', '{select,insert,update,delete}'), ('workspace_members', 'mia', '{select}'),
  ('files', 'alice', '{select,insert,update,delete}'), ('files', 'mia', '{select}'),
  ('file_versions', 'alice', '{select,insert,delete}'), ('file_versions', 'mia', '{select}'),
  ('agent_tasks', 'alice', '{select,insert,update,delete}'), ('agent_tasks', 'mia', '{select}'),
  ('audit_logs', 'alice', '{select}'), ('audit_logs', 'mia', '{select}'),         -- append-only, written by triggers
  ('audit_logs', 'service_role', '{select}');

create temp table expected as
select p.tbl, p.op, w.who, w.label,
       case
         when p.tbl = 'workspace_members' and p.op = 'delete' and w.who in ('alice', 'service_role')
           then 'error 23514: cannot remove or demote the last owner of a workspace'
         when w.who = 'service_role' and r.ops is null then 'allowed'
         when p.op = any (coalesce(r.ops, '{}')) then 'allowed'
         else 'denied'
       end as outcome
from probes p
cross join (values ('anon', 'anon'), ('alice', 'owner'), ('mia', 'member'), ('oscar', 'outsider'), ('service_role', 'service_role')) as w(who, label)
left join rights r on r.tbl = p.tbl and r.who = w.who;

select plan((select count(*)::int from expected) + 18 + 3 + 1);

select is(tests.attempt_as(e.who, p.stmt), e.outcome, format('%s %s as %s: %s', e.tbl, e.op, e.label, e.outcome))
from expected e join probes p using (tbl, op)
order by e.tbl, e.op, e.who;

-- ---- zero leaks: rows of workspaces the role is not a member of --------------------------------
create function pg_temp.foreign_rows(who text, tbl text) returns bigint language plpgsql as $$
declare
  ws_col text := case tbl when 'workspaces' then 'id' else 'workspace_id' end;
  n bigint;
begin
  case who
    when 'anon' then perform tests.authenticate_as_anon();
    else perform tests.authenticate_as(who);
  end case;
  execute format('select count(*) from public.%I t where t.%I is null or t.%I not in (select workspace_id from pg_temp.membership where user_id = $1)', tbl, ws_col, ws_col)
    into n using case when who = 'anon' then null else tests.get_user_id(who) end;
  perform tests.clear_authentication();
  return n;
exception when insufficient_privilege then
  return 0;
end
$$;
create temp table membership as select workspace_id, user_id from public.workspace_members;
grant select on membership to anon, authenticated;
select is(pg_temp.foreign_rows(w.who, t.tbl), 0::bigint, format('%s: %s sees no row of a foreign workspace', t.tbl, w.who))
from (values ('workspaces'), ('workspace_members'), ('files'), ('file_versions'), ('agent_tasks'), ('audit_logs')) as t(tbl)
cross join (values ('anon'), ('mia'), ('oscar')) as w(who)
order by t.tbl, w.who;

-- Positive visibility: a member sees the co-members and the tree; the outsider sees nothing of ws.
select tests.authenticate_as('mia');
select is((select count(*)::int from public.workspace_members where workspace_id = pg_temp.fx('ws')), 2, 'member sees both members of ws');
select is((select count(*)::int from public.get_file_tree(pg_temp.fx('ws'))), 2, 'member gets the tree of ws (src, src/main.ts)');
select tests.clear_authentication();
select tests.authenticate_as('oscar');
select is((select count(*)::int from public.get_file_tree(pg_temp.fx('ws'))), 0, 'outsider gets an empty tree for ws');
select tests.clear_authentication();

select is_empty(
  $$select format('%s %s', r.rolname, c.relname)
    from pg_class c cross join (values ('anon'), ('authenticated')) as r(rolname)
    where c.relnamespace = 'public'::regnamespace
      and c.relname in ('workspaces', 'workspace_members', 'files', 'file_versions', 'agent_tasks', 'audit_logs')
      and (has_table_privilege(r.rolname, c.oid, 'TRUNCATE') or has_table_privilege(r.rolname, c.oid, 'REFERENCES')
           or has_table_privilege(r.rolname, c.oid, 'TRIGGER'))$$,
  'anon and authenticated hold no TRUNCATE, REFERENCES or TRIGGER on workspace tables');

select * from finish();
rollback;
