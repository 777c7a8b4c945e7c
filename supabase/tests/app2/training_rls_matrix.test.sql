-- RLS matrix for the training pipeline (seed 002): conversation_templates, scenarios, edge_cases,
-- conversations, conversation_turns, generation_logs, export_logs and batch_jobs.
-- {anon, owner, member, outsider, service_role} x SELECT/INSERT/UPDATE/DELETE, each compared with
-- the documented outcome (docs/data-model.md, "Training pipeline (seed 002)"). Each probe runs in
-- a subtransaction that is always rolled back (tests.attempt_as), so every cell starts from the
-- same fixture. "allowed" = the statement touched the fixture row; "denied" = permission error
-- or zero rows. Any other error fails the cell. Then: zero leaks across two workspaces.
begin;

select tests.create_user('alice');   -- owner of ws
select tests.create_user('mia');     -- member of ws
select tests.create_user('oscar');   -- outsider: owns ws2 only

create temp table fx (name text primary key, id uuid not null);
insert into fx values
  ('alice', tests.get_user_id('alice')), ('mia', tests.get_user_id('mia')), ('oscar', tests.get_user_id('oscar')),
  ('ws', gen_random_uuid()), ('ws2', gen_random_uuid()),
  ('tpl', gen_random_uuid()), ('tpl2', gen_random_uuid()), ('sc', gen_random_uuid()), ('sc2', gen_random_uuid()),
  ('ec', gen_random_uuid()), ('ec2', gen_random_uuid()), ('conv', gen_random_uuid()), ('conv2', gen_random_uuid()),
  ('job', gen_random_uuid()), ('job2', gen_random_uuid()), ('exp', gen_random_uuid()), ('exp2', gen_random_uuid());
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;
grant select on fx to anon, authenticated;

insert into public.workspaces (id, owner_id, name) values
  (pg_temp.fx('ws'), pg_temp.fx('alice'), 'alpha'), (pg_temp.fx('ws2'), pg_temp.fx('oscar'), 'oscar-ws');
insert into public.workspace_members (workspace_id, user_id, role) values (pg_temp.fx('ws'), pg_temp.fx('mia'), 'member');
insert into public.conversation_templates (id, workspace_id, name, template_text) values
  (pg_temp.fx('tpl'), pg_temp.fx('ws'), 'support', 'Hi {{name}}'), (pg_temp.fx('tpl2'), pg_temp.fx('ws2'), 'secret', 'oscar only');
insert into public.scenarios (id, workspace_id, template_id, name) values
  (pg_temp.fx('sc'), pg_temp.fx('ws'), pg_temp.fx('tpl'), 'refund'), (pg_temp.fx('sc2'), pg_temp.fx('ws2'), pg_temp.fx('tpl2'), 'secret');
insert into public.edge_cases (id, workspace_id, scenario_id, title, description, edge_case_type, expected_behavior) values
  (pg_temp.fx('ec'), pg_temp.fx('ws'), pg_temp.fx('sc'), 'angry', 'd', 'emotional_escalation', 'calm'),
  (pg_temp.fx('ec2'), pg_temp.fx('ws2'), pg_temp.fx('sc2'), 'secret', 'd', 'other', 'e');
insert into public.batch_jobs (id, workspace_id, name, total_items) values
  (pg_temp.fx('job'), pg_temp.fx('ws'), 'nightly', 10), (pg_temp.fx('job2'), pg_temp.fx('ws2'), 'secret', 10);
insert into public.conversations (id, workspace_id, template_id, scenario_id, edge_case_id, batch_job_id, tier, title, status) values
  (pg_temp.fx('conv'), pg_temp.fx('ws'), pg_temp.fx('tpl'), pg_temp.fx('sc'), pg_temp.fx('ec'), pg_temp.fx('job'), 'edge_case', 'c', 'pending_review'),
  (pg_temp.fx('conv2'), pg_temp.fx('ws2'), pg_temp.fx('tpl2'), null, null, pg_temp.fx('job2'), 'template', 'secret', 'approved');
