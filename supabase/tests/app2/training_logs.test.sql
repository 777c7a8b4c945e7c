-- generation_logs and export_logs: monthly partitions with 180 days retention on the partition
-- manager, keys that include the partition key, cost roll-up into the conversation, append-only
-- for every API role (also through a partition's own name), while the owner's foreign-key
-- actions still work; export_logs' consistency checks; every foreign key of the eight training
-- tables has a covering index.
begin;
select plan(25);

select tests.create_user('alice');
create temp table fx (name text primary key, id uuid not null);
insert into fx values ('alice', tests.get_user_id('alice')), ('ws', gen_random_uuid()), ('conv', gen_random_uuid()), ('tpl', gen_random_uuid()), ('job', gen_random_uuid());
grant select on fx to authenticated, service_role;
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;
insert into public.workspaces (id, owner_id, name) values (pg_temp.fx('ws'), pg_temp.fx('alice'), 'alpha');
insert into public.conversation_templates (id, workspace_id, name, template_text) values (pg_temp.fx('tpl'), pg_temp.fx('ws'), 't', 'x');
insert into public.batch_jobs (id, workspace_id, name, total_items) values (pg_temp.fx('job'), pg_temp.fx('ws'), 'b', 10);
insert into public.conversations (id, workspace_id, template_id, batch_job_id) values (pg_temp.fx('conv'), pg_temp.fx('ws'), pg_temp.fx('tpl'), pg_temp.fx('job'));
create function pg_temp.current_partition() returns text language sql stable as $$
  select p.partition_name from ops.partitions('public.generation_logs') p where not p.is_default and now() >= p.lower_bound and now() < p.upper_bound $$;

-- ---- partitioning -----------------------------------------------------------------------------------
select is((select partstrat::text from pg_partitioned_table where partrelid = 'public.generation_logs'::regclass), 'r', 'generation_logs is range partitioned');
select is((select period || '/' || premake || '/' || retention || '/' || brin from ops.partitioned_tables where schema_name = 'public' and table_name = 'generation_logs'),
          'month/3/180 days/false', 'registered: monthly, 3 premade, 180 days retention, no BRIN (the primary key leads with created_at)');
select is((select array_agg(a.attname::text order by k.ord) from pg_constraint c cross join unnest(c.conkey) with ordinality k(attnum, ord)
           join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
           where c.conrelid = 'public.generation_logs'::regclass and c.contype = 'p'), '{created_at,id}', 'the primary key is (created_at, id)');
select ok((select count(*) >= 4 from ops.partitions('public.generation_logs') p where not p.is_default and p.upper_bound > now()), 'current and premade partitions exist');
select ok((select relrowsecurity from pg_class where relname = pg_temp.current_partition()), 'partitions have RLS on');
create table public.generation_logs_p202001 partition of public.generation_logs for values from ('2020-01-01 00:00+00') to ('2020-02-01 00:00+00');
select ops.partition_create('public.generation_logs', date_trunc('month', now() - interval '3 months', 'UTC'));
select ops.partition_maintain('public.generation_logs');
select ok(to_regclass('public.generation_logs_p202001') is null, 'partitions older than 180 days are dropped');
select ok(to_regclass('public.' || ops.partition_name('generation_logs', date_trunc('month', now() - interval '3 months', 'UTC'), 'month')) is not null,
          'the partition of three months ago is kept');

-- ---- writing: service_role inserts; the conversation's cost follows ------------------------------------------
select tests.authenticate_as_service_role();
select lives_ok(format($$insert into public.generation_logs (workspace_id, conversation_id, template_id, batch_job_id, model, status, input_tokens, output_tokens, cost_usd, duration_ms, request_id, error_code)
                         values (%L, %L, %L, %L, 'claude-sonnet', 'success', 1200, 800, 0.0150, 5400, 'req_1', null),
                                (%L, %L, %L, %L, 'claude-sonnet', 'rate_limited', 0, 0, 0, 120, 'req_2', 'rate_limit_error')$$,
                        pg_temp.fx('ws'), pg_temp.fx('conv'), pg_temp.fx('tpl'), pg_temp.fx('job'), pg_temp.fx('ws'), pg_temp.fx('conv'), pg_temp.fx('tpl'), pg_temp.fx('job')),
                'service_role logs calls');
select tests.clear_authentication();
select is((select estimated_cost_usd from public.conversations where id = pg_temp.fx('conv')), 0.015::numeric, 'the call''s cost is added to the conversation');
select is((select count(*)::int from public.generation_logs where created_at >= date_trunc('month', now()) and conversation_id = pg_temp.fx('conv')), 2, 'the calls are in this month''s partition');
select throws_ok(format($$insert into public.generation_logs (workspace_id, model, status) values (%L, 'm', 'error')$$, pg_temp.fx('ws')),
                 '23514', null, 'a failed call needs an error code or message');
select throws_ok(format($$insert into public.generation_logs (workspace_id, conversation_id, model, status) values (%L, %L, 'm', 'success')$$, gen_random_uuid(), pg_temp.fx('conv')),
                 '23503', null, 'a log cannot point at another workspace''s conversation');

-- ---- append-only for API roles, also through a partition's name ------------------------------------------
select tests.authenticate_as_service_role();
select throws_ok($$update public.generation_logs set model = 'x'$$, '42501', null, 'service_role cannot UPDATE generation_logs');
select throws_ok($$delete from public.generation_logs$$, '42501', null, 'service_role cannot DELETE generation_logs');
select throws_ok(format('update public.%I set model = %L', pg_temp.current_partition(), 'x'), '42501', null, 'nor UPDATE through a partition''s name');
select throws_ok(format('delete from public.%I', pg_temp.current_partition()), '42501', null, 'nor DELETE through a partition''s name');
select tests.clear_authentication();
-- The owner's foreign-key action still clears the link when the conversation goes.
delete from public.conversations where id = pg_temp.fx('conv');
select is((select count(*)::int from public.generation_logs where workspace_id = pg_temp.fx('ws') and conversation_id is null and template_id = pg_temp.fx('tpl')), 2,
          'deleting a conversation keeps its logs, unlinked');

-- ---- export_logs ---------------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select lives_ok(format($$insert into public.export_logs (workspace_id, requested_by, format, filters, status, conversation_count, storage_path, file_size_bytes, started_at, finished_at)
                         values (%L, %L, 'jsonl', '{"status": ["approved"]}', 'completed', 120, 'exports/a.jsonl', 4096, '2026-01-01 10:00:00+00', '2026-01-01 10:00:02.5+00')$$,
                        pg_temp.fx('ws'), pg_temp.fx('alice')), 'service_role logs an export');
select throws_ok($$update public.export_logs set status = 'failed'$$, '42501', null, 'service_role cannot UPDATE export_logs');
select tests.clear_authentication();
select is((select duration_ms from public.export_logs where workspace_id = pg_temp.fx('ws')), 2500::bigint, 'duration_ms is derived from the timings');
select throws_ok(format($$insert into public.export_logs (workspace_id, format, status, started_at) values (%L, 'csv', 'completed', now())$$, pg_temp.fx('ws')),
                 '23514', null, 'a completed export names its file');
select throws_ok(format($$insert into public.export_logs (workspace_id, format, status, started_at) values (%L, 'csv', 'failed', now())$$, pg_temp.fx('ws')),
                 '23514', null, 'a failed export says why');
select throws_ok(format($$insert into public.export_logs (workspace_id, format, status, error_message, started_at) values (%L, 'xml', 'failed', 'x', now())$$, pg_temp.fx('ws')),
                 '23514', null, 'format is jsonl, json, csv or markdown');

-- ---- deleting a workspace takes its logs (the owner's cascade passes the append-only trigger) ------------------
select tests.authenticate_as('alice');
delete from public.workspaces where id = pg_temp.fx('ws');
select tests.clear_authentication();
select is((select count(*)::int from public.generation_logs where workspace_id = pg_temp.fx('ws')) + (select count(*)::int from public.export_logs where workspace_id = pg_temp.fx('ws')), 0,
          'a deleted workspace''s generation and export logs are gone');

-- ---- every foreign key of the training tables is covered by an index ---------------------------------------------
select is_empty($$select tablename || '.' || constraint_name from ops.unindexed_foreign_keys()
                  where schemaname = 'public' and tablename in ('conversation_templates', 'scenarios', 'edge_cases', 'conversations',
                    'conversation_turns', 'generation_logs', 'export_logs', 'batch_jobs')$$,
                'every foreign key of the training tables leads an index');

select * from finish();
rollback;
