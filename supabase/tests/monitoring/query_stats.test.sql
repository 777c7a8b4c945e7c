-- pg_stat_statements history: baseline, exact per-interval deltas, reset and eviction marking,
-- and the slow-query readers. Statements run in this file are real top-level statements.
begin;
select plan(11);

-- Start from no history (rolled back with the test), whatever ran on this database before.
delete from ops.query_stats_history;
delete from ops.query_stats_last;
delete from ops.query_stat_snapshots;
create table mon_q_fixture (x int);
insert into mon_q_fixture values (1);

select ops.capture_query_stats();
select is((select status from ops.query_stat_snapshots order by id desc limit 1), 'baseline', 'the first snapshot is a baseline');

select count(*) from mon_q_fixture;
select count(*) from mon_q_fixture;
select count(*) from mon_q_fixture;
select pg_sleep(0.05) from mon_q_fixture;
select pg_sleep(0.05) from mon_q_fixture;

select ops.capture_query_stats();
-- 'evictions' when the shared view is full and other sessions' entries were deallocated meanwhile.
select ok((select status in ('complete', 'evictions') from ops.query_stat_snapshots order by id desc limit 1),
  'the next one stores deltas');
create temp view fixture_queries as
  select t.query, h.* from ops.query_stats_history h join ops.query_texts t using (dbid, queryid)
  where h.snapshot_id = (select max(id) from ops.query_stat_snapshots) and t.query like '%mon_q_fixture%' and h.toplevel;
select is((select calls from fixture_queries where query like 'select count(*)%'), 3::bigint, 'three calls in the interval');
select is((select calls from fixture_queries where query like 'select pg_sleep%'), 2::bigint, 'two pg_sleep calls');
select is((select execution_count from ops.get_slow_queries(1, 40) where query_text like 'select pg_sleep%mon_q_fixture%'),
  2::bigint, 'get_slow_queries finds the pg_sleep query with its call count');
select cmp_ok((select avg_duration_ms from ops.get_slow_queries(1, 40) where query_text like 'select pg_sleep%mon_q_fixture%'),
  '>=', 50::numeric, 'at its real mean');
select ok((select 'pg_sleep%' is not null from ops.top_queries(now() - interval '1 hour', now() + interval '1 minute', 'mean_time', 5) t
  where t.query like 'select pg_sleep%mon_q_fixture%'), 'top_queries ranks it by mean time');

-- A reset between snapshots (simulated: the stored reset time no longer matches) marks the interval.
update ops.query_stat_snapshots set stats_reset = '2000-01-01' where id = (select max(id) from ops.query_stat_snapshots);
select ops.capture_query_stats();
select is((select status from ops.query_stat_snapshots order by id desc limit 1), 'reset', 'a reset marks the interval');
select ok((select bool_and(counters_restarted) from ops.query_stats_history
  where snapshot_id = (select max(id) from ops.query_stat_snapshots)), 'its rows are counters since the reset, flagged');
update ops.query_stat_snapshots set dealloc = dealloc - 1 where id = (select max(id) from ops.query_stat_snapshots);
select ops.capture_query_stats();
select is((select status || ':' || evicted from ops.query_stat_snapshots order by id desc limit 1), 'evictions:1',
  'evictions mark the interval with how many');
select is_empty($$ select 1 from ops.query_stats_history where calls < 0 or total_exec_time < 0 or rows < 0 $$,
  'no negative deltas are ever stored');

select * from finish();
rollback;
