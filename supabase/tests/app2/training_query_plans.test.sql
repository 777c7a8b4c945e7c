-- Plan shape (not timing) of the training dashboard's queries on a realistic fixture: 20
-- workspaces, 100k conversations (5k per workspace, skewed statuses, 80% scored), 200k turns,
-- 200k generation logs over the last 150 days in monthly partitions (5% failures), 20k batch
-- jobs (2% queued), 20k exports. Each query uses the index designed for it (index, index-only or
-- bitmap scan: the planner's pick), never a sequential scan of a relation that holds rows, and
-- the ordered ones need no Sort node. Both for a workspace owner (under RLS) and for
-- service_role. No planner settings are changed.
--   list by status          -> idx_conversations_workspace_status_created, no sort
--   list by tier            -> idx_conversations_workspace_tier_created, no sort
--   top rated               -> idx_conversations_workspace_quality (partial), no sort
--   quality range           -> idx_conversations_workspace_quality
--   review queue            -> idx_conversations_review_queue (partial), no sort
--   dashboard stats scan    -> a (workspace_id, ...) index of conversations
--   a conversation's turns  -> conversation_turns_pkey or the FK index (ten rows)
--   a conversation's calls  -> idx_generation_logs_conversation (its partition indexes)
--   calls by time           -> idx_generation_logs_workspace_created, no sort, at most two partitions
--   recent failures         -> idx_generation_logs_failures (partial), no sort
--   batch queue claim       -> idx_batch_jobs_queue (partial), no sort (service_role only)
--   batch jobs by status    -> idx_batch_jobs_workspace_status, no sort
--   export history          -> idx_export_logs_workspace_created, no sort
begin;
select plan(33);

create temp table u as
select g as n, tests.create_user('trainer' || g) as id, md5('tws' || g)::uuid as ws from generate_series(1, 20) g;
-- The fixture is loaded with triggers off (foreign keys, audit, counters): this file is about
-- plan shapes, and the trigger paths have their own tests. Memberships are therefore written
-- here rather than by the workspace trigger.
set local session_replication_role = replica;
insert into public.workspaces (id, owner_id, name) select ws, id, 'ws ' || n from u;
insert into public.workspace_members (workspace_id, user_id, role) select ws, id, 'owner' from u;
insert into public.conversation_templates (id, workspace_id, name, template_text, created_by)
select md5('tpl' || u.n || '-' || k)::uuid, u.ws, 'template ' || k, 'Prompt {{x}} ' || k, u.id from u, generate_series(0, 19) k;
insert into public.scenarios (id, workspace_id, template_id, name, context)
select md5('sc' || u.n || '-' || k)::uuid, u.ws, md5('tpl' || u.n || '-' || (k % 20))::uuid, 'scenario ' || k, 'context ' || k from u, generate_series(0, 49) k;
insert into public.edge_cases (id, workspace_id, scenario_id, title, description, edge_case_type, expected_behavior)
select md5('ec' || u.n || '-' || k)::uuid, u.ws, md5('sc' || u.n || '-' || (k % 50))::uuid, 'edge ' || k, 'd', 'other', 'e' from u, generate_series(0, 99) k;
-- 1000 batch jobs per workspace, 2% still queued.
insert into public.batch_jobs (id, workspace_id, name, status, priority, total_items, completed_items, started_at, finished_at, created_at)
select md5('job' || u.n || '-' || k)::uuid, u.ws, 'job ' || k,
       case when k % 50 = 0 then 'queued' when k % 50 = 1 then 'failed' else 'completed' end, k % 7, 10,
       case when k % 50 in (0, 1) then 0 else 10 end, case when k % 50 = 0 then null else now() - k * interval '1 hour' end,
       case when k % 50 = 0 then null else now() - k * interval '1 hour' + interval '10 minutes' end,
       now() - k * interval '1 hour' - interval '1 minute'
from u, generate_series(0, 999) k;
-- 5000 conversations per workspace over the last 180 days.
insert into public.conversations (id, workspace_id, template_id, scenario_id, edge_case_id, batch_job_id, tier, status, quality_score, title, created_at)
select md5('conv' || u.n || '-' || k)::uuid, u.ws,
       md5('tpl' || u.n || '-' || (k % 20))::uuid,
       case when k % 10 >= 6 then md5('sc' || u.n || '-' || (k % 50))::uuid end,
       case when k % 10 = 9 then md5('ec' || u.n || '-' || (k % 50))::uuid end,
       md5('job' || u.n || '-' || (k % 1000))::uuid,
       case when k % 10 < 6 then 'template' when k % 10 < 9 then 'scenario' else 'edge_case' end,
       case when k % 100 < 40 then 'approved' when k % 100 < 55 then 'generated' when k % 100 < 63 then 'pending_review'
            when k % 100 < 68 then 'rejected' when k % 100 < 72 then 'needs_revision' when k % 100 < 80 then 'draft'
            when k % 100 < 90 then 'archived' when k % 100 < 93 then 'generating' else 'failed' end,
       case when k % 5 <> 0 then ((k * 37) % 1001) / 100.0 end,
       'conversation ' || k, now() - (k * 3109 % 259200) * interval '1 minute'
from u, generate_series(0, 4999) k;
-- 10 turns for each of the first 1000 conversations of every workspace.
insert into public.conversation_turns (conversation_id, workspace_id, turn_number, role, content, token_count)
select md5('conv' || u.n || '-' || k)::uuid, u.ws, t, case when t % 2 = 1 then 'user' else 'assistant' end, 'turn ' || t, 20
from u, generate_series(0, 999) k, generate_series(1, 10) t;
-- Past months' partitions, as the partition manager would have made them, then 200k calls.
select ops.partition_create('public.generation_logs', date_trunc('month', now() - m * interval '1 month', 'UTC')) from generate_series(1, 5) m;
insert into public.generation_logs (workspace_id, conversation_id, template_id, batch_job_id, model, status, input_tokens, output_tokens, cost_usd, duration_ms, error_code, created_at)
select u.ws, md5('conv' || u.n || '-' || (k % 5000))::uuid, md5('tpl' || u.n || '-' || (k % 20))::uuid, md5('job' || u.n || '-' || (k % 1000))::uuid,
       'claude-sonnet', case when k % 20 = 0 then 'error' else 'success' end, 1000, 500, 0.0105, 4000 + k % 3000,
       case when k % 20 = 0 then 'overloaded' end,
       now() - (k * 7919 % 216000) * interval '1 minute'
from u, generate_series(0, 9999) k;
insert into public.export_logs (workspace_id, requested_by, format, status, conversation_count, storage_path, file_size_bytes, started_at, finished_at, created_at)
select u.ws, u.id, 'jsonl', 'completed', 100, 'exports/' || u.n || '/' || k || '.jsonl', 1000, now() - k * interval '1 hour', now() - k * interval '1 hour' + interval '5 seconds',
       now() - k * interval '1 hour' + interval '5 seconds'
from u, generate_series(0, 999) k;
set local session_replication_role = origin;
-- workspaces and workspace_members too: the owner's plans go through the membership subquery of
-- the RLS policies, and their statistics would otherwise be whatever earlier tests and autovacuum
-- left (once autovacuum had analyzed workspace_members, every "as owner" plan changed).
-- A statistics target of 1000 samples 300,000 rows, more than any fixture table holds: ANALYZE
-- reads every row, so the estimates (and the plans) do not depend on which rows it happened to
-- sample. With the default sample, "dashboard stats scan" (5% of conversations) now and then
-- tipped to a sequential scan.
set local default_statistics_target = 1000;
analyze public.conversation_templates, public.scenarios, public.edge_cases, public.batch_jobs, public.conversations,
        public.conversation_turns, public.generation_logs, public.export_logs, public.workspaces, public.workspace_members;

select is((select count(*)::int from public.conversations), 100000, '100k conversations');
select is((select count(*)::int from public.conversation_turns), 200000, '200k turns');
select is((select count(*)::int from public.generation_logs), 200000, '200k generation logs');
select ok((select count(distinct tableoid) >= 5 and count(distinct tableoid) = count(distinct date_trunc('month', created_at, 'UTC')) from public.generation_logs),
          'spread over five or six monthly partitions, one per month');
select is((select count(*)::int from public.generation_logs_default), 0, 'none in the default partition');
select is((select count(*)::int from public.batch_jobs) + (select count(*)::int from public.export_logs), 40000, '20k batch jobs and 20k exports');

-- An index and, on a partitioned table, the partitions' indexes attached to it.
create function pg_temp.index_family(ix text) returns text[] language sql stable as $$
  select array[ix] || coalesce(array_agg(c.relname::text), '{}')
  from pg_inherits i join pg_class c on c.oid = i.inhrelid
  where i.inhparent = to_regclass('public.' || ix) $$;

-- What a plan must not contain: a Sort node ("Sort Key" lines of a Merge Append are fine), or a
-- sequential scan of a relation that holds rows. Empty partitions (the premade future months,
-- the default) are read with a sequential scan of zero pages, which costs nothing. The RLS
-- membership subquery reads workspace_members once per statement (hashed); a sequential scan of
-- the fixture's few dozen memberships is the right plan for it, so it does not count.
create function pg_temp.violations(plan text, must_not text[]) returns text[] language sql stable as $$
  select coalesce(array_agg(v), '{}') from (
    select 'Sort' as v where 'Sort' = any (must_not) and plan ~ '(^|\n) *(->  )?Sort\n'
    union all
    select 'Seq Scan on ' || m[1] from regexp_matches(plan, 'Seq Scan on (\S+)', 'g') m
    where 'Seq Scan' = any (must_not) and m[1] <> 'workspace_members'
      and (select c.reltuples > 0 from pg_class c where c.oid = to_regclass('public.' || m[1]))
  ) x $$;

create temp table queries (name text, q text, indexes text[], must_not text[], roles text[] default '{owner,service_role}');
insert into queries (name, q, indexes, must_not) values
  ('list by status',
   format($q$select id, title, tier, quality_score, created_at from public.conversations
             where workspace_id = %L and status = 'generated' order by created_at desc limit 25$q$, md5('tws1')::uuid),
   '{idx_conversations_workspace_status_created}', array['Seq Scan', 'Sort']),
  ('list by tier',
   format($q$select id, title, status, quality_score, created_at from public.conversations
             where workspace_id = %L and tier = 'edge_case' order by created_at desc limit 25$q$, md5('tws1')::uuid),
   '{idx_conversations_workspace_tier_created}', array['Seq Scan', 'Sort']),
  ('top rated',
   format($q$select id, title, quality_score from public.conversations
             where workspace_id = %L and quality_score is not null order by quality_score desc, created_at desc limit 25$q$, md5('tws1')::uuid),
   '{idx_conversations_workspace_quality}', array['Seq Scan', 'Sort']),
  ('quality range',
   format($q$select id, title, quality_score from public.conversations
             where workspace_id = %L and quality_score between 9 and 10 order by quality_score desc limit 25$q$, md5('tws1')::uuid),
   '{idx_conversations_workspace_quality}', array['Seq Scan']),
  ('review queue',
   format($q$select id, title, tier, quality_score, created_at from public.conversations
             where workspace_id = %L and status = 'pending_review' order by created_at limit 50$q$, md5('tws1')::uuid),
   '{idx_conversations_review_queue}', array['Seq Scan', 'Sort']),
  ('dashboard stats scan',
   format($q$select status, tier, quality_score, turn_count, total_tokens, estimated_cost_usd from public.conversations where workspace_id = %L$q$, md5('tws1')::uuid),
   '{idx_conversations_workspace_status_created,idx_conversations_workspace_tier_created}', array['Seq Scan']),
  -- Ten rows: the planner may read them through either key and sort them.
  ('a conversation''s turns',
   format($q$select turn_number, role, content from public.conversation_turns where conversation_id = %L order by turn_number$q$, md5('conv1-7')::uuid),
   '{conversation_turns_pkey,idx_conversation_turns_conversation_workspace}', array['Seq Scan']),
  ('a conversation''s calls',
   format($q$select created_at, model, status, cost_usd from public.generation_logs
             where workspace_id = %L and conversation_id = %L order by created_at desc$q$, md5('tws1')::uuid, md5('conv1-7')::uuid),
   pg_temp.index_family('idx_generation_logs_conversation'), array['Seq Scan']),
  ('calls by time',
   format($q$select created_at, model, status, cost_usd from public.generation_logs
             where workspace_id = %L and created_at >= now() - interval '7 days' and created_at < now() order by created_at desc limit 100$q$, md5('tws1')::uuid),
   pg_temp.index_family('idx_generation_logs_workspace_created'), array['Seq Scan', 'Sort']),
  ('recent failures',
   format($q$select created_at, model, error_code from public.generation_logs
             where workspace_id = %L and status <> 'success' order by created_at desc limit 50$q$, md5('tws1')::uuid),
   pg_temp.index_family('idx_generation_logs_failures'), array['Seq Scan', 'Sort']),
  ('batch jobs by status',
   format($q$select id, name, progress_pct, created_at from public.batch_jobs
             where workspace_id = %L and status = 'completed' order by created_at desc limit 25$q$, md5('tws1')::uuid),
   '{idx_batch_jobs_workspace_status}', array['Seq Scan', 'Sort']),
  ('export history',
   format($q$select id, format, status, conversation_count, created_at from public.export_logs
             where workspace_id = %L order by created_at desc limit 25$q$, md5('tws1')::uuid),
   '{idx_export_logs_workspace_created}', array['Seq Scan', 'Sort']);
-- The worker's claim runs as service_role only (owners cannot claim).
insert into queries values
  ('batch queue claim',
   $q$select id from public.batch_jobs where status = 'queued' order by priority desc, created_at, id limit 1 for update skip locked$q$,
   '{idx_batch_jobs_queue}', array['Seq Scan', 'Sort'], '{service_role}');

-- On failure the plan is printed as a diagnostic.
select ok(good, format('%s as %s uses %s, no %s', qs.name, w.who, qs.indexes[1], array_to_string(qs.must_not, ' or ')))
       || case when good then '' else E'\n' || diag(p) end
from queries qs cross join (values ('owner'), ('service_role')) as w(who),
     lateral (select tests.explain(qs.q, case w.who when 'owner' then 'trainer1' else w.who end) as p) pl,
     lateral (select exists (select from unnest(qs.indexes) ix where p ~ ('\m' || ix || '\M'))
                     and cardinality(pg_temp.violations(p, qs.must_not)) = 0 as good) g
where w.who = any (qs.roles)
order by qs.name, w.who;

-- Partition pruning: the last week's calls are read from at most two partitions (this month's
-- and, early in a month, the previous one).
select ok((select count(*) from regexp_matches(tests.explain((select q from queries where name = 'calls by time'), 'trainer1'), 'on generation_logs_p\d+', 'g')) <= 2,
          'calls by time reads only the partitions in range');
-- And the stats function answers at this size, through RLS.
select tests.authenticate_as('trainer1');
select is((select total from public.conversation_stats(md5('tws1')::uuid)), 5000::bigint, 'conversation_stats counts the owner''s 5000 conversations');
select tests.clear_authentication();

select * from finish();
rollback;
