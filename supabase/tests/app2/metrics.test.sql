-- public.metrics: the seed 003 defects are gone (TimescaleDB, a nullable key column, one sample per
-- metric and instant); daily partitions are premade, retention drops whole partitions, time-range
-- queries prune partitions; ops.metrics_record validates and writes in bulk; get_metric_series'
-- bucket math, limits and RLS.
begin;
select plan(55);

select tests.create_user('alice');   -- owns ws
select tests.create_user('mia');     -- member of ws
select tests.create_user('oscar');   -- outsider, owns ws2
create temp table fx (name text primary key, id uuid not null);
insert into fx values ('alice', tests.get_user_id('alice')), ('mia', tests.get_user_id('mia')), ('oscar', tests.get_user_id('oscar')),
  ('ws', gen_random_uuid()), ('ws2', gen_random_uuid());
grant select on fx to authenticated, service_role;
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;
insert into public.workspaces (id, owner_id, name) values (pg_temp.fx('ws'), pg_temp.fx('alice'), 'alpha'), (pg_temp.fx('ws2'), pg_temp.fx('oscar'), 'oscar-ws');
insert into public.workspace_members (workspace_id, user_id) values (pg_temp.fx('ws'), pg_temp.fx('mia'));
-- T: one hour past today's UTC midnight; today's partition holds it whatever the time now.
create function pg_temp.t() returns timestamptz language sql stable as $$ select date_trunc('day', now(), 'UTC') + interval '1 hour' $$;

-- ---- schema -----------------------------------------------------------------------------------
select is((select array_agg(a.attname::text order by array_position(c.conkey, a.attnum)) from pg_constraint c
           join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
           where c.conrelid = 'public.metrics'::regclass and c.contype = 'p'), '{time,workspace_id,id}',
  'primary key (time, workspace_id, id): partition key, tenant, identity');
select is_empty($$select a.attname from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
                  where c.conrelid = 'public.metrics'::regclass and c.contype = 'p' and not a.attnotnull$$, 'no nullable primary-key column');
select is((select attidentity::text from pg_attribute where attrelid = 'public.metrics'::regclass and attname = 'id'), 'a', 'id is an identity');
select is((select pg_get_partkeydef('public.metrics'::regclass)), 'RANGE ("time")', 'metrics is range partitioned on time (no TimescaleDB)');
select is((select period || '/' || premake || '/' || retention from ops.partitioned_tables where schema_name = 'public' and table_name = 'metrics'),
  'day/7/30 days', 'registered with the partition manager: daily, 7 premade, 30 days retention');
select is((select pg_get_indexdef(i.indexrelid) from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
           where i.indrelid = 'public.metrics'::regclass and am.amname = 'brin'),
  'CREATE INDEX metrics_time_idx ON ONLY public.metrics USING brin ("time") WITH (pages_per_range=''32'')',
  'the partition manager added the BRIN index on time');
select is((select pg_get_indexdef('public.idx_metrics_workspace_metric_time'::regclass)),
  'CREATE INDEX idx_metrics_workspace_metric_time ON ONLY public.metrics USING btree (workspace_id, metric_name, "time" DESC)',
  'btree (workspace_id, metric_name, time desc) for series queries and the foreign key');
select tests.rls_enabled('public', 'metrics');

-- ---- partitions ahead --------------------------------------------------------------------------
select is((select count(*)::int from ops.partitions('public.metrics') p where not p.is_default and p.lower_bound >= date_trunc('day', now(), 'UTC')), 8,
  'today and 7 days ahead exist');
select is((select max(p.partition_name) from ops.partitions('public.metrics') p where not p.is_default),
  'metrics_p' || to_char((now() + interval '7 days') at time zone 'UTC', 'YYYYMMDD'), 'the last premade partition is 7 days ahead, named metrics_pYYYYMMDD');
select ok((select bool_and(c.relrowsecurity and not has_table_privilege('authenticated', c.oid, 'select'))
           from ops.partitions('public.metrics') p join pg_class c on c.oid = p.partition_oid), 'partitions have RLS and no API grants');

-- ---- ops.metrics_record -------------------------------------------------------------------------
select is(ops.metrics_record(jsonb_build_array(
    jsonb_build_object('workspace_id', pg_temp.fx('ws'), 'metric_name', 'cpu', 'value', 0.5, 'time', now(), 'tags', '{"host": "a"}'::jsonb),
    jsonb_build_object('workspace_id', pg_temp.fx('ws'), 'metric_name', 'cpu', 'value', 0.7, 'time', now(), 'tags', '{"host": "b"}'::jsonb),
    jsonb_build_object('workspace_id', pg_temp.fx('ws'), 'metric_name', 'cpu', 'value', 0.7, 'time', now(), 'tags', '{"host": "b"}'::jsonb),
    jsonb_build_object('workspace_id', pg_temp.fx('ws2'), 'metric_name', 'requests', 'value', 12))), 4::bigint,
  'a batch of four samples is recorded');
