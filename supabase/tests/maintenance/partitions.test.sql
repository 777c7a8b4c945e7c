-- The partition manager: premake, default partition alert and repair, retention by dropping
-- whole partitions, BRIN, parent ANALYZE queued, bounds in UTC, registration checks.
begin;
select plan(28);

-- Session time zone must not move partition bounds.
set local timezone = 'America/New_York';

create table public.maint_events (id bigint generated always as identity, at timestamptz not null, v text,
  primary key (at, id)) partition by range (at);
alter table public.maint_events enable row level security;
select lives_ok($$ select ops.partition_register('public.maint_events', 'month', 3, interval '6 months') $$, 'register a monthly table');

-- Premake: the current month and three more.
select is((select count(*)::int from ops.partitions('public.maint_events') p
           where not p.is_default and p.lower_bound >= date_trunc('month', now(), 'UTC')), 4, 'current month plus 3 ahead exist');
select ok(exists (select from ops.partitions('public.maint_events') p
           where p.lower_bound = date_trunc('month', now(), 'UTC') + interval '3 months' - interval '0 days'
              or p.lower_bound = (date_trunc('month', now() at time zone 'UTC') + interval '3 months') at time zone 'UTC'),
  'the last premade partition starts three months ahead');
select is((select p.partition_name from ops.partitions('public.maint_events') p where p.lower_bound = date_trunc('month', now(), 'UTC')),
  'maint_events_p' || to_char(now() at time zone 'UTC', 'YYYYMM'), 'partitions are named <table>_pYYYYMM');
select is((select to_char(p.lower_bound at time zone 'UTC', 'DD HH24:MI') from ops.partitions('public.maint_events') p
           where p.lower_bound = date_trunc('month', now(), 'UTC')), '01 00:00', 'bounds are UTC midnight whatever the session time zone');
select is((select count(*)::int from ops.partitions('public.maint_events') p where p.is_default), 1, 'a default partition exists');
select ok(exists (select from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
                  where i.indrelid = 'public.maint_events'::regclass and am.amname = 'brin'), 'a BRIN index covers the time column');
select ok((select bool_and(c.relrowsecurity and not has_table_privilege('anon', c.oid, 'select')
                           and not has_table_privilege('authenticated', c.oid, 'select'))
           from ops.partitions('public.maint_events') p join pg_class c on c.oid = p.partition_oid),
  'partitions get the parent''s RLS and no API grants');
select is((select count(*)::int from ops.partition_maintain('public.maint_events') m where m.created = 0 and m.error is null), 1,
  'maintenance is idempotent');

-- A row far ahead lands in the default partition: alert, then repair into its own partition.
insert into public.maint_events (at, v) values (now() + interval '2 years', 'future');
select is((select count(*)::int from public.maint_events_default), 1, 'a row with no partition lands in the default');
select is((select m.default_rows from ops.partition_maintain('public.maint_events') m), 1::bigint, 'maintenance sees it');
select is((select count(*)::int from ops.outbox where topic = 'alert' and payload ->> 'alert_type' = 'partition_default_rows'
           and payload -> 'labels' ->> 'table' = 'public.maint_events'), 1, 'and raises an alert');
select is((select count(*)::int from public.maint_events_default), 0, 'the repair empties the default partition');
select is((select p.partition_name from ops.partitions('public.maint_events') p join public.maint_events e on e.tableoid = p.partition_oid
           where e.v = 'future'), 'maint_events_p' || to_char((now() + interval '2 years') at time zone 'UTC', 'YYYYMM'),
  'the row now lives in the partition of its month');

-- Without auto repair: alert only; the explicit repair moves the row.
update ops.partitioned_tables set auto_repair_default = false where table_name = 'maint_events';
insert into public.maint_events (at, v) values (now() + interval '3 years', 'later');
select is((select m.repaired from ops.partition_maintain('public.maint_events') m), 0::bigint, 'no auto repair when it is off');
select is((select count(*)::int from public.maint_events_default), 1, 'the row waits in the default partition');
select is((select rows_moved from ops.partition_repair_default('public.maint_events')), 1::bigint, 'the explicit repair moves it');
select is((select count(*)::int from public.maint_events where v = 'later'), 1, 'no row lost or duplicated');
update ops.partitioned_tables set auto_repair_default = true where table_name = 'maint_events';

-- Retention: a row older than retention (after its repair) goes with its whole partition.
insert into public.maint_events (at, v) values (now() - interval '1 year', 'expired');
select ok((select m.dropped >= 1 from ops.partition_maintain('public.maint_events') m), 'maintenance drops expired partitions');
select is((select count(*)::int from public.maint_events where v = 'expired'), 0, 'the expired row is gone');
select ok(not exists (select from ops.partitions('public.maint_events') p where p.upper_bound <= now() - interval '6 months'),
  'no partition older than the retention remains');
select is((select count(*)::int from public.maint_events where v in ('future', 'later')), 2, 'newer rows stay');

-- timestamp and date keys, daily; a parent with rows gets an ANALYZE queued.
create table public.maint_days (day date not null, n int) partition by range (day);
alter table public.maint_days enable row level security;
select ops.partition_register('public.maint_days', 'day', 2);
select is((select count(*)::int from ops.partitions('public.maint_days') where not is_default), 3, 'daily date partitions: today and 2 ahead');
insert into public.maint_days select current_date, g from generate_series(1, 10) g;
update pg_class set reltuples = 10 where oid = (select partition_oid from ops.partitions('public.maint_days') where lower_bound = date_trunc('day', now(), 'UTC'));
select ok((select m.analyze_queued from ops.partition_maintain('public.maint_days') m), 'a never-analyzed parent with rows gets an ANALYZE queued');
select is((select command from ops.maintenance_actions where table_name = 'maint_days' and kind = 'analyze'),
  'ANALYZE (SKIP_LOCKED) public.maint_days', 'through the executor');

-- Registration checks.
create table public.maint_plain (at timestamptz);
alter table public.maint_plain enable row level security;
select throws_ok($$ select ops.partition_register('public.maint_plain') $$, '42809', null, 'a table that is not partitioned is refused');
create table public.maint_ints (n bigint not null) partition by range (n);
alter table public.maint_ints enable row level security;
select throws_ok($$ select ops.partition_register('public.maint_ints') $$, '42804', null, 'a non-time key is refused');
select throws_ok($$ select ops.partition_register('public.maint_events', 'fortnight') $$, '22023', null, 'an unknown period is refused');

select * from finish();
rollback;
