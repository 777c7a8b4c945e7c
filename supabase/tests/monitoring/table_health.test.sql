-- Table health: both bloat tiers stored with their method, stats quality, the confirmation budget,
-- sequences (type-, direction- and column-aware) and wraparound.
begin;
select plan(15);

create schema mon_tbl;
create table mon_tbl.t (id bigint primary key, payload text);
insert into mon_tbl.t select g, md5(g::text) from generate_series(1, 20000) g;
-- Half the rows dead (no VACUUM inside a transaction): a bloat candidate for tier 2.
delete from mon_tbl.t where id % 2 = 0;

select is((select stats_quality from ops.estimate_table_bloat() where schemaname = 'mon_tbl' and tablename = 't'), 'missing',
  'never analysed: tier 1 says its statistics are missing');
analyze mon_tbl.t;
select is((select stats_quality from ops.estimate_table_bloat() where schemaname = 'mon_tbl' and tablename = 't'), 'ok',
  'after ANALYZE the estimate is trusted');
select is((select details ->> 'tuple_bytes' from ops.estimate_table_bloat() where schemaname = 'mon_tbl' and tablename = 't'),
  '76', 'heap tuple size from widths: 24 header + 8 bigint + 33 text, aligned, + 4 line pointer');

-- Every relation qualifies, and the budget covers them all: other modules' tables compete too.
update ops.monitoring_config set value = '0' where key = 'bloat_min_bytes';
update ops.monitoring_config set value = '100000' where key = 'bloat_confirm_max_relations';
update ops.monitoring_config set value = '600000' where key = 'bloat_confirm_budget_ms';
select cmp_ok(ops.capture_table_bloat_snapshot(), '>', 0, 'a snapshot stores rows');
select is((select count(*) from ops.table_bloat_snapshots where schemaname = 'mon_tbl' and method = 'estimate'), 2::bigint,
  'tier 1 covers the table and its index');
select set_eq($$ select method from ops.table_bloat_snapshots where schemaname = 'mon_tbl' and method <> 'estimate' $$,
  array['pgstattuple_approx', 'pgstatindex'], 'tier 2 confirmed both, each stored with its method');
select ok((select bool_and(bloat_bytes = actual_size_bytes - estimated_size_bytes and bloat_pct between 0 and 100)
  from ops.table_bloat_snapshots where schemaname = 'mon_tbl'), 'bloat figures are consistent');
select is((select method from ops.latest_bloat() where schemaname = 'mon_tbl' and indexname is null), 'pgstattuple_approx',
  'latest_bloat prefers the measured figure');

update ops.monitoring_config set value = '0' where key = 'bloat_confirm_max_relations';
select ops.capture_table_bloat_snapshot();
select is((select count(*) from ops.table_bloat_snapshots
  where snapshot_timestamp = (select max(snapshot_timestamp) from ops.table_bloat_snapshots) and method <> 'estimate'),
  0::bigint, 'with no confirmation budget only tier 1 runs');

create index t_gin on mon_tbl.t using gin (to_tsvector('simple', payload));
select throws_ok($$ select * from ops.measure_bloat('mon_tbl.t_gin'::regclass) $$, '42809', null,
  'tier 2 refuses what it cannot measure');

-- Sequences: a bigint sequence behind an integer column ends at 2^31 - 1.
create table mon_tbl.s (id integer);
create sequence mon_tbl.s_seq;
alter table mon_tbl.s alter column id set default nextval('mon_tbl.s_seq');
select setval('mon_tbl.s_seq', 2000000000);
select is((select range_max from ops.sequence_health() where sequencename = 's_seq'), 2147483647::numeric,
  'the column type caps the range');
select cmp_ok((select pct_used from ops.sequence_health() where sequencename = 's_seq'), '>', 93::numeric,
  'and the percentage uses it');
create sequence mon_tbl.down increment -1 minvalue -1000 maxvalue -1 start -1;
select setval('mon_tbl.down', -900);
select is((select round(pct_used) from ops.sequence_health() where sequencename = 'down'), 90::numeric,
  'a descending sequence counts towards its minimum');
select is((select remaining_values from ops.sequence_health() where sequencename = 'down'), 100::numeric,
  'remaining values honour the increment');

select cmp_ok((select xid_age from ops.wraparound_status()), '>', 0, 'wraparound age is read for this database');

select * from finish();
rollback;