select is((select count(*)::int from public.metrics where workspace_id = pg_temp.fx('ws') and metric_name = 'cpu' and time = now()), 3,
  'samples with different (and equal) tags at the same instant all fit');
select is((select time = now() and tags = '{}' from public.metrics where workspace_id = pg_temp.fx('ws2')), true, 'time defaults to now, tags to {}');
select is(ops.metrics_record('[]'), 0::bigint, 'an empty batch records nothing');

create function pg_temp.rec(sample jsonb) returns bigint language sql as $$ select ops.metrics_record(jsonb_build_array(sample)) $$;
create function pg_temp.ok_sample(extra jsonb default '{}') returns jsonb language sql stable as $$
  select jsonb_build_object('workspace_id', pg_temp.fx('ws'), 'metric_name', 'latency_ms', 'value', 1) || extra $$;
select throws_ok($$select ops.metrics_record('{"value": 1}')$$, '22023', 'ops.metrics_record: samples must be a JSON array of objects, got object', 'the batch must be an array');
select throws_ok($$select pg_temp.rec(pg_temp.ok_sample('{"value": "NaN"}'))$$, '22023', 'ops.metrics_record: sample [0]: value must be a finite number, got NaN', 'NaN is refused');
select throws_ok($$select pg_temp.rec(pg_temp.ok_sample('{"value": "-Infinity"}'))$$, '22023', 'ops.metrics_record: sample [0]: value must be a finite number, got -Infinity', '-Infinity is refused');
select throws_ok($$select pg_temp.rec(pg_temp.ok_sample('{"value": null}'))$$, '22023',
  'ops.metrics_record: sample [0]: value is missing or null (JSON.stringify writes NaN and Infinity as null): metrics must be finite numbers',
  'null (what JSON.stringify makes of NaN) is refused with a hint');
select throws_ok($$select pg_temp.rec(pg_temp.ok_sample('{"value": 1e400}'))$$, '22023', null, 'a number beyond double precision is refused');
select throws_ok($$select pg_temp.rec(pg_temp.ok_sample('{"value": "12"}'))$$, '22023', 'ops.metrics_record: sample [0]: value must be a JSON number, got string', 'a numeric string is refused');
select throws_ok($$select pg_temp.rec(pg_temp.ok_sample('{"metric_name": "drop table x; --"}'))$$, '22023', null, 'a metric name outside the allowed characters is refused');
select throws_ok($$select pg_temp.rec(pg_temp.ok_sample('{"workspace_id": "not-a-uuid"}'))$$, '22023', 'ops.metrics_record: sample [0]: workspace_id must be a uuid string', 'a bad workspace id is refused');
select throws_ok($$select pg_temp.rec(pg_temp.ok_sample('{"val": 2}'))$$, '22023', 'ops.metrics_record: sample [0]: unknown key val (expected time, workspace_id, metric_name, value, tags)', 'an unknown key (a typo) is refused');
select throws_ok($$select pg_temp.rec(pg_temp.ok_sample(jsonb_build_object('time', to_char(now(), 'YYYY-MM-DD HH24:MI:SS'))))$$, '22023', null, 'a time without an offset is refused');
select throws_ok($$select pg_temp.rec(pg_temp.ok_sample('{"time": "2026-13-01T00:00:00Z"}'))$$, '22023', 'ops.metrics_record: sample [0]: time 2026-13-01T00:00:00Z is not a valid timestamp', 'an impossible date is refused');
select throws_ok($$select pg_temp.rec(pg_temp.ok_sample(jsonb_build_object('time', now() - interval '31 days')))$$, '22023', null, 'a sample older than the retention is refused');
select throws_ok($$select pg_temp.rec(pg_temp.ok_sample('{"tags": ["a"]}'))$$, '22023', 'ops.metrics_record: sample [0]: tags must be an object, got array', 'tags must be an object');
select throws_ok($$select pg_temp.rec(pg_temp.ok_sample(jsonb_build_object('workspace_id', gen_random_uuid())))$$, '23503', null, 'an unknown workspace is refused');
select throws_ok($$select ops.metrics_record((select jsonb_agg(pg_temp.ok_sample()) from generate_series(1, 10001)))$$, '54000', null, 'at most 10000 samples per call');
select throws_ok(format($$select ops.metrics_record(jsonb_build_array(pg_temp.ok_sample(), pg_temp.ok_sample(), pg_temp.ok_sample('{"value": "Infinity"}')))$$),
  '22023', 'ops.metrics_record: sample [2]: value must be a finite number, got Infinity', 'the first bad sample is named by its index');
