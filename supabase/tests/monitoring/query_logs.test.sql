-- App-side query logs: batches, normalisation, statistics; and the partition helpers behind them.
begin;
select plan(10);

select is(ops.normalize_query($$SELECT *  FROM t WHERE id = 42 AND name = 'o''x' AND v = $1$$),
  'select * from t where id = ? and name = ? and v = ?', 'literals and parameters are folded');
select is(ops.query_hash('select 1 from t where id = 7'), ops.query_hash('SELECT 1 FROM t WHERE id = 99'),
  'the same statement with other literals hashes alike');

select is(ops.log_query_performance(jsonb_build_array(
  jsonb_build_object('query_text', 'conversations.list', 'duration_ms', 750, 'endpoint', '/api/mon-test'),
  jsonb_build_object('query_text', 'conversations.list', 'duration_ms', 20, 'endpoint', '/api/mon-test', 'error_message', 'boom'),
  jsonb_build_object('query_text', 'conversations.get', 'duration_ms', 5.5, 'endpoint', '/api/mon-test'))), 3,
  'a batch of three is inserted');
select results_eq($$ select total_queries, slow_queries, error_count, max_duration_ms
  from ops.query_log_stats(1, '/api/mon-test') $$, $$ values (3::bigint, 1::bigint, 1::bigint, 750::numeric) $$,
  'stats count slow (>= slow_query warn) and failed queries');
select is((select calls from ops.query_log_summary(1, 'query_hash') where sample_query = 'conversations.list'), 2::bigint,
  'summary groups by normalised hash');
select is((select count(*) from ops.query_performance_logs where endpoint = '/api/mon-test'
  and tableoid::regclass::text = 'ops.query_performance_logs_p' || to_char(now() at time zone 'UTC', 'YYYYMMDD')), 3::bigint,
  'rows land in today''s partition');

create table mon_parts (at timestamptz not null) partition by range (at);
select is(ops.ensure_time_partitions('mon_parts', 'day', '2026-01-30', 3), 3, 'three daily partitions');
select is(ops.ensure_time_partitions('mon_parts', 'day', '2026-01-30', 3), 0, 'a second call creates nothing');
select is(ops.ensure_time_partitions('mon_parts', 'month', '2026-03-15', 1), 1, 'a monthly partition');
select set_eq($$ select ops.drop_time_partitions('mon_parts', '2026-02-01') $$,
  array['public.mon_parts_p20260130', 'public.mon_parts_p20260131'],
  'retention drops exactly the partitions that ended before the cutoff');

select * from finish();
rollback;