insert into public.conversation_turns (conversation_id, workspace_id, turn_number, role, content) values
  (pg_temp.fx('conv'), pg_temp.fx('ws'), 1, 'user', 'hello'), (pg_temp.fx('conv2'), pg_temp.fx('ws2'), 1, 'user', 'oscar only');
insert into public.generation_logs (workspace_id, conversation_id, template_id, batch_job_id, model, status, cost_usd) values
  (pg_temp.fx('ws'), pg_temp.fx('conv'), pg_temp.fx('tpl'), pg_temp.fx('job'), 'm', 'success', 0.01),
  (pg_temp.fx('ws2'), pg_temp.fx('conv2'), pg_temp.fx('tpl2'), pg_temp.fx('job2'), 'm', 'success', 0.01);
insert into public.export_logs (id, workspace_id, format, status, storage_path, file_size_bytes, started_at) values
  (pg_temp.fx('exp'), pg_temp.fx('ws'), 'jsonl', 'completed', 'exports/ws.jsonl', 10, now()),
  (pg_temp.fx('exp2'), pg_temp.fx('ws2'), 'csv', 'completed', 'exports/ws2.csv', 10, now());

create temp table probes (tbl text, op text, stmt text, primary key (tbl, op));
insert into probes values
  ('conversation_templates', 'select', format('select 1 from public.conversation_templates where id = %L', pg_temp.fx('tpl'))),
  ('conversation_templates', 'insert', format('insert into public.conversation_templates (workspace_id, name, template_text) values (%L, %L, %L)', pg_temp.fx('ws'), 'probe', 'x')),
  ('conversation_templates', 'update', format('update public.conversation_templates set name = name where id = %L', pg_temp.fx('tpl'))),
  ('conversation_templates', 'delete', format('delete from public.conversation_templates where id = %L', pg_temp.fx('tpl'))),
  ('scenarios', 'select', format('select 1 from public.scenarios where id = %L', pg_temp.fx('sc'))),
  ('scenarios', 'insert', format('insert into public.scenarios (workspace_id, template_id, name) values (%L, %L, %L)', pg_temp.fx('ws'), pg_temp.fx('tpl'), 'probe')),
  ('scenarios', 'update', format('update public.scenarios set name = name where id = %L', pg_temp.fx('sc'))),
  ('scenarios', 'delete', format('delete from public.scenarios where id = %L', pg_temp.fx('sc'))),
  ('edge_cases', 'select', format('select 1 from public.edge_cases where id = %L', pg_temp.fx('ec'))),
  ('edge_cases', 'insert', format('insert into public.edge_cases (workspace_id, scenario_id, title, description, edge_case_type, expected_behavior) values (%L, %L, %L, %L, %L, %L)',
                                  pg_temp.fx('ws'), pg_temp.fx('sc'), 'probe', 'd', 'other', 'e')),
  ('edge_cases', 'update', format('update public.edge_cases set title = title where id = %L', pg_temp.fx('ec'))),
  ('edge_cases', 'delete', format('delete from public.edge_cases where id = %L', pg_temp.fx('ec'))),
  ('conversations', 'select', format('select 1 from public.conversations where id = %L', pg_temp.fx('conv'))),
  ('conversations', 'insert', format('insert into public.conversations (workspace_id, template_id, title) values (%L, %L, %L)', pg_temp.fx('ws'), pg_temp.fx('tpl'), 'probe')),
  ('conversations', 'update', format('update public.conversations set title = title where id = %L', pg_temp.fx('conv'))),
  ('conversations', 'delete', format('delete from public.conversations where id = %L', pg_temp.fx('conv'))),
  ('conversation_turns', 'select', format('select 1 from public.conversation_turns where conversation_id = %L', pg_temp.fx('conv'))),
  ('conversation_turns', 'insert', format('insert into public.conversation_turns (conversation_id, workspace_id, turn_number, role, content) values (%L, %L, 2, %L, %L)',
                                          pg_temp.fx('conv'), pg_temp.fx('ws'), 'assistant', 'probe')),
  ('conversation_turns', 'update', format('update public.conversation_turns set content = content where conversation_id = %L', pg_temp.fx('conv'))),
  ('conversation_turns', 'delete', format('delete from public.conversation_turns where conversation_id = %L', pg_temp.fx('conv'))),
  ('generation_logs', 'select', format('select 1 from public.generation_logs where workspace_id = %L', pg_temp.fx('ws'))),
  ('generation_logs', 'insert', format('insert into public.generation_logs (workspace_id, conversation_id, model, status) values (%L, %L, %L, %L)', pg_temp.fx('ws'), pg_temp.fx('conv'), 'm', 'success')),
  ('generation_logs', 'update', format('update public.generation_logs set model = model where workspace_id = %L', pg_temp.fx('ws'))),
  ('generation_logs', 'delete', format('delete from public.generation_logs where workspace_id = %L', pg_temp.fx('ws'))),
  ('export_logs', 'select', format('select 1 from public.export_logs where id = %L', pg_temp.fx('exp'))),
  ('export_logs', 'insert', format('insert into public.export_logs (workspace_id, format, status, error_message, started_at) values (%L, %L, %L, %L, now())', pg_temp.fx('ws'), 'csv', 'failed', 'probe')),
  ('export_logs', 'update', format('update public.export_logs set format = format where id = %L', pg_temp.fx('exp'))),
  ('export_logs', 'delete', format('delete from public.export_logs where id = %L', pg_temp.fx('exp'))),
  ('batch_jobs', 'select', format('select 1 from public.batch_jobs where id = %L', pg_temp.fx('job'))),
  ('batch_jobs', 'insert', format('insert into public.batch_jobs (workspace_id, name) values (%L, %L)', pg_temp.fx('ws'), 'probe')),
  ('batch_jobs', 'update', format('update public.batch_jobs set status = %L where id = %L', 'cancelled', pg_temp.fx('job'))),
  ('batch_jobs', 'delete', format('delete from public.batch_jobs where id = %L', pg_temp.fx('job')));