select is((select count(*)::int from public.metrics where metric_name = 'latency_ms'), 0, 'a batch with a bad sample writes nothing');
select throws_ok(format($$insert into public.metrics (time, workspace_id, metric_name, value) values (now(), %L, 'x', 'NaN')$$, pg_temp.fx('ws')), '23514', null,
  'the table refuses NaN even without the function');

-- ---- retention ---------------------------------------------------------------------------------
select ops.partition_create('public.metrics', now() - interval '40 days');
select ops.partition_create('public.metrics', now() - interval '29 days');
insert into public.metrics (time, workspace_id, metric_name, value) values
  (now() - interval '40 days', pg_temp.fx('ws'), 'old', 1), (now() - interval '29 days', pg_temp.fx('ws'), 'recent', 1);
select ok((select m.dropped >= 1 and m.error is null from ops.partition_maintain('public.metrics') m), 'partition maintenance drops partitions past 30 days');
select ok(to_regclass('public.metrics_p' || to_char((now() - interval '40 days') at time zone 'UTC', 'YYYYMMDD')) is null, 'the 40-day-old partition is gone');
select is((select string_agg(metric_name, ',') from public.metrics where metric_name in ('old', 'recent')), 'recent', 'with its rows; the 29-day-old partition stays');
select ok(not exists (select from ops.partitions('public.metrics') p where p.upper_bound <= now() - interval '30 days'), 'no partition older than the retention remains');

-- ---- partition pruning ------------------------------------------------------------------------
insert into public.metrics (time, workspace_id, metric_name, value, tags)
select pg_temp.t() + (i - 1) * interval '6 seconds', pg_temp.fx('ws'), 'latency_ms', i,
  case when i % 2 = 0 then '{"region": "eu"}'::jsonb else '{"region": "us"}'::jsonb end
from generate_series(1, 100) i;
select doesnt_match(tests.explain(format($$select count(*) from public.metrics where time >= %L and time < %L$$, date_trunc('day', now(), 'UTC'), date_trunc('day', now(), 'UTC') + interval '1 day')),
  'metrics_default|metrics_p' || to_char((now() + interval '1 day') at time zone 'UTC', 'YYYYMMDD'),
  'a one-day range plans no other partition (no default, no tomorrow)');
select matches(tests.explain(format($$select count(*) from public.metrics where time >= %L and time < %L$$, date_trunc('day', now(), 'UTC'), date_trunc('day', now(), 'UTC') + interval '1 day')),
  'metrics_p' || to_char(now() at time zone 'UTC', 'YYYYMMDD'), 'it scans today''s partition');
set local plan_cache_mode = force_generic_plan;
prepare series_q(uuid, timestamptz, timestamptz) as
  select count(*) from public.metrics m where m.workspace_id = $1 and m.metric_name = 'latency_ms' and m.time >= $2 and m.time < $3;
select matches(tests.explain(format('execute series_q(%L, %L, %L)', pg_temp.fx('ws'), pg_temp.t(), pg_temp.t() + interval '1 hour')),
  'Subplans Removed: \d+', 'with parameters (a generic plan, as in functions) partitions are pruned at run time');
deallocate series_q;
reset plan_cache_mode;

-- ---- get_metric_series: bucket math -----------------------------------------------------------
-- 100 samples, value i at T + (i-1)*6 s: the first 5-minute bucket holds 1..50, the second 51..100.
select results_eq(format($$select bucket, samples, avg, min, max, round(p95::numeric, 2) from public.get_metric_series(%L, 'latency_ms', %L, %L, interval '5 minutes')$$,
    pg_temp.fx('ws'), pg_temp.t(), pg_temp.t() + interval '15 minutes'),
  format($$values (%L::timestamptz, 50::bigint, 25.5::float8, 1::float8, 50::float8, 47.55::numeric),
                  (%L::timestamptz, 50::bigint, 75.5::float8, 51::float8, 100::float8, 97.55::numeric),
                  (%L::timestamptz, 0::bigint, null::float8, null::float8, null::float8, null::numeric)$$,
    pg_temp.t(), pg_temp.t() + interval '5 minutes', pg_temp.t() + interval '10 minutes'),
  'count, avg, min, max and p95 per bucket; empty buckets are listed');
select results_eq(format($$select bucket, samples, min from public.get_metric_series(%L, 'latency_ms', %L, %L, interval '5 minutes') limit 1$$,
    pg_temp.fx('ws'), pg_temp.t() + interval '2 minutes', pg_temp.t() + interval '15 minutes'),
  format($$values (%L::timestamptz, 30::bigint, 21::float8)$$, pg_temp.t()),
  'buckets stay aligned to the origin; the first one is partial (samples from from_time on)');
