-- Index health on fixtures: duplicates, prefixes, unindexed foreign keys, and unused indexes
-- judged only from history (two snapshots at least), with the first-seen date and reset handling.
begin;
select plan(14);

create schema mon_idx;
create table mon_idx.parent (id bigint primary key);
create table mon_idx.t (id bigint primary key, a int, b int, parent_id bigint references mon_idx.parent);
create index t_a on mon_idx.t (a);
create index t_a_again on mon_idx.t (a);
create index t_a_b on mon_idx.t (a, b);
create unique index t_b_unique on mon_idx.t (b);
create index t_b_plain on mon_idx.t (b);

select is((select kind || ' of ' || covered_by from ops.duplicate_indexes() where indexname = 't_a_again'),
  'duplicate of t_a', 'an exact duplicate is reported against the older index');
select is((select kind || ' of ' || covered_by from ops.duplicate_indexes() where indexname = 't_a'),
  'prefix of t_a_b', 'a left prefix of a wider index is reported');
select is((select kind || ' of ' || covered_by from ops.duplicate_indexes() where indexname = 't_b_plain'),
  'duplicate of t_b_unique', 'a plain index duplicating a unique one is the redundant one');
select is_empty($$ select 1 from ops.duplicate_indexes() where indexname in ('t_b_unique', 't_a_b', 't_pkey') $$,
  'unique, primary and widest indexes are kept');

select is((select suggestion from ops.unindexed_foreign_keys() where tablename = 't'),
  'create index concurrently on mon_idx.t (parent_id)', 'an unindexed foreign key is reported with its fix');
create index t_parent on mon_idx.t (parent_id);
select is_empty($$ select 1 from ops.unindexed_foreign_keys() where tablename = 't' $$, 'indexing it clears the finding');

-- Unused: never judged without history.
select is_empty($$ select 1 from ops.detect_unused_indexes(0, 0) where schemaname = 'mon_idx' $$,
  'no history: nothing is unused yet');
select ops.capture_index_usage_snapshot();
select is_empty($$ select 1 from ops.detect_unused_indexes(0, 0) where schemaname = 'mon_idx' $$,
  'one snapshot is not a history');
select ops.capture_index_usage_snapshot();
select set_eq($$ select indexname from ops.detect_unused_indexes(0, 0) where schemaname = 'mon_idx' $$,
  array['t_a', 't_a_again', 't_a_b', 't_b_plain', 't_parent'],
  'after two snapshots the never-scanned non-unique indexes are unused (unique and primary skipped)');
select is((select first_seen_at from ops.detect_unused_indexes(0, 0) where indexname = 't_a'),
  (select min(snapshot_timestamp) from ops.index_usage_snapshots where schemaname = 'mon_idx' and indexname = 't_a'),
  'first seen = the first snapshot that saw it');
select is_empty($$ select 1 from ops.detect_unused_indexes(30, 0) where schemaname = 'mon_idx' $$,
  'with a 30-day bar, seconds of history are not enough');

-- Thirty-one days of quiet, simulated by moving its first sighting back.
update ops.index_usage_state set first_seen_at = first_seen_at - interval '31 days' where indexname = 't_a';
select is((select floor(days_since_last_scan) from ops.detect_unused_indexes(30, 0) where indexname = 't_a'), 31::numeric,
  'days without scans come from the history');

-- Counters going backwards (a stats reset) restart the quiet period at the reset.
update ops.index_usage_state set last_idx_scan = 5 where indexname = 't_a';
select ops.capture_index_usage_snapshot();
select ok((select counters_reset_at = last_snapshot_at from ops.index_usage_state where indexname = 't_a'),
  'a counter that went down is recorded as a reset');
select ops.capture_index_usage_snapshot();
select is((select no_scans_since from ops.detect_unused_indexes(0, 0) where indexname = 't_a'),
  (select counters_reset_at from ops.index_usage_state where indexname = 't_a'),
  'no-scans-since never predates the reset');

select * from finish();
rollback;
