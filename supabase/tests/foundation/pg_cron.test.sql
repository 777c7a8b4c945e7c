-- pg_cron is loaded and schedules jobs in this database (cron.database_name).
begin;
select plan(3);

select is(current_setting('cron.database_name'), current_database()::text, 'pg_cron runs in this database');
select ok(cron.schedule('opsbase-probe', '*/5 * * * *', 'select 1') > 0, 'a job can be scheduled');
select is((select schedule from cron.job where jobname = 'opsbase-probe'), '*/5 * * * *', 'the job is stored');

select * from finish();
rollback;
