-- Bad input fails loudly with invalid_parameter_value (22023) and a message naming the problem.
begin;
select plan(20);

select throws_ok($$ select * from ops.get_slow_queries(-1, 500) $$, '22023',
  'get_slow_queries: hours must be > 0 and at most 8784 (one year), got -1', 'negative window');
select throws_ok($$ select * from ops.get_slow_queries(100000, 500) $$, '22023', null, 'absurd window');
select throws_ok($$ select * from ops.get_slow_queries(24, -5) $$, '22023',
  'get_slow_queries: threshold must be between 0 and 86400000 ms (one day), got -5', 'negative threshold');
select throws_ok($$ select * from ops.get_slow_queries(24, 1e12) $$, '22023', null, 'absurd threshold');
select throws_ok($$ select * from ops.analyze_slow_queries(-1) $$, '22023', null, 'analyze_slow_queries: negative threshold');
select throws_ok($$ select * from ops.top_queries(now(), now() - interval '1 hour') $$, '22023', null, 'top_queries: from after to');
select throws_ok($$ select * from ops.top_queries(now() - interval '2 years') $$, '22023', null, 'top_queries: window over a year');
select throws_ok($$ select * from ops.top_queries(now() - interval '1 hour', now(), 'random') $$, '22023', null, 'top_queries: bad order');
select throws_ok($$ select * from ops.top_queries(now() - interval '1 hour', now(), 'calls', 0) $$, '22023', null, 'top_queries: limit 0');
select throws_ok($$ select * from ops.detect_unused_indexes(-1) $$, '22023',
  'detect_unused_indexes: age_days must be between 0 and 3650, got -1', 'unused: negative age');
select throws_ok($$ select * from ops.latest_bloat(150) $$, '22023', null, 'latest_bloat: over 100%');
select throws_ok($$ select * from ops.long_running_sessions(-10) $$, '22023', null, 'long_running_sessions: negative');
select throws_ok($$ select ops.report('everything') $$, '22023', null, 'report: unknown section');
select throws_ok($$ select ops.report('summary', 0) $$, '22023', null, 'report: zero window');
select throws_ok($$ select ops.log_query_performance('[{"query_text": "q", "duration_ms": -1}]') $$, '22023',
  'log_query_performance: entry 1: duration_ms must be between 0 and 86400000', 'query log: negative duration');
select throws_ok($$ select ops.log_query_performance('{"not": "an array"}') $$, '22023', null, 'query log: not an array');
select throws_ok($$ select ops.create_performance_alert('slow_query', 'apocalyptic', 'x') $$, '22023', null, 'alert: bad severity');
select throws_ok($$ select ops.create_performance_alert('no_such_check', 'warning', 'x') $$, '22023', null, 'alert: unknown type');
select throws_ok($$ select * from ops.evaluate_performance_alerts(array['no_such_check']) $$, '22023', null, 'evaluate: unknown check');
select throws_ok($$ select ops.ensure_time_partitions('ops.query_performance_logs', 'week') $$, '22023', null, 'partitions: bad granularity');

select * from finish();
rollback;