select is((select sum(samples)::int from public.get_metric_series(pg_temp.fx('ws'), 'latency_ms', pg_temp.t(), pg_temp.t() + interval '594 seconds', interval '5 minutes')), 99,
  'to_time is exclusive');
select is((select array_agg(samples order by bucket) from public.get_metric_series(pg_temp.fx('ws'), 'latency_ms', pg_temp.t(), pg_temp.t() + interval '10 minutes', interval '5 minutes', '{"region": "eu"}')),
  '{25,25}'::bigint[], 'tag_filter keeps matching samples only');
select results_eq(format($$select bucket, samples, avg from public.get_metric_series(%L, 'latency_ms', %L, %L, interval '7 minutes')$$,
    pg_temp.fx('ws'), pg_temp.t() - interval '1 hour', pg_temp.t() + interval '1 hour'),
  format($$select to_timestamp(floor(extract(epoch from time - '2000-01-03 00:00:00+00') / 420) * 420 + extract(epoch from '2000-01-03 00:00:00+00'::timestamptz)) as b,
                  count(*), avg(value)
           from public.metrics where workspace_id = %L and metric_name = 'latency_ms' group by 1
           union all
           select b, 0, null from generate_series(date_bin('7 minutes', %L::timestamptz, '2000-01-03 00:00:00+00'), %L::timestamptz - interval '1 microsecond', '7 minutes') b
           where not exists (select from public.metrics where workspace_id = %L and metric_name = 'latency_ms' and date_bin('7 minutes', time, '2000-01-03 00:00:00+00') = b)
           order by 1$$, pg_temp.fx('ws'), pg_temp.t() - interval '1 hour', pg_temp.t() + interval '1 hour', pg_temp.fx('ws')),
  '7-minute buckets match an independent epoch computation');
set local timezone = 'America/New_York';
select is((select array_agg(to_char(bucket at time zone 'UTC', 'MM-DD HH24:MI') order by bucket)
           from public.get_metric_series(pg_temp.fx('ws'), 'latency_ms', '2026-10-31 00:00+00', '2026-11-03 00:00+00', interval '1 day')),
  '{"10-31 00:00","11-01 00:00","11-02 00:00"}', 'day buckets are 24 h at UTC midnight, across a daylight saving change of the session zone');
reset timezone;
select throws_ok(format($$select * from public.get_metric_series(%L, 'latency_ms', now() - interval '30 days', now(), interval '1 second')$$, pg_temp.fx('ws')),
  '54000', null, 'an absurd bucket count (2.6 million) is refused');
select throws_ok(format($$select * from public.get_metric_series(%L, 'latency_ms', now() - interval '1 day', now(), interval '1 month')$$, pg_temp.fx('ws')),
  '22023', null, 'month buckets are refused (date_bin bins by fixed lengths)');
select throws_ok(format($$select * from public.get_metric_series(%L, 'latency_ms', now(), now() - interval '1 day', interval '1 hour')$$, pg_temp.fx('ws')),
  '22023', null, 'from_time must precede to_time');
select throws_ok(format($$select * from public.get_metric_series(%L, 'latency_ms', now() - interval '1 day', now(), interval '-1 hour')$$, pg_temp.fx('ws')),
  '22023', null, 'a negative bucket is refused');

-- ---- RLS -------------------------------------------------------------------------------------------
select tests.authenticate_as('mia');
select is((select count(*)::int from public.metrics), 104, 'a member reads her workspace''s 104 samples (3 cpu, 1 recent, 100 latency) and nothing of ws2');
select is((select count(*)::int from public.get_metric_series(pg_temp.fx('ws'), 'latency_ms', pg_temp.t(), pg_temp.t() + interval '15 minutes', interval '5 minutes') where samples > 0), 2,
  'and gets its series');
select throws_ok(format($$insert into public.metrics (time, workspace_id, metric_name, value) values (now(), %L, 'x', 1)$$, pg_temp.fx('ws')), '42501', null,
  'members cannot write metrics');
select tests.clear_authentication();
select tests.authenticate_as('oscar');
select is((select count(*)::int from public.get_metric_series(pg_temp.fx('ws'), 'latency_ms', pg_temp.t(), pg_temp.t() + interval '15 minutes', interval '5 minutes')), 0,
  'an outsider gets no rows at all, not even empty buckets');
select throws_ok($$select ops.metrics_record('[]')$$, '42501', null, 'users cannot call ops.metrics_record');
select tests.clear_authentication();

select * from finish();
rollback;
