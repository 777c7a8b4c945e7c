-- ops.migration_ledger and its functions: the side ledger can never claim a version that
-- Supabase's ledger does not hold, and only service_role may touch it.
begin;
select plan(13);

insert into supabase_migrations.schema_migrations (version, name, statements)
values ('20990101000000', 'pgtap_probe', array['select 1']);

select throws_ok(
  $$ select ops.migration_record('20990101000001', 'not_applied', repeat('a', 64), 'pgtap') $$,
  'P0002', null, 'a version missing from supabase_migrations is refused');
select throws_ok(
  $$ select ops.migration_record('20990101000000', 'pgtap_probe', 'not-a-sha256', 'pgtap') $$,
  '23514', null, 'a checksum that is not 64 hex digits is refused');
select lives_ok(
  $$ select ops.migration_record('20990101000000', 'pgtap_probe', repeat('a', 64), 'pgtap', 42) $$,
  'an applied version is recorded');
select results_eq(
  $$ select checksum, applied_by, execution_ms, recorded_via from ops.migration_ledger where version = '20990101000000' $$,
  $$ values (repeat('a', 64), 'pgtap'::text, 42::bigint, 'up'::text) $$,
  'the row holds checksum, applied_by, timing and how it was recorded');

select throws_ok(
  $$ select ops.migration_mark_rolled_back('20990101000000', 'pgtap') $$,
  '55006', null, 'a version still in Supabase''s ledger cannot be marked rolled back');
delete from supabase_migrations.schema_migrations where version = '20990101000000';
select is(ops.migration_mark_rolled_back('20990101000000', 'pgtap'), true, 'after leaving Supabase''s ledger it is marked rolled back');
select isnt((select rolled_back_at from ops.migration_ledger where version = '20990101000000'), null, 'rolled_back_at is set');
select is(ops.migration_mark_rolled_back('20990101000000', 'pgtap'), false, 'marking twice changes nothing');
select is((select applied from ops.migrations where version = '20990101000000'), false, 'ops.migrations shows it as not applied');

insert into supabase_migrations.schema_migrations (version, name, statements)
values ('20990101000000', 'pgtap_probe', array['select 1']);
select ops.migration_record('20990101000000', 'pgtap_probe', repeat('b', 64), 'pgtap-again');
select results_eq(
  $$ select checksum, rolled_back_at is null, applied from ops.migrations where version = '20990101000000' $$,
  $$ values (repeat('b', 64), true, true) $$,
  're-applying clears rolled_back_at and takes the new checksum');

select tests.create_user('mallory');
select tests.authenticate_as_anon();
select throws_ok($$ select count(*) from ops.migration_ledger $$, '42501', null, 'anon cannot read the side ledger');
select tests.clear_authentication();
select tests.authenticate_as('mallory');
select throws_ok(
  $$ select ops.migration_record('20990101000000', 'x', repeat('c', 64), 'mallory') $$,
  '42501', null, 'an authenticated user cannot record migrations');
select tests.clear_authentication();
select tests.authenticate_as_service_role();
select lives_ok($$ select count(*) from ops.migrations $$, 'service_role can read ops.migrations');

select * from finish();
rollback;