-- The documented matrix. No row for a role = no access, except service_role, which has all
-- four unless listed. batch_jobs' owner update is the cancel (status -> cancelled).
create temp table rights (tbl text, who text, ops text[], primary key (tbl, who));
insert into rights values
  ('conversation_templates', 'alice', '{select,insert,update,delete}'), ('conversation_templates', 'mia', '{select}'),
  ('scenarios', 'alice', '{select,insert,update,delete}'), ('scenarios', 'mia', '{select}'),
  ('edge_cases', 'alice', '{select,insert,update,delete}'), ('edge_cases', 'mia', '{select}'),
  ('conversations', 'alice', '{select,insert,update,delete}'), ('conversations', 'mia', '{select}'),
  ('conversation_turns', 'alice', '{select,insert,update,delete}'), ('conversation_turns', 'mia', '{select}'),
  ('generation_logs', 'alice', '{select}'), ('generation_logs', 'mia', '{select}'), ('generation_logs', 'service_role', '{select,insert}'),
  ('export_logs', 'alice', '{select}'), ('export_logs', 'mia', '{select}'), ('export_logs', 'service_role', '{select,insert}'),
  ('batch_jobs', 'alice', '{select,insert,update}'), ('batch_jobs', 'mia', '{select}');

create temp table expected as
select p.tbl, p.op, w.who, w.label,
       case
         when w.who = 'service_role' and r.ops is null then 'allowed'
         when p.op = any (coalesce(r.ops, '{}')) then 'allowed'
         else 'denied'
       end as outcome
from probes p
cross join (values ('anon', 'anon'), ('alice', 'owner'), ('mia', 'member'), ('oscar', 'outsider'), ('service_role', 'service_role')) as w(who, label)
left join rights r on r.tbl = p.tbl and r.who = w.who;

select plan((select count(*)::int from expected) + 24 + 4 + 3);

select is(tests.attempt_as(e.who, p.stmt), e.outcome, format('%s %s as %s: %s', e.tbl, e.op, e.label, e.outcome))
from expected e join probes p using (tbl, op)
order by e.tbl, e.op, e.who;

-- ---- zero leaks: rows of workspaces the role is not a member of --------------------------------
create temp table membership as select workspace_id, user_id from public.workspace_members;
grant select on membership to anon, authenticated;
create function pg_temp.foreign_rows(who text, tbl text) returns bigint language plpgsql as $$
declare
  n bigint;
begin
  case who
    when 'anon' then perform tests.authenticate_as_anon();
    else perform tests.authenticate_as(who);
  end case;
  execute format('select count(*) from public.%I t where t.workspace_id not in (select workspace_id from pg_temp.membership where user_id = $1)', tbl)
    into n using case when who = 'anon' then null else tests.get_user_id(who) end;
  perform tests.clear_authentication();
  return n;
exception when insufficient_privilege then
  perform tests.clear_authentication();
  return 0;
end
$$;
select is(pg_temp.foreign_rows(w.who, t.tbl), 0::bigint, format('%s: %s sees no row of a foreign workspace', t.tbl, w.who))
from (values ('conversation_templates'), ('scenarios'), ('edge_cases'), ('conversations'), ('conversation_turns'),
             ('generation_logs'), ('export_logs'), ('batch_jobs')) as t(tbl)
cross join (values ('anon'), ('mia'), ('oscar')) as w(who)
order by t.tbl, w.who;

-- Positive visibility: the member sees the workspace's rows; the outsider sees only his own.
select tests.authenticate_as('mia');
select is((select count(*)::int from public.conversations c join public.conversation_turns t on t.conversation_id = c.id), 1, 'the member reads the conversation with its turn');
select is((select total from public.conversation_stats(pg_temp.fx('ws'))), 1::bigint, 'the member gets the workspace''s stats');
select tests.clear_authentication();
select tests.authenticate_as('oscar');
select is((select array_agg(title) from public.conversations), '{secret}'::text[], 'the outsider reads only his own conversation');
select is((select total from public.conversation_stats(pg_temp.fx('ws'))), 0::bigint, 'and gets nothing of ws''s stats');
select tests.clear_authentication();

-- ---- privileges behind the matrix ------------------------------------------------------------------
select is_empty(
  $$select format('anon %s %s', c.relname, p.priv) from pg_class c
    cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) as p(priv)
    where c.relnamespace = 'public'::regnamespace
      and c.relname in ('conversation_templates', 'scenarios', 'edge_cases', 'conversations', 'conversation_turns', 'generation_logs', 'export_logs', 'batch_jobs')
      and (has_table_privilege('anon', c.oid, p.priv) or (p.priv in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES') and has_any_column_privilege('anon', c.oid, p.priv)))$$,
  'anon holds no privilege on any training table, not even on a column');
select is_empty(
  $$select format('authenticated %s %s', c.relname, p.priv) from pg_class c
    cross join unnest(array['TRUNCATE', 'REFERENCES', 'TRIGGER']) as p(priv)
    where c.relnamespace = 'public'::regnamespace
      and c.relname in ('conversation_templates', 'scenarios', 'edge_cases', 'conversations', 'conversation_turns', 'generation_logs', 'export_logs', 'batch_jobs')
      and has_table_privilege('authenticated', c.oid, p.priv)$$,
  'authenticated holds no TRUNCATE, REFERENCES or TRIGGER on training tables');
select is_empty(
  $$select format('service_role %s %s', c.relname, p.priv) from pg_class c
    cross join unnest(array['UPDATE', 'DELETE', 'TRUNCATE']) as p(priv)
    where c.relnamespace = 'public'::regnamespace and c.relname in ('generation_logs', 'export_logs')
      and (has_table_privilege('service_role', c.oid, p.priv) or (p.priv = 'UPDATE' and has_any_column_privilege('service_role', c.oid, p.priv)))$$,
  'service_role cannot UPDATE, DELETE or TRUNCATE the logs');

select * from finish();
rollback;
